// migrate (migrate.h): the tables copied, the copy and its checks. The
// backends only read and write rows (table_copy.h); what is copied, in what
// order, and how the result is checked is decided here, once for every
// direction.
#include "tm/store/migrate.h"

#include <nettle/sha2.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "tm/error.h"
#include "tm/store/backend.h"
#include "tm/store/pg/pg.h"
#include "tm/store/pg/pg_store.h"
#include "tm/store/sqlite_store.h"
#include "tm/store/table_copy.h"

namespace alinea::tm {
namespace {

constexpr auto I = ColumnKind::Integer;
constexpr auto R = ColumnKind::Real;
constexpr auto T = ColumnKind::Text;

// Every table a TM has, parents before children (foreign keys), with every
// column, as both schemas name them. The one place to change when a schema
// gains a column: a column a TM has and this list lacks (or the reverse)
// stops the copy with its name, so nothing is dropped unseen. meta travels
// apart (TableAccess::meta): each backend keeps some keys of its own there.
const std::vector<TableSpec>& copied_tables() {
  static const std::vector<TableSpec> tables = {
      {"documents",
       {{"id", I},
        {"name", T},
        {"src_file", T},
        {"tgt_file", T},
        {"src_sha256", T},
        {"tgt_sha256", T},
        {"src_lang", T},
        {"tgt_lang", T},
        {"options", T},
        {"imported_at", I},
        {"imported_by", T}},
       "id"},
      {"units",
       {{"id", I},         {"src_lang", T},     {"src_text", T},     {"src_markup", T},
        {"tgt_lang", T},   {"tgt_text", T},     {"tgt_markup", T},   {"document_id", I},
        {"position", I},   {"context_prev", T}, {"context_next", T}, {"confidence", R},
        {"status", T},     {"created_at", I},   {"created_by", T},   {"changed_at", I},
        {"changed_by", T}, {"note", T},         {"dup_key", I},      {"src_note", T},
        {"tgt_note", T},   {"src_begin", I},    {"src_end", I},      {"tgt_begin", I},
        {"tgt_end", I},    {"pending", I},      {"revision", I}},
       "id"},
      {"unit_props",
       {{"unit_id", I}, {"seq", I}, {"type", T}, {"value", T}, {"side", I}},
       "unit_id, seq"},
      {"unit_origins",
       {{"id", I},
        {"unit_id", I},
        {"document_id", I},
        {"position", I},
        {"added_at", I},
        {"added_by", T},
        {"src_begin", I},
        {"src_end", I},
        {"tgt_begin", I},
        {"tgt_end", I}},
       "id"},
      {"sentences",
       {{"document_id", I},
        {"side", I},
        {"idx", I},
        {"paragraph", I},
        {"text", T},
        {"loc_paragraph", I},
        {"char_start", I},
        {"char_end", I},
        {"page", I}},
       "document_id, side, idx"},
      {"review_journal",
       {{"id", I},
        {"document_id", I},
        {"action", T},
        {"before", T},
        {"after", T},
        {"at", I},
        {"by", T}},
       "id"},
      {"lang_pairs", {{"src_lang", T}, {"tgt_lang", T}}, "src_lang, tgt_lang"},
  };
  return tables;
}

constexpr std::string_view kUnits = "units";

// SHA-256 of rows, each cell length-prefixed so that no two rows read alike.
class RowDigest {
 public:
  RowDigest() { sha256_init(&ctx_); }
  void add(const Row& row) {
    for (const auto& cell : row) {
      if (!cell) {
        update("N");
        continue;
      }
      std::string prefix = "V";
      prefix += std::to_string(cell->size());
      prefix += ':';
      update(prefix);
      update(*cell);
    }
    update("\n");
  }
  std::string hex() {
    std::array<uint8_t, SHA256_DIGEST_SIZE> digest{};
    sha256_digest(&ctx_, digest.size(), digest.data());
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (uint8_t b : digest) {
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
    return out;
  }

 private:
  void update(std::string_view s) {
    sha256_update(&ctx_, s.size(), reinterpret_cast<const uint8_t*>(s.data()));
  }
  sha256_ctx ctx_{};
};

// Refuses a TM whose tables or columns are not exactly those copied.
void check_shape(TableAccess& tm, const std::string& where) {
  std::set<std::string> known = {"meta"};
  for (const auto& spec : copied_tables()) known.emplace(spec.name);
  const auto tables = tm.tables();
  for (const auto& t : tables)
    if (!known.contains(t))
      throw Error(where + ": table " + t + " is not one this alinea knows how to migrate");
  for (const auto& spec : copied_tables()) {
    if (std::find(tables.begin(), tables.end(), spec.name) == tables.end())
      throw NotATmError(where + ": damaged Alinea TM (table " + std::string(spec.name) +
                        " missing)");
    const auto have = tm.columns(spec.name);
    for (const auto& c : have)
      if (std::none_of(spec.columns.begin(), spec.columns.end(),
                       [&](const Column& k) { return k.name == c; }))
        throw Error(where + ": " + std::string(spec.name) + "." + c +
                    " is a column this alinea does not know how to migrate");
    for (const auto& k : spec.columns)
      if (std::find(have.begin(), have.end(), k.name) == have.end())
        throw NotATmError(where + ": " + std::string(spec.name) + " has no column " +
                          std::string(k.name));
  }
}

std::unique_ptr<Backend> open_from(const std::string& address, const MigrateOptions& o) {
  if (is_postgresql_address(address))
    return pg::open_store(address, OpenMode::ReadOnly, o.user, o.busy_timeout_ms);
  // Read-only, through the normal path: a TM of an older schema is
  // upgraded first where the file may be written, refused otherwise.
  return SqliteStore::open(address, OpenMode::ReadOnly, o.user, o.busy_timeout_ms);
}

std::unique_ptr<Backend> open_to(const std::string& address, const MigrateOptions& o) {
  if (is_postgresql_address(address))
    return pg::open_store(address, OpenMode::ReadWrite, o.user, o.busy_timeout_ms, false);
  return SqliteStore::open(address, OpenMode::ReadWrite, o.user, o.busy_timeout_ms);
}

MigrateResult copy(Backend& from_tm, Backend& to_tm, const MigrateOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  MigrateResult result;
  result.from = from_tm.path;
  result.to = to_tm.path;
  auto from = from_tm.read_tables();
  check_shape(*from, from_tm.path);
  auto to = to_tm.load_tables();
  check_shape(*to, to_tm.path);

  RowDigest from_units;
  for (const auto& spec : copied_tables()) {
    int64_t rows = 0;
    const bool units = spec.name == kUnits;
    to->write_begin(spec);
    from->read(spec, [&](const Row& row) {
      to->write_row(row);
      if (units) from_units.add(row);
      if (++rows % 10000 == 0 && o.progress) o.progress(spec.name, rows);
    });
    to->write_end();
    if (o.progress) o.progress(spec.name, rows);
    result.tables.push_back({std::string(spec.name), rows});
    result.rows += rows;
    if (o.after_table) o.after_table(spec.name);
  }
  const auto meta = from->meta();
  for (const auto& [key, value] : meta) to->set_meta(key, value);
  result.revision = from->revision();
  to->set_revision(result.revision);
  to->finish();

  // The checks, on what TO holds now, inside its transaction.
  auto differ = [&](const std::string& what) {
    return Error(to_tm.path + ": the copy differs from " + from_tm.path + " (" + what +
                 "); nothing was written");
  };
  for (const auto& t : result.tables) {
    const int64_t in_from = from->count(t.name);
    const int64_t in_to = to->count(t.name);
    if (in_from != t.rows || in_to != t.rows)
      throw differ(t.name + ": " + std::to_string(in_from) + " rows, " + std::to_string(t.rows) +
                   " copied, " + std::to_string(in_to) + " stored");
  }
  result.units_sha256 = from_units.hex();
  RowDigest to_units;
  for (const auto& spec : copied_tables())
    if (spec.name == kUnits) to->read(spec, [&](const Row& row) { to_units.add(row); });
  if (const auto got = to_units.hex(); got != result.units_sha256)
    throw differ("units SHA-256 " + got + ", not " + result.units_sha256);
  auto to_meta = to->meta();
  for (const auto& kv : meta)
    if (std::find(to_meta.begin(), to_meta.end(), kv) == to_meta.end())
      throw differ("meta " + kv.first);
  if (to->revision() != result.revision) throw differ("revision counter");

  to->commit();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

bool same_file(const std::string& a, const std::string& b) {
  if (is_postgresql_address(a) || is_postgresql_address(b)) return a == b;
  std::error_code ec;
  return a == b || std::filesystem::equivalent(a, b, ec);
}

}  // namespace

MigrateResult migrate(const std::string& from, const std::string& to, const MigrateOptions& o) {
  if (from.empty() || to.empty()) throw Error("migrate needs a TM to copy from and one to copy to");
  if (same_file(from, to))
    throw Error(pg::shown(from) + ": FROM and TO are the same TM; nothing to migrate");
  auto from_tm = open_from(from, o);
  // A TM file made by this copy goes again if the copy fails.
  const bool new_file = !is_postgresql_address(to) && to != ":memory:" &&
                        !std::filesystem::exists(std::filesystem::path(to));
  try {
    auto to_tm = open_to(to, o);
    return copy(*from_tm, *to_tm, o);
  } catch (...) {
    if (new_file) {
      std::error_code ec;
      for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(to + suffix, ec);
    }
    throw;
  }
}

}  // namespace alinea::tm
