#include "cli/query_language.h"

#include <algorithm>

#include "align/language.h"
#include "align/text.h"
#include "cli/lexicon_access.h"

namespace alinea::cli {
namespace {

const char* language_name(const std::string& code) { return code == "en" ? "English" : "Spanish"; }

std::string units_phrase(int64_t n) {
  if (n == 0) return "none";
  std::string s =
      n >= kQueryEvidenceCap ? "over " + std::to_string(kQueryEvidenceCap) : std::to_string(n);
  return s + (n == 1 ? " unit" : " units");
}

// Units whose `lang` side holds the query: as a phrase (phrase = true) or
// its words in any order. Pairs waiting for review and rejected pairs count
// too: their text is in its language all the same, and a search asked to
// include them must find its side.
int64_t tm_count(const tm::Store& store, std::string_view query, const char* lang, bool phrase) {
  tm::ConcordanceQuery q;
  q.text = std::string(query);
  q.lang = lang;
  q.include_pending = true;
  q.include_rejected = true;
  const tm::ConcordanceCount c = store.concordance_count(q, kQueryEvidenceCap);
  return phrase ? c.phrase : c.units;
}

// A side wins when the other has at most a fifth as many units: names and
// loanwords left untranslated put a Spanish word on a few English sides.
constexpr int64_t kDominance = 5;

// Whether [begin, end) of text lies inside a pair of parentheses.
bool inside_parentheses(std::string_view text, size_t begin, size_t end) {
  const size_t open = text.rfind('(', begin);
  if (open == std::string_view::npos) return false;
  const size_t close_before = text.rfind(')', begin);
  if (close_before != std::string_view::npos && close_before > open) return false;
  return text.find(')', end) != std::string_view::npos;
}

// Of the units whose `lang` side holds the query as a phrase (at most
// kGlossSample looked at), how many hold it only inside parentheses: a
// translation that glosses the original ("popular power (poder popular)")
// puts the other language's term on this side without being a use of it.
constexpr size_t kGlossSample = 50;
int64_t glossed_only(const tm::Store& store, std::string_view query, const char* lang) {
  tm::ConcordanceQuery q;
  q.text = std::string(query);
  q.lang = lang;
  q.limit = kGlossSample;
  q.include_pending = true;
  q.include_rejected = true;
  int64_t glossed = 0;
  for (const tm::ConcordanceHit& hit : store.concordance(q)) {
    if (!hit.phrase) continue;
    const bool source_side = hit.unit.source.lang.rfind(lang, 0) == 0;
    const std::string& text = source_side ? hit.unit.source.text : hit.unit.target.text;
    const auto& ranges = source_side ? hit.source_highlights : hit.target_highlights;
    const bool all_inside =
        !ranges.empty() && std::all_of(ranges.begin(), ranges.end(), [&](const tm::ByteRange& r) {
          return inside_parentheses(text, r.begin, r.end);
        });
    glossed += all_inside;
  }
  return glossed;
}

}  // namespace

QueryLanguage decide_query_language(const tm::Store& store, std::string_view query,
                                    const LexiconAccess* lexicon, const std::string& forced) {
  QueryLanguage r;
  if (!forced.empty()) {
    r.langs = {forced};
    r.reason = "given with --lang";
    r.forced = true;
    return r;
  }

  // 1. The TM: on which side does the query occur, and how often.
  for (bool phrase : {true, false}) {
    r.es_units = tm_count(store, query, "es", phrase);
    r.en_units = tm_count(store, query, "en", phrase);
    if (r.es_units > 0 || r.en_units > 0) {
      const std::string how = phrase ? "" : " (its words, not as a phrase)";
      const std::string counts = "on the Spanish side of " + units_phrase(r.es_units) +
                                 ", the English side of " + units_phrase(r.en_units) + how;
      r.from_tm = true;
      // Neither side dominates: discount the side where the query stands
      // only as a gloss of the original, in parentheses.
      std::string glosses;
      if (phrase && r.en_units * kDominance > r.es_units && r.es_units * kDominance > r.en_units &&
          std::max(r.es_units, r.en_units) <= static_cast<int64_t>(kGlossSample)) {
        const int64_t es_glossed = glossed_only(store, query, "es");
        const int64_t en_glossed = glossed_only(store, query, "en");
        if (es_glossed > 0 || en_glossed > 0) {
          glosses = "; in parentheses, as a gloss, on the Spanish side of " +
                    units_phrase(es_glossed) + ", the English side of " + units_phrase(en_glossed);
          r.es_units -= es_glossed;
          r.en_units -= en_glossed;
        }
      }
      const std::string evidence = counts + glosses;
      if (r.en_units * kDominance <= r.es_units && r.es_units > 0) {
        r.langs = {"es"};
        r.reason = "Spanish: " + evidence;
      } else if (r.es_units * kDominance <= r.en_units && r.en_units > 0) {
        r.langs = {"en"};
        r.reason = "English: " + evidence;
      } else {
        r.langs = r.es_units >= r.en_units ? std::vector<std::string>{"es", "en"}
                                           : std::vector<std::string>{"en", "es"};
        r.reason = "both languages: " + evidence;
      }
      return r;
    }
  }

  // 2. The lexicon: the whole query, then its words.
  if (lexicon) {
    const align::Lexicon& lex = lexicon->lexicon();
    const std::string key = fold_key(query);
    const bool es = lex.has_es(key), en = lex.has_en(key);
    if (es != en) {
      r.langs = {es ? "es" : "en"};
      r.reason = std::string(language_name(r.langs[0])) +
                 ": not in the TM; the lexicon knows it in " + language_name(r.langs[0]) + " only";
      return r;
    }
    const std::vector<std::string> words = align::word_tokens(query);
    if (words.size() > 1) {
      int es_only = 0, en_only = 0;
      for (const std::string& word : words) {
        const std::string k = fold_key(word);
        const bool wes = lex.has_es(k), wen = lex.has_en(k);
        es_only += wes && !wen;
        en_only += wen && !wes;
      }
      // A clear majority of the words that tell the languages apart.
      if (es_only != en_only && std::max(es_only, en_only) >= 2 * std::min(es_only, en_only) &&
          std::max(es_only, en_only) >= 1) {
        r.langs = {es_only > en_only ? "es" : "en"};
        r.reason = std::string(language_name(r.langs[0])) + ": not in the TM; the lexicon knows " +
                   std::to_string(std::max(es_only, en_only)) + " of its words in " +
                   language_name(r.langs[0]) + " only, " +
                   std::to_string(std::min(es_only, en_only)) + " in " +
                   language_name(es_only > en_only ? "en" : "es") + " only";
        return r;
      }
    }
  }

  // 3. The language detector.
  if (auto detected = align::detect_language(query)) {
    r.langs = {std::string(align::language_code(*detected))};
    r.reason =
        std::string(language_name(r.langs[0])) + ": not in the TM; the language detector's guess";
    return r;
  }
  r.langs = {"es"};
  r.reason = "Spanish: not in the TM, and neither the lexicon nor the detector tells; the default";
  return r;
}

}  // namespace alinea::cli
