// ICU's sentence break iterator, then a correction layer for what UAX #29
// gets wrong in Spanish and English prose:
// - abbreviations ("Sr. García", "EE. UU.", "pág. 5", "Jan. 5"), initials
//   ("B. Loewe"): ICU cuts after a period followed by a capital or a digit;
// - "?" or "!" followed by a lower-case word ("¿Vienes? —preguntó", "What?
//   he said") continues the sentence, but ICU always cuts after them;
// - a dialogue dash after a final mark starts a new sentence when a capital
//   follows ("—Sí. —Nada más."), where ICU keeps going (the dash is SContinue);
// - URLs and e-mail addresses are never cut ("?" in a query string).
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "align/error.h"
#include "align/segment/abbreviations.h"
#include "align/segment/segmenter.h"
#include "align/text.h"

namespace alinea::align {

using detail::AbbreviationTable;
using detail::AbbrevKind;

namespace {

bool is_space_byte(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

UChar32 next_cp(std::string_view s, size_t& pos) {
  int32_t i = static_cast<int32_t>(pos);
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
  pos = static_cast<size_t>(i);
  return c;
}

UChar32 prev_cp(std::string_view s, size_t& pos) {
  int32_t i = static_cast<int32_t>(pos);
  UChar32 c;
  U8_PREV(reinterpret_cast<const uint8_t*>(s.data()), 0, i, c);
  pos = static_cast<size_t>(i);
  return c;
}

bool is_space_cp(UChar32 c) { return c == ' ' || c == '\t' || c == 0xA0 || u_isUWhiteSpace(c); }

// Length of a line break or non-ASCII space at s[i] (0 if none):
// \n \r \f \v, U+00A0, U+2000..U+200A, U+202F, U+3000.
size_t special_space_length(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (c < 0xC2) return 0;
  auto at = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
  if (c == 0xC2) return at(1) == 0xA0 ? 2 : 0;
  if (c == 0xE2 && at(1) == 0x80 && ((at(2) >= 0x80 && at(2) <= 0x8A) || at(2) == 0xAF)) return 3;
  if (c == 0xE3 && at(1) == 0x80 && at(2) == 0x80) return 3;
  return 0;
}

// Quotes and brackets that may close a sentence after its final mark.
bool is_closer(UChar32 c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || c == 0xBB || c == 0x201D ||
         c == 0x2019 || c == 0x203A || c == '*' || c == '_';
}

// What may open a sentence before its first word.
bool is_opener(UChar32 c) {
  return c == '"' || c == '\'' || c == '(' || c == '[' || c == '{' || c == 0xAB || c == 0x201C ||
         c == 0x2018 || c == 0x2039 || c == 0xBF || c == 0xA1 || c == 0x2014 || c == 0x2013 ||
         c == 0x2015 || c == '-' || c == '*' || c == '_';
}

enum class Next { Upper, Lower, Digit, Other, End };

// Class of the first letter or digit at or after `pos`, skipping white
// space, openers and dashes.
Next classify_next(std::string_view s, size_t pos, size_t end) {
  while (pos < end) {
    UChar32 c = next_cp(s.substr(0, end), pos);
    if (c < 0) return Next::Other;
    if (is_space_cp(c) || is_opener(c)) continue;
    if (u_isdigit(c)) return Next::Digit;
    if (u_isupper(c) || u_istitle(c)) return Next::Upper;
    if (u_islower(c)) return Next::Lower;
    if (u_isalpha(c)) return Next::Upper;  // caseless scripts: treat as a new start
    return Next::Other;
  }
  return Next::End;
}

// "9.", "9.1.", "10.2.3.", "A.1." (digits and inner periods, ending in one;
// an appendix letter may come first).
bool is_number_label(std::string_view token) {
  if (token.size() < 2 || token.size() > 16 || token.back() != '.') return false;
  bool digit_before = false;
  size_t start = 0;
  if (token.size() >= 4 && token[0] >= 'A' && token[0] <= 'Z' && token[1] == '.' &&
      token[2] >= '0' && token[2] <= '9')
    start = 2;
  for (size_t i = start; i + 1 < token.size(); ++i) {
    char c = token[i];
    if (c >= '0' && c <= '9') {
      digit_before = true;
    } else if (c == '.' && digit_before) {
      digit_before = false;
    } else {
      return false;
    }
  }
  return digit_before;
}

// [begin, end) of the white-space-delimited token ending at `end`.
size_t token_begin(std::string_view s, size_t floor, size_t end) {
  size_t b = end;
  while (b > floor && !is_space_byte(s[b - 1])) --b;
  return b;
}

// Strips leading openers off a token.
std::string_view strip_openers(std::string_view token) {
  while (!token.empty()) {
    size_t pos = 0;
    UChar32 c = next_cp(token, pos);
    if (!is_opener(c)) break;
    token.remove_prefix(pos);
  }
  return token;
}

std::string key_of(std::string_view token) {
  for (unsigned char c : token)
    if (c >= 0x80) return nfc(token);
  return std::string(token);
}

// URLs and e-mail addresses, as [begin, end) ranges, trailing punctuation
// excluded.
std::vector<Span> protected_ranges(std::string_view s) {
  std::vector<Span> ranges;
  if (s.find("://") == std::string_view::npos && s.find("www.") == std::string_view::npos &&
      s.find('@') == std::string_view::npos)
    return ranges;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space_byte(s[i])) ++i;
    size_t b = i;
    while (i < s.size() && !is_space_byte(s[i])) ++i;
    std::string_view tok = s.substr(b, i - b);
    size_t start = 0;
    while (start < tok.size() &&
           std::string_view("(<[\"'").find(tok[start]) != std::string_view::npos)
      ++start;
    tok.remove_prefix(start);
    bool url = tok.find("://") != std::string_view::npos || tok.substr(0, 4) == "www.";
    size_t at = tok.find('@');
    bool email =
        at != std::string_view::npos && at > 0 && tok.find('.', at) != std::string_view::npos;
    if (!url && !email) continue;
    while (!tok.empty() &&
           std::string_view(".,;:!?)]>\"'").find(tok.back()) != std::string_view::npos)
      tok.remove_suffix(1);
    ranges.push_back({b + start, b + start + tok.size()});
  }
  return ranges;
}

}  // namespace

struct SentenceSplitter::Impl {
  Language language;
  SegmentOptions options;
  std::optional<AbbreviationTable> own_abbreviations;  // with the user's list
  const AbbreviationTable* abbreviations;
  std::unique_ptr<icu::BreakIterator> iterator;

  Impl(Language l, const SegmentOptions& o)
      : language(l), options(o), abbreviations(&AbbreviationTable::for_language(l)) {
    if (!o.extra_abbreviations.empty()) {
      own_abbreviations =
          AbbreviationTable::with_additions(l, o.extra_abbreviations, o.extra_abbreviations_name);
      abbreviations = &*own_abbreviations;
    }
    UErrorCode status = U_ZERO_ERROR;
    // Plain locale rules: the "ss=standard" suppressions know a few English
    // titles only; the correction layer below covers them and more.
    icu::Locale locale(l == Language::Spanish ? "es" : "en");
    iterator.reset(icu::BreakIterator::createSentenceInstance(locale, status));
    if (U_FAILURE(status) || !iterator)
      throw ResourceError(std::string("ICU sentence break iterator unavailable: ") +
                          u_errorName(status));
  }

  bool keep_break(std::string_view s, size_t floor, size_t last_cut, size_t pos, size_t end,
                  const std::vector<Span>& protect) const;
  void add_dialogue_breaks(std::string_view s, size_t begin, size_t end,
                           std::vector<size_t>& out) const;
  std::vector<Span> split(std::string_view paragraph, const std::vector<size_t>& forced) const;
};

// Decides whether ICU's boundary at `pos` (after any white space) stands.
// `last_cut` is where the sentence under way starts.
bool SentenceSplitter::Impl::keep_break(std::string_view s, size_t floor, size_t last_cut,
                                        size_t pos, size_t end,
                                        const std::vector<Span>& protect) const {
  // Ranges are in text order and disjoint: the one starting last before pos.
  auto r = std::upper_bound(protect.begin(), protect.end(), pos,
                            [](size_t p, const Span& range) { return p <= range.begin; });
  if (r != protect.begin() && pos < std::prev(r)->end) return false;
  size_t e = pos;
  while (e > floor && is_space_byte(s[e - 1])) --e;
  if (e == floor) return true;
  // Walk back over closing quotes and brackets to the final mark.
  size_t mark_end = e;
  UChar32 mark;
  for (;;) {
    size_t before = mark_end;
    mark = prev_cp(s, before);
    // Opening quotes too: misplaced ones ("¿Marcar?« y el ...") are common.
    if ((is_closer(mark) || mark == 0xAB || mark == 0x201C || mark == 0x2018) && before > floor) {
      mark_end = before;
      continue;
    }
    break;
  }
  size_t mark_begin = mark_end;
  prev_cp(s, mark_begin);
  const Next next = classify_next(s, pos, end);

  if (mark == '?' || mark == '!' || mark == 0x203D) {
    // "¿Vienes? —preguntó." / "What? he said": a lower-case word goes on,
    // as does anything but a word or a number ("a ! = b").
    return next != Next::Lower && next != Next::Other;
  }
  if (mark != '.') return true;
  // A period inside a token: "man.*/", "a.-b" (ICU cuts before some
  // punctuation even without a space).
  if (pos == e && pos < end && !is_space_byte(s[pos]) &&
      std::string_view("*/\\.,;:-_=+|~#%&<>").find(s[pos]) != std::string_view::npos)
    return false;
  if (mark_begin > floor && s[mark_begin - 1] == '.') return true;  // an ellipsis "..."

  size_t tb = token_begin(s, floor, mark_end);
  std::string_view token = strip_openers(s.substr(tb, mark_end - tb));
  if (token.empty()) return true;

  if (options.use_abbreviations) {
    // The longest entry ending here: "a. de C.", "EE. UU.", "Sr.".
    std::string key = key_of(token);
    std::optional<AbbrevKind> kind;
    int kind_words = 0;
    size_t words_begin = tb;
    std::string phrase = key;
    for (int words = 1; words <= 3; ++words) {
      if (auto k = abbreviations->find(phrase)) {
        kind = k;
        kind_words = words;
      }
      if (words_begin <= floor) break;
      size_t prev_end = words_begin;
      while (prev_end > floor && is_space_byte(s[prev_end - 1])) --prev_end;
      if (prev_end == floor) break;
      size_t prev_begin = token_begin(s, floor, prev_end);
      std::string_view prev = strip_openers(s.substr(prev_begin, prev_end - prev_begin));
      if (prev.empty()) break;
      phrase = key_of(prev) + " " + phrase;
      words_begin = prev_begin;
    }
    if (kind) {
      switch (*kind) {
        case AbbrevKind::Title:
          return false;
        case AbbrevKind::Number:
          if (next == Next::Digit || next == Next::Lower) return false;
          break;
        case AbbrevKind::Final:
          if (next == Next::Digit || next == Next::Lower) return false;
          break;
        case AbbrevKind::Label:
          break;
      }
    }
    // "EE." before "UU.", "p." before "ej.": the first word of an entry.
    if (abbreviations->is_prefix(key)) {
      size_t nb = pos;
      while (nb < end && is_space_byte(s[nb])) ++nb;
      size_t ne = nb;
      while (ne < end && !is_space_byte(s[ne])) ++ne;
      std::string joined = key + " " + key_of(s.substr(nb, ne - nb));
      // Trailing punctuation after the entry's last period: "EE. UU.,".
      while (!joined.empty() && joined.back() != '.' && !joined.ends_with(' ') &&
             std::string_view(",;:)»\"'").find(joined.back()) != std::string_view::npos)
        joined.pop_back();
      if (abbreviations->find(joined) || abbreviations->is_prefix(joined)) return false;
    }
    // A one-word entry may still be an initial ("P. Mariano" with "p." for
    // "página"); the last letter of "a. C." may not.
    if (kind && kind != AbbrevKind::Label && kind_words > 1) return true;
  }

  // A section or list number opening the sentence: "9.1. The console",
  // "Table 10.1. List of ...", "3. Vivienda". At most one word before it.
  if (next == Next::Upper && is_number_label(token)) {
    size_t words = 0;
    for (size_t i = last_cut; i < tb; ++i)
      if (!is_space_byte(s[i]) && (i == last_cut || is_space_byte(s[i - 1]))) ++words;
    if (words == 0) return false;
    if (words == 1) {
      size_t w = last_cut;
      while (w < tb && is_space_byte(s[w])) ++w;
      size_t we = w;
      while (we < tb && !is_space_byte(s[we])) ++we;
      if (abbreviations->find(key_of(s.substr(w, we - w))) == AbbrevKind::Label) return false;
    }
  }

  if (options.join_initials && next == Next::Upper) {
    // "B. Loewe": one capital letter and its period.
    size_t p = 0;
    UChar32 c = next_cp(token, p);
    if (p + 1 == token.size() && (u_isupper(c) || u_istitle(c))) return false;
  }
  return true;
}

// ". —Nada más": after a final mark, a dash and a capital open a new
// sentence (dialogue), which ICU's rules join because a dash is SContinue.
void SentenceSplitter::Impl::add_dialogue_breaks(std::string_view s, size_t begin, size_t end,
                                                 std::vector<size_t>& out) const {
  for (size_t i = begin; i < end; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c != '-' && c != 0xE2) continue;
    bool dash =
        c == '-' || (c == 0xE2 && i + 2 < end && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                     (static_cast<unsigned char>(s[i + 2]) == 0x94 ||
                      static_cast<unsigned char>(s[i + 2]) == 0x93 ||
                      static_cast<unsigned char>(s[i + 2]) == 0x95));
    if (!dash || i == begin || !is_space_byte(s[i - 1])) continue;
    size_t before = i;
    while (before > begin && is_space_byte(s[before - 1])) --before;
    UChar32 mark = 0;
    while (before > begin) {
      size_t b = before;
      mark = prev_cp(s, b);
      if (!is_closer(mark)) break;
      before = b;
    }
    if (!(mark == '.' || mark == '?' || mark == '!' || mark == 0x2026)) continue;
    size_t after = i;
    next_cp(s, after);
    if (c == '-' && (after >= end || !is_space_byte(s[after])) &&
        classify_next(s, after, end) != Next::Upper)
      continue;
    if (classify_next(s, after, end) == Next::Upper) out.push_back(i);
  }
}

std::vector<Span> SentenceSplitter::Impl::split(std::string_view paragraph,
                                                const std::vector<size_t>& forced) const {
  // Line breaks become spaces: ICU would treat each as a paragraph end. So
  // do no-break and other Unicode spaces, of the same byte length, so that
  // the rules below see word boundaries in "Capítulo\u00A07." and positions
  // stay valid in the caller's text.
  std::string flat;
  std::string_view s = paragraph;
  for (size_t i = 0; i < paragraph.size(); ++i) {
    size_t len = special_space_length(paragraph, i);
    if (len == 0) continue;
    if (flat.empty()) {
      flat.assign(paragraph);
      s = flat;
    }
    for (size_t k = 0; k < len; ++k) flat[i + k] = ' ';
    i += len - 1;
  }
  if (s.size() > static_cast<size_t>(INT32_MAX))
    throw std::length_error("paragraph longer than 2 GiB");

  std::vector<size_t> blocks;
  blocks.push_back(0);
  for (size_t f : forced)
    if (f > 0 && f < s.size()) blocks.push_back(f);
  blocks.push_back(s.size());
  std::sort(blocks.begin(), blocks.end());
  blocks.erase(std::unique(blocks.begin(), blocks.end()), blocks.end());

  const std::vector<Span> protect = protected_ranges(s);
  std::vector<size_t> cuts;
  for (size_t bi = 0; bi + 1 < blocks.size(); ++bi) {
    const size_t begin = blocks[bi], end = blocks[bi + 1];
    cuts.push_back(begin);
    UErrorCode status = U_ZERO_ERROR;
    UText* ut =
        utext_openUTF8(nullptr, s.data() + begin, static_cast<int64_t>(end - begin), &status);
    if (U_FAILURE(status))
      throw ResourceError(std::string("ICU utext_openUTF8 failed: ") + u_errorName(status));
    iterator->setText(ut, status);
    if (U_FAILURE(status)) {
      utext_close(ut);
      throw ResourceError(std::string("ICU BreakIterator::setText failed: ") + u_errorName(status));
    }
    std::vector<size_t> local;
    for (int32_t b = iterator->next(); b != icu::BreakIterator::DONE; b = iterator->next()) {
      size_t pos = begin + static_cast<size_t>(b);
      if (pos >= end) break;
      if (keep_break(s, begin, local.empty() ? begin : local.back(), pos, end, protect))
        local.push_back(pos);
    }
    utext_close(ut);
    add_dialogue_breaks(s, begin, end, local);
    cuts.insert(cuts.end(), local.begin(), local.end());
  }
  cuts.push_back(s.size());
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  std::vector<Span> spans;
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    size_t b = cuts[i], e = cuts[i + 1];
    // White space, no-break spaces included (see above), stays outside.
    while (b < e && is_space_byte(s[b])) ++b;
    while (e > b && is_space_byte(s[e - 1])) --e;
    if (b < e) spans.push_back({b, e});
  }
  return spans;
}

SentenceSplitter::SentenceSplitter(Language language, const SegmentOptions& options)
    : impl_(std::make_unique<Impl>(language, options)) {}
SentenceSplitter::~SentenceSplitter() = default;
SentenceSplitter::SentenceSplitter(SentenceSplitter&&) noexcept = default;
SentenceSplitter& SentenceSplitter::operator=(SentenceSplitter&&) noexcept = default;

std::vector<Span> SentenceSplitter::split(std::string_view paragraph) const {
  return impl_->split(paragraph, {});
}

std::vector<Span> SentenceSplitter::split(std::string_view paragraph,
                                          const std::vector<size_t>& forced) const {
  return impl_->split(paragraph, forced);
}

}  // namespace alinea::align
