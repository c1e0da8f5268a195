#include "align/markup/pdf_layout.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <map>
#include <utility>

namespace alinea::align::markup::pdf {

namespace {

// A word more than this many line heights right of the previous one without
// a space poppler reported (two blocks on one row) is still a new word.
constexpr double kWordGap = 0.2;
// Baselines this many times the document's usual line distance apart have a
// paragraph gap between them: single-spaced text sits at ~1.15-1.2 font
// sizes, and even a small space between paragraphs (6 pt at 12 pt) adds
// more than 30 %, while uneven lines (a superscript) stay well below.
constexpr double kGapFactor = 1.3;
// Lines whose heights differ by more than this factor are in different
// sizes: a heading and its body text (body sizes of one document vary less).
constexpr double kSizeFactor = 1.25;
// A first-line indent is at least this many line heights (LibreOffice's and
// Word's are 0.5-1.25 cm, 1-3 line heights; a ragged start is a fraction).
constexpr double kIndent = 0.8;
// A line ending this fraction of the text width short of the right margin
// is a paragraph's last line if it ends a sentence. Ragged-right text ends
// short by about one word; a wrong break here falls at a sentence end,
// where the segmenter cuts anyway.
constexpr double kShortLine = 0.15;
// Without a sentence end a wrong break cuts a sentence in two: a line at
// the foot of a page or column must end this short (ragged-right text set
// from a proportional font can end a fifth short by itself).
constexpr double kShortFoot = 0.35;
// At most this many lines are taken off each edge of a page.
constexpr int kMaxRunningLines = 2;

char32_t first_code_point(std::string_view s) {
  if (s.empty()) return 0;
  int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(s.data(), i, static_cast<int32_t>(s.size()), c);
  return c < 0 ? 0 : static_cast<char32_t>(c);
}

// The code point that ends at byte `end` of `s` (0 when none).
char32_t code_point_before(std::string_view s, size_t end) {
  if (end == 0) return 0;
  int32_t i = static_cast<int32_t>(end);
  UChar32 c = 0;
  U8_PREV(s.data(), 0, i, c);
  return c < 0 ? 0 : static_cast<char32_t>(c);
}

bool is_lower_letter(char32_t c) { return c != 0 && u_isULowercase(static_cast<UChar32>(c)); }
bool is_letter(char32_t c) { return c != 0 && u_isalpha(static_cast<UChar32>(c)); }

// Whether the text ends a sentence: ". ! ? …", before closing quotes and
// brackets.
bool ends_sentence(std::string_view s) {
  size_t end = s.size();
  while (end > 0) {
    char32_t c = code_point_before(s, end);
    if (c == U'"' || c == U'\'' || c == U')' || c == U']' || c == U'\u201D' || c == U'\u2019' ||
        c == U'\u00BB') {
      end -= U8_LENGTH(static_cast<UChar32>(c));
      continue;
    }
    return c == U'.' || c == U'!' || c == U'?' || c == U'\u2026';
  }
  return false;
}

void add_span(std::vector<Span>& spans, Span s) {
  if (s.begin >= s.end) return;
  // Emphasis running on from the previous word or line is one span.
  if (!spans.empty() && spans.back().end + 1 >= s.begin)
    spans.back().end = std::max(spans.back().end, s.end);
  else
    spans.push_back(s);
}

// What the lines have in common, for the paragraph rules.
struct Shape {
  struct Margins {
    double left = 0, right = 0;
  };
  std::map<uint32_t, Margins> pages;
  // The document's usual baseline-to-baseline distance in line heights (so
  // that a heading's larger lines compare with their own size); 0: unknown.
  double line_distance = 0;
};

Shape shape_of(const std::vector<PdfLine>& lines) {
  Shape shape;
  std::vector<double> distances;
  for (size_t i = 0; i < lines.size(); ++i) {
    const PdfLine& l = lines[i];
    auto [it, fresh] = shape.pages.try_emplace(l.page, Shape::Margins{l.left, l.right});
    it->second.left = std::min(it->second.left, l.left);
    it->second.right = std::max(it->second.right, l.right);
    if (i > 0 && lines[i - 1].page == l.page) {
      const PdfLine& p = lines[i - 1];
      double d = l.bottom - p.bottom;
      // Only lines of one size, one under the other.
      if (d > 0 && l.height() > 0 &&
          std::max(l.height(), p.height()) <= kSizeFactor * std::min(l.height(), p.height()))
        distances.push_back(d / l.height());
    }
  }
  if (!distances.empty()) {
    // A low percentile over the whole document, not the median: in a text
    // of short paragraphs (a list, a page of headings) most distances are
    // paragraph gaps, and the line distance is the smaller one; a tenth
    // leaves room for a few lines set closer (a formula, a table row).
    std::sort(distances.begin(), distances.end());
    shape.line_distance = distances[distances.size() / 10];
  }
  return shape;
}

bool starts_paragraph(const PdfLine& prev, const PdfLine& line, const Shape& shape) {
  const Shape::Margins& here = shape.pages.at(line.page);
  const Shape::Margins& there = shape.pages.at(prev.page);
  const double height = std::max(line.height(), 1e-3);
  if (std::max(line.height(), prev.height()) > kSizeFactor * std::min(line.height(), prev.height()))
    return true;
  const double distance = line.bottom - prev.bottom;
  // Above the previous line (or on the next page): a new column or page,
  // where a paragraph may run on; only the indent and short-line rules say.
  const bool moved_up = line.page != prev.page || distance < height * 0.5;
  if (!moved_up) {
    double usual = shape.line_distance > 0 ? shape.line_distance : 1.2;
    if (distance > kGapFactor * usual * height) return true;
  }
  // An indent is measured from the previous line's start on the same column
  // (a quotation indented as a whole is one paragraph), from the page's
  // margin after a move.
  double start = moved_up ? here.left : prev.left;
  if (line.left > start + kIndent * height) return true;
  double width = there.right - there.left;
  // A short line ends a paragraph if it ends a sentence; at the foot of a
  // page or column, where no gap can tell, a line ending very short does
  // whatever its last character, since a paragraph that runs on fills its
  // last line there.
  if (ends_sentence(prev.text)) return prev.right < there.right - kShortLine * width;
  return moved_up && prev.right < there.right - kShortFoot * width;
}

}  // namespace

std::vector<PdfLine> words_to_lines(const std::vector<PdfWord>& words, uint32_t page) {
  std::vector<PdfLine> lines;
  const PdfWord* prev = nullptr;
  for (const PdfWord& w : words) {
    if (w.text.empty()) continue;
    double middle = (w.top + w.bottom) / 2;
    bool same_line = prev != nullptr && middle >= lines.back().top &&
                     middle <= lines.back().bottom && w.left >= prev->left;
    if (!same_line) {
      lines.push_back(PdfLine{"", w.left, w.top, w.right, w.bottom, page, {}, {}});
    } else {
      PdfLine& l = lines.back();
      bool gap = w.left - prev->right > kWordGap * (w.bottom - w.top);
      if (prev->space_after || gap) l.text += ' ';
      l.top = std::min(l.top, w.top);
      l.bottom = std::max(l.bottom, w.bottom);
      l.right = std::max(l.right, w.right);
    }
    PdfLine& l = lines.back();
    Span at{l.text.size(), l.text.size() + w.text.size()};
    l.text += w.text;
    if (w.italic) add_span(l.italics, at);
    if (w.bold) add_span(l.bold, at);
    prev = &w;
  }
  return lines;
}

std::string running_key(std::string_view text) {
  std::string key;
  for (char c : text) {
    if (c >= '0' && c <= '9') continue;
    if (c == ' ' || c == '\t') {
      if (!key.empty() && key.back() != ' ') key += ' ';
      continue;
    }
    key += c;
  }
  while (!key.empty() && key.back() == ' ') key.pop_back();
  return key;
}

bool is_page_number(std::string_view text) {
  bool digit = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] >= '0' && text[i] <= '9') {
      digit = true;
    } else if (text.substr(i).starts_with("\u2013") || text.substr(i).starts_with("\u2014")) {
      i += 2;  // an en or em dash, three bytes
    } else if (std::string_view(" -/()[].|").find(text[i]) == std::string_view::npos) {
      return false;
    }
  }
  return digit;
}

void drop_running_lines(std::vector<PdfLine>& lines, uint32_t page_count) {
  // Each page's lines from top to bottom, as indices into `lines`.
  std::map<uint32_t, std::vector<size_t>> pages;
  for (size_t i = 0; i < lines.size(); ++i) pages[lines[i].page].push_back(i);
  for (auto& [page, order] : pages)
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return lines[a].top < lines[b].top; });
  // The lines near each edge: edge 0 top, 1 bottom.
  auto edge_lines = [&](const std::vector<size_t>& order, int edge) {
    std::vector<size_t> out;
    for (int k = 0; k < kMaxRunningLines && k < static_cast<int>(order.size()); ++k)
      out.push_back(edge == 0 ? order[k] : order[order.size() - 1 - k]);
    return out;
  };
  std::array<std::map<std::string, uint32_t>, 2> pages_with;
  for (const auto& [page, order] : pages)
    for (int edge = 0; edge < 2; ++edge) {
      std::vector<std::string> seen;
      for (size_t i : edge_lines(order, edge)) {
        std::string key = running_key(lines[i].text);
        if (key.empty() || std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
        seen.push_back(key);
        ++pages_with[edge][key];
      }
    }
  const uint32_t enough = std::max<uint32_t>(2, (page_count + 1) / 2);
  std::vector<bool> drop(lines.size(), false);
  for (const auto& [page, order] : pages)
    for (int edge = 0; edge < 2; ++edge)
      // From the edge inwards, while lines are running ones.
      for (size_t i : edge_lines(order, edge)) {
        auto found = pages_with[edge].find(running_key(lines[i].text));
        bool running = is_page_number(lines[i].text) ||
                       (found != pages_with[edge].end() && found->second >= enough);
        if (!running) break;
        drop[i] = true;
      }
  size_t kept = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (drop[i]) continue;
    if (kept != i) lines[kept] = std::move(lines[i]);
    ++kept;
  }
  lines.resize(kept);
}

size_t join_line(std::string& out, std::string_view next) {
  if (out.empty()) {
    out += next;
    return 0;
  }
  constexpr std::string_view kSoftHyphen = "\u00AD";
  if (out.ends_with(kSoftHyphen)) {
    out.resize(out.size() - kSoftHyphen.size());
  } else if (out.back() == '-' || out.ends_with("\u2010")) {
    size_t hyphen = out.back() == '-' ? out.size() - 1 : out.size() - 3;
    char32_t before = code_point_before(out, hyphen);
    char32_t after = first_code_point(next);
    if (is_lower_letter(before) && is_lower_letter(after))
      out.resize(hyphen);  // organi- zación: a word broken at the margin
    else if (!is_letter(before) && before != 0 && (before < U'0' || before > U'9'))
      out += ' ';  // a dash standing alone ("1970 -"): words on both sides
    // Otherwise a compound broken at its own hyphen: Allende-Frei.
  } else {
    out += ' ';
  }
  size_t at = out.size();
  out += next;
  return at;
}

std::vector<Block> lines_to_blocks(const std::vector<PdfLine>& lines) {
  std::vector<Block> blocks;
  const Shape shape = shape_of(lines);
  for (size_t i = 0; i < lines.size(); ++i) {
    const PdfLine& l = lines[i];
    if (i == 0 || starts_paragraph(lines[i - 1], l, shape)) {
      blocks.emplace_back();
      blocks.back().page = l.page;
    }
    Block& b = blocks.back();
    // The previous line's emphasis may have ended on a hyphen now removed.
    size_t at = join_line(b.text, l.text);
    for (Span& s : b.italics) s.end = std::min<uint64_t>(s.end, at);
    for (Span& s : b.bold) s.end = std::min<uint64_t>(s.end, at);
    for (const Span& s : l.italics) add_span(b.italics, {s.begin + at, s.end + at});
    for (const Span& s : l.bold) add_span(b.bold, {s.begin + at, s.end + at});
  }
  std::vector<Block> out;
  for (Block& b : blocks) {
    if (b.blank()) continue;
    // As for DOCX: source offsets are positions in the block's own text.
    b.pieces = {Piece{0, 0, b.text.size(), true}};
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace alinea::align::markup::pdf
