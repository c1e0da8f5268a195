// Documents on a PostgreSQL TM: reading one's alignment, its journal's last
// entry, and deleting it. Storing an alignment and the workbench's changes
// are not here yet (pg_writes.cpp says so).
#include <algorithm>
#include <tuple>

#include "tm/error.h"
#include "tm/store/pg/pg_store_impl.h"

namespace alinea::tm::pg {
namespace {

std::optional<Place> place_at(const Result& r, int row, int first) {
  if (r.is_null(row, first)) return std::nullopt;
  auto at = [&](int c) { return static_cast<uint32_t>(r.int64(row, first + c)); };
  return Place{{at(0), at(1)}, {at(2), at(3)}};
}

std::vector<Param> place_params(const std::optional<Place>& p) {
  if (!p) return {std::nullopt, std::nullopt, std::nullopt, std::nullopt};
  return {num(p->source.begin), num(p->source.end), num(p->target.begin), num(p->target.end)};
}

}  // namespace

void PgStore::drop_placement(int64_t unit_id, int64_t origin_id) {
  if (origin_id != 0) {
    db->query("DELETE FROM unit_origins WHERE id = $1", {num(origin_id)});
    return;
  }
  auto next = db->query(
      "SELECT id, document_id, position, src_begin, src_end, tgt_begin, tgt_end "
      "FROM unit_origins WHERE unit_id = $1 ORDER BY id LIMIT 1",
      {num(unit_id)});
  if (next.rows() == 0) {
    db->query("DELETE FROM units WHERE id = $1", {num(unit_id)});
    return;
  }
  // Still seen elsewhere: that origin becomes the primary one.
  std::vector<Param> p = {opt_num(next.opt_int64(0, 1)), opt_num(next.opt_int64(0, 2))};
  for (auto& x : place_params(place_at(next, 0, 3))) p.push_back(std::move(x));
  p.push_back(num(unit_id));
  db->query(
      "UPDATE units SET document_id = $1, position = $2, src_begin = $3, src_end = $4, "
      "tgt_begin = $5, tgt_end = $6 WHERE id = $7",
      p);
  drop_placement(unit_id, next.int64(0, 0));
}

void PgStore::delete_document(const std::string& document) {
  Scope tx(*this);
  lock_for_adding();  // no writer merges into a unit this deletes
  // FOR UPDATE: a concurrent import of the same document waits.
  auto doc = db->query("SELECT id FROM documents WHERE name = $1 FOR UPDATE", {document});
  if (doc.rows() == 0) throw NotFoundError("no document named '" + document + "' in the TM");
  const int64_t id = doc.int64(0, 0);
  db->query("DELETE FROM unit_origins WHERE document_id = $1", {num(id)});
  auto units =
      db->query("SELECT id FROM units WHERE document_id = $1 ORDER BY id FOR UPDATE", {num(id)});
  for (int i = 0; i < units.rows(); ++i) drop_placement(units.int64(i, 0), 0);
  db->query("DELETE FROM documents WHERE id = $1", {num(id)});
  tx.commit();
}

DocumentAlignment PgStore::document_alignment(const std::string& name) {
  DocumentAlignment out;
  auto info = document(name);
  if (!info) throw NotFoundError("no document named '" + name + "' in the TM");
  out.info = *info;
  {
    auto r = db->query(
        "SELECT side, paragraph, text FROM sentences WHERE document_id = $1 ORDER BY side, idx",
        {num(info->id)});
    for (int i = 0; i < r.rows(); ++i)
      (r.int64(i, 0) == 1 ? out.source_sentences : out.target_sentences)
          .push_back({r.str(i, 2), static_cast<uint32_t>(r.int64(i, 1))});
  }
  auto take = [&](PlacedPair pair) {
    pair.unit.document = name;
    (pair.unit.place ? out.pairs : out.unplaced).push_back(std::move(pair));
  };
  {
    auto r = db->query("SELECT " + std::string(kUnitColumns) + std::string(kUnitFrom) +
                           " WHERE u.document_id = $1",
                       {num(info->id)});
    for (int i = 0; i < r.rows(); ++i) take({read_unit(r, i), 0});
  }
  {
    constexpr int kFirst = 26;  // the first column after kUnitColumns
    auto r = db->query("SELECT " + std::string(kUnitColumns) +
                           ", o.id, o.position, o.src_begin, o.src_end, o.tgt_begin, o.tgt_end "
                           "FROM unit_origins o JOIN units u ON u.id = o.unit_id LEFT JOIN "
                           "documents d ON d.id = u.document_id WHERE o.document_id = $1",
                       {num(info->id)});
    for (int i = 0; i < r.rows(); ++i) {
      PlacedPair pair{read_unit(r, i), r.int64(i, kFirst)};
      pair.unit.position = r.opt_int64(i, kFirst + 1);
      pair.unit.place = place_at(r, i, kFirst + 2);
      take(std::move(pair));
    }
  }
  // The same order as SQLite's (document.cpp).
  std::sort(out.pairs.begin(), out.pairs.end(), [](const PlacedPair& a, const PlacedPair& b) {
    return std::tie(a.unit.place->source.begin, a.unit.place->target.begin, a.unit.position) <
           std::tie(b.unit.place->source.begin, b.unit.place->target.begin, b.unit.position);
  });
  std::sort(out.unplaced.begin(), out.unplaced.end(), [](const PlacedPair& a, const PlacedPair& b) {
    return std::tie(a.unit.position, a.unit.id) < std::tie(b.unit.position, b.unit.id);
  });
  return out;
}

std::optional<JournalEntry> PgStore::last_change(const std::string& document) {
  auto r = db->query(
      "SELECT j.id, j.action, j.at, j.\"by\" FROM review_journal j JOIN documents d ON d.id = "
      "j.document_id WHERE d.name = $1 ORDER BY j.id DESC LIMIT 1",
      {document});
  if (r.rows() == 0) return std::nullopt;
  return JournalEntry{r.int64(0, 0), r.str(0, 1), r.int64(0, 2), r.str(0, 3)};
}

}  // namespace alinea::tm::pg
