// The translator's read questions to a TM (search, match, terms) as one
// function each, called by the CLI's subcommands and by `alinea serve`'s
// JSON API alike: the same options struct in, the same records out, which
// cli/json_shapes.h turns into the same JSON.
//
//   SearchQuery q;
//   q.text = "poder popular";
//   SearchAnswer a = search_tm(store, q, [&] { return LexiconAccess::try_load(ctx); });
//   for (const auto& hit : a.hits) ...;   // a.count: how many units match in all
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/query_language.h"
#include "tm/store/store.h"

namespace alinea::cli {

class LexiconAccess;

// Gives the lexicon when one is wanted (nullptr when there is none); called
// only when the TM's evidence cannot decide a query's language, so that a
// search does not pay for loading it.
using LexiconSource = std::function<std::shared_ptr<const LexiconAccess>()>;

// The query's language, from the TM's evidence first, then the lexicon.
QueryLanguage query_language(const tm::Store& store, const std::string& query,
                             const std::string& forced, const LexiconSource& lexicon);

// `alinea search`.
struct SearchQuery {
  std::string text;
  std::string lang;  // "" = decided from the evidence
  std::size_t limit = 20;
  bool newest = false;
  bool words = false;
  std::string document;
  bool include_rejected = false;
  bool include_pending = false;
};

// Matches are counted exactly up to this many: each costs a look at its
// unit's status (about 0.7 us), and "de" has half a million in a TM of a
// million units.
inline constexpr int64_t kSearchCountCap = 100000;

struct SearchAnswer {
  tm::ConcordanceQuery query;             // as run (its lang as decided)
  std::optional<QueryLanguage> language;  // set when not given
  std::vector<tm::ConcordanceHit> hits;
  tm::ConcordanceCount count;  // all the units the query matches (up to the cap)
};

SearchAnswer search_tm(const tm::Store& store, const SearchQuery& query,
                       const LexiconSource& lexicon);

// `alinea match`.
struct MatchQuery {
  std::string sentence;
  std::string lang;  // "" = decided from the evidence
  double min_percent = 50;
  std::size_t limit = 5;
  bool include_pending = false;
};

struct MatchAnswer {
  QueryLanguage language;
  std::vector<tm::FuzzyMatch> matches;  // best first
};

MatchAnswer match_tm(const tm::Store& store, const MatchQuery& query, const LexiconSource& lexicon);

// Matches against the units' sides in each of `langs` (empty: the source
// side), best first, each unit once.
std::vector<tm::FuzzyMatch> match_sides(const tm::Store& store, const std::string& sentence,
                                        tm::FuzzyOptions options,
                                        const std::vector<std::string>& langs);

// `alinea terms`.
struct TermsQuery {
  std::string term;
  std::string lang;  // "" = decided; both answered when both are plausible
  std::size_t limit = 10;
  bool include_pending = false;
};

struct TermsAnswer {
  QueryLanguage language;
  struct Side {
    std::string lang;
    std::vector<tm::TermRendering> renderings;
    bool inconsistent = false;
  };
  std::vector<Side> sides;  // one per language in `language.langs`
};

// `lexicon` (may be null) proposes renderings as well as deciding the
// language.
TermsAnswer terms_tm(const tm::Store& store, const TermsQuery& query,
                     const std::shared_ptr<const LexiconAccess>& lexicon);

}  // namespace alinea::cli
