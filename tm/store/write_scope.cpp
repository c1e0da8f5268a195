// The write scope (one transaction or savepoint), the revision counter,
// and the batched full-text indexing every write goes through.
#include <sqlite3.h>

#include "tm/error.h"
#include "tm/store/sqlite_store.h"
#include "tm/store/store.h"

namespace alinea::tm {

// ---- WriteScope -------------------------------------------------------------

WriteScope::WriteScope(SqliteStore& store) : s_(store) {
  if (s_.mode == OpenMode::ReadOnly) throw Error(s_.path + ": the TM is open read-only");
  s_.ensure_db();
  if (s_.tx_depth == 0) {
    s_.db->exec("BEGIN IMMEDIATE");
    s_.fts_indexed_in_tx = 0;
  } else {
    // Index what is pending before the savepoint: FTS5 only honours
    // ROLLBACK TO for savepoints opened after it joined the transaction, so
    // rows indexed inside a savepoint it had not seen would be undone in
    // the table but not in the index (a corrupt index).
    s_.flush_fts();
    s_.db->exec("SAVEPOINT w" + std::to_string(s_.tx_depth));
  }
  saved_pending_ = s_.fts_pending_from;
  level_ = ++s_.tx_depth;
}

void WriteScope::commit() {
  if (done_) return;
  if (level_ == 1) {
    s_.flush_fts();
    s_.merge_fts_after_bulk_load();
    s_.db->exec("COMMIT");
  } else
    s_.db->exec("RELEASE w" + std::to_string(level_ - 1));
  done_ = true;
  --s_.tx_depth;
}

WriteScope::~WriteScope() {
  if (done_) return;
  try {
    if (level_ == 1) {
      s_.db->exec("ROLLBACK");
    } else {
      s_.db->exec("ROLLBACK TO w" + std::to_string(level_ - 1));
      s_.db->exec("RELEASE w" + std::to_string(level_ - 1));
    }
  } catch (...) {
    // Nothing sensible to do: SQLite rolls back on close anyway.
  }
  if (level_ == 1)
    s_.fts_pending_from.reset();
  else
    s_.fts_pending_from = saved_pending_;
  s_.last_pair.reset();  // the row may have been rolled back
  --s_.tx_depth;
}

void SqliteStore::note_lang_pair(const std::string& src, const std::string& tgt) {
  if (last_pair && src == last_pair->first && tgt == last_pair->second) return;
  auto& st = stmt("INSERT OR IGNORE INTO lang_pairs(src_lang, tgt_lang) VALUES (?, ?)");
  sql::ResetGuard g(st);
  st.bind(1, src);
  st.bind(2, tgt);
  st.run();
  last_pair = std::make_pair(src, tgt);
}

int64_t SqliteStore::next_revision() {
  auto& st = stmt(
      "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision' RETURNING value");
  sql::ResetGuard g(st);
  if (!st.step()) throw Error(path + ": damaged Alinea TM (no revision counter)");
  return st.int64(0);
}

void SqliteStore::flush_fts() {
  if (!fts_pending_from || !db) return;
  if (!fts_tuned) {
    // FTS5 writes a new index segment each time its pending terms pass
    // hashsize (1 MB by default), and merges segments once automerge (4)
    // of one size exist; merging costs as much as indexing in a bulk load.
    // 4 MB segments make indexing 10-20% cheaper (16 MB: no better at 1M
    // units, 12 MB more memory); automerge 16 makes a million-unit load 9%
    // cheaper, for fuzzy matches 0.3 ms slower (p50 3.1 ms) and concordance
    // unchanged. The settings are stored with the index.
    for (const auto& [name, value] : kFtsSettings) {
      auto& get = stmt("SELECT v FROM units_fts_config WHERE k = ?");
      sql::ResetGuard g(get);
      get.bind(1, name);
      if (get.step() && get.int64(0) == value) continue;
      get.reset();
      auto& set = stmt("INSERT INTO units_fts(units_fts, rank) VALUES (?, ?)");
      sql::ResetGuard g2(set);
      set.bind(1, name);
      set.bind(2, value);
      set.run();
    }
    fts_tuned = true;
  }
  auto& st = stmt(
      "INSERT INTO units_fts(rowid, src_text, tgt_text) "
      "SELECT id, src_text, tgt_text FROM units WHERE id >= ? ORDER BY id");
  sql::ResetGuard g(st);
  st.bind(1, *fts_pending_from);
  st.run();
  fts_indexed_in_tx += db->changes();
  fts_pending_from.reset();
}

void SqliteStore::merge_fts_after_bulk_load() {
  if (fts_indexed_in_tx < kFtsMergeMinRows) return;
  auto& count = stmt("SELECT count(*) FROM units");
  sql::ResetGuard g(count);
  count.step();
  if (fts_indexed_in_tx * kFtsMergeMinShare < count.int64(0)) return;
  // One segment: a fuzzy match on a million-unit TM loaded in one import
  // runs 31% fewer instructions; the merge costs about 3.5 s per million
  // units, a tenth of the load. Inside the load's transaction, so that a
  // failed merge leaves the TM as it was.
  db->exec("INSERT INTO units_fts(units_fts) VALUES ('optimize')");
  fts_indexed_in_tx = 0;
}

}  // namespace alinea::tm
