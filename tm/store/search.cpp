// Concordance (FTS5) and fuzzy-match candidates (FTS5 postings) on SQLite;
// the percentages and highlights come from rerank.h.
#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "tm/error.h"
#include "tm/store/candidate_words.h"
#include "tm/store/fuzzy_candidates.h"
#include "tm/store/query.h"
#include "tm/store/rerank.h"
#include "tm/store/sqlite_store.h"
#include "tm/store/text.h"
#include "tm/store/word_postings.h"

namespace alinea::tm {
namespace {

void check_lang(const std::string& lang) {
  if (!lang.empty() && !text::valid_lang_tag(lang))
    throw Error("invalid language tag '" + lang + "'");
}

// SQL condition: the column's language tag matches `wanted` (validated).
std::string lang_condition(const char* column, const std::string& wanted) {
  return std::string("(") + column + " = '" + wanted + "' COLLATE NOCASE OR " + column + " LIKE '" +
         wanted + "-%')";
}

}  // namespace

namespace {

// Bits in alinea_phrases()'s answer (a signed 64-bit SQL integer).
constexpr int kMaxPhraseBits = 63;

// BM25 over the matched phrases, with document frequencies given by the
// caller as arguments (alinea_rank(units_fts, idf0, idf1, ...)). FTS5's own
// bm25() counts every document of every phrase on each query to get them,
// which for a word like "de" in a TM of a million units costs tens of
// milliseconds before the first row.
void rank_function(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int n_args,
                   sqlite3_value** args) {
  constexpr double kK1 = 1.2, kB = 0.75;
  constexpr int kMaxPhrases = 64;
  const int phrases = std::min(api->xPhraseCount(fts), kMaxPhrases);
  double tf[kMaxPhrases] = {};
  int instances = 0;
  if (api->xInstCount(fts, &instances) != SQLITE_OK) instances = 0;
  for (int i = 0; i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    if (api->xInst(fts, i, &phrase, &column, &offset) == SQLITE_OK && phrase < phrases)
      tf[phrase] += 1;
  }
  int length = 0;
  if (api->xColumnSize(fts, -1, &length) != SQLITE_OK) length = 0;
  sqlite3_int64 rows = 0, tokens = 0;
  api->xRowCount(fts, &rows);
  api->xColumnTotalSize(fts, -1, &tokens);
  const double average = rows > 0 && tokens > 0 ? static_cast<double>(tokens) / rows : 1.0;
  double score = 0;
  for (int p = 0; p < phrases; ++p) {
    if (tf[p] == 0) continue;
    const double idf = p < n_args ? sqlite3_value_double(args[p]) : 1.0;
    score += idf * tf[p] * (kK1 + 1) / (tf[p] + kK1 * (1 - kB + kB * length / average));
  }
  sqlite3_result_double(ctx, score);
}

// alinea_phrases(units_fts): a bitmask of the query's phrases (the first
// 63) that occur in the row, bit i for phrase i in the order they are
// written. One query over an OR of words then tells, row by row, which of
// them it holds, where one query per word would read each posting list
// again.
void phrases_function(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx,
                      int /*n_args*/, sqlite3_value** /*args*/) {
  const int phrases = std::min(api->xPhraseCount(fts), kMaxPhraseBits);
  sqlite3_int64 mask = 0;
  for (int p = 0; p < phrases; ++p) {
    Fts5PhraseIter it;
    int column = -1, offset = -1;
    if (api->xPhraseFirst(fts, p, &it, &column, &offset) == SQLITE_OK && column >= 0)
      mask |= sqlite3_int64{1} << p;
  }
  sqlite3_result_int64(ctx, mask);
}

}  // namespace

void register_fts_functions(sql::Database& db) {
  fts5_api* api = nullptr;
  sql::Statement st(db, "SELECT fts5(?1)");
  sqlite3_bind_pointer(st.handle(), 1, &api, "fts5_api_ptr", nullptr);
  st.step();
  st.reset();
  if (!api || api->iVersion < 2) throw Error(db.path() + ": this SQLite has no usable FTS5");
  int rc = api->xCreateFunction(api, "alinea_rank", nullptr, rank_function, nullptr);
  if (rc != SQLITE_OK) db.fail(rc, "registering the rank function");
  rc = api->xCreateFunction(api, "alinea_phrases", nullptr, phrases_function, nullptr);
  if (rc != SQLITE_OK) db.fail(rc, "registering the phrase function");
}

namespace {

// What a concordance query needs to know of the TM before its SQL.
struct Scope {
  bool nothing = false;  // no unit can match (unknown document, language never stored)
  bool lang_on_src = false, lang_on_tgt = false;
  // A document's units were added together, so their ids span a narrow
  // range that FTS5 can seek to.
  std::optional<std::pair<int64_t, int64_t>> id_range;
  int64_t document_id = 0;
};

Scope scope_of(SqliteStore& s, const ConcordanceQuery& q) {
  Scope sc;
  if (q.document) {
    sql::Statement d(*s.db,
                     "SELECT d.id, min(u.id), max(u.id) FROM documents d "
                     "JOIN units u ON u.document_id = d.id WHERE d.name = ?");
    d.bind(1, *q.document);
    if (!d.step() || d.is_null(0)) {
      sc.nothing = true;
      return sc;
    }
    sc.document_id = d.int64(0);
    sc.id_range = {d.int64(1), d.int64(2)};
  }
  // A side where the language never occurs gets no branch: a column filter
  // on a word common on the other side would read its whole posting list.
  if (!q.lang.empty()) {
    auto& lp = s.stmt("SELECT src_lang, tgt_lang FROM lang_pairs");
    sql::ResetGuard g(lp);
    while (lp.step()) {
      sc.lang_on_src = sc.lang_on_src || text::lang_matches(lp.text(0), q.lang);
      sc.lang_on_tgt = sc.lang_on_tgt || text::lang_matches(lp.text(1), q.lang);
    }
    sc.nothing = !sc.lang_on_src && !sc.lang_on_tgt;
  }
  return sc;
}

// One SELECT of a concordance query: a MATCH expression (bound to `param`)
// and the condition its units must pass.
struct Branch {
  std::string param;  // ":e1", ":e2"
  std::string match;
  std::string lang_cond;
};

// The branches for an FTS5 expression, minus the units matching `except`
// (another expression; empty: none). One branch per side of the query's
// language, so that a Spanish query only meets Spanish text; without a
// language, one branch where every term is on the same side (a Spanish word
// and an English word of one unit do not make a hit together).
std::vector<Branch> branches_for(const ConcordanceQuery& q, const Scope& sc,
                                 const std::string& expr, const std::string& except) {
  // Appended piece by piece: GCC 12 sees overlapping copies in
  // "(" + std::string (a false -Wrestrict).
  auto on = [](std::string& to, const char* column, const std::string& e) {
    to.append(column).append(" : (").append(e).append(")");
  };
  auto both = [&](std::string& to, const std::string& e) {
    to.append("(");
    on(to, "src_text", e);
    to.append(" OR ");
    on(to, "tgt_text", e);
    to.append(")");
  };
  std::vector<Branch> out;
  if (q.lang.empty()) {
    std::string m;
    both(m, expr);
    if (!except.empty()) {
      m.append(" NOT ");
      both(m, except);
    }
    out.push_back({":e1", std::move(m), ""});
    return out;
  }
  auto side = [&](const char* column, const char* lang_column, const char* param) {
    std::string m;
    if (except.empty()) {
      on(m, column, expr);
    } else {
      m.append("(");
      on(m, column, expr);
      m.append(") NOT ");
      on(m, column, except);
    }
    out.push_back({param, std::move(m), lang_condition(lang_column, q.lang)});
  };
  if (sc.lang_on_src) side("src_text", "u.src_lang", ":e1");
  if (sc.lang_on_tgt) side("tgt_text", "u.tgt_lang", ":e2");
  return out;
}

// SQL condition on `u` for the query's filters other than the text.
std::string unit_condition(const ConcordanceQuery& q, const Branch& b) {
  std::string ok = "1";
  if (!b.lang_cond.empty()) ok += " AND " + b.lang_cond;
  if (!q.include_rejected) ok += " AND u.status != 'rejected'";
  if (!q.include_pending) ok += " AND u.pending = 0 AND u.src_text != '' AND u.tgt_text != ''";
  if (q.document) ok += " AND u.document_id = :doc";
  return ok;
}

void bind_scope(sql::Statement& st, const Scope& sc, const std::vector<Branch>& branches) {
  for (const auto& b : branches) st.bind(st.index_of(b.param.c_str()), b.match);
  if (sc.id_range) {
    st.bind(st.index_of(":lo"), sc.id_range->first);
    st.bind(st.index_of(":hi"), sc.id_range->second);
    st.bind(st.index_of(":doc"), sc.document_id);
  }
}

// Units passing the query's filters and matching the branches, best first
// (or newest first), at most `limit`: (id, score).
std::vector<std::pair<int64_t, double>> ranked_ids(SqliteStore& s, const ConcordanceQuery& q,
                                                   const Scope& sc,
                                                   const std::vector<Branch>& branches,
                                                   const std::vector<double>& idf, int64_t limit) {
  std::vector<std::pair<int64_t, double>> ids;
  if (branches.empty() || limit <= 0) return ids;
  const bool newest = q.order == ConcordanceQuery::Order::Newest;
  // Phrases of the expression in order: without a language the terms occur
  // twice (source, target); phrases after them (an exception) never match.
  auto rank_call = [&](int copies) {
    std::string call = "alinea_rank(units_fts";
    char buf[32];
    for (int c = 0; c < copies; ++c)
      for (double w : idf) {
        std::snprintf(buf, sizeof buf, ", %.6f", w);
        call += buf;
      }
    return call + ")";
  };

  // Ranking every match of a very common word would cost ~1 us each (over
  // 100 ms for "para" in a TM of a million units), so only the most recently
  // added kRankWindow matches are ranked. Below that many matches (the usual
  // case) the order is exact. Units rows are joined only for the best few,
  // to check language, status and document.
  constexpr int64_t kRankWindow = 1000;
  const int copies = q.lang.empty() ? 2 : 1;
  std::string sql;
  for (const auto& b : branches) {
    std::string window = "SELECT rowid AS id, ";
    window += newest ? "0.0" : rank_call(copies);
    window += " AS score FROM units_fts WHERE units_fts MATCH " + b.param;
    if (sc.id_range) window += " AND rowid BETWEEN :lo AND :hi";
    window += " ORDER BY rowid DESC LIMIT :window";
    if (!newest)
      window = "SELECT id, score FROM (" + window + ") ORDER BY score DESC, id DESC LIMIT :first";
    if (!sql.empty()) sql += " UNION ALL ";
    sql += "SELECT u.id AS id, h.score AS score, u.changed_at AS changed, (" +
           unit_condition(q, b) + ") AS ok FROM (" + window + ") h JOIN units u ON u.id = h.id";
  }
  sql = "SELECT id, score, ok FROM (" + sql + ") ORDER BY " +
        (newest ? "changed DESC, id DESC" : "score DESC, id DESC");
  sql::Statement st(*s.db, sql);
  // The best few are checked first; if the filters drop too many of them,
  // the whole window is.
  for (int64_t first : {std::min(kRankWindow, limit * 2 + 20), kRankWindow}) {
    st.reset();
    ids.clear();
    bind_scope(st, sc, branches);
    st.bind(st.index_of(":window"), kRankWindow);
    if (!newest) st.bind(st.index_of(":first"), first);
    int64_t rows = 0;
    while (st.step()) {
      ++rows;
      if (st.int64(2) && static_cast<int64_t>(ids.size()) < limit)
        ids.emplace_back(st.int64(0), st.real(1));
    }
    const auto n_branches = static_cast<int64_t>(branches.size());
    if (newest || static_cast<int64_t>(ids.size()) >= limit || first == kRankWindow ||
        rows < first * n_branches)
      break;
  }
  st.reset();
  return ids;
}

// Units passing the query's filters and matching the branches, counted by
// SQLite up to `cap` (0: all).
int64_t count_matches(SqliteStore& s, const ConcordanceQuery& q, const Scope& sc,
                      const std::vector<Branch>& branches, int64_t cap) {
  if (branches.empty()) return 0;
  std::string sql;
  for (const auto& b : branches) {
    if (!sql.empty()) sql += " UNION ";
    sql +=
        "SELECT u.id FROM units_fts JOIN units u ON u.id = units_fts.rowid WHERE units_fts MATCH " +
        b.param;
    if (sc.id_range) sql += " AND units_fts.rowid BETWEEN :lo AND :hi";
    sql += " AND " + unit_condition(q, b);
  }
  sql = "SELECT count(*) FROM (" + sql + (cap > 0 ? " LIMIT :cap" : "") + ")";
  sql::Statement st(*s.db, sql);
  bind_scope(st, sc, branches);
  if (cap > 0) st.bind(st.index_of(":cap"), cap);
  return st.step() ? st.int64(0) : 0;
}

}  // namespace

std::vector<ConcordanceHit> SqliteStore::concordance(const ConcordanceQuery& q) {
  auto& s = *this;
  s.flush_fts();  // units added in an open transaction are searchable
  std::vector<ConcordanceHit> hits;
  check_lang(q.lang);
  const auto terms = query::parse(q.text);
  if (terms.empty() || q.limit == 0 || !s.db) return hits;
  sql::ReadSnapshot snapshot(*s.db);
  const Scope sc = scope_of(s, q);
  if (sc.nothing) return hits;
  const std::string expr = query::fts_expression(terms);
  const bool newest = q.order == ConcordanceQuery::Order::Newest;
  const int64_t limit = static_cast<int64_t>(std::min<size_t>(q.limit, 1u << 30));
  const std::optional<query::Term> phrase = query::as_phrase(terms);

  // Term weights. Document frequencies are counted only up to kCommon
  // (bounded cost); a single term needs none, and prefixes are not counted
  // (expanding them is what would cost).
  constexpr int64_t kCommon = 2000;
  std::vector<double> idf(terms.size(), 1.0);
  if (terms.size() > 1 && !newest) {
    int64_t total = 1;
    {
      auto& st = s.stmt("SELECT coalesce(max(id), 1) FROM units");
      sql::ResetGuard g(st);
      if (st.step()) total = std::max<int64_t>(1, st.int64(0));
    }
    auto& st =
        s.stmt("SELECT count(*) FROM (SELECT 1 FROM units_fts WHERE units_fts MATCH ? LIMIT ?)");
    for (size_t i = 0; i < terms.size(); ++i) {
      if (terms[i].prefix) continue;
      sql::ResetGuard g(st);
      st.bind(1, query::fts_expression({terms[i]}));
      st.bind(2, kCommon);
      st.step();
      const int64_t df = std::max<int64_t>(1, st.int64(0));
      idf[i] = std::log(1.0 + static_cast<double>(total) / static_cast<double>(df));
    }
  }

  // Phrase first: the units holding the query as one phrase, then those
  // that only have its words. Newest-first and --words take one pass.
  struct Found {
    int64_t id;
    double score;
    std::optional<bool> phrase;  // unknown: checked on the text
  };
  std::vector<Found> found;
  if (phrase && !newest && !q.words) {
    const std::string pexpr = query::fts_expression({*phrase});
    for (const auto& [id, score] :
         ranked_ids(s, q, sc, branches_for(q, sc, pexpr, ""), {1.0}, limit))
      found.push_back({id, score, true});
    const int64_t rest = limit - static_cast<int64_t>(found.size());
    if (rest > 0) {
      for (const auto& [id, score] :
           ranked_ids(s, q, sc, branches_for(q, sc, expr, pexpr), idf, rest))
        found.push_back({id, score, false});
    }
  } else {
    for (const auto& [id, score] : ranked_ids(s, q, sc, branches_for(q, sc, expr, ""), idf, limit))
      found.push_back({id, score, phrase ? std::nullopt : std::optional<bool>(terms.size() == 1)});
  }

  for (const auto& f : found) {
    auto unit = s.get(f.id);
    if (!unit) continue;
    hits.push_back(
        rerank::concordance_hit(std::move(*unit), f.score, f.phrase, terms, phrase, q.lang));
  }
  return hits;
}

ConcordanceCount SqliteStore::concordance_count(const ConcordanceQuery& q, int64_t cap) {
  auto& s = *this;
  s.flush_fts();
  ConcordanceCount c;
  check_lang(q.lang);
  const auto terms = query::parse(q.text);
  if (terms.empty() || !s.db) return c;
  sql::ReadSnapshot snapshot(*s.db);
  const Scope sc = scope_of(s, q);
  if (sc.nothing) return c;
  c.units = count_matches(s, q, sc, branches_for(q, sc, query::fts_expression(terms), ""), cap);
  c.capped = cap > 0 && c.units >= cap;
  if (auto phrase = query::as_phrase(terms))
    c.phrase = c.units == 0
                   ? 0
                   : count_matches(s, q, sc,
                                   branches_for(q, sc, query::fts_expression({*phrase}), ""), cap);
  else
    c.phrase = terms.size() == 1 ? c.units : 0;
  return c;
}

// ---- fuzzy matching ---------------------------------------------------------

namespace {

using text::TokenKind;

constexpr size_t kMinCandidates = 40;

}  // namespace

std::pair<int64_t, int64_t> SqliteStore::tm_state() {
  auto& st = stmt("PRAGMA data_version");
  sql::ResetGuard g(st);
  st.step();
  return {st.int64(0), sqlite3_total_changes64(db->handle())};
}

int64_t SqliteStore::units_matching(const std::string& expr, int64_t cap) {
  {
    const auto [data_version, own_changes] = tm_state();
    auto& counts = match_counts;
    if (counts.data_version != data_version || counts.own_changes != own_changes ||
        counts.cap != cap || counts.units.size() >= MatchCounts::kMaxEntries) {
      counts.units.clear();
      counts.data_version = data_version;
      counts.own_changes = own_changes;
      counts.cap = cap;
    }
    if (auto it = counts.units.find(expr); it != counts.units.end()) return it->second;
  }
  auto& st = stmt("SELECT count(*) FROM (SELECT 1 FROM units_fts WHERE units_fts MATCH ? LIMIT ?)");
  sql::ResetGuard g(st);
  st.bind(1, expr);
  st.bind(2, cap);
  st.step();
  const int64_t n = st.int64(0);
  match_counts.units.emplace(expr, n);
  return n;
}

std::vector<FuzzyMatch> SqliteStore::fuzzy_match(std::string_view sentence,
                                                 const FuzzyOptions& options) {
  auto& s = *this;
  s.flush_fts();  // units added in an open transaction are searchable
  std::vector<FuzzyMatch> out;
  check_lang(options.lang);
  if (!s.db || options.limit == 0 || !text::valid_utf8(sentence)) return out;
  sql::ReadSnapshot snapshot(*s.db);
  const auto query_tokens = text::tokenize(sentence, /*punct=*/true);
  std::vector<std::string> words;
  {
    std::unordered_set<std::string> seen;
    for (const auto& t : query_tokens)
      if (t.kind != TokenKind::Punct && seen.insert(t.folded).second) words.push_back(t.folded);
  }
  if (words.empty()) return out;
  int64_t total_units = 1;
  {
    auto& st = s.stmt("SELECT coalesce(max(id), 1) FROM units");
    sql::ResetGuard g(st);
    if (st.step()) total_units = std::max<int64_t>(1, st.int64(0));
  }
  std::unique_ptr<CandidateWords> index;
  if (s.word_postings && total_units <= WordPostings::kMaxId &&
      sqlite3_txn_state(s.db->handle(), "main") != SQLITE_TXN_WRITE) {
    // Lists read before a change this connection now sees are dropped, and
    // so are they at a connection's first look: it cannot tell what the
    // others last saw. A list read from an older snapshot is refused once
    // another connection has seen the change (WordPostings::put), and
    // dropped at the reading connection's next lookup otherwise.
    const auto state = s.tm_state();
    if (!s.postings_seen || *s.postings_seen != state) s.word_postings->invalidate();
    s.postings_seen = state;
    index = std::make_unique<PostingCandidateWords>(s, *s.word_postings);
  } else {
    index = std::make_unique<FtsCandidateWords>(s);
  }
  const auto ids = fuzzy_candidates(*index, words, options.lang.empty(), total_units,
                                    std::max(kMinCandidates, options.limit * 8));

  std::vector<rerank::Candidate> texts;
  texts.reserve(ids.size());
  {
    auto& st = s.stmt(
        "SELECT src_lang, src_text, tgt_lang, tgt_text, status, pending FROM units "
        "WHERE id = ?");
    for (const int64_t id : ids) {
      sql::ResetGuard g(st);
      st.bind(1, id);
      if (!st.step()) continue;
      texts.push_back({id, st.str(0), st.str(1), st.str(2), st.str(3), st.text(4) == "rejected",
                       st.int64(5) != 0});
    }
  }
  for (const auto& [id, target] : rerank::fuzzy(texts, query_tokens, sentence, options)) {
    auto unit = s.get(id);
    if (!unit) continue;
    out.push_back(rerank::fuzzy_match(std::move(*unit), target, query_tokens, sentence));
  }
  return out;
}

}  // namespace alinea::tm
