// Adding units on SQLite: a write transaction (Backend::Tx) and one unit on
// its own.
#include "tm/error.h"
#include "tm/store/sqlite_store.h"

namespace alinea::tm {
namespace {

class SqliteTx final : public Backend::Tx {
 public:
  explicit SqliteTx(SqliteStore& s) : impl_(s), scope_(s) {}
  AddResult add(const TranslationUnit& unit, const UnitKey* key) override {
    return impl_.add(unit, document_for(unit), std::nullopt, key);
  }
  void commit() override { scope_.commit(); }

 private:
  std::optional<int64_t> document_for(const TranslationUnit& unit);
  SqliteStore& impl_;
  WriteScope scope_;
  std::string last_document_;
  int64_t last_document_id_ = 0;
};

std::optional<int64_t> SqliteTx::document_for(const TranslationUnit& unit) {
  if (!unit.document) return std::nullopt;
  // Bulk adds come document by document: remember the last one.
  if (last_document_id_ != 0 && last_document_ == *unit.document) return last_document_id_;
  check_utf8(*unit.document, "document name");
  auto doc = impl_.find_document(*unit.document);
  if (!doc) doc = impl_.create_document(*unit.document);
  last_document_ = *unit.document;
  last_document_id_ = *doc;
  return doc;
}

}  // namespace

std::unique_ptr<Backend::Tx> SqliteStore::begin() { return std::make_unique<SqliteTx>(*this); }

AddResult SqliteStore::add_unit(const TranslationUnit& unit) {
  WriteScope tx(*this);
  auto r = this->add(unit, std::nullopt, std::nullopt);
  tx.commit();
  return r;
}

}  // namespace alinea::tm
