// The translator's questions: search (concordance), match (fuzzy matches),
// terms (how a term is rendered across the TM).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "align/language.h"
#include "cli/commands.h"
#include "cli/json.h"
#include "cli/lexicon_access.h"
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

struct TermsOptions {
  std::string term;
  std::string lang;
  size_t limit = 10;
  std::string glossary;
  bool no_lexicon = false;
  bool include_pending = false;
  bool json = false;
};

// Renderings the glossary gives for the term (TSV with es/en header).
std::vector<std::string> glossary_renderings(const std::string& path, const std::string& term,
                                             const std::string& term_lang) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw UsageError(path + ": is a directory");
  std::ifstream in(path);
  if (!in) throw UsageError(path + ": cannot read the glossary");
  std::string header;
  std::getline(in, header);
  std::vector<std::string> columns;
  std::stringstream hs(header);
  for (std::string c; std::getline(hs, c, '\t');) columns.push_back(c);
  int es = -1, en = -1;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == "es") es = static_cast<int>(i);
    if (columns[i] == "en") en = static_cast<int>(i);
  }
  if (es < 0 || en < 0) throw UsageError(path + ":1: the glossary needs 'es' and 'en' columns");
  int from = term_lang == "en" ? en : es, to = term_lang == "en" ? es : en;
  std::vector<std::string> out;
  std::string folded_term = fold_key(term);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::stringstream ls(line);
    for (std::string c; std::getline(ls, c, '\t');) cells.push_back(c);
    if (static_cast<int>(cells.size()) <= std::max(from, to)) continue;
    if (fold_key(cells[from]) == folded_term) out.push_back(cells[to]);
  }
  return out;
}

void run_terms(const TermsOptions& opt, const Context& ctx) {
  tm::Store store = open_tm_for_reading(ctx);
  tm::TermOptions t;
  std::shared_ptr<const LexiconAccess> lexicon;
  if (!opt.no_lexicon) lexicon = LexiconAccess::try_load(ctx);
  t.lang = opt.lang.empty() ? guess_term_language(opt.term, lexicon.get()) : opt.lang;
  t.max_renderings = opt.limit;
  t.include_pending = opt.include_pending;
  if (lexicon) {
    std::string term_lang = t.lang;
    t.lexicon = [lexicon, term_lang](std::string_view term) {
      return lexicon->translations(term, term_lang);
    };
  }
  std::vector<tm::TermRendering> renderings = store.term_variants(opt.term, t);
  std::vector<std::string> expected;
  if (!opt.glossary.empty()) expected = glossary_renderings(opt.glossary, opt.term, t.lang);
  auto in_glossary = [&](const std::string& text) {
    for (const auto& e : expected)
      if (fold_key(e) == fold_key(text)) return true;
    return false;
  };
  const char* kind_names[] = {"translation", "untranslated", "unknown"};
  bool mixed = tm::inconsistent(renderings);
  if (opt.json) {
    for (const tm::TermRendering& r : renderings) {
      JsonArray docs;
      for (const auto& [name, count] : r.documents)
        docs.add_raw(JsonObject().add("document", name).add("count", count).str());
      JsonObject o;
      o.add("term", opt.term)
          .add("lang", t.lang)
          .add("kind", kind_names[static_cast<int>(r.kind)])
          .add("rendering", r.text)
          .add("count", r.count)
          .add("dice", r.dice)
          .add("log_likelihood", r.log_likelihood)
          .add_raw("documents", docs.str())
          .add("example_id", r.example_id)
          .add("example_source", r.example_source)
          .add("example_target", r.example_target)
          .add("inconsistent", mixed);
      if (!opt.glossary.empty()) o.add("in_glossary", in_glossary(r.text));
      std::cout << o.str() << '\n';
    }
    return;
  }
  if (renderings.empty()) {
    std::cout << "'" << opt.term << "' does not occur in the TM\n";
    return;
  }
  std::cout << "Renderings of '" << opt.term << "' (" << t.lang << "):\n";
  for (const tm::TermRendering& r : renderings) {
    std::string label = r.kind == tm::TermRendering::Kind::Translation ? r.text
                        : r.kind == tm::TermRendering::Kind::Untranslated
                            ? r.text + " (left untranslated)"
                            : "(no rendering found)";
    std::cout << "  " << std::setw(5) << r.count << "  " << label;
    if (!opt.glossary.empty() && r.kind == tm::TermRendering::Kind::Translation)
      std::cout << (in_glossary(r.text) ? "  [glossary]" : "  [not in glossary]");
    std::cout << "  dice " << std::fixed << std::setprecision(2) << r.dice << '\n';
    std::string docs;
    for (const auto& [name, count] : r.documents)
      docs += (docs.empty() ? "" : ", ") + (name.empty() ? std::string("(by hand)") : name) + " " +
              std::to_string(count);
    if (!docs.empty()) std::cout << "         in: " << docs << '\n';
    if (r.example_id)
      std::cout << "         e.g. #" << r.example_id << ": " << r.example_source << "\n"
                << "                " << std::string(std::to_string(r.example_id).size(), ' ')
                << r.example_target << '\n';
  }
  if (mixed) std::cout << "Inconsistent: the TM renders this term in more than one way.\n";
  if (!expected.empty()) {
    std::cout << "Glossary says:";
    for (const auto& e : expected) std::cout << " '" << e << "'";
    std::cout << '\n';
  }
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
  {
    auto opt = std::make_shared<TermsOptions>();
    CLI::App* sub = app.add_subcommand(
        "terms", "How a term is rendered across the TM, with counts and examples");
    add_tm_option(*sub, ctx);
    sub->add_option("TERM", opt->term, "The term, e.g. \"poder popular\"")->required();
    sub->add_option("--lang", opt->lang, "The term's language (es or en; guessed when omitted)");
    sub->add_option("--limit,-n", opt->limit, "At most N renderings")->capture_default_str();
    sub->add_option("--glossary", opt->glossary,
                    "A TSV glossary (es, en columns) to check the renderings against");
    sub->add_flag("--no-lexicon", opt->no_lexicon,
                  "Do not use the bilingual lexicon to propose renderings");
    sub->add_flag("--include-pending", opt->include_pending, "Also count pairs waiting for review");
    sub->add_flag("--json", opt->json, "JSON Lines, one object per rendering");
    sub->footer(
        "Examples:\n  alinea terms \"poder popular\"\n  alinea terms pobladores --glossary "
        "glosario.tsv\n"
        "  alinea terms \"land takeover\" --lang en --json");
    sub->callback([opt, &ctx] { run_terms(*opt, ctx); });
  }
}

}  // namespace alinea::cli
