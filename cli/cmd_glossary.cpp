// alinea glossary extract: term pairs from texts that gloss one language in
// the other ("land takeovers (tomas de terreno)").
#include <iostream>
#include <memory>

#include "align/glossary/glossary.h"
#include "cli/commands.h"
#include "cli/lexicon_access.h"
#include "cli/output.h"

namespace alinea::cli {
namespace {

struct ExtractOptions {
  std::vector<std::string> files;
  std::string output = "-";
  bool no_lexicon = false;
};

void run_extract(const ExtractOptions& opt, const Context& ctx) {
  align::GlossaryOptions options;
  std::shared_ptr<const LexiconAccess> lexicon;
  if (!opt.no_lexicon) lexicon = LexiconAccess::try_load(ctx);
  if (lexicon) {
    // The lexicon knows which language a plain word like "poder" is in.
    options.word_language = [lexicon](std::string_view word) -> std::optional<align::Language> {
      std::string key = fold_key(word);
      bool es = lexicon->lexicon().has_es(key), en = lexicon->lexicon().has_en(key);
      if (es == en) return std::nullopt;
      return es ? align::Language::Spanish : align::Language::English;
    };
    // ...and what a gloss translates to, which tells how many words before
    // "(pobladores)" are the term: "shantytown dwellers", not "dwellers".
    options.translations = [lexicon](std::string_view term, align::Language from) {
      return lexicon->translations(term, from == align::Language::Spanish ? "es" : "en");
    };
  }
  std::vector<align::GlossaryEntry> entries;
  for (const std::string& file : opt.files) {
    auto found = align::extract_glossary_file(file, options);
    ctx.detail(file + ": " + std::to_string(found.size()) + " term pairs");
    entries.insert(entries.end(), found.begin(), found.end());
  }
  align::deduplicate_glossary(entries);
  OutputFile out(opt.output);
  align::write_glossary_tsv(out.stream(), entries);
  out.commit();
  ctx.info(std::to_string(entries.size()) + " term pairs from " + std::to_string(opt.files.size()) +
           " file(s)");
}

}  // namespace

void add_glossary_commands(CLI::App& app, Context& ctx) {
  CLI::App* glossary = app.add_subcommand("glossary", "Harvest term pairs glossed in texts");
  glossary->require_subcommand(1);
  glossary->footer("Examples:\n  alinea glossary extract article.md -o glosario.tsv");
  auto opt = std::make_shared<ExtractOptions>();
  CLI::App* sub = glossary->add_subcommand(
      "extract", "Term pairs like 'land takeovers (tomas de terreno)' as a TSV glossary");
  sub->add_option("FILE", opt->files, "Markdown, HTML, text, .docx, .odt, .epub or .pdf files")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("-o,--output", opt->output, "Write the glossary here (default: stdout)");
  sub->add_flag("--no-lexicon", opt->no_lexicon, "Decide languages from spelling alone");
  sub->footer(
      "Glosses found: 'term (gloss)' either language first, the gloss in italics or quotes,\n"
      "after dashes ('pobladores -- shantytown dwellers --') or a colon, and an italic term\n"
      "followed by a quoted gloss. Acronyms (UP), dates and asides are not terms.\n"
      "Output: TSV with a header row es, en, file, context; `alinea terms TERM --glossary FILE`\n"
      "checks the TM's renderings against it.\n"
      "Examples:\n  alinea glossary extract article.md\n"
      "  alinea glossary extract transcripcion.docx\n"
      "  alinea glossary extract *.html -o glosario.tsv && alinea terms pobladores --glossary "
      "glosario.tsv");
  sub->callback([opt, &ctx] { run_extract(*opt, ctx); });
}

}  // namespace alinea::cli
