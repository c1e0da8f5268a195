// Concordance (FTS5) and fuzzy matching (FTS5 postings for candidates, a
// weighted word-level edit distance for the percentage).
#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "tm/error.h"
#include "tm/store/query.h"
#include "tm/store/store_impl.h"
#include "tm/store/text.h"

namespace alinea::tm {
namespace {

void check_lang(const std::string& lang) {
  if (!lang.empty() && !text::valid_lang_tag(lang))
    throw Error("invalid language tag '" + lang + "'");
}

// SQL condition: the column's language tag matches `wanted` (validated).
std::string lang_condition(const char* column, const std::string& wanted) {
  return std::string("(") + column + " = '" + wanted + "' COLLATE NOCASE OR " + column +
         " LIKE '" + wanted + "-%')";
}

}  // namespace

std::vector<ConcordanceHit> Store::concordance(const ConcordanceQuery& q) const {
  auto& s = *impl_;
  s.flush_fts();  // units added in an open transaction are searchable
  std::vector<ConcordanceHit> hits;
  check_lang(q.lang);
  const auto terms = query::parse(q.text);
  if (terms.empty() || q.limit == 0 || !s.db) return hits;
  const std::string expr = query::fts_expression(terms);

  std::string filters;
  if (!q.include_rejected) filters += " AND u.status != 'rejected'";
  if (q.document)
    filters += " AND u.document_id = (SELECT id FROM documents WHERE name = :doc)";
  const bool newest = q.order == ConcordanceQuery::Order::Newest;
  const std::string select = newest ? "SELECT u.id, u.changed_at AS k1, u.id AS k2"
                                    : "SELECT u.id, bm25(units_fts) AS k1, u.id AS k2";
  const std::string from = " FROM units_fts JOIN units u ON u.id = units_fts.rowid";
  std::string sql;
  if (q.lang.empty()) {
    sql = select + from + " WHERE units_fts MATCH :e1" + filters;
  } else {
    // One branch per side, so a Spanish query only meets Spanish text.
    sql = select + from + " WHERE units_fts MATCH :e1 AND " +
          lang_condition("u.src_lang", q.lang) + filters + " UNION ALL " + select + from +
          " WHERE units_fts MATCH :e2 AND " + lang_condition("u.tgt_lang", q.lang) + filters;
  }
  sql = "SELECT id, k1 FROM (" + sql + ") ORDER BY " +
        (newest ? "k1 DESC, k2 DESC" : "k1, k2") + " LIMIT :limit";
  sql::Statement st(*s.db, sql);
  int idx = 1;
  if (q.lang.empty()) {
    // Every term on the same side: a Spanish word and an English word of one
    // unit do not make a hit together.
    st.bind(idx++, "src_text : (" + expr + ") OR tgt_text : (" + expr + ")");
  } else {
    st.bind(idx++, "src_text : (" + expr + ")");
  }
  if (q.document) st.bind(idx++, *q.document);
  if (!q.lang.empty()) st.bind(idx++, "tgt_text : (" + expr + ")");
  st.bind(idx++, static_cast<int64_t>(q.limit));
  std::vector<std::pair<int64_t, double>> ids;
  while (st.step()) ids.emplace_back(st.int64(0), newest ? 0.0 : -st.real(1));
  st.reset();
  for (const auto& [id, score] : ids) {
    auto unit = s.get(id);
    if (!unit) continue;
    ConcordanceHit h;
    h.score = score;
    if (text::lang_matches(unit->source.lang, q.lang))
      h.source_highlights = query::highlight(unit->source.text, terms);
    if (text::lang_matches(unit->target.lang, q.lang))
      h.target_highlights = query::highlight(unit->target.text, terms);
    h.unit = std::move(*unit);
    hits.push_back(std::move(h));
  }
  return hits;
}

// ---- fuzzy matching ---------------------------------------------------------

namespace {

using text::Token;
using text::TokenKind;

double weight(const Token& t) { return t.kind == TokenKind::Punct ? 0.25 : 1.0; }

// Cost of putting b where a was. Case/accent-only changes, another number and
// another punctuation mark cost little: a CAT user fixes them at a glance.
double substitution(const Token& a, const Token& b, std::string_view ta, std::string_view tb) {
  if (a.folded == b.folded) {
    return ta.substr(a.begin, a.end - a.begin) == tb.substr(b.begin, b.end - b.begin) ? 0.0
                                                                                       : 0.1;
  }
  if (a.kind == TokenKind::Number && b.kind == TokenKind::Number) return 0.25;
  if (a.kind == TokenKind::Punct && b.kind == TokenKind::Punct) return 0.25;
  return std::max(weight(a), weight(b));
}

struct Similarity {
  double percent = 0;
  std::vector<ByteRange> a_diff, b_diff;  // a = TM side, b = sentence
};

Similarity similarity(const std::vector<Token>& a, std::string_view ta,
                      const std::vector<Token>& b, std::string_view tb, double min_percent,
                      bool want_diff) {
  Similarity r;
  double wa = 0, wb = 0;
  for (const auto& t : a) wa += weight(t);
  for (const auto& t : b) wb += weight(t);
  const double len = std::max(wa, wb);
  if (len == 0) {
    r.percent = (a.empty() && b.empty()) ? 100 : 0;
    return r;
  }
  // The distance is at least the difference in weighted length.
  if (100.0 * (1.0 - std::abs(wa - wb) / len) < min_percent) return r;
  const size_t n = a.size(), m = b.size();
  std::vector<double> d((n + 1) * (m + 1));
  auto at = [&](size_t i, size_t j) -> double& { return d[i * (m + 1) + j]; };
  for (size_t i = 1; i <= n; ++i) at(i, 0) = at(i - 1, 0) + weight(a[i - 1]);
  for (size_t j = 1; j <= m; ++j) at(0, j) = at(0, j - 1) + weight(b[j - 1]);
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      double best = at(i - 1, j - 1) + substitution(a[i - 1], b[j - 1], ta, tb);
      best = std::min(best, at(i - 1, j) + weight(a[i - 1]));
      best = std::min(best, at(i, j - 1) + weight(b[j - 1]));
      at(i, j) = best;
    }
  }
  const double dist = at(n, m);
  r.percent = std::max(0.0, 100.0 * (1.0 - dist / len));
  if (dist == 0) r.percent = 100;
  if (!want_diff) return r;
  size_t i = n, j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0) {
      double sub = substitution(a[i - 1], b[j - 1], ta, tb);
      if (std::abs(at(i, j) - (at(i - 1, j - 1) + sub)) < 1e-9) {
        if (sub > 0) {
          r.a_diff.push_back({a[i - 1].begin, a[i - 1].end});
          r.b_diff.push_back({b[j - 1].begin, b[j - 1].end});
        }
        --i;
        --j;
        continue;
      }
    }
    if (i > 0 && std::abs(at(i, j) - (at(i - 1, j) + weight(a[i - 1]))) < 1e-9) {
      r.a_diff.push_back({a[i - 1].begin, a[i - 1].end});
      --i;
    } else {
      r.b_diff.push_back({b[j - 1].begin, b[j - 1].end});
      --j;
    }
  }
  std::reverse(r.a_diff.begin(), r.a_diff.end());
  std::reverse(r.b_diff.begin(), r.b_diff.end());
  return r;
}

// How many postings one fuzzy query may read: bounds the time per query on a
// large TM. Rare words are read first, so they are what pins the candidates.
constexpr int64_t kPostingBudget = 40000;
constexpr size_t kMaxQueryWords = 12;
constexpr size_t kMinCandidates = 40;

}  // namespace

void Store::Impl::ensure_vocab() {
  if (vocab_ready) return;
  // In temp: works on read-only files and never touches the TM.
  db->exec(
      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.units_vocab "
      "USING fts5vocab(main, units_fts, 'col')");
  vocab_ready = true;
}

std::vector<FuzzyMatch> Store::fuzzy_match(std::string_view sentence,
                                           const FuzzyOptions& options) const {
  auto& s = *impl_;
  s.flush_fts();  // units added in an open transaction are searchable
  std::vector<FuzzyMatch> out;
  check_lang(options.lang);
  if (!s.db || options.limit == 0 || !text::valid_utf8(sentence)) return out;
  const auto query_tokens = text::tokenize(sentence, /*punct=*/true);
  std::vector<std::string> words;
  {
    std::unordered_set<std::string> seen;
    for (const auto& t : query_tokens)
      if (t.kind != TokenKind::Punct && seen.insert(t.folded).second) words.push_back(t.folded);
  }
  if (words.empty()) return out;
  s.ensure_vocab();
  const bool by_source = options.lang.empty();

  // Document frequency of each word on the side(s) searched.
  struct Word {
    std::string w;
    int64_t df = 0;
  };
  std::vector<Word> ranked;
  {
    auto& st = s.stmt(
        "SELECT col, doc FROM temp.units_vocab WHERE term = ?");
    for (const auto& w : words) {
      sql::ResetGuard g(st);
      st.bind(1, w);
      int64_t df = 0;
      while (st.step())
        if (!by_source || st.text(0) == "src_text") df += st.int64(1);
      if (df > 0) ranked.push_back({w, df});
    }
  }
  if (ranked.empty()) return out;
  std::sort(ranked.begin(), ranked.end(),
            [](const Word& a, const Word& b) { return a.df < b.df || (a.df == b.df && a.w < b.w); });
  int64_t total_units = 1;
  {
    auto& st = s.stmt("SELECT coalesce(max(id), 1) FROM units");
    sql::ResetGuard g(st);
    if (st.step()) total_units = std::max<int64_t>(1, st.int64(0));
  }

  // Candidates: units sharing the rarest words, scored by summed idf.
  std::unordered_map<int64_t, float> score;
  {
    auto& st = s.stmt("SELECT rowid FROM units_fts WHERE units_fts MATCH ?");
    int64_t read = 0;
    size_t used = 0;
    for (const auto& w : ranked) {
      if (used >= kMaxQueryWords) break;
      if (used >= 1 && read + w.df > kPostingBudget) break;
      const float idf = static_cast<float>(std::log(1.0 + static_cast<double>(total_units) /
                                                    static_cast<double>(w.df)));
      sql::ResetGuard g(st);
      st.bind(1, (by_source ? "src_text : \"" : "\"") + w.w + "\"");
      while (st.step()) score[st.int64(0)] += idf;
      read += w.df;
      ++used;
    }
  }
  std::vector<std::pair<float, int64_t>> cands;
  cands.reserve(score.size());
  for (const auto& [id, sc] : score) cands.emplace_back(sc, id);
  const size_t keep = std::min(cands.size(), std::max(kMinCandidates, options.limit * 8));
  std::partial_sort(cands.begin(), cands.begin() + static_cast<std::ptrdiff_t>(keep), cands.end(),
                    [](const auto& a, const auto& b) {
                      return a.first > b.first || (a.first == b.first && a.second < b.second);
                    });
  cands.resize(keep);

  struct Scored {
    double percent;
    int64_t id;
    bool target;
  };
  std::vector<Scored> scored;
  {
    auto& st = s.stmt("SELECT src_lang, src_text, tgt_lang, tgt_text, status FROM units WHERE id = ?");
    for (const auto& [sc, id] : cands) {
      sql::ResetGuard g(st);
      st.bind(1, id);
      if (!st.step()) continue;
      if (!options.include_rejected && st.text(4) == "rejected") continue;
      bool target = false;
      if (!by_source) {
        if (text::lang_matches(st.text(0), options.lang))
          target = false;
        else if (text::lang_matches(st.text(2), options.lang))
          target = true;
        else
          continue;
      }
      std::string_view side = st.text(target ? 3 : 1);
      auto toks = text::tokenize(side, true);
      auto sim = similarity(toks, side, query_tokens, sentence, options.min_percent, false);
      if (sim.percent >= options.min_percent) scored.push_back({sim.percent, id, target});
    }
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    return a.percent > b.percent || (a.percent == b.percent && a.id < b.id);
  });
  if (scored.size() > options.limit) scored.resize(options.limit);
  for (const auto& c : scored) {
    auto unit = s.get(c.id);
    if (!unit) continue;
    FuzzyMatch m;
    const std::string& side = c.target ? unit->target.text : unit->source.text;
    auto sim = similarity(text::tokenize(side, true), side, query_tokens, sentence, 0, true);
    m.percent = sim.percent;
    m.matched_target = c.target;
    m.unit_diff = std::move(sim.a_diff);
    m.query_diff = std::move(sim.b_diff);
    m.unit = std::move(*unit);
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace alinea::tm
