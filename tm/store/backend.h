// What a TM backend implements, private to tm/store. Store (store.h) is the
// facade every caller uses; it holds one Backend and forwards to it, keeping
// above the backends what they share: the two-thread import pipe (Store::
// Transaction::add_all), unit keys (unit_key.h), fuzzy re-ranking and
// highlights (rerank.h), term search (term_renderings.h). A backend holds
// only what differs: SQL, transactions, full-text search, candidates.
//
// Each method does what the Store method of the same name documents.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tm/store/store.h"
#include "tm/store/table_copy.h"
#include "tm/store/unit_key.h"

namespace alinea::tm {

// A unit and, when it is valid, its duplicate key, derived on the reading
// thread of Store::Transaction::add_all (a tenth of the work of adding it).
struct KeyedUnit {
  TranslationUnit unit;
  std::optional<UnitKey> key;
};

class Backend {
 public:
  Backend() = default;
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;
  virtual ~Backend() = default;

  // What Store::path(), user() and mode() return; busy_ms as last set.
  std::string path;
  OpenMode mode = OpenMode::ReadOnly;
  std::string user;
  int busy_ms = kDefaultBusyTimeoutMs;
  // Called before an older schema is upgraded (Store::open).
  UpgradeNotice on_upgrade;

  virtual void set_busy_timeout(int milliseconds) = 0;

  // A write transaction (Store::Transaction). Destroyed without commit():
  // rolled back, never throwing.
  class Tx {
   public:
    virtual ~Tx() = default;
    // key: the unit's key, when the caller derived it already.
    virtual AddResult add(const TranslationUnit& unit, const UnitKey* key) = 0;
    // Adds a batch of units as add() would, in order. A backend for which
    // a round trip per unit is the cost (PostgreSQL) sends them together.
    virtual Store::Transaction::AddAllResult add_batch(const std::vector<KeyedUnit>& batch) {
      Store::Transaction::AddAllResult r;
      for (const auto& item : batch)
        ++(add(item.unit, item.key ? &*item.key : nullptr).merged ? r.merged : r.inserted);
      return r;
    }
    virtual void commit() = 0;
  };
  virtual std::unique_ptr<Tx> begin() = 0;

  virtual void for_each_unit(const UnitFilter& filter,
                             const std::function<void(const TranslationUnit&)>& fn) = 0;
  virtual std::optional<TranslationUnit> get_unit(int64_t id) = 0;
  virtual int64_t unit_count() = 0;
  // Store::changed_since_last_asked(); a backend that cannot tell says true.
  virtual bool changed_since_last_asked() { return true; }
  // Store::keep_word_postings(); a backend with no use for them ignores them.
  virtual void keep_word_postings(std::shared_ptr<WordPostings> /*postings*/) {}

  virtual DocumentImportResult store_alignment(
      const DocumentRecord& document, const std::vector<AlignedPair>& pairs,
      const std::function<void(std::size_t done, std::size_t total)>& progress, bool force) = 0;
  virtual DocumentAlignment document_alignment(const std::string& document) = 0;
  virtual std::vector<PairRef> replace_pairs(const std::string& document,
                                             const std::vector<PairRef>& old,
                                             std::vector<TranslationUnit> replacements,
                                             const std::string& action) = 0;
  virtual PairRef change_pair(const std::string& document, const PairRef& pair,
                              const UnitEdit& edit, const std::string& action) = 0;
  virtual JournalEntry undo_last(const std::string& document) = 0;
  virtual std::optional<JournalEntry> last_change(const std::string& document) = 0;
  virtual void delete_document(const std::string& document) = 0;
  virtual std::vector<DocumentInfo> documents() = 0;
  virtual std::optional<DocumentInfo> document(const std::string& name) = 0;

  virtual AddResult add_unit(const TranslationUnit& unit) = 0;
  virtual void edit_unit(int64_t id, const UnitEdit& edit) = 0;
  virtual void set_status(int64_t id, UnitStatus status) = 0;
  virtual void delete_unit(int64_t id) = 0;

  virtual TmStats stats() = 0;
  virtual std::vector<std::string> check() = 0;

  virtual std::vector<ConcordanceHit> concordance(const ConcordanceQuery& query) = 0;
  virtual ConcordanceCount concordance_count(const ConcordanceQuery& query, int64_t cap) = 0;
  virtual std::vector<FuzzyMatch> fuzzy_match(std::string_view sentence,
                                              const FuzzyOptions& options) = 0;
  virtual std::vector<TermRendering> term_variants(std::string_view term,
                                                   const TermOptions& options) = 0;

  // ---- whole tables, for migrate (table_copy.h) ----
  // One read transaction: everything read through it is one snapshot.
  virtual std::unique_ptr<TableAccess> read_tables() = 0;
  // One write transaction on a TM that holds no units and no documents
  // (NotEmptyError otherwise); a schema not there yet is made inside it
  // where the backend can.
  virtual std::unique_ptr<TableAccess> load_tables() = 0;
};

}  // namespace alinea::tm
