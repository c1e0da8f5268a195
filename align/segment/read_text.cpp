// Plain UTF-8 text: paragraphs are runs of non-blank lines. The paragraph
// text is a verbatim copy of the source with CR and LF turned into spaces,
// so every byte maps back to the file by a single offset.
#include "align/segment/paragraph.h"

namespace alinea::align::detail {

namespace {

bool blank_line(std::string_view line) {
  for (char c : line)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') return false;
  return true;
}

}  // namespace

std::vector<Paragraph> read_text(std::string_view bytes, const SegmentOptions&) {
  std::vector<Paragraph> out;
  size_t pos = bom_length(bytes);
  Paragraph current;
  size_t para_begin = 0;
  std::vector<size_t> line_starts;
  auto flush = [&](size_t end) {
    if (line_starts.empty()) return;
    Paragraph p;
    p.append(bytes.substr(para_begin, end - para_begin), para_begin);
    for (char& c : p.text)
      if (c == '\r' || c == '\n' || c == '\f' || c == '\v') c = ' ';
    for (size_t i = 1; i < line_starts.size(); ++i)
      p.line_starts.push_back(line_starts[i] - para_begin);
    p.headings_by_layout = true;
    out.push_back(std::move(p));
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
      if (line_starts.empty()) para_begin = pos;
      line_starts.push_back(pos);
      last_content_end = line_end;
    }
    pos = next;
  }
  flush(last_content_end);
  return out;
}

}  // namespace alinea::align::detail
