// Term variants on SQLite: the units holding a term (an FTS5 phrase of stem
// prefixes), a sample of the rest of the TM, and counts of renderings, read
// for term_renderings.h, which finds the renderings.
#include "tm/error.h"
#include "tm/store/sqlite_store.h"
#include "tm/store/term_renderings.h"

namespace alinea::tm {

std::vector<TermRendering> SqliteStore::term_variants(std::string_view term,
                                                      const TermOptions& options) {
  auto& s = *this;
  s.flush_fts();  // units added in an open transaction are searchable
  terms::TermSearch search(term, options);
  if (!s.db || search.empty()) return {};

  // 1. Units whose term-language side contains the term.
  {
    sql::Statement st(
        *s.db,
        "SELECT u.id, coalesce(d.name, ''), u.src_lang, u.src_text, u.tgt_lang, "
        "u.tgt_text, u.status, u.pending FROM units_fts JOIN units u ON u.id = units_fts.rowid "
        "LEFT JOIN documents d ON d.id = u.document_id WHERE units_fts MATCH ? "
        "ORDER BY u.id");
    st.bind(1, terms::fts5_phrase(search.candidate_phrase()));
    while (!search.full() && st.step())
      search.offer({st.int64(0), st.str(1), st.str(2), st.str(3), st.str(4), st.str(5),
                    st.text(6) == "rejected", st.int64(7) != 0});
  }
  if (!search.found()) return {};

  // 2. A sample of the TM spread evenly over its ids, to train the word
  // alignment on.
  int64_t max_id = 0;
  {
    auto& st = s.stmt("SELECT coalesce(max(id), 0) FROM units");
    sql::ResetGuard g(st);
    if (st.step()) max_id = st.int64(0);
  }
  if (options.background_units > 0) {
    const int64_t stride =
        std::max<int64_t>(1, max_id / static_cast<int64_t>(options.background_units));
    auto& st = s.stmt(
        "SELECT src_lang, src_text, tgt_lang, tgt_text FROM units WHERE id = ? AND pending = 0");
    for (int64_t id = 1; id <= max_id; id += stride) {
      if (search.has_row(id)) continue;
      sql::ResetGuard g(st);
      st.bind(1, id);
      if (!st.step()) continue;
      search.train_on({id, {}, st.str(0), st.str(1), st.str(2), st.str(3)});
    }
  }

  // 3. Units of the TM holding a rendering's words on its side.
  auto& count_st =
      s.stmt("SELECT count(*) FROM (SELECT 1 FROM units_fts WHERE units_fts MATCH ? LIMIT ?)");
  return search.renderings(
      max_id, [&](bool target_side, const std::vector<terms::PhraseWord>& phrase, int64_t cap) {
        sql::ResetGuard guard(count_st);
        count_st.bind(1, std::string(target_side ? "tgt_text" : "src_text") + " : (" +
                             terms::fts5_phrase(phrase) + ")");
        count_st.bind(2, cap);
        count_st.step();
        return count_st.int64(0);
      });
}

}  // namespace alinea::tm
