#include <boost/test/unit_test.hpp>

#include "align/aligner/beads_io.h"
#include "align/aligner/score.h"

using namespace alinea::align;

namespace {

Alignment beads(std::initializer_list<const char*> lines) {
  Alignment a;
  for (const char* l : lines) a.beads.push_back(parse_bead(l));
  return a;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(score_suite)

BOOST_AUTO_TEST_CASE(hand_computed_strict_and_lax) {
  Alignment gold = beads({"[0]:[0]", "[1]:[1]", "[2,3]:[2]", "[]:[3]", "[4]:[4]"});
  Alignment pred = beads({"[0]:[0]", "[1]:[1,2]", "[2]:[]", "[3]:[3]", "[4]:[4]"});
  AlignmentScore s = score(gold, pred);
  // Precision: 2 of 5 predicted beads identical; [1]:[1,2] also shares the
  // link 1-1; [2]:[] and [3]:[3] share nothing.
  BOOST_TEST(s.strict.precision == 0.4, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(s.lax.precision == 0.6, boost::test_tools::tolerance(1e-12));
  // Recall over the 4 gold beads with both sides: [1]:[1] is a lax hit,
  // [2,3]:[2] a miss ([]:[3] is left out).
  BOOST_TEST(s.strict.recall == 0.5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(s.lax.recall == 0.75, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(s.strict.f1 == 2 * 0.4 * 0.5 / 0.9, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(s.lax.f1 == 2 * 0.6 * 0.75 / 1.35, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(deletion_matching_gold_counts_for_precision) {
  Alignment gold = beads({"[0]:[0]", "[1]:[]", "[]:[1]"});
  Alignment pred = beads({"[0]:[0]", "[1]:[]", "[]:[1]"});
  AlignmentScore s = score(gold, pred);
  BOOST_TEST(s.strict.precision == 1.0);
  BOOST_TEST(s.strict.recall == 1.0);
  Alignment wrong = beads({"[0]:[0]", "[1]:[1]"});
  AlignmentScore w = score(gold, wrong);
  BOOST_TEST(w.strict.precision == 0.5);
  BOOST_TEST(w.strict.recall == 1.0);  // only [0]:[0] counts for recall
}

BOOST_AUTO_TEST_CASE(counts_are_summed_before_dividing) {
  Alignment gold1 = beads({"[0]:[0]", "[1]:[1]", "[2,3]:[2]", "[]:[3]", "[4]:[4]"});
  Alignment pred1 = beads({"[0]:[0]", "[1]:[1,2]", "[2]:[]", "[3]:[3]", "[4]:[4]"});
  Alignment gold2 = beads({"[0]:[0]", "[1]:[1]"});
  ScoreCounts counts = count_matches(gold1, pred1);
  counts += count_matches(gold2, gold2);
  AlignmentScore s = counts.score();
  BOOST_TEST(s.strict.precision == 4.0 / 7.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(s.strict.recall == 4.0 / 6.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(empty_alignments_score_zero) {
  AlignmentScore s = score(Alignment{}, Alignment{});
  BOOST_TEST(s.strict.f1 == 0.0);
  BOOST_TEST(s.lax.f1 == 0.0);
}

BOOST_AUTO_TEST_SUITE_END()
