// Term variants: how a term is rendered across the TM. The units whose
// term-language side contains the term are collected; the n-grams of their
// other side are scored against the rest of the TM (Dice and Dunning's
// log-likelihood), then each unit is credited to the best-scoring rendering
// it contains, so counts add up to the number of units.
#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "tm/error.h"
#include "tm/store/query.h"
#include "tm/store/store_impl.h"
#include "tm/store/text.h"

namespace alinea::tm {
namespace {

// Whether the byte range sits in parentheses, allowing emphasis marks and
// quotes around it: "(toma de terreno)", "(*toma de terreno*)".
bool is_number(std::string_view word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == ',';
  });
}

bool inside_parentheses(std::string_view text, ByteRange range) {
  auto skippable = [](char c) { return c == ' ' || c == '*' || c == '_' || c == '"' || c == '\''; };
  size_t before = range.begin;
  while (before > 0 && skippable(text[before - 1])) --before;
  size_t after = range.end;
  while (after < text.size() && skippable(text[after])) ++after;
  return before > 0 && text[before - 1] == '(' && after < text.size() && text[after] == ')';
}

// Hash of the n-gram of folded words [from, from + n): n-grams are counted by
// hash so that twenty thousand units do not build millions of strings.
uint64_t gram_hash(const std::vector<uint64_t>& word_hashes, size_t from, size_t n) {
  uint64_t h = 0x51ed270b27c8a1f5ULL ^ n;
  for (size_t i = 0; i < n; ++i) h = (h ^ word_hashes[from + i]) * 0x9E3779B97F4A7C15ULL;
  return h ^ (h >> 29);
}

std::vector<uint64_t> word_hashes(const std::vector<text::Token>& tokens) {
  std::vector<uint64_t> out;
  out.reserve(tokens.size());
  for (const auto& t : tokens) out.push_back(text::hash64(t.folded));
  return out;
}

std::string join(const std::vector<std::string>& words, size_t from, size_t n) {
  std::string k;
  for (size_t i = 0; i < n; ++i) {
    if (i) k += ' ';
    k += words[from + i];
  }
  return k;
}

// Dunning's G2 for a 2x2 contingency table.
double log_likelihood(double k11, double k12, double k21, double k22) {
  auto h = [](std::initializer_list<double> ks) {
    double total = 0, sum = 0;
    for (double k : ks) total += k;
    for (double k : ks)
      if (k > 0) sum += k * std::log(k / total);
    return sum;
  };
  double g = 2 * (h({k11, k12, k21, k22}) - h({k11 + k12, k21 + k22}) - h({k11 + k21, k12 + k22}));
  return std::max(0.0, g);
}

struct UnitRow {
  int64_t id;
  std::string document;
  std::string term_text, other_text;
  ByteRange term_range;
  std::vector<uint64_t> grams;  // hashes of the other side's n-grams, sorted
  bool untranslated = false;
  bool other_is_target = true;
};

constexpr size_t kMaxUnits = 20000;     // units read for one term
constexpr size_t kMaxCandidates = 150;  // renderings whose TM frequency is looked up

}  // namespace

std::vector<TermRendering> Store::term_variants(std::string_view term,
                                                const TermOptions& options) const {
  auto& s = *impl_;
  s.flush_fts();  // units added in an open transaction are searchable
  std::vector<TermRendering> out;
  if (!options.lang.empty() && !text::valid_lang_tag(options.lang))
    throw Error("invalid language tag '" + options.lang + "'");
  if (!s.db || !text::valid_utf8(term)) return out;
  query::Term qt;
  for (auto& t : text::tokenize(term)) qt.words.push_back(std::move(t.folded));
  if (qt.words.empty()) return out;
  const std::vector<query::Term> terms{qt};
  const std::string phrase = query::fts_expression(terms);
  const size_t max_ngram = std::max<size_t>(1, options.max_ngram);
  auto hash_words = [](const std::vector<std::string>& words) {
    std::vector<uint64_t> h;
    for (const auto& w : words) h.push_back(text::hash64(w));
    return gram_hash(h, 0, h.size());
  };
  const uint64_t term_key = hash_words(qt.words);
  std::unordered_set<uint64_t> lexicon_keys;
  if (options.lexicon) {
    for (const auto& cand : options.lexicon(term)) {
      std::vector<std::string> w;
      for (auto& t : text::tokenize(cand)) w.push_back(std::move(t.folded));
      if (!w.empty() && w.size() <= max_ngram) lexicon_keys.insert(hash_words(w));
    }
  }

  // 1. Units whose term-language side contains the term, and the n-grams of
  // their other side with the number of units that have each (joint).
  struct Seen {
    Seen(size_t r, size_t p, size_t n) : row(r), pos(p), words(n) {}
    size_t row, pos, words;  // where an n-gram was first seen
  };
  std::unordered_map<uint64_t, Seen> first_seen;
  std::unordered_map<uint64_t, int64_t> joint;
  // N-grams that end right before a gloss of the term ("popular power
  // (poder popular)"): translators gloss the original beside its rendering.
  std::unordered_set<uint64_t> before_gloss;
  std::vector<UnitRow> rows;
  const bool term_has_digit =
      std::any_of(term.begin(), term.end(), [](char c) { return c >= '0' && c <= '9'; });
  {
    sql::Statement st(
        *s.db,
        "SELECT u.id, coalesce(d.name, ''), u.src_lang, u.src_text, u.tgt_lang, "
        "u.tgt_text, u.status, u.pending FROM units_fts JOIN units u ON u.id = units_fts.rowid "
        "LEFT JOIN documents d ON d.id = u.document_id WHERE units_fts MATCH ? "
        "ORDER BY u.id");
    st.bind(1, phrase);
    while (st.step() && rows.size() < kMaxUnits) {
      if (!options.include_rejected && st.text(6) == "rejected") continue;
      if (!options.include_pending && st.int64(7) != 0) continue;
      if (st.text(3).empty() || st.text(5).empty()) continue;  // an omission
      const bool src_is_term = text::lang_matches(st.text(2), options.lang);
      const bool tgt_is_term = !src_is_term && text::lang_matches(st.text(4), options.lang);
      if (!src_is_term && !tgt_is_term) continue;
      UnitRow r;
      r.id = st.int64(0);
      r.document = st.str(1);
      r.term_text = st.str(src_is_term ? 3 : 5);
      r.other_text = st.str(src_is_term ? 5 : 3);
      r.other_is_target = src_is_term;
      auto hl = query::highlight(r.term_text, terms);
      if (hl.empty()) continue;  // the match was on the other side
      r.term_range = hl.front();
      const auto tokens = text::tokenize(r.other_text);
      // "the land takeover (toma de terreno)": a translator's gloss of the
      // original term beside a rendering is not the term left untranslated.
      bool only_glosses = true, any = false;
      std::vector<ByteRange> glosses;
      for (const ByteRange& br : query::highlight(r.other_text, terms)) {
        any = true;
        if (inside_parentheses(r.other_text, br))
          glosses.push_back(br);
        else
          only_glosses = false;
      }
      r.untranslated = any && !only_glosses;
      auto in_gloss = [&glosses](const text::Token& t) {
        for (const ByteRange& g : glosses)
          if (t.begin < g.end && g.begin < t.end) return true;
        return false;
      };
      const auto hashes = word_hashes(tokens);
      for (size_t n = 1; n <= max_ngram; ++n) {
        for (size_t i = 0; i + n <= tokens.size(); ++i) {
          const uint64_t h = gram_hash(hashes, i, n);
          // Function words cannot open or close a rendering: "the people's
          // power" and "people's" are trimmed to "people's power" by this
          // rule alone.
          if (!lexicon_keys.count(h) &&
              (text::is_stopword(tokens[i].folded) || text::is_stopword(tokens[i + n - 1].folded)))
            continue;
          if (!glosses.empty() && i + n < tokens.size() && in_gloss(tokens[i + n]) &&
              !in_gloss(tokens[i + n - 1]))
            before_gloss.insert(h);
          // The gloss itself is not a rendering.
          if (!glosses.empty() && (in_gloss(tokens[i]) || in_gloss(tokens[i + n - 1]))) continue;
          // Nor can numbers ("1970 she took part"), unless the term has one.
          if (!term_has_digit &&
              (is_number(tokens[i].folded) || is_number(tokens[i + n - 1].folded)))
            continue;
          if (h == term_key) continue;
          r.grams.push_back(h);
          auto [it, fresh] = first_seen.try_emplace(h, rows.size(), i, n);
          (void)it;
          (void)fresh;
        }
      }
      std::sort(r.grams.begin(), r.grams.end());
      r.grams.erase(std::unique(r.grams.begin(), r.grams.end()), r.grams.end());
      for (uint64_t h : r.grams) ++joint[h];
      rows.push_back(std::move(r));
    }
  }
  if (rows.empty()) return out;
  const double n_term = static_cast<double>(rows.size());
  double n_total = 1;
  {
    auto& st = s.stmt("SELECT coalesce(max(id), 1) FROM units");
    sql::ResetGuard g(st);
    if (st.step()) n_total = std::max<double>(n_total, static_cast<double>(st.int64(0)));
  }
  n_total = std::max(n_total, n_term);

  // 2. Candidate renderings: the most frequent n-grams, lexicon ones first.
  std::vector<std::pair<uint64_t, int64_t>> cands(joint.begin(), joint.end());
  std::sort(cands.begin(), cands.end(), [&](const auto& a, const auto& b) {
    const bool la = lexicon_keys.count(a.first), lb = lexicon_keys.count(b.first);
    if (la != lb) return la;
    return a.second > b.second || (a.second == b.second && a.first < b.first);
  });
  if (cands.size() > kMaxCandidates) cands.resize(kMaxCandidates);

  // 3. Association with the term, from each candidate's frequency in the TM.
  struct Cand {
    uint64_t hash;
    std::string key;  // folded words, space-separated
    int64_t joint;
    double dice, g2;
    size_t words;
    bool lexicon;
    bool before_gloss;
  };
  std::vector<Cand> scored;
  {
    // Frequencies on the side where the renderings live (most units keep the
    // term's language on the same side).
    size_t other_is_target = 0;
    for (const auto& r : rows) other_is_target += r.other_is_target;
    const std::string column = other_is_target * 2 >= rows.size() ? "tgt_text : " : "src_text : ";
    // Counted up to a cap: past a few times the term's own frequency the
    // exact figure no longer changes which renderings win, and counting all
    // of a word like "file" in a big TM would dominate the time.
    const int64_t cap = std::max<int64_t>(2000, 4 * static_cast<int64_t>(rows.size()));
    auto& st =
        s.stmt("SELECT count(*) FROM (SELECT 1 FROM units_fts WHERE units_fts MATCH ? LIMIT ?)");
    for (const auto& [hash, a] : cands) {
      // The folded words, from the unit where the n-gram was first seen.
      const Seen& seen = first_seen.at(hash);
      const auto tokens = text::tokenize(rows[seen.row].other_text);
      std::vector<std::string> w;
      for (size_t k = 0; k < seen.words; ++k) w.push_back(tokens[seen.pos + k].folded);
      const std::string key = join(w, 0, w.size());
      query::Term t{w, false};
      sql::ResetGuard g(st);
      st.bind(1, column + query::fts_expression({t}));
      st.bind(2, cap);
      st.step();
      const double f = std::max<double>(static_cast<double>(a), static_cast<double>(st.int64(0)));
      const double k11 = static_cast<double>(a);
      const double dice = 2 * k11 / (n_term + f);
      const double g2 =
          log_likelihood(k11, n_term - k11, f - k11, std::max(0.0, n_total - n_term - f + k11));
      scored.push_back({hash, key, a, dice, g2, w.size(), lexicon_keys.count(hash) > 0,
                        before_gloss.count(hash) > 0});
    }
  }
  // A glossed rendering as long as the term's content is the surest sign.
  size_t term_words = 0;
  for (const auto& t : text::tokenize(term))
    if (!text::is_stopword(t.folded)) ++term_words;
  auto glossed = [term_words](const Cand& c) {
    return c.before_gloss && c.words >= term_words && c.words <= term_words + 1;
  };
  std::sort(scored.begin(), scored.end(), [&glossed, term_words](const Cand& a, const Cand& b) {
    if (glossed(a) != glossed(b)) return glossed(a);
    if (glossed(a) && (a.words == term_words) != (b.words == term_words))
      return a.words == term_words;
    if (a.lexicon != b.lexicon) return a.lexicon;
    if (std::abs(a.dice - b.dice) > 1e-9) return a.dice > b.dice;
    if (a.words != b.words) return a.words > b.words;
    return a.key < b.key;
  });

  // 4. Credit each unit to one rendering: untranslated first, then the
  // best-associated candidate it contains. A candidate inside a longer one
  // that is nearly as well associated ("power" in "people's power") waits
  // for a second pass, so the fuller rendering is credited first.
  std::vector<bool> subsumed(scored.size(), false);
  for (size_t c = 0; c < scored.size(); ++c) {
    const std::string inner = " " + scored[c].key + " ";
    for (size_t d = 0; d < scored.size() && !subsumed[c]; ++d) {
      if (scored[d].words <= scored[c].words) continue;
      if (scored[d].joint < std::max<int64_t>(2, (scored[c].joint + 1) / 2)) continue;
      if (scored[d].dice < 0.5 * scored[c].dice) continue;
      if ((" " + scored[d].key + " ").find(inner) != std::string::npos) subsumed[c] = true;
    }
  }
  std::vector<int> assigned(rows.size(), -1);  // -2 untranslated
  for (size_t i = 0; i < rows.size(); ++i)
    if (rows[i].untranslated) assigned[i] = -2;
  constexpr double kMinDice = 0.05;
  std::vector<size_t> accepted;
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t c = 0; c < scored.size(); ++c) {
      if (!scored[c].lexicon && scored[c].dice < kMinDice) continue;
      if (pass == 0 && subsumed[c]) continue;
      bool any = false;
      for (size_t i = 0; i < rows.size(); ++i) {
        if (assigned[i] != -1 ||
            !std::binary_search(rows[i].grams.begin(), rows[i].grams.end(), scored[c].hash))
          continue;
        assigned[i] = static_cast<int>(c);
        any = true;
      }
      if (any) accepted.push_back(c);
    }
  }

  auto fill = [&](TermRendering& r, int tag) {
    std::map<std::string, int64_t> docs;
    std::map<std::string, int64_t> surfaces;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (assigned[i] != tag) continue;
      ++r.count;
      ++docs[rows[i].document];
      if (r.example_id == 0) {
        r.example_id = rows[i].id;
        r.example_source = rows[i].term_text;
        r.example_target = rows[i].other_text;
        r.example_term = rows[i].term_range;
      }
      if (tag >= 0) {
        // Where the rendering sits in this unit's other side.
        const auto& cand = scored[static_cast<size_t>(tag)];
        const auto toks = text::tokenize(rows[i].other_text);
        const auto hashes = word_hashes(toks);
        for (size_t k = 0; k + cand.words <= toks.size(); ++k) {
          if (gram_hash(hashes, k, cand.words) != cand.hash) continue;
          ByteRange br{toks[k].begin, toks[k + cand.words - 1].end};
          ++surfaces[rows[i].other_text.substr(br.begin, br.end - br.begin)];
          if (r.example_id == rows[i].id) r.example_rendering = br;
          break;
        }
      } else if (tag == -2 && r.example_id == rows[i].id) {
        auto hl = query::highlight(rows[i].other_text, terms);
        if (!hl.empty()) r.example_rendering = hl.front();
      }
    }
    for (const auto& [name, n] : docs) r.documents.emplace_back(name, n);
    std::sort(r.documents.begin(), r.documents.end(),
              [](const auto& a, const auto& b) { return a.second > b.second; });
    if (!surfaces.empty()) {
      r.text = std::max_element(surfaces.begin(), surfaces.end(), [](const auto& a, const auto& b) {
                 return a.second < b.second;
               })->first;
    }
  };

  for (size_t c : accepted) {
    TermRendering r;
    r.kind = TermRendering::Kind::Translation;
    r.dice = scored[c].dice;
    r.log_likelihood = scored[c].g2;
    fill(r, static_cast<int>(c));
    if (r.count > 0) out.push_back(std::move(r));
  }
  std::stable_sort(out.begin(), out.end(), [](const TermRendering& a, const TermRendering& b) {
    return a.count > b.count;
  });
  if (out.size() > options.max_renderings) out.resize(options.max_renderings);
  for (int tag : {-2, -1}) {
    TermRendering r;
    r.kind = tag == -2 ? TermRendering::Kind::Untranslated : TermRendering::Kind::Unknown;
    fill(r, tag);
    if (tag == -2 && r.count > 0)
      r.text = r.example_target.substr(r.example_rendering.begin,
                                       r.example_rendering.end - r.example_rendering.begin);
    if (r.count > 0) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace alinea::tm
