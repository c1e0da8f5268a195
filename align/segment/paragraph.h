// Internal: the paragraphs the readers hand to the splitter, with the map
// from each byte of paragraph text back to the original file.
//
//   Paragraph p;
//   p.append("Hola", 120);                 // bytes 120..124 of the file
//   p.append_decoded("á", 124, 132);       // "&aacute;" at 124..132
//   Span s = p.source_span(0, p.text.size());   // {120, 132}
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "align/segment/segmenter.h"
#include "align/types.h"

namespace alinea::align::detail {

// A run of paragraph text and where it came from. A `linear` piece is a
// verbatim copy (byte i of the piece is byte orig_begin + i of the file);
// any other piece (a decoded entity, collapsed white space) maps as a whole
// onto [orig_begin, orig_end).
struct Piece {
  size_t text_begin = 0;
  uint64_t orig_begin = 0;
  uint64_t orig_end = 0;
  bool linear = true;
};

// A subtitle cue's share of the paragraph text.
struct Cue {
  size_t text_begin = 0;
  size_t text_end = 0;
  TimeRange time;
};

struct Paragraph {
  // Running text: line breaks already turned into spaces, markup removed.
  std::string text;
  std::vector<Piece> pieces;
  // Text positions where a source line starts (besides 0): list items,
  // transcript turns and headings are recognised at these.
  std::vector<size_t> line_starts;
  // Positions where the reader knows a new segment starts.
  std::vector<size_t> forced_breaks;
  std::vector<Cue> cues;
  // Source ranges of markup dropped inside the paragraph (tags, emphasis
  // markers, template tags), in order. A sentence's span takes in markup
  // right next to it, so that "<i>Hola.</i>" is cut whole.
  std::vector<Span> skipped;
  // Whether a short first line may be taken for a heading (plain text).
  bool headings_by_layout = false;

  void append(std::string_view bytes, uint64_t orig_begin);
  void append_decoded(std::string_view bytes, uint64_t orig_begin, uint64_t orig_end);
  // One space standing for the source bytes [orig_begin, orig_end) (white
  // space or a dropped tag); nothing when the text is empty or already ends
  // in a space.
  void append_space(uint64_t orig_begin, uint64_t orig_end);
  // Marks that a new source line starts here (appends a separating space).
  void new_line(uint64_t orig_begin);
  // Records dropped markup at [orig_begin, orig_end).
  void skip(uint64_t orig_begin, uint64_t orig_end);
  bool blank() const;
  Span source_span(size_t text_begin, size_t text_end) const;
};

// Readers: `bytes` is the whole file, already checked to be UTF-8 without
// NUL; `name` is for error messages.
std::vector<Paragraph> read_text(std::string_view bytes, const SegmentOptions& options);
std::vector<Paragraph> read_markdown(std::string_view bytes, const SegmentOptions& options);
std::vector<Paragraph> read_html(std::string_view bytes, const SegmentOptions& options);
std::vector<Paragraph> read_subtitles(std::string_view bytes, DocumentFormat format,
                                      const std::string& name, const SegmentOptions& options);

// Forced breaks implied by line layout: list items, transcript turns and
// (with headings_by_layout) a heading on the first line. Sorted.
std::vector<size_t> layout_breaks(const Paragraph& paragraph, const SegmentOptions& options);

// Decodes the HTML character reference starting at bytes[0] == '&'.
// Returns the number of bytes consumed (0 when it is not a reference) and
// appends the decoded UTF-8 to `out`.
size_t decode_entity(std::string_view bytes, std::string& out);

// Length of the byte-order mark at the start of `bytes` (0 or 3).
size_t bom_length(std::string_view bytes);

}  // namespace alinea::align::detail
