// The search lattice itself: a pass over a widened band that starts from
// the forward sweep kept from the narrower one.
#include <boost/test/unit_test.hpp>
#include <string>
#include <utility>
#include <vector>

#include "align/aligner/beads_io.h"
#include "align/aligner/features.h"
#include "align/aligner/lattice.h"
#include "align/aligner/search.h"
#include "tests/align/aligner/built_sides.h"
#include "tests/align/aligner/documents.h"

using namespace alinea::align;
using namespace alinea::align::detail;

namespace {

struct Lattice : alinea::test::BuiltSides {
  alinea::test::LongDocument doc;

  Lattice()
      : Lattice(alinea::test::long_document(alinea::test::read_segments("es.sent"),
                                            alinea::test::read_segments("en.sent"), 40)) {}
  explicit Lattice(alinea::test::LongDocument d) : BuiltSides(d.es, d.en), doc(std::move(d)) {}

  // A narrow band around the gold path that strays from it past row 400
  // (a column short), so that the gold path runs along its edge there.
  Band straying_band() const {
    std::vector<std::pair<uint32_t, uint32_t>> states;
    uint32_t x = 0, y = 0;
    for (const Bead& b : doc.gold.beads) {
      x += b.src.size;
      y += b.tgt.size;
      states.push_back({x, x > 400 && y >= 1 ? y - 1 : y});
    }
    return band_around(states, es.size(), en.size(), 1);
  }
};

void check_same(const PassResult& a, const PassResult& b) {
  BOOST_TEST_REQUIRE(a.beads.size() == b.beads.size());
  for (size_t k = 0; k < a.beads.size(); ++k) {
    BOOST_TEST(format_bead(a.beads[k]) == format_bead(b.beads[k]));
    BOOST_TEST(a.beads[k].confidence == b.beads[k].confidence);
    BOOST_TEST(a.beads[k].score == b.beads[k].score);
  }
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(lattice, Lattice)

BOOST_AUTO_TEST_CASE(a_retry_starts_where_the_band_was_widened_and_finds_the_same) {
  for (const bool posteriors : {true, false}) {
    BOOST_TEST_CONTEXT("posteriors " << posteriors) {
      Scorer scorer(es, en, options, ids.size());
      const Band narrow = straying_band();
      ForwardMemo memo;
      const PassResult first = run_pass(scorer, narrow, posteriors, 0, OnEdge::stop, &memo);
      BOOST_TEST_REQUIRE(first.touches_edge);
      BOOST_TEST(first.cells_searched == narrow.cells);  // forward only
      BOOST_TEST_REQUIRE(first.edge_states.front().first > 256u);

      const Band wide = widen_at(narrow, first.edge_states, es.size(), en.size(), 48);
      const PassResult resumed = run_pass(scorer, wide, posteriors, 0, OnEdge::finish, &memo);
      const PassResult fresh = run_pass(scorer, wide, posteriors, 0, OnEdge::finish);
      check_same(resumed, fresh);
      BOOST_TEST(resumed.cells_searched < fresh.cells_searched);
      BOOST_TEST(!fresh.touches_edge);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_memo_from_another_kind_of_pass_is_not_used) {
  Scorer scorer(es, en, options, ids.size());
  const Band narrow = straying_band();
  ForwardMemo memo;
  run_pass(scorer, narrow, /*posteriors=*/false, 0, OnEdge::stop, &memo);
  const Band wide = widen_at(narrow, {{500, 500}}, es.size(), en.size(), 48);
  const PassResult with_memo =
      run_pass(scorer, wide, /*posteriors=*/true, 0, OnEdge::finish, &memo);
  const PassResult fresh = run_pass(scorer, wide, /*posteriors=*/true, 0, OnEdge::finish);
  check_same(with_memo, fresh);
  BOOST_TEST(with_memo.cells_searched == fresh.cells_searched);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(headings)

// A merge may not end a side with a numbered heading the other side lacks.
BOOST_AUTO_TEST_CASE(numbered_headings_the_other_side_lacks) {
  auto segs = [](std::vector<std::string> texts) {
    std::vector<Segment> out;
    for (auto& t : texts) out.push_back(Segment{std::move(t), {}, 0, {}, {}});
    return out;
  };
  // Spanish 0: a heading; 1: its section's first sentence; 2: a sentence
  // ending with the next heading. English 0: that first sentence; 1: the
  // next heading and its sentence.
  alinea::test::BuiltSides sides(
      segs({"4.2. Las tomas", "Después de la elección de Allende llegaron el agua y la luz.",
            "La escuela se abrió en una casa de madera. 4.3. La escuela"}),
      segs({"After the election of Allende the water and the light arrived.",
            "4.3. The school. The school opened in a wooden house."}));
  Scorer scorer(sides.es, sides.en, sides.options, sides.ids.size());
  // [0,1]:[0]: the heading 4.2 opens the Spanish side; the English lacks 4.2.
  BOOST_TEST(scorer.ends_with_unmatched_heading(0, 2, 0, 1));
  // [0]:[0]: one segment a side is a pair, not a merge.
  BOOST_TEST(!scorer.ends_with_unmatched_heading(0, 1, 0, 1));
  // [1,2]:[0,1]: 4.3 is in the Spanish, but does not open a segment; the
  // English 4.3 opens one, and the Spanish holds 4.3.
  BOOST_TEST(!scorer.ends_with_unmatched_heading(1, 3, 0, 2));
  // [1]:[0,1]: the English 4.3 opens its last segment; the Spanish lacks it.
  BOOST_TEST(scorer.ends_with_unmatched_heading(1, 2, 0, 2));
  BOOST_TEST(unmatched_heading(sides.en, 1, sides.es, 1, 2));
  BOOST_TEST(!unmatched_heading(sides.en, 1, sides.es, 2, 3));
  BOOST_TEST(!unmatched_heading(sides.en, 0, sides.es, 1, 2));  // no heading
}

BOOST_AUTO_TEST_SUITE_END()
