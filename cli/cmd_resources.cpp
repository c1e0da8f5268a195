// alinea lexicon build and alinea train-subwords: making the language
// resources the aligner and the term tools use.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "align/lexicon/build.h"
#include "align/lexicon/subword.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "cli/tm_open.h"

namespace alinea::cli {
namespace {

struct BuildOptions {
  std::string out_dir;
  std::string att_dir;
  std::string from_tsv;
  bool no_subwords = false;
  int vocab_size = 4000;
  bool json = false;
};

// A lexicon of the user's own pairs (es<TAB>en lines), e.g. a project
// glossary, without any Debian dictionary.
void build_from_tsv(const BuildOptions& opt, const Context& ctx) {
  align::TsvReadReport read;
  align::Lexicon lexicon = align::Lexicon::load_tsv(opt.from_tsv, &read);
  std::filesystem::create_directories(opt.out_dir);
  std::string path = opt.out_dir + "/" + std::string(align::kLexiconFile);
  lexicon.save(path);
  if (read.malformed)
    ctx.warn(opt.from_tsv + ": " + std::to_string(read.malformed) + " malformed lines skipped");
  if (opt.json) {
    std::cout << align::to_json(lexicon.stats()) << '\n';
    return;
  }
  std::cout << "lexicon:  " << path << " (" << lexicon.size() << " Spanish-English pairs from "
            << opt.from_tsv << ")\n";
}

void run_build(const BuildOptions& opt, const Context& ctx) {
  if (!opt.from_tsv.empty()) return build_from_tsv(opt, ctx);
  align::ResourceInputs inputs =
      align::ResourceInputs::debian(opt.att_dir.empty() ? opt.out_dir : opt.att_dir);
  inputs.build_subwords = !opt.no_subwords;
  inputs.subword_vocab_size = opt.vocab_size;
  Progress progress(ctx, "building resources", !opt.json);
  align::BuildReport report = align::build_resources(
      inputs, opt.out_dir,
      [&progress](size_t done, size_t total) { progress.update(done, total); });
  progress.finish();
  if (opt.json) {
    std::cout << align::to_json(report) << '\n';
    return;
  }
  for (const std::string& note : report.notes) ctx.info("note: " + note);
  std::cout << "lexicon:  " << report.lexicon_file << " (" << report.lexicon.pairs
            << " Spanish-English pairs)\n";
  for (size_t i = 0; i < align::kLexiconSourceCount; ++i) {
    if (report.lexicon.pairs_by_source[i] == 0) continue;
    std::cout << "  from " << align::source_name(static_cast<align::LexiconSource>(i)) << ": "
              << report.lexicon.pairs_by_source[i] << '\n';
  }
  std::cout << "dump:     " << report.tsv_file << '\n';
  if (!report.subword_model_file.empty())
    std::cout << "subwords: " << report.subword_model_file << " (" << report.subword_pieces
              << " pieces from " << report.subword_training_lines
              << " lines; trained on: " << report.subword_info_file << ")\n";
}

struct TrainOptions {
  std::string out_prefix;
  int vocab_size = 4000;
};

bool same_directory(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code ec;
  return std::filesystem::equivalent(a, b, ec);
}

// Where the model goes: --out PREFIX (an existing directory takes the
// default name inside it), else beside the TM, so that retraining never
// replaces the model shipped in the build tree or the installed share/alinea.
std::string subword_prefix(const TrainOptions& opt, const Context& ctx) {
  namespace fs = std::filesystem;
  const std::string name(align::kSubwordPrefix);
  if (!opt.out_prefix.empty()) {
    std::error_code ec;
    if (fs::is_directory(opt.out_prefix, ec)) return (fs::path(opt.out_prefix) / name).string();
    fs::path dir = fs::path(opt.out_prefix).parent_path();
    if (dir.empty()) dir = ".";
    if (!fs::is_directory(dir, ec))
      throw UsageError(dir.string() + ": no such directory (train-subwords --out " +
                       opt.out_prefix + " writes into it; create it first)");
    if (access(dir.c_str(), W_OK) != 0)
      throw UsageError(dir.string() + ": cannot write in this directory (train-subwords --out)");
    return opt.out_prefix;
  }
  fs::path dir = fs::path(ctx.tm_path()).parent_path();
  if (dir.empty()) dir = ".";
  for (const char* shipped : {ALINEA_BUILD_DATA_DIR, ALINEA_INSTALL_DATA_DIR})
    if (same_directory(dir, shipped))
      throw UsageError(dir.string() +
                       ": holds the shipped subword model, which train-subwords does not replace; "
                       "say where to write with --out PREFIX");
  return (dir / name).string();
}

void run_train_subwords(const TrainOptions& opt, const Context& ctx) {
  std::string prefix = subword_prefix(opt, ctx);
  tm::Store store = open_tm_for_reading(ctx);
  // SentencePiece trains from files: write the TM's text to a temporary one.
  std::string text_path = (std::filesystem::temp_directory_path() /
                           ("alinea-subwords-" + std::to_string(getpid()) + ".txt"))
                              .string();
  size_t units = 0;
  {
    std::ofstream text(text_path, std::ios::binary);
    if (!text) throw std::runtime_error(text_path + ": cannot write");
    store.for_each_unit({}, [&](const tm::TranslationUnit& u) {
      if (u.status == tm::UnitStatus::Rejected) return;
      text << u.source.text << '\n' << u.target.text << '\n';
      ++units;
    });
    if (!text.flush()) throw std::runtime_error(text_path + ": write failed");
  }
  struct Cleanup {
    std::string path;
    ~Cleanup() { std::remove(path.c_str()); }
  } cleanup{text_path};
  if (units == 0) throw UsageError(store.path() + ": the TM has no units to train on");
  ctx.info("training a subword model on " + std::to_string(units) + " units of " + store.path());
  align::train_subword_model({text_path}, prefix, opt.vocab_size,
                             "TM " + store.path() + ": " + std::to_string(units) +
                                 " units, both sides (alinea train-subwords)");
  align::SubwordModel model = align::SubwordModel::load(prefix + ".model");
  std::cout << "wrote " << prefix << ".model: " << model.piece_count() << " pieces; trained on "
            << align::subword_info_path(prefix) << '\n';
}

}  // namespace

void add_resource_build_commands(CLI::App& lexicon, CLI::App& app, Context& ctx) {
  {
    auto opt = std::make_shared<BuildOptions>();
    CLI::App* sub = lexicon.add_subcommand(
        "build",
        "Build lexicon.bin (FreeDict + Apertium) and subwords.model from Debian's packages");
    sub->add_option("--out", opt->out_dir, "Resource directory to write")->required();
    sub->add_option("--att-dir", opt->att_dir,
                    "Where `lt-print` wrote spa-eng.autobil.att and eng-spa.autobil.att "
                    "(default: --out)");
    sub->add_option("--from-tsv", opt->from_tsv,
                    "Build the lexicon from your own es<TAB>en pairs instead of the dictionaries")
        ->check(CLI::ExistingFile);
    sub->add_flag("--no-subwords", opt->no_subwords, "Only the lexicon");
    sub->add_option("--vocab-size", opt->vocab_size, "Subword pieces at most")
        ->capture_default_str();
    sub->add_flag("--json", opt->json, "Report as one JSON object");
    sub->footer(
        "Reads dict-freedict-spa-eng, dict-freedict-eng-spa, apertium-eng-spa (through lt-print)\n"
        "and debian-reference-es/-en; inputs that are not installed are skipped with a note.\n"
        "Examples:\n"
        "  lt-print /usr/share/apertium/apertium-eng-spa/spa-eng.autobil.bin "
        "> res/spa-eng.autobil.att\n"
        "  alinea lexicon build --out res\n"
        "  alinea lexicon build --from-tsv glosario.tsv --out mine");
    sub->callback([opt, &ctx] { run_build(*opt, ctx); });
  }
  {
    auto opt = std::make_shared<TrainOptions>();
    CLI::App* sub =
        app.add_subcommand("train-subwords", "Retrain the subword model on the TM's own text");
    add_tm_option(*sub, ctx);
    sub->add_option("--out", opt->out_prefix,
                    "Model prefix to write, or a directory (default: subwords beside the TM; "
                    "the shipped model is never replaced)");
    sub->add_option("--vocab-size", opt->vocab_size, "Subword pieces at most")
        ->capture_default_str();
    sub->footer(
        "Writes PREFIX.model, PREFIX.vocab and PREFIX.model.json (what it was trained on);\n"
        "by default PREFIX is subwords in the TM's directory\n"
        "(e.g. ~/.local/share/alinea/subwords); the shipped model is never replaced.\n"
        "Examples:\n"
        "  alinea train-subwords --tm chile.tm\n"
        "  alinea train-subwords --tm chile.tm --out mine/subwords --vocab-size 2000");
    sub->callback([opt, &ctx] { run_train_subwords(*opt, ctx); });
  }
}

}  // namespace alinea::cli
