// alinea import / export: TMX 1.4b, TSV and CSV in and out of the TM.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "align/language.h"
#include "cli/commands.h"
#include "cli/document_pairs.h"
#include "cli/format.h"
#include "cli/json_shapes.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "cli/tm_open.h"
#include "cli/tm_writes.h"
#include "tm/error.h"
#include "tm/exchange/tmx_lint.h"
#include "tm/exchange/tmx_reader.h"
#include "tm/exchange/tmx_writer.h"
#include "tm/exchange/tsv.h"

namespace alinea::cli {
namespace {
namespace fs = std::filesystem;

enum class Exchange { Tmx, Tsv, Csv };

const std::map<std::string, Exchange> kFormats = {
    {"tmx", Exchange::Tmx}, {"tsv", Exchange::Tsv}, {"csv", Exchange::Csv}};

std::optional<Exchange> format_from_name(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".tmx" || ext == ".xml") return Exchange::Tmx;
  if (ext == ".tsv" || ext == ".tab" || ext == ".txt") return Exchange::Tsv;
  if (ext == ".csv") return Exchange::Csv;
  return std::nullopt;
}

struct ImportOptions {
  std::string file;
  std::optional<Exchange> format;
  std::string document;
  bool replace = false;
  bool skip_bad = false;
  bool force = false;
  bool json = false;
};

tm::ReadReport read_units(const ImportOptions& opt, Exchange format, tm::ReadOptions& read,
                          const tm::UnitCallback& on_unit) {
  if (format == Exchange::Tmx) {
    if (opt.file == "-") return tm::read_tmx(std::cin, "-", read, on_unit);
    return tm::read_tmx(opt.file, read, on_unit);
  }
  tm::TableFormat table = format == Exchange::Csv ? tm::TableFormat::Csv : tm::TableFormat::Tsv;
  if (opt.file == "-") return tm::read_table(std::cin, "-", table, read, on_unit);
  return tm::read_table(opt.file, table, read, on_unit);
}

// The import proper; run_import() checks the file and cleans up after it.
void import_into_tm(const ImportOptions& opt, Exchange format, const Context& ctx) {
  Progress progress(ctx, "importing", !opt.json);
  progress.show_bytes();
  uint64_t units_read = 0;
  tm::ReadOptions read;
  read.skip_bad = opt.skip_bad;
  read.progress = [&progress, &units_read](uint64_t done, uint64_t total) {
    progress.update(done, total, std::to_string(units_read) + " units");
  };
  SwapCheck swap_check(opt.file, format != Exchange::Tmx && !opt.force);

  tm::Store store = open_tm_for_writing(ctx);
  tm::ReadReport report;
  int64_t inserted = 0, merged = 0, removed = 0;
  std::size_t omission_rows = 0;
  if (opt.replace) {
    // The corrected alignment of one document: read it whole (a document,
    // not a TM), then swap it in, in one transaction.
    std::vector<tm::TranslationUnit> rows;
    read.allow_omissions = true;
    report = read_units(opt, format, read, [&](tm::TranslationUnit&& u) {
      ++units_read;
      swap_check.add(u);
      rows.push_back(std::move(u));
    });
    swap_check.check();
    std::optional<tm::DocumentAlignment> previous;
    if (store.document(opt.document)) previous = store.document_alignment(opt.document);
    TablePlan plan = plan_table(std::move(rows), previous ? &*previous : nullptr);
    tm::DocumentRecord record;
    record.name = opt.document;
    record.source_sentences = std::move(plan.source_sentences);
    record.target_sentences = std::move(plan.target_sentences);
    tm::DocumentImportResult r = store.store_alignment(record, plan.pairs, {}, /*force=*/true);
    inserted = r.inserted;
    merged = r.merged;
    removed = r.removed;
    progress.finish();
    ctx.info(opt.file + ": document '" + opt.document + "': " + std::to_string(plan.unchanged) +
             " rows unchanged, " + std::to_string(plan.changed) +
             " changed or new (stored as your decisions: reviewed), " + std::to_string(removed) +
             " machine pairs the table no longer has removed");
    for (int64_t id : r.unplaced) {
      auto unit = store.get_unit(id);
      ctx.warn("unit " + std::to_string(id) + " ('" + (unit ? unit->source.text : std::string()) +
               "', " + (unit ? std::string(tm::status_name(unit->status)) : "") +
               ") is not in the table: it stays in the TM without a place in the document "
               "(alinea show " +
               std::to_string(id) + ")");
    }
  } else {
    // Reading and parsing run on a second thread while this one stores
    // (add_all); an error on either side rolls the whole import back. A row
    // with one empty cell (a sentence without counterpart, as `align`
    // writes them) is no translation: it is counted and left out.
    read.allow_omissions = true;
    tm::Store::Transaction tx = store.begin();
    auto added = tx.add_all([&](const tm::Store::Transaction::UnitSink& sink) {
      report = read_units(opt, format, read, [&](tm::TranslationUnit&& u) {
        ++units_read;
        swap_check.add(u);
        if (u.omission()) {
          ++omission_rows;
          return;
        }
        if (!opt.document.empty() && !u.document) u.document = opt.document;
        sink(std::move(u));
      });
      swap_check.check();
    });
    inserted = added.inserted;
    merged = added.merged;
    tx.commit();
  }
  progress.finish();
  for (const std::string& problem : report.problems) ctx.warn("skipped: " + problem);
  if (opt.json) {
    ImportCounts counts;
    counts.units = report.units;
    counts.inserted = inserted;
    counts.merged = merged;
    counts.removed = removed;
    counts.skipped = report.skipped;
    counts.extra_variants = report.extra_variants;
    std::cout << json_line(import_json(opt.file, counts)) << '\n';
    return;
  }
  if (opt.replace) return;
  if (omission_rows)
    ctx.info(opt.file + ": " + std::to_string(omission_rows) +
             " rows with one empty cell (sentences without a translation) left out");
  ctx.info(opt.file + ": imported " + std::to_string(report.units - omission_rows) +
           " units into " + store.path() + " (" + std::to_string(inserted) + " new, " +
           std::to_string(merged) + " duplicates merged" +
           (opt.replace ? ", " + std::to_string(removed) + " old units replaced" : std::string()) +
           ")" +
           (report.skipped ? "; " + std::to_string(report.skipped) + " bad units skipped"
                           : std::string()) +
           (report.extra_variants ? "; " + std::to_string(report.extra_variants) +
                                        " units had other languages, which were left out"
                                  : std::string()));
  // Duplicates merged into units of other documents count for this one too.
  if (!opt.document.empty())
    if (auto doc = store.document(opt.document))
      ctx.info("document '" + opt.document + "' now has " + std::to_string(doc->units) +
               " units (alinea export --doc " + opt.document + " lists them)");
}

// Removes a TM file this run created, with the files SQLite keeps beside it.
void remove_new_tm(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

void run_import(const ImportOptions& opt, const Context& ctx) {
  if (opt.replace && opt.document.empty())
    throw UsageError("import: --replace needs --doc NAME (the document whose units it replaces)");
  std::error_code ec;
  if (opt.file != "-" && !fs::exists(opt.file, ec)) throw UsageError(opt.file + ": no such file");
  if (opt.file != "-" && fs::is_directory(opt.file, ec))
    throw UsageError(opt.file + ": is a directory");
  std::optional<Exchange> format = opt.format ? opt.format : format_from_name(opt.file);
  if (!format)
    throw UsageError(opt.file + ": cannot tell the format from the name; say --format tmx|tsv|csv");
  // A failed import leaves the TM as it was: one transaction for a TM that
  // existed, no file at all for one this import would have created.
  const std::string tm_path = ctx.tm_path();
  const bool tm_existed = fs::exists(fs::symlink_status(tm_path, ec));
  try {
    import_into_tm(opt, *format, ctx);
  } catch (...) {
    if (!tm_existed) remove_new_tm(tm_path);
    throw;
  }
}

struct ExportOptions {
  std::string output = "-";
  std::optional<Exchange> format;
  std::string document;
  std::string status;
  std::optional<double> min_confidence;
  std::string since, until;
  std::string srclang = "es";
  bool include_rejected = false;
  bool include_pending = false;
  bool check = false;
  bool bom = false;
};

// "the first 5 ids, and N more" for a warning.
std::string first_ids(const std::vector<int64_t>& ids, size_t total) {
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : ", ") + std::to_string(id);
  if (total > ids.size()) out += " and " + std::to_string(total - ids.size()) + " more";
  return out;
}

void run_export(const ExportOptions& opt, const Context& ctx) {
  std::optional<Exchange> format = opt.format;
  if (!format && opt.output != "-") {
    format = format_from_name(opt.output);
    std::string ext = fs::path(opt.output).extension().string();
    if (!format && !ext.empty())
      throw UsageError(opt.output + ": cannot tell the format from '" + ext +
                       "'; name the file .tmx, .tsv or .csv, or say --format tmx|tsv|csv");
    if (!format) ctx.info(opt.output + ": no extension, writing TMX (say --format tsv|csv)");
  }
  if (!format) format = Exchange::Tmx;
  if (opt.check && *format != Exchange::Tmx)
    throw UsageError(
        "export: --check checks TMX against the TMX 1.4b rules; it does not apply to " +
        std::string(*format == Exchange::Csv ? "CSV" : "TSV"));
  if (opt.check && opt.output == "-")
    throw UsageError("export: --check checks the written file; give it with -o FILE.tmx");
  tm::Store store = open_tm_for_reading(ctx);
  tm::UnitFilter filter;
  if (!opt.document.empty()) {
    if (!store.document(opt.document))
      throw tm::NotFoundError(store.path() + ": no document named '" + opt.document + "'");
    filter.document = opt.document;
  }
  if (!opt.status.empty()) filter.status = tm::parse_status(opt.status);
  filter.min_confidence = opt.min_confidence;
  if (!opt.since.empty()) filter.changed_since = parse_time(opt.since);
  if (!opt.until.empty()) filter.changed_until = parse_time(opt.until);
  // Rejected units are wrong pairs: they stay out unless asked for.
  bool skip_rejected = !opt.include_rejected && opt.status != "rejected";
  filter.include_pending = opt.include_pending;

  OutputFile out(opt.output);
  Progress progress(ctx, "exporting", !out.is_stdout() || !ctx.stdout_is_terminal);
  uint64_t total = static_cast<uint64_t>(store.unit_count()), seen = 0;
  size_t written = 0, replaced = 0, units_replaced = 0;
  // The units that had characters replaced, to name the first few.
  constexpr size_t kNamedUnits = 5;
  std::vector<int64_t> replaced_ids;
  // Both writers take units one by one and report what they wrote.
  auto stream_units = [&](auto& writer) {
    store.for_each_unit(filter, [&](const tm::TranslationUnit& u) {
      progress.update(++seen, total);
      if (skip_rejected && u.status == tm::UnitStatus::Rejected) return;
      if (u.omission()) return;  // a sentence without its translation is no unit to exchange
      const size_t before = writer.replaced();
      writer.write(u);
      if (writer.replaced() != before && ++units_replaced <= kNamedUnits)
        replaced_ids.push_back(u.id);
    });
    writer.finish();
    written = writer.count();
    replaced = writer.replaced();
  };
  if (*format == Exchange::Tmx) {
    tm::TmxHeader header;
    header.srclang = opt.srclang;
    header.creationtoolversion = ALINEA_VERSION;
    tm::TmxWriter writer(out.stream(), header);
    stream_units(writer);
  } else {
    tm::TableOptions table;
    table.format = *format == Exchange::Csv ? tm::TableFormat::Csv : tm::TableFormat::Tsv;
    table.srclang = opt.srclang;
    table.bom = opt.bom;
    tm::TableWriter writer(out.stream(), table);
    stream_units(writer);
  }
  progress.finish();
  out.commit();
  if (replaced)
    ctx.warn(std::to_string(replaced) +
             (*format == Exchange::Tmx ? " characters XML cannot carry"
                                       : " bytes that are not valid UTF-8") +
             " were written as U+FFFD, in unit" + (units_replaced > 1 ? "s " : " ") +
             first_ids(replaced_ids, units_replaced) + " (alinea show " +
             std::to_string(replaced_ids.front()) + ")");
  ctx.info("exported " + std::to_string(written) + " units" +
           (out.is_stdout() ? std::string() : " to " + opt.output));
  if (opt.check) {
    auto problems = tm::lint_tmx(opt.output);
    for (const auto& p : problems)
      std::cerr << opt.output << ':' << p.line << ':' << p.column << ": " << p.message << '\n';
    if (!problems.empty())
      throw std::runtime_error(opt.output + ": the export breaks " +
                               std::to_string(problems.size()) + " TMX 1.4b rule(s)");
    ctx.info(opt.output + ": TMX 1.4b checks passed");
  }
}

void add_format_option(CLI::App& sub, std::optional<Exchange>& target, const std::string& help) {
  sub.add_option_function<std::string>(
      "--format,-f",
      [&target](const std::string& value) {
        auto it = kFormats.find(value);
        if (it == kFormats.end())
          throw CLI::ValidationError("format", "'" + value + "' is not tmx, tsv or csv");
        target = it->second;
      },
      help);
}

}  // namespace

void add_exchange_commands(CLI::App& app, Context& ctx) {
  {
    auto opt = std::make_shared<ImportOptions>();
    CLI::App* sub =
        app.add_subcommand("import", "Import TMX (1.1-1.4, UTF-8/UTF-16), TSV or CSV into the TM");
    add_tm_option(*sub, ctx);
    sub->add_option("FILE", opt->file, "The file (- for stdin, with --format)")->required();
    add_format_option(*sub, opt->format, "tmx, tsv or csv (default: from the extension)");
    sub->add_option("--doc", opt->document, "Attach the units to this document");
    sub->add_flag("--replace", opt->replace,
                  "Replace all units of --doc with the file's (a corrected alignment)");
    sub->add_flag("--skip-bad", opt->skip_bad,
                  "Skip bad units and report them, instead of refusing the whole file");
    sub->add_flag("--force", opt->force,
                  "Import a table even when its es and en columns look swapped");
    sub->add_flag("--json", opt->json,
                  "Report as one JSON object: units, inserted, merged, skipped");
    sub->footer(
        "The import is one transaction: a bad file leaves the TM exactly as it was.\n"
        "Tables need a header row naming the columns: es, en (or es-CL, en-GB...), and\n"
        "optionally status, confidence, doc, note.\n"
        "Examples:\n  alinea import memoria.tmx\n  alinea import fixed.tsv --doc entrevista "
        "--replace\n"
        "  alinea import trados-export.tmx --skip-bad");
    sub->callback([opt, &ctx] { run_import(*opt, ctx); });
  }
  {
    auto opt = std::make_shared<ExportOptions>();
    CLI::App* sub = app.add_subcommand("export", "Export the TM as TMX 1.4b, TSV or CSV");
    add_tm_option(*sub, ctx);
    sub->add_option("-o,--output", opt->output, "Output file (default: stdout)");
    add_format_option(*sub, opt->format, "tmx, tsv or csv (default: from the extension, else tmx)");
    sub->add_option("--doc", opt->document, "Only this document's units")->group("Filters");
    sub->add_option("--status", opt->status, "Only units with this status")
        ->check(CLI::IsMember({"aligned", "reviewed", "rejected"}))
        ->group("Filters");
    sub->add_option("--min-confidence", opt->min_confidence,
                    "Only aligned units at least this confident")
        ->check(CLI::Range(0.0, 1.0))
        ->group("Filters");
    sub->add_option("--since", opt->since, "Only units changed on or after this date (YYYY-MM-DD)")
        ->group("Filters");
    sub->add_option("--until", opt->until, "Only units changed on or before this date")
        ->group("Filters");
    sub->add_flag("--include-pending", opt->include_pending,
                  "Also export doubtful machine pairs waiting for review (omissions never)");
    sub->add_flag("--include-rejected", opt->include_rejected, "Also export rejected units")
        ->group("Filters");
    sub->add_option("--srclang", opt->srclang, "Source language: its tuv/column comes first")
        ->check(CLI::IsMember({"es", "en"}))
        ->capture_default_str();
    sub->add_flag("--check", opt->check,
                  "Check the written TMX file (-o FILE.tmx) against the TMX 1.4b rules");
    sub->add_flag("--bom", opt->bom, "CSV: start with a UTF-8 byte order mark (for Excel)");
    sub->footer(
        "Examples:\n  alinea export -o memoria.tmx\n  alinea export -o revisadas.tmx --status "
        "reviewed --srclang en\n"
        "  alinea export -o hoja.csv --doc entrevista --bom");
    sub->callback([opt, &ctx] { run_export(*opt, ctx); });
  }
}

}  // namespace alinea::cli
