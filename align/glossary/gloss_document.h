// A document as the glossary extractor reads it: one text, paragraphs
// separated by a blank line, with its italic spans; a flat view of the
// markup layer's blocks (align/markup).
//
//   GlossDocument t = read_gloss_document("housing committees (*comités de vivienda*)",
//                                   MarkupFormat::Markdown);
//   t.text     == "housing committees (comités de vivienda)"
//   t.italics  == {{20, 40}}          // byte range of "comités de vivienda"
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "align/markup/marked_text.h"
#include "align/types.h"

namespace alinea::align {

// Markdown (also for plain text: volunteers type *x* and _x_ in .txt files
// too) or Html (<em>/<i> are italics; tags dropped; block elements become
// paragraph breaks): the markup layer's format enum.
using markup::MarkupFormat;

// Markdown for .md/.markdown/.txt and anything else, Html for .html/.htm/.xhtml
// or content that opens with '<' (after leading whitespace), Docx and Odt for
// .docx and .odt (italics from run properties and styles).
MarkupFormat guess_markup_format(std::string_view file_name, std::string_view text);

struct GlossDocument {
  std::string text;           // markup removed, UTF-8 as in the input
  std::vector<Span> italics;  // byte ranges of text: in order, non-overlapping, non-empty
};

// The document read by the markup layer (align/markup: md4c for Markdown,
// gumbo for HTML) and flattened: blocks joined by a blank line, markup
// removed (list markers, heading marks, link targets, tags), line breaks
// inside a block as spaces, italics (`*x*`, `_x_`, `***x***`, <em>, <i>)
// merged where they nest. Front matter, template tags, script, style and
// the head are not text; site chrome and code are. An italic left open at
// the end of a block ends there. Never throws on unbalanced markup:
// unmatched markers stay as literal text, as CommonMark and HTML5 say.
// `file_name` is named in the errors of the readers that refuse input
// (DOCX, ODT: a damaged or hostile package).
GlossDocument read_gloss_document(std::string_view raw, MarkupFormat format,
                                  const std::string& file_name = "-");

}  // namespace alinea::align
