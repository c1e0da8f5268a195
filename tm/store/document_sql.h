// SQL that both backends send about documents, private to tm/store: written
// once in the dialect SQLite and PostgreSQL share.
#pragma once

#include <string>

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

}  // namespace alinea::tm
