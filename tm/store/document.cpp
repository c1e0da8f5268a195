// Aligned documents: their sentences, the place of every pair in them, a new
// alignment that keeps a person's decisions, and the workbench's changes with
// their journal for undo.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "tm/error.h"
#include "tm/store/document_order.h"
#include "tm/store/document_sql.h"
#include "tm/store/journal.h"
#include "tm/store/sqlite_store.h"
#include "tm/store/text.h"

namespace alinea::tm {
namespace {

using nlohmann::json;
using namespace journal;

}  // namespace

// ---- reading a document --------------------------------------------------------

namespace {

int64_t document_id_of(SqliteStore& s, const std::string& name) {
  auto id = s.find_document(name);
  if (!id) throw NotFoundError("no document named '" + name + "' in the TM");
  return *id;
}

std::vector<Placement> placements_of(SqliteStore& s, int64_t document_id) {
  std::vector<Placement> out;
  {
    auto& st = s.stmt(
        "SELECT id, position, src_begin, src_end, tgt_begin, tgt_end FROM units "
        "WHERE document_id = ?");
    sql::ResetGuard g(st);
    st.bind(1, document_id);
    while (st.step()) out.push_back({st.int64(0), 0, st.opt_int64(1), read_place(st, 2)});
  }
  auto& st = s.stmt(
      "SELECT unit_id, id, position, src_begin, src_end, tgt_begin, tgt_end FROM unit_origins "
      "WHERE document_id = ?");
  sql::ResetGuard g(st);
  st.bind(1, document_id);
  while (st.step()) out.push_back({st.int64(0), st.int64(1), st.opt_int64(2), read_place(st, 3)});
  return out;
}

// Whether the placement a person saw is still there, unchanged.
void check_current(SqliteStore& s, int64_t document_id, const PairRef& ref) {
  auto& st = s.stmt(
      "SELECT u.revision, u.document_id, (SELECT document_id FROM unit_origins WHERE id = ?2 "
      "AND unit_id = ?1) FROM units u WHERE u.id = ?1");
  sql::ResetGuard g(st);
  st.bind(1, ref.unit_id);
  st.bind(2, ref.origin_id);
  const std::string gone = "pair " + std::to_string(ref.unit_id) +
                           " was changed in another window or by another user since you "
                           "loaded it; reload to see it as it is now";
  if (!st.step()) throw ConflictError(gone);
  if (st.int64(0) != ref.revision) throw ConflictError(gone);
  const auto doc = ref.origin_id ? st.opt_int64(2) : st.opt_int64(1);
  if (doc != document_id) throw ConflictError(gone);
}

void renumber_positions(SqliteStore& s, int64_t document_id) {
  std::vector<Placement> all = placements_of(s, document_id);
  std::vector<Placement*> placed = placed_in_order(all);
  auto& unit = s.stmt("UPDATE units SET position = ? WHERE id = ? AND position IS NOT ?1");
  auto& origin = s.stmt("UPDATE unit_origins SET position = ? WHERE id = ? AND position IS NOT ?1");
  for (std::size_t i = 0; i < placed.size(); ++i) {
    auto& st = placed[i]->origin_id ? origin : unit;
    sql::ResetGuard g(st);
    st.bind(1, static_cast<int64_t>(i));
    st.bind(2, placed[i]->origin_id ? placed[i]->origin_id : placed[i]->unit_id);
    st.run();
  }
}

void set_place(SqliteStore& s, const PairRef& ref, const std::optional<Place>& place,
               std::optional<int64_t> position) {
  auto& unit = s.stmt(
      "UPDATE units SET src_begin = ?, src_end = ?, tgt_begin = ?, tgt_end = ?, position = ? "
      "WHERE id = ?");
  auto& origin = s.stmt(
      "UPDATE unit_origins SET src_begin = ?, src_end = ?, tgt_begin = ?, tgt_end = ?, "
      "position = ? WHERE id = ?");
  auto& st = ref.origin_id ? origin : unit;
  sql::ResetGuard g(st);
  bind_place(st, 1, place);
  st.bind(5, position);
  st.bind(6, ref.origin_id ? ref.origin_id : ref.unit_id);
  st.run();
}

void store_sentences(SqliteStore& s, int64_t document_id, const DocumentRecord& record) {
  if (record.source_sentences.empty() && record.target_sentences.empty()) return;
  {
    auto& del = s.stmt("DELETE FROM sentences WHERE document_id = ?");
    sql::ResetGuard g(del);
    del.bind(1, document_id);
    del.run();
  }
  auto& ins = s.stmt(
      "INSERT INTO sentences(document_id, side, idx, paragraph, text, loc_paragraph, char_start, "
      "char_end, page) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (int side : {1, 2}) {
    const auto& sentences = side == 1 ? record.source_sentences : record.target_sentences;
    for (std::size_t i = 0; i < sentences.size(); ++i) {
      check_utf8(sentences[i].text, "sentence");
      sql::ResetGuard g(ins);
      ins.bind(1, document_id);
      ins.bind(2, side);
      ins.bind(3, static_cast<int64_t>(i));
      ins.bind(4, static_cast<int64_t>(sentences[i].paragraph));
      ins.bind(5, sentences[i].text);
      const LocationColumns at = location_columns(sentences[i].location);
      ins.bind(6, at.paragraph);
      ins.bind(7, at.char_start);
      ins.bind(8, at.char_end);
      ins.bind(9, at.page);
      ins.run();
    }
  }
}

void write_journal(SqliteStore& s, int64_t document_id, const std::string& action,
                   const json& before, const json& after) {
  {
    auto& ins = s.stmt(
        "INSERT INTO review_journal(document_id, action, before, after, at, by) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    sql::ResetGuard g(ins);
    ins.bind(1, document_id);
    ins.bind(2, action);
    ins.bind(3, before.dump());
    ins.bind(4, after.dump());
    ins.bind(5, now_seconds());
    ins.bind(6, s.user);
    ins.run();
  }
  auto& trim = s.stmt(
      "DELETE FROM review_journal WHERE document_id = ?1 AND id <= "
      "(SELECT id FROM review_journal WHERE document_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)");
  sql::ResetGuard g(trim);
  trim.bind(1, document_id);
  trim.bind(2, kJournalDepth);
  trim.run();
}

}  // namespace

DocumentAlignment SqliteStore::document_alignment(const std::string& document) {
  auto& s = *this;
  DocumentAlignment out;
  auto info = this->document(document);
  if (!info) throw NotFoundError("no document named '" + document + "' in the TM");
  out.info = *info;
  {
    auto& st = s.stmt(std::string(kSentenceColumns) +
                      " FROM sentences WHERE document_id = ? ORDER BY side, idx");
    sql::ResetGuard g(st);
    st.bind(1, info->id);
    while (st.step())
      (st.int64(0) == 1 ? out.source_sentences : out.target_sentences).push_back(read_sentence(st));
  }
  // Two queries for the whole document (a 5,000-pair document in a few
  // milliseconds): the units placed here by their own placement, and those
  // placed here as an extra origin. Properties and origins are not loaded.
  auto take = [&](PlacedPair pair) {
    pair.unit.document = document;
    (pair.unit.place ? out.pairs : out.unplaced).push_back(std::move(pair));
  };
  {
    static const std::string own =
        "SELECT " + std::string(kUnitColumns) + std::string(kUnitFrom) + " WHERE u.document_id = ?";
    auto& st = s.stmt(own);
    sql::ResetGuard g(st);
    st.bind(1, info->id);
    while (st.step()) take({SqliteStore::read_unit(st), 0});
  }
  {
    static const std::string extra = "SELECT " + std::string(kUnitColumns) +
                                     ", o.id, o.position, o.src_begin, o.src_end, o.tgt_begin, "
                                     "o.tgt_end FROM unit_origins o JOIN units u ON u.id = "
                                     "o.unit_id LEFT JOIN documents d ON d.id = u.document_id "
                                     "WHERE o.document_id = ?";
    auto& st = s.stmt(extra);
    sql::ResetGuard g(st);
    st.bind(1, info->id);
    constexpr int kFirst = 26;  // the first column after kUnitColumns
    while (st.step()) {
      PlacedPair pair{SqliteStore::read_unit(st), st.int64(kFirst)};
      pair.unit.position = st.opt_int64(kFirst + 1);
      pair.unit.place = read_place(st, kFirst + 2);
      take(std::move(pair));
    }
  }
  put_in_document_order(out);
  locate_pairs(out);
  return out;
}

// ---- storing an alignment ------------------------------------------------------

DocumentImportResult SqliteStore::store_alignment(
    const DocumentRecord& document, const std::vector<AlignedPair>& pairs,
    const std::function<void(std::size_t, std::size_t)>& progress, bool force) {
  if (document.name.empty()) throw Error("a document needs a name");
  check_utf8(document.name, "document name");
  auto& s = *this;
  DocumentImportResult result;
  WriteScope tx(s);
  s.flush_fts();
  auto existing = s.find_document(document.name);
  if (existing) {
    result.document_id = *existing;
    {
      auto& st = s.stmt("SELECT src_sha256, tgt_sha256 FROM documents WHERE id = ?");
      sql::ResetGuard g(st);
      st.bind(1, *existing);
      st.step();
      if (!force && !document.src_sha256.empty() && !document.tgt_sha256.empty() &&
          st.text(0) == document.src_sha256 && st.text(1) == document.tgt_sha256) {
        result.outcome = DocumentImportResult::Outcome::Unchanged;
        return result;  // nothing written; the scope rolls back an empty transaction
      }
    }
    // Every placement now in the document: kept ones get their new place,
    // machine pairs go, decisions not kept lose their place only.
    std::unordered_set<int64_t> kept_units, kept_origins;
    for (const auto& p : pairs)
      if (const auto* k = std::get_if<KeptPair>(&p)) {
        check_current(s, *existing, k->pair);
        (k->pair.origin_id ? kept_origins.insert(k->pair.origin_id)
                           : kept_units.insert(k->pair.unit_id));
      }
    for (const Placement& p : placements_of(s, *existing)) {
      if (p.origin_id ? kept_origins.count(p.origin_id) : kept_units.count(p.unit_id)) continue;
      auto& st = s.stmt("SELECT status FROM units WHERE id = ?");
      sql::ResetGuard g(st);
      st.bind(1, p.unit_id);
      const bool decision = st.step() && st.text(0) != "aligned";
      st.reset();
      if (decision) {
        set_place(s, {p.unit_id, p.origin_id, 0}, std::nullopt, std::nullopt);
        result.unplaced.push_back(p.unit_id);
      } else {
        s.drop_placement(p.unit_id, p.origin_id);
        ++result.removed;
      }
    }
    if (document.src_sha256.empty() && document.tgt_sha256.empty()) {
      // A table loaded back (no files): the record keeps what it knew.
      auto& up = s.stmt("UPDATE documents SET imported_at = ?, imported_by = ? WHERE id = ?");
      sql::ResetGuard g(up);
      up.bind(1, now_seconds());
      up.bind(2, s.user);
      up.bind(3, *existing);
      up.run();
    } else {
      auto& up = s.stmt(
          "UPDATE documents SET src_file = ?, tgt_file = ?, src_sha256 = ?, tgt_sha256 = ?, "
          "src_lang = ?, tgt_lang = ?, options = ?, imported_at = ?, imported_by = ? WHERE id = ?");
      sql::ResetGuard g(up);
      bind_document_fields(up, 1, document, s.user);
      up.bind(10, *existing);
      up.run();
    }
    result.outcome = DocumentImportResult::Outcome::Replaced;
  } else {
    for (const auto& p : pairs)
      if (std::holds_alternative<KeptPair>(p))
        throw ConflictError("document '" + document.name + "' is not in the TM: nothing to keep");
    auto& ins = s.stmt(
        "INSERT INTO documents(name, src_file, tgt_file, src_sha256, tgt_sha256, src_lang, "
        "tgt_lang, options, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    sql::ResetGuard g(ins);
    ins.bind(1, document.name);
    bind_document_fields(ins, 2, document, s.user);
    ins.run();
    result.document_id = s.db->last_insert_rowid();
    result.outcome = DocumentImportResult::Outcome::Added;
  }
  store_sentences(s, result.document_id, document);
  // The workbench's journal spoke of the alignment this one replaces.
  {
    auto& forget = s.stmt("DELETE FROM review_journal WHERE document_id = ?");
    sql::ResetGuard g(forget);
    forget.bind(1, result.document_id);
    forget.run();
  }
  const std::size_t total = pairs.size();
  for (std::size_t i = 0; i < total; ++i) {
    const auto position = static_cast<int64_t>(i);
    if (const auto* k = std::get_if<KeptPair>(&pairs[i])) {
      set_place(s, k->pair, k->place, position);
      ++result.kept_decisions;
    } else {
      const auto& u = std::get<TranslationUnit>(pairs[i]);
      auto r = s.add(u, result.document_id, u.position ? *u.position : position);
      ++(r.merged ? result.merged : result.inserted);
    }
    if (progress && ((i + 1) % 1000 == 0 || i + 1 == total)) progress(i + 1, total);
  }
  tx.commit();
  return result;
}

// ---- a person's changes ----------------------------------------------------------

std::vector<PairRef> SqliteStore::replace_pairs(const std::string& document,
                                                const std::vector<PairRef>& old,
                                                std::vector<TranslationUnit> replacements,
                                                const std::string& action) {
  auto& s = *this;
  WriteScope tx(s);
  s.flush_fts();
  const int64_t doc = document_id_of(s, document);
  if (old.empty()) throw Error("replace_pairs: no pair to replace");
  json before = json::array();
  std::optional<int64_t> position;
  for (const PairRef& ref : old) {
    check_current(s, doc, ref);
    auto unit = s.get(ref.unit_id);
    // The placement's own place and position, not the unit's primary one.
    for (const Placement& p : placements_of(s, doc))
      if (p.unit_id == ref.unit_id && p.origin_id == ref.origin_id) {
        unit->place = p.place;
        unit->position = p.position;
      }
    if (unit->position && (!position || *unit->position < *position)) position = unit->position;
    before.push_back({{"ref", ref_json(ref)}, {"unit", unit_json(*unit)}});
  }
  std::vector<PairRef> made;
  json after = json::array();
  for (auto& u : replacements) {
    u.document.reset();
    u.revision = s.next_revision();
    auto r = s.add(u, doc, position);
    int64_t revision = u.revision;
    if (r.merged) {
      // Merged into a unit stored before: its revision is what counts.
      auto& st = s.stmt("SELECT revision FROM units WHERE id = ?");
      sql::ResetGuard g(st);
      st.bind(1, r.id);
      st.step();
      revision = st.int64(0);
    }
    PairRef ref{r.id, r.origin_id, revision};
    made.push_back(ref);
    after.push_back(ref_json(ref));
  }
  // Dropped after the new units are in, so that no new unit takes the id of
  // one it replaces (SQLite reuses the largest id once its row is gone).
  // A replacement equal to a unit it replaces was merged into it as an
  // extra origin, which then takes the dropped placement's turn.
  s.flush_fts();  // rows are deleted next
  for (const PairRef& ref : old) s.drop_placement(ref.unit_id, ref.origin_id);
  renumber_positions(s, doc);
  write_journal(s, doc, action, {{"kind", "replace"}, {"pairs", before}}, after);
  tx.commit();
  return made;
}

PairRef SqliteStore::change_pair(const std::string& document, const PairRef& pair,
                                 const UnitEdit& edit, const std::string& action) {
  auto& s = *this;
  WriteScope tx(s);
  const int64_t doc = document_id_of(s, document);
  check_current(s, doc, pair);
  auto unit = s.get(pair.unit_id);
  json before = {{"kind", "change"}, {"unit", unit_json(*unit)}};
  s.apply_edit(pair.unit_id, edit);
  PairRef now{pair.unit_id, pair.origin_id, s.get(pair.unit_id)->revision};
  write_journal(s, doc, action, before, json::array({ref_json(now)}));
  tx.commit();
  return now;
}

std::optional<JournalEntry> SqliteStore::last_change(const std::string& document) {
  auto& s = *this;
  if (!s.db) return std::nullopt;
  auto doc = s.find_document(document);
  if (!doc) return std::nullopt;
  auto& st = s.stmt(
      "SELECT id, action, at, by FROM review_journal WHERE document_id = ? ORDER BY id DESC "
      "LIMIT 1");
  sql::ResetGuard g(st);
  st.bind(1, *doc);
  if (!st.step()) return std::nullopt;
  return JournalEntry{st.int64(0), st.str(1), st.int64(2), st.str(3)};
}

JournalEntry SqliteStore::undo_last(const std::string& document) {
  auto& s = *this;
  WriteScope tx(s);
  s.flush_fts();
  const int64_t doc = document_id_of(s, document);
  JournalEntry entry;
  json before, after;
  {
    auto& st = s.stmt(
        "SELECT id, action, at, by, before, after FROM review_journal WHERE document_id = ? "
        "ORDER BY id DESC LIMIT 1");
    sql::ResetGuard g(st);
    st.bind(1, doc);
    if (!st.step()) throw NotFoundError("nothing to undo in document '" + document + "'");
    entry = {st.int64(0), st.str(1), st.int64(2), st.str(3)};
    before = json::parse(st.text(4));
    after = json::parse(st.text(5));
  }
  for (const auto& r : after) check_current(s, doc, ref_from(r));
  if (before.at("kind") == "change") {
    TranslationUnit old = unit_from(before.at("unit"));
    UnitEdit edit;
    edit.source_text = old.source.text;
    edit.target_text = old.target.text;
    edit.source_lang = old.source.lang;
    edit.target_lang = old.target.lang;
    edit.status = old.status;
    edit.note = old.note;
    s.apply_edit(old.id, edit);
    auto& st = s.stmt("UPDATE units SET pending = ?, src_markup = ?, tgt_markup = ? WHERE id = ?");
    sql::ResetGuard g(st);
    st.bind(1, old.pending ? 1 : 0);
    if (old.source.markup.empty())
      st.bind_null(2);
    else
      st.bind(2, old.source.markup);
    if (old.target.markup.empty())
      st.bind_null(3);
    else
      st.bind(3, old.target.markup);
    st.bind(4, old.id);
    st.run();
  } else {
    for (const auto& r : after) {
      PairRef ref = ref_from(r);
      s.drop_placement(ref.unit_id, ref.origin_id);
    }
    for (const auto& p : before.at("pairs")) {
      TranslationUnit old = unit_from(p.at("unit"));
      old.revision = s.next_revision();
      if (s.get(old.id)) {
        // The unit lives on elsewhere (a merged duplicate): put back this
        // document's placement of it.
        auto& ins = s.stmt(
            "INSERT INTO unit_origins(unit_id, document_id, position, added_at, added_by, "
            "src_begin, src_end, tgt_begin, tgt_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        sql::ResetGuard g(ins);
        ins.bind(1, old.id);
        ins.bind(2, doc);
        ins.bind(3, old.position);
        ins.bind(4, now_seconds());
        ins.bind(5, s.user);
        bind_place(ins, 6, old.place);
        ins.run();
      } else {
        s.add(old, doc, old.position, nullptr, old.id);
      }
    }
    renumber_positions(s, doc);
  }
  auto& del = s.stmt("DELETE FROM review_journal WHERE id = ?");
  sql::ResetGuard g(del);
  del.bind(1, entry.id);
  del.run();
  tx.commit();
  return entry;
}

}  // namespace alinea::tm
