// Segments on the wrong side of a bead boundary, and merges that hold a
// segment they do not need (align/aligner/misplacement.h).
#include <boost/test/unit_test.hpp>
#include <vector>

#include "align/aligner/lattice.h"
#include "align/aligner/misplacement.h"
#include "tests/align/aligner/built_sides.h"
#include "tests/align/aligner/documents.h"

using namespace alinea::align;
using namespace alinea::align::detail;

namespace {

// The test story, one sentence a line on each side, each the translation of
// the other side's sentence on the same line.
struct Story : alinea::test::BuiltSides {
  Story()
      : BuiltSides(alinea::test::read_segments("es.sent"), alinea::test::read_segments("en.sent")) {
  }

  std::vector<double> of(const std::vector<Bead>& beads) {
    Scorer scorer(es, en, options, static_cast<uint32_t>(ids.size()));
    return misplacement(beads, scorer);
  }
};

Bead bead(uint32_t s0, uint32_t sn, uint32_t t0, uint32_t tn) { return {{s0, sn}, {t0, tn}}; }

std::vector<Segment> segments(const std::vector<std::string>& texts) {
  std::vector<Segment> out;
  for (const auto& t : texts) {
    Segment s;
    s.text = t;
    out.push_back(s);
  }
  return out;
}

// Absorption of the beads over the given segments.
std::vector<double> absorption_of(const std::vector<std::string>& es_texts,
                                  const std::vector<std::string>& en_texts,
                                  const std::vector<Bead>& beads) {
  alinea::test::BuiltSides sides(segments(es_texts), segments(en_texts));
  Scorer scorer(sides.es, sides.en, sides.options, static_cast<uint32_t>(sides.ids.size()));
  return absorption(beads, scorer);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(misplacement_of_segments, Story)

BOOST_AUTO_TEST_CASE(the_right_pairs_hold_their_own_segments) {
  std::vector<Bead> beads;
  for (uint32_t k = 0; k < 6; ++k) beads.push_back(bead(k, 1, k, 1));
  for (double m : of(beads)) BOOST_TEST(m < 0.2);
}

BOOST_AUTO_TEST_CASE(a_sentence_pulled_into_the_wrong_pair_is_found_on_both_sides) {
  // Spanish 2 belongs with English 2, which is left alone as an omission.
  const std::vector<Bead> beads = {bead(0, 1, 0, 1), bead(1, 2, 1, 1), bead(0, 0, 2, 1),
                                   bead(3, 1, 3, 1)};
  const std::vector<double> m = of(beads);
  BOOST_TEST_REQUIRE(m.size() == beads.size());
  BOOST_TEST(m[1] > 0.5);  // Spanish 2 is matched by the omission's English 2
  BOOST_TEST(m[2] >
             0.3);  // and English 2 by the pair's Spanish 2 (fewer of its words in the lexicon)
  BOOST_TEST(m[0] < 0.2);
  BOOST_TEST(m[3] < 0.2);
}

BOOST_AUTO_TEST_CASE(an_omission_with_nothing_beside_it_that_translates_it_is_not_misplaced) {
  // English 2 left out, and its neighbours' Spanish sides do not hold it
  // (Spanish 2 is in none of these beads).
  const std::vector<Bead> beads = {bead(0, 1, 0, 1), bead(1, 1, 1, 1), bead(0, 0, 2, 1),
                                   bead(3, 1, 3, 1)};
  BOOST_TEST(of(beads)[2] < 0.2);
}

BOOST_AUTO_TEST_CASE(facing_omissions_that_translate_each_other_are_misplaced) {
  const std::vector<Bead> beads = {bead(1, 1, 1, 1), bead(2, 1, 0, 0), bead(0, 0, 2, 1),
                                   bead(3, 1, 3, 1)};
  const std::vector<double> m = of(beads);
  BOOST_TEST(m[1] > 0.5);
  BOOST_TEST(m[2] > 0.3);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(absorption_of_merges)

const std::string kCommittee = "The housing committee met every Sunday for two years.";
const std::string kFamilies =
    "The families had no house and lived as lodgers with their relatives.";

BOOST_AUTO_TEST_CASE(a_merge_whose_segments_each_translate_a_part_absorbs_nothing) {
  // Spanish joined two sentences that English keeps apart: each English one
  // matches words of the Spanish that the other does not.
  const auto a = absorption_of(
      {"El comité de vivienda se reunió cada domingo durante dos años y las familias no tenían "
       "casa y vivían de allegadas con sus parientes."},
      {kCommittee, kFamilies}, {bead(0, 1, 0, 2)});
  BOOST_TEST_REQUIRE(a.size() == 1u);
  // The test lexicon knows five of the Spanish words: each English sentence
  // accounts for about a tenth of its weight, short of kUsefulShare.
  BOOST_TEST(a[0] < 0.7);
  // Where each accounts for more, nothing is absorbed.
  const auto known =
      absorption_of({"Vivienda domingo años, familias casa."},
                    {"Housing Sunday years.", "Families house."}, {bead(0, 1, 0, 2)});
  BOOST_TEST(known[0] == 0.0);
}

BOOST_AUTO_TEST_CASE(a_heading_pulled_into_its_neighbour_s_pair_is_absorbed) {
  // English has a heading whose Spanish was left out; its words are all
  // in the sentence after it, so the Spanish sentence gains nothing from it.
  const std::vector<std::string> es = {
      "El comité de vivienda se reunió cada domingo durante dos años.",
      "Las familias no tenían casa y vivían de allegadas con sus parientes."};
  const std::vector<std::string> en = {kCommittee, "1.2. The families", kFamilies};
  const auto a = absorption_of(es, en, {bead(0, 1, 0, 1), bead(1, 1, 1, 2)});
  BOOST_TEST_REQUIRE(a.size() == 2u);
  BOOST_TEST(a[0] == 0.0);  // a 1-1 pair is never a merge
  BOOST_TEST(a[1] == 1.0);
  // The same from the other side: a 2-1 holding the Spanish heading.
  const auto mirrored = absorption_of(
      {"El comité de vivienda se reunió cada domingo durante dos años.", "1.2. Las familias",
       "Las familias no tenían casa y vivían de allegadas con sus parientes."},
      {kCommittee, kFamilies}, {bead(0, 1, 0, 1), bead(1, 2, 1, 1)});
  BOOST_TEST(mirrored[1] == 1.0);
}

BOOST_AUTO_TEST_SUITE_END()
