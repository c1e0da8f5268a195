// The translator's question about a term: how is it rendered across the TM
// (and does that agree with a glossary)?
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>

#include "align/glossary/glossary.h"
#include "align/language.h"
#include "cli/commands.h"
#include "cli/json.h"
#include "cli/lexicon_access.h"
#include "cli/tm_open.h"

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

void add_terms_command(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<TermsOptions>();
  CLI::App* sub =
      app.add_subcommand("terms", "How a term is rendered across the TM, with counts and examples");
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

}  // namespace alinea::cli
