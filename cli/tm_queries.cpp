#include "cli/tm_queries.h"

#include <algorithm>

#include "cli/lexicon_access.h"

namespace alinea::cli {

QueryLanguage query_language(const tm::Store& store, const std::string& query,
                             const std::string& forced, const LexiconSource& lexicon) {
  QueryLanguage ql = decide_query_language(store, query, nullptr, forced);
  if (ql.forced || ql.from_tm || !lexicon) return ql;
  if (auto loaded = lexicon()) ql = decide_query_language(store, query, loaded.get(), forced);
  return ql;
}

SearchAnswer search_tm(const tm::Store& store, const SearchQuery& opt,
                       const LexiconSource& lexicon) {
  SearchAnswer a;
  tm::ConcordanceQuery& q = a.query;
  q.text = opt.text;
  q.lang = opt.lang;
  if (opt.lang.empty()) {
    // Both sides plausible: one query over both sides.
    a.language = query_language(store, opt.text, opt.lang, lexicon);
    q.lang = a.language->both() ? "" : a.language->langs.front();
  }
  q.limit = opt.limit;
  q.order = opt.newest ? tm::ConcordanceQuery::Order::Newest : tm::ConcordanceQuery::Order::Best;
  if (!opt.document.empty()) q.document = opt.document;
  q.include_rejected = opt.include_rejected;
  q.include_pending = opt.include_pending;
  q.words = opt.words;
  a.hits = store.concordance(q);
  // The true number of matches, counted by SQLite, not by the hits shown.
  a.count = store.concordance_count(q, kSearchCountCap);
  return a;
}

std::vector<tm::FuzzyMatch> match_sides(const tm::Store& store, const std::string& sentence,
                                        tm::FuzzyOptions f, const std::vector<std::string>& langs) {
  std::vector<tm::FuzzyMatch> all;
  for (const std::string& lang : langs) {
    f.lang = lang;
    for (tm::FuzzyMatch& m : store.fuzzy_match(sentence, f)) {
      auto same = std::find_if(all.begin(), all.end(),
                               [&](const tm::FuzzyMatch& a) { return a.unit.id == m.unit.id; });
      if (same == all.end())
        all.push_back(std::move(m));
      else if (m.percent > same->percent)
        *same = std::move(m);
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const tm::FuzzyMatch& a, const tm::FuzzyMatch& b) {
    return a.percent > b.percent;
  });
  if (all.size() > f.limit) all.resize(f.limit);
  return all;
}

MatchAnswer match_tm(const tm::Store& store, const MatchQuery& opt, const LexiconSource& lexicon) {
  tm::FuzzyOptions f;
  f.include_pending = opt.include_pending;
  f.min_percent = opt.min_percent;
  f.limit = opt.limit;
  // The sentence is matched against the units' side in its language (a
  // TM's target side is searchable too), decided from the TM's evidence,
  // the lexicon, then the detector; both sides when both are plausible.
  MatchAnswer a;
  a.language = query_language(store, opt.sentence, opt.lang, lexicon);
  a.matches = match_sides(store, opt.sentence, f, a.language.langs);
  return a;
}

TermsAnswer terms_tm(const tm::Store& store, const TermsQuery& opt,
                     const std::shared_ptr<const LexiconAccess>& lexicon) {
  TermsAnswer a;
  a.language = decide_query_language(store, opt.term, lexicon.get(), opt.lang);
  for (const std::string& lang : a.language.langs) {
    tm::TermOptions t;
    t.lang = lang;
    t.max_renderings = opt.limit;
    t.include_pending = opt.include_pending;
    if (lexicon) {
      t.lexicon = [lexicon, lang](std::string_view term) {
        return lexicon->translations(term, lang);
      };
    }
    TermsAnswer::Side side;
    side.lang = lang;
    side.renderings = store.term_variants(opt.term, t);
    side.inconsistent = tm::inconsistent(side.renderings);
    a.sides.push_back(std::move(side));
  }
  return a;
}

}  // namespace alinea::cli
