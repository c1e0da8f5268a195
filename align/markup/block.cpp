// Block: running text with its byte map back to the source file.
#include <algorithm>
#include <iterator>
#include <utility>

#include "align/markup/marked_text.h"
#include "align/text.h"

namespace alinea::align::markup {

void Block::append(std::string_view bytes, uint64_t source_begin) {
  if (bytes.empty()) return;
  // Extend the previous piece when this copy continues it in the source.
  if (!pieces.empty()) {
    Piece& last = pieces.back();
    if (last.linear && last.source_begin + (text.size() - last.text_begin) == source_begin) {
      text.append(bytes);
      last.source_end = source_begin + bytes.size();
      return;
    }
  }
  pieces.push_back({text.size(), source_begin, source_begin + bytes.size(), true});
  text.append(bytes);
}

void Block::append_decoded(std::string_view bytes, uint64_t source_begin, uint64_t source_end) {
  if (bytes.empty()) return;
  pieces.push_back({text.size(), source_begin, source_end, false});
  text.append(bytes);
}

void Block::append_space(uint64_t source_begin, uint64_t source_end) {
  if (text.empty() || text.back() == ' ') return;
  append_decoded(" ", source_begin, source_end);
}

void Block::new_line(uint64_t source_begin) {
  if (text.empty()) return;
  if (text.back() != ' ') append_decoded(" ", source_begin, source_begin);
  if (line_starts.empty() || line_starts.back() != text.size()) line_starts.push_back(text.size());
}

void Block::skip(uint64_t source_begin, uint64_t source_end) {
  if (source_end <= source_begin) return;
  // Kept sorted and disjoint for the binary searches of source_span().
  if (!skipped.empty() && source_begin < skipped.back().end) return;
  if (!skipped.empty() && skipped.back().end == source_begin) {
    skipped.back().end = source_end;
    return;
  }
  skipped.push_back({source_begin, source_end});
}

bool Block::blank() const {
  return std::all_of(text.begin(), text.end(), [](char c) { return is_ascii_space(c); });
}

Span Block::source_span(size_t text_begin, size_t text_end) const {
  if (pieces.empty() || text_end <= text_begin) return {};
  auto piece_at = [&](size_t pos) -> const Piece& {
    auto it = std::upper_bound(pieces.begin(), pieces.end(), pos,
                               [](size_t p, const Piece& piece) { return p < piece.text_begin; });
    return *std::prev(it);
  };
  const Piece& first = piece_at(text_begin);
  const Piece& last = piece_at(text_end - 1);
  Span span;
  span.begin =
      first.linear ? first.source_begin + (text_begin - first.text_begin) : first.source_begin;
  span.end = last.linear ? last.source_begin + (text_end - last.text_begin) : last.source_end;
  if (!skipped.empty()) {
    // Take in dropped markup touching the range on either side.
    auto after = std::lower_bound(skipped.begin(), skipped.end(), span.end,
                                  [](const Span& r, uint64_t x) { return r.begin < x; });
    if (after != skipped.end() && after->begin == span.end) span.end = after->end;
    auto before = std::lower_bound(skipped.begin(), skipped.end(), span.begin,
                                   [](const Span& r, uint64_t x) { return r.end < x; });
    if (before != skipped.end() && before->end == span.begin) span.begin = before->begin;
  }
  // Text a parser moved (HTML foster parenting) can map out of order.
  if (span.end < span.begin) std::swap(span.begin, span.end);
  return span;
}

size_t bom_length(std::string_view bytes) { return bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0; }

MarkedText read_markup(std::string_view bytes, MarkupFormat format, const ReadOptions& options) {
  switch (format) {
    case MarkupFormat::Html:
      return read_html(bytes, options);
    case MarkupFormat::Markdown:
      return read_markdown(bytes, options);
    case MarkupFormat::Docx:
      return read_docx(bytes, options.file_name);
    case MarkupFormat::Odt:
      return read_odt(bytes, options.file_name);
    case MarkupFormat::Epub:
      return read_epub(bytes, options.file_name, options);
    case MarkupFormat::Pdf:
      return read_pdf(bytes, options.file_name);
    case MarkupFormat::Text:
      break;
  }
  return read_text(bytes);
}

}  // namespace alinea::align::markup
