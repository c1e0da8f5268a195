// The TM's schema: its history of migrations, the checks that a file is a
// TM this version can use, and creating or upgrading one.
#include <sqlite3.h>

#include <cstdio>
#include <string>

#include "tm/error.h"
#include "tm/store/sqlite_store.h"
#include "tm/store/store.h"

namespace alinea::tm {

namespace {

// Schema history: kMigrations[v] takes a database from user_version v to
// v + 1. Never edit a released step; append a new one.
constexpr const char* kMigrations[] = {
    // 0 -> 1
    R"sql(
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE documents(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  src_file TEXT NOT NULL DEFAULT '',
  tgt_file TEXT NOT NULL DEFAULT '',
  src_sha256 TEXT NOT NULL DEFAULT '',
  tgt_sha256 TEXT NOT NULL DEFAULT '',
  src_lang TEXT NOT NULL DEFAULT '',
  tgt_lang TEXT NOT NULL DEFAULT '',
  options TEXT NOT NULL DEFAULT '',
  imported_at INTEGER NOT NULL,
  imported_by TEXT NOT NULL
);
CREATE TABLE units(
  id INTEGER PRIMARY KEY,
  src_lang TEXT NOT NULL,
  src_text TEXT NOT NULL,
  src_markup TEXT,
  tgt_lang TEXT NOT NULL,
  tgt_text TEXT NOT NULL,
  tgt_markup TEXT,
  document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  position INTEGER,
  context_prev TEXT NOT NULL DEFAULT '',
  context_next TEXT NOT NULL DEFAULT '',
  confidence REAL,
  -- Spelled out: an IN list builds a temporary table on every insert.
  status TEXT NOT NULL DEFAULT 'aligned'
    CHECK (status = 'aligned' OR status = 'reviewed' OR status = 'rejected'),
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  changed_at INTEGER NOT NULL,
  changed_by TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  -- hash of the normalised languages and texts: finds exact duplicates
  dup_key INTEGER NOT NULL
);
CREATE INDEX units_dup ON units(dup_key);
-- Every (source, target) language pair ever stored, so that a search in one
-- language skips the side where that language never occurs.
CREATE TABLE lang_pairs(
  src_lang TEXT NOT NULL,
  tgt_lang TEXT NOT NULL,
  PRIMARY KEY (src_lang, tgt_lang)
) WITHOUT ROWID;
CREATE INDEX units_document ON units(document_id, position);
CREATE TABLE unit_props(
  unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (unit_id, seq)
) WITHOUT ROWID;
CREATE TABLE unit_origins(
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
  position INTEGER,
  added_at INTEGER NOT NULL,
  added_by TEXT NOT NULL
);
CREATE INDEX unit_origins_unit ON unit_origins(unit_id);
CREATE INDEX unit_origins_document ON unit_origins(document_id);
-- External-content index: the text lives once, in units.
CREATE VIRTUAL TABLE units_fts USING fts5(
  src_text, tgt_text, content='units', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2');
-- Rows are added to the index by the store itself, in bulk when a write
-- transaction commits: an AFTER INSERT trigger makes FTS5 flush its pending
-- terms on every statement, which is five times slower in bulk. Deletes and
-- text edits go through triggers so that the index never keeps stale text.
CREATE TRIGGER units_fts_delete AFTER DELETE ON units BEGIN
  INSERT INTO units_fts(units_fts, rowid, src_text, tgt_text)
    VALUES ('delete', old.id, old.src_text, old.tgt_text);
END;
CREATE TRIGGER units_fts_update AFTER UPDATE OF src_text, tgt_text ON units BEGIN
  INSERT INTO units_fts(units_fts, rowid, src_text, tgt_text)
    VALUES ('delete', old.id, old.src_text, old.tgt_text);
  INSERT INTO units_fts(rowid, src_text, tgt_text) VALUES (new.id, new.src_text, new.tgt_text);
END;
)sql",
    // 1 -> 2: notes and props of one language's <tuv> (Annotations), kept
    // apart from the unit's own. side: 0 the unit, 1 source, 2 target.
    R"sql(
ALTER TABLE units ADD COLUMN src_note TEXT NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN tgt_note TEXT NOT NULL DEFAULT '';
ALTER TABLE unit_props ADD COLUMN side INTEGER NOT NULL DEFAULT 0 CHECK (side IN (0, 1, 2));
)sql",
    // 2 -> 3: aligned documents keep their sentences and every pair's place
    // in them (omissions included), pairs waiting for review, a revision
    // per unit (a write based on an older one is refused), and a journal of
    // the workbench's changes for undo.
    R"sql(
ALTER TABLE units ADD COLUMN src_begin INTEGER;
ALTER TABLE units ADD COLUMN src_end INTEGER;
ALTER TABLE units ADD COLUMN tgt_begin INTEGER;
ALTER TABLE units ADD COLUMN tgt_end INTEGER;
ALTER TABLE units ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE units ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE unit_origins ADD COLUMN src_begin INTEGER;
ALTER TABLE unit_origins ADD COLUMN src_end INTEGER;
ALTER TABLE unit_origins ADD COLUMN tgt_begin INTEGER;
ALTER TABLE unit_origins ADD COLUMN tgt_end INTEGER;
CREATE TABLE sentences(
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  side INTEGER NOT NULL CHECK (side IN (1, 2)),
  idx INTEGER NOT NULL,
  paragraph INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (document_id, side, idx)
) WITHOUT ROWID;
CREATE TABLE review_journal(
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  action TEXT NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL,
  at INTEGER NOT NULL,
  by TEXT NOT NULL
);
CREATE INDEX review_journal_document ON review_journal(document_id, id);
INSERT INTO meta(key, value) VALUES ('revision', '0');
)sql",
    // 3 -> 4: where each sentence is in a file whose byte offsets mean
    // nothing to a person (.docx, .odt, .epub, .pdf), so that a pair's
    // location follows from its place: the paragraph (from 1), characters
    // [char_start, char_end) in it, the page (NULL without pages). All NULL
    // for text formats, and for sentences stored before.
    R"sql(
ALTER TABLE sentences ADD COLUMN loc_paragraph INTEGER;
ALTER TABLE sentences ADD COLUMN char_start INTEGER;
ALTER TABLE sentences ADD COLUMN char_end INTEGER;
ALTER TABLE sentences ADD COLUMN page INTEGER;
)sql",
};
constexpr int kMigrationCount = static_cast<int>(std::size(kMigrations));
static_assert(kMigrationCount == kSchemaVersion);

// Tables every TM has, with the schema version that introduced them.
constexpr std::pair<const char*, int> kRequiredTables[] = {
    {"meta", 1},       {"documents", 1},    {"units", 1},
    {"unit_props", 1}, {"unit_origins", 1}, {"units_fts", 1},
    {"lang_pairs", 1}, {"sentences", 3},    {"review_journal", 3}};

std::string hex32(int32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", static_cast<uint32_t>(v));
  return buf;
}

}  // namespace

void SqliteStore::validate() {
  int32_t app_id = 0;
  int version = 0;
  int64_t objects = 0;
  try {
    sql::Statement a(*db, "PRAGMA application_id");
    if (a.step()) app_id = static_cast<int32_t>(a.int64(0));
    sql::Statement v(*db, "PRAGMA user_version");
    if (v.step()) version = static_cast<int>(v.int64(0));
    sql::Statement n(*db, "SELECT count(*) FROM sqlite_schema");
    if (n.step()) objects = n.int64(0);
  } catch (const NotATmError&) {
    throw NotATmError(path + ": not an Alinea TM (not an SQLite database, or corrupt)");
  }
  if (app_id == 0 && version == 0 && objects == 0) {
    if (mode == OpenMode::ReadOnly) throw NotATmError(path + ": not an Alinea TM (empty database)");
    return;  // an empty file: create_or_migrate fills it
  }
  if (app_id != kApplicationId)
    throw NotATmError(path + ": not an Alinea TM (SQLite database with application_id " +
                      hex32(app_id) + ")");
  if (version > kSchemaVersion)
    throw NotATmError(path + ": TM schema version " + std::to_string(version) +
                      " is newer than this alinea supports (" + std::to_string(kSchemaVersion) +
                      "); upgrade alinea");
  if (version < 1) throw NotATmError(path + ": not an Alinea TM (no schema version)");
  if (version < kSchemaVersion && mode == OpenMode::ReadOnly)
    throw NotATmError(path + ": TM schema version " + std::to_string(version) +
                      " is older than this alinea's; open it for writing once to upgrade");
  sql::Statement t(*db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
  for (const auto& [name, since] : kRequiredTables) {
    if (version < since) continue;  // a migration adds it
    t.reset();
    t.bind(1, name);
    if (!t.step()) throw NotATmError(path + ": damaged Alinea TM (table " + name + " missing)");
  }
}

void SqliteStore::create_or_migrate() {
  db->exec("PRAGMA synchronous = NORMAL");
  sql::Statement v(*db, "PRAGMA user_version");
  v.step();
  if (v.int64(0) >= kSchemaVersion) return;  // current: opening writes nothing
  const bool fresh = v.int64(0) == 0;
  v.reset();
  // WAL lets readers work beside a writer; it is a property of the file, set
  // once when the file is made. Outside a transaction: journal_mode cannot
  // change inside one.
  // 8 KB pages (SQLite's default is 4 KB): fewer, fuller B-tree pages make
  // bulk inserts 8% cheaper; only a new, empty file can take it.
  if (fresh) db->exec("PRAGMA page_size = 8192");
  if (fresh && path != ":memory:") db->exec("PRAGMA journal_mode = WAL");
  // Checked again under the write lock, since another process may have
  // created the schema in the meantime.
  db->exec("BEGIN IMMEDIATE");
  try {
    v.step();
    int version = static_cast<int>(v.int64(0));
    v.reset();
    if (version == 0) {
      // Fresh file: make sure it really is empty.
      sql::Statement n(*db, "SELECT count(*) FROM sqlite_schema");
      n.step();
      if (n.int64(0) != 0) throw NotATmError(path + ": not an Alinea TM");
    } else if (on_upgrade) {
      on_upgrade(path, version, kSchemaVersion);
    }
    for (int step = version; step < kMigrationCount; ++step) db->exec(kMigrations[step]);
    if (version == 0) {
      sql::Statement m(*db, "INSERT INTO meta(key, value) VALUES (?, ?)");
      m.bind(1, "created_at");
      m.bind(2, std::to_string(now_seconds()));
      m.run();
      m.reset();
      m.bind(1, "created_by");
      m.bind(2, user);
      m.run();
    }
    db->exec("PRAGMA application_id = " + std::to_string(kApplicationId) +
             "; PRAGMA user_version = " + std::to_string(kSchemaVersion));
    db->exec("COMMIT");
  } catch (...) {
    try {
      db->exec("ROLLBACK");
    } catch (...) {
    }
    throw;
  }
}

bool SqliteStore::upgrade_if_older() {
  int version = 0;
  try {
    sql::Statement v(*db, "PRAGMA user_version");
    if (v.step()) version = static_cast<int>(v.int64(0));
  } catch (const Error&) {
    return false;  // validate() says what is wrong with the file
  }
  if (version < 1 || version >= kSchemaVersion || ::access(path.c_str(), W_OK) != 0) return false;
  SqliteStore writer;
  writer.path = path;
  writer.mode = OpenMode::ReadWrite;
  writer.user = user;
  writer.busy_ms = busy_ms;
  writer.on_upgrade = on_upgrade;
  try {
    writer.open_existing();  // validates the file, then migrates it
  } catch (const BusyError&) {
    throw;
  } catch (const Error&) {
    // Not writable after all (its directory, say): validate() reports the
    // old version and how to upgrade it.
    return false;
  }
  return true;
}

}  // namespace alinea::tm
