// alinea: align Spanish and English texts into a translation memory.
// main() only wires the subcommands, parses, and maps errors to exit codes:
// 0 success, 1 user error (arguments, input files), 2 internal or I/O error.
#include <sqlite3.h>
#include <unistd.h>
#include <unicode/uversion.h>

#include <CLI/CLI.hpp>
#include <iostream>

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
  cli::add_exchange_commands(app, ctx);
  cli::add_glossary_commands(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    return fail(kExitUser, e.what());
  } catch (const cli::UsageError& e) {
    return fail(kExitUser, e.what());
  } catch (const align::InputError& e) {
    return fail(kExitUser, e.what());
  } catch (const tm::InputError& e) {
    return fail(kExitUser, e.what());
  } catch (const tm::NotFoundError& e) {
    return fail(kExitUser, e.what());
  } catch (const tm::NotATmError& e) {
    return fail(kExitUser, e.what());
  } catch (const tm::BusyError& e) {
    return fail(kExitInternal, std::string(e.what()) + "; --busy-timeout SECONDS waits longer");
  } catch (const std::exception& e) {
    return fail(kExitInternal, e.what());
  }
  return 0;
}
