// Opening an SQLite TM (creating it, or read-only and immutable where the
// folder cannot be written) and its statement cache.
#include "tm/store/sqlite_store.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "tm/error.h"

namespace alinea::tm {

// ---- opening ------------------------------------------------------------------

sql::Statement& SqliteStore::stmt(std::string_view sql) {
  auto it = cache.find(sql);
  if (it != cache.end()) return *it->second;
  auto st = std::make_unique<sql::Statement>(*db, sql);
  auto& ref = *st;
  cache.emplace(std::string(sql), std::move(st));
  return ref;
}

void SqliteStore::configure() {
  db->set_busy_timeout(busy_ms);
  // A 16 MB page cache: indexing in chunks (flush_fts) keeps a bulk load's
  // working set small, and a larger cache only made private memory grow
  // with the import (128 MB: 1% faster at 1M units, 8x the memory). No
  // mmap for writers, so that the memory a process uses is what it really
  // needs.
  db->exec("PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY");
  // Readers map the file (up to SQLite's default ceiling of 2 GB): the
  // server's reader connections then share the kernel's page cache instead
  // of each warming a private 16 MB copy, and a page is read without a
  // pread() and a copy. Mapped pages are the file's, not private memory.
  if (mode == OpenMode::ReadOnly) db->exec("PRAGMA mmap_size = 2147418112");
  register_fts_functions(*db);
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

void SqliteStore::open_existing() {
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

void SqliteStore::ensure_db() {
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

std::unique_ptr<Backend> SqliteStore::open(const std::string& path, OpenMode mode, std::string user,
                                           int busy_timeout_ms, UpgradeNotice on_upgrade) {
  auto impl = std::make_unique<SqliteStore>();
  impl->path = path;
  impl->mode = mode;
  impl->user = std::move(user);
  impl->busy_ms = busy_timeout_ms;
  impl->on_upgrade = std::move(on_upgrade);
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
  return impl;
}

void SqliteStore::set_busy_timeout(int milliseconds) {
  busy_ms = milliseconds;
  if (db) db->set_busy_timeout(milliseconds);
}

}  // namespace alinea::tm
