// What every backend derives from a unit before storing it, private to
// tm/store: validation, the key exact duplicates share, and small helpers
// for what rows hold.
//
//   UnitKey k = unit_key(u);  // throws Error for invalid UTF-8
//   if (stored.key == k.key && same_texts(...)) merge(...);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tm/unit.h"

namespace alinea::tm {

// What adding a unit derives from the unit alone, without the database:
// Transaction::add_all computes it on the reading thread. Normal forms are
// kept only when they differ from the texts.
struct UnitKey {
  int64_t key = 0;
  std::string src_primary, tgt_primary;
  std::optional<std::string> nsrc, ntgt;
};
// Validates the unit (Error for invalid UTF-8) and derives its key.
UnitKey unit_key(const TranslationUnit& unit);
// The key a unit is added under: `given` when the caller derived it already
// (Transaction::add_all does, on its reading thread), else derived into `own`.
const UnitKey& key_to_add(const TranslationUnit& unit, const UnitKey* given, UnitKey& own);
// The texts duplicates are compared on: the normal forms where they differ.
std::string_view compared_source(const TranslationUnit& unit, const UnitKey& key);
std::string_view compared_target(const TranslationUnit& unit, const UnitKey& key);

// The document a unit is added to: `given`, else the unit's document by
// name, found or created by the backend `b`.
template <class BackendT>
std::optional<int64_t> document_to_add(BackendT& b, const TranslationUnit& unit,
                                       std::optional<int64_t> given) {
  if (given || !unit.document) return given;
  if (std::optional<int64_t> found = b.find_document(*unit.document)) return found;
  return b.create_document(*unit.document);
}
// Throws Error for invalid UTF-8 or an impossible unit.
void validate_unit(const TranslationUnit& unit);
void check_utf8(std::string_view s, const char* what);

// The key exact duplicates share: a hash of both sides' primary language
// and normalised text.
int64_t dup_key(std::string_view src_primary, std::string_view nsrc, std::string_view tgt_primary,
                std::string_view ntgt);

struct UnitEdit;  // store.h

// A correction applied to a unit read from the TM: the fields `edit` sets
// replace the unit's, the result is validated (Error as validate_unit), and
// the edited unit's duplicate key is returned.
int64_t apply_unit_edit(TranslationUnit& unit, const UnitEdit& edit);

int64_t now_seconds();
// A status as stored ("aligned", ...); anything else reads as aligned.
UnitStatus status_from_db(std::string_view text);

}  // namespace alinea::tm
