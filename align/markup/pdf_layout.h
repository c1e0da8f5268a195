// Internal: the PDF reader's layout rules on plain geometry, apart from
// poppler so that they can be tested on lines made up by hand.
//
//   std::vector<PdfLine> lines;                      // every page, in order
//   for (page...) append(lines, words_to_lines(words_of_page, page_number));
//   drop_running_lines(lines, page_count);           // headers, footers, folios
//   std::vector<Block> paragraphs = lines_to_blocks(lines);
//
// Coordinates are PDF points with y growing downwards (poppler's), so a
// line's top is above its bottom when top < bottom.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "align/markup/marked_text.h"

namespace alinea::align::markup::pdf {

// One word as poppler's text_list() gives it, in its reading order.
struct PdfWord {
  std::string text;  // UTF-8
  double left = 0, top = 0, right = 0, bottom = 0;
  bool space_after = false;
  bool italic = false;
  bool bold = false;
};

// A line of words: one row of text on one page.
struct PdfLine {
  std::string text;
  double left = 0, top = 0, right = 0, bottom = 0;
  uint32_t page = 0;  // from 1
  // Emphasis as byte ranges of `text`.
  std::vector<Span> italics;
  std::vector<Span> bold;
  double height() const { return bottom - top; }
};

// Groups a page's words into lines: a word starts a new line when it is not
// on the current line's row (its middle outside the line's top and bottom)
// or when it stands left of the previous word (poppler moved to another
// column or block).
std::vector<PdfLine> words_to_lines(const std::vector<PdfWord>& words, uint32_t page);

// The text of a running header or footer with its digits taken out and
// spaces collapsed, so that "Entrevista - 3" and "Entrevista - 4" compare
// equal.
std::string running_key(std::string_view text);

// Whether the line is only a page number: digits with at most dashes,
// slashes, parentheses, brackets, dots and spaces around ("- 3 -", "3/10").
bool is_page_number(std::string_view text);

// Removes from `lines` (every page's lines, page by page) the running
// headers and footers: a line at the top or bottom edge of its page that is
// only a page number, or whose running_key() is found at the same edge on
// at least two pages and on at least half of the `page_count` pages. Up to
// two lines are removed at each edge (a title line and a folio line).
void drop_running_lines(std::vector<PdfLine>& lines, uint32_t page_count);

// Joins the text of two consecutive lines of one paragraph, undoing
// hyphenation: "organi-" + "zación" gives "organización" (a lowercase letter
// before the hyphen, a lowercase letter after it), "Allende-" + "Frei" gives
// "Allende-Frei" (the hyphen of a compound is kept, without a space), a
// soft hyphen (U+00AD) at the end is always dropped; otherwise one space.
// Returns the byte offset in `out` where `next` was appended.
size_t join_line(std::string& out, std::string_view next);

// Rebuilds paragraphs from the lines (after drop_running_lines). A new
// paragraph starts at a line that
//   - follows a vertical gap clearly larger than the document's usual line
//     spacing;
//   - is set in a clearly different size (a heading and its text);
//   - starts indented from the previous line's start (a first-line indent);
//   - follows a line that ends well short of the page's right margin (the
//     last line of a paragraph) with a sentence end, or with anything at
//     the foot of a page or column.
// Each block's text is its lines joined by join_line(); its byte map is its
// own text (as for DOCX), and `page` the page of its first line.
std::vector<Block> lines_to_blocks(const std::vector<PdfLine>& lines);

}  // namespace alinea::align::markup::pdf
