// Shared helpers for the segmentation tests.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "align/segment/segmenter.h"

namespace alinea::align::test {

inline std::vector<std::string> texts(const SegmentedDocument& doc) {
  std::vector<std::string> out;
  for (const Segment& s : doc.segments) out.push_back(s.text);
  return out;
}

inline std::vector<std::string> sentences(std::string_view text, Language language,
                                          DocumentFormat format = DocumentFormat::Text,
                                          const SegmentOptions& options = {}) {
  return texts(segment_text(text, "test", language, format, options));
}

}  // namespace alinea::align::test
