// The data that flows through alinea_align.
//
//   std::vector<Segment> es = segment_document(...);
//   Alignment a = aligner.align(es, en);
//   for (const Bead& b : a.beads) use(es[b.src.begin] ...);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace alinea::align {

// Half-open byte range [begin, end) into the original file.
struct Span {
  uint64_t begin = 0;
  uint64_t end = 0;
  uint64_t size() const { return end - begin; }
  friend bool operator==(const Span&, const Span&) = default;
};

// Start and end time of a subtitle-derived segment, in milliseconds.
struct TimeRange {
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

// Where a segment stands in a document whose byte offsets mean nothing to a
// person (DOCX, ODT, EPUB, PDF): the paragraph, counted from 1 as the
// segment's paragraph index + 1 (non-empty paragraphs, footnotes after the
// body), the segment's first and past-the-end character (code point) within
// that paragraph's text, tracked changes accepted, and for a paged format
// the page (from 1) the segment starts on; 0 where the format has no pages.
struct Location {
  uint32_t paragraph = 0;
  uint64_t char_begin = 0;
  uint64_t char_end = 0;
  uint32_t page = 0;
  friend bool operator==(const Location&, const Location&) = default;
};

// One sentence (or pre-segmented unit). `text` is NFC UTF-8 with inner line
// breaks folded to spaces; `bytes` points back into the original file so
// later stages can show context; for DOCX and ODT `bytes` indexes the
// paragraph's text and `location` says where it is. Lengths for scoring are in code points.
struct Segment {
  std::string text;
  Span bytes;
  uint32_t paragraph = 0;
  std::optional<TimeRange> time;
  std::optional<Location> location;
};

// A run of consecutive segments on one side: [begin, begin + size).
struct SegmentRange {
  uint32_t begin = 0;
  uint32_t size = 0;
  uint32_t end() const { return begin + size; }
  bool empty() const { return size == 0; }
  friend bool operator==(const SegmentRange&, const SegmentRange&) = default;
};

// One rung of the alignment ladder: `src` segments correspond to `tgt`
// segments. Either side may be empty (an omission), never both.
struct Bead {
  SegmentRange src;
  SegmentRange tgt;
  double score = 0.0;       // cost of the bead in the model (lower is better)
  double confidence = 0.0;  // calibrated probability in [0, 1] that it is right
};

// A monotone list of beads covering every segment of both sides exactly once.
struct Alignment {
  std::vector<Bead> beads;
};

}  // namespace alinea::align
