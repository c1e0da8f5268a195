#include "align/aligner/features.h"

#include <algorithm>
#include <cmath>

#include "align/error.h"
#include "align/lexicon/lexicon.h"
#include "align/lexicon/stemmer.h"
#include "align/lexicon/subword.h"
#include "align/text.h"

namespace alinea::align::detail {
namespace {

// Letters and digits after folding. Bytes of multi-byte sequences count as
// letters except for the common punctuation blocks (quotes, dashes, «»,
// inverted marks, no-break space), so that "señor" (folded "senor") and
// non-Latin words stay whole while “quotes” split.
size_t word_char_length(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    return alnum ? 1 : 0;
  }
  size_t len = (c >= 0xF0) ? 4 : (c >= 0xE0) ? 3 : (c >= 0xC0) ? 2 : 1;
  if (i + len > s.size()) return 0;
  if (c == 0xC2) return 0;  // U+0080..U+00BF: « » ¿ ¡ nbsp
  if (c == 0xE2 && static_cast<unsigned char>(s[i + 1]) <= 0x81) return 0;  // U+2000..U+207F
  if (c == 0xE3 && static_cast<unsigned char>(s[i + 1]) == 0x80) return 0;  // CJK punctuation
  if (c == 0xEF && static_cast<unsigned char>(s[i + 1]) >= 0xBC) return 0;  // fullwidth forms
  if (c < 0xC0) return 0;  // stray continuation byte
  return len;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) { return std::all_of(s.begin(), s.end(), is_digit); }

size_t utf8_prefix_bytes(std::string_view s, size_t code_points) {
  size_t i = 0;
  size_t seen = 0;
  while (i < s.size()) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (seen == code_points) break;
      ++seen;
    }
    ++i;
  }
  return i;
}

// Lexicon English sides are often "to create", "the earth": the content word
// is what a sentence shows.
std::string_view strip_english_particle(std::string_view en) {
  for (std::string_view p : {"to ", "the ", "a ", "an "})
    if (en.size() > p.size() && en.substr(0, p.size()) == p) return en.substr(p.size());
  return en;
}

}  // namespace

void StemRelation::build(const Lexicon& lexicon, int max_translations) {
  Stemmer es_stemmer(Language::Spanish);
  Stemmer en_stemmer(Language::English);
  std::unordered_map<std::string, std::string> en_stem_cache;
  lexicon.for_each_pair([&](std::string_view es, std::string_view en, LexiconSource) {
    en = strip_english_particle(en);
    if (es.find(' ') != std::string_view::npos || en.find(' ') != std::string_view::npos) return;
    if (es.empty() || en.empty()) return;
    std::string es_stem = es_stemmer.stem(es);
    auto cached = en_stem_cache.find(std::string(en));
    if (cached == en_stem_cache.end())
      cached = en_stem_cache.emplace(std::string(en), en_stemmer.stem(en)).first;
    std::string key = "s:" + cached->second;
    auto [it, inserted] = base_ids.emplace(key, static_cast<uint32_t>(base_ids.size()));
    std::vector<uint32_t>& targets = es_to_en[es_stem];
    if (std::find(targets.begin(), targets.end(), it->second) == targets.end()) {
      if (static_cast<int>(targets.size()) < max_translations) targets.push_back(it->second);
    }
    ++pairs;
  });
}

ConceptIds::ConceptIds(const std::unordered_map<std::string, uint32_t>* base)
    : base_(base), base_size_(base ? static_cast<uint32_t>(base->size()) : 0) {}

uint32_t ConceptIds::id(const std::string& key) {
  if (base_) {
    auto it = base_->find(key);
    if (it != base_->end()) return it->second;
  }
  auto [it, inserted] = local_.emplace(key, base_size_ + static_cast<uint32_t>(local_.size()));
  return it->second;
}

void flatten(SideFeatures& f) {
  const size_t tokens = f.token_type.size();
  f.token_weight.resize(tokens);
  f.token_concept_begin.assign(1, 0);
  f.token_concept_begin.reserve(tokens + 1);
  f.token_concepts.clear();
  for (size_t k = 0; k < tokens; ++k) {
    const WordType& t = f.types[f.token_type[k]];
    f.token_weight[k] = t.weight;
    f.token_concepts.insert(f.token_concepts.end(), t.concepts.begin(), t.concepts.end());
    f.token_concept_begin.push_back(static_cast<uint32_t>(f.token_concepts.size()));
  }
}

bool unmatched_heading(const SideFeatures& side, uint32_t s, const SideFeatures& other, uint32_t t0,
                       uint32_t t1) {
  const uint32_t number = side.opening_section[s];
  if (number == SideFeatures::kNoSection) return false;
  for (uint32_t k = other.token_begin[t0]; k < other.token_begin[t1]; ++k) {
    const auto& c = other.types[other.token_type[k]].concepts;
    if (std::binary_search(c.begin(), c.end(), number)) return false;
  }
  return true;
}

void use_point_between_digits(std::string& text) {
  for (size_t p = 1; p + 1 < text.size(); ++p)
    if (text[p] == ',' && is_digit(text[p - 1]) && is_digit(text[p + 1])) text[p] = '.';
}

std::vector<std::string_view> split_folded(std::string_view folded) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < folded.size()) {
    size_t len = word_char_length(folded, i);
    if (len == 0) {
      ++i;
      continue;
    }
    size_t start = i;
    for (;;) {
      while (i < folded.size() && (len = word_char_length(folded, i)) > 0) i += len;
      // A number with dots between its digits (4.6.2, 12.18) is one token:
      // a section, table or version number is as telling as a rare word,
      // where its parts (4, 6, 2) are found everywhere.
      if (is_digit(folded[i - 1]) && i + 1 < folded.size() && folded[i] == '.' &&
          is_digit(folded[i + 1])) {
        ++i;
        continue;
      }
      break;
    }
    out.push_back(folded.substr(start, i - start));
  }
  return out;
}

SideFeatures build_side(const std::vector<Segment>& segments, Language language,
                        const StemRelation& relation, ConceptIds& ids, const AlignOptions& options,
                        const SubwordModel* subwords) {
  const bool spanish = language == Language::Spanish;
  Stemmer stemmer(language);
  SideFeatures f;
  const size_t n = segments.size();
  f.token_begin.reserve(n + 1);
  f.token_begin.push_back(0);
  f.length.resize(n);
  f.paragraph.resize(n);
  f.opening_section.assign(n, SideFeatures::kNoSection);
  f.punctuation.resize(n);
  std::unordered_map<std::string, uint32_t> type_of;
  std::vector<uint32_t> document_frequency;
  std::vector<uint32_t> last_seen;  // segment index + 1 where a type was last counted

  for (size_t s = 0; s < n; ++s) {
    const std::string& text = segments[s].text;
    f.length[s] = static_cast<uint32_t>(code_points(text));
    f.paragraph[s] = segments[s].paragraph;
    if (s > 0 && f.paragraph[s] != f.paragraph[0]) f.has_paragraphs = true;
    std::array<uint8_t, 3> punct{};
    for (char c : text) {
      int k = c == '?' ? 0 : c == '!' ? 1 : c == '(' ? 2 : -1;
      if (k >= 0 && punct[k] < 255) ++punct[k];
    }
    f.punctuation[s] = punct;

    // Invalid UTF-8 (binary input) is tokenised byte-wise instead of folded:
    // a poor but safe alignment rather than an exception deep in ICU.
    std::string folded;
    if (find_invalid_utf8(text) == std::string::npos) {
      folded = fold(text);
    } else {
      folded = text;
      for (char& c : folded) {
        unsigned char u = static_cast<unsigned char>(c);
        if (u >= 0x80)
          c = ' ';
        else if (c >= 'A' && c <= 'Z')
          c = static_cast<char>(c - 'A' + 'a');
      }
    }
    use_point_between_digits(folded);
    const std::vector<std::string_view> tokens = split_folded(folded);
    if (!tokens.empty() && is_digit(tokens.front().front()) &&
        tokens.front().find('.') != std::string_view::npos)
      f.opening_section[s] = ids.id("w:" + std::string(tokens.front()));
    for (std::string_view token : tokens) {
      auto [it, inserted] =
          type_of.emplace(std::string(token), static_cast<uint32_t>(f.types.size()));
      if (inserted) {
        WordType type;
        std::string word(token);
        type.concepts.push_back(ids.id("w:" + word));
        if (all_digits(word)) {
          type.number = true;
          type.self_key = type.concepts.front();
        } else {
          std::string stem = stemmer.stem(word);
          if (spanish) {
            type.self_key = ids.id("e:" + stem);
            auto tr = relation.es_to_en.find(stem);
            if (tr != relation.es_to_en.end())
              type.concepts.insert(type.concepts.end(), tr->second.begin(), tr->second.end());
          } else {
            type.self_key = ids.id("s:" + stem);
            type.concepts.push_back(type.self_key);
          }
          if (options.cognate_min_length > 0 &&
              code_points(word) >= static_cast<size_t>(options.cognate_min_length)) {
            size_t bytes = utf8_prefix_bytes(word, static_cast<size_t>(options.cognate_prefix));
            type.concepts.push_back(ids.id("p:" + word.substr(0, bytes)));
          }
        }
        std::sort(type.concepts.begin(), type.concepts.end());
        type.concepts.erase(std::unique(type.concepts.begin(), type.concepts.end()),
                            type.concepts.end());
        f.types.push_back(std::move(type));
        document_frequency.push_back(0);
        last_seen.push_back(0);
      }
      uint32_t t = it->second;
      f.token_type.push_back(t);
      if (last_seen[t] != s + 1) {
        last_seen[t] = static_cast<uint32_t>(s + 1);
        ++document_frequency[t];
      }
    }
    f.token_begin.push_back(static_cast<uint32_t>(f.token_type.size()));
  }

  // In-document rarity: content words (rare) count more than function words.
  const double docs = static_cast<double>(std::max<size_t>(n, 1));
  for (size_t t = 0; t < f.types.size(); ++t) {
    double idf = std::log(options.idf_smoothing + docs / document_frequency[t]);
    if (f.types[t].number) idf = std::min(idf, options.number_weight_cap);
    f.types[t].weight = static_cast<float>(std::max(idf, 0.05));
  }
  f.total_weight.assign(n, 0.0f);
  for (size_t s = 0; s < n; ++s)
    for (uint32_t k = f.token_begin[s]; k < f.token_begin[s + 1]; ++k)
      f.total_weight[s] += f.types[f.token_type[k]].weight;
  f.baseline.assign(n, 0.0f);
  flatten(f);

  if (subwords && options.subword_weight > 0.0) {
    f.subword_begin.push_back(0);
    std::unordered_map<uint32_t, uint32_t> piece_df;
    for (size_t s = 0; s < n; ++s) {
      std::vector<int> piece_ids;
      try {
        piece_ids = subwords->encode_ids(segments[s].text);
      } catch (const InputError&) {
        // Invalid UTF-8: no pieces; the other signals still apply. A failing
        // model (ResourceError) is not hidden.
      }
      std::vector<uint32_t> unique(piece_ids.begin(), piece_ids.end());
      std::sort(unique.begin(), unique.end());
      unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
      for (uint32_t p : unique) ++piece_df[p];
      f.subwords.insert(f.subwords.end(), unique.begin(), unique.end());
      f.subword_begin.push_back(static_cast<uint32_t>(f.subwords.size()));
    }
    f.subword_weight.resize(f.subwords.size());
    f.subword_total.assign(n, 0.0f);
    for (size_t s = 0; s < n; ++s)
      for (uint32_t k = f.subword_begin[s]; k < f.subword_begin[s + 1]; ++k) {
        const double w = std::max(0.05, std::log(docs / piece_df[f.subwords[k]]));
        f.subword_weight[k] = static_cast<float>(w);
        f.subword_total[s] += static_cast<float>(w);
      }
  }
  return f;
}

}  // namespace alinea::align::detail
