#include "tm/store/document_sql.h"

namespace alinea::tm {

const std::string& document_columns_sql() {
  static const std::string sql = [] {
    const std::string in_document =
        "u.id IN (SELECT id FROM units WHERE document_id = d.id UNION "
        "SELECT unit_id FROM unit_origins WHERE document_id = d.id)";
    const std::string count = "(SELECT count(*) FROM units u WHERE " + in_document;
    return "SELECT d.id, d.name, d.src_file, d.tgt_file, d.src_sha256, d.tgt_sha256, d.src_lang, "
           "d.tgt_lang, d.options, d.imported_at, d.imported_by, " +
           count + "), " + count + " AND u.pending <> 0), " + count +
           " AND (u.src_text = '' OR u.tgt_text = '')), " + count +
           " AND u.status = 'reviewed'), " + count +
           " AND u.status = 'rejected') FROM documents d ";
  }();
  return sql;
}

}  // namespace alinea::tm
