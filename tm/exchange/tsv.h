// Tab- and comma-separated tables of units, for spreadsheets.
//
//   tm::TableOptions options;                 // TSV, Spanish column first
//   options.format = tm::TableFormat::Csv;
//   tm::TableWriter writer(out, options);     // writes the header row
//   store.for_each_unit(filter, [&](const tm::TranslationUnit& u) { writer.write(u); });
//   writer.finish();
//
//   auto report = tm::read_table("hoja.csv", tm::TableFormat::Csv, {},
//                                [&](tm::TranslationUnit&& u) { tx.add(u); });
//
// Columns. The first row names them: a language tag for each side ("es",
// "en", or with region, "es-CL", "en-GB": the tag becomes Variant::lang of
// every row), and optionally `status` (aligned/reviewed/rejected),
// `confidence` (a number in [0, 1]), `doc` (or `document`) and `note`, in any
// order, case-insensitive. Other column names are an error, so nothing is
// silently dropped. The writer emits `es`, `en` (or `en`, `es` when srclang is
// en), `status`, `confidence`, `doc`, `note`; regions, dates, markup and other
// properties do not travel in tables (use TMX for that).
//
// TSV: one row per line (LF; a CR before the LF is dropped), cells separated
// by tabs. Inside a cell a backslash escapes: `\t` tab, `\n` line feed, `\r`
// carriage return, `\\` backslash; the writer escapes exactly these, the
// reader keeps any other backslash as it is.
//
// CSV: RFC 4180. Cells separated by commas, rows ended by CRLF (the reader
// also takes LF); a cell containing a comma, double quote, CR or LF is
// enclosed in double quotes with inner quotes doubled, and may then span
// lines. A leading UTF-8 BOM (as Excel writes) is skipped.
//
// Errors: tm::InputError `FILE:LINE:COL: message` for a bad header or, unless
// ReadOptions::skip_bad, a bad row (wrong number of cells, invalid UTF-8, bad
// status or confidence, unterminated quote, empty es or en cell). Empty lines
// are ignored.
#pragma once

#include <cstddef>
#include <istream>
#include <ostream>
#include <string>

#include "tm/exchange/exchange.h"

namespace alinea::tm {

enum class TableFormat { Tsv, Csv };

struct TableOptions {
  TableFormat format = TableFormat::Tsv;
  std::string srclang = "es";  // "es" or "en": which language column comes first
  bool bom = false;            // CSV: start with a UTF-8 BOM so Excel detects UTF-8
};

class TableWriter {
 public:
  // Writes the header row. `out` must outlive the writer.
  TableWriter(std::ostream& out, const TableOptions& options);
  TableWriter(const TableWriter&) = delete;
  TableWriter& operator=(const TableWriter&) = delete;

  // Invalid UTF-8 is written as U+FFFD (counted in replaced()). Throws
  // tm::Error if the stream fails.
  void write(const TranslationUnit& unit);
  void finish();  // flushes

  size_t count() const { return count_; }
  size_t replaced() const { return replaced_; }

 private:
  void cell(std::string_view text, bool first);
  void end_row();

  std::ostream& out_;
  TableOptions options_;
  bool english_first_ = false;
  std::string buf_;
  std::string scratch_;
  size_t count_ = 0;
  size_t replaced_ = 0;
};

ReadReport read_table(const std::string& path, TableFormat format, const ReadOptions& options,
                      const UnitCallback& on_unit);
ReadReport read_table(std::istream& in, const std::string& name, TableFormat format,
                      const ReadOptions& options, const UnitCallback& on_unit);

}  // namespace alinea::tm
