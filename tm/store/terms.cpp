// Term variants: how a term is rendered across the TM. The units whose
// term-language side contains the term are collected; the n-grams of their
// other side are scored against the rest of the TM (Dice and Dunning's
// log-likelihood), then each unit is credited to the best-scoring rendering
// it contains, so counts add up to the number of units.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "tm/error.h"
#include "tm/store/query.h"
#include "tm/store/store_impl.h"
#include "tm/store/text.h"

namespace alinea::tm {
namespace {

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
  std::vector<text::Token> other_tokens;
  std::unordered_set<std::string> grams;
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
  const std::string term_key = join(qt.words, 0, qt.words.size());

  // 1. Units whose term-language side contains the term.
  std::vector<UnitRow> rows;
  {
    sql::Statement st(*s.db,
                      "SELECT u.id, coalesce(d.name, ''), u.src_lang, u.src_text, u.tgt_lang, "
                      "u.tgt_text, u.status FROM units_fts JOIN units u ON u.id = units_fts.rowid "
                      "LEFT JOIN documents d ON d.id = u.document_id WHERE units_fts MATCH ? "
                      "ORDER BY u.id");
    st.bind(1, phrase);
    while (st.step() && rows.size() < kMaxUnits) {
      if (!options.include_rejected && st.text(6) == "rejected") continue;
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
      r.other_tokens = text::tokenize(r.other_text);
      r.untranslated = !query::highlight(r.other_tokens, terms).empty();
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

  // 2. Candidate renderings: n-grams of the other side, joint counts.
  std::set<std::string> lexicon_keys;
  if (options.lexicon) {
    for (const auto& cand : options.lexicon(term)) {
      std::vector<std::string> w;
      for (auto& t : text::tokenize(cand)) w.push_back(std::move(t.folded));
      if (!w.empty()) lexicon_keys.insert(join(w, 0, w.size()));
    }
  }
  // Function words cannot open or close a rendering: "the people's power"
  // and "people's" are trimmed to "people's power" by this rule alone.
  auto stop = [](const std::string& w) { return text::is_stopword(w); };
  std::unordered_map<std::string, int64_t> joint;
  for (auto& r : rows) {
    std::vector<std::string> words;
    for (const auto& t : r.other_tokens) words.push_back(t.folded);
    for (size_t n = 1; n <= std::max<size_t>(1, options.max_ngram); ++n) {
      for (size_t i = 0; i + n <= words.size(); ++i) {
        std::string key = join(words, i, n);
        const bool from_lexicon = lexicon_keys.count(key) > 0;
        if (!from_lexicon && (stop(words[i]) || stop(words[i + n - 1]))) continue;
        if (key == term_key) continue;
        if (r.grams.insert(key).second) ++joint[key];
      }
    }
  }
  std::vector<std::pair<std::string, int64_t>> cands(joint.begin(), joint.end());
  std::sort(cands.begin(), cands.end(), [&](const auto& a, const auto& b) {
    const bool la = lexicon_keys.count(a.first), lb = lexicon_keys.count(b.first);
    if (la != lb) return la;
    return a.second > b.second || (a.second == b.second && a.first < b.first);
  });
  if (cands.size() > kMaxCandidates) cands.resize(kMaxCandidates);

  // 3. Association with the term, from each candidate's frequency in the TM.
  struct Cand {
    std::string key;
    int64_t joint;
    double dice, g2;
    size_t words;
    bool lexicon;
  };
  std::vector<Cand> scored;
  {
    // Frequencies on the side where the renderings live (most units keep the
    // term's language on the same side).
    size_t other_is_target = 0;
    for (const auto& r : rows) other_is_target += r.other_is_target;
    const std::string column =
        other_is_target * 2 >= rows.size() ? "tgt_text : " : "src_text : ";
    // Counted up to a cap: past a few times the term's own frequency the
    // exact figure no longer changes which renderings win, and counting all
    // of a word like "file" in a big TM would dominate the time.
    const int64_t cap = std::max<int64_t>(2000, 4 * static_cast<int64_t>(rows.size()));
    auto& st = s.stmt(
        "SELECT count(*) FROM (SELECT 1 FROM units_fts WHERE units_fts MATCH ? LIMIT ?)");
    for (const auto& [key, a] : cands) {
      std::vector<std::string> w;
      size_t start = 0;
      while (start <= key.size()) {
        size_t sp = key.find(' ', start);
        if (sp == std::string::npos) sp = key.size();
        w.push_back(key.substr(start, sp - start));
        start = sp + 1;
      }
      query::Term t{w, false};
      sql::ResetGuard g(st);
      st.bind(1, column + query::fts_expression({t}));
      st.bind(2, cap);
      st.step();
      const double f = std::max<double>(static_cast<double>(a), static_cast<double>(st.int64(0)));
      const double k11 = static_cast<double>(a);
      const double dice = 2 * k11 / (n_term + f);
      const double g2 = log_likelihood(k11, n_term - k11, f - k11,
                                       std::max(0.0, n_total - n_term - f + k11));
      scored.push_back({key, a, dice, g2, w.size(), lexicon_keys.count(key) > 0});
    }
  }
  std::sort(scored.begin(), scored.end(), [](const Cand& a, const Cand& b) {
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
        if (assigned[i] != -1 || !rows[i].grams.count(scored[c].key)) continue;
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
        const auto& key_words = scored[static_cast<size_t>(tag)];
        std::vector<std::string> w;
        for (const auto& t : rows[i].other_tokens) w.push_back(t.folded);
        for (size_t k = 0; k + key_words.words <= w.size(); ++k) {
          if (join(w, k, key_words.words) != key_words.key) continue;
          const auto& toks = rows[i].other_tokens;
          ByteRange br{toks[k].begin, toks[k + key_words.words - 1].end};
          ++surfaces[rows[i].other_text.substr(br.begin, br.end - br.begin)];
          if (r.example_id == rows[i].id) r.example_rendering = br;
          break;
        }
      } else if (tag == -2 && r.example_id == rows[i].id) {
        auto hl = query::highlight(rows[i].other_tokens, terms);
        if (!hl.empty()) {
          r.example_rendering = hl.front();
        }
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
    if (tag == -2 && r.count > 0) r.text = r.example_target.substr(
        r.example_rendering.begin, r.example_rendering.end - r.example_rendering.begin);
    if (r.count > 0) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace alinea::tm
