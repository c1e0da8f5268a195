// Term variants: how a term is rendered across the TM, whatever the backend
// (term_renderings.h).
//
// 1. Units whose term-language side contains the term, matched word by word
//    by stems (function words exactly), so "cordón industrial" finds
//    "cordones industriales": candidates come from an index (a phrase of stem
//    prefixes), then every match is checked by stems.
// 2. A word alignment (IBM Model 1 both ways with a diagonal prior,
//    word_alignment.h) is trained on those units plus a sample of the rest of
//    the TM; lexicon translations and cognates of the term's words are a
//    floor under its translation probabilities.
// 3. In each unit, the rendering is the contiguous span of the other side
//    whose words are linked to the term's words (function words may sit
//    inside it, never at its edges). The gloss of the original beside a
//    rendering ("land takeover (toma de terreno)") is not a rendering; the
//    term itself outside parentheses is "left untranslated".
// 4. Renderings are grouped by their stems; a group lists its surface forms.
#include "tm/store/term_renderings.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "tm/error.h"
#include "tm/store/stem.h"
#include "tm/store/term_words.h"
#include "tm/store/text.h"
#include "tm/store/word_alignment.h"

namespace alinea::tm {
namespace terms {
namespace {

// Stem caches per language, made on first use.
class Stems {
 public:
  text::StemCache& of(const std::string& lang) {
    const std::string primary = text::primary_lang(lang);
    auto it = caches_.find(primary);
    if (it == caches_.end()) it = caches_.emplace(primary, text::StemCache(primary)).first;
    return it->second;
  }

 private:
  std::map<std::string, text::StemCache> caches_;
};

// A word as the query compares it: function words and numbers by their
// folded form, other words by their stem.
std::string word_key(text::StemCache& stems, const std::string& folded) {
  if (text::is_stopword(folded) || is_number(folded)) return folded;
  return stems.stem(folded);
}

std::vector<std::string> word_keys(text::StemCache& stems, const std::vector<text::Token>& tokens) {
  std::vector<std::string> out;
  out.reserve(tokens.size());
  for (const auto& t : tokens) out.push_back(word_key(stems, t.folded));
  return out;
}

// Token index ranges [first, second) where keys contain the query's keys.
std::vector<std::pair<size_t, size_t>> occurrences(const std::vector<std::string>& keys,
                                                   const std::vector<std::string>& query) {
  std::vector<std::pair<size_t, size_t>> out;
  if (query.empty() || keys.size() < query.size()) return out;
  for (size_t i = 0; i + query.size() <= keys.size(); ++i)
    if (std::equal(query.begin(), query.end(), keys.begin() + static_cast<std::ptrdiff_t>(i)))
      out.emplace_back(i, i + query.size());
  return out;
}

// The query's words in sequence: each content word as a prefix of what it
// shares with its stem ("cordon"* finds "cordones"), function words and
// short stems exactly.
std::vector<PhraseWord> stem_phrase(const std::vector<std::string>& folded,
                                    text::StemCache& stems) {
  std::vector<PhraseWord> out;
  for (const std::string& w : folded) {
    const std::string& k = word_key(stems, w);
    size_t common = 0;
    while (common < w.size() && common < k.size() && w[common] == k[common]) ++common;
    const bool exact = text::is_stopword(w) || is_number(w) || common < 3;
    out.push_back({w.substr(0, exact ? w.size() : common), !exact});
  }
  return out;
}

struct Row {
  int64_t id = 0;
  std::string document;
  std::string term_text, other_text, other_lang;
  bool other_is_target = true;
  std::vector<text::Token> term_tokens, other_tokens;
  std::vector<std::string> term_keys, other_keys;
  size_t first = 0, last = 0;  // the term's tokens [first, last)
  // What was found.
  TermRendering::Kind kind = TermRendering::Kind::Unknown;
  ByteRange rendering{};
  std::string key;  // the rendering's keys, space-separated
  double confidence = 0;
};

// Link strength below which a word is not part of a rendering.
constexpr double kMinLink = 0.2;
// Function words a rendering may hold between two linked words.
constexpr size_t kMaxGap = 2;
// Sentences longer than this (in words) are aligned but not trained on:
// they cost m x n and teach little.
constexpr size_t kMaxTrainWords = 50;
// Units of the term trained on (all are aligned).
constexpr size_t kMaxTrainUnits = 1000;

}  // namespace

std::string fts5_phrase(const std::vector<PhraseWord>& phrase) {
  std::string out;
  for (const PhraseWord& w : phrase) {
    if (!out.empty()) out.append(" + ");
    out.push_back('"');
    out.append(w.text);
    out.append(w.prefix ? "\" *" : "\"");
  }
  return out;
}

struct TermSearch::State {
  std::string term;
  TermOptions options;
  Stems stems;
  std::vector<std::string> q_folded, q_keys;
  bool term_has_digit = false;
  std::vector<Row> rows;
  std::unordered_set<int64_t> row_ids;
  // The background sample, as word keys of the term side and the other.
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> background;
};

TermSearch::TermSearch(std::string_view term, const TermOptions& options)
    : s_(std::make_unique<State>()) {
  if (!options.lang.empty() && !text::valid_lang_tag(options.lang))
    throw Error("invalid language tag '" + options.lang + "'");
  s_->options = options;
  if (!text::valid_utf8(term)) return;
  s_->term = std::string(term);
  text::StemCache& term_stems = s_->stems.of(options.lang);
  for (auto& t : text::tokenize(term)) s_->q_folded.push_back(std::move(t.folded));
  for (const auto& w : s_->q_folded) s_->q_keys.push_back(word_key(term_stems, w));
  s_->term_has_digit =
      std::any_of(term.begin(), term.end(), [](char c) { return c >= '0' && c <= '9'; });
}

TermSearch::~TermSearch() = default;

bool TermSearch::empty() const { return s_->q_folded.empty(); }

std::vector<PhraseWord> TermSearch::candidate_phrase() const {
  return stem_phrase(s_->q_folded, s_->stems.of(s_->options.lang));
}

bool TermSearch::full() const { return s_->rows.size() >= s_->options.max_units; }
bool TermSearch::found() const { return !s_->rows.empty(); }
bool TermSearch::has_row(int64_t id) const { return s_->row_ids.count(id) > 0; }

void TermSearch::offer(const UnitText& u) {
  const TermOptions& options = s_->options;
  if (full()) return;
  if (!options.include_rejected && u.rejected) return;
  if (!options.include_pending && u.pending) return;
  if (u.src_text.empty() || u.tgt_text.empty()) return;  // an omission
  const bool src_is_term = text::lang_matches(u.src_lang, options.lang);
  const bool tgt_is_term = !src_is_term && text::lang_matches(u.tgt_lang, options.lang);
  if (!src_is_term && !tgt_is_term) return;
  text::StemCache& term_stems = s_->stems.of(options.lang);
  Row r;
  r.term_text = src_is_term ? u.src_text : u.tgt_text;
  r.term_tokens = text::tokenize(r.term_text);
  r.term_keys = word_keys(term_stems, r.term_tokens);
  // The first use of the term; a gloss of the original in parentheses
  // ("popular power (poder popular)") is not a use in this language.
  std::optional<std::pair<size_t, size_t>> use;
  for (auto [a, b] : occurrences(r.term_keys, s_->q_keys)) {
    if (inside_parentheses(r.term_text, {r.term_tokens[a].begin, r.term_tokens[b - 1].end}))
      continue;
    use = std::make_pair(a, b);
    break;
  }
  if (!use) return;  // the match was on the other side, another form or a gloss
  r.first = use->first;
  r.last = use->second;
  r.id = u.id;
  r.document = u.document;
  r.other_text = src_is_term ? u.tgt_text : u.src_text;
  r.other_is_target = src_is_term;
  r.other_lang = text::primary_lang(src_is_term ? u.tgt_lang : u.src_lang);
  r.other_tokens = text::tokenize(r.other_text);
  r.other_keys = word_keys(s_->stems.of(r.other_lang), r.other_tokens);
  s_->row_ids.insert(r.id);
  s_->rows.push_back(std::move(r));
}

void TermSearch::train_on(const UnitText& u) {
  const TermOptions& options = s_->options;
  const bool src_is_term = text::lang_matches(u.src_lang, options.lang);
  if (!src_is_term && !text::lang_matches(u.tgt_lang, options.lang)) return;
  const auto e_tokens = text::tokenize(src_is_term ? u.src_text : u.tgt_text);
  const auto f_tokens = text::tokenize(src_is_term ? u.tgt_text : u.src_text);
  if (e_tokens.empty() || f_tokens.empty() || e_tokens.size() > kMaxTrainWords ||
      f_tokens.size() > kMaxTrainWords)
    return;
  const std::string f_lang = text::primary_lang(src_is_term ? u.tgt_lang : u.src_lang);
  s_->background.emplace_back(word_keys(s_->stems.of(options.lang), e_tokens),
                              word_keys(s_->stems.of(f_lang), f_tokens));
}

std::vector<TermRendering> TermSearch::renderings(int64_t units_total, const Count& count) {
  std::vector<TermRendering> out;
  auto& rows = s_->rows;
  if (rows.empty()) return out;
  const TermOptions& options = s_->options;
  const std::string_view term = s_->term;
  const auto& q_folded = s_->q_folded;
  const auto& q_keys = s_->q_keys;
  const bool term_has_digit = s_->term_has_digit;
  Stems& stems = s_->stems;

  // 2. The word alignment: the term's units and a sample of the TM spread
  // evenly over its ids, both as sequences of word-key ids.
  std::unordered_map<std::string, uint32_t> e_vocab, f_vocab;
  auto ids = [](std::unordered_map<std::string, uint32_t>& vocab,
                const std::vector<std::string>& keys) {
    WordAlignment::Sentence out;
    out.reserve(keys.size());
    for (const auto& k : keys)
      out.push_back(vocab.try_emplace(k, static_cast<uint32_t>(vocab.size())).first->second);
    return out;
  };
  std::vector<WordAlignment::Pair> training;
  std::vector<WordAlignment::Sentence> row_e(rows.size()), row_f(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    row_e[i] = ids(e_vocab, rows[i].term_keys);
    row_f[i] = ids(f_vocab, rows[i].other_keys);
    if (training.size() < kMaxTrainUnits && row_e[i].size() <= kMaxTrainWords &&
        row_f[i].size() <= kMaxTrainWords)
      training.emplace_back(row_e[i], row_f[i]);
  }
  for (const auto& [e, f] : s_->background) training.emplace_back(ids(e_vocab, e), ids(f_vocab, f));
  WordAlignment model;
  model.train(training);

  // Lexicon translations of the term and its words, as other-side keys.
  std::vector<std::string> lexicon_phrases;
  if (options.lexicon) lexicon_phrases = options.lexicon(term);
  std::map<std::string, std::unordered_set<std::string>> lexicon_keys;  // by other language
  auto lexicon_for = [&](const std::string& lang) -> const std::unordered_set<std::string>& {
    auto it = lexicon_keys.find(lang);
    if (it != lexicon_keys.end()) return it->second;
    std::unordered_set<std::string> keys;
    for (const auto& phrase : lexicon_phrases)
      for (const auto& t : text::tokenize(phrase))
        if (!text::is_stopword(t.folded)) keys.insert(word_key(stems.of(lang), t.folded));
    return lexicon_keys.emplace(lang, std::move(keys)).first->second;
  };
  const size_t content_words =
      static_cast<size_t>(std::count_if(q_folded.begin(), q_folded.end(), [](const std::string& w) {
        return !text::is_stopword(w);
      }));
  const size_t max_words = std::max<size_t>(1, content_words) + options.max_ngram;

  // 3. The rendering in each unit.
  for (size_t r_i = 0; r_i < rows.size(); ++r_i) {
    Row& r = rows[r_i];
    const size_t n = r.other_tokens.size();
    // The term itself on the other side: a gloss in parentheses is masked,
    // anywhere else the term was left untranslated.
    std::vector<bool> masked(n, false);
    bool untranslated = false;
    for (auto [a, b] : same_words(r.other_tokens, q_folded)) {
      const ByteRange br{r.other_tokens[a].begin, r.other_tokens[b - 1].end};
      if (inside_parentheses(r.other_text, br)) {
        for (size_t k = a; k < b; ++k) masked[k] = true;
      } else if (!untranslated) {
        untranslated = true;
        r.kind = TermRendering::Kind::Untranslated;
        r.rendering = br;
        for (size_t k = a; k < b; ++k) r.key += (k > a ? " " : "") + r.term_keys[r.first + k - a];
        r.confidence = 1;
      }
    }
    if (untranslated) continue;
    // The translator glossed the term with its rendering on the term side
    // ("the land takeover (toma de terreno)"): when the gloss occurs on the
    // other side, it is the rendering.
    if (auto gloss = gloss_after(r.term_text, r.term_tokens, r.last); !gloss.empty()) {
      text::StemCache& other_stems = stems.of(r.other_lang);
      std::vector<std::string> keys;
      for (size_t k : gloss) keys.push_back(word_key(other_stems, r.term_tokens[k].folded));
      if (auto occ = occurrences(r.other_keys, keys); !occ.empty()) {
        const auto [a, b] = occ.front();
        r.kind = TermRendering::Kind::Translation;
        r.rendering = {r.other_tokens[a].begin, r.other_tokens[b - 1].end};
        for (size_t k = a; k < b; ++k) r.key += (k > a ? " " : "") + r.other_keys[k];
        r.confidence = 1;
        continue;
      }
    }
    const auto& lex = lexicon_for(r.other_lang);
    // Function words, and letters alone ("%s", "%d"), are never linked.
    std::vector<bool> stop(n), term_stop(r.term_tokens.size());
    for (size_t j = 0; j < n; ++j)
      stop[j] = r.other_tokens[j].folded.size() < 2 ||
                text::is_stopword(r.other_tokens[j].folded) || auxiliary(r.other_tokens[j].folded);
    for (size_t i = 0; i < term_stop.size(); ++i)
      term_stop[i] = text::is_stopword(r.term_tokens[i].folded);
    // Lexicon entries of the term's words, and cognates of any word pair
    // ("Cerrillos" is then the rendering of "Cerrillos", not of the term
    // beside it).
    auto boost = [&](size_t i, size_t j) {
      if (term_stop[i] || stop[j]) return 0.0;
      if (i >= r.first && i < r.last && lex.count(r.other_keys[j])) return 0.5;
      if (cognate(r.term_tokens[i].folded, r.other_tokens[j].folded)) return 0.3;
      return 0.0;
    };
    const auto links = model.link_posteriors(row_e[r_i], row_f[r_i], r.first, r.last, boost);
    std::vector<double> score(n, 0.0);
    for (size_t j = 0; j < n; ++j) {
      if (masked[j]) continue;
      // Nor can numbers or codes ("%.1f"), unless the term has digits.
      if (!term_has_digit && has_digit(r.other_tokens[j].folded)) continue;
      for (const auto& row : links) score[j] += row[j];
      score[j] = std::min(1.0, score[j]);
    }
    // A word whose cognate sits outside the term on the term side
    // ("Cerrillos" beside "cordón industrial Cerrillos") renders that one.
    for (size_t j = 0; j < n; ++j) {
      const std::string& f = r.other_tokens[j].folded;
      if (score[j] == 0 || stop[j]) continue;
      bool outside = false, inside = false;
      for (size_t i = 0; i < r.term_tokens.size(); ++i)
        if (cognate(r.term_tokens[i].folded, f))
          (i >= r.first && i < r.last ? inside : outside) = true;
      if (outside && !inside) score[j] = 0;
    }
    // A gloss of the original right after a rendering ("popular power (poder
    // popular)"): the words just before it are the rendering's.
    for (size_t j = 0; j < n; ++j) {
      if (!masked[j] || (j > 0 && masked[j - 1])) continue;
      for (size_t k = j > q_keys.size() ? j - q_keys.size() : 0; k < j; ++k)
        if (!masked[k]) score[k] = std::max(score[k], 2 * kMinLink);
    }
    // Across function words a link must be twice as sure ("dicen que la
    // toma" is not a rendering of "land takeover").
    auto linked = [&](size_t j, size_t gap = 0) {
      return score[j] >= (gap ? 2 : 1) * kMinLink && !stop[j];
    };
    size_t seed = n;
    for (size_t j = 0; j < n; ++j)
      if (linked(j) && (seed == n || score[j] > score[seed])) seed = j;
    if (seed == n) continue;  // Unknown
    // Grow the span from its best word, over at most kMaxGap function words,
    // never over punctuation ("FICHERO ... ficheros") nor onto a word it
    // already holds ("archivo a archivo").
    size_t lo = seed, hi = seed + 1;
    auto joinable = [&](size_t k, size_t gap, bool right) {
      const size_t from = right ? hi : k, to = right ? k + 1 : lo;  // tokens [from, to) join
      // A clitic after an apostrophe ("people's") is part of its word, not a
      // gap.
      size_t spaced = 0;
      for (size_t x = from; x < to; ++x)
        if (x != k && !(x > 0 && r.other_tokens[x].begin > 0 &&
                        r.other_text[r.other_tokens[x].begin - 1] == '\''))
          ++spaced;
      // While the span has fewer content words than the term, a weaker link
      // will do right beside it: in a small TM "people" in "people's power"
      // is seen too seldom to be sure of.
      size_t content = 0;
      for (size_t x = lo; x < hi; ++x) content += !stop[x];
      const bool short_span =
          content < content_words && spaced == 0 && !stop[k] && score[k] >= kMinLink / 2;
      // Past the term's own number of content words, a word must be more
      // linked to the term than not ("Popular power grew" in a small TM).
      const bool sure = content >= content_words ? !stop[k] && score[k] > 0.5 : linked(k, spaced);
      if ((!sure && !short_span) || hi - lo + gap + 1 > max_words) return false;
      for (size_t x = from; x < to; ++x) {
        if (masked[x] || (x != k && !stop[x])) return false;
        if (x > 0 && !plain_space(r.other_text, r.other_tokens[x - 1].end, r.other_tokens[x].begin))
          return false;
      }
      if (!right &&
          !plain_space(r.other_text, r.other_tokens[to - 1].end, r.other_tokens[to].begin))
        return false;
      for (size_t x = lo; x < hi; ++x)
        if (r.other_keys[x] == r.other_keys[k]) return false;
      return true;
    };
    for (bool grew = true; grew;) {
      grew = false;
      for (size_t gap = 0; gap <= kMaxGap && !grew; ++gap) {
        // The better linked side first ("Popular power" before "power grew").
        const bool right = hi + gap < n && joinable(hi + gap, gap, true);
        const bool left = lo >= gap + 1 && joinable(lo - gap - 1, gap, false);
        if (right && (!left || score[hi + gap] >= score[lo - gap - 1])) {
          hi += gap + 1;
          grew = true;
        } else if (left) {
          lo -= gap + 1;
          grew = true;
        }
      }
    }
    r.kind = TermRendering::Kind::Translation;
    r.rendering = {r.other_tokens[lo].begin, r.other_tokens[hi - 1].end};
    double sum = 0;
    size_t counted = 0;
    for (size_t j = lo; j < hi; ++j) {
      r.key += (j > lo ? " " : "") + r.other_keys[j];
      if (linked(j)) {
        sum += score[j];
        ++counted;
      }
    }
    r.confidence = counted ? sum / static_cast<double>(counted) : 0;
  }

  // 4. Groups of renderings by their keys.
  struct Group {
    TermRendering::Kind kind;
    std::string key;
    std::vector<size_t> rows;
  };
  std::vector<Group> groups;
  {
    std::map<std::pair<int, std::string>, size_t> index;
    for (size_t i = 0; i < rows.size(); ++i) {
      const auto k = std::make_pair(static_cast<int>(rows[i].kind), rows[i].key);
      auto [it, fresh] = index.try_emplace(k, groups.size());
      if (fresh) groups.push_back({rows[i].kind, rows[i].key, {}});
      groups[it->second].rows.push_back(i);
    }
  }
  int64_t rendered = 0;
  for (const auto& r : rows) rendered += r.kind != TermRendering::Kind::Unknown;
  const double n_term = static_cast<double>(rows.size());
  double n_total = std::max<double>(1, static_cast<double>(units_total));
  n_total = std::max(n_total, n_term);
  // Units of the TM holding a group's label, counted up to a cap: past a
  // few times the term's own frequency the figure no longer matters.
  const int64_t cap = std::max<int64_t>(2000, 4 * static_cast<int64_t>(rows.size()));

  for (const Group& g : groups) {
    TermRendering t;
    t.kind = g.kind;
    t.stems = g.key;
    t.count = static_cast<int64_t>(g.rows.size());
    t.share = g.kind == TermRendering::Kind::Unknown || rendered == 0
                  ? 0
                  : static_cast<double>(t.count) / static_cast<double>(rendered);
    // Surface forms, told apart by their folded spelling; each shown in its
    // most frequent spelling.
    std::map<std::string, std::map<std::string, int64_t>> forms;
    std::map<std::string, int64_t> docs;
    size_t example = g.rows.front();
    for (size_t i : g.rows) {
      const Row& r = rows[i];
      ++docs[r.document];
      if (r.kind != TermRendering::Kind::Unknown) {
        const std::string surface =
            r.other_text.substr(r.rendering.begin, r.rendering.end - r.rendering.begin);
        ++forms[text::fold(surface)][surface];
      }
      if (r.confidence > rows[example].confidence + 1e-9) example = i;
    }
    for (const auto& [folded, spellings] : forms) {
      int64_t total = 0;
      for (const auto& [sp, c] : spellings) total += c;
      const auto best =
          std::max_element(spellings.begin(), spellings.end(),
                           [](const auto& a, const auto& b) { return a.second < b.second; });
      t.forms.emplace_back(best->first, total);
    }
    std::stable_sort(t.forms.begin(), t.forms.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    if (!t.forms.empty()) t.text = t.forms.front().first;
    for (const auto& [name, c] : docs) t.documents.emplace_back(name, c);
    std::stable_sort(t.documents.begin(), t.documents.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    const Row& ex = rows[example];
    t.example_id = ex.id;
    t.example_source = ex.term_text;
    t.example_target = ex.other_text;
    t.example_term = {ex.term_tokens[ex.first].begin, ex.term_tokens[ex.last - 1].end};
    if (ex.kind != TermRendering::Kind::Unknown) t.example_rendering = ex.rendering;
    if (g.kind == TermRendering::Kind::Translation) {
      // Association in the TM: units holding the label's words on the
      // rendering side, the way the term itself was found.
      std::vector<std::string> folded;
      for (const auto& tok : text::tokenize(t.text)) folded.push_back(tok.folded);
      const double k11 = static_cast<double>(t.count);
      const double f = std::max(
          k11, static_cast<double>(
                   count(ex.other_is_target, stem_phrase(folded, stems.of(ex.other_lang)), cap)));
      t.dice = 2 * k11 / (n_term + f);
      t.log_likelihood =
          log_likelihood(k11, n_term - k11, f - k11, std::max(0.0, n_total - n_term - f + k11));
    }
    out.push_back(std::move(t));
  }
  auto rank = [](const TermRendering& t) {
    return t.kind == TermRendering::Kind::Translation    ? 0
           : t.kind == TermRendering::Kind::Untranslated ? 1
                                                         : 2;
  };
  std::stable_sort(out.begin(), out.end(), [&](const TermRendering& a, const TermRendering& b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    if (a.count != b.count) return a.count > b.count;
    return a.stems < b.stems;
  });
  // At most max_renderings translations; the untranslated and unknown rows
  // are always kept.
  size_t translations = 0;
  std::erase_if(out, [&](const TermRendering& t) {
    return t.kind == TermRendering::Kind::Translation && ++translations > options.max_renderings;
  });
  return out;
}

}  // namespace terms

bool inconsistent(const std::vector<TermRendering>& renderings, double min_share) {
  std::vector<std::string> rivals;
  for (const auto& r : renderings)
    if (r.count > 0 && r.kind != TermRendering::Kind::Unknown && r.share + 1e-9 >= min_share)
      rivals.push_back(" " + r.stems + " ");
  size_t distinct = 0;
  for (size_t i = 0; i < rivals.size(); ++i) {
    bool part_of_other = false;
    for (size_t j = 0; j < rivals.size() && !part_of_other; ++j)
      part_of_other = j != i && rivals[j].size() > rivals[i].size() &&
                      rivals[j].find(rivals[i]) != std::string::npos;
    if (!part_of_other) ++distinct;
  }
  return distinct > 1;
}

}  // namespace alinea::tm
