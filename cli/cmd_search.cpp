// The translator's questions: search (concordance) and match (fuzzy matches).
#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "align/language.h"
#include "cli/commands.h"
#include "cli/json_shapes.h"
#include "cli/lexicon_access.h"
#include "cli/query_language.h"
#include "cli/terminal.h"
#include "cli/tm_open.h"
#include "cli/tm_queries.h"

namespace alinea::cli {
namespace {

const std::map<std::string, ColorMode> kColorModes = {
    {"auto", ColorMode::Auto}, {"always", ColorMode::Always}, {"never", ColorMode::Never}};

void add_color_option(CLI::App& sub, ColorMode& mode) {
  sub.add_option("--color", mode, "Highlight matches: auto (on a terminal), always, never")
      ->transform(CLI::CheckedTransformer(kColorModes, CLI::ignore_case))
      ->default_str("auto");
}

struct SearchOptions {
  SearchQuery query;
  bool json = false;
  ColorMode color = ColorMode::Auto;
};

const char* side_name(const std::string& lang) {
  return lang.starts_with("en") ? "English" : lang.starts_with("es") ? "Spanish" : nullptr;
}

std::string other_lang(const std::string& lang) { return lang.starts_with("en") ? "es" : "en"; }

// "read as English: on the English side of 5 units, ... (--lang es for the other side)"
std::string language_note(const QueryLanguage& ql) {
  std::string note = "read as " + ql.reason;
  if (ql.both())
    note += " (--lang es or --lang en for one side)";
  else
    note += " (--lang " + other_lang(ql.langs.front()) + " for the other side)";
  return note;
}

std::string count_units(int64_t n, bool capped = false) {
  return (capped ? "over " : "") + std::to_string(n) + (n == 1 ? " unit matches" : " units match");
}

void run_search(const SearchOptions& opt, const Context& ctx) {
  tm::Store store = open_tm_for_reading(ctx);
  const SearchAnswer answer =
      search_tm(store, opt.query, [&ctx] { return LexiconAccess::try_load(ctx); });
  const tm::ConcordanceQuery& q = answer.query;
  const std::optional<QueryLanguage>& ql = answer.language;
  const std::vector<tm::ConcordanceHit>& hits = answer.hits;
  const tm::ConcordanceCount& count = answer.count;
  // Phrase and word hits are told apart when the query has several words.
  const bool several =
      count.phrase != count.units ||
      std::any_of(hits.begin(), hits.end(), [](const tm::ConcordanceHit& h) { return !h.phrase; });
  bool color = use_color(ctx, opt.color);
  for (const tm::ConcordanceHit& h : hits) {
    const tm::TranslationUnit& u = h.unit;
    if (opt.json) {
      std::cout << json_line(search_hit_json(h, count)) << '\n';
      continue;
    }
    std::cout << '#' << u.id << (u.document ? "  " + *u.document : std::string()) << "  ["
              << tm::status_name(u.status) << "]"
              << (several ? (h.phrase ? "  phrase" : "  words") : "") << '\n'
              << "  " << u.source.lang << "  "
              << highlight(u.source.text, h.source_highlights, color) << '\n'
              << "  " << u.target.lang << "  "
              << highlight(u.target.text, h.target_highlights, color) << '\n';
  }
  if (opt.json) return;
  std::string summary = count_units(count.units, count.capped);
  if (!q.lang.empty() && side_name(q.lang))
    summary += std::string(" on the ") + side_name(q.lang) + " side";
  if (several)
    summary += std::string(" (") + (count.phrase >= kSearchCountCap ? "over " : "") +
               std::to_string(count.phrase) + " with the exact phrase" +
               (opt.query.words || opt.query.newest ? ")" : ", shown first)");
  if (static_cast<int64_t>(hits.size()) < count.units)
    summary += "; showing " + std::to_string(hits.size()) +
               (hits.size() == opt.query.limit ? " (--limit)" : "");
  ctx.info(summary);
  if (ql && !ql->forced) ctx.info(language_note(*ql));
  // Nothing on the side asked for: does the other side have it?
  if (count.units == 0 && !q.lang.empty() && side_name(q.lang)) {
    tm::ConcordanceQuery other = q;
    other.lang = other_lang(q.lang);
    const int64_t n = store.concordance_count(other, kSearchCountCap).units;
    if (n > 0)
      ctx.info(count_units(n) + " on the " + side_name(other.lang) + " side: --lang " + other.lang +
               " shows them");
  }
}

struct MatchOptions {
  MatchQuery query;
  bool json = false;
  ColorMode color = ColorMode::Auto;
};

void run_match(const MatchOptions& opt, const Context& ctx) {
  tm::Store store = open_tm_for_reading(ctx);
  const MatchAnswer answer =
      match_tm(store, opt.query, [&ctx] { return LexiconAccess::try_load(ctx); });
  const QueryLanguage& ql = answer.language;
  const std::vector<std::string>& langs = ql.langs;
  const std::vector<tm::FuzzyMatch>& matches = answer.matches;
  tm::FuzzyOptions f;
  f.include_pending = opt.query.include_pending;
  f.min_percent = opt.query.min_percent;
  f.limit = opt.query.limit;
  bool color = use_color(ctx, opt.color);
  for (const tm::FuzzyMatch& m : matches) {
    const tm::TranslationUnit& u = m.unit;
    const tm::Variant& matched = m.matched_target ? u.target : u.source;
    const tm::Variant& other = m.matched_target ? u.source : u.target;
    if (opt.json) {
      std::cout << json_line(match_json(m)) << '\n';
      continue;
    }
    char pct[16];
    std::snprintf(pct, sizeof pct, "%3.0f%%", m.percent);
    std::cout << pct << "  #" << u.id << (u.document ? "  " + *u.document : std::string()) << '\n'
              << "  " << matched.lang << "  "
              << highlight(matched.text, m.unit_diff, color, "\x1b[1;33m") << '\n'
              << "  " << other.lang << "  " << other.text << '\n';
    if (!color && !m.unit_diff.empty()) {
      // Without colour, say in words which words differ.
      std::string words;
      for (const auto& r : m.unit_diff)
        words += (words.empty() ? "" : ", ") + matched.text.substr(r.begin, r.end - r.begin);
      std::cout << "  differs: " << words << '\n';
    }
  }
  if (opt.json) return;
  ctx.info(std::to_string(matches.size()) + " match(es)");
  auto note_language = [&] {
    if (!ql.forced) ctx.info(language_note(ql));
  };
  if (!matches.empty()) return note_language();
  // Nothing on the side(s) asked for: the other side at the threshold...
  std::vector<std::string> others;
  for (const char* lang : {"es", "en"})
    if (std::none_of(langs.begin(), langs.end(),
                     [&](const std::string& l) { return l.starts_with(lang); }))
      others.push_back(lang);
  if (!others.empty()) {
    std::vector<tm::FuzzyMatch> there = match_sides(store, opt.query.sentence, f, others);
    if (!there.empty()) {
      const tm::FuzzyMatch& m = there.front();
      const tm::Variant& matched = m.matched_target ? m.unit.target : m.unit.source;
      ctx.info(std::string("the ") + side_name(others.front()) + " side has " +
               (there.size() >= f.limit ? "at least " : "") + std::to_string(there.size()) +
               " match(es), best " + std::to_string(static_cast<int>(m.percent)) + "% #" +
               std::to_string(m.unit.id) + "  " + matched.text + "  (--lang " + others.front() +
               " shows them)");
      return note_language();
    }
  }
  // ...then the best candidate below the threshold, on any side.
  tm::FuzzyOptions any = f;
  any.min_percent = 0;
  any.limit = 1;
  std::vector<std::string> all_langs = langs;
  all_langs.insert(all_langs.end(), others.begin(), others.end());
  std::vector<tm::FuzzyMatch> best = match_sides(store, opt.query.sentence, any, all_langs);
  if (best.empty()) {
    ctx.info("no unit shares a word with it" + std::string(ql.forced ? "" : " on either side"));
    return note_language();
  }
  const tm::FuzzyMatch& m = best.front();
  const tm::Variant& matched = m.matched_target ? m.unit.target : m.unit.source;
  const bool elsewhere = std::none_of(langs.begin(), langs.end(), [&](const std::string& l) {
    return other_lang(l) == other_lang(matched.lang);
  });
  char line[96];
  std::snprintf(line, sizeof line, "best below %.0f%%: %.0f%%  #%lld  ", opt.query.min_percent,
                m.percent, static_cast<long long>(m.unit.id));
  ctx.info(line + matched.lang + "  " + matched.text + "  (--min " +
           std::to_string(static_cast<int>(m.percent)) +
           (elsewhere ? " --lang " + matched.lang.substr(0, 2) : std::string()) + " shows it)");
  note_language();
}

}  // namespace

void add_search_commands(CLI::App& app, Context& ctx) {
  {
    auto opt = std::make_shared<SearchOptions>();
    CLI::App* sub =
        app.add_subcommand("search", "Concordance: units whose text contains a word or phrase");
    add_tm_option(*sub, ctx);
    sub->add_option("TEXT", opt->query.text,
                    "Words (all must occur; units with them as one phrase first), \"a phrase\", "
                    "or a prefix*; case and accents ignored")
        ->required();
    sub->add_option("--lang", opt->query.lang,
                    "Only match the side in this language (es or en; default: decided from the "
                    "TM, the lexicon, then the text)");
    sub->add_flag("--words", opt->query.words,
                  "Words in any order: no preference for units holding them as a phrase");
    sub->add_option("--limit,-n", opt->query.limit, "At most N units")->capture_default_str();
    sub->add_flag("--newest", opt->query.newest, "Newest first instead of best first");
    sub->add_option("--doc", opt->query.document, "Only units of this document");
    sub->add_flag("--include-rejected", opt->query.include_rejected, "Also show rejected units");
    sub->add_flag("--include-pending", opt->query.include_pending,
                  "Also show pairs waiting for review (doubtful machine pairs, omissions)");
    sub->add_flag("--json", opt->json, "JSON Lines with highlight byte ranges");
    add_color_option(*sub, opt->color);
    sub->footer(
        "Examples:\n  alinea search \"poder popular\"\n  alinea search 'educacion' --lang es\n"
        "  alinea search sistema archivos --words\n  alinea search 'cordon*' --json");
    sub->callback([opt, &ctx] { run_search(*opt, ctx); });
  }
  {
    auto opt = std::make_shared<MatchOptions>();
    CLI::App* sub =
        app.add_subcommand("match", "Fuzzy matches for a new sentence, with a match percentage");
    add_tm_option(*sub, ctx);
    sub->add_option("SENTENCE", opt->query.sentence, "The new sentence")->required();
    sub->add_option("--lang", opt->query.lang,
                    "Its language (default: decided from the TM, the lexicon, then the text; "
                    "matched against that side of the units)");
    sub->add_option("--min", opt->query.min_percent, "Lowest match percentage shown")
        ->capture_default_str();
    sub->add_option("--limit,-n", opt->query.limit, "At most N matches")->capture_default_str();
    sub->add_flag("--json", opt->json, "JSON Lines with percent and differing-word byte ranges");
    sub->add_flag("--include-pending", opt->query.include_pending,
                  "Also match pairs waiting for review");
    add_color_option(*sub, opt->color);
    sub->footer(
        "Examples:\n  alinea match \"La toma de terreno empezó en 1970.\"\n"
        "  alinea match \"The committees met every week.\" --lang en --min 70");
    sub->callback([opt, &ctx] { run_match(*opt, ctx); });
  }
}

}  // namespace alinea::cli
