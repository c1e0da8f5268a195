// alinea lexicon lookup|stats|build, and alinea train-subwords: what the
// aligner knows, and how it comes to know it.
#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "align/lexicon/lexicon.h"
#include "align/lexicon/stemmer.h"
#include "cli/commands.h"
#include "cli/json_shapes.h"
#include "cli/lexicon_access.h"
#include "cli/options.h"

namespace alinea::cli {
namespace {

std::string sources_text(align::LexiconSourceMask mask) {
  std::string out;
  for (size_t i = 0; i < align::kLexiconSourceCount; ++i) {
    auto source = static_cast<align::LexiconSource>(i);
    if (mask & align::source_bit(source))
      out += (out.empty() ? "" : ",") + std::string(align::source_name(source));
  }
  return out;
}

struct LookupOptions {
  std::string word;
  std::optional<align::Language> language;
  bool json = false;
};

void run_lookup(const LookupOptions& opt, const Context& ctx) {
  auto access = LexiconAccess::load(ctx);
  const align::Lexicon& lexicon = access->lexicon();
  std::vector<align::Language> directions;
  if (opt.language) {
    directions.push_back(*opt.language);
  } else {
    directions = {align::Language::Spanish, align::Language::English};
  }
  size_t found = 0;
  for (align::Language from : directions) {
    for (const align::LexiconMatch& m : lexicon.lookup(from, opt.word)) {
      ++found;
      if (opt.json) {
        const Json o = {{"from", std::string(align::language_code(from))},
                        {"key", m.key},
                        {"translation", m.translation},
                        {"pos", m.pos},
                        {"sources", sources_text(m.sources)},
                        {"via_stem", m.via_stem}};
        std::cout << json_line(o) << '\n';
      } else {
        std::cout << align::language_code(from) << "  " << m.key << "  ->  " << m.translation;
        if (!m.pos.empty()) std::cout << "  <" << m.pos << '>';
        std::cout << "  [" << sources_text(m.sources) << ']' << (m.via_stem ? "  (via stem)" : "")
                  << '\n';
      }
    }
  }
  if (!opt.json && found == 0) ctx.info("'" + opt.word + "' is not in the lexicon");
}

struct StatsOptions {
  bool json = false;
};

void run_lexicon_stats(const StatsOptions& opt, const Context& ctx) {
  auto start = std::chrono::steady_clock::now();
  auto access = LexiconAccess::load(ctx);
  double load_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  align::LexiconStats s = access->lexicon().stats();
  if (opt.json) {
    Json by_source = Json::object(), only = Json::object();
    for (size_t i = 0; i < align::kLexiconSourceCount; ++i) {
      std::string name(align::source_name(static_cast<align::LexiconSource>(i)));
      by_source[name] = s.pairs_by_source[i];
      only[name] = s.only_from_source[i];
    }
    const Json o = {{"path", access->path()},         {"entries", s.pairs},
                    {"es_keys", s.es_keys},           {"en_keys", s.en_keys},
                    {"multiword", s.multiword_pairs}, {"by_source", by_source},
                    {"only_from_source", only},       {"load_ms", json_number(load_ms)}};
    std::cout << json_line(o) << '\n';
    return;
  }
  std::cout << "lexicon:          " << access->path() << '\n'
            << "entries (es-en):  " << s.pairs << '\n'
            << "Spanish keys:     " << s.es_keys << '\n'
            << "English keys:     " << s.en_keys << '\n'
            << "multi-word pairs: " << s.multiword_pairs << '\n';
  for (size_t i = 0; i < align::kLexiconSourceCount; ++i) {
    if (s.pairs_by_source[i] == 0) continue;
    std::cout << "  from " << align::source_name(static_cast<align::LexiconSource>(i)) << ": "
              << s.pairs_by_source[i] << " (" << s.only_from_source[i] << " from it alone)\n";
  }
  std::cout << "loaded in:        " << load_ms << " ms\n";
}

}  // namespace

void add_lexicon_commands(CLI::App& app, Context& ctx) {
  CLI::App* lexicon =
      app.add_subcommand("lexicon", "Look into the bilingual lexicon the aligner uses");
  lexicon->require_subcommand(1);
  lexicon->footer("Examples:\n  alinea lexicon lookup ocupaciones\n  alinea lexicon stats --json");
  {
    auto opt = std::make_shared<LookupOptions>();
    CLI::App* sub =
        lexicon->add_subcommand("lookup", "Translations of a word or phrase (direct and via stem)");
    sub->add_option("WORD", opt->word, "Word or phrase, any case, with or without accents")
        ->required();
    add_language_option(*sub, "--lang,-l", opt->language,
                        "Look up from es or en only (default: both)");
    sub->add_flag("--json", opt->json,
                  "JSON Lines: from, key, translation, pos, sources, via_stem");
    sub->footer(
        "Examples:\n  alinea lexicon lookup ocupaciones\n  alinea lexicon lookup \"land\" --lang "
        "en");
    sub->callback([opt, &ctx] { run_lookup(*opt, ctx); });
  }
  {
    auto opt = std::make_shared<StatsOptions>();
    CLI::App* sub =
        lexicon->add_subcommand("stats", "Size of the lexicon by source, and its load time");
    sub->add_flag("--json", opt->json,
                  "One JSON object (fields: entries, by_source, load_ms, ...)");
    sub->footer("Examples:\n  alinea lexicon stats\n  alinea lexicon stats --json");
    sub->callback([opt, &ctx] { run_lexicon_stats(*opt, ctx); });
  }
  add_resource_build_commands(*lexicon, app, ctx);
}

}  // namespace alinea::cli
