// Internal: the lexicon's binary file format, shared by the files of
// align/lexicon that build, load, save and query it.
#pragma once

#include <bit>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "align/lexicon/lexicon.h"

// Binary format, version 1. The file is an array of little-endian 32-bit
// words, so that loading is one read and lookups work on it in place (no
// per-entry allocation, as fastText's and KenLM's model files do):
//
//   header    kHeaderWords words: magic, version, sizes, section offsets, CRC-32
//   pool      all strings (keys, stems, tags), UTF-8, deduplicated, padded
//   pairs     3 words per pair: es key id, en key id, sources | pos id << 16
//   pos       2 words per tag: pool offset, byte length (tag 0 is "")
//   4 indexes es keys -> pairs, en keys -> pairs, es stems -> es keys,
//             en stems -> en keys. Each: n_keys, n_refs, hash_size, then
//             4 words per key (pool offset, length, first ref, ref count),
//             the refs, and an open-addressing hash table (key id + 1, 0 =
//             empty; FNV-1a, linear probing, load <= 1/2).
//
// Pairs are sorted by es key then en key; keys of each index are sorted.
// A reader refuses files whose version is newer than kFormatVersion.
static_assert(std::endian::native == std::endian::little,
              "the lexicon file is read in place as little-endian words");

namespace alinea::align {

inline constexpr char kMagic[8] = {'A', 'L', 'N', 'L', 'E', 'X', '\r', '\n'};
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr uint32_t kHeaderWords = 32;

// Header word positions.
enum : uint32_t {
  kHMagic0 = 0,
  kHMagic1,
  kHVersion,
  kHHeaderWords,
  kHTotalWords,
  kHCrc,
  kHPoolOffset,  // in words
  kHPoolBytes,
  kHPairsOffset,
  kHPairCount,
  kHPosOffset,
  kHPosCount,
  kHIndexOffset0,  // four consecutive index offsets
  kHStemmerVersion =
      kHIndexOffset0 + 4,  // kStemmerVersion of the stem indexes (0 before it was kept)
};
inline constexpr int kIndexCount = 4;
enum IndexId { kEsKeys = 0, kEnKeys = 1, kEsStems = 2, kEnStems = 3 };

inline constexpr std::string_view kSourceNames[kLexiconSourceCount] = {
    "freedict-spa-eng", "freedict-eng-spa", "apertium", "user"};

inline uint64_t fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h ^ (h >> 29);
}

// CRC-32 of the words (zlib), as kept in the header.
uint32_t crc_of(std::span<const uint32_t> words);

// Builds the word array of a lexicon from normalised, sorted, merged pairs.
class Writer {
 public:
  uint32_t intern(std::string_view s) {
    auto it = offsets_.find(std::string(s));
    if (it != offsets_.end()) return it->second;
    auto offset = static_cast<uint32_t>(pool_.size());
    pool_.append(s);
    offsets_.emplace(std::string(s), offset);
    return offset;
  }

  // keys sorted and unique; groups[i] = refs of key i.
  std::vector<uint32_t> index(const std::vector<std::string_view>& keys,
                              const std::vector<std::vector<uint32_t>>& groups) {
    std::vector<uint32_t> w;
    size_t n_refs = 0;
    for (const auto& g : groups) n_refs += g.size();
    uint32_t hash_size = std::bit_ceil(static_cast<uint32_t>(std::max<size_t>(2, keys.size() * 2)));
    w.reserve(3 + keys.size() * 4 + n_refs + hash_size);
    w.push_back(static_cast<uint32_t>(keys.size()));
    w.push_back(static_cast<uint32_t>(n_refs));
    w.push_back(hash_size);
    uint32_t first = 0;
    for (size_t i = 0; i < keys.size(); ++i) {
      w.push_back(intern(keys[i]));
      w.push_back(static_cast<uint32_t>(keys[i].size()));
      w.push_back(first);
      w.push_back(static_cast<uint32_t>(groups[i].size()));
      first += static_cast<uint32_t>(groups[i].size());
    }
    for (const auto& g : groups) w.insert(w.end(), g.begin(), g.end());
    size_t table = w.size();
    w.resize(w.size() + hash_size, 0);
    for (size_t i = 0; i < keys.size(); ++i) {
      uint32_t slot = static_cast<uint32_t>(fnv1a(keys[i])) & (hash_size - 1);
      while (w[table + slot] != 0) slot = (slot + 1) & (hash_size - 1);
      w[table + slot] = static_cast<uint32_t>(i + 1);
    }
    return w;
  }

  const std::string& pool() const { return pool_; }

 private:
  std::string pool_;
  std::unordered_map<std::string, uint32_t> offsets_;
};

struct Lexicon::Impl {
  struct Index {
    const uint32_t* keys = nullptr;
    uint32_t n_keys = 0;
    const uint32_t* refs = nullptr;
    uint32_t n_refs = 0;
    const uint32_t* hash = nullptr;
    uint32_t hash_size = 0;
  };

  std::vector<uint32_t> words;
  const char* pool = nullptr;
  uint32_t pool_bytes = 0;
  const uint32_t* pairs = nullptr;
  uint32_t n_pairs = 0;
  const uint32_t* pos = nullptr;
  uint32_t n_pos = 0;
  Index index[kIndexCount];

  std::string_view str(uint32_t offset, uint32_t length) const {
    return std::string_view(pool + offset, length);
  }
  std::string_view key(const Index& ix, uint32_t id) const {
    return str(ix.keys[4 * id], ix.keys[4 * id + 1]);
  }
  std::span<const uint32_t> refs(const Index& ix, uint32_t id) const {
    return std::span<const uint32_t>(ix.refs + ix.keys[4 * id + 2], ix.keys[4 * id + 3]);
  }
  std::optional<uint32_t> find(const Index& ix, std::string_view k) const {
    uint32_t mask = ix.hash_size - 1;
    for (uint32_t slot = static_cast<uint32_t>(fnv1a(k)) & mask;; slot = (slot + 1) & mask) {
      uint32_t v = ix.hash[slot];
      if (v == 0) return std::nullopt;
      if (key(ix, v - 1) == k) return v - 1;
    }
  }
  uint32_t pair_es(uint32_t p) const { return pairs[3 * p]; }
  uint32_t pair_en(uint32_t p) const { return pairs[3 * p + 1]; }
  LexiconSourceMask pair_sources(uint32_t p) const {
    return static_cast<LexiconSourceMask>(pairs[3 * p + 2] & 0xff);
  }
  std::string_view pair_pos(uint32_t p) const {
    uint32_t id = pairs[3 * p + 2] >> 16;
    return str(pos[2 * id], pos[2 * id + 1]);
  }
  LexiconEntry entry(uint32_t p) const {
    return {key(index[kEsKeys], pair_es(p)), key(index[kEnKeys], pair_en(p)), pair_sources(p),
            pair_pos(p)};
  }

  // Points the views into `words`, checking every offset so that a corrupt
  // file raises instead of reading out of bounds. `what` names the file.
  void open(const std::string& what);

  std::vector<std::string_view> translations(Language from, std::string_view k) const;
  std::vector<std::string_view> translations_of_stem(Language from, std::string_view stem) const;
};

}  // namespace alinea::align
