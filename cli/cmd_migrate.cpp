// `alinea migrate FROM TO`: a whole TM copied to another backend (SQLite
// file <-> PostgreSQL database), checked, in one transaction on TO.
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/json_shapes.h"
#include "cli/progress.h"
#include "tm/store/migrate.h"

namespace alinea::cli {
namespace {

struct MigrateOptions {
  std::string from, to;
  bool json = false;
};

void run_migrate(const MigrateOptions& opt, const Context& ctx) {
  if (!tm::is_postgresql_address(opt.from) && !std::filesystem::exists(opt.from))
    throw UsageError(opt.from + ": no TM here to migrate from");
  if (opt.from == opt.to) throw UsageError(opt.from + ": FROM and TO are the same TM");
  if (!tm::is_postgresql_address(opt.to)) ensure_parent_directory(opt.to);
  tm::MigrateOptions o;
  o.busy_timeout_ms = ctx.busy_timeout_ms();
  Progress progress(ctx, "migrating", !opt.json);
  std::string table_shown;
  o.progress = [&](std::string_view table, int64_t rows) {
    if (table != table_shown) {  // a new table: the bar starts over
      table_shown = table;
      progress.set_label("migrating " + table_shown);
    }
    progress.update(static_cast<uint64_t>(rows), 0, "rows");
  };
  const tm::MigrateResult r = tm::migrate(opt.from, opt.to, o);
  progress.finish();
  if (opt.json) {
    std::cout << json_line(migrate_json(r)) << '\n';
    return;
  }
  std::cout << "migrated " << r.from << " -> " << r.to << '\n';
  for (const auto& t : r.tables)
    std::cout << "  " << std::left << std::setw(16) << t.name << std::right << std::setw(12)
              << t.rows << " rows\n";
  std::cout << "  " << r.tables.size() << " tables, " << r.rows << " rows in " << std::fixed
            << std::setprecision(2) << r.seconds << " s\n"
            << "  units SHA-256 " << r.units_sha256 << " (the same on both sides)\n";
}

}  // namespace

void add_migrate_command(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<MigrateOptions>();
  CLI::App* sub = app.add_subcommand(
      "migrate", "Copy a whole TM to another backend (SQLite file <-> PostgreSQL database)");
  sub->add_option("FROM", opt->from, "The TM to copy: a file, or postgresql://user@host/db")
      ->required();
  sub->add_option("TO", opt->to,
                  "An empty TM to copy into (a new file, or an empty PostgreSQL database)")
      ->required();
  sub->add_option("--busy-timeout", ctx.busy_timeout_flag,
                  "Seconds to wait while another process writes either TM (default: "
                  "$ALINEA_BUSY_TIMEOUT, else 5)")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.0, 86400.0));
  sub->add_flag("--json", opt->json,
                "One JSON object: from, to, tables {name: rows}, rows, units_sha256, revision, "
                "seconds");
  sub->footer(
      "Every table is copied with its ids in one transaction on TO, then checked (row counts\n"
      "and a SHA-256 of the units read back from TO) before it is committed; on any failure\n"
      "TO is left as it was. TO must hold no units and no documents.\n\n"
      "Examples:\n"
      "  alinea migrate chile.tm postgresql://alinea@db.example.org/chile\n"
      "  alinea migrate postgresql://alinea@db.example.org/chile backup.tm --json");
  sub->callback([opt, &ctx] { run_migrate(*opt, ctx); });
}

}  // namespace alinea::cli
