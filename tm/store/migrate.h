// Copying a whole TM from one backend to another (SQLite -> PostgreSQL, back,
// or between two of a kind), table by table with every id kept, so that
// every command answers the same on the copy.
//
//   auto r = migrate("chile.tm", "postgresql://tm@db.example.org/chile");
//   std::cout << r.rows << " rows, units " << r.units_sha256 << '\n';
//
// FROM is read in one snapshot; TO is written in one transaction that is
// rolled back on any failure (an empty PostgreSQL database stays empty, a
// TM file that did not exist before is removed). TO must hold no units and
// no documents (NotEmptyError). Before the commit the copy is checked: the
// row count of every table and a SHA-256 of the units, read back from TO,
// must equal FROM's, or nothing is kept.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tm/store/store.h"

namespace alinea::tm {

struct MigrateOptions {
  std::string user = current_user();  // who opens the two TMs
  int busy_timeout_ms = kDefaultBusyTimeoutMs;
  // Rows of a table copied so far, every few thousand and at its end.
  std::function<void(std::string_view table, int64_t rows)> progress{};
  // Called after each table is written, before the checks (tests inject
  // failures here); an exception from it rolls the copy back.
  std::function<void(std::string_view table)> after_table{};
};

struct MigratedTable {
  std::string name;
  int64_t rows = 0;
};

struct MigrateResult {
  std::string from, to;  // as shown (no password)
  std::vector<MigratedTable> tables;
  int64_t rows = 0;          // all tables'
  std::string units_sha256;  // over every unit's columns, in id order
  int64_t revision = 0;      // the TM's revision counter, carried
  double seconds = 0;
};

MigrateResult migrate(const std::string& from, const std::string& to,
                      const MigrateOptions& options = {});

}  // namespace alinea::tm
