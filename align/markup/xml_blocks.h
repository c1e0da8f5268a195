// Internal: builds the Blocks of a document read from XML runs (DOCX, ODT),
// where a paragraph's text comes in runs, each italic, bold or neither.
// Source offsets of these blocks are positions in the block's own text (see
// MarkedText::paragraph_locations), so every piece is linear.
#pragma once

#include <string_view>

#include "align/markup/marked_text.h"

namespace alinea::align::markup {

class BlockBuilder {
 public:
  // Appends a run. With `collapse_space` (ODF), white space runs become one
  // space, also across runs, as an ODF consumer shows them.
  void text(std::string_view s, bool italic, bool bold, bool collapse_space = false);
  // A tab or a line break inside the paragraph: one space.
  void space() { text(" ", false, false, true); }
  // The block so far (trailing space dropped); the builder starts afresh.
  Block finish();

 private:
  void mark(std::vector<Span>& spans, bool on, size_t begin);
  Block block_;
  bool italic_open_ = false;
  bool bold_open_ = false;
};

}  // namespace alinea::align::markup
