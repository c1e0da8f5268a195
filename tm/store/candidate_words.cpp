// Fuzzy-match candidate words through FTS5 queries (candidate_words.h).
#include "tm/store/candidate_words.h"

#include "tm/store/sqlite_store.h"

namespace alinea::tm {

void CandidateWords::first_units_with_all_but_one(
    const std::vector<std::string>& words, int64_t limit,
    const std::function<void(int64_t, uint64_t)>& fn) {
  for (size_t group = 0; group <= words.size(); ++group) {
    std::vector<std::string> held;
    for (size_t k = 0; k < words.size(); ++k)
      if (group != k + 1) held.push_back(words[k]);
    first_units_with_all(held, limit, [&](int64_t id) { fn(id, uint64_t{1} << group); });
  }
}

std::string fts_word(const std::string& folded, bool source_only) {
  return (source_only ? "src_text : \"" : "\"") + folded + "\"";
}

int64_t FtsCandidateWords::units_with(const std::string& word, int64_t cap) {
  return s_.units_matching(word, cap);
}

void FtsCandidateWords::each_unit_with(const std::string& word,
                                       const std::function<void(int64_t)>& fn) {
  auto& st = s_.stmt("SELECT rowid FROM units_fts WHERE units_fts MATCH ?");
  sql::ResetGuard g(st);
  st.bind(1, word);
  while (st.step()) fn(st.int64(0));
}

// FTS5 intersects the two ORs by skipping along the posting lists, and
// alinea_phrases() tells which phrases each unit holds: one query does what
// one query per word would, without reading any list in full.
void FtsCandidateWords::each_unit_with_any(const std::vector<std::string>& anchors,
                                           const std::vector<std::string>& words,
                                           const std::function<void(int64_t, uint64_t)>& fn) {
  if (anchors.empty() || words.empty()) return;
  std::string expr = "(";
  for (size_t i = 0; i < anchors.size(); ++i) expr += (i ? " OR " : "") + anchors[i];
  expr += ") AND (";
  for (size_t i = 0; i < words.size(); ++i) expr += (i ? " OR " : "") + words[i];
  expr += ")";
  auto& st =
      s_.stmt("SELECT rowid, alinea_phrases(units_fts) FROM units_fts WHERE units_fts MATCH ?");
  sql::ResetGuard g(st);
  st.bind(1, std::move(expr));
  while (st.step()) fn(st.int64(0), static_cast<uint64_t>(st.int64(1)) >> anchors.size());
}

// In id order: FTS5 walks a posting list forwards far more cheaply than
// backwards (a page at a time).
void FtsCandidateWords::first_units_with_all(const std::vector<std::string>& words, int64_t limit,
                                             const std::function<void(int64_t)>& fn) {
  if (words.empty()) return;
  std::string expr;
  for (const auto& w : words) expr += (expr.empty() ? "" : " AND ") + w;
  auto& st =
      s_.stmt("SELECT rowid FROM units_fts WHERE units_fts MATCH ? ORDER BY rowid ASC LIMIT ?");
  sql::ResetGuard g(st);
  st.bind(1, std::move(expr));
  st.bind(2, limit);
  while (st.step()) fn(st.int64(0));
}

}  // namespace alinea::tm
