// A person's changes to stored units and documents: edit, status, delete.
#include <string>

#include "tm/error.h"
#include "tm/store/sqlite_store.h"
#include "tm/store/store.h"
#include "tm/store/text.h"

namespace alinea::tm {

void SqliteStore::delete_document(const std::string& document) {
  auto& s = *this;
  WriteScope tx(s);
  auto id = s.find_document(document);
  if (!id) throw NotFoundError("no document named '" + document + "' in the TM");
  s.detach_document(*id, /*only_aligned=*/false);
  auto& del = s.stmt("DELETE FROM documents WHERE id = ?");
  sql::ResetGuard g(del);
  del.bind(1, *id);
  del.run();
  tx.commit();
}

void SqliteStore::edit_unit(int64_t id, const UnitEdit& edit) {
  WriteScope tx(*this);
  this->apply_edit(id, edit);
  tx.commit();
}

void SqliteStore::apply_edit(int64_t id, const UnitEdit& edit) {
  auto& s = *this;
  s.flush_fts();
  auto unit = s.get(id);
  if (!unit) throw NotFoundError("no unit with id " + std::to_string(id));
  const int64_t key = apply_unit_edit(*unit, edit);
  auto& up = s.stmt(
      "UPDATE units SET src_text = ?, tgt_text = ?, src_lang = ?, tgt_lang = ?, status = ?, "
      "note = ?, dup_key = ?, changed_at = ?, changed_by = ?, "
      "src_markup = CASE WHEN ?10 THEN NULL ELSE src_markup END, "
      "tgt_markup = CASE WHEN ?11 THEN NULL ELSE tgt_markup END, "
      "pending = CASE WHEN ?5 = 'aligned' THEN pending ELSE 0 END, revision = ?13 WHERE id = ?12");
  sql::ResetGuard g(up);
  up.bind(1, unit->source.text);
  up.bind(2, unit->target.text);
  up.bind(3, unit->source.lang);
  up.bind(4, unit->target.lang);
  up.bind(5, status_name(unit->status));
  up.bind(6, unit->note);
  up.bind(7, key);
  up.bind(8, now_seconds());
  up.bind(9, s.user);
  // Markup of an edited text no longer matches it.
  up.bind(10, edit.source_text ? 1 : 0);
  up.bind(11, edit.target_text ? 1 : 0);
  up.bind(12, id);
  up.bind(13, s.next_revision());
  up.run();
  s.note_lang_pair(unit->source.lang, unit->target.lang);
}

void SqliteStore::set_status(int64_t id, UnitStatus status) {
  auto& s = *this;
  WriteScope tx(s);
  auto& up = s.stmt(
      "UPDATE units SET status = ?1, changed_at = ?2, changed_by = ?3, revision = ?5, "
      "pending = CASE WHEN ?1 = 'aligned' THEN pending ELSE 0 END WHERE id = ?4");
  sql::ResetGuard g(up);
  up.bind(1, status_name(status));
  up.bind(2, now_seconds());
  up.bind(3, s.user);
  up.bind(4, id);
  up.bind(5, s.next_revision());
  up.run();
  if (s.db->changes() == 0) throw NotFoundError("no unit with id " + std::to_string(id));
  tx.commit();
}

void SqliteStore::delete_unit(int64_t id) {
  auto& s = *this;
  WriteScope tx(s);
  s.flush_fts();
  auto& del = s.stmt("DELETE FROM units WHERE id = ?");
  sql::ResetGuard g(del);
  del.bind(1, id);
  del.run();
  if (s.db->changes() == 0) throw NotFoundError("no unit with id " + std::to_string(id));
  tx.commit();
}

}  // namespace alinea::tm
