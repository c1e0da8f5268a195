// SQL that both backends send about documents, private to tm/store: written
// once in the dialect SQLite and PostgreSQL share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "tm/store/store.h"

namespace alinea::tm {

// "SELECT <a document's row and its unit counts> FROM documents d ", to be
// followed by a WHERE or ORDER BY. A document's units are those it brought
// first (units.document_id) and the duplicates it brought that were merged
// into an existing unit (an extra origin), so that a document whose units
// were all in the TM still has them. Columns: id, name, src_file, tgt_file,
// src_sha256, tgt_sha256, src_lang, tgt_lang, options, imported_at,
// imported_by, then the counts of units, pending, omissions, reviewed and
// rejected.
const std::string& document_columns_sql();

// "SELECT <a sentence's columns>", to be followed by FROM sentences: side,
// paragraph, text, then its location (loc_paragraph, char_start, char_end,
// page: all NULL without one, page NULL without pages).
inline constexpr const char* kSentenceColumns =
    "SELECT side, paragraph, text, loc_paragraph, char_start, char_end, page";

// A sentence's location as its four columns, and back.
struct LocationColumns {
  std::optional<int64_t> paragraph, char_start, char_end, page;
};
LocationColumns location_columns(const std::optional<Location>& location);
Sentence sentence_from(std::string text, int64_t paragraph, const LocationColumns& location);

}  // namespace alinea::tm
