// Checks shared by the reader tests.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "align/markup/marked_text.h"

namespace alinea::align::markup::test {

// Every byte of every block maps back to the source bytes it came from: a
// linear piece is a verbatim copy; a space stands for white space or a
// dropped tag; any other piece is a character reference that decodes, whole,
// to exactly the piece's text. Returns the first violation, or "".
inline std::string byte_map_error(std::string_view source, const MarkedText& doc) {
  for (const Block& b : doc.blocks) {
    if (b.pieces.empty() || b.pieces.front().text_begin != 0) return "block without map: " + b.text;
    for (size_t i = 0; i < b.pieces.size(); ++i) {
      const Piece& p = b.pieces[i];
      size_t end = i + 1 < b.pieces.size() ? b.pieces[i + 1].text_begin : b.text.size();
      std::string_view text = std::string_view(b.text).substr(p.text_begin, end - p.text_begin);
      if (p.source_end < p.source_begin || p.source_end > source.size())
        return "piece outside the source: " + std::string(text);
      std::string_view src = source.substr(p.source_begin, p.source_end - p.source_begin);
      if (p.linear) {
        if (text != src)
          return "linear piece '" + std::string(text) + "' != '" + std::string(src) + "'";
      } else if (text != " ") {
        std::string decoded;
        if (decode_character_reference(src, decoded) != src.size() || decoded != text)
          return "decoded piece '" + std::string(text) + "' from '" + std::string(src) + "'";
      }
    }
  }
  return {};
}

inline std::vector<std::string> block_texts(const MarkedText& doc) {
  std::vector<std::string> out;
  for (const Block& b : doc.blocks) out.push_back(b.text);
  return out;
}

inline std::vector<std::string> slices(const std::string& text, const std::vector<Span>& spans) {
  std::vector<std::string> out;
  for (const Span& s : spans) out.push_back(text.substr(s.begin, s.size()));
  return out;
}

}  // namespace alinea::align::markup::test
