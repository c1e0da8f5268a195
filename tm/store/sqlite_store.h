// The SQLite backend (backend.h): one file per TM, FTS5 for search. Shared by
// its files (opening, schema, write scope, units, import, edits, reads,
// documents, search, terms).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "tm/store/backend.h"
#include "tm/store/sqlite.h"
#include "tm/store/store.h"
#include "tm/store/unit_key.h"

namespace alinea::tm {

// The unit columns every reader selects, in the order read_unit expects.
inline constexpr std::string_view kUnitColumns =
    "u.id, u.src_lang, u.src_text, u.src_markup, u.tgt_lang, u.tgt_text, u.tgt_markup, "
    "d.name, u.position, u.context_prev, u.context_next, u.confidence, u.status, "
    "u.created_at, u.created_by, u.changed_at, u.changed_by, u.note, u.src_note, u.tgt_note, "
    "u.src_begin, u.src_end, u.tgt_begin, u.tgt_end, u.pending, u.revision";
inline constexpr std::string_view kUnitFrom =
    " FROM units u LEFT JOIN documents d ON d.id = u.document_id";

void bind_document_fields(sql::Statement& st, int first, const DocumentRecord& d,
                          const std::string& user);

struct SqliteStore final : Backend {
  // Opens a TM file as Store::open documents (":memory:": a private one).
  static std::unique_ptr<Backend> open(const std::string& path, OpenMode mode, std::string user,
                                       int busy_timeout_ms, UpgradeNotice on_upgrade = {});
  ~SqliteStore() override { cache.clear(); }  // statements before the connection

  int tx_depth = 0;
  std::unique_ptr<sql::Database> db;  // null until a file exists (ReadWrite, lazy)
  // Prepared statements by their SQL. The map owns its keys: SQL built at
  // run time (a std::string that goes out of scope) is found again by its
  // text, never through a view of freed memory.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
  };
  std::unordered_map<std::string, std::unique_ptr<sql::Statement>, SqlHash, std::equal_to<>> cache;
  // Units added in the open transaction from this id on are not yet in the
  // full-text index: one INSERT ... SELECT at commit indexes them in bulk,
  // 20% faster than row by row. Flushed before anything that reads the
  // index or deletes rows (an FTS5 'delete' of an unindexed row would
  // corrupt the index).
  std::optional<int64_t> fts_pending_from;
  void flush_fts();
  // Pending rows are indexed once this many accumulate in a transaction.
  static constexpr int64_t kFtsChunk = 16384;
  // FTS5 settings for bulk loads (see flush_fts): the bound on pending index
  // data in memory, in bytes, and how many segments of one size wait for a
  // merge.
  static constexpr std::pair<const char*, int64_t> kFtsSettings[] = {{"hashsize", 4 << 20},
                                                                     {"automerge", 16}};
  bool fts_tuned = false;  // settings checked on this connection
  // Rows indexed in the open transaction. A bulk load leaves the index in
  // up to 16 segments per level (automerge above), and every term a query
  // looks up is looked up in each: a load that is a large part of the TM
  // ends by merging the index into one segment (merge_fts_after_bulk_load).
  int64_t fts_indexed_in_tx = 0;
  void merge_fts_after_bulk_load();
  // The least rows a transaction indexes, and the least share of the TM
  // they are, for the merge at its commit to pay for itself.
  static constexpr int64_t kFtsMergeMinRows = 20000;
  static constexpr int64_t kFtsMergeMinShare = 4;  // 1/4 of the units
  // Records a language pair in lang_pairs (once per run of equal pairs).
  void note_lang_pair(const std::string& src, const std::string& tgt);
  std::optional<std::pair<std::string, std::string>> last_pair;

  bool has_db() const { return db != nullptr; }
  // A new value of the TM-wide revision counter (inside a WriteScope): every
  // change of a unit through a person's action takes one, so a revision is
  // never seen twice.
  int64_t next_revision();
  // Opens or creates the file and its schema (ReadWrite only).
  void ensure_db();
  void open_existing();
  // A TM written by an older alinea (db holds its read-only connection) is
  // migrated by a short read-write open, so that read-only commands work on
  // it; true if it was. A file this process may not write keeps validate()'s
  // "older" error.
  bool upgrade_if_older();
  void configure();
  void create_or_migrate();
  void validate();

  // A prepared statement kept for the Store's lifetime. sql must be a
  // string with static storage. Not re-entrant: do not use the same
  // statement in nested loops.
  sql::Statement& stmt(std::string_view sql);

  // Writes (inside a WriteScope).
  // restore_id: put the unit back under this id (undo), without merging.
  AddResult add(const TranslationUnit& unit, std::optional<int64_t> document_id,
                std::optional<int64_t> position, const UnitKey* key = nullptr,
                std::optional<int64_t> restore_id = std::nullopt);
  std::optional<int64_t> find_document(const std::string& name);
  int64_t create_document(const std::string& name);
  // Drops a document from its units: units whose only origin it is are
  // deleted, others keep their next origin. only_aligned keeps units a
  // person reviewed or rejected. Returns the units affected.
  int64_t detach_document(int64_t document_id, bool only_aligned);
  // Removes one placement of a unit: an origin row, or (origin_id 0) the
  // unit's own, which its oldest origin then replaces; a unit left with no
  // placement is deleted.
  void drop_placement(int64_t unit_id, int64_t origin_id);
  // Store::edit_unit inside the caller's WriteScope.
  void apply_edit(int64_t id, const UnitEdit& edit);

  // Reads.
  // How many units an FTS5 expression matches, counted up to cap, and kept
  // while the TM is as it was when counted: fuzzy_match counts the same
  // words query after query, and counting was a fifth of its time on a
  // TM of a million units.
  int64_t units_matching(const std::string& expr, int64_t cap);
  struct MatchCounts {
    static constexpr size_t kMaxEntries = 100000;
    // The TM's state when counted: PRAGMA data_version moves when another
    // connection commits, sqlite3_total_changes64 when this one writes
    // (a rolled-back write too, which only costs a recount).
    int64_t data_version = -1;
    int64_t own_changes = -1;
    int64_t cap = -1;
    std::unordered_map<std::string, int64_t> units;
  };
  MatchCounts match_counts;
  // The TM's state as MatchCounts records it: (data_version, own changes).
  std::pair<int64_t, int64_t> tm_state();
  // Posting lists shared with the process's other connections (null: none,
  // FTS5 answers each word); the state this connection last used them in.
  std::shared_ptr<WordPostings> word_postings;
  std::optional<std::pair<int64_t, int64_t>> postings_seen;
  void keep_word_postings(std::shared_ptr<WordPostings> postings) override {
    word_postings = std::move(postings);
    postings_seen.reset();
  }
  static TranslationUnit read_unit(const sql::Statement& st);
  void load_extras(TranslationUnit& unit);
  std::optional<TranslationUnit> get(int64_t id);
  int64_t count_units();

  // ---- Backend ----
  void set_busy_timeout(int milliseconds) override;
  std::unique_ptr<Tx> begin() override;
  void for_each_unit(const UnitFilter& filter,
                     const std::function<void(const TranslationUnit&)>& fn) override;
  std::optional<TranslationUnit> get_unit(int64_t id) override;
  int64_t unit_count() override;
  bool changed_since_last_asked() override;
  // PRAGMA data_version when last asked: SQLite changes it on this
  // connection whenever another connection commits.
  std::optional<int64_t> seen_data_version;
  DocumentImportResult store_alignment(
      const DocumentRecord& document, const std::vector<AlignedPair>& pairs,
      const std::function<void(std::size_t done, std::size_t total)>& progress,
      bool force) override;
  DocumentAlignment document_alignment(const std::string& document) override;
  std::vector<PairRef> replace_pairs(const std::string& document, const std::vector<PairRef>& old,
                                     std::vector<TranslationUnit> replacements,
                                     const std::string& action) override;
  PairRef change_pair(const std::string& document, const PairRef& pair, const UnitEdit& edit,
                      const std::string& action) override;
  JournalEntry undo_last(const std::string& document) override;
  std::optional<JournalEntry> last_change(const std::string& document) override;
  void delete_document(const std::string& document) override;
  std::vector<DocumentInfo> documents() override;
  std::optional<DocumentInfo> document(const std::string& name) override;
  AddResult add_unit(const TranslationUnit& unit) override;
  void edit_unit(int64_t id, const UnitEdit& edit) override;
  void set_status(int64_t id, UnitStatus status) override;
  void delete_unit(int64_t id) override;
  TmStats stats() override;
  std::vector<std::string> check() override;
  std::vector<ConcordanceHit> concordance(const ConcordanceQuery& query) override;
  ConcordanceCount concordance_count(const ConcordanceQuery& query, int64_t cap) override;
  std::vector<FuzzyMatch> fuzzy_match(std::string_view sentence,
                                      const FuzzyOptions& options) override;
  std::vector<TermRendering> term_variants(std::string_view term,
                                           const TermOptions& options) override;
  std::unique_ptr<TableAccess> read_tables() override;  // sqlite_tables.cpp
  std::unique_ptr<TableAccess> load_tables() override;
};

// BEGIN IMMEDIATE at the outer level, SAVEPOINT inside; rolls back unless
// committed, and never throws from the destructor.
class WriteScope {
 public:
  explicit WriteScope(SqliteStore& store);
  WriteScope(const WriteScope&) = delete;
  WriteScope& operator=(const WriteScope&) = delete;
  ~WriteScope();
  void commit();

 private:
  SqliteStore& s_;
  int level_ = 0;
  bool done_ = false;
  // Undoing a savepoint also undoes index rows flushed inside it: the
  // units pending before it are pending again.
  std::optional<int64_t> saved_pending_;
};

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

void bind_place(sql::Statement& st, int first, const std::optional<Place>& place);
std::optional<Place> read_place(const sql::Statement& st, int first);
// A sentence from a row of kSentenceColumns (document_sql.h).
Sentence read_sentence(const sql::Statement& st);
// Registers the FTS5 functions the queries use (alinea_rank(), the
// concordance ranking) on a connection.
void register_fts_functions(sql::Database& db);

}  // namespace alinea::tm
