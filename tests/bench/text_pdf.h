// A PDF of plain paragraphs, written by hand for the PDF reader's benchmark:
// Helvetica 10 pt (a standard font, no embedding) on A4 pages, every line
// of the text a paragraph (as a word processor shows a typed line), wrapped
// at `width` characters, with a blank line after it.
//
//   std::string pdf = text_pdf(text);
//
// Text is written in WinAnsiEncoding: characters it lacks become '?', so
// the reader's text differs from the input only there.
#pragma once

#include <string>
#include <string_view>

namespace alinea::bench {

std::string text_pdf(std::string_view text, size_t width = 95);

}  // namespace alinea::bench
