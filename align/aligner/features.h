// Internal to the aligner: per-segment features, computed once per document.
//
//   ConceptIds ids(&relation.base_ids);
//   SideFeatures es = build_side(es_segments, Language::Spanish, relation, ids, options);
//
// Every word token of a segment maps to a small set of integer "concepts" so
// that matching the two sides is integer set work: its folded surface form
// ("w:"), its English stem ("s:"; for a Spanish word, the stems of its lexicon
// translations) and a cognate key ("p:" + folded prefix). A Spanish token
// matches an English segment when one of its concepts occurs among the
// concepts of that segment's tokens, and vice versa.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "align/aligner/aligner.h"
#include "align/language.h"
#include "align/types.h"

namespace alinea::align::detail {

// Stem-level translation relation of a lexicon: Spanish stem -> concept ids
// of English stems. Built once per Aligner; read-only afterwards.
struct StemRelation {
  std::unordered_map<std::string, uint32_t> base_ids;  // "s:<en stem>" -> id
  std::unordered_map<std::string, std::vector<uint32_t>> es_to_en;
  size_t pairs = 0;

  void build(const Lexicon& lexicon, int max_translations);
};

// Dense ids of concept strings for one document, on top of the relation's
// shared ids (which are not copied).
class ConceptIds {
 public:
  explicit ConceptIds(const std::unordered_map<std::string, uint32_t>* base);
  uint32_t id(const std::string& key);
  uint32_t size() const { return static_cast<uint32_t>(base_size_ + local_.size()); }

 private:
  const std::unordered_map<std::string, uint32_t>* base_;
  uint32_t base_size_;
  std::unordered_map<std::string, uint32_t> local_;
};

// A distinct folded word of one side.
struct WordType {
  std::vector<uint32_t> concepts;  // sorted, unique
  uint32_t self_key = 0;           // stem id used by self-training
  bool number = false;
  float weight = 0.0f;  // in-document IDF (capped for numbers)
};

struct SideFeatures {
  size_t size() const { return length.size(); }
  uint32_t tokens_of(size_t s) const { return token_begin[s + 1] - token_begin[s]; }

  std::vector<uint32_t> token_begin;  // size() + 1 offsets into token_type
  std::vector<uint32_t> token_type;
  std::vector<WordType> types;
  std::vector<float> total_weight;  // sum of token weights per segment
  // Flat copies for the hot loops (see flatten()): weight of each token, and
  // the concepts of each token as ranges of one array.
  std::vector<float> token_weight;
  std::vector<uint32_t> token_concept_begin;  // token count + 1
  std::vector<uint32_t> token_concepts;
  std::vector<uint32_t> length;  // code points
  std::vector<uint32_t> paragraph;
  // The concept of the section number (digits with points between them:
  // 1.2.5) that opens each segment, as a numbered heading does, or kNoSection.
  static constexpr uint32_t kNoSection = UINT32_MAX;
  std::vector<uint32_t> opening_section;
  std::vector<std::array<uint8_t, 3>> punctuation;  // counts of ? ! (
  // Subword pieces (sorted unique ids) of each segment with their
  // in-document weights; empty without a subword model.
  std::vector<uint32_t> subwords;
  std::vector<float> subword_weight;
  std::vector<uint32_t> subword_begin;  // size() + 1 offsets, or empty
  std::vector<float> subword_total;
  std::vector<float> baseline;  // mean similarity to random segments
  bool has_paragraphs = false;
};

// Spanish writes 3,5 and 1.000 where English writes 3.5 and 1,000: a comma
// between two digits becomes a point, so that the same number is the same
// token on both sides.
void use_point_between_digits(std::string& text);

// Tokenises folded text into letter/digit runs, a number with points
// between its digits (4.6.2) as one (no ICU: it is the hot path).
std::vector<std::string_view> split_folded(std::string_view folded);

// Segment s of `side` opens with a section number (opening_section) that no
// segment of [t0, t1) of `other` holds: a numbered heading `other` did not
// translate there.
bool unmatched_heading(const SideFeatures& side, uint32_t s, const SideFeatures& other, uint32_t t0,
                       uint32_t t1);

// Rebuilds the flat arrays from `types`; call again after changing them.
void flatten(SideFeatures& side);

SideFeatures build_side(const std::vector<Segment>& segments, Language language,
                        const StemRelation& relation, ConceptIds& ids, const AlignOptions& options,
                        const SubwordModel* subwords = nullptr);

}  // namespace alinea::align::detail
