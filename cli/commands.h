// One function per subcommand family registers its subcommands on the app.
// Each keeps its options in a struct owned by the callback (CLI11's
// subcom_in_files pattern); main() only wires and parses.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.h"

namespace alinea::cli {

// Adds --tm (and documents the fallback order) to a subcommand that uses a TM.
void add_tm_option(CLI::App& sub, Context& ctx);

void add_segment_command(CLI::App& app, Context& ctx);
void add_align_command(CLI::App& app, Context& ctx);
void add_score_command(CLI::App& app, Context& ctx);
void add_lexicon_commands(CLI::App& app, Context& ctx);
// `lexicon build` under `lexicon`, and the top-level `train-subwords`.
void add_resource_build_commands(CLI::App& lexicon, CLI::App& app, Context& ctx);
void add_tm_commands(CLI::App& app, Context& ctx);  // stats, docs, show, add, edit, review, delete
void add_search_commands(CLI::App& app, Context& ctx);  // search, match
void add_terms_command(CLI::App& app, Context& ctx);
void add_exchange_commands(CLI::App& app, Context& ctx);  // import, export
void add_glossary_commands(CLI::App& app, Context& ctx);
void add_serve_command(CLI::App& app, Context& ctx);
void add_migrate_command(CLI::App& app, Context& ctx);  // migrate FROM TO

// `alinea review DOC`: the workbench (registered with `review` in cmd_tm).
struct WorkbenchOptions {
  std::string document;
  std::string listen = "127.0.0.1";
  int port = 0;
};
void run_workbench(const WorkbenchOptions& options, const Context& ctx);

}  // namespace alinea::cli
