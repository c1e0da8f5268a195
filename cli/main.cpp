#include <CLI/CLI.hpp>
#include <sqlite3.h>
#include <unicode/uversion.h>

#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{"alinea: align Spanish and English texts into a translation memory"};
  app.set_version_flag("--version", std::string("alinea ") + ALINEA_VERSION + " (ICU " +
                                        U_ICU_VERSION + ", SQLite " + sqlite3_libversion() + ")");
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
