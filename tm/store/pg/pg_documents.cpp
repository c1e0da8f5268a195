// Documents on a PostgreSQL TM: storing an alignment (keeping a person's
// decisions), reading it back, the workbench's changes with their journal
// for undo (the same JSON as SQLite's, journal.h), and deleting one.
#include <algorithm>
#include <tuple>
#include <unordered_set>

#include "tm/error.h"
#include "tm/store/document_order.h"
#include "tm/store/document_sql.h"
#include "tm/store/journal.h"
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

std::vector<Placement> placements_of(Connection& db, int64_t document_id) {
  std::vector<Placement> out;
  auto own = db.query(
      "SELECT id, src_begin, src_end, tgt_begin, tgt_end, position FROM units "
      "WHERE document_id = $1 ORDER BY id",
      {num(document_id)});
  for (int i = 0; i < own.rows(); ++i)
    out.push_back({own.int64(i, 0), 0, own.opt_int64(i, 5), place_at(own, i, 1)});
  auto extra = db.query(
      "SELECT unit_id, id, src_begin, src_end, tgt_begin, tgt_end, position FROM unit_origins "
      "WHERE document_id = $1 ORDER BY id",
      {num(document_id)});
  for (int i = 0; i < extra.rows(); ++i)
    out.push_back(
        {extra.int64(i, 0), extra.int64(i, 1), extra.opt_int64(i, 6), place_at(extra, i, 2)});
  return out;
}

// Whether the placement a person saw is still there, unchanged; its unit
// row stays locked until the transaction ends.
void check_current(Connection& db, int64_t document_id, const PairRef& ref) {
  auto r = db.query(
      "SELECT u.revision, u.document_id, (SELECT document_id FROM unit_origins WHERE id = $2 "
      "AND unit_id = $1) FROM units u WHERE u.id = $1 FOR UPDATE OF u",
      {num(ref.unit_id), num(ref.origin_id)});
  const std::string gone = "pair " + std::to_string(ref.unit_id) +
                           " was changed in another window or by another user since you "
                           "loaded it; reload to see it as it is now";
  if (r.rows() == 0 || r.int64(0, 0) != ref.revision) throw ConflictError(gone);
  const auto doc = ref.origin_id ? r.opt_int64(0, 2) : r.opt_int64(0, 1);
  if (doc != document_id) throw ConflictError(gone);
}

void set_place(Connection& db, const PairRef& ref, const std::optional<Place>& place,
               std::optional<int64_t> position) {
  std::vector<Param> p = place_params(place);
  p.push_back(opt_num(position));
  p.push_back(num(ref.origin_id ? ref.origin_id : ref.unit_id));
  db.query(std::string("UPDATE ") + (ref.origin_id ? "unit_origins" : "units") +
               " SET src_begin = $1, src_end = $2, tgt_begin = $3, tgt_end = $4, position = $5 "
               "WHERE id = $6",
           p);
}

void store_sentences(Connection& db, int64_t document_id, const DocumentRecord& record) {
  if (record.source_sentences.empty() && record.target_sentences.empty()) return;
  db.query("DELETE FROM sentences WHERE document_id = $1", {num(document_id)});
  std::string rows;
  for (int side : {1, 2}) {
    const auto& sentences = side == 1 ? record.source_sentences : record.target_sentences;
    for (std::size_t i = 0; i < sentences.size(); ++i) {
      check_utf8(sentences[i].text, "sentence");
      rows += std::to_string(document_id) + '\t' + std::to_string(side) + '\t' + std::to_string(i) +
              '\t' + std::to_string(sentences[i].paragraph) + '\t';
      copy_field(rows, sentences[i].text);
      const LocationColumns at = location_columns(sentences[i].location);
      for (const auto& column : {at.paragraph, at.char_start, at.char_end, at.page})
        rows += column ? '\t' + std::to_string(*column) : std::string("\t\\N");
      rows += '\n';
    }
  }
  db.begin_copy(
      "COPY sentences(document_id, side, idx, paragraph, text, loc_paragraph, char_start, "
      "char_end, page) FROM STDIN");
  db.put(rows);
  db.end_copy();
}

int64_t document_id_of(Connection& db, const std::string& name) {
  auto r = db.query("SELECT id FROM documents WHERE name = $1", {name});
  if (r.rows() == 0) throw NotFoundError("no document named '" + name + "' in the TM");
  return r.int64(0, 0);
}

void renumber_positions(Connection& db, int64_t document_id) {
  std::vector<Placement> all = placements_of(db, document_id);
  std::vector<Placement*> placed = placed_in_order(all);
  for (std::size_t i = 0; i < placed.size(); ++i) {
    const auto at = static_cast<int64_t>(i);
    if (placed[i]->position == at) continue;
    db.query(std::string("UPDATE ") + (placed[i]->origin_id ? "unit_origins" : "units") +
                 " SET position = $1 WHERE id = $2",
             {num(at), num(placed[i]->origin_id ? placed[i]->origin_id : placed[i]->unit_id)});
  }
}

void write_journal(PgStore& s, int64_t document_id, const std::string& action,
                   const journal::json& before, const journal::json& after) {
  s.db->query(
      "INSERT INTO review_journal(document_id, action, before, after, at, \"by\") "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      {num(document_id), action, before.dump(), after.dump(), num(now_seconds()), s.user});
  s.db->query(
      "DELETE FROM review_journal WHERE document_id = $1 AND id <= (SELECT id FROM "
      "review_journal WHERE document_id = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)",
      {num(document_id), num(journal::kJournalDepth)});
}

}  // namespace

DocumentImportResult PgStore::store_alignment(
    const DocumentRecord& document, const std::vector<AlignedPair>& pairs,
    const std::function<void(std::size_t, std::size_t)>& progress, bool force) {
  if (document.name.empty()) throw Error("a document needs a name");
  check_utf8(document.name, "document name");
  DocumentImportResult result;
  Scope tx(*this);
  lock_for_adding();
  const std::vector<Param> fields = {document.src_file,   document.tgt_file,  document.src_sha256,
                                     document.tgt_sha256, document.src_lang,  document.tgt_lang,
                                     document.options,    num(now_seconds()), user};
  auto existing =
      db->query("SELECT id, src_sha256, tgt_sha256 FROM documents WHERE name = $1 FOR UPDATE",
                {document.name});
  if (existing.rows() > 0) {
    const int64_t id = existing.int64(0, 0);
    result.document_id = id;
    if (!force && !document.src_sha256.empty() && !document.tgt_sha256.empty() &&
        existing.text(0, 1) == document.src_sha256 && existing.text(0, 2) == document.tgt_sha256) {
      result.outcome = DocumentImportResult::Outcome::Unchanged;
      return result;  // nothing written; the scope rolls back an empty transaction
    }
    // Every placement now in the document: kept ones get their new place,
    // machine pairs go, decisions not kept lose their place only.
    std::unordered_set<int64_t> kept_units, kept_origins;
    for (const auto& p : pairs)
      if (const auto* k = std::get_if<KeptPair>(&p)) {
        check_current(*db, id, k->pair);
        (k->pair.origin_id ? kept_origins.insert(k->pair.origin_id)
                           : kept_units.insert(k->pair.unit_id));
      }
    for (const Placement& p : placements_of(*db, id)) {
      if (p.origin_id ? kept_origins.count(p.origin_id) : kept_units.count(p.unit_id)) continue;
      auto st = db->query("SELECT status FROM units WHERE id = $1", {num(p.unit_id)});
      const bool decision = st.rows() > 0 && st.text(0, 0) != "aligned";
      if (decision) {
        set_place(*db, {p.unit_id, p.origin_id, 0}, std::nullopt, std::nullopt);
        result.unplaced.push_back(p.unit_id);
      } else {
        drop_placement(p.unit_id, p.origin_id);
        ++result.removed;
      }
    }
    if (document.src_sha256.empty() && document.tgt_sha256.empty()) {
      // A table loaded back (no files): the record keeps what it knew.
      db->query("UPDATE documents SET imported_at = $1, imported_by = $2 WHERE id = $3",
                {num(now_seconds()), user, num(id)});
    } else {
      std::vector<Param> p = fields;
      p.push_back(num(id));
      db->query(
          "UPDATE documents SET src_file = $1, tgt_file = $2, src_sha256 = $3, tgt_sha256 = $4, "
          "src_lang = $5, tgt_lang = $6, options = $7, imported_at = $8, imported_by = $9 "
          "WHERE id = $10",
          p);
    }
    result.outcome = DocumentImportResult::Outcome::Replaced;
  } else {
    for (const auto& p : pairs)
      if (std::holds_alternative<KeptPair>(p))
        throw ConflictError("document '" + document.name + "' is not in the TM: nothing to keep");
    std::vector<Param> p = {document.name};
    p.insert(p.end(), fields.begin(), fields.end());
    result.document_id =
        db->query(
              "INSERT INTO documents(name, src_file, tgt_file, src_sha256, tgt_sha256, src_lang, "
              "tgt_lang, options, imported_at, imported_by) VALUES ($1, $2, $3, $4, $5, $6, $7, "
              "$8, $9, $10) RETURNING id",
              p)
            .int64(0, 0);
    result.outcome = DocumentImportResult::Outcome::Added;
  }
  store_sentences(*db, result.document_id, document);
  // The workbench's journal spoke of the alignment this one replaces.
  db->query("DELETE FROM review_journal WHERE document_id = $1", {num(result.document_id)});
  const std::size_t total = pairs.size();
  for (std::size_t i = 0; i < total; ++i) {
    const auto position = static_cast<int64_t>(i);
    if (const auto* k = std::get_if<KeptPair>(&pairs[i])) {
      set_place(*db, k->pair, k->place, position);
      ++result.kept_decisions;
    } else {
      const auto& u = std::get<TranslationUnit>(pairs[i]);
      auto r = add(u, result.document_id, u.position ? *u.position : position, nullptr);
      ++(r.merged ? result.merged : result.inserted);
    }
    if (progress && ((i + 1) % 1000 == 0 || i + 1 == total)) progress(i + 1, total);
  }
  tx.commit();
  return result;
}

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
        std::string(kSentenceColumns) + " FROM sentences WHERE document_id = $1 ORDER BY side, idx",
        {num(info->id)});
    for (int i = 0; i < r.rows(); ++i)
      (r.int64(i, 0) == 1 ? out.source_sentences : out.target_sentences)
          .push_back(read_sentence(r, i));
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
  put_in_document_order(out);
  locate_pairs(out);
  return out;
}

// ---- a person's changes ----------------------------------------------------------

std::vector<PairRef> PgStore::replace_pairs(const std::string& document,
                                            const std::vector<PairRef>& old,
                                            std::vector<TranslationUnit> replacements,
                                            const std::string& action) {
  using journal::json;
  Scope tx(*this);
  lock_for_adding();
  const int64_t doc = document_id_of(*db, document);
  if (old.empty()) throw Error("replace_pairs: no pair to replace");
  json before = json::array();
  std::optional<int64_t> position;
  const auto placements = placements_of(*db, doc);
  for (const PairRef& ref : old) {
    check_current(*db, doc, ref);
    auto unit = get(ref.unit_id);
    // The placement's own place and position, not the unit's primary one.
    for (const Placement& p : placements)
      if (p.unit_id == ref.unit_id && p.origin_id == ref.origin_id) {
        unit->place = p.place;
        unit->position = p.position;
      }
    if (unit->position && (!position || *unit->position < *position)) position = unit->position;
    before.push_back({{"ref", journal::ref_json(ref)}, {"unit", journal::unit_json(*unit)}});
  }
  std::vector<PairRef> made;
  json after = json::array();
  for (auto& u : replacements) {
    u.document.reset();
    u.revision = next_revision();
    auto r = add(u, doc, position, nullptr);
    int64_t revision = u.revision;
    // Merged into a unit stored before: its revision is what counts.
    if (r.merged)
      revision = db->query("SELECT revision FROM units WHERE id = $1", {num(r.id)}).int64(0, 0);
    PairRef ref{r.id, r.origin_id, revision};
    made.push_back(ref);
    after.push_back(journal::ref_json(ref));
  }
  for (const PairRef& ref : old) drop_placement(ref.unit_id, ref.origin_id);
  renumber_positions(*db, doc);
  write_journal(*this, doc, action, {{"kind", "replace"}, {"pairs", before}}, after);
  tx.commit();
  return made;
}

PairRef PgStore::change_pair(const std::string& document, const PairRef& pair, const UnitEdit& edit,
                             const std::string& action) {
  using journal::json;
  Scope tx(*this);
  const int64_t doc = document_id_of(*db, document);
  check_current(*db, doc, pair);
  auto unit = get(pair.unit_id);
  json before = {{"kind", "change"}, {"unit", journal::unit_json(*unit)}};
  edit_unit(pair.unit_id, edit);  // a savepoint inside this transaction
  PairRef now{pair.unit_id, pair.origin_id, get(pair.unit_id)->revision};
  write_journal(*this, doc, action, before, json::array({journal::ref_json(now)}));
  tx.commit();
  return now;
}

JournalEntry PgStore::undo_last(const std::string& document) {
  using journal::json;
  Scope tx(*this);
  lock_for_adding();
  const int64_t doc = document_id_of(*db, document);
  auto last = db->query(
      "SELECT id, action, at, \"by\", before, after FROM review_journal WHERE document_id = $1 "
      "ORDER BY id DESC LIMIT 1 FOR UPDATE",
      {num(doc)});
  if (last.rows() == 0) throw NotFoundError("nothing to undo in document '" + document + "'");
  JournalEntry entry{last.int64(0, 0), last.str(0, 1), last.int64(0, 2), last.str(0, 3)};
  const json before = json::parse(last.text(0, 4));
  const json after = json::parse(last.text(0, 5));
  for (const auto& r : after) check_current(*db, doc, journal::ref_from(r));
  if (before.at("kind") == "change") {
    TranslationUnit old = journal::unit_from(before.at("unit"));
    edit_unit(old.id, {.source_text = old.source.text,
                       .target_text = old.target.text,
                       .source_lang = old.source.lang,
                       .target_lang = old.target.lang,
                       .status = old.status,
                       .note = old.note});
    auto text_or_null = [](const std::string& t) -> Param {
      if (t.empty()) return std::nullopt;
      return t;
    };
    db->query("UPDATE units SET pending = $1, src_markup = $2, tgt_markup = $3 WHERE id = $4",
              {num(old.pending ? 1 : 0), text_or_null(old.source.markup),
               text_or_null(old.target.markup), num(old.id)});
  } else {
    for (const auto& r : after) {
      const PairRef ref = journal::ref_from(r);
      drop_placement(ref.unit_id, ref.origin_id);
    }
    for (const auto& p : before.at("pairs")) {
      TranslationUnit old = journal::unit_from(p.at("unit"));
      old.revision = next_revision();
      if (get(old.id)) {
        // The unit lives on elsewhere (a merged duplicate): put back this
        // document's placement of it.
        std::vector<Param> params = {num(old.id), num(doc), opt_num(old.position),
                                     num(now_seconds()), user};
        for (auto& x : place_params(old.place)) params.push_back(std::move(x));
        db->query(
            "INSERT INTO unit_origins(unit_id, document_id, position, added_at, added_by, "
            "src_begin, src_end, tgt_begin, tgt_end) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            params);
      } else {
        add(old, doc, old.position, nullptr, old.id);
      }
    }
    renumber_positions(*db, doc);
  }
  db->query("DELETE FROM review_journal WHERE id = $1", {num(entry.id)});
  tx.commit();
  return entry;
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
