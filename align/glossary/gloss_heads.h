// Where the term glossed by a parenthesis (or a dash, colon or quotation)
// begins: the writer's own marking (italics, quotes) when there is one,
// otherwise a walk leftwards over content words, helped by a lexicon.
// Private to align/glossary.
//
//   HeadFinder heads(doc.text, doc.italics, options);
//   heads.walked_terms(end, 2, "industrial belts", false)  // "cordones industriales", ...
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "align/glossary/gloss_document.h"
#include "align/glossary/gloss_words.h"
#include "align/glossary/glossary.h"
#include "align/glossary/term_match.h"

namespace alinea::align::gloss {

// Function words found inside terms ("derecho a la ciudad", "bread and
// roses"), for walks that go rightwards.
bool connector_inside(std::string_view w);

class HeadFinder {
 public:
  // Keeps references: `text`, `italics` and `options` must outlive it.
  HeadFinder(std::string_view text, const std::vector<Span>& italics,
             const GlossaryOptions& options)
      : text_(text), italics_(italics), options_(options) {}

  // A term marked off by the writer: an italic span or a quotation that ends
  // right before the parenthesis. The writer's own extent beats any guess.
  std::optional<Span> delimited_term(size_t end) const;

  // The extent heuristic for an unmarked term. Function words differ between
  // the languages ("toma de terreno" / "land takeover"), so the walk counts
  // content words, not words: it takes words leftwards until it has as many
  // content words as the parenthesis (function words in between are kept),
  // and never crosses punctuation, a number or a paragraph break. It then
  // takes one more word (the "+1") when that word is a content word that is
  // itself bounded on its left by a function word, punctuation or the start
  // ("the shantytown dwellers (pobladores)"), unless it is a verb form in
  // -ed or its capitalisation differs from the parenthesis ("the
  // Cerrillos-Maipú industrial belt (cordón industrial)" keeps two words).
  // Stopping early at punctuation gives the "-1". Function words left at
  // either edge are dropped.
  //
  // Returns the guess first, then the heads a lexicon confirms (the gloss's
  // translation spelled out before it), then shorter heads, each dropping
  // the leftmost content word of the one before.
  std::vector<Span> walked_terms(size_t end, size_t m, std::string_view inner,
                                 bool inner_proper) const;

  // Whether the text before `pos` ends a sentence, a label ("A:") or a
  // paragraph, so that a capital at `pos` says nothing about names.
  bool starts_sentence(size_t pos) const;

 private:
  // Whether the lexicon translates `word` into one of the words of `gloss`
  // (compared on stems). False without a lexicon.
  bool translates_into(std::string_view word, std::string_view gloss) const;
  // Whether the lexicon gives `head` as a translation of `gloss` or the
  // reverse (compared on stems, function words exactly).
  bool is_translation(std::string_view head, std::string_view gloss) const;

  std::string_view text_;
  const std::vector<Span>& italics_;
  const GlossaryOptions& options_;
  TermMatcher matcher_;
};

}  // namespace alinea::align::gloss
