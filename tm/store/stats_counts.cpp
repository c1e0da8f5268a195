#include "tm/store/stats_counts.h"

#include "tm/store/unit_key.h"

namespace alinea::tm {

void count_unit_stats(TmStats& t, const ScalarQuery& scalar, const TextCountQuery& rows) {
  rows("SELECT status, count(*) FROM units GROUP BY status",
       [&t](const std::string& status, int64_t n) {
         t.units += n;
         switch (status_from_db(status)) {
           case UnitStatus::Aligned:
             t.aligned += n;
             break;
           case UnitStatus::Reviewed:
             t.reviewed += n;
             break;
           case UnitStatus::Rejected:
             t.rejected += n;
             break;
         }
       });
  t.documents = scalar("SELECT count(*) FROM documents");
  t.duplicates_merged = scalar("SELECT count(*) FROM unit_origins");
  t.manual = scalar("SELECT count(*) FROM units WHERE document_id IS NULL");
  t.pending = scalar("SELECT count(*) FROM units WHERE pending <> 0");
  t.omissions = scalar("SELECT count(*) FROM units WHERE src_text = '' OR tgt_text = ''");
  t.first_change = scalar("SELECT coalesce(min(changed_at), 0) FROM units");
  t.last_change = scalar("SELECT coalesce(max(changed_at), 0) FROM units");
}

}  // namespace alinea::tm
