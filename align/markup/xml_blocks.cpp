#include "align/markup/xml_blocks.h"

#include "align/text.h"

namespace alinea::align::markup {

void BlockBuilder::mark(std::vector<Span>& spans, bool on, size_t begin) {
  // Adjacent runs with the same emphasis make one span: Word splits runs at
  // every edit, and a gloss must reach the glossary whole.
  bool& open = &spans == &block_.italics ? italic_open_ : bold_open_;
  if (on && open && !spans.empty() && spans.back().end == begin) {
    spans.back().end = block_.text.size();
  } else if (on) {
    spans.push_back({begin, block_.text.size()});
  }
  open = on;
}

void BlockBuilder::text(std::string_view s, bool italic, bool bold, bool collapse_space) {
  const size_t begin = block_.text.size();
  if (!collapse_space) {
    block_.append(s, begin);
  } else {
    std::string out;
    out.reserve(s.size());
    bool after_space = block_.text.empty() || block_.text.back() == ' ';
    for (char c : s) {
      if (is_ascii_space(c)) {
        if (!after_space) out.push_back(' ');
        after_space = true;
      } else {
        out.push_back(c);
        after_space = false;
      }
    }
    block_.append(out, begin);
  }
  if (block_.text.size() == begin) return;
  mark(block_.italics, italic, begin);
  mark(block_.bold, bold, begin);
}

Block BlockBuilder::finish() {
  Block out = std::move(block_);
  block_ = Block{};
  italic_open_ = bold_open_ = false;
  // A trailing space (a final tab or break) carries nothing.
  while (!out.text.empty() && out.text.back() == ' ') {
    out.text.pop_back();
    for (auto* spans : {&out.italics, &out.bold})
      while (!spans->empty() && spans->back().end > out.text.size()) {
        spans->back().end = out.text.size();
        if (spans->back().size() == 0) spans->pop_back();
      }
    if (!out.pieces.empty()) {
      out.pieces.back().source_end =
          out.pieces.back().source_begin + (out.text.size() - out.pieces.back().text_begin);
      if (out.pieces.back().text_begin == out.text.size()) out.pieces.pop_back();
    }
  }
  return out;
}

}  // namespace alinea::align::markup
