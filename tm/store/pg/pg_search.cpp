// Search on a PostgreSQL TM: concordance and fuzzy candidates from the GIN
// indexes over each side's stored words (pg_words.h: SQLite's tokens, as
// tsvectors; queries are tsquery literals of the same folded words), term
// units by a phrase of stem prefixes; the percentages, highlights and
// renderings come from the code SQLite's search shares (rerank.h,
// term_renderings.h).
#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "tm/error.h"
#include "tm/store/fuzzy_candidates.h"
#include "tm/store/pg/pg_store_impl.h"
#include "tm/store/pg/pg_words.h"
#include "tm/store/query.h"
#include "tm/store/rerank.h"
#include "tm/store/term_renderings.h"
#include "tm/store/text.h"

namespace alinea::tm::pg {
namespace {

// A unit's stored words of one side, as an expression over units u.
std::string words_of(TextSide side) { return "u." + std::string(words_column(side)); }

// A tsquery for terms (ANDed): a term's words in sequence (<->), a prefix
// star as :*. Folded words hold only letters and digits; the quotes keep
// them literal all the same.
std::string tsquery(const std::vector<query::Term>& terms) {
  std::string q;
  for (const auto& t : terms) {
    if (!q.empty()) q += " & ";
    q += '(';
    for (std::size_t k = 0; k < t.words.size(); ++k) {
      if (k) q += " <-> ";
      q += '\'' + t.words[k] + '\'';
      if (t.prefix && k + 1 == t.words.size()) q += ":*";
    }
    q += ')';
  }
  return q;
}

void check_lang(const std::string& lang) {
  if (!lang.empty() && !text::valid_lang_tag(lang))
    throw Error("invalid language tag '" + lang + "'");
}

// SQL condition: the column's language tag matches `wanted` (validated:
// letters, digits and '-').
std::string lang_condition(const char* column, const std::string& wanted) {
  return std::string("(lower(") + column + ") = lower('" + wanted + "') OR " + column + " ILIKE '" +
         wanted + "-%')";
}

// Parameters of a statement, numbered as they are added.
struct Params {
  std::vector<Param> values;
  std::string add(Param p) {
    values.push_back(std::move(p));
    // Appended, not "$" + ...: GCC 12 sees overlapping copies there (a
    // false -Wrestrict).
    std::string ref = "$";
    return ref.append(std::to_string(values.size()));
  }
};

// The units matching a concordance query, as SQL selecting (id, side):
// units matching the tsquery `expr` (minus those matching
// `except`, unless empty), with the query's filters and an id above `above`
// (unless empty). Side 1 or 2 is where the words matched in the query's
// language, 0 either side. With a language each side is a branch of its
// own, so that each is answered from its word index alone: in one WHERE,
// "(source words AND source language) OR (target words AND ...)" makes
// PostgreSQL compute every match's tsvector again to check it. With a
// `window`, each branch keeps only its newest that many matches.
std::string matching_units(const ConcordanceQuery& q, const std::string& expr,
                           const std::string& except, const std::string& above, int64_t window,
                           Params& p) {
  const std::string e = p.add(expr);
  const std::string x = except.empty() ? std::string() : p.add(except);
  std::string filters;
  if (!q.include_rejected) filters += " AND u.status <> 'rejected'";
  if (!q.include_pending) filters += " AND u.pending = 0 AND u.src_text <> '' AND u.tgt_text <> ''";
  if (q.document)
    filters +=
        " AND u.document_id = (SELECT id FROM documents WHERE name = " + p.add(*q.document) + ")";
  if (!above.empty()) filters += " AND u.id > " + p.add(above);
  auto words = [&](TextSide side) {
    std::string c = "(";
    c.append(words_of(side)).append(" @@ ").append(e).append("::tsquery");
    if (!x.empty()) c += " AND NOT " + words_of(side) + " @@ " + x + "::tsquery";
    return c + ")";
  };
  auto branch = [&](const char* side, const std::string& condition) {
    std::string b =
        std::string("SELECT u.id, ") + side + " AS side FROM units u WHERE " + condition + filters;
    if (window > 0) b = "(" + b + " ORDER BY u.id DESC LIMIT " + std::to_string(window) + ")";
    return b;
  };
  if (q.lang.empty())
    return branch("0", "(" + words(TextSide::source) + " OR " + words(TextSide::target) + ")");
  return branch("1", words(TextSide::source) + " AND " + lang_condition("u.src_lang", q.lang)) +
         " UNION ALL " +
         branch("2", words(TextSide::target) + " AND " + lang_condition("u.tgt_lang", q.lang));
}

}  // namespace

std::vector<ConcordanceHit> PgStore::concordance(const ConcordanceQuery& q) {
  std::vector<ConcordanceHit> hits;
  check_lang(q.lang);
  const auto terms = query::parse(q.text);
  if (terms.empty() || q.limit == 0) return hits;
  const bool newest = q.order == ConcordanceQuery::Order::Newest;
  const int64_t limit = static_cast<int64_t>(std::min<size_t>(q.limit, 1u << 30));
  const std::optional<query::Term> phrase = query::as_phrase(terms);
  // Ranking costs PostgreSQL ~3 us a match (ts_rank over the stored
  // words, read from the heap), so, as on SQLite, only the newest
  // kRankWindow matches are ranked. A common term's matches are looked for among the newest
  // units first (an id range, which the planner ANDs with the word index),
  // sized from its share of the units and widened until the window is full
  // or the range holds every unit: the heap is read for about the window,
  // not for every match. Below kRankWindow matches the order is exact.
  constexpr int64_t kRankWindow = 1000;
  auto ranked = [&](const std::vector<query::Term>& match, const std::string& except, int64_t n) {
    const std::string expr = tsquery(match);
    const double share = match_share(match);
    const double expected = share * current_word_stats().rows;
    const int64_t last_id =
        expected > 2 * kRankWindow ? db->query("SELECT max(id) FROM units").int64(0, 0) : 0;
    double span = expected > 2 * kRankWindow ? 1.5 * kRankWindow / share : 0;
    for (;;) {
      const bool whole = span <= 0 || span >= static_cast<double>(last_id);
      Params p;
      const std::string units = matching_units(
          q, expr, except, whole ? "" : num(last_id - static_cast<int64_t>(span)), kRankWindow, p);
      // ts_rank over the matched side (both without a language) stands for
      // SQLite's BM25: the same hits, ranked by another formula.
      auto rank = [](const std::string& words) { return "ts_rank(" + words + ", $1::tsquery)"; };
      // Newest first orders the same window by when each unit last
      // changed, as SQLite does.
      const std::string score =
          newest
              ? std::string("0.0")
              : "CASE m.side WHEN 1 THEN " + rank(words_of(TextSide::source)) + " WHEN 2 THEN " +
                    rank(words_of(TextSide::target)) + " ELSE " +
                    rank(words_of(TextSide::source) + " || " + words_of(TextSide::target)) + " END";
      const std::string sql =
          "WITH m AS MATERIALIZED (SELECT id, side FROM (" + units + ") b ORDER BY id DESC LIMIT " +
          std::to_string(kRankWindow) + ") SELECT u.id, " + score +
          " AS score, count(*) OVER () FROM m JOIN units u ON u.id = m.id ORDER BY " +
          (newest ? "u.changed_at DESC" : "score DESC") + ", u.id DESC LIMIT " + std::to_string(n);
      auto r = db->query(sql, p.values);
      if (whole || (r.rows() > 0 && r.int64(0, 2) >= kRankWindow)) return r;
      span *= 4;
    }
  };
  struct Found {
    int64_t id;
    double score;
    std::optional<bool> phrase;
  };
  std::vector<Found> found;
  if (phrase && !newest && !q.words) {
    const std::string pexpr = tsquery({*phrase});
    auto first = ranked({*phrase}, "", limit);
    for (int i = 0; i < first.rows(); ++i)
      found.push_back({first.int64(i, 0), first.real(i, 1), true});
    const int64_t rest = limit - static_cast<int64_t>(found.size());
    if (rest > 0) {
      auto more = ranked(terms, pexpr, rest);
      for (int i = 0; i < more.rows(); ++i)
        found.push_back({more.int64(i, 0), more.real(i, 1), false});
    }
  } else {
    auto r = ranked(terms, "", limit);
    for (int i = 0; i < r.rows(); ++i)
      found.push_back({r.int64(i, 0), r.real(i, 1),
                       phrase ? std::nullopt : std::optional<bool>(terms.size() == 1)});
  }
  // A unit in the query's language on both sides is found by both branches.
  std::unordered_set<int64_t> seen;
  std::vector<int64_t> ids;
  std::unordered_map<int64_t, const Found*> first;
  for (const auto& f : found)
    if (seen.insert(f.id).second) {
      ids.push_back(f.id);
      first[f.id] = &f;
    }
  for (auto& unit : get_many(ids)) {
    const Found& f = *first.at(unit.id);
    hits.push_back(
        rerank::concordance_hit(std::move(unit), f.score, f.phrase, terms, phrase, q.lang));
  }
  return hits;
}

ConcordanceCount PgStore::concordance_count(const ConcordanceQuery& q, int64_t cap) {
  ConcordanceCount c;
  check_lang(q.lang);
  const auto terms = query::parse(q.text);
  if (terms.empty()) return c;
  auto count = [&](const std::string& expr) {
    Params p;
    const std::string sql = "SELECT count(*) FROM (SELECT DISTINCT id FROM (" +
                            matching_units(q, expr, "", "", 0, p) + ") m" +
                            (cap > 0 ? " LIMIT " + std::to_string(cap) : std::string()) + ") c";
    return db->query(sql, p.values).int64(0, 0);
  };
  c.units = count(tsquery(terms));
  c.capped = cap > 0 && c.units >= cap;
  if (auto phrase = query::as_phrase(terms))
    c.phrase = c.units == 0 ? 0 : count(tsquery({*phrase}));
  else
    c.phrase = terms.size() == 1 ? c.units : 0;
  return c;
}

const PgStore::WordStats& PgStore::current_word_stats() {
  const auto now = std::chrono::steady_clock::now();
  if (word_stats.read && now - word_stats.read_at < std::chrono::minutes(1)) return word_stats;
  WordStats fresh;
  fresh.read = true;
  fresh.read_at = now;
  // reltuples is -1 before the first ANALYZE: then no word is common.
  fresh.rows = std::max(
      0.0,
      db->query("SELECT reltuples::float8 FROM pg_class WHERE oid = 'units'::regclass").real(0, 0));
  // most_common_elem_freqs ends with three more numbers (the least and the
  // largest share, and the share of empty vectors) that have no element:
  // unnest pads the elements with NULLs there.
  auto r = db->query(
      "SELECT s.attname = $1, e.elem, e.share::float8 FROM pg_stats s, "
      "unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(elem, share) "
      "WHERE s.schemaname = current_schema() AND s.tablename = 'units' "
      "AND s.attname IN ($1, $2) AND e.elem IS NOT NULL",
      {std::string(words_column(TextSide::source)), std::string(words_column(TextSide::target))});
  for (int i = 0; i < r.rows(); ++i)
    (r.text(i, 0) == "t" ? fresh.src_share : fresh.tgt_share)[r.str(i, 1)] = r.real(i, 2);
  word_stats = std::move(fresh);
  return word_stats;
}

double PgStore::match_share(const std::vector<query::Term>& terms) {
  const WordStats& stats = current_word_stats();
  auto word_share = [&](const std::string& word, bool prefix) {
    double most = 0;
    for (const auto* shares : {&stats.src_share, &stats.tgt_share}) {
      double share = 0;
      if (!prefix) {
        if (auto it = shares->find(word); it != shares->end()) share = it->second;
      } else {
        for (const auto& [w, s] : *shares)
          if (w.compare(0, word.size(), word) == 0) share += s;
      }
      most = std::max(most, std::min(share, 1.0));
    }
    return most;
  };
  double least = 1;
  for (const auto& t : terms)
    for (std::size_t k = 0; k < t.words.size(); ++k)
      least = std::min(least, word_share(t.words[k], t.prefix && k + 1 == t.words.size()));
  return terms.empty() ? 0 : least;
}

namespace {

// The candidate words of a fuzzy match (candidate_words.h) from the GIN
// word indexes. Every lookup returns ids only: nothing computes a unit's
// tsvector again (ranking the matches of a query's words with ts_rank did,
// for every unit holding any of them, and cost a query from 25 to 75 ms
// on a TM of 20,000 units). A key is the folded word behind a letter
// saying where it is looked for: S the source text, B either text.
class PgCandidateWords final : public CandidateWords {
 public:
  PgCandidateWords(Connection& db, const PgStore::WordStats& stats) : db_(db), stats_(stats) {}

  std::string key(const std::string& folded, bool source_only) const override {
    return (source_only ? "S" : "B") + folded;
  }

  // One query for every word: its first `cap` units, ids only, unless the
  // planner's statistics put it in over 1.5 times `cap` units. Reading a
  // common word's first `cap` units costs a visit to each one's row (GIN
  // holds no ids of its own), 600-900 pages a word on a TM of a million;
  // the statistics' shares come from a sample of 30,000 rows, where a word
  // in 1,000 units of a million is expected 30 times and is put in 1,500
  // (45 times) a few times in a thousand.
  void prepare(const std::vector<std::string>& words, int64_t cap) override {
    Params p;
    std::string sql;
    std::vector<std::string> asked;
    for (const auto& w : words) {
      if (units_.count(w) || estimated_units(w) > 1.5 * static_cast<double>(cap)) continue;
      if (!sql.empty()) sql += " UNION ALL ";
      const std::string ref = p.add(text_of(w));
      sql.append("(SELECT ")
          .append(std::to_string(asked.size()))
          .append(", u.id FROM units u WHERE ")
          .append(matches(w, ref))
          .append(" LIMIT ")
          .append(std::to_string(cap))
          .append(")");
      asked.push_back(w);
      units_[w];
    }
    if (asked.empty()) return;
    auto r = db_.query(sql, p.values);
    for (int i = 0; i < r.rows(); ++i)
      units_[asked[static_cast<std::size_t>(r.int64(i, 0))]].push_back(r.int64(i, 1));
    for (const auto& w : asked) {
      auto& ids = units_[w];
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      complete_[w] = static_cast<int64_t>(ids.size()) < cap;
    }
  }

  int64_t units_with(const std::string& word, int64_t cap) override {
    prepare({word}, cap);
    auto it = units_.find(word);
    if (it == units_.end()) return cap;  // common by the statistics
    return std::min<int64_t>(cap, static_cast<int64_t>(it->second.size()));
  }

  void each_unit_with(const std::string& word, const std::function<void(int64_t)>& fn) override {
    auto it = units_.find(word);
    if (it == units_.end() || !complete_[word]) {
      units_[word] =
          sorted_ids("SELECT u.id FROM units u WHERE " + matches(word, "$1"), {text_of(word)});
      complete_[word] = true;
      it = units_.find(word);
    }
    for (int64_t id : it->second) fn(id);
  }

  // One query: for each word, the units holding it and one of the anchors
  // (GIN intersects the lists, skipping along the common word's).
  void each_unit_with_any(const std::vector<std::string>& anchors,
                          const std::vector<std::string>& words,
                          const std::function<void(int64_t, uint64_t)>& fn) override {
    if (anchors.empty() || words.empty()) return;
    const std::string any = "(" + tsquery_of(anchors, " | ") + ")";
    Params p;
    std::string sql;
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (i) sql += " UNION ALL ";
      const std::string ref = p.add(any + " & " + tsquery_of({words[i]}, ""));
      sql.append("SELECT u.id, ")
          .append(std::to_string(i))
          .append(" FROM units u WHERE ")
          .append(matches(words[i], ref));
    }
    auto r = db_.query(sql, p.values);
    std::map<int64_t, uint64_t> masks;
    for (int i = 0; i < r.rows(); ++i) masks[r.int64(i, 0)] |= uint64_t{1} << r.int64(i, 1);
    for (const auto& [id, mask] : masks) fn(id, mask);
  }

  // The first in the table's order (a bitmap scan's, which is id order for
  // units never rewritten): ORDER BY id would make PostgreSQL walk the
  // primary key and compute every unit's tsvector instead.
  void first_units_with_all(const std::vector<std::string>& words, int64_t limit,
                            const std::function<void(int64_t)>& fn) override {
    if (words.empty()) return;
    for (int64_t id : sorted_ids("SELECT u.id FROM units u WHERE " + matches(words[0], "$1") +
                                     " LIMIT " + std::to_string(limit),
                                 {tsquery_of(words, " & ")}))
      fn(id);
  }

 private:
  static std::string text_of(const std::string& key) { return key.substr(1); }

  // The keys' words as a tsquery, quoted, with `op` between them.
  static std::string tsquery_of(const std::vector<std::string>& keys, const char* op) {
    std::string q;
    for (const auto& k : keys) {
      if (!q.empty()) q.append(op);
      q.append("'").append(text_of(k)).append("'");
    }
    return q;
  }

  // The condition that a unit's words match the tsquery in `param`, in
  // the texts `key` says.
  static std::string matches(const std::string& key, const std::string& param) {
    std::string q = " @@ ";
    q.append(param).append("::tsquery");
    std::string condition = words_of(TextSide::source);
    condition.append(q);
    if (key[0] == 'S') return condition;
    // Appended piece by piece: GCC 12 sees a false overlap (-Wrestrict) in
    // "(" + a + b + ...
    condition.insert(0, "(");
    condition.append(" OR ").append(words_of(TextSide::target)).append(q).append(")");
    return condition;
  }

  double estimated_units(const std::string& key) const {
    auto share = [&](const std::unordered_map<std::string, double>& m) {
      auto it = m.find(text_of(key));
      return it == m.end() ? 0.0 : it->second;
    };
    return stats_.rows *
           (share(stats_.src_share) + (key[0] == 'S' ? 0.0 : share(stats_.tgt_share)));
  }

  std::vector<int64_t> sorted_ids(const std::string& sql, const std::vector<Param>& params) {
    auto r = db_.query(sql, params);
    std::vector<int64_t> ids;
    ids.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) ids.push_back(r.int64(i, 0));
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
  }

  Connection& db_;
  const PgStore::WordStats& stats_;
  // Units looked up for each word (prepare), sorted; complete when they
  // are all of them, not the first `cap`.
  std::unordered_map<std::string, std::vector<int64_t>> units_;
  std::unordered_map<std::string, bool> complete_;
};

constexpr std::size_t kMinCandidates = 40;

}  // namespace

std::vector<FuzzyMatch> PgStore::fuzzy_match(std::string_view sentence,
                                             const FuzzyOptions& options) {
  std::vector<FuzzyMatch> out;
  check_lang(options.lang);
  if (options.limit == 0 || !text::valid_utf8(sentence)) return out;
  const auto query_tokens = text::tokenize(sentence, /*punct=*/true);
  std::vector<std::string> words;
  {
    std::unordered_set<std::string> seen;
    for (const auto& t : query_tokens)
      if (t.kind != text::TokenKind::Punct && seen.insert(t.folded).second)
        words.push_back(t.folded);
  }
  if (words.empty()) return out;
  // The same candidates as SQLite's (fuzzy_candidates.h), then the same
  // re-ranking: the percentages are the same on both backends.
  const int64_t total_units =
      std::max<int64_t>(1, db->query("SELECT coalesce(max(id), 1) FROM units").int64(0, 0));
  PgCandidateWords index(*db, current_word_stats());
  const std::vector<int64_t> ids = fuzzy_candidates(index, words, options.lang.empty(), total_units,
                                                    std::max(kMinCandidates, options.limit * 8));
  if (ids.empty()) return out;
  auto r = db->query(
      "SELECT u.id, u.src_lang, u.src_text, u.tgt_lang, u.tgt_text, u.status = 'rejected', "
      "u.pending <> 0 FROM units u WHERE u.id = ANY($1::bigint[])",
      {num_array(ids)});
  std::unordered_map<int64_t, int> row_of;
  for (int i = 0; i < r.rows(); ++i) row_of[r.int64(i, 0)] = i;
  std::vector<rerank::Candidate> texts;
  texts.reserve(ids.size());
  for (const int64_t id : ids) {  // best first, as fuzzy_candidates gave them
    auto it = row_of.find(id);
    if (it == row_of.end()) continue;
    const int i = it->second;
    texts.push_back({id, r.str(i, 1), r.str(i, 2), r.str(i, 3), r.str(i, 4), r.text(i, 5) == "t",
                     r.text(i, 6) == "t"});
  }
  const auto ranked = rerank::fuzzy(texts, query_tokens, sentence, options);
  std::vector<int64_t> best;
  std::unordered_map<int64_t, std::size_t> target_of;
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    best.push_back(ranked[i].first);
    target_of[ranked[i].first] = i;
  }
  for (auto& unit : get_many(best)) {
    const auto& target = ranked[target_of.at(unit.id)].second;
    out.push_back(rerank::fuzzy_match(std::move(unit), target, query_tokens, sentence));
  }
  return out;
}

namespace {

std::string ts_phrase(const std::vector<terms::PhraseWord>& phrase) {
  std::string q;
  for (const auto& w : phrase) {
    if (!q.empty()) q += " <-> ";
    q += '\'' + w.text + '\'' + (w.prefix ? ":*" : "");
  }
  return q;
}

}  // namespace

std::vector<TermRendering> PgStore::term_variants(std::string_view term,
                                                  const TermOptions& options) {
  terms::TermSearch search(term, options);
  if (search.empty()) return {};
  // 1. Units whose term-language side may contain the term, in id order,
  // a page at a time until enough hold it. PostgreSQL, left to itself,
  // walks the ids in order and computes each unit's words to check it
  // (about 1 s a page for a word in 2% of a million units); unless the
  // word is that common, its matches are listed from the word indexes
  // once (70 ms for that word) and read by id a page at a time. Past about
  // 100,000 matches the walk finds a page sooner than the indexes list
  // them all.
  const std::string phrase = ts_phrase(search.candidate_phrase());
  const std::string src_match = words_of(TextSide::source) + " @@ $1::tsquery";
  const std::string tgt_match = words_of(TextSide::target) + " @@ $1::tsquery";
  const std::string columns =
      "SELECT u.id, coalesce(d.name, ''), u.src_lang, u.src_text, u.tgt_lang, u.tgt_text, "
      "u.status = 'rejected', u.pending <> 0 FROM units u LEFT JOIN documents d ON d.id = "
      "u.document_id WHERE ";
  constexpr int kPage = 1000;
  auto offer = [&](const Result& r) {
    for (int i = 0; i < r.rows() && !search.full(); ++i)
      search.offer({r.int64(i, 0), r.str(i, 1), r.str(i, 2), r.str(i, 3), r.str(i, 4), r.str(i, 5),
                    r.text(i, 6) == "t", r.text(i, 7) == "t"});
  };
  std::vector<query::Term> words;
  for (const auto& w : search.candidate_phrase()) words.push_back({{w.text}, w.prefix});
  constexpr double kIndexedMatches = 100000;
  if (match_share(words) * current_word_stats().rows < kIndexedMatches) {
    auto listed = db->query("SELECT id FROM units u WHERE " + src_match +
                                " UNION SELECT id FROM units u WHERE " + tgt_match + " ORDER BY 1",
                            {phrase});
    std::vector<int64_t> ids;
    for (int i = 0; i < listed.rows(); ++i) ids.push_back(listed.int64(i, 0));
    for (std::size_t at = 0; at < ids.size() && !search.full(); at += kPage) {
      const std::vector<int64_t> page(
          ids.begin() + static_cast<std::ptrdiff_t>(at),
          ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), at + kPage)));
      offer(db->query(columns + "u.id = ANY($1::bigint[]) ORDER BY u.id", {num_array(page)}));
    }
  } else {
    const std::string walk = columns + "(" + src_match + " OR " + tgt_match +
                             ") AND u.id > $2 ORDER BY u.id LIMIT " + std::to_string(kPage);
    for (int64_t after = 0; !search.full();) {
      auto r = db->query(walk, {phrase, num(after)});
      offer(r);
      if (r.rows() < kPage) break;
      after = r.int64(r.rows() - 1, 0);
    }
  }
  if (!search.found()) return {};
  // 2. A sample of the TM spread evenly over its ids.
  const int64_t max_id = db->query("SELECT coalesce(max(id), 0) FROM units").int64(0, 0);
  if (options.background_units > 0) {
    const int64_t stride =
        std::max<int64_t>(1, max_id / static_cast<int64_t>(options.background_units));
    // Looked up by id (ids 1, 1 + stride, ...), not by reading the table.
    auto r = db->query(
        "SELECT id, src_lang, src_text, tgt_lang, tgt_text FROM units WHERE id = "
        "ANY(ARRAY(SELECT generate_series(1, $2::bigint, $1::bigint))) AND pending = 0 ORDER BY id",
        {num(stride), num(max_id)});
    for (int i = 0; i < r.rows(); ++i) {
      const int64_t id = r.int64(i, 0);
      if (search.has_row(id)) continue;
      search.train_on({id, {}, r.str(i, 1), r.str(i, 2), r.str(i, 3), r.str(i, 4)});
    }
  }
  // 3. Units holding a rendering's words on its side.
  return search.renderings(
      max_id, [&](bool target_side, const std::vector<terms::PhraseWord>& phrase, int64_t cap) {
        return db
            ->query("SELECT count(*) FROM (SELECT 1 FROM units u WHERE " +
                        words_of(target_side ? TextSide::target : TextSide::source) +
                        " @@ $1::tsquery LIMIT $2) c",
                    {ts_phrase(phrase), num(cap)})
            .int64(0, 0);
      });
}

}  // namespace alinea::tm::pg
