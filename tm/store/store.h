// The translation memory: documents and translation units, with concordance,
// fuzzy-match and term-variant search, in an SQLite file (the default).
//
//   auto tm = Store::open("chile.tm", OpenMode::ReadWrite);
//   {
//     auto tx = tm.begin();            // one transaction for a bulk add
//     for (const auto& u : units) tx.add(u);
//     tx.commit();                     // rolled back if never reached
//   }
//   for (const auto& hit : tm.concordance({.text = "\"poder popular\""}))
//     show(hit.unit.source.text, hit.source_highlights);
//   for (const auto& m : tm.fuzzy_match("La toma de terrenos de 1970.", {}))
//     show(m.percent, m.unit.target.text);
//
// A Store is movable, not copyable, and is used from one thread at a time.
// Read-only stores never modify their file. Every write records the store's
// user and the time; ReadWrite writes run in SQLite transactions taken with
// BEGIN IMMEDIATE and wait up to busy_timeout for another writer, then throw
// BusyError.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "tm/unit.h"

namespace alinea::tm {

class WordPostings;  // word_postings.h

enum class OpenMode {
  ReadOnly,   // never writes; refuses missing, foreign, newer or corrupt files
  ReadWrite,  // creates the file (and schema) on the first write
};

// The schema version this build writes (PRAGMA user_version). Older files are
// migrated when opened ReadWrite; newer ones are refused.
inline constexpr int kSchemaVersion = 4;
// Milliseconds a write waits for another process's write before BusyError.
inline constexpr int kDefaultBusyTimeoutMs = 5000;

// Told, while a TM is being opened, that its schema is older and is being
// upgraded in place: the open may then take a while (computing every
// unit's words, on a PostgreSQL TM going to schema 3: minutes at ten
// million units). tm: the TM as Store::path() shows it.
using UpgradeNotice = std::function<void(const std::string& tm, int from_version, int to_version)>;
// PRAGMA application_id of an Alinea TM ("ALTM").
inline constexpr int32_t kApplicationId = 0x414C544D;

// $USER, else the password database entry of the real uid, else "unknown".
std::string current_user();

// Whether Store::open takes this address for a PostgreSQL TM: a
// postgresql:// or postgres:// URL, or a libpq "host=... dbname=..." string.
bool is_postgresql_address(std::string_view address);

// Half-open byte range [begin, end) into a UTF-8 string.
struct ByteRange {
  std::size_t begin = 0;
  std::size_t end = 0;
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

// Filters for for_each_unit. Unset fields do not filter.
struct UnitFilter {
  std::optional<std::string> document{};  // document name
  std::optional<UnitStatus> status{};
  std::optional<double> min_confidence{};  // units without a confidence never pass
  std::optional<int64_t> changed_since{};  // changed_at >= since (Unix seconds)
  std::optional<int64_t> changed_until{};  // changed_at <= until
  // Pairs waiting for review (TranslationUnit::pending) and omissions are
  // left out unless this is set.
  bool include_pending = false;
};

// What Transaction::add and add_unit did with a unit.
struct AddResult {
  int64_t id = 0;         // the stored unit (new, or the one merged into)
  bool merged = false;    // an exact duplicate: the existing unit got one more origin
  int64_t origin_id = 0;  // that origin's id, when one was recorded
};

// One sentence of an aligned document, as the aligner saw it.
struct Sentence {
  std::string text{};
  uint32_t paragraph = 0;  // paragraphs are numbered from 0 in file order
  // Where it is in the file, for formats whose byte offsets mean nothing to
  // a person (.docx, .odt, .epub, .pdf); none for text formats.
  std::optional<Location> location{};
  friend bool operator==(const Sentence&, const Sentence&) = default;
};

// Where sentences[range] are in their file: the first sentence's paragraph,
// start and page, the end of the range's last sentence in that paragraph.
// None for an empty range, one outside `sentences`, or sentences without a
// location.
std::optional<Location> location_of(const std::vector<Sentence>& sentences, SentenceRange range);

// A document as given to import_document.
struct DocumentRecord {
  std::string name{};  // unique key in the TM, e.g. "toma-la-victoria-1957"
  std::string src_file{}, tgt_file{};
  std::string src_sha256{}, tgt_sha256{};  // hex digests of the two input files
  std::string src_lang{}, tgt_lang{};      // BCP 47, e.g. "es-CL", "en"
  std::string options{};                   // the aligner options used, free text (e.g. JSON)
  // The sentences the places of the document's units point into; empty
  // when unknown (then the stored ones, if any, are kept).
  std::vector<Sentence> source_sentences{}, target_sentences{};
};

struct DocumentInfo {
  int64_t id = 0;
  std::string name{};
  std::string src_file{}, tgt_file{}, src_sha256{}, tgt_sha256{}, src_lang{}, tgt_lang{};
  std::string options{};
  int64_t imported_at = 0;
  std::string imported_by{};
  int64_t units = 0;      // units whose primary origin is this document
  int64_t pending = 0;    // of those, pairs waiting for review
  int64_t omissions = 0;  // ... sentences left without a counterpart
  int64_t reviewed = 0;
  int64_t rejected = 0;
};

struct DocumentImportResult {
  enum class Outcome {
    Added,      // new document
    Unchanged,  // same name and SHA-256s: nothing written
    Replaced,   // changed document: its aligned units replaced
  };
  Outcome outcome = Outcome::Added;
  int64_t document_id = 0;
  int64_t inserted = 0;  // new units
  int64_t merged = 0;    // exact duplicates recorded as an extra origin
  int64_t removed = 0;   // old machine pairs dropped (Replaced)
  // A person's decisions (reviewed or rejected units) kept in the new
  // alignment, at their new place.
  int64_t kept_decisions = 0;
  // Decisions the new alignment does not place (their sentences are gone,
  // or the caller did not keep them): they stay in the TM, with their
  // document but without a place. Their unit ids.
  std::vector<int64_t> unplaced{};
};

// A pair of a document as a person last saw it: a placement of a unit (its
// own, or an origin of a merged duplicate) and the unit's revision then.
struct PairRef {
  int64_t unit_id = 0;
  int64_t origin_id = 0;  // 0: the unit's own placement
  int64_t revision = 0;
  friend bool operator==(const PairRef&, const PairRef&) = default;
};

// In a new alignment of a document: a pair already stored (a person's
// decision) that stays, at a new place...
struct KeptPair {
  PairRef pair{};
  Place place{};
};
// ...or a new unit (its place set).
using AlignedPair = std::variant<KeptPair, TranslationUnit>;

// One placed pair of a document, as the workbench shows it. unit.place and
// unit.position are this placement's.
struct PlacedPair {
  TranslationUnit unit{};
  int64_t origin_id = 0;  // 0: the unit's own placement
  PairRef ref() const { return {unit.id, origin_id, unit.revision}; }
};

struct DocumentAlignment {
  DocumentInfo info{};
  std::vector<Sentence> source_sentences{}, target_sentences{};
  std::vector<PlacedPair> pairs{};     // placed pairs, in document order
  std::vector<PlacedPair> unplaced{};  // the document's units without a place
};

// The last change a person made to a document in the workbench, for undo.
struct JournalEntry {
  int64_t id = 0;
  std::string action{};  // "merge", "accept", ...
  int64_t at = 0;
  std::string by{};
};

// Changes to a unit; unset fields keep their value. Changing a text also
// updates the search index.
struct UnitEdit {
  std::optional<std::string> source_text{};
  std::optional<std::string> target_text{};
  std::optional<std::string> source_lang{};
  std::optional<std::string> target_lang{};
  std::optional<UnitStatus> status{};
  std::optional<std::string> note{};
};

struct TmStats {
  int64_t units = 0;
  int64_t documents = 0;
  int64_t aligned = 0;
  int64_t reviewed = 0;
  int64_t rejected = 0;
  int64_t duplicates_merged = 0;  // extra origins recorded on existing units
  int64_t manual = 0;             // units with no document
  int64_t pending = 0;            // aligned pairs waiting for review (kept out of search)
  int64_t omissions = 0;          // units with one side empty
  // Language tag -> number of units with a side in that language, by tag.
  std::vector<std::pair<std::string, int64_t>> languages{};
  int64_t first_change = 0, last_change = 0;  // Unix seconds; 0 when empty
  int64_t file_bytes = 0;                     // size of the database file(s) on disk
  int schema_version = 0;
};

// ---- search ---------------------------------------------------------------

// Query syntax (the user's text is never handed to FTS5 as is): words are
// ANDed; "double quotes" make a phrase; a trailing * makes a prefix
// (`poder*`). Matching ignores case and accents. Anything else (operators,
// parentheses, SQL, control characters) is treated as text; words are runs of
// letters and digits.
struct ConcordanceQuery {
  std::string text{};
  // "es", "en", ...: only match that language's side (by primary subtag);
  // empty = either side.
  std::string lang{};
  std::size_t limit = 20;
  enum class Order { Best, Newest } order = Order::Best;
  std::optional<std::string> document{};
  bool include_rejected = false;
  bool include_pending = false;  // pairs waiting for review, and omissions
  // A query of several words or phrases is read as one phrase first: units
  // holding its words together and in order (`sistema de archivos`) come
  // before units that merely have them all (`archivos de registro del
  // sistema`). words = true drops that preference: any order, BM25 alone.
  // Order::Newest keeps date order either way.
  bool words = false;
};

struct ConcordanceHit {
  TranslationUnit unit{};
  // Byte ranges of the matched words in unit.source.text / unit.target.text
  // (for a phrase hit, of the phrase).
  std::vector<ByteRange> source_highlights{};
  std::vector<ByteRange> target_highlights{};
  double score = 0;  // BM25 of the match: larger is better
  // The matched side holds the whole query as one phrase, words in order;
  // true for every hit of a one-word or one-phrase query.
  bool phrase = false;
};

// How many units a concordance query matches, whatever its limit and order
// (its language, document, status and pending filters apply).
struct ConcordanceCount {
  int64_t units = 0;    // units with every word (and quoted phrase) of the query
  int64_t phrase = 0;   // of those, units holding the query as one phrase
  bool capped = false;  // counting stopped at the cap: at least this many
};

struct FuzzyOptions {
  // The sentence's language ("es", "en", or with region): match it against
  // the units' side in that language. Empty = the units' source side.
  std::string lang{};
  double min_percent = 50;  // OmegaT's default threshold is lower (30); 50 keeps noise out
  std::size_t limit = 5;
  bool include_rejected = false;
  bool include_pending = false;  // pairs waiting for review, and omissions
};

// One fuzzy-match candidate. percent follows the usual CAT definition:
// 100 * (1 - edit distance / length), on word tokens, where a word costs 1
// and a differing number, punctuation mark or case/accent-only change costs
// little, so that 100 means the same text and a changed year or full stop
// still gives a high match.
struct FuzzyMatch {
  TranslationUnit unit{};
  double percent = 0;
  bool matched_target = false;  // the sentence was matched against unit.target
  // Words of the matched TM side not in the sentence (deleted or replaced)...
  std::vector<ByteRange> unit_diff{};
  // ...and words of the sentence not in the TM side (inserted or replaced).
  std::vector<ByteRange> query_diff{};
};

// How a term is rendered on the other side of the units that contain it:
// one group of inflected forms ("contraseña", "contraseñas") per rendering.
struct TermRendering {
  enum class Kind {
    Translation,   // words of the other side aligned to the term
    Untranslated,  // the other side contains the term itself
    Unknown,       // no aligned words found in these units
  };
  Kind kind = Kind::Translation;
  std::string text{};   // the group's most common surface form (empty for Unknown)
  std::string stems{};  // the group's key: its words' stems, function words as they are
  int64_t count = 0;    // units rendered this way
  double share = 0;     // count / units where a rendering (or the term itself) was found
  // Surface forms of the group with their counts, most frequent first.
  std::vector<std::pair<std::string, int64_t>> forms{};
  double dice = 0;            // 2 * joint / (term units + rendering units), in the TM
  double log_likelihood = 0;  // Dunning's G2 for the same table
  std::vector<std::pair<std::string, int64_t>> documents{};  // name ("" = manual) -> count
  int64_t example_id = 0;
  std::string example_source{}, example_target{};  // the unit's term side and other side
  ByteRange example_term{}, example_rendering{};   // byte ranges in those two texts
};

struct TermOptions {
  std::string lang = "es";  // the term's language (primary subtag)
  std::size_t max_renderings = 10;
  std::size_t max_ngram = 4;  // longest rendering, in words beyond the term's own length
  bool include_rejected = false;
  bool include_pending = false;  // pairs waiting for review
  // Units containing the term that are read, aligned and counted (the first
  // by id), and units of the rest of the TM sampled to train the word
  // alignment with: the bounds that keep a query interactive on a big TM.
  std::size_t max_units = 3000;
  std::size_t background_units = 1500;
  // Optional bilingual lexicon: candidate translations of the term (or of
  // its words), a strong prior for the word alignment.
  std::function<std::vector<std::string>(std::string_view term)> lexicon{};
};

// A rendering group counts as a rival when it holds at least this share of
// the units where the term was rendered.
inline constexpr double kInconsistentShare = 0.1;

// Whether renderings (as returned by term_variants) show two or more
// different rendering groups, each with at least min_share of the units,
// i.e. the TM is inconsistent for this term. Inflected forms are one group;
// a group whose words are part of a bigger group's ("toma" beside "toma de
// terreno") is a shortening of it, not a rival.
bool inconsistent(const std::vector<TermRendering>& renderings,
                  double min_share = kInconsistentShare);

class Backend;  // internal: a store's engine (tm/store/backend.h)

class Store {
 public:
  // Throws NotATmError for a foreign, newer or corrupt file, NotFoundError
  // for a missing file opened ReadOnly, DbError otherwise. ":memory:" gives
  // a private in-memory TM. A postgresql:// URL (or a libpq "host=...
  // dbname=..." string) opens a TM in that PostgreSQL database instead
  // (tm/store/pg/pg_store.h); path() then shows it without its password.
  // busy_timeout_ms: how long to wait for another writer, from the first
  // write (opening may already write: a new or older TM) to the last.
  // on_upgrade: told before an older TM is upgraded.
  static Store open(const std::string& path, OpenMode mode, std::string user = current_user(),
                    int busy_timeout_ms = kDefaultBusyTimeoutMs, UpgradeNotice on_upgrade = {});

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  const std::string& path() const;
  const std::string& user() const;
  OpenMode mode() const;
  // Milliseconds to wait for another writer before BusyError (default
  // kDefaultBusyTimeoutMs, or as given to open).
  void set_busy_timeout(int milliseconds);

  // Every unit passing the filter, in id order, one at a time (memory stays
  // flat however large the TM). The callback must not write to this store.
  void for_each_unit(const UnitFilter& filter,
                     const std::function<void(const TranslationUnit&)>& fn) const;
  std::optional<TranslationUnit> get_unit(int64_t id) const;
  int64_t unit_count() const;
  // Whether another connection may have committed a change since this
  // Store last asked (true the first time). SQLite tells by the file's data
  // version, PostgreSQL by the server's transaction snapshot (any write
  // on the server counts). A cache of answers read through a pool of
  // Stores is still valid while none of them says true.
  bool changed_since_last_asked() const;
  // Fuzzy matches on this Store find their candidates in posting lists kept
  // in memory and shared with the other Stores given the same object (a
  // server's pool of connections to one TM), instead of asking the TM for
  // each word: read once per word, dropped when the TM changes
  // (word_postings.h). Worth it in a long-running process only; ignored on
  // PostgreSQL.
  void keep_word_postings(std::shared_ptr<WordPostings> postings);

  // A write transaction. Destroying it without commit() rolls back (and
  // never throws). At most one per Store at a time; other writes on the
  // Store meanwhile join it.
  class Transaction {
   public:
    Transaction(Transaction&&) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();
    // Adds one unit, or records an exact duplicate as an extra origin of the
    // unit already stored. A unit with a document name creates that document
    // record if needed.
    AddResult add(const TranslationUnit& unit);
    // Adds, as add() does and in the same order, every unit that produce
    // passes to its sink, running produce on a second thread: a file is
    // parsed while the units read before it are stored. Memory stays flat
    // (at most a few thousand units wait). produce runs nothing of this
    // Store. An exception from produce or from adding stops both threads and
    // is rethrown here; the transaction stays open (destroy it to roll back).
    //
    //   auto tx = tm.begin();
    //   auto n = tx.add_all([&](const UnitSink& sink) { read_tmx(path, {}, sink); });
    //   tx.commit();
    using UnitSink = std::function<void(TranslationUnit&&)>;
    struct AddAllResult {
      int64_t inserted = 0;
      int64_t merged = 0;
    };
    AddAllResult add_all(const std::function<void(const UnitSink& sink)>& produce);
    void commit();

   private:
    friend class Store;
    struct State;
    explicit Transaction(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
  };
  Transaction begin();

  // Stores a new alignment of a document, in one transaction. Unchanged
  // document (same name and digests, unless `force`) -> nothing. Otherwise
  // the document's machine pairs (status aligned) are replaced by `pairs`;
  // the KeptPairs among them keep their units (a person's decisions) at a
  // new place; a decision not kept stays in the TM without a place and is
  // listed in DocumentImportResult::unplaced. Positions follow the order
  // of `pairs`. ConflictError when a KeptPair is stale. The document's undo
  // journal is cleared: it spoke of the alignment replaced.
  DocumentImportResult store_alignment(
      const DocumentRecord& document, const std::vector<AlignedPair>& pairs,
      const std::function<void(std::size_t done, std::size_t total)>& progress = {},
      bool force = false);
  // The same for plain units (none kept).
  DocumentImportResult import_document(
      const DocumentRecord& document, const std::vector<TranslationUnit>& units,
      const std::function<void(std::size_t done, std::size_t total)>& progress = {});
  // A document with its sentences and every pair placed in it.
  // NotFoundError for an unknown name.
  DocumentAlignment document_alignment(const std::string& document) const;

  // ---- a person's changes to one document (the workbench) ----
  // Each is one transaction, refused with ConflictError (nothing written)
  // when a PairRef's unit, placement or revision is no longer what the
  // person saw, and journaled for undo_last.
  //
  // Replaces consecutive pairs by new units (merge, split, move, unpair,
  // pair); returns the new pairs.
  std::vector<PairRef> replace_pairs(const std::string& document, const std::vector<PairRef>& old,
                                     std::vector<TranslationUnit> replacements,
                                     const std::string& action);
  // Changes one pair's unit in place (accept, reject, edit).
  PairRef change_pair(const std::string& document, const PairRef& pair, const UnitEdit& edit,
                      const std::string& action);
  // Undoes the document's last journaled change. NotFoundError when there
  // is none; ConflictError when what it made has changed since.
  JournalEntry undo_last(const std::string& document);
  std::optional<JournalEntry> last_change(const std::string& document) const;
  // Removes a document record and every unit whose only origin it is.
  void delete_document(const std::string& document);
  std::vector<DocumentInfo> documents() const;
  std::optional<DocumentInfo> document(const std::string& name) const;

  // Single-unit writes, each its own transaction. NotFoundError for an
  // unknown id.
  AddResult add_unit(const TranslationUnit& unit);
  void edit_unit(int64_t id, const UnitEdit& edit);
  void set_status(int64_t id, UnitStatus status);
  void delete_unit(int64_t id);

  TmStats stats() const;
  // PRAGMA integrity_check and an FTS index check; returns the problems
  // found (empty = healthy). Slow on large TMs.
  std::vector<std::string> check() const;

  // ---- search ----
  // Best first (see ConcordanceQuery::words), at most query.limit hits.
  std::vector<ConcordanceHit> concordance(const ConcordanceQuery& query) const;
  // Counts with SQL over the index, never reading the units into memory;
  // stops at `cap` matches (cap 0: no cap).
  ConcordanceCount concordance_count(const ConcordanceQuery& query, int64_t cap = 0) const;
  std::vector<FuzzyMatch> fuzzy_match(std::string_view sentence,
                                      const FuzzyOptions& options = {}) const;
  std::vector<TermRendering> term_variants(std::string_view term,
                                           const TermOptions& options = {}) const;

 private:
  explicit Store(std::unique_ptr<Backend> backend);
  std::unique_ptr<Backend> backend_;
};

}  // namespace alinea::tm
