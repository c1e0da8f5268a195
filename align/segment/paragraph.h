// Internal: the paragraphs the splitter cuts, blocks of the markup layer
// (text with its byte map back to the original file) and what segmentation
// adds to them.
//
//   Paragraph p;
//   p.append("Hola", 120);                 // bytes 120..124 of the file
//   p.append_decoded("á", 124, 132);       // "&aacute;" at 124..132
//   Span s = p.source_span(0, p.text.size());   // {120, 132}
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "align/markup/marked_text.h"
#include "align/segment/segmenter.h"
#include "align/types.h"

namespace alinea::align::detail {

// A subtitle cue's share of the paragraph text.
struct Cue {
  size_t text_begin = 0;
  size_t text_end = 0;
  TimeRange time;
};

// A block of the markup layer with what the segmenter adds: where the reader
// knows a segment starts, subtitle times, and whether a short first line may
// be a heading.
struct Paragraph : markup::Block {
  Paragraph() = default;
  explicit Paragraph(markup::Block&& block) : markup::Block(std::move(block)) {}
  // Positions where the reader knows a new segment starts.
  std::vector<size_t> forced_breaks;
  std::vector<Cue> cues;
  // Whether a short first line may be taken for a heading (plain text).
  bool headings_by_layout = false;
};

// SRT and WebVTT; `bytes` is the whole file, already checked to be UTF-8
// without NUL; `name` is for error messages. The other formats are read by
// the markup layer (align/markup/).
std::vector<Paragraph> read_subtitles(std::string_view bytes, DocumentFormat format,
                                      const std::string& name, const SegmentOptions& options);

// Forced breaks implied by line layout: list items, transcript turns and
// (with headings_by_layout) a heading on the first line. Sorted.
std::vector<size_t> layout_breaks(const Paragraph& paragraph, const SegmentOptions& options);

}  // namespace alinea::align::detail
