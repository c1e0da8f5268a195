// Fuzzy re-ranking (tm/store/rerank.h): the percentage a fuzzy match ranks
// by, computed without its diff and given up below the wanted minimum, is
// the one the full computation with its diff gives.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <random>
#include <string>
#include <vector>

#include "tm/store/rerank.h"
#include "tm/store/text.h"

using namespace alinea::tm;

namespace {

const std::vector<std::string> kSentences = {
    "La toma de terrenos de 1970 dio origen al campamento Nueva La Habana.",
    "Los pobladores organizaron una asamblea, y el comité de vivienda habló.",
    "¿Qué pasó con los cordones industriales después de 1973?",
    "El poder popular se construye en los campamentos, dicen los dirigentes.",
    "Entrevista a una pobladora de La Victoria (Santiago, 1985).",
};

const std::vector<std::string> kReplacements = {"Toma", "1971",       "comité",    ",", "junta",
                                                "(",    "POBLADORES", "poblacion", "y", "?"};

// A sentence with a few of its words deleted, replaced or added.
std::string mutated(const std::string& sentence, std::mt19937& rng) {
  std::vector<std::string> words;
  for (size_t at = 0; at < sentence.size();) {
    size_t end = sentence.find(' ', at);
    if (end == std::string::npos) end = sentence.size();
    words.push_back(sentence.substr(at, end - at));
    at = end + 1;
  }
  const int edits = static_cast<int>(rng() % 6);
  for (int e = 0; e < edits && !words.empty(); ++e) {
    const size_t i = rng() % words.size();
    const std::string& r = kReplacements[rng() % kReplacements.size()];
    switch (rng() % 3) {
      case 0:
        words.erase(words.begin() + static_cast<std::ptrdiff_t>(i));
        break;
      case 1:
        words[i] = r;
        break;
      default:
        words.insert(words.begin() + static_cast<std::ptrdiff_t>(i), r);
    }
  }
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rerank_similarity)

BOOST_AUTO_TEST_CASE(the_ranking_percentage_is_the_full_one_above_the_minimum) {
  std::mt19937 rng(7);
  int above = 0, below = 0;
  for (int n = 0; n < 600; ++n) {
    const std::string& base = kSentences[static_cast<size_t>(n) % kSentences.size()];
    const std::string a = mutated(base, rng), b = mutated(base, rng);
    const auto ta = text::tokenize(a, true), tb = text::tokenize(b, true);
    const double full = rerank::similarity(ta, a, tb, b, 0, true).percent;
    for (const double min : {0.0, 30.0, 50.0, 75.0, 90.0, 100.0}) {
      const double ranked = rerank::similarity(ta, a, tb, b, min, false).percent;
      if (full >= min) {
        BOOST_TEST(ranked == full, a << " | " << b << " at " << min);
        ++above;
      } else {
        BOOST_TEST(ranked < min, a << " | " << b << " at " << min);
        ++below;
      }
    }
  }
  // Both sides of the cut-off were tried.
  BOOST_TEST(above > 500);
  BOOST_TEST(below > 500);
}

BOOST_AUTO_TEST_CASE(case_numbers_and_punctuation_cost_what_they_did) {
  auto percent = [](const std::string& a, const std::string& b) {
    return rerank::similarity(text::tokenize(a, true), a, text::tokenize(b, true), b, 0, false)
        .percent;
  };
  BOOST_TEST(percent("la toma de 1970", "la toma de 1970") == 100.0);
  // A case change costs 0.1 of a word, another number 0.25, another mark 0.25.
  BOOST_TEST(percent("La toma de 1970", "la toma de 1970") == 100.0 * (1 - 0.1 / 4));
  BOOST_TEST(percent("la toma de 1970", "la toma de 1971") == 100.0 * (1 - 0.25 / 4));
  BOOST_TEST(percent("la toma, de", "la toma; de") == 100.0 * (1 - 0.25 / 3.25));
  BOOST_TEST(percent("la toma de terrenos", "la toma") == 50.0);
}

BOOST_AUTO_TEST_CASE(the_best_candidates_are_those_every_percentage_would_choose) {
  // Candidates sharing their words with the query in many ways, several of
  // them with equal percentages (ties go to the smaller id); re-ranked with
  // the bounds, they come out as computing every percentage in full gives.
  std::mt19937 rng(11);
  int compared = 0, cut = 0;
  for (int n = 0; n < 200; ++n) {
    const std::string& base = kSentences[static_cast<size_t>(n) % kSentences.size()];
    const std::string query = mutated(base, rng);
    const auto query_tokens = text::tokenize(query, true);
    std::vector<rerank::Candidate> candidates;
    for (int c = 0; c < 40; ++c) {
      const std::string& other = c % 5 == 0 ? kSentences[rng() % kSentences.size()] : base;
      candidates.push_back({1000 - c, "es", mutated(other, rng), "en", "unit", false, false});
      // The same text again under another id: a tie.
      if (c % 7 == 0) candidates.push_back({2000 + c, "es", candidates.back().src_text, "en", "u"});
    }
    for (const double min : {30.0, 60.0, 75.0}) {
      for (const std::size_t limit : {std::size_t{1}, std::size_t{3}, std::size_t{10}}) {
        FuzzyOptions options;
        options.min_percent = min;
        options.limit = limit;
        std::vector<std::pair<double, int64_t>> all;
        for (const auto& c : candidates) {
          const double p = rerank::similarity(text::tokenize(c.src_text, true), c.src_text,
                                              query_tokens, query, 0, true)
                               .percent;
          if (p >= min) all.emplace_back(-p, c.id);
        }
        std::sort(all.begin(), all.end());
        if (all.size() > limit) {
          all.resize(limit);
          ++cut;
        }
        std::vector<std::pair<int64_t, bool>> expected;
        for (const auto& [p, id] : all) expected.emplace_back(id, false);
        BOOST_TEST(rerank::fuzzy(candidates, query_tokens, query, options) == expected,
                   query << " at " << min << ", limit " << limit);
        ++compared;
      }
    }
  }
  BOOST_TEST(compared == 1800);
  BOOST_TEST(cut > 600);  // the limit left candidates out
}

BOOST_AUTO_TEST_SUITE_END()
