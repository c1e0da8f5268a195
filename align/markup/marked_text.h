// The one markup layer: every document format is read into the same
// MarkedText, a list of blocks (paragraphs) of running text that remember
// where each byte came from and which stretches were emphasised.
//
//   MarkedText doc = read_markup(bytes, MarkupFormat::Html);
//   for (const Block& b : doc.blocks) {
//     Span source = b.source_span(0, b.text.size());   // bytes of the file
//     for (const Span& i : b.italics) use(b.text.substr(i.begin, i.size()));
//   }
//
// Readers: plain text (text.cpp), Markdown (markdown.cpp, md4c), HTML
// (html.cpp, gumbo), DOCX and ODT (docx.cpp, odt.cpp: libzip and libxml2),
// EPUB (epub.cpp: its XHTML chapters through the HTML reader), PDF (pdf.cpp:
// poppler's words, lines and paragraphs rebuilt by pdf_layout.cpp).
// A new format is one reader that fills Blocks the same
// way. No third-party header appears here; the parsers are private to their
// reader's .cpp file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "align/types.h"

namespace alinea::align::markup {

// A run of block text and where it came from. A `linear` piece is a verbatim
// copy (byte i of the piece is byte source_begin + i of the file); any other
// piece (a decoded entity, collapsed white space) maps as a whole onto
// [source_begin, source_end).
struct Piece {
  size_t text_begin = 0;
  uint64_t source_begin = 0;
  uint64_t source_end = 0;
  bool linear = true;
};

// One paragraph, heading, list item or table cell: running text with markup
// removed and source line breaks turned into spaces.
struct Block {
  std::string text;
  // The byte map: pieces in text order, the first at text position 0.
  std::vector<Piece> pieces;
  // Text positions where a source line starts (besides 0): list items,
  // transcript turns and headings are recognised at these.
  std::vector<size_t> line_starts;
  // Source ranges of markup dropped inside the block (tags, emphasis
  // markers), in order. source_span() takes in markup right next to a
  // range, so that "<i>Hola.</i>" is cut whole.
  std::vector<Span> skipped;
  // Emphasis as text ranges of this block, in order of their end; nested
  // emphasis gives nested ranges. Bold-italic text is in both lists.
  std::vector<Span> italics;
  std::vector<Span> bold;
  // For a paged format (PDF) the page, from 1, the block starts on; else 0.
  uint32_t page = 0;

  // Copies source bytes that start at `source_begin` (a linear piece).
  void append(std::string_view bytes, uint64_t source_begin);
  // Text that stands as a whole for the source bytes [source_begin, source_end).
  void append_decoded(std::string_view bytes, uint64_t source_begin, uint64_t source_end);
  // One space standing for [source_begin, source_end) (white space or a
  // dropped tag); nothing when the text is empty or already ends in a space.
  void append_space(uint64_t source_begin, uint64_t source_end);
  // Marks that a new source line starts here (appends a separating space).
  void new_line(uint64_t source_begin);
  // Records dropped markup at [source_begin, source_end).
  void skip(uint64_t source_begin, uint64_t source_end);
  // Whether the text is only white space (is_ascii_space).
  bool blank() const;
  // The source bytes text [text_begin, text_end) came from, with adjacent
  // dropped markup.
  Span source_span(size_t text_begin, size_t text_end) const;
};

struct MarkedText {
  std::vector<Block> blocks;  // in document order, none blank
  // False: pieces' source offsets are bytes of the file. True (DOCX, ODT, EPUB, PDF,
  // where a byte of the zip means nothing to a person): every block is one
  // paragraph of the document, and its source offsets are byte positions in
  // its own text, so a place is found again as (block number, characters
  // before it in the block text).
  bool paragraph_locations = false;
};

enum class MarkupFormat { Text, Markdown, Html, Docx, Odt, Epub, Pdf };

// What a reader keeps. The defaults suit sentence segmentation.
struct ReadOptions {
  // HTML: drop <nav>, <header>, <footer>, <aside>, <form> and elements whose
  // class or id names navigation ("toc", "navbar", "breadcrumb"...).
  bool drop_boilerplate = true;
  // Markdown fenced/indented code and HTML <pre>: dropped unless true.
  bool keep_code_blocks = false;
  // The file's name, for errors from readers that can refuse input (a DOCX,
  // ODT or EPUB package that is damaged or hostile).
  std::string file_name = "-";
};

// `bytes` is the whole file, valid UTF-8 (a leading byte-order mark is
// skipped); byte offsets in the result index into `bytes`. Readers never
// throw on malformed markup: they read it as a browser or a CommonMark
// renderer would.
MarkedText read_markup(std::string_view bytes, MarkupFormat format,
                       const ReadOptions& options = {});
MarkedText read_text(std::string_view bytes);
MarkedText read_markdown(std::string_view bytes, const ReadOptions& options = {});
MarkedText read_html(std::string_view bytes, const ReadOptions& options = {});
// `bytes` is the whole .docx / .odt (a zip package). Unlike the readers
// above these refuse input: InputError naming `name` for a damaged or
// hostile package (see zip.h, xml_doc.h) or one that is not this format.
MarkedText read_docx(std::string_view bytes, const std::string& name);
MarkedText read_odt(std::string_view bytes, const std::string& name);
// The chapters of an EPUB in spine order, each read by read_html (site
// chrome kept: a book has none, and its footnotes are often <aside>s).
MarkedText read_epub(std::string_view bytes, const std::string& name,
                     const ReadOptions& options = {});
// The text layer of a PDF (poppler) in reading order, paragraphs rebuilt
// from the lines' geometry, hyphenation at line ends undone, running
// headers, footers and page numbers left out (see pdf_layout.h); every
// block carries its page. InputError naming `name` for a PDF that is
// damaged, truncated, encrypted, too large, or has no text on any page (a
// scan).
MarkedText read_pdf(std::string_view bytes, const std::string& name);

// Decodes the HTML character reference at the start of `bytes` (bytes[0] ==
// '&') as an HTML5 parser does in text: named (with or without the final
// ';' where HTML allows it), decimal and hexadecimal. Returns the number of
// bytes it spans (0 when it is not a reference) and appends the text to
// `out`. The decoding is gumbo's; this only finds the reference's end.
size_t decode_character_reference(std::string_view bytes, std::string& out);

// Length of the byte-order mark at the start of `bytes` (0 or 3).
size_t bom_length(std::string_view bytes);

}  // namespace alinea::align::markup
