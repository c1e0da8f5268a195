// alinea: align Spanish and English texts into a translation memory.
// main() only wires the subcommands, parses, and maps errors to exit codes:
// 0 success, 1 user error (arguments, input files), 2 internal or I/O error.
#include <sqlite3.h>
#include <unicode/uversion.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "align/error.h"
#include "cli/commands.h"
#include "cli/context.h"
#include "tm/error.h"

namespace {

constexpr int kExitUser = 1;
constexpr int kExitInternal = 2;

int fail(int code, const std::string& message) {
  std::cerr << "alinea: error: " << message << '\n';
  return code;
}

// The one place where the libraries' errors become exit codes (README,
// "Exit codes"): what the user can fix (a command line, an input file, a
// unit or document that does not exist, a file that is no TM) gives 1;
// anything else (the disk, the database, a resource, a bug) gives 2.
int fail_with(const std::exception& e) {
  if (dynamic_cast<const alinea::tm::BusyError*>(&e))
    return fail(kExitInternal, std::string(e.what()) + "; --busy-timeout SECONDS waits longer");
  const bool users_to_fix = dynamic_cast<const alinea::cli::UsageError*>(&e) ||
                            dynamic_cast<const alinea::align::InputError*>(&e) ||
                            dynamic_cast<const alinea::tm::InputError*>(&e) ||
                            dynamic_cast<const alinea::tm::NotFoundError*>(&e) ||
                            dynamic_cast<const alinea::tm::NotATmError*>(&e) ||
                            dynamic_cast<const alinea::tm::NotEmptyError*>(&e);
  return fail(users_to_fix ? kExitUser : kExitInternal, e.what());
}

// Restricted Damerau-Levenshtein distance: a swap of two neighbours ("serach")
// costs one, as a slip of the fingers does.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// The subcommands of `app` closest to `word`, as git finds them for a
// mistyped command: within two edits (one for short names), or starting
// with what was typed.
std::vector<std::string> closest_commands(const CLI::App& app, const std::string& word) {
  std::vector<std::pair<size_t, std::string>> scored;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    const std::string& name = sub->get_name();
    size_t distance = edit_distance(word, name);
    size_t allowed = std::min<size_t>(2, name.size() / 3);
    if (word.size() >= 2 && name.starts_with(word)) distance = 0;
    if (distance <= allowed) scored.emplace_back(distance, name);
  }
  std::vector<std::string> out;
  if (scored.empty()) return out;
  size_t best = std::min_element(scored.begin(), scored.end())->first;
  for (const auto& [distance, name] : scored)
    if (distance == best) out.push_back(name);
  return out;
}

// When parsing failed: the first word of the command line where a
// subcommand was expected but none of that name exists, as one error line
// ("'serch' is not an alinea command. Did you mean 'search'?"); empty when
// the words name known subcommands. Values of options ("--data-dir X") are
// skipped, so that X is not taken for a command.
std::string unknown_command_message(const CLI::App& app, int argc, char** argv) {
  const CLI::App* current = &app;
  std::string path = app.get_name();
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") break;
    if (arg.size() > 1 && arg[0] == '-') {
      const CLI::Option* opt = nullptr;
      for (const CLI::App* a = current; a && !opt; a = a->get_parent())
        opt = a->get_option_no_throw(arg);
      if (opt && opt->get_items_expected_min() > 0) ++i;
      continue;
    }
    auto subs = current->get_subcommands([](const CLI::App*) { return true; });
    if (subs.empty() ||
        !current->get_options([](const CLI::Option* o) { return o->get_positional(); }).empty())
      return {};
    auto named = std::find_if(subs.begin(), subs.end(),
                              [&](const CLI::App* s) { return s->check_name(arg); });
    if (named == subs.end()) {
      std::string message = "'" + arg + "' is not an " + path + " command.";
      std::vector<std::string> close = closest_commands(*current, arg);
      if (close.size() == 1) {
        message += " Did you mean '" + close.front() + "'?";
      } else if (!close.empty()) {
        message += " Did you mean one of";
        for (size_t k = 0; k < close.size(); ++k)
          message += (k == 0 ? " '" : ", '") + close[k] + "'";
        message += "?";
      } else {
        message += " See '" + path + " --help'.";
      }
      return message;
    }
    current = *named;
    path += " " + current->get_name();
  }
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  using namespace alinea;
  cli::Context ctx;
  ctx.stderr_is_terminal = isatty(STDERR_FILENO) != 0;
  ctx.stdout_is_terminal = isatty(STDOUT_FILENO) != 0;

  CLI::App app{
      "Align Spanish and English renderings of a text sentence by sentence, keep the pairs in "
      "an SQLite translation memory (TM), search it and exchange it as TMX.",
      "alinea"};
  app.set_version_flag("--version", std::string("alinea ") + ALINEA_VERSION + " (ICU " +
                                        U_ICU_VERSION + ", SQLite " + sqlite3_libversion() + ")");
  app.require_subcommand(1);
  app.footer(
      "The TM is --tm FILE, else $ALINEA_TM, else ~/.local/share/alinea/tm.sqlite.\n"
      "Exit codes: 0 success, 1 user error, 2 internal or I/O error.\n"
      "Run `alinea COMMAND --help` for a command's options and examples.");
  app.add_flag("-q,--quiet", ctx.quiet, "Print nothing but data and errors");
  app.add_flag("-v,--verbose", ctx.verbose, "Say more about what is done (repeatable)");
  app.add_option("--data-dir", ctx.data_flag,
                 "Directory with the language resources (lexicon.bin, subwords.model); "
                 "default $ALINEA_DATA, then the build or install location");
  app.fallthrough();

  cli::add_segment_command(app, ctx);
  cli::add_align_command(app, ctx);
  cli::add_score_command(app, ctx);
  cli::add_lexicon_commands(app, ctx);
  cli::add_tm_commands(app, ctx);
  cli::add_search_commands(app, ctx);
  cli::add_terms_command(app, ctx);
  cli::add_exchange_commands(app, ctx);
  cli::add_glossary_commands(app, ctx);
  cli::add_serve_command(app, ctx);
  cli::add_migrate_command(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help, --help-all and --version arrive here too, with exit code 0.
    if (e.get_exit_code() == 0) return app.exit(e);
    if (std::string unknown = unknown_command_message(app, argc, argv); !unknown.empty())
      return fail(kExitUser, unknown);
    return fail(kExitUser, e.what());
  } catch (const std::exception& e) {
    return fail_with(e);
  }
  return 0;
}
