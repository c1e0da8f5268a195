// Adding units: validation, the duplicate key, the unit and its origins,
// properties and placement; documents' rows.
#include <algorithm>
#include <string>

#include "tm/error.h"
#include "tm/store/document_sql.h"
#include "tm/store/sqlite_store.h"
#include "tm/store/store.h"
#include "tm/store/text.h"

namespace alinea::tm {

// Binds a document's file, digest, language and option fields, then the
// import time and user, to nine consecutive parameters from `first` (the
// same order in the INSERT and the UPDATE of import_document).
void bind_document_fields(sql::Statement& st, int first, const DocumentRecord& d,
                          const std::string& user) {
  int i = first;
  st.bind(i++, d.src_file);
  st.bind(i++, d.tgt_file);
  st.bind(i++, d.src_sha256);
  st.bind(i++, d.tgt_sha256);
  st.bind(i++, d.src_lang);
  st.bind(i++, d.tgt_lang);
  st.bind(i++, d.options);
  st.bind(i++, now_seconds());
  st.bind(i, user);
}

// Binds a place's four bounds (or NULLs) to parameters first..first+3.
void bind_place(sql::Statement& st, int first, const std::optional<Place>& place) {
  if (!place) {
    for (int i = 0; i < 4; ++i) st.bind_null(first + i);
    return;
  }
  st.bind(first, static_cast<int64_t>(place->source.begin));
  st.bind(first + 1, static_cast<int64_t>(place->source.end));
  st.bind(first + 2, static_cast<int64_t>(place->target.begin));
  st.bind(first + 3, static_cast<int64_t>(place->target.end));
}

std::optional<Place> read_place(const sql::Statement& st, int first) {
  if (st.is_null(first)) return std::nullopt;
  auto at = [&](int i) { return static_cast<uint32_t>(st.int64(first + i)); };
  return Place{{at(0), at(1)}, {at(2), at(3)}};
}

Sentence read_sentence(const sql::Statement& st) {
  return sentence_from(st.str(2), st.int64(1),
                       {st.opt_int64(3), st.opt_int64(4), st.opt_int64(5), st.opt_int64(6)});
}

// ---- writes -------------------------------------------------------------------

std::optional<int64_t> SqliteStore::find_document(const std::string& name) {
  if (!db) return std::nullopt;
  auto& st = stmt("SELECT id FROM documents WHERE name = ?");
  sql::ResetGuard g(st);
  st.bind(1, name);
  if (st.step()) return st.int64(0);
  return std::nullopt;
}

int64_t SqliteStore::create_document(const std::string& name) {
  auto& st = stmt("INSERT INTO documents(name, imported_at, imported_by) VALUES (?, ?, ?)");
  sql::ResetGuard g(st);
  st.bind(1, name);
  st.bind(2, now_seconds());
  st.bind(3, user);
  st.run();
  return db->last_insert_rowid();
}

AddResult SqliteStore::add(const TranslationUnit& u, std::optional<int64_t> document_id,
                           std::optional<int64_t> position, const UnitKey* given_key,
                           std::optional<int64_t> restore_id) {
  if (restore_id) flush_fts();
  UnitKey own_key;
  given_key = &key_to_add(u, given_key, own_key);
  document_id = document_to_add(*this, u, document_id);
  if (!position) position = u.position;
  const std::string_view nsrc = compared_source(u, *given_key);
  const std::string_view ntgt = compared_target(u, *given_key);
  const std::string& src_primary = given_key->src_primary;
  const std::string& tgt_primary = given_key->tgt_primary;
  const int64_t key = given_key->key;
  const int64_t now = now_seconds();

  // An omission is a place in a document, not a translation: never merged.
  if (!u.omission() && !restore_id) {
    auto& find = stmt(
        "SELECT id, src_lang, src_text, tgt_lang, tgt_text, document_id, position "
        "FROM units WHERE dup_key = ?");
    sql::ResetGuard g(find);
    find.bind(1, key);
    while (find.step()) {
      if (text::primary_lang(find.text(1)) != src_primary ||
          text::primary_lang(find.text(3)) != tgt_primary ||
          text::normalize(find.text(2)) != nsrc || text::normalize(find.text(4)) != ntgt)
        continue;
      const int64_t id = find.int64(0);
      const auto doc = find.opt_int64(5);
      const auto pos = find.opt_int64(6);
      find.reset();
      if (doc == document_id && pos == position) return {id, true};
      auto& seen = stmt(
          "SELECT 1 FROM unit_origins WHERE unit_id = ? AND document_id IS ? AND position IS ?");
      sql::ResetGuard g2(seen);
      seen.bind(1, id);
      seen.bind(2, document_id);
      seen.bind(3, position);
      if (seen.step()) return {id, true};
      seen.reset();
      auto& ins = stmt(
          "INSERT INTO unit_origins(unit_id, document_id, position, added_at, added_by, "
          "src_begin, src_end, tgt_begin, tgt_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
      sql::ResetGuard g3(ins);
      ins.bind(1, id);
      ins.bind(2, document_id);
      ins.bind(3, position);
      ins.bind(4, now);
      ins.bind(5, user);
      bind_place(ins, 6, u.place);
      ins.run();
      return {id, true, db->last_insert_rowid()};
    }
  }

  auto& ins = stmt(
      "INSERT INTO units(src_lang, src_text, src_markup, tgt_lang, tgt_text, tgt_markup, "
      "document_id, position, context_prev, context_next, confidence, status, created_at, "
      "created_by, changed_at, changed_by, note, dup_key, src_note, tgt_note, src_begin, src_end, "
      "tgt_begin, tgt_end, pending, revision, id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  sql::ResetGuard g(ins);
  const int64_t created_at = u.created_at ? u.created_at : now;
  const std::string& created_by = u.created_by.empty() ? user : u.created_by;
  ins.bind(1, u.source.lang);
  ins.bind(2, u.source.text);
  if (u.source.markup.empty())
    ins.bind_null(3);
  else
    ins.bind(3, u.source.markup);
  ins.bind(4, u.target.lang);
  ins.bind(5, u.target.text);
  if (u.target.markup.empty())
    ins.bind_null(6);
  else
    ins.bind(6, u.target.markup);
  ins.bind(7, document_id);
  ins.bind(8, position);
  ins.bind(9, u.context_prev);
  ins.bind(10, u.context_next);
  ins.bind(11, u.confidence);
  ins.bind(12, status_name(u.status));
  ins.bind(13, created_at);
  ins.bind(14, created_by);
  ins.bind(15, u.changed_at ? u.changed_at : created_at);
  ins.bind(16, u.changed_by.empty() ? created_by : u.changed_by);
  ins.bind(17, u.note);
  ins.bind(18, key);
  ins.bind(19, u.source_annotations.note);
  ins.bind(20, u.target_annotations.note);
  bind_place(ins, 21, u.place);
  ins.bind(25, u.pending ? 1 : 0);
  ins.bind(26, u.revision);
  if (restore_id)
    ins.bind(27, *restore_id);
  else
    ins.bind_null(27);
  ins.run();
  const int64_t id = db->last_insert_rowid();
  if (restore_id) {
    // A unit put back under its old id (undo) sits below the rows waiting
    // for the index: index it now, alone.
    auto& fts = stmt("INSERT INTO units_fts(rowid, src_text, tgt_text) VALUES (?, ?, ?)");
    sql::ResetGuard g4(fts);
    fts.bind(1, id);
    fts.bind(2, u.source.text);
    fts.bind(3, u.target.text);
    fts.run();
  } else if (!fts_pending_from) {
    fts_pending_from = id;
  }
  // In a long transaction, index the new rows while their pages are still
  // cached rather than re-reading a million rows at commit (a third faster
  // at 1M units). Small chunks also bound the statement journal the
  // INSERT ... SELECT keeps in memory (temp_store): 64k-unit chunks held
  // 20 MB more. Only at the outer level: inside a savepoint the index
  // could not be rolled back with the rows (see WriteScope).
  if (tx_depth == 1 && fts_pending_from && id - *fts_pending_from + 1 >= kFtsChunk) flush_fts();
  note_lang_pair(u.source.lang, u.target.lang);
  if (!u.properties.empty() || !u.source_annotations.properties.empty() ||
      !u.target_annotations.properties.empty()) {
    auto& prop =
        stmt("INSERT INTO unit_props(unit_id, seq, type, value, side) VALUES (?, ?, ?, ?, ?)");
    sql::ResetGuard g2(prop);
    int64_t seq = 0;
    for (const PropSide side : {PropSide::Unit, PropSide::Source, PropSide::Target})
      for (const auto& p : side_properties(u, side)) {
        prop.reset();
        prop.bind(1, id);
        prop.bind(2, seq++);
        prop.bind(3, p.type);
        prop.bind(4, p.value);
        prop.bind(5, static_cast<int64_t>(side));
        prop.run();
      }
  }
  return {id, false};
}

int64_t SqliteStore::detach_document(int64_t document_id, bool only_aligned) {
  flush_fts();
  {
    auto& del = stmt("DELETE FROM unit_origins WHERE document_id = ?");
    sql::ResetGuard g(del);
    del.bind(1, document_id);
    del.run();
  }
  std::vector<int64_t> ids;
  {
    auto& sel =
        stmt("SELECT id FROM units WHERE document_id = ?1 AND (?2 = 0 OR status = 'aligned')");
    sql::ResetGuard g(sel);
    sel.bind(1, document_id);
    sel.bind(2, only_aligned ? 1 : 0);
    while (sel.step()) ids.push_back(sel.int64(0));
  }
  for (int64_t id : ids) drop_placement(id, 0);
  return static_cast<int64_t>(ids.size());
}

void SqliteStore::drop_placement(int64_t unit_id, int64_t origin_id) {
  if (origin_id != 0) {
    auto& drop_origin = stmt("DELETE FROM unit_origins WHERE id = ?");
    sql::ResetGuard g(drop_origin);
    drop_origin.bind(1, origin_id);
    drop_origin.run();
    return;
  }
  auto& next = stmt(
      "SELECT id, document_id, position, src_begin, src_end, tgt_begin, tgt_end "
      "FROM unit_origins WHERE unit_id = ? ORDER BY id LIMIT 1");
  sql::ResetGuard g1(next);
  next.bind(1, unit_id);
  if (!next.step()) {
    next.reset();
    auto& drop_unit = stmt("DELETE FROM units WHERE id = ?");
    sql::ResetGuard g2(drop_unit);
    drop_unit.bind(1, unit_id);
    drop_unit.run();
    return;
  }
  // Still seen elsewhere: that origin becomes the primary one.
  const int64_t origin = next.int64(0);
  const auto doc = next.opt_int64(1);
  const auto pos = next.opt_int64(2);
  const auto place = read_place(next, 3);
  next.reset();
  auto& promote = stmt(
      "UPDATE units SET document_id = ?, position = ?, src_begin = ?, src_end = ?, "
      "tgt_begin = ?, tgt_end = ? WHERE id = ?");
  sql::ResetGuard g2(promote);
  promote.bind(1, doc);
  promote.bind(2, pos);
  bind_place(promote, 3, place);
  promote.bind(7, unit_id);
  promote.run();
  drop_placement(unit_id, origin);
}

}  // namespace alinea::tm
