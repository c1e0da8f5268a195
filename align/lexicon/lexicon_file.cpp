// The lexicon file: loading it (every offset checked), saving it atomically.
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "align/error.h"
#include "align/lexicon/lexicon_format.h"
#include "align/lexicon/stemmer.h"

namespace alinea::align {

uint32_t crc_of(std::span<const uint32_t> words) {
  uLong crc = crc32(0L, Z_NULL, 0);
  const auto* bytes = reinterpret_cast<const Bytef*>(words.data());
  size_t left = words.size_bytes();
  while (left > 0) {  // zlib takes uInt lengths
    uInt chunk = static_cast<uInt>(std::min<size_t>(left, 1u << 30));
    crc = crc32(crc, bytes, chunk);
    bytes += chunk;
    left -= chunk;
  }
  return static_cast<uint32_t>(crc);
}

void Lexicon::Impl::open(const std::string& what) {
  auto fail = [&](const std::string& why) { throw ResourceError(what + ": " + why); };
  const size_t total = words.size();
  if (total < kHeaderWords) fail("too short for a lexicon file");
  if (std::memcmp(words.data(), kMagic, sizeof kMagic) != 0) fail("not an alinea lexicon file");
  if (words[kHVersion] > kFormatVersion)
    fail("lexicon format version " + std::to_string(words[kHVersion]) +
         " is newer than this program reads (" + std::to_string(kFormatVersion) +
         "); rebuild it with this alinea");
  if (words[kHVersion] == 0) fail("bad lexicon format version 0");
  if (words[kHHeaderWords] != kHeaderWords || words[kHTotalWords] != total)
    fail("truncated or padded lexicon file");
  std::span<const uint32_t> body(words.data() + kHeaderWords, total - kHeaderWords);
  if (crc_of(body) != words[kHCrc]) fail("checksum mismatch (corrupt lexicon file)");

  auto section = [&](uint32_t offset, uint64_t n_words) -> const uint32_t* {
    if (offset < kHeaderWords || offset > total || n_words > total - offset)
      fail("section out of bounds");
    return words.data() + offset;
  };
  pool_bytes = words[kHPoolBytes];
  pool =
      reinterpret_cast<const char*>(section(words[kHPoolOffset], (uint64_t{pool_bytes} + 3) / 4));
  n_pairs = words[kHPairCount];
  pairs = section(words[kHPairsOffset], uint64_t{n_pairs} * 3);
  n_pos = words[kHPosCount];
  pos = section(words[kHPosOffset], uint64_t{n_pos} * 2);
  if (n_pos == 0) fail("missing part-of-speech table");
  auto check_string = [&](uint32_t offset, uint32_t length) {
    if (offset > pool_bytes || length > pool_bytes - offset) fail("string out of bounds");
  };
  for (uint32_t i = 0; i < n_pos; ++i) check_string(pos[2 * i], pos[2 * i + 1]);

  for (int i = 0; i < kIndexCount; ++i) {
    Index& ix = index[i];
    uint32_t offset = words[kHIndexOffset0 + i];
    const uint32_t* head = section(offset, 3);
    ix.n_keys = head[0];
    ix.n_refs = head[1];
    ix.hash_size = head[2];
    if (!std::has_single_bit(ix.hash_size) || ix.hash_size <= ix.n_keys)
      fail("bad hash table size");
    ix.keys = section(offset + 3, uint64_t{ix.n_keys} * 4 + ix.n_refs + ix.hash_size);
    ix.refs = ix.keys + uint64_t{ix.n_keys} * 4;
    ix.hash = ix.refs + ix.n_refs;
  }
  // Refs point to pairs (key indexes) or to keys (stem indexes).
  const uint32_t ref_limit[kIndexCount] = {n_pairs, n_pairs, index[kEsKeys].n_keys,
                                           index[kEnKeys].n_keys};
  for (int i = 0; i < kIndexCount; ++i) {
    const Index& ix = index[i];
    for (uint32_t k = 0; k < ix.n_keys; ++k) {
      check_string(ix.keys[4 * k], ix.keys[4 * k + 1]);
      uint64_t first = ix.keys[4 * k + 2], count = ix.keys[4 * k + 3];
      if (first + count > ix.n_refs) fail("reference range out of bounds");
    }
    for (uint32_t r = 0; r < ix.n_refs; ++r)
      if (ix.refs[r] >= ref_limit[i]) fail("reference out of bounds");
    for (uint32_t h = 0; h < ix.hash_size; ++h)
      if (ix.hash[h] > ix.n_keys) fail("hash entry out of bounds");
  }
  for (uint32_t p = 0; p < n_pairs; ++p)
    if (pair_es(p) >= index[kEsKeys].n_keys || pair_en(p) >= index[kEnKeys].n_keys ||
        (pairs[3 * p + 2] >> 16) >= n_pos)
      fail("pair out of bounds");
}

Lexicon Lexicon::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ResourceError(path + ": cannot open lexicon file");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) throw ResourceError(path + ": cannot read lexicon file");
  return from_bytes(bytes.str(), path);
}

Lexicon Lexicon::from_bytes(std::string_view bytes, const std::string& path) {
  if (bytes.size() % 4 != 0 || bytes.size() / 4 > 0xffffffffu)
    throw ResourceError(path + ": not an alinea lexicon file (bad size)");
  auto impl = std::make_shared<Impl>();
  impl->words.resize(bytes.size() / 4);
  std::memcpy(impl->words.data(), bytes.data(), bytes.size());
  impl->open(path);
  Lexicon lexicon(std::move(impl));
  if (lexicon.impl_->words[kHStemmerVersion] != kStemmerVersion) {
    // Stems from other rules would not meet the queries' stems: index anew
    // (slower than a plain load, but right; rebuilding the file avoids it).
    std::vector<LexiconPair> pairs;
    pairs.reserve(lexicon.size());
    lexicon.for_each_entry([&](const LexiconEntry& e) {
      for (size_t s = 0; s < kLexiconSourceCount; ++s)
        if (e.sources & (1u << s))
          pairs.push_back({std::string(e.es), std::string(e.en), static_cast<LexiconSource>(s),
                           std::string(e.pos)});
    });
    return from_pairs(std::move(pairs));
  }
  return lexicon;
}

void Lexicon::save(const std::string& path) const {
  // Written beside and renamed over, so that a reader never sees half a file.
  const std::string partial = path + ".partial";
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  if (!out) throw ResourceError(path + ": cannot write lexicon file");
  out.write(reinterpret_cast<const char*>(impl_->words.data()),
            static_cast<std::streamsize>(impl_->words.size() * 4));
  out.close();
  std::error_code ec;
  if (out) std::filesystem::rename(partial, path, ec);
  if (!out || ec) {
    std::filesystem::remove(partial, ec);
    throw ResourceError(path + ": error writing lexicon file");
  }
}

}  // namespace alinea::align
