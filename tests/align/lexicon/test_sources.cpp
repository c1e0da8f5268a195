// FreeDict and Apertium readers on small files written by the tests.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "align/error.h"
#include "align/lexicon/apertium.h"
#include "align/lexicon/freedict.h"
#include "test_util.h"

using namespace alinea::align;

BOOST_AUTO_TEST_SUITE(freedict)

BOOST_AUTO_TEST_CASE(base64_numbers) {
  BOOST_TEST(dictd_base64("A") == 0);
  BOOST_TEST(dictd_base64("vOT") == 193427);
  BOOST_TEST(dictd_base64("+/") == 62 * 64 + 63);
  BOOST_TEST(dictd_base64(dictd_number(123456789)) == 123456789);
  BOOST_TEST(dictd_base64("") == -1);
  BOOST_TEST(dictd_base64("a-b") == -1);
}

BOOST_AUTO_TEST_CASE(senses_lists_and_notes) {
  std::string pos;
  auto t = freedict_translations(
      "1. abolish, abrogate\n2. do away with; get rid of (informal)\n3. [Chile] "
      "tin\xe2\x80\x90opener <n>\n",
      &pos);
  BOOST_TEST(t == (std::vector<std::string>{"abolish", "abrogate", "do away with", "get rid of",
                                            "tin-opener"}),
             boost::test_tools::per_element());
  BOOST_TEST(pos == "n");
  BOOST_TEST(freedict_translations("\n\n").empty());
  // An explanation is not a translation.
  BOOST_TEST(
      freedict_translations("a word that is used when one cannot find a better one\n").empty());
}

BOOST_AUTO_TEST_CASE(reads_dictd_files_both_directions) {
  TempDir dir;
  std::string index = (dir.path / "spa-eng.index").string();
  std::string dict = (dir.path / "spa-eng.dict.dz").string();
  write_dictd(index, dict,
              {{"00databaseinfo", "00-database-info\nA test dictionary\n"},
               {"casa", "casa /\xcb\x88kasa/\nhouse, home\n"},
               {"abolir", "abolir /x/\n1. abolish\n2. do away with; get rid of (informal)\n"},
               {"toma de terreno", "toma de terreno\nland takeover [Chile]\n"},
               {"vacío", "vac\xc3\xado /x/\n\n"}},
              "no tabs on this line\n"
              "casa\t!!\tB\n"
              "lejos\tA\tzzzzz\n"
              "a\tb\tc\td\n");
  SourceReport report;
  auto pairs = read_freedict(index, dict, LexiconSource::FreeDictSpaEng, &report);
  BOOST_TEST(report.malformed == 4u);
  BOOST_TEST(report.notes.size() == 4u);
  BOOST_TEST(report.records == 4u);  // the database entry is not a headword
  BOOST_TEST(report.skipped == 1u);  // vacío has no translation
  BOOST_TEST(pairs.size() == 6u);
  BOOST_TEST(report.pairs == pairs.size());
  BOOST_TEST(has_pair(pairs, "casa", "home"));
  BOOST_TEST(has_pair(pairs, "abolir", "get rid of"));
  BOOST_TEST(has_pair(pairs, "toma de terreno", "land takeover"));
  BOOST_TEST(std::all_of(pairs.begin(), pairs.end(), [](const LexiconPair& p) {
    return p.source == LexiconSource::FreeDictSpaEng;
  }));

  // Same files read as an English-headword dictionary swap the sides.
  auto swapped = read_freedict(index, dict, LexiconSource::FreeDictEngSpa);
  BOOST_TEST(has_pair(swapped, "home", "casa"));

  // A plain (uncompressed) .dict is read too.
  write_file((dir.path / "plain.dict").string(), "casa /x/\nhouse\n");
  write_file((dir.path / "plain.index").string(),
             "casa\tA\t" + dictd_number(std::string("casa /x/\nhouse\n").size()) + "\n");
  auto plain = read_freedict((dir.path / "plain.index").string(),
                             (dir.path / "plain.dict").string(), LexiconSource::FreeDictSpaEng);
  BOOST_TEST(has_pair(plain, "casa", "house"));

  BOOST_CHECK_THROW(
      read_freedict((dir.path / "none.index").string(), dict, LexiconSource::FreeDictSpaEng),
      ResourceError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(apertium)

BOOST_AUTO_TEST_CASE(side_splitting) {
  ApertiumSide s = split_apertium_side("hacer# caso<vblex><pri>");
  BOOST_TEST(s.lemma == "hacer caso");
  BOOST_TEST(s.first_tag == "vblex");
  s = split_apertium_side("toma<b/>de<n>");
  BOOST_TEST(s.first_tag == "n");
  s = split_apertium_side("a<b>b");
  BOOST_TEST(s.lemma == "a b");
}

BOOST_AUTO_TEST_CASE(walks_table_skipping_loops_and_families) {
  TempDir dir;
  int next = 0;
  std::string att;
  att += att_path(next, "casa<n>", "house<n>");
  att += att_path(next, "toma# de terreno<n>", "land takeover<n>");
  att += att_path(next, "ocupaci\xc3\xb3n<n><f>", "occupation<n>");
  att += att_path(next, "de<pr>+el<det>", "of<pr>+the<det>");  // joined lemmas
  att += att_path(next, "7<num>", "7<num>");                   // no letters
  // A regex-like entry: [x-z]+ <np>, looping on state `loop`.
  const int loop = ++next, loop_end = ++next;
  for (char d = 'x'; d <= 'z'; ++d) {
    att += "0\t" + std::to_string(loop) + "\t" + d + "\t" + d + "\t0.000000\t\n";
    att +=
        std::to_string(loop) + "\t" + std::to_string(loop) + "\t" + d + "\t" + d + "\t0.000000\t\n";
  }
  att += std::to_string(loop) + "\t" + std::to_string(loop_end) + "\t<np>\t<np>\t0.000000\t\n";
  att += std::to_string(loop_end) + "\t0.000000\n";
  // A generated family: 12 first words x 12 second words through one state.
  const int hub = ++next, family_end = ++next;
  for (int i = 0; i < 12; ++i) {
    std::string w(1, static_cast<char>('a' + i));
    int mid = ++next;
    att += "0\t" + std::to_string(mid) + "\tq\tq\t0.000000\t\n";
    att +=
        std::to_string(mid) + "\t" + std::to_string(hub) + "\t" + w + "\t" + w + "\t0.000000\t\n";
    att += std::to_string(hub) + "\t" + std::to_string(family_end) + "\t" + w + "\t" + w +
           "\t0.000000\t\n";
  }
  att += std::to_string(family_end) + "\t0.000000\n";
  // Malformed lines.
  att += "garbage\n1\t2\tx\nA\tB\tc\td\t0.0\n3\t4\ta\tb\tnot-a-weight\n";
  // A second section numbers its states from 0 again.
  att += "--\n";
  int next2 = 0;
  att += att_path(next2, "s\xc3\xad<adv>", "yes<adv>");
  att += "--\n";
  std::string path = (dir.path / "spa-eng.att").string();
  write_file(path, att);

  SourceReport report;
  auto pairs = read_apertium_att(path, Language::Spanish, {}, &report);
  BOOST_TEST(report.malformed == 4u);
  BOOST_TEST(has_pair(pairs, "casa", "house"));
  BOOST_TEST(has_pair(pairs, "toma de terreno", "land takeover"));
  BOOST_TEST(has_pair(pairs, "ocupaci\xc3\xb3n", "occupation"));
  BOOST_TEST(has_pair(pairs, "s\xc3\xad", "yes"));
  BOOST_TEST(pairs.size() == 4u);
  BOOST_TEST(report.truncated == 0u);
  auto casa = std::find_if(pairs.begin(), pairs.end(), [](auto& p) { return p.es == "casa"; });
  BOOST_TEST(casa->pos == "n");
  BOOST_TEST((casa->source == LexiconSource::Apertium));

  // The family comes back when the fan-out bound is lifted, the loop never.
  ApertiumOptions wide;
  wide.cross_product_fanout = 1000;
  auto all = read_apertium_att(path, Language::Spanish, wide);
  BOOST_TEST(all.size() == 4u + 144u);
  BOOST_TEST(has_pair(all, "qab", "qab"));
  BOOST_TEST(has_pair(all, "qll", "qll"));
  BOOST_TEST(!has_pair(all, "x", "x"));
  BOOST_TEST(!has_pair(all, "xy", "xy"));

  // A path bound cuts long paths.
  ApertiumOptions short_paths;
  short_paths.max_path_symbols = 8;
  SourceReport cut;
  auto some = read_apertium_att(path, Language::Spanish, short_paths, &cut);
  BOOST_TEST(cut.truncated > 0u);
  BOOST_TEST(!has_pair(some, "toma de terreno", "land takeover"));
  BOOST_TEST(has_pair(some, "s\xc3\xad", "yes"));

  // Read as an English-input transducer, the sides swap.
  auto swapped = read_apertium_att(path, Language::English);
  BOOST_TEST(has_pair(swapped, "house", "casa"));
}

BOOST_AUTO_TEST_SUITE_END()
