#include "tm/store/store.h"

#include <pwd.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_set>

#include "tm/error.h"
#include "tm/store/store_impl.h"
#include "tm/store/text.h"

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

int64_t dup_key(std::string_view src_primary, std::string_view nsrc, std::string_view tgt_primary,
                std::string_view ntgt) {
  return static_cast<int64_t>(
      text::hash64({src_primary, "\x1f", nsrc, "\x1f", tgt_primary, "\x1f", ntgt}));
}

}  // namespace

void check_utf8(std::string_view s, const char* what) {
  if (!text::valid_utf8(s)) throw Error(std::string("unit ") + what + " is not valid UTF-8");
}

// unit_props.side: the element of the TMX unit a property was on.
enum class PropSide : int64_t { Unit = 0, Source = 1, Target = 2 };

template <typename Unit>  // TranslationUnit, const or not
auto& side_properties(Unit& u, PropSide side) {
  switch (side) {
    case PropSide::Source:
      return u.source_annotations.properties;
    case PropSide::Target:
      return u.target_annotations.properties;
    case PropSide::Unit:
      break;
  }
  return u.properties;
}

void validate_unit(const TranslationUnit& u) {
  check_utf8(u.source.text, "source text");
  check_utf8(u.target.text, "target text");
  check_utf8(u.source.markup, "source markup");
  check_utf8(u.target.markup, "target markup");
  check_utf8(u.source.lang, "source language");
  check_utf8(u.target.lang, "target language");
  check_utf8(u.context_prev, "context");
  check_utf8(u.context_next, "context");
  check_utf8(u.note, "note");
  if (u.document) check_utf8(*u.document, "document name");
  if (u.source.text.empty() && u.target.text.empty())
    throw Error("a unit needs text on at least one side");
  if (u.place &&
      (u.place->source.end < u.place->source.begin || u.place->target.end < u.place->target.begin))
    throw Error("a unit's sentence range ends before it begins");
  for (const Annotations* a : {&u.source_annotations, &u.target_annotations})
    check_utf8(a->note, "note");
  for (const auto* props :
       {&u.properties, &u.source_annotations.properties, &u.target_annotations.properties})
    for (const auto& p : *props) {
      check_utf8(p.type, "property");
      check_utf8(p.value, "property");
    }
}

std::string current_user() {
  if (const char* u = std::getenv("USER"); u && *u) return u;
  if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name && *pw->pw_name) return pw->pw_name;
  return "unknown";
}

bool inconsistent(const std::vector<TermRendering>& renderings) {
  int kinds = 0;
  for (const auto& r : renderings)
    if (r.count > 0 && r.kind != TermRendering::Kind::Unknown) ++kinds;
  return kinds > 1;
}

int64_t now_seconds() { return static_cast<int64_t>(std::time(nullptr)); }

UnitStatus status_from_db(std::string_view t) {
  return parse_status(t).value_or(UnitStatus::Aligned);
}

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

// ---- WriteScope -------------------------------------------------------------

WriteScope::WriteScope(Store::Impl& store) : s_(store) {
  if (s_.mode == OpenMode::ReadOnly) throw Error(s_.path + ": the TM is open read-only");
  s_.ensure_db();
  if (s_.tx_depth == 0) {
    s_.db->exec("BEGIN IMMEDIATE");
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

void Store::Impl::note_lang_pair(const std::string& src, const std::string& tgt) {
  if (last_pair && src == last_pair->first && tgt == last_pair->second) return;
  auto& st = stmt("INSERT OR IGNORE INTO lang_pairs(src_lang, tgt_lang) VALUES (?, ?)");
  sql::ResetGuard g(st);
  st.bind(1, src);
  st.bind(2, tgt);
  st.run();
  last_pair = std::make_pair(src, tgt);
}

int64_t Store::Impl::next_revision() {
  auto& st = stmt(
      "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision' RETURNING value");
  sql::ResetGuard g(st);
  if (!st.step()) throw Error(path + ": damaged Alinea TM (no revision counter)");
  return st.int64(0);
}

void Store::Impl::flush_fts() {
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
  fts_pending_from.reset();
}

// ---- opening ------------------------------------------------------------------

sql::Statement& Store::Impl::stmt(std::string_view sql) {
  auto it = cache.find(sql);
  if (it != cache.end()) return *it->second;
  auto st = std::make_unique<sql::Statement>(*db, sql);
  auto& ref = *st;
  cache.emplace(sql, std::move(st));
  return ref;
}

void Store::Impl::configure() {
  db->set_busy_timeout(busy_ms);
  // A 16 MB page cache: indexing in chunks (flush_fts) keeps a bulk load's
  // working set small, and a larger cache only made private memory grow
  // with the import (128 MB: 1% faster at 1M units, 8x the memory). No
  // mmap, so that the memory a process uses is what it really needs.
  db->exec("PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY");
  register_rank_function(*db);
}

void Store::Impl::validate() {
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

void Store::Impl::create_or_migrate() {
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

bool Store::Impl::upgrade_if_older() {
  int version = 0;
  try {
    sql::Statement v(*db, "PRAGMA user_version");
    if (v.step()) version = static_cast<int>(v.int64(0));
  } catch (const Error&) {
    return false;  // validate() says what is wrong with the file
  }
  if (version < 1 || version >= kSchemaVersion || ::access(path.c_str(), W_OK) != 0) return false;
  Impl writer;
  writer.path = path;
  writer.mode = OpenMode::ReadWrite;
  writer.user = user;
  writer.busy_ms = busy_ms;
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

namespace {

// A WAL-mode file is read through its -shm index, which a reader must be
// able to create (or find) beside the file. In a directory it cannot write
// (a TM on a read-only mount, or in a coordinator's folder), with no
// un-checkpointed changes waiting in a -wal file, the file is complete as
// it is: it is opened as immutable, which needs no index. (A clean close
// checkpoints and removes the -wal file.)
bool needs_immutable_open(const std::string& path) {
  const std::filesystem::path file(path);
  std::filesystem::path dir = file.parent_path();
  if (dir.empty()) dir = ".";
  if (::access(dir.c_str(), W_OK) == 0) return false;
  if (::access((path + "-shm").c_str(), R_OK) == 0) return false;
  std::error_code ec;
  const auto wal = std::filesystem::file_size(path + "-wal", ec);
  return ec || wal == 0;
}

// SQLite's URI form of a path, with the characters URIs reserve escaped.
std::string immutable_uri(const std::string& path) {
  std::string uri = "file:";
  for (unsigned char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      uri += buf;
    } else {
      uri += static_cast<char>(c);
    }
  }
  return uri + "?immutable=1";
}

}  // namespace

void Store::Impl::open_existing() {
  int flags = mode == OpenMode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (mode == OpenMode::ReadOnly && path != ":memory:" && needs_immutable_open(path)) {
    db = std::make_unique<sql::Database>(immutable_uri(path), flags | SQLITE_OPEN_URI);
    try {
      db->set_busy_timeout(busy_ms);
      validate();
      configure();
    } catch (...) {
      cache.clear();
      db.reset();
      throw;
    }
    return;
  }
  db = std::make_unique<sql::Database>(path, flags);
  try {
    db->set_busy_timeout(busy_ms);
    if (mode == OpenMode::ReadOnly && upgrade_if_older()) {
      // A fresh connection: the schema changed under this one.
      db = std::make_unique<sql::Database>(path, flags);
      db->set_busy_timeout(busy_ms);
    }
    validate();  // before anything else reads the file
    configure();
    if (mode == OpenMode::ReadWrite) create_or_migrate();
  } catch (...) {
    cache.clear();
    db.reset();
    throw;
  }
}

void Store::Impl::ensure_db() {
  if (db) return;
  db = std::make_unique<sql::Database>(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  try {
    db->set_busy_timeout(busy_ms);
    validate();
    configure();
    create_or_migrate();
  } catch (...) {
    cache.clear();
    db.reset();
    throw;
  }
}

Store Store::open(const std::string& path, OpenMode mode, std::string user, int busy_timeout_ms) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->mode = mode;
  impl->user = user.empty() ? current_user() : std::move(user);
  if (busy_timeout_ms < 0) throw Error("a busy timeout cannot be negative");
  impl->busy_ms = busy_timeout_ms;
  if (path.empty()) throw Error("no TM path given");
  if (path == ":memory:") {
    // A private database: create it now, whatever the mode, so reads work.
    auto m = impl->mode;
    impl->mode = OpenMode::ReadWrite;
    impl->ensure_db();
    impl->mode = m;
  } else {
    std::error_code ec;
    bool exists = std::filesystem::exists(path, ec);
    if (exists && std::filesystem::is_directory(path, ec))
      throw NotATmError(path + ": not an Alinea TM (a directory)");
    if (exists)
      impl->open_existing();
    else if (mode == OpenMode::ReadOnly)
      throw NotFoundError(path + ": no such TM");
  }
  return Store(std::move(impl));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() {
  if (impl_) impl_->cache.clear();  // statements before the connection
}

const std::string& Store::path() const { return impl_->path; }
const std::string& Store::user() const { return impl_->user; }
OpenMode Store::mode() const { return impl_->mode; }
void Store::set_busy_timeout(int milliseconds) {
  impl_->busy_ms = milliseconds;
  if (impl_->db) impl_->db->set_busy_timeout(milliseconds);
}

// ---- writes -------------------------------------------------------------------

std::optional<int64_t> Store::Impl::find_document(const std::string& name) {
  if (!db) return std::nullopt;
  auto& st = stmt("SELECT id FROM documents WHERE name = ?");
  sql::ResetGuard g(st);
  st.bind(1, name);
  if (st.step()) return st.int64(0);
  return std::nullopt;
}

int64_t Store::Impl::create_document(const std::string& name) {
  auto& st = stmt("INSERT INTO documents(name, imported_at, imported_by) VALUES (?, ?, ?)");
  sql::ResetGuard g(st);
  st.bind(1, name);
  st.bind(2, now_seconds());
  st.bind(3, user);
  st.run();
  return db->last_insert_rowid();
}

UnitKey unit_key(const TranslationUnit& u) {
  validate_unit(u);
  UnitKey k;
  std::string src_buf, tgt_buf;
  const std::string_view nsrc = text::normalize(u.source.text, src_buf);
  const std::string_view ntgt = text::normalize(u.target.text, tgt_buf);
  k.src_primary = text::primary_lang(u.source.lang);
  k.tgt_primary = text::primary_lang(u.target.lang);
  k.key = dup_key(k.src_primary, nsrc, k.tgt_primary, ntgt);
  if (nsrc.data() != u.source.text.data()) k.nsrc = std::string(nsrc);
  if (ntgt.data() != u.target.text.data()) k.ntgt = std::string(ntgt);
  return k;
}

AddResult Store::Impl::add(const TranslationUnit& u, std::optional<int64_t> document_id,
                           std::optional<int64_t> position, const UnitKey* given_key,
                           std::optional<int64_t> restore_id) {
  if (restore_id) flush_fts();
  UnitKey own_key;
  if (!given_key) {
    own_key = unit_key(u);
    given_key = &own_key;
  }
  if (!document_id && u.document) {
    document_id = find_document(*u.document);
    if (!document_id) document_id = create_document(*u.document);
  }
  if (!position) position = u.position;
  const std::string_view nsrc = given_key->nsrc ? *given_key->nsrc : u.source.text;
  const std::string_view ntgt = given_key->ntgt ? *given_key->ntgt : u.target.text;
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

int64_t Store::Impl::detach_document(int64_t document_id, bool only_aligned) {
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

void Store::Impl::drop_placement(int64_t unit_id, int64_t origin_id) {
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

struct Store::Transaction::State {
  explicit State(Store::Impl& s) : impl(s), scope(s) {}
  Store::Impl& impl;
  WriteScope scope;
  std::string last_document;
  int64_t last_document_id = 0;
  std::optional<int64_t> document_for(const TranslationUnit& unit);
};

Store::Transaction::Transaction(std::unique_ptr<State> state) : state_(std::move(state)) {}
Store::Transaction::Transaction(Transaction&&) noexcept = default;
Store::Transaction::~Transaction() = default;

std::optional<int64_t> Store::Transaction::State::document_for(const TranslationUnit& unit) {
  if (!unit.document) return std::nullopt;
  // Bulk adds come document by document: remember the last one.
  if (last_document_id != 0 && last_document == *unit.document) return last_document_id;
  check_utf8(*unit.document, "document name");
  auto doc = impl.find_document(*unit.document);
  if (!doc) doc = impl.create_document(*unit.document);
  last_document = *unit.document;
  last_document_id = *doc;
  return doc;
}

AddResult Store::Transaction::add(const TranslationUnit& unit) {
  if (!state_) throw Error("transaction already finished");
  return state_->impl.add(unit, state_->document_for(unit), std::nullopt);
}

namespace {

// A unit and, when it is valid, its duplicate key, derived on the reading
// thread (a tenth of the work of adding it).
struct KeyedUnit {
  TranslationUnit unit;
  std::optional<UnitKey> key;
};

// Batches of units handed from the reading thread to the writing one. The
// writer hands each batch back once stored, and the reader moves new units
// into its slots: the old units' memory is freed on the reading thread,
// which has time to spare, rather than on the writing one, which has none.
class UnitPipe {
 public:
  // Thrown in the reading thread once the writer has stopped; not a
  // std::exception, so that a reader's own handlers let it through.
  struct Cancelled {};

  UnitPipe() { batch_.reserve(kBatch); }

  void push(TranslationUnit&& u) {
    KeyedUnit& item = filled_ < batch_.size() ? batch_[filled_] : batch_.emplace_back();
    ++filled_;
    item.unit = std::move(u);
    item.key.reset();
    try {
      item.key = unit_key(item.unit);
    } catch (const Error&) {
      // add() validates again and throws, in the writing thread.
    }
    if (filled_ >= kBatch) flush();
  }
  void flush() {
    if (filled_ == 0) return;
    batch_.resize(filled_);  // only the last batch can be short
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return queue_.size() < kMaxBatches || cancelled_; });
    if (cancelled_) throw Cancelled{};
    queue_.push_back(std::move(batch_));
    not_empty_.notify_one();
    if (!spare_.empty()) {
      batch_ = std::move(spare_.back());
      spare_.pop_back();
    } else {
      batch_ = {};
      batch_.reserve(kBatch);
    }
    filled_ = 0;
  }
  void close(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    closed_ = true;
    error_ = std::move(error);
    not_empty_.notify_one();
  }
  // Hands back the batch `out` held (if any) and takes the next one; false
  // once the reader closed the pipe and every batch was taken.
  bool pop(std::vector<KeyedUnit>& out) {
    std::unique_lock lock(mutex_);
    if (!out.empty() && spare_.size() < kMaxBatches) spare_.push_back(std::move(out));
    not_empty_.wait(lock, [&] { return !queue_.empty() || closed_; });
    if (queue_.empty()) return false;
    out = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return true;
  }
  void cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    not_full_.notify_all();
  }
  std::exception_ptr error() {
    std::lock_guard lock(mutex_);
    return error_;
  }

 private:
  // 256-unit batches keep locking rare; 16 of them bound the memory.
  static constexpr std::size_t kBatch = 256;
  static constexpr std::size_t kMaxBatches = 16;
  std::vector<KeyedUnit> batch_;  // reader side only
  std::size_t filled_ = 0;        // slots of batch_ holding this batch's units
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<std::vector<KeyedUnit>> queue_;
  std::vector<std::vector<KeyedUnit>> spare_;  // stored batches, back for reuse
  bool closed_ = false, cancelled_ = false;
  std::exception_ptr error_;
};

}  // namespace

Store::Transaction::AddAllResult Store::Transaction::add_all(
    const std::function<void(const UnitSink& sink)>& produce) {
  if (!state_) throw Error("transaction already finished");
  AddAllResult result;
  UnitPipe pipe;
  std::thread reader([&] {
    std::exception_ptr error;
    try {
      produce([&](TranslationUnit&& u) { pipe.push(std::move(u)); });
      pipe.flush();
    } catch (const UnitPipe::Cancelled&) {
    } catch (...) {
      error = std::current_exception();
    }
    pipe.close(std::move(error));
  });
  std::exception_ptr add_error;
  try {
    std::vector<KeyedUnit> batch;
    auto& s = *state_;
    while (pipe.pop(batch))
      for (const auto& item : batch) {
        const auto r = s.impl.add(item.unit, s.document_for(item.unit), std::nullopt,
                                  item.key ? &*item.key : nullptr);
        ++(r.merged ? result.merged : result.inserted);
      }
  } catch (...) {
    add_error = std::current_exception();
    pipe.cancel();
  }
  reader.join();
  if (add_error) std::rethrow_exception(add_error);
  if (auto error = pipe.error()) std::rethrow_exception(error);
  return result;
}

void Store::Transaction::commit() {
  if (!state_) throw Error("transaction already finished");
  state_->scope.commit();
  state_.reset();
}

Store::Transaction Store::begin() {
  return Transaction(std::make_unique<Transaction::State>(*impl_));
}

AddResult Store::add_unit(const TranslationUnit& unit) {
  WriteScope tx(*impl_);
  auto r = impl_->add(unit, std::nullopt, std::nullopt);
  tx.commit();
  return r;
}

void Store::delete_document(const std::string& document) {
  auto& s = *impl_;
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

void Store::edit_unit(int64_t id, const UnitEdit& edit) {
  WriteScope tx(*impl_);
  impl_->apply_edit(id, edit);
  tx.commit();
}

void Store::Impl::apply_edit(int64_t id, const UnitEdit& edit) {
  auto& s = *this;
  s.flush_fts();
  auto unit = s.get(id);
  if (!unit) throw NotFoundError("no unit with id " + std::to_string(id));
  if (edit.source_text) unit->source.text = *edit.source_text;
  if (edit.target_text) unit->target.text = *edit.target_text;
  if (edit.source_lang) unit->source.lang = *edit.source_lang;
  if (edit.target_lang) unit->target.lang = *edit.target_lang;
  if (edit.status) unit->status = *edit.status;
  if (edit.note) unit->note = *edit.note;
  validate_unit(*unit);
  const int64_t key =
      dup_key(text::primary_lang(unit->source.lang), text::normalize(unit->source.text),
              text::primary_lang(unit->target.lang), text::normalize(unit->target.text));
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

void Store::set_status(int64_t id, UnitStatus status) {
  auto& s = *impl_;
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

void Store::delete_unit(int64_t id) {
  auto& s = *impl_;
  WriteScope tx(s);
  s.flush_fts();
  auto& del = s.stmt("DELETE FROM units WHERE id = ?");
  sql::ResetGuard g(del);
  del.bind(1, id);
  del.run();
  if (s.db->changes() == 0) throw NotFoundError("no unit with id " + std::to_string(id));
  tx.commit();
}

// ---- reads --------------------------------------------------------------------

TranslationUnit Store::Impl::read_unit(const sql::Statement& st) {
  TranslationUnit u;
  u.id = st.int64(0);
  u.source.lang = st.str(1);
  u.source.text = st.str(2);
  u.source.markup = st.str(3);
  u.target.lang = st.str(4);
  u.target.text = st.str(5);
  u.target.markup = st.str(6);
  if (!st.is_null(7)) u.document = st.str(7);
  u.position = st.opt_int64(8);
  u.context_prev = st.str(9);
  u.context_next = st.str(10);
  u.confidence = st.opt_real(11);
  u.status = status_from_db(st.text(12));
  u.created_at = st.int64(13);
  u.created_by = st.str(14);
  u.changed_at = st.int64(15);
  u.changed_by = st.str(16);
  u.note = st.str(17);
  u.source_annotations.note = st.str(18);
  u.target_annotations.note = st.str(19);
  u.place = read_place(st, 20);
  u.pending = st.int64(24) != 0;
  u.revision = st.int64(25);
  return u;
}

namespace {
// A statement's text must outlive the statement cache (Impl::stmt).
const std::string& get_unit_sql() {
  static const std::string sql =
      "SELECT " + std::string(kUnitColumns) + std::string(kUnitFrom) + " WHERE u.id = ?";
  return sql;
}
constexpr std::string_view kProps =
    "SELECT unit_id, type, value, side FROM unit_props WHERE unit_id = ? ORDER BY seq";

// A unit_props row (unit_id, type, value, side) into its unit.
void add_property(TranslationUnit& u, const sql::Statement& st) {
  const int64_t side = st.int64(3);
  side_properties(u, side == 1   ? PropSide::Source
                     : side == 2 ? PropSide::Target
                                 : PropSide::Unit)
      .push_back({st.str(1), st.str(2)});
}
constexpr std::string_view kOrigins =
    "SELECT o.unit_id, d.name, o.position, o.added_at, o.added_by, o.src_begin, o.src_end, "
    "o.tgt_begin, o.tgt_end FROM unit_origins o "
    "LEFT JOIN documents d ON d.id = o.document_id WHERE o.unit_id = ? ORDER BY o.id";

Origin read_origin(const sql::Statement& st) {
  Origin o;
  if (!st.is_null(1)) o.document = st.str(1);
  o.position = st.opt_int64(2);
  o.added_at = st.int64(3);
  o.added_by = st.str(4);
  o.place = read_place(st, 5);
  return o;
}
}  // namespace

void Store::Impl::load_extras(TranslationUnit& u) {
  {
    auto& st = stmt(kProps);
    sql::ResetGuard g(st);
    st.bind(1, u.id);
    while (st.step()) add_property(u, st);
  }
  auto& st = stmt(kOrigins);
  sql::ResetGuard g(st);
  st.bind(1, u.id);
  while (st.step()) u.origins.push_back(read_origin(st));
}

std::optional<TranslationUnit> Store::Impl::get(int64_t id) {
  if (!db) return std::nullopt;
  auto& st = stmt(get_unit_sql());
  sql::ResetGuard g(st);
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  auto u = read_unit(st);
  st.reset();
  load_extras(u);
  return u;
}

int64_t Store::Impl::count_units() {
  if (!db) return 0;
  auto& st = stmt("SELECT count(*) FROM units");
  sql::ResetGuard g(st);
  st.step();
  return st.int64(0);
}

std::optional<TranslationUnit> Store::get_unit(int64_t id) const { return impl_->get(id); }
int64_t Store::unit_count() const { return impl_->count_units(); }

void Store::for_each_unit(const UnitFilter& filter,
                          const std::function<void(const TranslationUnit&)>& fn) const {
  auto& s = *impl_;
  if (!s.db) return;
  std::string where;
  auto add = [&](const std::string& cond) {
    where += (where.empty() ? " WHERE " : " AND ") + cond;
  };
  if (filter.document)
    add("(u.document_id = (SELECT id FROM documents WHERE name = :doc) OR u.id IN "
        "(SELECT unit_id FROM unit_origins WHERE document_id = "
        "(SELECT id FROM documents WHERE name = :doc)))");
  if (filter.status) add("u.status = :status");
  if (filter.min_confidence) add("u.confidence >= :conf");
  if (filter.changed_since) add("u.changed_at >= :since");
  if (filter.changed_until) add("u.changed_at <= :until");
  if (!filter.include_pending) add("u.pending = 0 AND u.src_text != '' AND u.tgt_text != ''");
  const std::string q =
      "SELECT " + std::string(kUnitColumns) + std::string(kUnitFrom) + where + " ORDER BY u.id";
  // Fresh statements: the callback may read through the cached ones.
  sql::Statement st(*s.db, q);
  int idx = 1;
  // Parameters are numbered in order of first appearance.
  if (filter.document) st.bind(idx++, *filter.document);
  if (filter.status) st.bind(idx++, status_name(*filter.status));
  if (filter.min_confidence) st.bind(idx++, *filter.min_confidence);
  if (filter.changed_since) st.bind(idx++, *filter.changed_since);
  if (filter.changed_until) st.bind(idx++, *filter.changed_until);
  // Properties and origins are merged in by unit id, so memory stays flat.
  sql::Statement props(*s.db,
                       "SELECT unit_id, type, value, side FROM unit_props ORDER BY unit_id, seq");
  sql::Statement origins(*s.db,
                         "SELECT o.unit_id, d.name, o.position, o.added_at, o.added_by, "
                         "o.src_begin, o.src_end, o.tgt_begin, o.tgt_end "
                         "FROM unit_origins o LEFT JOIN documents d ON d.id = o.document_id "
                         "ORDER BY o.unit_id, o.id");
  bool props_row = props.step();
  bool origins_row = origins.step();
  while (st.step()) {
    TranslationUnit u = Store::Impl::read_unit(st);
    while (props_row && props.int64(0) < u.id) props_row = props.step();
    while (props_row && props.int64(0) == u.id) {
      add_property(u, props);
      props_row = props.step();
    }
    while (origins_row && origins.int64(0) < u.id) origins_row = origins.step();
    while (origins_row && origins.int64(0) == u.id) {
      u.origins.push_back(read_origin(origins));
      origins_row = origins.step();
    }
    fn(u);
  }
}

namespace {
DocumentInfo read_document(const sql::Statement& st) {
  DocumentInfo d;
  d.id = st.int64(0);
  d.name = st.str(1);
  d.src_file = st.str(2);
  d.tgt_file = st.str(3);
  d.src_sha256 = st.str(4);
  d.tgt_sha256 = st.str(5);
  d.src_lang = st.str(6);
  d.tgt_lang = st.str(7);
  d.options = st.str(8);
  d.imported_at = st.int64(9);
  d.imported_by = st.str(10);
  d.units = st.int64(11);
  d.pending = st.int64(12);
  d.omissions = st.int64(13);
  d.reviewed = st.int64(14);
  d.rejected = st.int64(15);
  return d;
}
// A document's units: those it brought first (units.document_id) and the
// duplicates it brought that were merged into an existing unit (an extra
// origin), so that a document whose units were all in the TM still has them.
const std::string kDocumentColumns = [] {
  const std::string in_document =
      "u.id IN (SELECT id FROM units WHERE document_id = d.id UNION "
      "SELECT unit_id FROM unit_origins WHERE document_id = d.id)";
  const std::string count = "(SELECT count(*) FROM units u WHERE " + in_document;
  return "SELECT d.id, d.name, d.src_file, d.tgt_file, d.src_sha256, d.tgt_sha256, d.src_lang, "
         "d.tgt_lang, d.options, d.imported_at, d.imported_by, " +
         count + "), " + count + " AND u.pending != 0), " + count +
         " AND (u.src_text = '' OR u.tgt_text = '')), " + count + " AND u.status = 'reviewed'), " +
         count + " AND u.status = 'rejected') FROM documents d ";
}();
}  // namespace

std::vector<DocumentInfo> Store::documents() const {
  std::vector<DocumentInfo> out;
  if (!impl_->db) return out;
  sql::Statement st(*impl_->db, std::string(kDocumentColumns) + "ORDER BY d.id");
  while (st.step()) out.push_back(read_document(st));
  return out;
}

std::optional<DocumentInfo> Store::document(const std::string& name) const {
  if (!impl_->db) return std::nullopt;
  sql::Statement st(*impl_->db, std::string(kDocumentColumns) + "WHERE d.name = ?");
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  return read_document(st);
}

TmStats Store::stats() const {
  TmStats t;
  t.schema_version = kSchemaVersion;
  auto& s = *impl_;
  if (!s.db) return t;
  auto scalar = [&](const char* q) {
    sql::Statement st(*s.db, q);
    return st.step() ? st.int64(0) : 0;
  };
  t.schema_version = static_cast<int>(scalar("PRAGMA user_version"));
  {
    sql::Statement st(*s.db, "SELECT status, count(*) FROM units GROUP BY status");
    while (st.step()) {
      const auto n = st.int64(1);
      t.units += n;
      switch (status_from_db(st.text(0))) {
        case UnitStatus::Aligned:
          t.aligned += n;
          break;
        case UnitStatus::Reviewed:
          t.reviewed += n;
          break;
        case UnitStatus::Rejected:
          t.rejected += n;
          break;
      }
    }
  }
  t.documents = scalar("SELECT count(*) FROM documents");
  t.duplicates_merged = scalar("SELECT count(*) FROM unit_origins");
  t.manual = scalar("SELECT count(*) FROM units WHERE document_id IS NULL");
  t.pending = scalar("SELECT count(*) FROM units WHERE pending != 0");
  t.omissions = scalar("SELECT count(*) FROM units WHERE src_text = '' OR tgt_text = ''");
  t.first_change = scalar("SELECT coalesce(min(changed_at), 0) FROM units");
  t.last_change = scalar("SELECT coalesce(max(changed_at), 0) FROM units");
  {
    sql::Statement st(*s.db,
                      "SELECT lang, count(*) FROM (SELECT src_lang AS lang FROM units "
                      "UNION ALL SELECT tgt_lang FROM units WHERE tgt_lang != src_lang) "
                      "GROUP BY lang ORDER BY count(*) DESC, lang");
    while (st.step()) t.languages.emplace_back(st.str(0), st.int64(1));
  }
  if (s.path != ":memory:") {
    std::error_code ec;
    for (const char* suffix : {"", "-wal"}) {
      auto size = std::filesystem::file_size(s.path + suffix, ec);
      if (!ec) t.file_bytes += static_cast<int64_t>(size);
    }
  }
  return t;
}

std::vector<std::string> Store::check() const {
  std::vector<std::string> problems;
  auto& s = *impl_;
  if (!s.db) return problems;
  {
    sql::Statement st(*s.db, "PRAGMA integrity_check");
    while (st.step())
      if (st.text(0) != "ok") problems.push_back(st.str(0));
  }
  {
    sql::Statement st(*s.db, "PRAGMA foreign_key_check");
    while (st.step()) problems.push_back("foreign key violation in " + st.str(0));
  }
  if (s.mode == OpenMode::ReadWrite) {
    s.flush_fts();
    // FTS5's check is phrased as a write; run it in a savepoint we undo.
    WriteScope tx(s);
    try {
      s.db->exec("INSERT INTO units_fts(units_fts, rank) VALUES ('integrity-check', 1)");
    } catch (const Error& e) {
      problems.push_back(std::string("search index: ") + e.what());
    }
  }
  return problems;
}

}  // namespace alinea::tm
