// Plain UTF-8 text: blocks are runs of non-blank lines. The block text is a
// verbatim copy of the source with CR and LF turned into spaces, so every
// byte maps back to the file by a single offset.
#include "align/text.h"

#include "align/markup/marked_text.h"

namespace alinea::align::markup {

namespace {

bool blank_line(std::string_view line) {
  for (char c : line)
    if (!is_ascii_space(c)) return false;
  return true;
}

}  // namespace

MarkedText read_text(std::string_view bytes) {
  MarkedText out;
  size_t pos = bom_length(bytes);
  size_t block_begin = 0;
  std::vector<size_t> line_starts;
  auto flush = [&](size_t end) {
    if (line_starts.empty()) return;
    Block b;
    b.append(bytes.substr(block_begin, end - block_begin), block_begin);
    for (char& c : b.text)
      if (c == '\r' || c == '\n' || c == '\f' || c == '\v') c = ' ';
    for (size_t i = 1; i < line_starts.size(); ++i)
      b.line_starts.push_back(line_starts[i] - block_begin);
    out.blocks.push_back(std::move(b));
    line_starts.clear();
  };
  size_t last_content_end = pos;
  while (pos < bytes.size()) {
    size_t line_end = pos;
    while (line_end < bytes.size() && bytes[line_end] != '\n' && bytes[line_end] != '\r')
      ++line_end;
    size_t next = line_end;
    if (next < bytes.size())
      next += (bytes[next] == '\r' && next + 1 < bytes.size() && bytes[next + 1] == '\n') ? 2 : 1;
    std::string_view line = bytes.substr(pos, line_end - pos);
    if (blank_line(line)) {
      flush(last_content_end);
    } else {
      if (line_starts.empty()) block_begin = pos;
      line_starts.push_back(pos);
      last_content_end = line_end;
    }
    pos = next;
  }
  flush(last_content_end);
  return out;
}

}  // namespace alinea::align::markup
