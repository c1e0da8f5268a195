// The PostgreSQL backend (backend.h): a TM shared by many machines, in a
// database of its own. Text search on unaccent + lower-cased tsvector GIN
// indexes; duplicates found by the same key as SQLite's (unit_key.h); writes
// in READ COMMITTED transactions with row locks where a read decides a write.
#pragma once

#include <memory>
#include <string>

#include "tm/store/backend.h"

namespace alinea::tm::pg {

// The schema version of a PostgreSQL TM (its own line, separate from
// SQLite's PRAGMA user_version), kept in meta.schema_version.
inline constexpr int kPgSchemaVersion = 3;

// Opens (ReadWrite: creating the schema in an empty database) the TM at
// a postgresql:// URL or libpq "key=value" string. check_schema false:
// connects only, leaving the schema to the first load_tables() (migrate),
// which makes it inside its own transaction.
std::unique_ptr<Backend> open_store(const std::string& address, OpenMode mode, std::string user,
                                    int busy_timeout_ms, bool check_schema = true,
                                    UpgradeNotice on_upgrade = {});

}  // namespace alinea::tm::pg
