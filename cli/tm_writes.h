// The changes a person makes to a TM (add, edit, review, delete, import)
// and the export filter, as one function each, called by the CLI's
// subcommands and by `alinea serve`'s JSON API alike. Each checks its input
// before it changes anything, so that a refused change leaves the TM as it
// was.
//
//   AddRequest a;
//   a.source = "poder popular";
//   a.target = "people's power";
//   tm::AddResult r = add_pair(store, a);
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "cli/json_shapes.h"
#include "tm/exchange/tmx_writer.h"
#include "tm/store/store.h"

namespace alinea::cli {

// `alinea add`.
struct AddRequest {
  std::string source, target;
  std::string source_lang = "es", target_lang = "en";
  std::string note;
  bool reviewed = false;
};
// Throws UsageError for an empty side.
tm::AddResult add_pair(tm::Store& store, const AddRequest& request);

// `alinea edit` with the new texts given.
struct EditRequest {
  int64_t id = 0;
  std::optional<std::string> source, target, note;
};
// False when nothing differed. An edit is a person's decision: the unit
// becomes reviewed (unless rejected), so that a re-alignment keeps it.
// Throws tm::NotFoundError, or UsageError for an emptied side.
bool edit_pair(tm::Store& store, const EditRequest& request);

// `alinea review --accept/--reject/--reset`: all or nothing (an unknown id
// changes none).
void set_units_status(tm::Store& store, const std::vector<int64_t>& ids, tm::UnitStatus status);

// `alinea delete ID...`: all or nothing; the number deleted.
std::size_t delete_units(tm::Store& store, std::vector<int64_t> ids);

// Whether a table's es and en columns are swapped: the detector reads the
// first rows of each column and the import is refused only when it is sure
// of both (each column looks like the other's language). The rows go by as
// they are read, so a refusal rolls the import back.
class SwapCheck {
 public:
  // `force_hint` ends the refusal: how to import the table all the same.
  SwapCheck(std::string file, bool enabled, std::string force_hint = "import with --force")
      : file_(std::move(file)), force_hint_(std::move(force_hint)), done_(!enabled) {}

  void add(const tm::TranslationUnit& u);
  // Throws UsageError when both columns look like the other language.
  void check();

 private:
  static constexpr size_t kSampleRows = 200;

  void take(const tm::Variant& v);

  std::string file_;
  std::string force_hint_;
  bool done_;
  size_t rows_ = 0;
  std::string es_text_, en_text_;
  std::string es_label_ = "es", en_label_ = "en";
};

// `alinea import` of a TMX or table stream ("tmx", "tsv", "csv"), without
// --replace, in one transaction: a bad unit or row throws tm::InputError
// (FILE:LINE:COL) and nothing is stored. Rows with one empty cell
// (sentences without a translation) are left out, as the CLI does, and a
// table whose columns look swapped is refused (UsageError) unless `force`.
ImportCounts import_units(tm::Store& store, std::istream& in, const std::string& name,
                          const std::string& format, const std::string& document,
                          bool force = false,
                          const std::string& force_hint = "import with --force");

// What `alinea export` writes.
struct ExportFilter {
  std::string document;
  std::string status;  // "" = any
  bool include_rejected = false;
  bool include_pending = false;
};
// Throws tm::NotFoundError for an unknown document, UsageError for a bad
// status.
tm::UnitFilter export_filter(const tm::Store& store, const ExportFilter& filter);
// Writes the units the filter lets through (rejected ones only when asked
// for; never omissions) and finishes the writer.
void write_units(const tm::Store& store, const tm::UnitFilter& filter, const ExportFilter& options,
                 tm::TmxWriter& writer);

}  // namespace alinea::cli
