// The PostgreSQL store's internals, shared by its files (pg_open.cpp,
// pg_writes.cpp, pg_reads.cpp). Private to tm/store/pg.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tm/store/backend.h"
#include "tm/store/pg/pg.h"
#include "tm/store/pg/pg_added_keys.h"
#include "tm/store/pg/pg_store.h"
#include "tm/store/query.h"

namespace alinea::tm::pg {

// The unit columns every reader selects, in the order read_unit expects
// (the same as SQLite's).
inline constexpr std::string_view kUnitColumns =
    "u.id, u.src_lang, u.src_text, u.src_markup, u.tgt_lang, u.tgt_text, u.tgt_markup, "
    "d.name, u.position, u.context_prev, u.context_next, u.confidence, u.status, "
    "u.created_at, u.created_by, u.changed_at, u.changed_by, u.note, u.src_note, u.tgt_note, "
    "u.src_begin, u.src_end, u.tgt_begin, u.tgt_end, u.pending, u.revision";
inline constexpr std::string_view kUnitFrom =
    " FROM units u LEFT JOIN documents d ON d.id = u.document_id";

std::string num(int64_t v);
// A PostgreSQL array literal of numbers, {1,2,3}, for "= ANY($1::bigint[])".
std::string num_array(const std::vector<int64_t>& values);
Param opt_num(const std::optional<int64_t>& v);
TranslationUnit read_unit(const Result& r, int row);
// A sentence from a row of kSentenceColumns (document_sql.h).
Sentence read_sentence(const Result& r, int row);

class PgStore;

// The id of a unit's document, found or created, remembering the last one.
class DocumentCache {
 public:
  std::optional<int64_t> id_of(PgStore& s, const TranslationUnit& unit);

 private:
  std::string name_;
  int64_t id_ = 0;
};

class PgStore final : public Backend {
 public:
  std::unique_ptr<Connection> db;
  int tx_depth = 0;
  // Whether this transaction holds the lock that adding units takes (see
  // lock_for_adding).
  bool adding = false;
  // Adding units is one writer at a time, as on SQLite: a transaction-long
  // advisory lock, so that two writers cannot both store a unit neither
  // sees the other's copy of (uncommitted rows are invisible). One lock,
  // not one per key: a big import would fill the server's lock table.
  void lock_for_adding();
  // How the rest of the transaction plans its statements. Imports look
  // keys up in a table that has no statistics yet and grows as they go:
  // ByIndex keeps the planner from choosing by estimates that are far off.
  // Migrate's counting and checking want the estimates (ByStatistics).
  enum class Planning { ByIndex, ByStatistics };
  void plan_statements(Planning planning);
  // The word indexes and the references from the units' tables are
  // dropped when the first batch of units goes into an empty TM and made
  // again by the commit (Scope::commit): one bulk build or check each
  // instead of one per unit, as migrate does. A reader holding the table
  // keeps them in place.
  void defer_bulk_work_if_empty();
  // Drops a table's foreign keys and returns the statements that add them
  // back: while rows are copied in, each row's reference is otherwise
  // checked by a trigger of its own; added back, all are checked by one
  // join (pg_restore does the same).
  std::vector<std::string> drop_references(std::string_view table);
  bool deferral_checked = false;
  // Set when that first batch found the TM empty: the units a key may
  // duplicate are then those this transaction added under it, looked up
  // by id (pg_added_keys.h). Every write of a key in the transaction adds
  // it (add, add_batch, edit_unit).
  std::unique_ptr<AddedKeys> added_keys;
  // Records in added_keys, when set, that unit `id` now holds `key`.
  void remember_key(const TranslationUnit& unit, int64_t key, int64_t id);
  // Units this transaction inserted (add_batch). A GIN index takes new
  // entries into a pending list that every search reads through; after
  // a bulk import that list made each fuzzy lookup on a TM of a million
  // 5 times slower until autovacuum merged it. A transaction that added
  // many units merges it before its commit (Scope::commit).
  int64_t units_added = 0;
  static constexpr int64_t kMergePendingAfter = 1000;
  void merge_pending_word_entries();
  std::vector<std::string> deferred_builds;  // CREATE INDEX, ADD CONSTRAINT
  int deferred_at_depth = 0;                 // the Scope level that dropped them
  // The server's snapshot when changed_since_last_asked() last read it.
  std::string seen_snapshot;
  // The last language pair recorded in lang_pairs in this transaction.
  std::optional<std::pair<std::string, std::string>> last_pair;

  // How many units hold a word, as PostgreSQL's planner statistics
  // estimate it: the word indexes' most common elements, each with the
  // share of rows holding it, and the table's row count (pg_search.cpp).
  // A word not listed is rarer than the rarest listed. Read again when a
  // minute old, as ANALYZE refreshes them.
  struct WordStats {
    std::chrono::steady_clock::time_point read_at{};
    bool read = false;
    double rows = 0;
    std::unordered_map<std::string, double> src_share, tgt_share;
  };
  WordStats word_stats;
  const WordStats& current_word_stats();
  // The estimated share of units matching all of `terms` (0 when a word is
  // rarer than the listed ones): the smallest of their words' shares, a
  // prefix's being the sum of the listed words it begins.
  double match_share(const std::vector<query::Term>& terms);

  // Opening (pg_open.cpp).
  void validate_or_create();
  // Schema step 2 -> 3: every unit's words (pg_words.h) into the new columns.
  void fill_words();

  // Writes (pg_writes.cpp), inside a Scope.
  std::optional<int64_t> find_document(const std::string& name);
  int64_t create_document(const std::string& name);
  // restore_id: put the unit back under this id (undo), without merging.
  AddResult add(const TranslationUnit& unit, std::optional<int64_t> document_id,
                std::optional<int64_t> position, const UnitKey* key,
                std::optional<int64_t> restore_id = std::nullopt);
  void note_lang_pair(const std::string& src, const std::string& tgt);
  // Adds a batch as add() one by one would, with COPY (pg_copy.cpp).
  Store::Transaction::AddAllResult add_batch(const std::vector<KeyedUnit>& batch,
                                             DocumentCache& documents);
  int64_t next_revision();
  // Removes one placement of a unit: an origin row, or (origin_id 0) the
  // unit's own, which its oldest origin then replaces; a unit left with no
  // placement is deleted (as SQLite's, units.cpp).
  void drop_placement(int64_t unit_id, int64_t origin_id);

  // Reads (pg_reads.cpp). lock: FOR UPDATE, inside a Scope.
  std::optional<TranslationUnit> get(int64_t id, bool lock = false);
  // The units of `ids` still there, in that order, each once: three
  // queries whatever their number (search hits).
  std::vector<TranslationUnit> get_many(const std::vector<int64_t>& ids);
  void locate(TranslationUnit& unit);

  // ---- Backend ----
  void set_busy_timeout(int milliseconds) override;
  std::unique_ptr<Tx> begin() override;
  void for_each_unit(const UnitFilter& filter,
                     const std::function<void(const TranslationUnit&)>& fn) override;
  std::optional<TranslationUnit> get_unit(int64_t id) override { return get(id); }
  int64_t unit_count() override;
  bool changed_since_last_asked() override;  // pg_reads.cpp
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
  std::unique_ptr<TableAccess> read_tables() override;  // pg_tables.cpp
  std::unique_ptr<TableAccess> load_tables() override;
};

// A write transaction: BEGIN at the outer level, SAVEPOINT inside; rolled
// back unless committed, never throwing from the destructor.
class Scope {
 public:
  explicit Scope(PgStore& store);
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;
  ~Scope();
  void commit();

 private:
  void end_of_transaction();
  PgStore& s_;
  int level_ = 0;
  bool done_ = false;
};

}  // namespace alinea::tm::pg
