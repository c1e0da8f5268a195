#include "align/lexicon/lexicon.h"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <span>
#include <tuple>
#include <unordered_map>

#include "align/error.h"
#include "align/lexicon/stemmer.h"
#include "align/text.h"

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
namespace {

constexpr char kMagic[8] = {'A', 'L', 'N', 'L', 'E', 'X', '\r', '\n'};
constexpr uint32_t kFormatVersion = 1;
constexpr uint32_t kHeaderWords = 32;

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
  kHStemmerVersion = kHIndexOffset0 + 4,  // kStemmerVersion of the stem indexes (0 before it was kept)
};
constexpr int kIndexCount = 4;
enum IndexId { kEsKeys = 0, kEnKeys = 1, kEsStems = 2, kEnStems = 3 };

constexpr std::string_view kSourceNames[kLexiconSourceCount] = {
    "freedict-spa-eng", "freedict-eng-spa", "apertium", "user"};

uint64_t fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h ^ (h >> 29);
}

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


// Collapses runs of ASCII whitespace to one space and trims.
std::string collapse_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  for (char c : s) {
    if (is_ascii_space(c)) {
      pending = !out.empty();
    } else {
      if (pending) out += ' ';
      pending = false;
      out += c;
    }
  }
  return out;
}

std::string join_sources(LexiconSourceMask mask) {
  std::string out;
  for (size_t s = 0; s < kLexiconSourceCount; ++s) {
    if (mask & (1u << s)) {
      if (!out.empty()) out += ',';
      out += kSourceNames[s];
    }
  }
  return out;
}

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

// Groups key ids by their stem key: returns sorted unique stems and, per
// stem, the key ids that have it.
void group_by_stem(const std::vector<std::string_view>& keys, const Stemmer& stemmer,
                   std::vector<std::string>& stems, std::vector<std::vector<uint32_t>>& groups) {
  std::vector<std::pair<std::string, uint32_t>> stem_of(keys.size());
  for (size_t i = 0; i < keys.size(); ++i)
    stem_of[i] = {stemmer.stem_phrase(keys[i]), static_cast<uint32_t>(i)};
  std::sort(stem_of.begin(), stem_of.end());
  for (auto& [stem, id] : stem_of) {
    if (stems.empty() || stems.back() != stem) {
      stems.push_back(stem);
      groups.emplace_back();
    }
    groups.back().push_back(id);
  }
}

}  // namespace

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
  pool = reinterpret_cast<const char*>(section(words[kHPoolOffset], (uint64_t{pool_bytes} + 3) / 4));
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
    if (!std::has_single_bit(ix.hash_size) || ix.hash_size <= ix.n_keys) fail("bad hash table size");
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

std::vector<std::string_view> Lexicon::Impl::translations(Language from, std::string_view k) const {
  std::vector<std::string_view> out;
  const Index& ix = index[from == Language::Spanish ? kEsKeys : kEnKeys];
  const Index& other = index[from == Language::Spanish ? kEnKeys : kEsKeys];
  auto id = find(ix, k);
  if (!id) return out;
  for (uint32_t p : refs(ix, *id))
    out.push_back(key(other, from == Language::Spanish ? pair_en(p) : pair_es(p)));
  return out;
}

std::vector<std::string_view> Lexicon::Impl::translations_of_stem(Language from,
                                                                  std::string_view stem) const {
  std::vector<std::string_view> out;
  const bool es = from == Language::Spanish;
  const Index& stems = index[es ? kEsStems : kEnStems];
  const Index& keys = index[es ? kEsKeys : kEnKeys];
  const Index& other = index[es ? kEnKeys : kEsKeys];
  auto id = find(stems, stem);
  if (!id) return out;
  std::vector<uint32_t> seen;
  for (uint32_t key_id : refs(stems, *id))
    for (uint32_t p : refs(keys, key_id)) {
      uint32_t t = es ? pair_en(p) : pair_es(p);
      if (std::find(seen.begin(), seen.end(), t) != seen.end()) continue;
      seen.push_back(t);
      out.push_back(key(other, t));
    }
  return out;
}

std::string_view source_name(LexiconSource source) {
  return kSourceNames[static_cast<size_t>(source)];
}

std::optional<LexiconSource> parse_source(std::string_view name) {
  for (size_t s = 0; s < kLexiconSourceCount; ++s)
    if (kSourceNames[s] == name) return static_cast<LexiconSource>(s);
  return std::nullopt;
}

std::string lexicon_key(std::string_view text) { return collapse_spaces(fold(text)); }

Lexicon::Lexicon() : Lexicon(from_pairs({})) {}
Lexicon::Lexicon(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

Lexicon Lexicon::from_pairs(std::vector<LexiconPair> pairs) {
  // Normalise; drop what cannot be a key.
  std::erase_if(pairs, [](LexiconPair& p) {
    if (find_invalid_utf8(p.es) != std::string_view::npos ||
        find_invalid_utf8(p.en) != std::string_view::npos ||
        find_invalid_utf8(p.pos) != std::string_view::npos ||
        static_cast<size_t>(p.source) >= kLexiconSourceCount)
      return true;
    p.es = lexicon_key(p.es);
    p.en = lexicon_key(p.en);
    p.pos = collapse_spaces(p.pos);
    return p.es.empty() || p.en.empty();
  });
  std::stable_sort(pairs.begin(), pairs.end(), [](const LexiconPair& a, const LexiconPair& b) {
    return std::tie(a.es, a.en) < std::tie(b.es, b.en);
  });

  // Merge duplicates; collect keys and tags.
  struct Merged {
    uint32_t es, en;
    LexiconSourceMask sources;
    std::string_view pos;
  };
  std::vector<Merged> merged;
  std::vector<std::string_view> es_keys;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const LexiconPair& p = pairs[i];
    if (es_keys.empty() || es_keys.back() != p.es) es_keys.push_back(p.es);
    if (!merged.empty() && i > 0 && pairs[i - 1].es == p.es && pairs[i - 1].en == p.en) {
      merged.back().sources |= source_bit(p.source);
      if (merged.back().pos.empty()) merged.back().pos = p.pos;
      continue;
    }
    merged.push_back({static_cast<uint32_t>(es_keys.size() - 1), 0, source_bit(p.source), p.pos});
  }
  std::vector<std::string_view> en_keys;
  {
    std::vector<std::string_view> ens;
    ens.reserve(merged.size());
    for (size_t i = 0; i < pairs.size(); ++i)
      if (i == 0 || pairs[i - 1].es != pairs[i].es || pairs[i - 1].en != pairs[i].en)
        ens.push_back(pairs[i].en);
    en_keys = ens;
    std::sort(en_keys.begin(), en_keys.end());
    en_keys.erase(std::unique(en_keys.begin(), en_keys.end()), en_keys.end());
    for (size_t m = 0; m < merged.size(); ++m)
      merged[m].en = static_cast<uint32_t>(
          std::lower_bound(en_keys.begin(), en_keys.end(), ens[m]) - en_keys.begin());
  }

  Writer writer;
  std::vector<std::string_view> tags = {""};
  std::unordered_map<std::string_view, uint32_t> tag_ids = {{"", 0}};
  std::vector<uint32_t> pair_words;
  pair_words.reserve(merged.size() * 3);
  std::vector<std::vector<uint32_t>> es_groups(es_keys.size()), en_groups(en_keys.size());
  for (size_t m = 0; m < merged.size(); ++m) {
    auto [it, added] = tag_ids.emplace(merged[m].pos, static_cast<uint32_t>(tags.size()));
    if (added) {
      if (tags.size() >= 0xffff) throw ResourceError("lexicon: more than 65535 part-of-speech tags");
      tags.push_back(merged[m].pos);
    }
    pair_words.push_back(merged[m].es);
    pair_words.push_back(merged[m].en);
    pair_words.push_back(merged[m].sources | (it->second << 16));
    es_groups[merged[m].es].push_back(static_cast<uint32_t>(m));
    en_groups[merged[m].en].push_back(static_cast<uint32_t>(m));
  }
  std::vector<uint32_t> pos_words;
  for (std::string_view t : tags) {
    pos_words.push_back(writer.intern(t));
    pos_words.push_back(static_cast<uint32_t>(t.size()));
  }

  std::vector<uint32_t> sections[kIndexCount];
  sections[kEsKeys] = writer.index(es_keys, es_groups);
  sections[kEnKeys] = writer.index(en_keys, en_groups);
  for (Language lang : {Language::Spanish, Language::English}) {
    std::vector<std::string> stems;
    std::vector<std::vector<uint32_t>> groups;
    group_by_stem(lang == Language::Spanish ? es_keys : en_keys, Stemmer(lang), stems, groups);
    std::vector<std::string_view> views(stems.begin(), stems.end());
    sections[lang == Language::Spanish ? kEsStems : kEnStems] = writer.index(views, groups);
  }

  auto impl = std::make_shared<Impl>();
  std::vector<uint32_t>& w = impl->words;
  w.assign(kHeaderWords, 0);
  std::memcpy(w.data(), kMagic, sizeof kMagic);
  w[kHVersion] = kFormatVersion;
  w[kHHeaderWords] = kHeaderWords;
  w[kHStemmerVersion] = kStemmerVersion;
  const std::string& pool = writer.pool();
  w[kHPoolOffset] = static_cast<uint32_t>(w.size());
  w[kHPoolBytes] = static_cast<uint32_t>(pool.size());
  w.resize(w.size() + (pool.size() + 3) / 4, 0);
  if (!pool.empty()) std::memcpy(w.data() + w[kHPoolOffset], pool.data(), pool.size());
  w[kHPairsOffset] = static_cast<uint32_t>(w.size());
  w[kHPairCount] = static_cast<uint32_t>(merged.size());
  w.insert(w.end(), pair_words.begin(), pair_words.end());
  w[kHPosOffset] = static_cast<uint32_t>(w.size());
  w[kHPosCount] = static_cast<uint32_t>(tags.size());
  w.insert(w.end(), pos_words.begin(), pos_words.end());
  for (int i = 0; i < kIndexCount; ++i) {
    w[kHIndexOffset0 + i] = static_cast<uint32_t>(w.size());
    w.insert(w.end(), sections[i].begin(), sections[i].end());
  }
  w[kHTotalWords] = static_cast<uint32_t>(w.size());
  w[kHCrc] = crc_of(std::span<const uint32_t>(w.data() + kHeaderWords, w.size() - kHeaderWords));
  impl->open("lexicon");
  return Lexicon(std::move(impl));
}

Lexicon Lexicon::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw ResourceError(path + ": cannot open lexicon file");
  std::streamoff size = in.tellg();
  if (size < 0 || size % 4 != 0 || size / 4 > std::streamoff{0xffffffff})
    throw ResourceError(path + ": not an alinea lexicon file (bad size)");
  auto impl = std::make_shared<Impl>();
  impl->words.resize(static_cast<size_t>(size / 4));
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(impl->words.data()), size))
    throw ResourceError(path + ": cannot read lexicon file");
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

Lexicon Lexicon::load_tsv(const std::string& path, TsvReadReport* report) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ResourceError(path + ": cannot open lexicon TSV file");
  TsvReadReport counts;
  std::vector<LexiconPair> pairs;
  std::string line;
  std::vector<std::string_view> fields;
  while (std::getline(in, line)) {
    ++counts.lines;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    fields.clear();
    for (size_t start = 0;;) {
      size_t tab = line.find('\t', start);
      fields.push_back(std::string_view(line).substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    bool ok = fields.size() >= 2 && fields.size() <= 4 &&
              find_invalid_utf8(line) == std::string_view::npos;
    std::string es, en;
    if (ok) {
      es = lexicon_key(fields[0]);
      en = lexicon_key(fields[1]);
      ok = !es.empty() && !en.empty();
    }
    LexiconSourceMask mask = source_bit(LexiconSource::User);
    if (ok && fields.size() >= 3 && !fields[2].empty()) {
      mask = 0;
      std::string_view list = fields[2];
      for (size_t start = 0; ok;) {
        size_t comma = list.find(',', start);
        auto source = parse_source(list.substr(start, comma - start));
        if (!source) ok = false;
        else mask |= source_bit(*source);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
    }
    if (!ok) {
      ++counts.malformed;
      continue;
    }
    std::string pos = fields.size() >= 4 ? std::string(fields[3]) : std::string();
    for (size_t s = 0; s < kLexiconSourceCount; ++s)
      if (mask & (1u << s)) pairs.push_back({es, en, static_cast<LexiconSource>(s), pos});
  }
  if (in.bad()) throw ResourceError(path + ": read error");
  Lexicon lexicon = from_pairs(std::move(pairs));
  counts.pairs = lexicon.size();
  if (report) *report = counts;
  return lexicon;
}

size_t Lexicon::size() const { return impl_->n_pairs; }

LexiconStats Lexicon::stats() const {
  LexiconStats s;
  s.pairs = impl_->n_pairs;
  s.es_keys = impl_->index[kEsKeys].n_keys;
  s.en_keys = impl_->index[kEnKeys].n_keys;
  for (uint32_t p = 0; p < impl_->n_pairs; ++p) {
    LexiconEntry e = impl_->entry(p);
    if (e.es.find(' ') != std::string_view::npos || e.en.find(' ') != std::string_view::npos)
      ++s.multiword_pairs;
    for (size_t src = 0; src < kLexiconSourceCount; ++src)
      if (e.sources & (1u << src)) {
        ++s.pairs_by_source[src];
        if (e.sources == (1u << src)) ++s.only_from_source[src];
      }
  }
  return s;
}

std::vector<std::string_view> Lexicon::translations_of_es(std::string_view folded_es) const {
  return impl_->translations(Language::Spanish, folded_es);
}
std::vector<std::string_view> Lexicon::translations_of_en(std::string_view folded_en) const {
  return impl_->translations(Language::English, folded_en);
}
std::vector<std::string_view> Lexicon::translations(Language from, std::string_view key) const {
  return impl_->translations(from, key);
}
bool Lexicon::has_es(std::string_view folded_es) const {
  return impl_->find(impl_->index[kEsKeys], folded_es).has_value();
}
bool Lexicon::has_en(std::string_view folded_en) const {
  return impl_->find(impl_->index[kEnKeys], folded_en).has_value();
}
std::vector<std::string_view> Lexicon::translations_of_es_stem(std::string_view es_stem) const {
  return impl_->translations_of_stem(Language::Spanish, es_stem);
}
std::vector<std::string_view> Lexicon::translations_of_en_stem(std::string_view en_stem) const {
  return impl_->translations_of_stem(Language::English, en_stem);
}
bool Lexicon::has_es_stem(std::string_view es_stem) const {
  return impl_->find(impl_->index[kEsStems], es_stem).has_value();
}
bool Lexicon::has_en_stem(std::string_view en_stem) const {
  return impl_->find(impl_->index[kEnStems], en_stem).has_value();
}

std::vector<LexiconMatch> Lexicon::lookup(Language from, std::string_view text) const {
  std::vector<LexiconMatch> out;
  if (find_invalid_utf8(text) != std::string_view::npos) return out;
  const Impl& im = *impl_;
  const bool es = from == Language::Spanish;
  const Impl::Index& keys = im.index[es ? kEsKeys : kEnKeys];
  const Impl::Index& other = im.index[es ? kEnKeys : kEsKeys];
  auto add_key = [&](uint32_t key_id, bool via_stem) {
    for (uint32_t p : im.refs(keys, key_id))
      out.push_back({im.key(keys, key_id), im.key(other, es ? im.pair_en(p) : im.pair_es(p)),
                     im.pair_sources(p), im.pair_pos(p), via_stem});
  };
  std::string k = lexicon_key(text);
  auto direct = im.find(keys, k);
  if (direct) add_key(*direct, false);
  std::string stem = Stemmer(from).stem_phrase(k);
  if (auto s = im.find(im.index[es ? kEsStems : kEnStems], stem))
    for (uint32_t key_id : im.refs(im.index[es ? kEsStems : kEnStems], *s))
      if (!direct || key_id != *direct) add_key(key_id, true);
  return out;
}

void Lexicon::for_each_pair(
    const std::function<void(std::string_view, std::string_view, LexiconSource)>& callback) const {
  for (uint32_t p = 0; p < impl_->n_pairs; ++p) {
    LexiconEntry e = impl_->entry(p);
    auto first = static_cast<LexiconSource>(std::countr_zero(static_cast<unsigned>(e.sources)));
    callback(e.es, e.en, first);
  }
}

void Lexicon::for_each_entry(const std::function<void(const LexiconEntry&)>& callback) const {
  for (uint32_t p = 0; p < impl_->n_pairs; ++p) callback(impl_->entry(p));
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

void Lexicon::save_tsv(const std::string& path) const {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw ResourceError(path + ": cannot write lexicon TSV file");
  out << "# es\ten\tsources\tpos\n";
  for_each_entry([&](const LexiconEntry& e) {
    out << e.es << '\t' << e.en << '\t' << join_sources(e.sources);
    if (!e.pos.empty()) out << '\t' << e.pos;
    out << '\n';
  });
  out.close();
  if (!out) throw ResourceError(path + ": error writing lexicon TSV file");
}

}  // namespace alinea::align
