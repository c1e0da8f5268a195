// GCC 12 reports a false -Wrestrict in std::string concatenation inlined from
// tm::InputError's constructor (GCC bug 105651); it must be silenced before
// <string> is included.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "tm/exchange/tsv.h"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <vector>

#include "tm/error.h"
#include "tm/exchange/input_file.h"
#include "tm/exchange/xml_text.h"

namespace alinea::tm {
namespace {

constexpr size_t kFlushBytes = 1 << 16;

void append_number(std::string& out, double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

uint64_t chars_in(std::string_view s) {
  uint64_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

// A whole row may hold this much: as a whole <tu> in the TMX reader, 8 times
// the bound of one cell (six columns and their separators fit).
size_t max_row(size_t max_cell) {
  return max_cell > std::numeric_limits<size_t>::max() / 8 ? max_cell : max_cell * 8 + 64;
}

// Cell text quoted in an error message: short, and on one line.
std::string shown(std::string_view text) { return xml::one_line(text, 40); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

struct Cell {
  std::string text;
  uint64_t column = 1;  // 1-based, in characters, where the cell starts
};

struct Row {
  std::vector<Cell> cells;
  uint64_t line = 0;  // where the row starts
  std::string error;  // set when the row could not be split
  uint64_t error_column = 1;
};

// Splits a stream into rows, one at a time.
class RowReader {
 public:
  RowReader(std::istream& in, TableFormat format, size_t max_cell)
      : in_(in), format_(format), max_cell_(max_cell), max_line_(max_row(max_cell)) {}

  // false at end of input.
  bool next(Row& row) {
    row.cells.clear();
    row.error.clear();
    std::string line;
    if (!get_line(line)) return false;
    row.line = line_no_;
    if (overlong_) {
      row.error = "line longer than " + std::to_string(max_line_) + " bytes";
      return true;
    }
    if (format_ == TableFormat::Tsv)
      split_tsv(line, row);
    else
      split_csv(line, row);
    return true;
  }

 private:
  // Like std::getline, but a line longer than max_line_ is read to its end
  // without being kept (overlong_ is set), so that one endless line cannot
  // take memory in proportion to the file: a row holds a few cells, each at
  // most max_cell_ bytes.
  bool get_line(std::string& line) {
    line.clear();
    overlong_ = false;
    std::streambuf* buf = in_.rdbuf();
    bool any = false;
    for (;;) {
      const int c = buf->sbumpc();
      if (c == std::char_traits<char>::eof()) break;
      any = true;
      if (c == '\n') break;
      if (line.size() < max_line_)
        line.push_back(static_cast<char>(c));
      else
        overlong_ = true;
    }
    if (!any) {
      in_.setstate(std::ios::eofbit);
      return false;
    }
    ++line_no_;
    if (line_no_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    return true;
  }

  static void drop_cr(std::string& line) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
  }

  void split_tsv(std::string& line, Row& row) {
    drop_cr(line);
    uint64_t col = 1;
    size_t start = 0;
    while (true) {
      const size_t tab = line.find('\t', start);
      const std::string_view raw(line.data() + start,
                                 (tab == std::string::npos ? line.size() : tab) - start);
      Cell cell;
      cell.column = col;
      cell.text.reserve(raw.size());
      for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\\' && i + 1 < raw.size()) {
          const char e = raw[i + 1];
          const char v = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e == '\\' ? '\\' : 0;
          if (v != 0) {
            cell.text += v;
            ++i;
            continue;
          }
        }
        cell.text += raw[i];
      }
      col += chars_in(raw) + 1;
      row.cells.push_back(std::move(cell));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
  }

  void split_csv(std::string& line, Row& row) {
    Cell cell;
    uint64_t col = 1;
    cell.column = 1;
    bool quoted = false;      // inside a quoted cell
    bool was_quoted = false;  // the current cell was quoted and is closed
    size_t i = 0;
    while (true) {
      if (i >= line.size()) {
        if (quoted) {
          // The quoted cell goes on: RFC 4180 allows line breaks inside.
          std::string more;
          if (!get_line(more)) {
            row.error = "unterminated quoted cell";
            row.error_column = cell.column;
            return;
          }
          if (overlong_) {
            row.error = "line longer than " + std::to_string(max_line_) + " bytes";
            row.error_column = cell.column;
            return;
          }
          cell.text += '\n';
          if (cell.text.size() > max_cell_) {
            row.error = "quoted cell longer than " + std::to_string(max_cell_) +
                        " bytes (unterminated quote?)";
            row.error_column = cell.column;
            return;
          }
          line = std::move(more);
          i = 0;
          col = 1;
          continue;
        }
        if (!was_quoted && !cell.text.empty() && cell.text.back() == '\r') cell.text.pop_back();
        row.cells.push_back(std::move(cell));
        return;
      }
      const char c = line[i];
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            cell.text += '"';
            i += 2;
            col += 2;
            continue;
          }
          quoted = false;
          was_quoted = true;
        } else {
          cell.text += c;
        }
      } else if (c == ',') {
        row.cells.push_back(std::move(cell));
        cell = Cell{};
        cell.column = col + 1;
        was_quoted = false;
      } else if (c == '"' && cell.text.empty() && !was_quoted) {
        quoted = true;
      } else if (was_quoted) {
        if (!(c == '\r' && i + 1 == line.size())) {
          row.error = "text after a closing quote";
          row.error_column = col;
          return;
        }
      } else if (c == '"') {
        row.error = "double quote inside an unquoted cell (RFC 4180 needs the cell quoted)";
        row.error_column = col;
        return;
      } else {
        cell.text += c;
      }
      if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++col;
      ++i;
    }
  }

  std::istream& in_;
  TableFormat format_;
  size_t max_cell_;
  size_t max_line_;
  bool overlong_ = false;
  uint64_t line_no_ = 0;
};

enum class Column { Source, Target, Status, Confidence, Document, Note };

struct Layout {
  std::vector<Column> columns;
  std::string source_lang, target_lang;
};

Layout parse_header(const Row& row, const std::string& name) {
  Layout layout;
  auto seen = [&](Column c) {
    for (auto x : layout.columns)
      if (x == c) return true;
    return false;
  };
  for (const auto& cell : row.cells) {
    const std::string label = trim(cell.text);
    const std::string key = lower(label);
    Column c;
    if (key == "status") {
      c = Column::Status;
    } else if (key == "confidence") {
      c = Column::Confidence;
    } else if (key == "doc" || key == "document") {
      c = Column::Document;
    } else if (key == "note" || key == "notes") {
      c = Column::Note;
    } else if (xml::primary_language(key) == "es" &&
               key.find_first_of(" ,;") == std::string::npos) {
      c = Column::Source;
      layout.source_lang = xml::normalize_lang(label);
    } else if (xml::primary_language(key) == "en" &&
               key.find_first_of(" ,;") == std::string::npos) {
      c = Column::Target;
      layout.target_lang = xml::normalize_lang(label);
    } else {
      throw InputError(name,
                       "unknown column '" + shown(label) +
                           "' (the header row names the columns: es, en (or with region, "
                           "es-CL), status, confidence, doc, note)",
                       row.line, cell.column);
    }
    if (seen(c))
      throw InputError(name, "column '" + shown(label) + "' twice", row.line, cell.column);
    layout.columns.push_back(c);
  }
  if (!seen(Column::Source) || !seen(Column::Target))
    throw InputError(name, "the header row needs an es and an en column", row.line, 1);
  return layout;
}

ReadReport read_rows(std::istream& in, const std::string& name, TableFormat format,
                     const ReadOptions& options, const UnitCallback& on_unit, uint64_t total) {
  ReadReport report;
  RowReader reader(in, format, options.max_segment_bytes);
  Row row;
  std::optional<Layout> layout;
  uint64_t rows = 0;
  auto bad = [&](const std::string& message, uint64_t column) {
    if (!options.skip_bad) throw InputError(name, message, row.line, column);
    ++report.skipped;
    report.problems.push_back(name + ":" + std::to_string(row.line) + ":" + std::to_string(column) +
                              ": " + message);
  };
  while (reader.next(row)) {
    if (row.error.empty() && row.cells.size() == 1 && row.cells[0].text.empty()) continue;
    if (!layout) {
      if (!row.error.empty()) throw InputError(name, row.error, row.line, row.error_column);
      layout = parse_header(row, name);
      continue;
    }
    if (!row.error.empty()) {
      bad(row.error, row.error_column);
      continue;
    }
    if (row.cells.size() != layout->columns.size()) {
      bad("row has " + std::to_string(row.cells.size()) + " cells, the header " +
              std::to_string(layout->columns.size()),
          1);
      continue;
    }
    TranslationUnit u;
    u.source.lang = layout->source_lang;
    u.target.lang = layout->target_lang;
    std::string problem;
    uint64_t problem_col = 1;
    for (size_t k = 0; k < row.cells.size() && problem.empty(); ++k) {
      std::string& text = row.cells[k].text;
      problem_col = row.cells[k].column;
      if (text.size() > options.max_segment_bytes) {
        problem = "cell longer than " + std::to_string(options.max_segment_bytes) + " bytes";
      } else if (!xml::valid_utf8(text)) {
        problem = "invalid UTF-8";
      } else {
        switch (layout->columns[k]) {
          case Column::Source:
            if (text.empty() && !options.allow_omissions) problem = "empty es cell";
            u.source.text = std::move(text);
            break;
          case Column::Target:
            if (text.empty() && !options.allow_omissions) problem = "empty en cell";
            u.target.text = std::move(text);
            break;
          case Column::Status:
            if (!text.empty()) {
              auto s = parse_status(lower(trim(text)));
              if (!s)
                problem = "status '" + shown(text) + "' is not aligned, reviewed or rejected";
              else
                u.status = *s;
            }
            break;
          case Column::Confidence:
            if (!text.empty()) {
              const std::string t = trim(text);
              double c = 0;
              auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), c);
              if (ec != std::errc() || p != t.data() + t.size() || !(c >= 0.0 && c <= 1.0))
                problem = "confidence '" + shown(text) + "' is not a number in [0, 1]";
              else
                u.confidence = c;
            }
            break;
          case Column::Document:
            if (!text.empty()) u.document = std::move(text);
            break;
          case Column::Note:
            u.note = std::move(text);
            break;
        }
      }
    }
    if (problem.empty() && u.source.text.empty() && u.target.text.empty())
      problem = "both language cells are empty", problem_col = 1;
    if (!problem.empty()) {
      bad(problem, problem_col);
      continue;
    }
    ++report.units;
    on_unit(std::move(u));
    if (options.progress && ++rows % 4096 == 0) {
      const auto pos = in.tellg();
      options.progress(pos > 0 ? static_cast<uint64_t>(pos) : 0, total);
    }
  }
  if (!layout) throw InputError(name, "no header row (es, en, ...)", 1, 1);
  return report;
}

}  // namespace

TableWriter::TableWriter(std::ostream& out, const TableOptions& options)
    : out_(out), options_(options) {
  const std::string primary = xml::primary_language(options.srclang);
  if (primary != "es" && primary != "en")
    throw Error("table srclang must be es or en, not '" + options.srclang + "'");
  english_first_ = primary == "en";
  if (options_.bom) buf_ += "\xEF\xBB\xBF";
  cell(english_first_ ? "en" : "es", true);
  cell(english_first_ ? "es" : "en", false);
  for (const char* name : {"status", "confidence", "doc", "note"}) cell(name, false);
  end_row();
}

void TableWriter::cell(std::string_view text, bool first) {
  if (!first) buf_ += options_.format == TableFormat::Tsv ? '\t' : ',';
  scratch_.clear();
  replaced_ += xml::append_valid_utf8(scratch_, text);
  if (options_.format == TableFormat::Tsv) {
    for (char c : scratch_) {
      switch (c) {
        case '\\':
          buf_ += "\\\\";
          break;
        case '\t':
          buf_ += "\\t";
          break;
        case '\n':
          buf_ += "\\n";
          break;
        case '\r':
          buf_ += "\\r";
          break;
        default:
          buf_ += c;
      }
    }
    return;
  }
  if (scratch_.find_first_of(",\"\r\n") == std::string::npos) {
    buf_ += scratch_;
    return;
  }
  buf_ += '"';
  for (char c : scratch_) {
    if (c == '"') buf_ += '"';
    buf_ += c;
  }
  buf_ += '"';
}

void TableWriter::end_row() {
  buf_ += options_.format == TableFormat::Csv ? "\r\n" : "\n";
  if (buf_.size() >= kFlushBytes) {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
    if (!out_) throw Error("cannot write table output (disk full or closed stream?)");
  }
}

void TableWriter::write(const TranslationUnit& u) {
  ++count_;
  cell(english_first_ ? u.target.text : u.source.text, true);
  cell(english_first_ ? u.source.text : u.target.text, false);
  cell(status_name(u.status), false);
  if (u.confidence) {
    std::string num;
    append_number(num, *u.confidence);
    cell(num, false);
  } else {
    cell("", false);
  }
  cell(u.document ? *u.document : std::string(), false);
  cell(u.note, false);
  end_row();
}

void TableWriter::finish() {
  out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
  out_.flush();
  if (!out_) throw Error("cannot write table output (disk full or closed stream?)");
}

ReadReport read_table(std::istream& in, const std::string& name, TableFormat format,
                      const ReadOptions& options, const UnitCallback& on_unit) {
  return read_rows(in, name, format, options, on_unit, 0);
}

ReadReport read_table(const std::string& path, TableFormat format, const ReadOptions& options,
                      const UnitCallback& on_unit) {
  InputFile file = open_input_file(path);
  return read_rows(file.stream, path, format, options, on_unit, file.size);
}

}  // namespace alinea::tm
