// The translator's questions: search (concordance) and match (fuzzy matches).
#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>

#include "align/language.h"
#include "cli/commands.h"
#include "cli/json.h"
#include "cli/terminal.h"
#include "cli/tm_open.h"

namespace alinea::cli {
namespace {

const std::map<std::string, ColorMode> kColorModes = {
    {"auto", ColorMode::Auto}, {"always", ColorMode::Always}, {"never", ColorMode::Never}};

void add_color_option(CLI::App& sub, ColorMode& mode) {
  sub.add_option("--color", mode, "Highlight matches: auto (on a terminal), always, never")
      ->transform(CLI::CheckedTransformer(kColorModes, CLI::ignore_case))
      ->default_str("auto");
}

template <typename Range>
std::string ranges_json(const std::vector<Range>& ranges) {
  JsonArray a;
  for (const auto& r : ranges)
    a.add_raw("[" + std::to_string(r.begin) + "," + std::to_string(r.end) + "]");
  return a.str();
}

struct SearchOptions {
  std::string text;
  std::string lang;
  size_t limit = 20;
  bool newest = false;
  std::string document;
  bool include_rejected = false;
  bool include_pending = false;
  bool json = false;
  ColorMode color = ColorMode::Auto;
};

void run_search(const SearchOptions& opt, const Context& ctx) {
  tm::Store store = open_tm_for_reading(ctx);
  tm::ConcordanceQuery q;
  q.text = opt.text;
  q.lang = opt.lang;
  q.limit = opt.limit;
  q.order = opt.newest ? tm::ConcordanceQuery::Order::Newest : tm::ConcordanceQuery::Order::Best;
  if (!opt.document.empty()) q.document = opt.document;
  q.include_rejected = opt.include_rejected;
  q.include_pending = opt.include_pending;
  std::vector<tm::ConcordanceHit> hits = store.concordance(q);
  bool color = use_color(ctx, opt.color);
  for (const tm::ConcordanceHit& h : hits) {
    const tm::TranslationUnit& u = h.unit;
    if (opt.json) {
      JsonObject o;
      o.add("id", u.id)
          .add("score", h.score)
          .add("source_lang", u.source.lang)
          .add("source", u.source.text)
          .add_raw("source_highlights", ranges_json(h.source_highlights))
          .add("target_lang", u.target.lang)
          .add("target", u.target.text)
          .add_raw("target_highlights", ranges_json(h.target_highlights))
          .add("document", u.document)
          .add("status", std::string(tm::status_name(u.status)))
          .add("confidence", u.confidence);
      std::cout << o.str() << '\n';
      continue;
    }
    std::cout << '#' << u.id << (u.document ? "  " + *u.document : std::string()) << "  ["
              << tm::status_name(u.status) << "]\n"
              << "  " << u.source.lang << "  "
              << highlight(u.source.text, h.source_highlights, color) << '\n'
              << "  " << u.target.lang << "  "
              << highlight(u.target.text, h.target_highlights, color) << '\n';
  }
  if (!opt.json) ctx.info(std::to_string(hits.size()) + " unit(s) found");
}

struct MatchOptions {
  std::string sentence;
  std::string lang;
  double min_percent = 50;
  size_t limit = 5;
  bool include_pending = false;
  bool json = false;
  ColorMode color = ColorMode::Auto;
};

// Matches against the units' sides in each of `langs` (empty: the source
// side), best first, each unit once.
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

void run_match(const MatchOptions& opt, const Context& ctx) {
  tm::Store store = open_tm_for_reading(ctx);
  tm::FuzzyOptions f;
  f.include_pending = opt.include_pending;
  f.min_percent = opt.min_percent;
  f.limit = opt.limit;
  // Without --lang, the sentence is matched against the side in the
  // language it looks like (a TM's target side is searchable too); when the
  // detector cannot tell, or finds nothing there, against both sides.
  std::vector<std::string> langs = {opt.lang};
  std::optional<align::Language> detected;
  if (opt.lang.empty()) {
    detected = align::detect_language(opt.sentence);
    if (detected)
      langs = {std::string(align::language_code(*detected))};
    else
      langs = {"es", "en"};
  }
  std::vector<tm::FuzzyMatch> matches = match_sides(store, opt.sentence, f, langs);
  if (matches.empty() && detected) {
    langs = {"es", "en"};
    matches = match_sides(store, opt.sentence, f, langs);
  }
  bool color = use_color(ctx, opt.color);
  for (const tm::FuzzyMatch& m : matches) {
    const tm::TranslationUnit& u = m.unit;
    const tm::Variant& matched = m.matched_target ? u.target : u.source;
    const tm::Variant& other = m.matched_target ? u.source : u.target;
    if (opt.json) {
      JsonObject o;
      o.add("id", u.id)
          .add("percent", m.percent)
          .add("matched_lang", matched.lang)
          .add("matched", matched.text)
          .add_raw("matched_diff", ranges_json(m.unit_diff))
          .add_raw("query_diff", ranges_json(m.query_diff))
          .add("translation_lang", other.lang)
          .add("translation", other.text)
          .add("document", u.document)
          .add("status", std::string(tm::status_name(u.status)));
      std::cout << o.str() << '\n';
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
  if (!matches.empty()) return;
  // Nothing at the threshold: the best candidate below it, as a hint.
  tm::FuzzyOptions any = f;
  any.min_percent = 0;
  any.limit = 1;
  std::vector<tm::FuzzyMatch> best = match_sides(store, opt.sentence, any, langs);
  if (best.empty()) return;
  const tm::FuzzyMatch& m = best.front();
  const tm::Variant& matched = m.matched_target ? m.unit.target : m.unit.source;
  char line[96];
  std::snprintf(line, sizeof line, "best below %.0f%%: %.0f%%  #%lld  ", opt.min_percent, m.percent,
                static_cast<long long>(m.unit.id));
  ctx.info(line + matched.lang + "  " + matched.text + "  (--min " +
           std::to_string(static_cast<int>(m.percent)) + " shows it)");
}

}  // namespace

void add_search_commands(CLI::App& app, Context& ctx) {
  {
    auto opt = std::make_shared<SearchOptions>();
    CLI::App* sub =
        app.add_subcommand("search", "Concordance: units whose text contains a word or phrase");
    add_tm_option(*sub, ctx);
    sub->add_option("TEXT", opt->text,
                    "Words (all must occur), \"a phrase\", or a prefix*; case and accents ignored")
        ->required();
    sub->add_option("--lang", opt->lang, "Only match the side in this language (es or en)");
    sub->add_option("--limit,-n", opt->limit, "At most N units")->capture_default_str();
    sub->add_flag("--newest", opt->newest, "Newest first instead of best first");
    sub->add_option("--doc", opt->document, "Only units of this document");
    sub->add_flag("--include-rejected", opt->include_rejected, "Also show rejected units");
    sub->add_flag("--include-pending", opt->include_pending,
                  "Also show pairs waiting for review (doubtful machine pairs, omissions)");
    sub->add_flag("--json", opt->json, "JSON Lines with highlight byte ranges");
    add_color_option(*sub, opt->color);
    sub->footer(
        "Examples:\n  alinea search \"poder popular\"\n  alinea search 'educacion' --lang es\n"
        "  alinea search 'cordon*' --json");
    sub->callback([opt, &ctx] { run_search(*opt, ctx); });
  }
  {
    auto opt = std::make_shared<MatchOptions>();
    CLI::App* sub =
        app.add_subcommand("match", "Fuzzy matches for a new sentence, with a match percentage");
    add_tm_option(*sub, ctx);
    sub->add_option("SENTENCE", opt->sentence, "The new sentence")->required();
    sub->add_option("--lang", opt->lang,
                    "Its language (default: detected; matched against that side of the units)");
    sub->add_option("--min", opt->min_percent, "Lowest match percentage shown")
        ->capture_default_str();
    sub->add_option("--limit,-n", opt->limit, "At most N matches")->capture_default_str();
    sub->add_flag("--json", opt->json, "JSON Lines with percent and differing-word byte ranges");
    sub->add_flag("--include-pending", opt->include_pending, "Also match pairs waiting for review");
    add_color_option(*sub, opt->color);
    sub->footer(
        "Examples:\n  alinea match \"La toma de terreno empezó en 1970.\"\n"
        "  alinea match \"The committees met every week.\" --lang en --min 70");
    sub->callback([opt, &ctx] { run_match(*opt, ctx); });
  }
}

}  // namespace alinea::cli
