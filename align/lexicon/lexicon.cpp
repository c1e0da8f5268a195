// Building a lexicon from pairs, and looking words, phrases and stems up in it.
#include "align/lexicon/lexicon.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <tuple>
#include <unordered_map>

#include "align/error.h"
#include "align/lexicon/lexicon_format.h"
#include "align/lexicon/stemmer.h"
#include "align/text.h"

namespace alinea::align {
namespace {

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

std::string lexicon_key(std::string_view text) { return collapse_space(fold(text)); }

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
    p.pos = collapse_space(p.pos);
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
      if (tags.size() >= 0xffff)
        throw ResourceError("lexicon: more than 65535 part-of-speech tags");
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

}  // namespace alinea::align
