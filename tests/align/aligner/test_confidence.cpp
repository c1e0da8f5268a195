// The confidence model over the path posteriors (align/aligner/confidence.h).
#include <boost/test/unit_test.hpp>
#include <cmath>

#include "align/aligner/confidence.h"
#include "align/error.h"

using namespace alinea::align;

namespace {

Bead bead(uint32_t s0, uint32_t sn, uint32_t t0, uint32_t tn, double posterior) {
  return {{s0, sn}, {t0, tn}, 0.0, posterior};
}

// The evidence of beads none of whose segments is misplaced.
std::vector<BeadEvidence> evidence(const Alignment& a) {
  const std::vector<double> none(a.beads.size(), 0.0);
  return bead_evidence(a, none, none);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(confidence)

BOOST_AUTO_TEST_CASE(evidence_names_the_kind_of_each_bead) {
  Alignment a;
  a.beads = {bead(0, 1, 0, 1, 0.9),   // 1-1
             bead(1, 2, 1, 1, 0.8),   // 2-1
             bead(3, 1, 0, 0, 0.6),   // 1-0, beside a 0-1: facing
             bead(0, 0, 2, 1, 0.6),   // 0-1
             bead(4, 1, 3, 1, 0.99),  // 1-1
             bead(5, 1, 0, 0, 0.7)};  // 1-0 alone
  const auto ev = evidence(a);
  BOOST_TEST_REQUIRE(ev.size() == 6u);
  BOOST_TEST(ev[0][BeadEvidence::kOmission] == 0.0);
  BOOST_TEST(ev[1][BeadEvidence::kMergeExtra] == 1.0);
  BOOST_TEST(ev[2][BeadEvidence::kOmission] == 1.0);
  BOOST_TEST(ev[2][BeadEvidence::kFacingOmission] == 1.0);
  BOOST_TEST(ev[3][BeadEvidence::kFacingOmission] == 1.0);
  BOOST_TEST(ev[5][BeadEvidence::kOmission] == 1.0);
  BOOST_TEST(ev[5][BeadEvidence::kFacingOmission] == 0.0);
  BOOST_TEST(ev[4][BeadEvidence::kPosteriorLogit] > ev[0][BeadEvidence::kPosteriorLogit]);
}

BOOST_AUTO_TEST_CASE(the_posterior_enters_as_its_logit_and_as_its_log) {
  const auto ev = evidence({{bead(0, 1, 0, 1, 0.5), bead(1, 1, 1, 1, 0.0), bead(2, 1, 2, 1, 1.0)}});
  BOOST_TEST(ev[0][BeadEvidence::kPosteriorLogit] == 0.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(ev[0][BeadEvidence::kPosteriorLog] == std::log(0.5),
             boost::test_tools::tolerance(1e-12));
  // Both are capped where a posterior is rounding: 0 and 1 stay finite.
  BOOST_TEST(ev[1][BeadEvidence::kPosteriorLogit] == -7.0);
  BOOST_TEST(ev[1][BeadEvidence::kPosteriorLog] == -std::log1p(std::exp(7.0)),
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(ev[2][BeadEvidence::kPosteriorLogit] == 7.0);
  BOOST_TEST(ev[2][BeadEvidence::kPosteriorLog] == 0.0);
}

BOOST_AUTO_TEST_CASE(confidence_grows_with_the_posterior_and_stays_a_probability) {
  double last = 0.0;
  for (double p : {0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1.0}) {
    BeadEvidence e = evidence({{bead(0, 1, 0, 1, p)}}).at(0);
    const double c = calibrated_confidence(e);
    BOOST_TEST(c > last);
    BOOST_TEST(c < 1.0);
    last = c;
  }
}

BOOST_AUTO_TEST_CASE(omissions_facing_each_other_are_more_doubtful_than_one_alone) {
  Alignment alone, facing;
  alone.beads = {bead(0, 1, 0, 1, 0.99), bead(1, 1, 0, 0, 0.7), bead(2, 1, 1, 1, 0.99)};
  facing.beads = {bead(0, 1, 0, 1, 0.99), bead(1, 1, 0, 0, 0.7), bead(0, 0, 1, 1, 0.7),
                  bead(2, 1, 2, 1, 0.99)};
  const double one = calibrated_confidence(evidence(alone).at(1));
  const double two = calibrated_confidence(evidence(facing).at(1));
  BOOST_TEST(two < one);
  // A merge is more doubtful than a 1-1 pair at the same posterior.
  Alignment merged;
  merged.beads = {bead(0, 1, 0, 1, 0.9), bead(1, 2, 1, 1, 0.9)};
  const auto ev = evidence(merged);
  BOOST_TEST(calibrated_confidence(ev[1]) < calibrated_confidence(ev[0]));
}

BOOST_AUTO_TEST_CASE(a_misplaced_segment_makes_its_bead_doubtful) {
  Alignment a;
  a.beads = {bead(0, 1, 0, 1, 0.95), bead(1, 1, 1, 1, 0.95)};
  const auto ev = bead_evidence(a, {0.0, 0.8}, {0.0, 0.0});
  BOOST_TEST(ev[1][BeadEvidence::kMisplacement] == 0.8);
  BOOST_TEST(calibrated_confidence(ev[1]) < calibrated_confidence(ev[0]));
  // One misplacement and one absorption a bead, or the evidence is refused.
  BOOST_CHECK_THROW(bead_evidence(a, {0.0}, {0.0, 0.0}), Error);
  BOOST_CHECK_THROW(bead_evidence(a, {0.0, 0.0}, {0.0}), Error);
}

BOOST_AUTO_TEST_CASE(a_merge_that_absorbed_a_segment_is_doubtful) {
  Alignment a;
  a.beads = {bead(0, 1, 0, 2, 0.95), bead(1, 1, 2, 2, 0.95)};
  const auto ev = bead_evidence(a, {0.0, 0.0}, {0.0, 1.0});
  BOOST_TEST(ev[1][BeadEvidence::kAbsorption] == 1.0);
  BOOST_TEST(calibrated_confidence(ev[1]) < calibrated_confidence(ev[0]));
  BOOST_TEST(calibrated_confidence(ev[1]) < 0.8);
}

BOOST_AUTO_TEST_SUITE_END()
