// Whole tables read and written row by row, for copying a TM from one
// backend to another (migrate.h). Private to tm/store. Cells travel as
// canonical text, the same from either backend (integers in decimal, reals
// in their shortest exact form), so that a checksum over them means the
// same on both sides and a value crosses without loss.
//
//   auto in = from.read_tables();       // one read transaction
//   auto out = to.load_tables();        // one write transaction
//   out->write_begin(spec);
//   in->read(spec, [&](const Row& r) { out->write_row(r); });
//   out->write_end();
//   out->finish();
//   out->commit();                      // rolled back if never reached
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace alinea::tm {

enum class ColumnKind { Integer, Real, Text };

struct Column {
  std::string_view name;
  ColumnKind kind;
};

// A table and the columns copied, by name; order_by gives its rows in a
// stable order (its key).
struct TableSpec {
  std::string_view name;
  std::vector<Column> columns;
  std::string_view order_by;
};

using Cell = std::optional<std::string>;  // NULL: nullopt
using Row = std::vector<Cell>;            // in the order of TableSpec::columns

// A table or column name as an SQL identifier ("name"): the same quoting on
// SQLite and PostgreSQL.
std::string quoted(std::string_view name);
// The spec's columns, quoted, comma-separated, in order.
std::string column_list(const TableSpec& spec);

// The shortest text that reads back as exactly v.
std::string real_text(double v);
// The canonical text of a real written in any form strtod reads; Error
// naming `where` when it is not a number.
std::string canonical_real(std::string_view text, const std::string& where);

class TableAccess {
 public:
  TableAccess() = default;
  TableAccess(const TableAccess&) = delete;
  TableAccess& operator=(const TableAccess&) = delete;
  // Without commit(): rolled back, never throwing.
  virtual ~TableAccess() = default;

  // The tables that hold data, derived ones (full-text indexes) left out.
  virtual std::vector<std::string> tables() = 0;
  virtual std::vector<std::string> columns(std::string_view table) = 0;
  virtual int64_t count(std::string_view table) = 0;
  // Every row, in spec.order_by order.
  virtual void read(const TableSpec& spec, const std::function<void(const Row&)>& fn) = 0;
  // meta's rows, less those the backend keeps for itself (schema version,
  // counters it stores its own way).
  virtual std::vector<std::pair<std::string, std::string>> meta() = 0;
  // The last revision handed out (0: none yet).
  virtual int64_t revision() = 0;

  // ---- writing (load_tables only) ----
  virtual void write_begin(const TableSpec& spec) = 0;
  virtual void write_row(const Row& row) = 0;
  virtual void write_end() = 0;
  virtual void set_meta(const std::string& key, const std::string& value) = 0;
  virtual void set_revision(int64_t revision) = 0;
  // Rebuilds what is derived from the rows (full-text indexes, id
  // sequences), inside the transaction.
  virtual void finish() = 0;
  virtual void commit() = 0;
};

}  // namespace alinea::tm
