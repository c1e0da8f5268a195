// The segmenter against hand-cut gold written for these tests in Spanish and
// English, one expected sentence per line: an interview about a land takeover
// (gold_{es,en}) and a short historical article with numbered headings
// (article_{es,en}). Also checks that every segment's byte span is
// the sentence as it stands in the file.
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "align/segment/segmenter.h"

using namespace alinea::align;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot open " << path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

void check_gold(const std::string& stem, Language language) {
  const std::string dir = std::string(ALINEA_TEST_DATA) + "/segment/";
  const std::string raw = read(dir + stem + ".txt");
  const std::vector<std::string> gold = lines(read(dir + stem + ".sent"));
  SegmentedDocument doc = segment_file(dir + stem + ".txt", std::nullopt, std::nullopt);
  BOOST_TEST((doc.language == language), "language detected for " << stem);
  std::vector<std::string> got;
  for (const Segment& s : doc.segments) got.push_back(s.text);
  BOOST_TEST(got == gold, boost::test_tools::per_element());
  for (const Segment& s : doc.segments) {
    std::string original = raw.substr(s.bytes.begin, s.bytes.size());
    for (char& c : original)
      if (c == '\n') c = ' ';
    BOOST_TEST(original == s.text);
  }
  // Paragraph indices never decrease and start at 0.
  uint32_t last = 0;
  for (const Segment& s : doc.segments) {
    BOOST_TEST(s.paragraph >= last);
    last = s.paragraph;
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gold)

BOOST_AUTO_TEST_CASE(spanish_interview) { check_gold("gold_es", Language::Spanish); }
BOOST_AUTO_TEST_CASE(english_interview) { check_gold("gold_en", Language::English); }
BOOST_AUTO_TEST_CASE(spanish_article) { check_gold("article_es", Language::Spanish); }
BOOST_AUTO_TEST_CASE(english_article) { check_gold("article_en", Language::English); }

BOOST_AUTO_TEST_SUITE_END()
