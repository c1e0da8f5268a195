// Search on a PostgreSQL TM: concordance and fuzzy candidates from the GIN
// indexes over the folded texts (tsvector, 'simple' configuration), term
// units by a phrase of stem prefixes; the percentages, highlights and
// renderings come from the code SQLite's search shares (rerank.h,
// term_renderings.h).
#include <algorithm>
#include <unordered_set>

#include "tm/error.h"
#include "tm/store/pg/pg_store_impl.h"
#include "tm/store/query.h"
#include "tm/store/rerank.h"
#include "tm/store/term_renderings.h"
#include "tm/store/text.h"

namespace alinea::tm::pg {
namespace {

// The indexed expression of a side (units_src_words, units_tgt_words).
std::string words_of(const char* column) {
  return std::string("to_tsvector('simple', alinea_fold(u.") + column + "))";
}

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
  auto words = [&](const char* column) {
    std::string c = "(";
    c.append(words_of(column)).append(" @@ to_tsquery('simple', ").append(e).append(")");
    if (!x.empty()) c += " AND NOT " + words_of(column) + " @@ to_tsquery('simple', " + x + ")";
    return c + ")";
  };
  auto branch = [&](const char* side, const std::string& condition) {
    std::string b =
        std::string("SELECT u.id, ") + side + " AS side FROM units u WHERE " + condition + filters;
    if (window > 0) b = "(" + b + " ORDER BY u.id DESC LIMIT " + std::to_string(window) + ")";
    return b;
  };
  if (q.lang.empty())
    return branch("0", "(" + words("src_text") + " OR " + words("tgt_text") + ")");
  return branch("1", words("src_text") + " AND " + lang_condition("u.src_lang", q.lang)) +
         " UNION ALL " +
         branch("2", words("tgt_text") + " AND " + lang_condition("u.tgt_lang", q.lang));
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
  // Ranking costs PostgreSQL ~16 us a match (each side's tsvector is
  // computed again), so, as on SQLite, only the newest kRankWindow matches
  // are ranked. A common term's matches are looked for among the newest
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
      auto rank = [](const std::string& words) {
        return "ts_rank(" + words + ", to_tsquery('simple', $1))";
      };
      // Newest first orders the same window by when each unit last
      // changed, as SQLite does.
      const std::string score =
          newest ? std::string("0.0")
                 : "CASE m.side WHEN 1 THEN " + rank(words_of("src_text")) + " WHEN 2 THEN " +
                       rank(words_of("tgt_text")) + " ELSE " +
                       rank(words_of("src_text") + " || " + words_of("tgt_text")) + " END";
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
  for (const auto& f : found) {
    if (!seen.insert(f.id).second) continue;
    auto unit = get(f.id);
    if (!unit) continue;
    hits.push_back(
        rerank::concordance_hit(std::move(*unit), f.score, f.phrase, terms, phrase, q.lang));
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

namespace {

// A word in this many units or more is common, as on SQLite: its units are
// not read, only intersected with other words'.
constexpr double kCommonUnits = 1000;
constexpr std::size_t kGroupWords = 4;
constexpr int kPerGroup = 300;

}  // namespace

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
      "SELECT s.tablename = 'units_src_words', e.elem, e.share::float8 FROM pg_stats s "
      "JOIN pg_namespace n ON n.nspname = s.schemaname "
      "JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.tablename, "
      "unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(elem, share) "
      "WHERE c.oid IN ('units_src_words'::regclass, 'units_tgt_words'::regclass) "
      "AND e.elem IS NOT NULL");
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
  std::size_t content = 0;
  for (const auto& w : words) content += !text::is_stopword(w);
  const bool by_source = options.lang.empty();
  // Words are rare or common by the planner's statistics. Reading every
  // unit a common word is in (tens of thousands in a large TM) and ranking
  // them all cost hundreds of milliseconds a query: candidates come from
  // the rare words, and the common ones only weigh in the ranking; with no
  // rare word, from units holding the most specific common words together.
  const auto& stats = current_word_stats();
  auto units_with = [&](const std::string& w) {
    auto share = [&](const std::unordered_map<std::string, double>& m) {
      auto it = m.find(w);
      return it == m.end() ? 0.0 : it->second;
    };
    return stats.rows * (share(stats.src_share) + (by_source ? 0.0 : share(stats.tgt_share)));
  };
  std::string any, rare;
  std::vector<std::pair<double, std::string>> common;
  for (const auto& w : words) {
    if (content > 0 && text::is_stopword(w)) continue;  // function words find everything
    const std::string quoted = "'" + w + "'";
    any += (any.empty() ? "" : " | ") + quoted;
    const double n = units_with(w);
    if (n >= kCommonUnits)
      common.emplace_back(n, quoted);
    else
      rare += (rare.empty() ? "" : " | ") + quoted;
  }
  if (any.empty()) return out;
  auto matches = [&](const std::string& param) {
    std::string q = " @@ to_tsquery('simple', ";
    q.append(param).append(")");
    std::string condition = words_of("src_text") + q;
    if (by_source) return condition;
    // Appended piece by piece: GCC 12 sees a false overlap (-Wrestrict) in
    // "(" + a + b + ...
    condition.insert(0, "(");
    condition.append(" OR ").append(words_of("tgt_text")).append(q).append(")");
    return condition;
  };
  std::vector<Param> params = {any};
  std::string where;
  if (!rare.empty()) {
    params.push_back(rare);
    where = matches("$2");
  } else {
    // Groups of the most specific common words: all of them, then each
    // leaving one out (whichever changed, one group still finds the unit),
    // each its first units in id order (an index scan stops there).
    std::stable_sort(common.begin(), common.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    const std::size_t top = std::min(common.size(), kGroupWords);
    std::vector<std::vector<std::size_t>> groups;
    groups.emplace_back();
    for (std::size_t i = 0; i < top; ++i) groups.back().push_back(i);
    if (top >= 3)
      for (std::size_t skip = 0; skip < top; ++skip) {
        groups.emplace_back();
        for (std::size_t i = 0; i < top; ++i)
          if (i != skip) groups.back().push_back(i);
      }
    else if (top == 2)
      groups.push_back({0}), groups.push_back({1});
    std::string ids;
    for (const auto& group : groups) {
      std::string conj;
      for (std::size_t i : group) conj += (conj.empty() ? "" : " & ") + common[i].second;
      params.push_back(conj);
      ids += std::string(ids.empty() ? "" : " UNION ") + "(SELECT u.id FROM units u WHERE " +
             matches("$" + std::to_string(params.size())) + " LIMIT " + std::to_string(kPerGroup) +
             ")";
    }
    where = "u.id IN (" + ids + ")";
  }
  // Candidates: the units sharing the most (and rarest) words, by ts_rank
  // over the query's words; then the same re-ranking as SQLite's.
  const std::string vec = by_source
                              ? words_of("src_text")
                              : "(" + words_of("src_text") + " || " + words_of("tgt_text") + ")";
  const std::size_t keep = std::max<std::size_t>(40, options.limit * 8);
  const std::string sql =
      "SELECT u.id, u.src_lang, u.src_text, u.tgt_lang, u.tgt_text, u.status = 'rejected', "
      "u.pending <> 0 FROM units u WHERE " +
      where + " ORDER BY ts_rank(" + vec + ", to_tsquery('simple', $1)) DESC, u.id LIMIT " +
      std::to_string(keep);
  auto r = db->query(sql, params);
  std::vector<rerank::Candidate> texts;
  for (int i = 0; i < r.rows(); ++i)
    texts.push_back({r.int64(i, 0), r.str(i, 1), r.str(i, 2), r.str(i, 3), r.str(i, 4),
                     r.text(i, 5) == "t", r.text(i, 6) == "t"});
  for (const auto& [id, target] : rerank::fuzzy(texts, query_tokens, sentence, options)) {
    auto unit = get(id);
    if (!unit) continue;
    out.push_back(rerank::fuzzy_match(std::move(*unit), target, query_tokens, sentence));
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
  const std::string src_match = words_of("src_text") + " @@ to_tsquery('simple', $1)";
  const std::string tgt_match = words_of("tgt_text") + " @@ to_tsquery('simple', $1)";
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
                        words_of(target_side ? "tgt_text" : "src_text") +
                        " @@ to_tsquery('simple', $1) LIMIT $2) c",
                    {ts_phrase(phrase), num(cap)})
            .int64(0, 0);
      });
}

}  // namespace alinea::tm::pg
