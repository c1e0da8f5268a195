#define BOOST_TEST_MODULE aligner
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include "align/aligner/aligner.h"
#include "align/aligner/beads_io.h"
#include "align/aligner/confidence.h"
#include "align/aligner/score.h"
#include "align/lexicon/lexicon.h"
#include "tests/align/aligner/documents.h"

using namespace alinea::align;
using alinea::test::long_document;
using alinea::test::LongDocument;
using alinea::test::read_segments;

namespace {

bool has_bead(const Alignment& a, const char* bead);

struct Fixture {
  Lexicon lexicon = Lexicon::load_tsv(alinea::test::kAlignerData + "lexicon.tsv");
  std::vector<Segment> es = read_segments("es.sent");
  std::vector<Segment> en = read_segments("en.sent");

  // es2 and en2 aligned with crossings merged, once the search alone is
  // seen to split them into the pairs `first` and `second`, which cross.
  Alignment crossing_merged(const std::vector<Segment>& es2, const std::vector<Segment>& en2,
                            const char* first, const char* second) const {
    AlignOptions split;
    split.merge_crossings = false;
    Alignment searched = Aligner({.lexicon = &lexicon}, split).align(es2, en2);
    BOOST_TEST_REQUIRE(has_bead(searched, first));
    BOOST_TEST_REQUIRE(has_bead(searched, second));
    Alignment a = Aligner({.lexicon = &lexicon}).align(es2, en2);
    check_alignment(a, es2.size(), en2.size());
    return a;
  }
};

std::vector<Segment> merged(const std::vector<Segment>& side, size_t at) {
  std::vector<Segment> out;
  for (size_t k = 0; k < side.size(); ++k) {
    if (k == at + 1) {
      out.back().text += " " + side[k].text;
      continue;
    }
    out.push_back(side[k]);
  }
  return out;
}

std::vector<Segment> without(const std::vector<Segment>& side, size_t at) {
  std::vector<Segment> out = side;
  out.erase(out.begin() + static_cast<std::ptrdiff_t>(at));
  return out;
}

bool has_bead(const Alignment& a, const char* bead) {
  for (const Bead& b : a.beads)
    if (format_bead(b) == bead) return true;
  return false;
}

// A deterministic unrelated sentence, so that fillers match nothing.
std::string filler(size_t k) {
  static const char* words[] = {"zorp", "quibble", "flent", "marrow", "tesk",   "vindle",
                                "opal", "krun",    "blatt", "sorrel", "wemble", "drax"};
  std::string s;
  for (size_t w = 0; w < 9; ++w) {
    if (w) s += ' ';
    s += words[(k * 7 + w * 5 + k / 3) % 12];
  }
  return s + ".";
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(aligner, Fixture)

BOOST_AUTO_TEST_CASE(parallel_text_aligns_one_to_one) {
  Aligner aligner({.lexicon = &lexicon});
  Alignment a = aligner.align(es, en);
  check_alignment(a, es.size(), en.size());
  BOOST_TEST(a.beads.size() == es.size());
  for (size_t k = 0; k < a.beads.size(); ++k) {
    BOOST_TEST(a.beads[k].src.begin == k);
    BOOST_TEST(a.beads[k].src.size == 1u);
    BOOST_TEST(a.beads[k].tgt.begin == k);
    BOOST_TEST(a.beads[k].tgt.size == 1u);
    BOOST_TEST(a.beads[k].confidence >= 0.0);
    BOOST_TEST(a.beads[k].confidence <= 1.0);
  }
  double mean = 0;
  for (const Bead& b : a.beads) mean += b.confidence;
  BOOST_TEST(mean / a.beads.size() > 0.8);
}

BOOST_AUTO_TEST_CASE(works_without_lexicon) {
  Aligner aligner({});
  Alignment a = aligner.align(es, en);
  check_alignment(a, es.size(), en.size());
  // Length, numbers, names and cognates alone get most of this text right.
  size_t right = 0;
  for (const Bead& b : a.beads)
    right += b.src.size == 1 && b.tgt.size == 1 && b.src.begin == b.tgt.begin;
  BOOST_TEST(right >= es.size() - 4);
}

BOOST_AUTO_TEST_CASE(without_a_lexicon_no_merge_is_judged_absorbed) {
  // A genuine 2-1 ("Nadie sabía..." + "La policía...") whose first Spanish
  // sentence shares no name, number or cognate with the English: without
  // a lexicon nothing tells it from an absorbed heading.
  // Texts and their paragraphs, as the workbench's test document has them.
  auto segments = [](const std::vector<std::string>& texts,
                     const std::vector<uint32_t>& paragraphs) {
    std::vector<Segment> out;
    for (size_t k = 0; k < texts.size(); ++k) {
      Segment s;
      s.text = texts[k];
      s.paragraph = paragraphs[k];
      out.push_back(s);
    }
    return out;
  };
  const std::vector<Segment> es2 = segments(
      {"La toma de terreno empezó al amanecer del 15 de marzo.",
       "Las familias llegaron con banderas chilenas y frazadas.",
       "El comité de pobladores se reunió en la escuela.", "Nadie sabía qué iba a pasar.",
       "La policía rodeó el campamento a las diez.",
       "Una dirigente escribió <script>alert(1)</script> en la pizarra para burlarse de los "
       "censores.",
       "Todos se rieron mucho.", "Al final, el gobierno prometió viviendas para las 300 familias.",
       "La lucha continuó durante años."},
      {0, 0, 1, 1, 1, 2, 2, 3, 3});
  const std::vector<Segment> en2 = segments(
      {"The land takeover began at dawn on 15 March.",
       "The families arrived with Chilean flags and blankets.",
       "The settlers' committee met in the school.",
       "Nobody knew what was going to happen, and at ten the police surrounded the camp.",
       "A leader wrote <script>alert(1)</script> on the blackboard to mock the censors.",
       "Everybody laughed a lot.", "Translator's note: a minute of the recording is lost here.",
       "In the end, the government promised housing for the 300 families.",
       "The struggle went on for years."},
      {0, 0, 1, 1, 2, 2, 3, 4, 4});
  std::vector<BeadEvidence> evidence;
  const Alignment a = Aligner({}).align(es2, en2, nullptr, &evidence);
  BOOST_TEST_REQUIRE(evidence.size() == a.beads.size());
  bool merged = false;
  for (const Bead& b : a.beads) merged |= b.src.size == 2 && b.tgt.size == 1;
  BOOST_TEST(merged);
  for (const BeadEvidence& e : evidence) BOOST_TEST(e[BeadEvidence::kAbsorption] == 0.0);
}

BOOST_AUTO_TEST_CASE(a_merge_whose_boundary_crosses_becomes_one_two_to_two_bead) {
  // A short heading between sentences 5 and 6: the Spanish joins it to the
  // sentence before, the English to the sentence after.
  std::vector<Segment> es2 = es, en2 = en;
  es2[5].text += " Villa Francia, 1967.";
  en2[6].text.insert(0, "Villa Francia, 1967. ");
  Alignment a = crossing_merged(es2, en2, "[5]:[5]", "[6]:[6]");
  BOOST_TEST(has_bead(a, "[5,6]:[5,6]"));
  for (const Bead& b : a.beads)
    if (format_bead(b) == "[5,6]:[5,6]") BOOST_TEST(b.confidence >= 0.5);
  // Everything else stays 1-1.
  BOOST_TEST(a.beads.size() == es2.size() - 1);
}

BOOST_AUTO_TEST_CASE(a_crossing_next_to_a_merge_makes_a_larger_bead) {
  // A heading between sentences 8 and 9 as above, and the Spanish also
  // joins sentences 9 and 10: the pairs [8]:[8] and [9]:[9,10] cross, and
  // the bead is [8,9]:[8,9,10].
  std::vector<Segment> es2 = merged(es, 9), en2 = en;
  es2[8].text += " Villa Francia, 1967.";
  en2[9].text.insert(0, "Villa Francia, 1967. ");
  Alignment a = crossing_merged(es2, en2, "[8]:[8]", "[9]:[9,10]");
  BOOST_TEST(has_bead(a, "[8,9]:[8,9,10]"));
}

BOOST_AUTO_TEST_CASE(a_numbered_heading_the_other_side_lacks_is_left_out) {
  // The Spanish has a section heading before a sentence with the same name,
  // which the English leaves out. (The rule that forbids merging it into
  // that sentence is tested on the scorer: in a document this clean the
  // search leaves it out anyway.)
  LongDocument doc = long_document(es, en, 8);
  const uint32_t at = 25;  // "Después de la elección de Allende ..." (1-1 before any omission)
  BOOST_TEST_REQUIRE(has_bead(Aligner({.lexicon = &lexicon}).align(doc.es, doc.en), "[25]:[25]"));
  std::vector<Segment> es2 = doc.es;
  es2.insert(es2.begin() + at, Segment{"4.2. Allende", {}, 0, {}, {}});
  Alignment a = Aligner({.lexicon = &lexicon}).align(es2, doc.en);
  check_alignment(a, es2.size(), doc.en.size());
  BOOST_TEST(has_bead(a, "[25]:[]"));
  BOOST_TEST(has_bead(a, "[26]:[25]"));

  // Where the English has the heading, it is translated there.
  std::vector<Segment> en2 = doc.en;
  en2.insert(en2.begin() + at, Segment{"4.2. Allende", {}, 0, {}, {}});
  BOOST_TEST(has_bead(Aligner({.lexicon = &lexicon}).align(es2, en2), "[25]:[25]"));
}

BOOST_AUTO_TEST_CASE(a_numbered_heading_ending_the_previous_segment_crosses) {
  // The Spanish ends sentence 4 with the heading the English starts
  // sentence 5 with. Its words are found again in sentence 5, so they do not
  // show where the boundary crosses; its number does.
  std::vector<Segment> es2 = es, en2 = en;
  es2[4].text += " 4.2. La olla común";
  en2[5].text.insert(0, "4.2. The common pot. ");
  Alignment a = crossing_merged(es2, en2, "[4]:[4]", "[5]:[5]");
  BOOST_TEST(has_bead(a, "[4,5]:[4,5]"));
  BOOST_TEST(a.beads.size() == es2.size() - 1);
}

BOOST_AUTO_TEST_CASE(adjacent_pairs_sharing_a_word_are_not_merged) {
  // The first sentence ends with a name the next English sentence starts
  // with, but each sentence keeps its own translation.
  std::vector<Segment> es2 = es, en2 = en;
  es2[8].text = "La asamblea eligió un nombre para el campamento: Nueva Aurora.";
  en2[9].text = "Aurora: after the election of Allende the water and the light arrived.";
  es2[9].text = "Aurora: después de la elección de Allende llegaron el agua y la luz.";
  Alignment a = Aligner({.lexicon = &lexicon}).align(es2, en2);
  BOOST_TEST(a.beads.size() == es2.size());
  for (const Bead& b : a.beads) {
    BOOST_TEST(b.src.size == 1u);
    BOOST_TEST(b.tgt.size == 1u);
    BOOST_TEST(b.src.begin == b.tgt.begin);
  }
}

BOOST_AUTO_TEST_CASE(merges_and_splits_are_recovered) {
  Aligner aligner({.lexicon = &lexicon});
  // English joins sentences 3 and 4; Spanish joins 9 and 10.
  std::vector<Segment> en2 = merged(en, 3);
  std::vector<Segment> es2 = merged(es, 9);
  Alignment a = aligner.align(es2, en2);
  check_alignment(a, es2.size(), en2.size());
  BOOST_TEST(has_bead(a, "[3,4]:[3]"));
  BOOST_TEST(has_bead(a, "[9]:[8,9]"));
  BOOST_TEST(has_bead(a, "[0]:[0]"));
  BOOST_TEST(has_bead(a, "[14]:[14]"));
}

BOOST_AUTO_TEST_CASE(omissions_become_one_to_zero) {
  Aligner aligner({.lexicon = &lexicon});
  std::vector<Segment> es2 = without(es, 5);
  std::vector<Segment> en2 = without(en, 11);
  Alignment a = aligner.align(es2, en2);
  check_alignment(a, es2.size(), en2.size());
  BOOST_TEST(has_bead(a, "[]:[5]"));
  BOOST_TEST(has_bead(a, "[10]:[]"));
  BOOST_TEST(has_bead(a, "[4]:[4]"));
  BOOST_TEST(has_bead(a, "[5]:[6]"));
  BOOST_TEST(has_bead(a, "[11]:[11]"));
}

// A clean, sentence-by-sentence translation with short labels between the
// sentences ("Nota" / "Note"): the document itself shows that omissions and
// merges are rare here, so the labels pair 1-1 instead of being absorbed
// into a neighbour with a 1-0 beside it.
BOOST_AUTO_TEST_CASE(a_clean_translation_keeps_short_labels_one_to_one) {
  const char* labels[][2] = {{"Nota", "Note"},       {"Sugerencia", "Tip"},
                             {"Aviso", "Warning"},   {"Tabla 3", "Table 3"},
                             {"Ejemplo", "Example"}, {"Atención", "Caution"}};
  std::vector<Segment> es2, en2;
  std::vector<std::string> expected;
  for (int round = 0; round < 4; ++round)
    for (size_t k = 0; k < es.size(); ++k) {
      es2.push_back(es[k]);
      en2.push_back(en[k]);
      if (k % 3 == 2) {
        const auto& label = labels[(k + round) % 6];
        es2.push_back({label[0], {}, 0, {}, {}});
        en2.push_back({label[1], {}, 0, {}, {}});
      }
    }
  AlignOptions priors_off;
  priors_off.reference_deletion_share = 0;  // log(0 / share) clamps to no extra cost
  priors_off.reference_merge_share = 0;
  auto one_to_one = [&](const Alignment& a) {
    size_t n = 0;
    for (const Bead& b : a.beads)
      n += b.src.size == 1 && b.tgt.size == 1 && b.src.begin == b.tgt.begin;
    return n;
  };
  Alignment with = Aligner({.lexicon = &lexicon}).align(es2, en2);
  Alignment without = Aligner({.lexicon = &lexicon}, priors_off).align(es2, en2);
  check_alignment(with, es2.size(), en2.size());
  BOOST_TEST(one_to_one(with) == es2.size());
  BOOST_TEST(one_to_one(without) <= one_to_one(with));
}

std::vector<Segment> with_inserted(const std::vector<Segment>& side, size_t after,
                                   const std::string& text) {
  std::vector<Segment> out = side;
  Segment s;
  s.text = text;
  out.insert(out.begin() + static_cast<std::ptrdiff_t>(after + 1), s);
  return out;
}

double decoding_gain(const Alignment& a, double bead_cost) {
  double sum = 0;
  for (const Bead& b : a.beads) sum += b.confidence - bead_cost;
  return sum;
}

// A short English sentence with nothing in the Spanish (a translator's
// aside): the single best path lets the neighbouring pair swallow it as a
// 1-2, since the merge costs a little less than an omission, but few of the
// likely paths agree on that merge. Posterior decoding keeps the pair 1-1
// and the aside an omission.
BOOST_AUTO_TEST_CASE(posterior_decoding_keeps_a_short_aside_out_of_its_neighbour) {
  const struct {
    size_t after;
    const char* aside;
    const char* pair;
    const char* omission;
  } cases[] = {{0, "They sang.", "[0]:[0]", "[]:[1]"},
               {8, "Housing committee.", "[8]:[8]", "[]:[9]"},
               {14, "Housing committee.", "[14]:[14]", "[]:[15]"}};
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("aside after English " << c.after) {
      std::vector<Segment> en2 = with_inserted(en, c.after, c.aside);
      Alignment a = Aligner({.lexicon = &lexicon}).align(es, en2);
      check_alignment(a, es.size(), en2.size());
      BOOST_TEST(has_bead(a, c.pair));
      BOOST_TEST(has_bead(a, c.omission));
    }
  }
}

// Posterior decoding maximises the sum of its beads' posteriors less a cost
// per bead: no path scores higher, the Viterbi path included.
BOOST_AUTO_TEST_CASE(posterior_decoding_scores_at_least_the_viterbi_path) {
  AlignOptions decoded;
  decoded.calibrate_confidence = false;  // confidences are the raw posteriors
  AlignOptions viterbi = decoded;
  viterbi.posterior_decoding = false;
  size_t differ = 0;
  for (const char* aside : {"They sang.", "Housing committee.", "See Section 2."})
    for (size_t after = 0; after + 1 < en.size(); ++after) {
      std::vector<Segment> en2 = with_inserted(en, after, aside);
      Alignment d = Aligner({.lexicon = &lexicon}, decoded).align(es, en2);
      Alignment v = Aligner({.lexicon = &lexicon}, viterbi).align(es, en2);
      check_alignment(d, es.size(), en2.size());
      BOOST_TEST(decoding_gain(d, decoded.decode_bead_cost) >=
                 decoding_gain(v, decoded.decode_bead_cost) - 1e-6);
      bool same = d.beads.size() == v.beads.size();
      for (size_t k = 0; same && k < d.beads.size(); ++k)
        same = format_bead(d.beads[k]) == format_bead(v.beads[k]);
      differ += !same;
    }
  BOOST_TEST(differ >= 1u);
}

// One side's two paragraphs are one paragraph of the other (translations
// re-paragraph): the merge spans the paragraph break instead of leaving a
// sentence without its translation.
BOOST_AUTO_TEST_CASE(a_merge_may_span_a_paragraph_break) {
  std::vector<Segment> es2 = es;
  std::vector<Segment> en2 = merged(en, 6);  // en 6 holds es 6 and 7
  for (size_t k = 0; k < es2.size(); ++k) es2[k].paragraph = static_cast<uint32_t>(k);
  for (size_t k = 0; k < en2.size(); ++k) en2[k].paragraph = static_cast<uint32_t>(k);
  Alignment a = Aligner({.lexicon = &lexicon}).align(es2, en2);
  check_alignment(a, es2.size(), en2.size());
  BOOST_TEST(has_bead(a, "[6,7]:[6]"));
  AlignOptions forbid;
  forbid.paragraph_cross_penalty = -1;
  Alignment b = Aligner({.lexicon = &lexicon}, forbid).align(es2, en2);
  BOOST_TEST(!has_bead(b, "[6,7]:[6]"));
}

BOOST_AUTO_TEST_CASE(empty_sides) {
  Aligner aligner({.lexicon = &lexicon});
  BOOST_TEST(aligner.align({}, {}).beads.empty());
  Alignment a = aligner.align({}, en);
  check_alignment(a, 0, en.size());
  BOOST_TEST(a.beads.size() == en.size());
  Alignment b = aligner.align(es, {});
  check_alignment(b, es.size(), 0);
  BOOST_TEST(b.beads.size() == es.size());
  // Segments without a single word still align somewhere, no crash.
  std::vector<Segment> odd(3);
  odd[0].text = "";
  odd[1].text = "***";
  odd[2].text = "   ";
  Alignment c = aligner.align(odd, odd);
  check_alignment(c, 3, 3);
}

BOOST_AUTO_TEST_CASE(ten_times_longer_side) {
  Aligner aligner({.lexicon = &lexicon});
  std::vector<Segment> long_en;
  for (size_t k = 0; k < 72; ++k) long_en.push_back({filler(k), {}, 0, {}, {}});
  for (const Segment& s : en) long_en.push_back(s);
  for (size_t k = 72; k < 144; ++k) long_en.push_back({filler(k), {}, 0, {}, {}});
  BOOST_REQUIRE(long_en.size() >= 10 * es.size());
  Alignment a = aligner.align(es, long_en);
  check_alignment(a, es.size(), long_en.size());
  size_t right = 0;
  for (const Bead& b : a.beads)
    right += b.src.size == 1 && b.tgt.size == 1 && b.tgt.begin == b.src.begin + 72;
  BOOST_TEST(right >= es.size() - 2);
}

BOOST_AUTO_TEST_CASE(hundred_kilobyte_lines) {
  Aligner aligner({.lexicon = &lexicon});
  // The document with one pair of huge lines (bytes each side) inserted.
  auto with_big_lines = [&](size_t bytes) {
    std::pair<std::vector<Segment>, std::vector<Segment>> doc{es, en};
    std::string big_es, big_en;
    for (size_t k = 0; big_es.size() < bytes; ++k) big_es += filler(k) + " agua ";
    for (size_t k = 0; big_en.size() < bytes; ++k) big_en += filler(k + 1) + " water ";
    doc.first.insert(doc.first.begin() + 8, {big_es, {}, 0, {}, {}});
    doc.second.insert(doc.second.begin() + 8, {big_en, {}, 0, {}, {}});
    return doc;
  };
  // Fastest of three runs, so that a busy machine does not decide.
  auto seconds = [&](const auto& doc) {
    double best = 1e9;
    for (int run = 0; run < 3; ++run) {
      auto t0 = std::chrono::steady_clock::now();
      aligner.align(doc.first, doc.second);
      best = std::min(best,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
  };
  auto big = with_big_lines(100000);
  Alignment a = aligner.align(big.first, big.second);
  check_alignment(a, big.first.size(), big.second.size());
  BOOST_TEST(has_bead(a, "[8]:[8]"));
  BOOST_TEST(has_bead(a, "[0]:[0]"));
  BOOST_TEST(has_bead(a, "[16]:[16]"));
  // Work grows with the line, not with its square: four times the text may
  // cost four times the time, not sixteen (the speed itself is bench_align's).
  const double quarter = seconds(with_big_lines(25000)), full = seconds(big);
  BOOST_TEST(full < 8.0 * quarter + 0.05, "25 kB lines: " << quarter << " s, 100 kB: " << full);
}

BOOST_AUTO_TEST_CASE(non_text_input_does_not_crash) {
  Aligner aligner({.lexicon = &lexicon});
  std::vector<Segment> junk(4);
  junk[0].text = std::string("\xff\xfe\x00\x01 binary", 11);
  junk[1].text = "\xc3\x28 broken utf8";
  junk[2].text = std::string(5000, '\x80');
  junk[3].text = "normal text";
  Alignment a = aligner.align(junk, en);
  check_alignment(a, junk.size(), en.size());
}

BOOST_AUTO_TEST_CASE(deterministic) {
  Aligner aligner({.lexicon = &lexicon});
  std::vector<Segment> en2 = merged(without(en, 2), 6);
  Alignment a = aligner.align(es, en2);
  Alignment b = aligner.align(es, en2);
  Aligner other({.lexicon = &lexicon});
  Alignment c = other.align(es, en2);
  BOOST_REQUIRE(a.beads.size() == b.beads.size());
  BOOST_REQUIRE(a.beads.size() == c.beads.size());
  for (size_t k = 0; k < a.beads.size(); ++k) {
    BOOST_TEST(format_bead(a.beads[k]) == format_bead(b.beads[k]));
    BOOST_TEST(a.beads[k].confidence == b.beads[k].confidence);
    BOOST_TEST(a.beads[k].score == c.beads[k].score);
  }
}

BOOST_AUTO_TEST_CASE(banded_search_on_a_long_document) {
  // Force the banded search (anchors, band retries).
  AlignOptions options;
  options.full_search_cells = 0;
  Aligner aligner({.lexicon = &lexicon}, options);
  LongDocument doc = long_document(es, en, 40);
  Alignment a = aligner.align(doc.es, doc.en);
  check_alignment(a, doc.es.size(), doc.en.size());
  AlignmentScore s = score(doc.gold, a);
  BOOST_TEST(s.strict.f1 > 0.98);
}

BOOST_AUTO_TEST_CASE(a_document_that_repeats_itself_is_anchored_in_order) {
  // Ten unnumbered copies: every word is in ten segments of each side (nine
  // on the English side where a copy leaves a sentence out), so none is
  // rare, and only words found as often on both sides can anchor, their
  // occurrences paired in order.
  LongDocument doc = long_document(es, en, 10, false);
  AlignOptions options;
  options.full_search_cells = 0;
  AlignStats stats;
  Alignment a = Aligner({.lexicon = &lexicon}, options).align(doc.es, doc.en, &stats);
  check_alignment(a, doc.es.size(), doc.en.size());
  BOOST_TEST(stats.anchors >= doc.es.size() / 4);
  BOOST_TEST(score(doc.gold, a).strict.f1 > 0.98);

  options.anchor_max_repeats = 0;  // rare words only: none
  options.anchor_repeat_spacing = 0;
  Aligner({.lexicon = &lexicon}, options).align(doc.es, doc.en, &stats);
  BOOST_TEST(stats.anchors == 0u);
}

BOOST_AUTO_TEST_CASE(a_second_thread_changes_nothing) {
  // 640 x 620 segments searched in full: large enough for the passes to
  // fill their rows on a second thread, which is forced even on one core.
  LongDocument doc = long_document(es, en, 40);
  AlignOptions one;
  one.full_search_cells = 1u << 30;
  one.threads = 1;
  AlignOptions two = one;
  two.threads = 2;
  AlignStats stats;
  Alignment a = Aligner({.lexicon = &lexicon}, one).align(doc.es, doc.en);
  Alignment b = Aligner({.lexicon = &lexicon}, two).align(doc.es, doc.en, &stats);
  BOOST_TEST_REQUIRE(stats.anchors == 0u);  // searched in full, no band
  BOOST_TEST_REQUIRE(a.beads.size() == b.beads.size());
  for (size_t k = 0; k < a.beads.size(); ++k) {
    BOOST_TEST(format_bead(a.beads[k]) == format_bead(b.beads[k]));
    BOOST_TEST(a.beads[k].confidence == b.beads[k].confidence);
    BOOST_TEST(a.beads[k].score == b.beads[k].score);
  }
  BOOST_TEST(score(doc.gold, b).strict.f1 > 0.98);
}

BOOST_AUTO_TEST_CASE(progress_is_reported) {
  AlignOptions options;
  size_t calls = 0, last_done = 0, last_total = 0;
  options.progress = [&](size_t done, size_t total) {
    ++calls;
    last_done = done;
    last_total = total;
  };
  Aligner aligner({.lexicon = &lexicon}, options);
  aligner.align(es, en);
  BOOST_TEST(calls > 0u);
  BOOST_TEST(last_done == last_total);
}

BOOST_AUTO_TEST_SUITE_END()
