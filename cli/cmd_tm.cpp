// Subcommands that look after the TM itself: stats, docs, show, add, edit,
// review, delete.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "cli/format.h"
#include "cli/json_shapes.h"
#include "cli/tm_open.h"
#include "cli/tm_writes.h"
#include "tm/error.h"

namespace alinea::cli {
namespace {

struct StatsOptions {
  bool json = false;
};

void run_stats(const StatsOptions& opt, const Context& ctx) {
  tm::Store store = open_tm_for_reading(ctx);
  tm::TmStats s = store.stats();
  double reviewed_share = s.units ? static_cast<double>(s.reviewed) / s.units : 0.0;
  if (opt.json) {
    std::cout << json_line(stats_json(store.path(), s)) << '\n';
    return;
  }
  std::cout << "TM:                " << store.path() << '\n'
            << "units:             " << s.units << '\n'
            << "documents:         " << s.documents << '\n'
            << "aligned:           " << s.aligned << '\n'
            << "reviewed:          " << s.reviewed << " (" << std::fixed << std::setprecision(1)
            << 100.0 * reviewed_share << "%)\n"
            << "rejected:          " << s.rejected << '\n'
            << "pending review:    " << s.pending
            << " (doubtful machine pairs and omissions: kept out of search and export)\n"
            << "omissions:         " << s.omissions << '\n'
            << "added by hand:     " << s.manual << '\n'
            << "duplicates merged: " << s.duplicates_merged << '\n'
            << "languages:        ";
  for (const auto& [lang, count] : s.languages) std::cout << ' ' << lang << " (" << count << ')';
  std::cout << '\n';
  if (s.last_change)
    std::cout << "changes:           " << iso_time(s.first_change) << " .. "
              << iso_time(s.last_change) << '\n';
  std::cout << "size on disk:      " << s.file_bytes << " bytes\n";
}

struct DocsOptions {
  bool json = false;
};

void run_docs(const DocsOptions& opt, const Context& ctx) {
  tm::Store store = open_tm_for_reading(ctx);
  for (const tm::DocumentInfo& d : store.documents()) {
    if (opt.json) {
      std::cout << json_line(document_json(d)) << '\n';
    } else {
      std::cout << d.name << '\t' << d.units << " units (" << d.reviewed << " reviewed, "
                << d.pending << " pending review, " << d.omissions << " omissions)\t" << d.src_lang
                << '-' << d.tgt_lang << '\t' << iso_time(d.imported_at) << '\t' << d.imported_by
                << '\t' << d.src_file << " | " << d.tgt_file << '\n';
    }
  }
}

struct ShowOptions {
  int64_t id = 0;
  bool json = false;
};

tm::TranslationUnit require_unit(const tm::Store& store, int64_t id) {
  auto unit = store.get_unit(id);
  if (!unit) throw tm::NotFoundError(store.path() + ": no unit with id " + std::to_string(id));
  return *unit;
}

void print_unit(const tm::TranslationUnit& u) {
  std::cout << "id:         " << u.id << '\n'
            << u.source.lang << ":"
            << std::string(u.source.lang.size() < 11 ? 11 - u.source.lang.size() : 1, ' ')
            << u.source.text << '\n'
            << u.target.lang << ":"
            << std::string(u.target.lang.size() < 11 ? 11 - u.target.lang.size() : 1, ' ')
            << u.target.text << '\n'
            << "status:     " << tm::status_name(u.status) << '\n';
  if (u.confidence) std::cout << "confidence: " << std::setprecision(3) << *u.confidence << '\n';
  if (u.pending)
    std::cout << "pending:    waiting for review (kept out of search and export until then)\n";
  if (u.document)
    std::cout << "document:   " << *u.document
              << (u.position ? " #" + std::to_string(*u.position) : "")
              << (u.place ? ", sentences " + std::to_string(u.place->source.begin + 1) + "-" +
                                std::to_string(u.place->source.end) + " : " +
                                std::to_string(u.place->target.begin + 1) + "-" +
                                std::to_string(u.place->target.end)
                          : std::string(u.document ? ", no longer placed in it" : ""))
              << '\n';
  // Where to find each side again in the .docx, .odt, .epub or .pdf.
  for (const auto& [lang, at] : {std::pair{&u.source.lang, &u.source_location},
                                 std::pair{&u.target.lang, &u.target_location}})
    if (*at) std::cout << "in file (" << *lang << "): " << location_text(**at) << '\n';
  if (!u.note.empty()) std::cout << "note:       " << u.note << '\n';
  // Notes a TMX file had on one language's <tuv>.
  if (!u.source_annotations.note.empty())
    std::cout << "note (" << u.source.lang << "):  " << u.source_annotations.note << '\n';
  if (!u.target_annotations.note.empty())
    std::cout << "note (" << u.target.lang << "):  " << u.target_annotations.note << '\n';
  std::cout << "created:    " << iso_time(u.created_at) << " by " << u.created_by << '\n'
            << "changed:    " << iso_time(u.changed_at) << " by " << u.changed_by << '\n';
}

void run_show(const ShowOptions& opt, const Context& ctx) {
  tm::Store store = open_tm_for_reading(ctx);
  tm::TranslationUnit u = require_unit(store, opt.id);
  if (opt.json)
    std::cout << json_line(unit_json(u)) << '\n';
  else
    print_unit(u);
}

struct AddOptions {
  std::string source, target;
  std::string src_lang = "es", tgt_lang = "en";
  std::string note;
  bool reviewed = false;
};

void run_add(const AddOptions& opt, const Context& ctx) {
  AddRequest request;
  request.source = opt.source;
  request.target = opt.target;
  request.source_lang = opt.src_lang;
  request.target_lang = opt.tgt_lang;
  request.note = opt.note;
  request.reviewed = opt.reviewed;
  // Refused before the TM is opened (and perhaps created).
  if (request.source.empty() || request.target.empty())
    throw UsageError("add: both the source and the target text must be non-empty");
  tm::Store store = open_tm_for_writing(ctx);
  tm::AddResult r = add_pair(store, request);
  std::cout << r.id << '\n';
  ctx.info(r.merged ? "already in the TM as unit " + std::to_string(r.id) + " (origin recorded)"
                    : "added unit " + std::to_string(r.id));
}

struct EditOptions {
  int64_t id = 0;
  std::optional<std::string> source, target, note;
};

// No text given on the command line: let the user edit the unit in $EDITOR,
// as git does for commit messages.
void edit_in_editor(const tm::TranslationUnit& u, EditOptions& opt) {
  const char* editor = std::getenv("VISUAL");
  if (!editor || !*editor) editor = std::getenv("EDITOR");
  if (!editor || !*editor)
    throw UsageError("edit: give --source/--target/--note, or set $EDITOR to edit unit " +
                     std::to_string(u.id) + " interactively");
  char path[] = "/tmp/alinea-edit-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("edit: cannot create a temporary file");
  close(fd);
  {
    std::ofstream f(path);
    f << "# Edit unit " << u.id << ". Lines starting with # are ignored; keep the prefixes.\n"
      << "source: " << u.source.text << '\n'
      << "target: " << u.target.text << '\n'
      << "note: " << u.note << '\n';
  }
  std::string command = std::string(editor) + " '" + path + "'";
  int rc = std::system(command.c_str());
  std::ifstream f(path);
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("source: ", 0) == 0) opt.source = line.substr(8);
    if (line.rfind("target: ", 0) == 0) opt.target = line.substr(8);
    if (line.rfind("note: ", 0) == 0) opt.note = line.substr(6);
  }
  std::remove(path);
  if (rc != 0)
    throw UsageError("edit: the editor failed; unit " + std::to_string(u.id) + " unchanged");
}

void run_edit(EditOptions opt, const Context& ctx) {
  tm::Store store = open_tm_for_writing(ctx);
  tm::TranslationUnit u = require_unit(store, opt.id);
  if (!opt.source && !opt.target && !opt.note) edit_in_editor(u, opt);
  if (!edit_pair(store, {opt.id, opt.source, opt.target, opt.note})) {
    ctx.info("unit " + std::to_string(opt.id) + " unchanged");
    return;
  }
  ctx.info("edited unit " + std::to_string(opt.id) +
           (u.status == tm::UnitStatus::Rejected ? std::string(" (still rejected)")
                                                 : " (now reviewed: a re-alignment keeps it)"));
}

struct ReviewOptions {
  std::vector<std::string> targets;  // unit ids, or one document name
  std::vector<int64_t> ids;
  bool accept = false, reject = false, reset = false;
  WorkbenchOptions workbench;
};

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void run_review(const ReviewOptions& opt, const Context& ctx) {
  tm::UnitStatus status = opt.accept   ? tm::UnitStatus::Reviewed
                          : opt.reject ? tm::UnitStatus::Rejected
                                       : tm::UnitStatus::Aligned;
  tm::Store store = open_tm_for_writing(ctx);
  set_units_status(store, opt.ids, status);
  ctx.info("marked " + std::to_string(opt.ids.size()) + " unit(s) " +
           std::string(tm::status_name(status)));
}

struct DeleteOptions {
  std::vector<int64_t> ids;
  std::string document;
  bool yes = false;
};

// Asks on the terminal; true for y or yes. Only called when stdin is one.
bool confirm(const std::string& question) {
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  std::transform(answer.begin(), answer.end(), answer.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return answer == "y" || answer == "yes";
}

void run_delete(const DeleteOptions& opt, const Context& ctx) {
  if (opt.ids.empty() == opt.document.empty())
    throw UsageError("delete: give unit ids or --doc NAME (not both)");
  tm::Store store = open_tm_for_writing(ctx);
  if (!opt.document.empty()) {
    auto doc = store.document(opt.document);
    if (!doc) throw tm::NotFoundError(store.path() + ": no document named '" + opt.document + "'");
    // As git does with its prompts: ask only a person at a terminal; a
    // script (stdin not a terminal) is taken at its word.
    if (!opt.yes && isatty(STDIN_FILENO) &&
        !confirm("Delete document '" + opt.document + "' (" + std::to_string(doc->units) +
                 " units) from " + store.path() + "?")) {
      ctx.info("nothing deleted");
      return;
    }
    const int64_t before = store.stats().units;
    store.delete_document(opt.document);
    const int64_t deleted = before - store.stats().units;
    ctx.info("deleted document '" + opt.document + "' and " + std::to_string(deleted) + " unit(s)" +
             (deleted < doc->units ? " (" + std::to_string(doc->units - deleted) +
                                         " units other documents also hold were kept)"
                                   : std::string()));
    return;
  }
  // All or nothing: an unknown id deletes none, rather than those before it.
  const std::size_t deleted = delete_units(store, opt.ids);
  ctx.info("deleted " + std::to_string(deleted) + " unit(s)");
}

}  // namespace

void add_tm_option(CLI::App& sub, Context& ctx) {
  sub.add_option("--tm", ctx.tm_flag,
                 "TM file, or postgresql://user@host/db (default: $ALINEA_TM, else "
                 "~/.local/share/alinea/tm.sqlite)");
  sub.add_option("--busy-timeout", ctx.busy_timeout_flag,
                 "Seconds to wait while another process writes the TM (default: "
                 "$ALINEA_BUSY_TIMEOUT, else 5)")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.0, 86400.0));
}

void add_tm_commands(CLI::App& app, Context& ctx) {
  {
    auto opt = std::make_shared<StatsOptions>();
    CLI::App* sub =
        app.add_subcommand("stats", "Summarise the TM: units, documents, languages, review");
    add_tm_option(*sub, ctx);
    sub->add_flag("--json", opt->json, "One JSON object (fields: units, documents, reviewed, ...)");
    sub->footer("Examples:\n  alinea stats\n  alinea stats --tm chile.tm --json");
    sub->callback([opt, &ctx] { run_stats(*opt, ctx); });
  }
  {
    auto opt = std::make_shared<DocsOptions>();
    CLI::App* sub =
        app.add_subcommand("docs", "List the documents in the TM with their unit counts");
    add_tm_option(*sub, ctx);
    sub->add_flag("--json", opt->json, "JSON Lines, one object per document");
    sub->footer("Examples:\n  alinea docs\n  alinea docs --json");
    sub->callback([opt, &ctx] { run_docs(*opt, ctx); });
  }
  {
    auto opt = std::make_shared<ShowOptions>();
    CLI::App* sub = app.add_subcommand("show", "Show one unit with all its fields");
    add_tm_option(*sub, ctx);
    sub->add_option("ID", opt->id, "Unit id (as printed by search, match, docs)")->required();
    sub->add_flag("--json", opt->json, "One JSON object");
    sub->footer(
        "A unit aligned from a .docx, .odt, .epub or .pdf says where each side is in the file\n"
        "(paragraph, characters, page).\n"
        "Examples:\n  alinea show 42\n  alinea show 42 --json");
    sub->callback([opt, &ctx] { run_show(*opt, ctx); });
  }
  {
    auto opt = std::make_shared<AddOptions>();
    CLI::App* sub = app.add_subcommand("add", "Add one translation pair by hand");
    add_tm_option(*sub, ctx);
    sub->add_option("SOURCE", opt->source, "Source text (Spanish by default)")->required();
    sub->add_option("TARGET", opt->target, "Target text (English by default)")->required();
    sub->add_option("--src", opt->src_lang, "Source language tag, e.g. es or es-CL")
        ->capture_default_str();
    sub->add_option("--tgt", opt->tgt_lang, "Target language tag, e.g. en or en-GB")
        ->capture_default_str();
    sub->add_option("--note", opt->note, "A free note kept with the unit");
    sub->add_flag("--reviewed", opt->reviewed, "Store it as reviewed");
    sub->footer(
        "Examples:\n  alinea add \"poder popular\" \"people's power\" --reviewed\n"
        "  alinea add \"Los pobladores se tomaron el sitio.\" \"The settlers took the site.\" "
        "--src es-CL");
    sub->callback([opt, &ctx] { run_add(*opt, ctx); });
  }
  {
    auto opt = std::make_shared<EditOptions>();
    CLI::App* sub = app.add_subcommand(
        "edit", "Correct one unit's text or note (in $EDITOR when no text is given)");
    add_tm_option(*sub, ctx);
    sub->add_option("ID", opt->id, "Unit id")->required();
    sub->add_option("--source", opt->source, "New source text");
    sub->add_option("--target", opt->target, "New target text");
    sub->add_option("--note", opt->note, "New note");
    sub->footer(
        "Examples:\n  alinea edit 42 --target \"The land takeover began at dawn.\"\n"
        "  EDITOR=nano alinea edit 42");
    sub->callback([opt, &ctx] { run_edit(*opt, ctx); });
  }
  {
    auto opt = std::make_shared<ReviewOptions>();
    CLI::App* sub = app.add_subcommand(
        "review",
        "Review a stored document in the browser workbench, or mark units reviewed/rejected");
    add_tm_option(*sub, ctx);
    sub->add_option("TARGET", opt->targets,
                    "A document name (the workbench), or unit ids with --accept/--reject/--reset")
        ->required();
    auto* accept = sub->add_flag("--accept", opt->accept,
                                 "Mark reviewed: never overwritten by a re-alignment");
    auto* reject = sub->add_flag("--reject", opt->reject,
                                 "Mark rejected: kept out of search and export by default");
    auto* reset = sub->add_flag("--reset", opt->reset, "Back to plain 'aligned'");
    accept->excludes(reject)->excludes(reset);
    reject->excludes(reset);
    sub->add_option("--port", opt->workbench.port,
                    "Workbench: port to listen on (default: a free one)")
        ->check(CLI::Range(0, 65535))
        ->group("Workbench");
    sub->add_option("--listen", opt->workbench.listen,
                    "Workbench: address to listen on (default 127.0.0.1; anything else lets other "
                    "machines reach it, guarded only by the token in the URL)")
        ->capture_default_str()
        ->group("Workbench");
    sub->footer(
        "Examples:\n  alinea review entrevista            # workbench: prints "
        "http://127.0.0.1:PORT/?token=...\n"
        "  alinea review 42 --accept\n  alinea review 17 18 --reject\n"
        "Workbench keys: j/k next/previous, n/p next/previous doubtful, a accept, r reject,\n"
        "e/E edit source/target, m merge with next, s split, o unpair, u undo, ? help.");
    sub->callback([opt, &ctx] {
      if (!opt->accept && !opt->reject && !opt->reset) {
        if (opt->targets.size() != 1)
          throw UsageError(
              "review: give one document name for the workbench, or unit ids with "
              "--accept, --reject or --reset");
        opt->workbench.document = opt->targets[0];
        run_workbench(opt->workbench, ctx);
        return;
      }
      for (const auto& t : opt->targets) {
        if (!all_digits(t))
          throw UsageError("review: '" + t +
                           "' is not a unit id (--accept, --reject and --reset take unit ids)");
        opt->ids.push_back(std::stoll(t));
      }
      run_review(*opt, ctx);
    });
  }
  {
    auto opt = std::make_shared<DeleteOptions>();
    CLI::App* sub = app.add_subcommand("delete", "Delete units, or a whole document with --doc");
    add_tm_option(*sub, ctx);
    sub->add_option("ID", opt->ids, "Unit ids");
    sub->add_option("--doc", opt->document, "Delete this document and the units only it holds");
    sub->add_flag("--yes,-y", opt->yes, "Do not ask for confirmation on a terminal");
    sub->footer(
        "On a terminal, --doc asks before deleting; scripts (stdin not a terminal) are not asked.\n"
        "Examples:\n  alinea delete 42\n  alinea delete --doc entrevista --yes");
    sub->callback([opt, &ctx] { run_delete(*opt, ctx); });
  }
}

}  // namespace alinea::cli
