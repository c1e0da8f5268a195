// Opening a PostgreSQL TM: connecting, the schema and its checks, and the
// write scope.
#include <string>

#include "tm/error.h"
#include "tm/store/pg/pg_store_impl.h"
#include "tm/store/pg/pg_words.h"

namespace alinea::tm::pg {
namespace {

// Schema history: kMigrations[v] takes a database from schema_version v to
// v + 1. Never edit a released step; append a new one. The tables mirror
// SQLite's (1: its schema 3, 2: its 4); search runs on expression indexes over the folded
// texts instead of FTS5.
constexpr const char* kMigrations[] = {
    // 0 -> 1
    R"sql(
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE documents(
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  src_file TEXT NOT NULL DEFAULT '',
  tgt_file TEXT NOT NULL DEFAULT '',
  src_sha256 TEXT NOT NULL DEFAULT '',
  tgt_sha256 TEXT NOT NULL DEFAULT '',
  src_lang TEXT NOT NULL DEFAULT '',
  tgt_lang TEXT NOT NULL DEFAULT '',
  options TEXT NOT NULL DEFAULT '',
  imported_at BIGINT NOT NULL,
  imported_by TEXT NOT NULL
);
CREATE TABLE units(
  id BIGSERIAL PRIMARY KEY,
  src_lang TEXT NOT NULL,
  src_text TEXT NOT NULL,
  src_markup TEXT,
  tgt_lang TEXT NOT NULL,
  tgt_text TEXT NOT NULL,
  tgt_markup TEXT,
  document_id BIGINT REFERENCES documents(id) ON DELETE SET NULL,
  position BIGINT,
  context_prev TEXT NOT NULL DEFAULT '',
  context_next TEXT NOT NULL DEFAULT '',
  confidence DOUBLE PRECISION,
  status TEXT NOT NULL DEFAULT 'aligned' CHECK (status IN ('aligned', 'reviewed', 'rejected')),
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  changed_at BIGINT NOT NULL,
  changed_by TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  dup_key BIGINT NOT NULL,
  src_note TEXT NOT NULL DEFAULT '',
  tgt_note TEXT NOT NULL DEFAULT '',
  src_begin BIGINT,
  src_end BIGINT,
  tgt_begin BIGINT,
  tgt_end BIGINT,
  pending INTEGER NOT NULL DEFAULT 0,
  revision BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX units_dup ON units(dup_key);
CREATE INDEX units_document ON units(document_id, position);
CREATE TABLE lang_pairs(
  src_lang TEXT NOT NULL,
  tgt_lang TEXT NOT NULL,
  PRIMARY KEY (src_lang, tgt_lang)
);
CREATE TABLE unit_props(
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  side INTEGER NOT NULL DEFAULT 0 CHECK (side IN (0, 1, 2)),
  PRIMARY KEY (unit_id, seq)
);
CREATE TABLE unit_origins(
  id BIGSERIAL PRIMARY KEY,
  unit_id BIGINT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  document_id BIGINT REFERENCES documents(id) ON DELETE CASCADE,
  position BIGINT,
  added_at BIGINT NOT NULL,
  added_by TEXT NOT NULL,
  src_begin BIGINT,
  src_end BIGINT,
  tgt_begin BIGINT,
  tgt_end BIGINT
);
CREATE INDEX unit_origins_unit ON unit_origins(unit_id);
CREATE INDEX unit_origins_document ON unit_origins(document_id);
CREATE TABLE sentences(
  document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  side INTEGER NOT NULL CHECK (side IN (1, 2)),
  idx INTEGER NOT NULL,
  paragraph INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (document_id, side, idx)
);
CREATE TABLE review_journal(
  id BIGSERIAL PRIMARY KEY,
  document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  action TEXT NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL,
  at BIGINT NOT NULL,
  "by" TEXT NOT NULL
);
CREATE INDEX review_journal_document ON review_journal(document_id, id);
-- Revisions: a sequence never hands out a value twice, even to writers on
-- other machines, and takes no row lock.
CREATE SEQUENCE revisions;
-- Case- and accent-insensitive search: one folded form, in an immutable
-- function so that expression indexes can use it.
CREATE FUNCTION alinea_fold(t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN lower(public.unaccent('public.unaccent'::regdictionary, t));
CREATE INDEX units_src_words ON units USING gin (to_tsvector('simple', alinea_fold(src_text)));
CREATE INDEX units_tgt_words ON units USING gin (to_tsvector('simple', alinea_fold(tgt_text)));
)sql",
    // 1 -> 2: as SQLite's 3 -> 4, where each sentence is in its file.
    R"sql(
ALTER TABLE sentences ADD COLUMN loc_paragraph INTEGER;
ALTER TABLE sentences ADD COLUMN char_start BIGINT;
ALTER TABLE sentences ADD COLUMN char_end BIGINT;
ALTER TABLE sentences ADD COLUMN page INTEGER;
)sql",
    // 2 -> 3: each side's words stored beside its text (pg_words.h), the
    // words indexes made over them: search used to compute every ranked or
    // rechecked row's words again (about 10 us a text, the server's
    // parser and unaccent most of it), with the server's tokens, not
    // SQLite's. Filled by fill_words() between this and kWordsIndexes.
    R"sql(
DROP INDEX units_src_words;
DROP INDEX units_tgt_words;
DROP FUNCTION alinea_fold(text);
ALTER TABLE units ADD COLUMN src_words tsvector, ADD COLUMN tgt_words tsvector;
)sql",
};
constexpr int kMigrationCount = static_cast<int>(std::size(kMigrations));
// The end of step 2 -> 3, once every unit has its words.
constexpr const char* kWordsIndexes = R"sql(
ALTER TABLE units ALTER COLUMN src_words SET NOT NULL, ALTER COLUMN tgt_words SET NOT NULL;
CREATE INDEX units_src_words ON units USING gin (src_words);
CREATE INDEX units_tgt_words ON units USING gin (tgt_words);
)sql";
static_assert(kMigrationCount == kPgSchemaVersion);

// Serialises creating and migrating the schema between processes.
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(1095521357)";  // "ALTM"

}  // namespace

std::string num(int64_t v) { return std::to_string(v); }
std::string num_array(const std::vector<int64_t>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(values[i]);
  }
  return out + "}";
}
Param opt_num(const std::optional<int64_t>& v) {
  if (!v) return std::nullopt;
  return std::to_string(*v);
}

void PgStore::validate_or_create() {
  // Whether the database holds a TM, something else, or nothing.
  auto version = [&]() -> std::optional<int> {
    auto has_meta = db->query("SELECT to_regclass('meta') IS NOT NULL");
    if (has_meta.text(0, 0) != "t") return std::nullopt;
    auto app = db->query("SELECT value FROM meta WHERE key = 'application'");
    if (app.rows() == 0 || app.text(0, 0) != "alinea-tm")
      throw NotATmError(path + ": not an Alinea TM (a database with another meta table)");
    auto v = db->query("SELECT value FROM meta WHERE key = 'schema_version'");
    if (v.rows() == 0) throw NotATmError(path + ": damaged Alinea TM (no schema version)");
    return static_cast<int>(v.int64(0, 0));
  };
  auto check = [&](std::optional<int> v) {
    if (!v) {
      auto tables = db->query("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()");
      if (tables.int64(0, 0) != 0)
        throw NotATmError(path + ": not an Alinea TM (the database holds other tables)");
      if (mode == OpenMode::ReadOnly) throw NotFoundError(path + ": no TM in this database yet");
      return;
    }
    if (*v > kPgSchemaVersion)
      throw NotATmError(path + ": TM schema version " + std::to_string(*v) +
                        " is newer than this alinea supports (" + std::to_string(kPgSchemaVersion) +
                        "); upgrade alinea");
  };
  std::optional<int> v = version();
  check(v);
  if (v && *v == kPgSchemaVersion) return;  // current: opening writes nothing
  if (mode == OpenMode::ReadOnly)
    throw NotATmError(path + ": TM schema version " + std::to_string(*v) +
                      " is older than this alinea's; open it for writing once to upgrade");
  // Checked again under the lock: another process may have created the
  // schema in the meantime.
  Scope tx(*this);
  db->exec(kSchemaLock);
  v = version();
  check(v);
  const int from = v.value_or(0);
  if (from > 0 && on_upgrade) on_upgrade(path, from, kPgSchemaVersion);
  for (int step = from; step < kMigrationCount; ++step) {
    db->exec(kMigrations[step]);
    if (step == 2) {
      fill_words();
      db->exec(kWordsIndexes);
    }
  }
  if (from == 0) {
    db->query(
        "INSERT INTO meta(key, value) VALUES ('application', 'alinea-tm'), ('created_at', $1), "
        "('created_by', $2), ('schema_version', '0')",
        {num(now_seconds()), user});
  }
  db->query("UPDATE meta SET value = $1 WHERE key = 'schema_version'", {num(kPgSchemaVersion)});
  tx.commit();
}

void PgStore::fill_words() {
  // Read a batch by id, send its words to a table of this transaction,
  // then one UPDATE for all: reading and COPY cannot share the
  // connection's turn, and one join rewrites each row once.
  db->exec(
      "CREATE TEMPORARY TABLE unit_words(id BIGINT PRIMARY KEY, src tsvector NOT NULL, "
      "tgt tsvector NOT NULL) ON COMMIT DROP");
  constexpr int kBatch = 10000;
  int64_t last = 0;
  for (;;) {
    auto r = db->query("SELECT id, src_text, tgt_text FROM units WHERE id > $1 ORDER BY id LIMIT " +
                           std::to_string(kBatch),
                       {num(last)});
    if (r.rows() == 0) break;
    std::string rows;
    for (int i = 0; i < r.rows(); ++i) {
      const UnitWords words = unit_words(r.text(i, 1), r.text(i, 2));
      rows.append(r.text(i, 0)).append("\t");
      copy_field(rows, words.source);
      rows += '\t';
      copy_field(rows, words.target);
      rows += '\n';
    }
    last = r.int64(r.rows() - 1, 0);
    db->begin_copy("COPY unit_words(id, src, tgt) FROM STDIN");
    db->put(rows);
    db->end_copy();
    if (r.rows() < kBatch) break;
  }
  db->exec("UPDATE units u SET (" + std::string(kWordsColumns) +
           ") = (w.src, w.tgt) FROM unit_words w WHERE u.id = w.id; DROP TABLE unit_words");
}

void PgStore::set_busy_timeout(int milliseconds) {
  busy_ms = milliseconds;
  // A write waiting this long for another writer's row lock gives up
  // (55P03: BusyError), as SQLite's busy timeout does.
  db->exec("SET lock_timeout = " + std::to_string(milliseconds));
}

std::unique_ptr<Backend> open_store(const std::string& address, OpenMode mode, std::string user,
                                    int busy_timeout_ms, bool check_schema,
                                    UpgradeNotice on_upgrade) {
  auto s = std::make_unique<PgStore>();
  s->path = shown(address);
  s->mode = mode;
  s->user = std::move(user);
  s->on_upgrade = std::move(on_upgrade);
  s->db = std::make_unique<Connection>(address);
  // Text in and out is UTF-8 whatever the server's locale; numbers are
  // parsed from text.
  s->db->exec("SET client_encoding = 'UTF8'; SET extra_float_digits = 3");
  s->set_busy_timeout(busy_timeout_ms);
  if (check_schema) s->validate_or_create();
  if (mode == OpenMode::ReadOnly) s->db->exec("SET default_transaction_read_only = on");
  return s;
}

// ---- the write scope -------------------------------------------------------

Scope::Scope(PgStore& store) : s_(store) {
  if (s_.mode == OpenMode::ReadOnly) throw Error(s_.path + ": the TM is open read-only");
  if (s_.tx_depth == 0)
    s_.db->exec("BEGIN");
  else
    s_.db->exec("SAVEPOINT w" + std::to_string(s_.tx_depth));
  level_ = ++s_.tx_depth;
}

void Scope::commit() {
  if (done_) return;
  if (level_ == 1 && !s_.deferred_builds.empty()) {
    // Built before COMMIT: the units, their indexes and their checked
    // references land together. The planner's statistics too, which
    // fuzzy matching reads word shares from.
    for (const auto& definition : s_.deferred_builds) s_.db->exec(definition);
    s_.db->exec("ANALYZE units");
  } else if (level_ == 1 && s_.units_added >= PgStore::kMergePendingAfter) {
    s_.merge_pending_word_entries();
  }
  s_.db->exec(level_ == 1 ? std::string("COMMIT") : "RELEASE w" + std::to_string(level_ - 1));
  if (level_ == 1) end_of_transaction();
  done_ = true;
  --s_.tx_depth;
}

void Scope::end_of_transaction() {
  s_.adding = false;  // the lock ends with the transaction
  s_.deferral_checked = false;
  s_.units_added = 0;
  s_.deferred_builds.clear();  // made again, or never dropped (rolled back)
  s_.added_keys.reset();
  s_.deferred_at_depth = 0;
}

Scope::~Scope() {
  if (done_) return;
  try {
    if (level_ == 1)
      s_.db->exec("ROLLBACK");
    else
      s_.db->exec("ROLLBACK TO w" + std::to_string(level_ - 1) + "; RELEASE w" +
                  std::to_string(level_ - 1));
  } catch (...) {
    // The server rolls back when the connection closes.
  }
  s_.last_pair.reset();  // the row may have been rolled back
  s_.adding = false;     // and the lock with it, if taken inside
  // Indexes dropped at this level or deeper are back.
  if (level_ == 1 || s_.deferred_at_depth >= level_) end_of_transaction();
  --s_.tx_depth;
}

}  // namespace alinea::tm::pg
