// The translator's question about a term: how is it rendered across the TM
// (and does that agree with a glossary)?
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "align/glossary/glossary.h"
#include "align/glossary/term_match.h"
#include "align/language.h"
#include "cli/commands.h"
#include "cli/json_shapes.h"
#include "cli/lexicon_access.h"
#include "cli/query_language.h"
#include "cli/tm_open.h"
#include "cli/tm_queries.h"

namespace alinea::cli {
namespace {

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
  return align::glossary_renderings(align::read_glossary_tsv(in, path), term, term_lang);
}

// A rendering's key for comparing it to a glossary, the one glossary lookup
// uses (align::TermMatcher: stems word by word, function words exact):
// "contraseñas" agrees with a glossary's "contraseña".
std::string stem_key(const align::TermMatcher& matcher, std::string_view text,
                     const std::string& lang) {
  const auto language = align::parse_language(lang);
  if (!language) return fold_key(text);
  return matcher.key(text, *language);
}

// An example sentence clipped to about kContextWords words each side of
// the marked ranges, which are wrapped in [ ].
constexpr size_t kContextWords = 20;
std::string marked_clip(const std::string& text, tm::ByteRange mark) {
  if (mark.end <= mark.begin || mark.end > text.size()) mark = {0, 0};
  const bool marked = mark.end > mark.begin;
  size_t from = 0, to = text.size();
  if (marked) {
    // Walk kContextWords spaces out from the mark on each side.
    size_t words = 0, k = mark.begin;
    while (k > 0 && words <= kContextWords) {
      --k;
      if (text[k] == ' ' && k + 1 < mark.begin && text[k + 1] != ' ') ++words;
    }
    from = words > kContextWords ? k + 1 : 0;
    words = 0;
    k = mark.end;
    while (k < text.size() && words <= kContextWords) {
      if (text[k] == ' ' && k > mark.end && text[k - 1] != ' ') ++words;
      ++k;
    }
    to = words > kContextWords ? k - 1 : text.size();
  } else {
    size_t words = 0;
    for (size_t k = 0; k < text.size(); ++k)
      if (text[k] == ' ' && ++words > 2 * kContextWords) {
        to = k;
        break;
      }
  }
  std::string out = from > 0 ? "... " : "";
  if (marked) {
    out += text.substr(from, mark.begin - from) + "[" +
           text.substr(mark.begin, mark.end - mark.begin) + "]" +
           text.substr(mark.end, to - mark.end);
  } else {
    out += text.substr(from, to - from);
  }
  if (to < text.size()) out += " ...";
  return out;
}

std::string other_lang(const std::string& lang) { return lang == "en" ? "es" : "en"; }

void print_renderings(const TermsOptions& opt, const std::string& lang,
                      const std::vector<tm::TermRendering>& renderings,
                      const std::vector<std::string>& expected, bool mixed) {
  const std::string rendering_lang = other_lang(lang);
  const align::TermMatcher matcher;
  std::vector<std::string> expected_keys;
  for (const auto& e : expected) expected_keys.push_back(stem_key(matcher, e, rendering_lang));
  // A group agrees with the glossary when any of its forms does, by stems.
  auto in_glossary = [&](const tm::TermRendering& r) {
    for (const auto& [form, count] : r.forms)
      if (std::find(expected_keys.begin(), expected_keys.end(),
                    stem_key(matcher, form, rendering_lang)) != expected_keys.end())
        return true;
    return false;
  };
  if (opt.json) {
    for (const tm::TermRendering& r : renderings) {
      std::optional<bool> agrees;
      if (!opt.glossary.empty()) agrees = in_glossary(r);
      std::cout << json_line(term_rendering_json(opt.term, lang, r, mixed, agrees)) << '\n';
    }
    return;
  }
  if (renderings.empty()) {
    std::cout << "'" << opt.term << "' does not occur in the TM\n";
    return;
  }
  std::cout << "Renderings of '" << opt.term << "' (" << lang << "):\n";
  for (const tm::TermRendering& r : renderings) {
    std::string label = r.kind == tm::TermRendering::Kind::Translation ? r.text
                        : r.kind == tm::TermRendering::Kind::Untranslated
                            ? r.text + " (left untranslated)"
                            : "(no rendering found)";
    std::cout << "  " << std::setw(5) << r.count << "  " << label;
    if (!opt.glossary.empty() && r.kind == tm::TermRendering::Kind::Translation)
      std::cout << (in_glossary(r) ? "  [glossary]" : "  [not in glossary]");
    if (r.kind == tm::TermRendering::Kind::Translation)
      std::cout << "  " << std::fixed << std::setprecision(0) << 100 * r.share << "%  dice "
                << std::setprecision(2) << r.dice;
    std::cout << '\n';
    if (r.forms.size() > 1) {
      std::string forms;
      for (const auto& [text, count] : r.forms)
        forms += (forms.empty() ? "" : ", ") + text + " " + std::to_string(count);
      std::cout << "         forms: " << forms << '\n';
    }
    std::string docs;
    for (const auto& [name, count] : r.documents)
      docs += (docs.empty() ? "" : ", ") + (name.empty() ? std::string("(by hand)") : name) + " " +
              std::to_string(count);
    if (!docs.empty()) std::cout << "         in: " << docs << '\n';
    if (r.example_id)
      std::cout << "         e.g. #" << r.example_id << ": "
                << marked_clip(r.example_source, r.example_term) << "\n"
                << "                " << std::string(std::to_string(r.example_id).size(), ' ')
                << marked_clip(r.example_target, r.example_rendering) << '\n';
  }
  if (mixed)
    std::cout << "Inconsistent: the TM renders this term in more than one way (two or more "
                 "renderings with at least "
              << static_cast<int>(100 * tm::kInconsistentShare + 0.5) << "% of the units each).\n";
  if (!expected.empty()) {
    std::cout << "Glossary says:";
    for (const auto& e : expected) std::cout << " '" << e << "'";
    std::cout << '\n';
  }
}

void run_terms(const TermsOptions& opt, const Context& ctx) {
  tm::Store store = open_tm_for_reading(ctx);
  std::shared_ptr<const LexiconAccess> lexicon;
  if (!opt.no_lexicon) lexicon = LexiconAccess::try_load(ctx);
  TermsQuery query;
  query.term = opt.term;
  query.lang = opt.lang;
  query.limit = opt.limit;
  query.include_pending = opt.include_pending;
  const TermsAnswer answer = terms_tm(store, query, lexicon);
  const QueryLanguage& decided = answer.language;
  if (opt.lang.empty() && !decided.reason.empty()) ctx.info(decided.reason);
  if (decided.both() && !opt.json)
    std::cout << "'" << opt.term << "' is plausible as "
              << (decided.langs[0] == "en" ? "English" : "Spanish") << " and as "
              << (decided.langs[1] == "en" ? "English" : "Spanish")
              << ": renderings for both (--lang picks one).\n";
  for (size_t k = 0; k < answer.sides.size(); ++k) {
    const TermsAnswer::Side& side = answer.sides[k];
    const std::string& lang = side.lang;
    std::vector<std::string> expected;
    if (!opt.glossary.empty()) expected = glossary_renderings(opt.glossary, opt.term, lang);
    if (decided.both() && !opt.json)
      std::cout << (k ? "\n" : "") << "== As " << (lang == "en" ? "English" : "Spanish") << " ("
                << lang << ") ==\n";
    print_renderings(opt, lang, side.renderings, expected, side.inconsistent);
  }
}

}  // namespace

void add_terms_command(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<TermsOptions>();
  CLI::App* sub =
      app.add_subcommand("terms", "How a term is rendered across the TM, with counts and examples");
  add_tm_option(*sub, ctx);
  sub->add_option("TERM", opt->term, "The term, e.g. \"poder popular\"")->required();
  sub->add_option("--lang", opt->lang,
                  "The term's language (es or en); when omitted it is decided from the TM, the "
                  "lexicon and the detector, and both are answered when both are plausible");
  sub->add_option("--limit,-n", opt->limit, "At most N renderings")->capture_default_str();
  sub->add_option("--glossary", opt->glossary,
                  "A TSV glossary (es, en columns) to check the renderings against");
  sub->add_flag("--no-lexicon", opt->no_lexicon,
                "Do not use the bilingual lexicon to propose renderings");
  sub->add_flag("--include-pending", opt->include_pending, "Also count pairs waiting for review");
  sub->add_flag("--json", opt->json, "JSON Lines, one object per rendering group (with its forms)");
  sub->footer(
      "Examples:\n  alinea terms \"poder popular\"\n  alinea terms pobladores --glossary "
      "glosario.tsv\n"
      "  alinea terms \"land takeover\" --lang en --json");
  sub->callback([opt, &ctx] { run_terms(*opt, ctx); });
}

}  // namespace alinea::cli
