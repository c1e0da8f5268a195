// Test documents for the aligner's tests: the sentences under
// tests/data/aligner and long documents made of numbered copies of them.
#pragma once

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "align/types.h"

namespace alinea::test {

inline const std::string kAlignerData = std::string(ALINEA_TEST_DATA) + "/aligner/";

inline std::vector<align::Segment> read_segments(const std::string& name) {
  std::ifstream in(kAlignerData + name);
  BOOST_REQUIRE(in);
  std::vector<align::Segment> out;
  std::string line;
  while (std::getline(in, line)) {
    align::Segment s;
    s.text = line;
    out.push_back(s);
  }
  return out;
}

// Copies of the text, the English leaving one sentence out now and then,
// with its gold alignment. Numbered, each sentence has a word of its own;
// unnumbered, the document repeats itself and no word is rare.
struct LongDocument {
  std::vector<align::Segment> es, en;
  align::Alignment gold;
};

inline LongDocument long_document(const std::vector<align::Segment>& es,
                                  const std::vector<align::Segment>& en, uint32_t copies,
                                  bool numbered = true) {
  LongDocument doc;
  for (uint32_t copy = 0; copy < copies; ++copy) {
    for (size_t k = 0; k < es.size(); ++k) {
      const std::string tag = numbered ? " (" + std::to_string(copy * 100 + k) + ")" : "";
      const uint32_t x = static_cast<uint32_t>(doc.es.size());
      const uint32_t y = static_cast<uint32_t>(doc.en.size());
      doc.es.push_back({es[k].text + tag, {}, copy, {}, {}});
      if (copy % 7 == 3 && k == 4) {  // English leaves this one out
        doc.gold.beads.push_back({{x, 1}, {y, 0}, 0, 1});
        continue;
      }
      doc.en.push_back({en[k].text + tag, {}, copy, {}, {}});
      doc.gold.beads.push_back({{x, 1}, {y, 1}, 0, 1});
    }
  }
  return doc;
}

}  // namespace alinea::test
