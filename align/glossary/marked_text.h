// A document as the glossary extractor reads it: one text, paragraphs
// separated by a blank line, with its italic spans. HTML is read by the
// markup layer (align/markup) and flattened.
//
//   MarkedText t = read_marked_text("housing committees (*comités de vivienda*)",
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
// or content that opens with '<' (after leading whitespace).
MarkupFormat guess_markup_format(std::string_view file_name, std::string_view text);

// Half-open byte range [begin, end) into MarkedText::text.
using ByteRange = Span;

struct MarkedText {
  std::string text;                // markup removed, UTF-8 as in the input
  std::vector<ByteRange> italics;  // in order, non-overlapping, non-empty
};

// Strips the markup that matters for glossing. Markdown: a leading YAML front
// matter is blanked; `*x*`, `_x_`, `***x***` mark italics; `**x**`/`__x__`
// markers are dropped without marking; `\*` is a literal star; an `_` inside a
// word (snake_case) is literal. HTML: tags, comments, <script>/<style>/<head>
// bodies dropped; character references decoded as HTML5 does; an italic still
// open at the end of a block is closed there. Never throws on unbalanced markup: unmatched
// markers stay as literal text.
MarkedText read_marked_text(std::string_view raw, MarkupFormat format);

}  // namespace alinea::align
