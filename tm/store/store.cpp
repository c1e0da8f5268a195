// Store, the facade: opening picks the backend (backend.h) the TM's address
// names, and every method forwards to it.
#include "tm/store/store.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include "tm/error.h"
#include "tm/store/backend.h"
#include "tm/store/pg/pg.h"
#include "tm/store/pg/pg_store.h"
#include "tm/store/sqlite_store.h"

namespace alinea::tm {

std::string current_user() {
  if (const char* u = std::getenv("USER"); u && *u) return u;
  if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_name && *pw->pw_name) return pw->pw_name;
  return "unknown";
}

bool is_postgresql_address(std::string_view address) { return pg::is_url(address); }

Store Store::open(const std::string& path, OpenMode mode, std::string user, int busy_timeout_ms,
                  UpgradeNotice on_upgrade) {
  if (busy_timeout_ms < 0) throw Error("a busy timeout cannot be negative");
  if (path.empty()) throw Error("no TM path given");
  if (user.empty()) user = current_user();
  if (is_postgresql_address(path))
    return Store(
        pg::open_store(path, mode, std::move(user), busy_timeout_ms, true, std::move(on_upgrade)));
  return Store(
      SqliteStore::open(path, mode, std::move(user), busy_timeout_ms, std::move(on_upgrade)));
}

Store::Store(std::unique_ptr<Backend> backend) : backend_(std::move(backend)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

const std::string& Store::path() const { return backend_->path; }
const std::string& Store::user() const { return backend_->user; }
OpenMode Store::mode() const { return backend_->mode; }
void Store::set_busy_timeout(int milliseconds) { backend_->set_busy_timeout(milliseconds); }

void Store::for_each_unit(const UnitFilter& filter,
                          const std::function<void(const TranslationUnit&)>& fn) const {
  backend_->for_each_unit(filter, fn);
}
std::optional<TranslationUnit> Store::get_unit(int64_t id) const { return backend_->get_unit(id); }
int64_t Store::unit_count() const { return backend_->unit_count(); }
bool Store::changed_since_last_asked() const { return backend_->changed_since_last_asked(); }

void Store::keep_word_postings(std::shared_ptr<WordPostings> postings) {
  backend_->keep_word_postings(std::move(postings));
}

DocumentImportResult Store::store_alignment(
    const DocumentRecord& document, const std::vector<AlignedPair>& pairs,
    const std::function<void(std::size_t, std::size_t)>& progress, bool force) {
  return backend_->store_alignment(document, pairs, progress, force);
}
DocumentImportResult Store::import_document(
    const DocumentRecord& document, const std::vector<TranslationUnit>& units,
    const std::function<void(std::size_t, std::size_t)>& progress) {
  return store_alignment(document, std::vector<AlignedPair>(units.begin(), units.end()), progress);
}

DocumentAlignment Store::document_alignment(const std::string& document) const {
  return backend_->document_alignment(document);
}
std::vector<PairRef> Store::replace_pairs(const std::string& document,
                                          const std::vector<PairRef>& old,
                                          std::vector<TranslationUnit> replacements,
                                          const std::string& action) {
  return backend_->replace_pairs(document, old, std::move(replacements), action);
}
PairRef Store::change_pair(const std::string& document, const PairRef& pair, const UnitEdit& edit,
                           const std::string& action) {
  return backend_->change_pair(document, pair, edit, action);
}
JournalEntry Store::undo_last(const std::string& document) { return backend_->undo_last(document); }
std::optional<JournalEntry> Store::last_change(const std::string& document) const {
  return backend_->last_change(document);
}
void Store::delete_document(const std::string& document) { backend_->delete_document(document); }
std::vector<DocumentInfo> Store::documents() const { return backend_->documents(); }
std::optional<DocumentInfo> Store::document(const std::string& name) const {
  return backend_->document(name);
}

AddResult Store::add_unit(const TranslationUnit& unit) { return backend_->add_unit(unit); }
void Store::edit_unit(int64_t id, const UnitEdit& edit) { backend_->edit_unit(id, edit); }
void Store::set_status(int64_t id, UnitStatus status) { backend_->set_status(id, status); }
void Store::delete_unit(int64_t id) { backend_->delete_unit(id); }

TmStats Store::stats() const { return backend_->stats(); }
std::vector<std::string> Store::check() const { return backend_->check(); }

std::vector<ConcordanceHit> Store::concordance(const ConcordanceQuery& query) const {
  return backend_->concordance(query);
}
ConcordanceCount Store::concordance_count(const ConcordanceQuery& query, int64_t cap) const {
  return backend_->concordance_count(query, cap);
}
std::vector<FuzzyMatch> Store::fuzzy_match(std::string_view sentence,
                                           const FuzzyOptions& options) const {
  return backend_->fuzzy_match(sentence, options);
}
std::vector<TermRendering> Store::term_variants(std::string_view term,
                                                const TermOptions& options) const {
  return backend_->term_variants(term, options);
}

}  // namespace alinea::tm
