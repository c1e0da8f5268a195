// SRT and WebVTT: the cues' text is merged into running text, so that a
// sentence spread over several cues comes out whole, and each cue remembers
// its share of the text so a sentence gets the start time of its first cue
// and the end time of its last. Styling tags (<i>, <c.x>, <v Name>, inline
// timestamps, {\an8}) are dropped; each cue line is a line for the layout
// rules, so "- ¿Vienes?" dialogue lines and "JUAN:" turns start segments.
#include <cctype>
#include <string>

#include "align/error.h"
#include "align/segment/paragraph.h"
#include "align/text.h"

namespace alinea::align::detail {

namespace {

struct Line {
  std::string_view text;  // without the line end
  uint64_t offset = 0;
  uint64_t number = 0;  // 1-based
};

bool is_blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t') return false;
  return true;
}

InputPosition at(uint64_t line, uint64_t column) {
  InputPosition where;
  where.line = line;
  where.column = column;
  return where;
}

// "01:02:03,456", "01:02:03.456", "02:03.456" (WebVTT without hours).
bool parse_time(std::string_view s, int64_t* ms) {
  int64_t parts[4] = {0, 0, 0, 0};
  int count = 0;
  size_t i = 0;
  int digits_in_fraction = 0;
  bool fraction = false;
  int64_t value = 0;
  int digits = 0;
  for (; i <= s.size(); ++i) {
    char c = i < s.size() ? s[i] : '\0';
    if (c >= '0' && c <= '9') {
      value = value * 10 + (c - '0');
      ++digits;
      if (fraction) ++digits_in_fraction;
      if (digits > 9) return false;
      continue;
    }
    if (digits == 0) return false;
    if (count >= 4) return false;
    parts[count++] = value;
    value = 0;
    digits = 0;
    if (c == ':' && !fraction) continue;
    if ((c == ',' || c == '.') && !fraction) {
      fraction = true;
      continue;
    }
    if (c == '\0') break;
    return false;
  }
  if (!fraction || digits_in_fraction != 3) return false;
  int64_t h = 0, m = 0, sec = 0, frac = 0;
  if (count == 4) {
    h = parts[0], m = parts[1], sec = parts[2], frac = parts[3];
  } else if (count == 3) {
    m = parts[0], sec = parts[1], frac = parts[2];
  } else {
    return false;
  }
  if (m >= 60 || sec >= 60) return false;
  *ms = ((h * 60 + m) * 60 + sec) * 1000 + frac;
  return true;
}

// A piece of the input quoted in an error: short, and without the control
// characters (a lone CR, say) that would break the one-line message.
std::string quoted(std::string_view s) {
  constexpr size_t kMax = 40;
  size_t end = s.size();
  if (end > kMax) {
    end = kMax;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  }
  std::string out = "'";
  for (char c : s.substr(0, end))
    out += static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? ' ' : c;
  return out + (end < s.size() ? "...'" : "'");
}

TimeRange parse_timing(const Line& line, const std::string& name) {
  size_t arrow = line.text.find("-->");
  std::string_view left = trim_space(line.text.substr(0, arrow));
  std::string_view right = trim_space(line.text.substr(arrow + 3));
  size_t space = right.find_first_of(" \t");  // WebVTT cue settings follow
  if (space != std::string_view::npos) right = right.substr(0, space);
  TimeRange range;
  if (!parse_time(left, &range.start_ms))
    throw InputError(name, "bad cue start time " + quoted(left),
                     at(line.number, static_cast<uint64_t>(left.data() - line.text.data()) + 1));
  if (!parse_time(right, &range.end_ms))
    throw InputError(name, "bad cue end time " + quoted(right),
                     at(line.number, static_cast<uint64_t>(right.data() - line.text.data()) + 1));
  if (range.end_ms < range.start_ms)
    throw InputError(name, "cue ends before it starts", at(line.number, 1));
  return range;
}

// Appends one cue line, dropping tags and decoding character references.
void append_cue_text(const Line& line, Paragraph& p) {
  std::string_view s = line.text;
  size_t i = 0, lit = 0;
  auto flush = [&](size_t end) {
    if (end > lit) p.append(s.substr(lit, end - lit), line.offset + lit);
  };
  while (i < s.size()) {
    if (s[i] == '<') {
      size_t e = s.find('>', i);
      if (e != std::string_view::npos) {
        flush(i);
        p.skip(line.offset + i, line.offset + e + 1);
        i = lit = e + 1;
        continue;
      }
    }
    if (s[i] == '{' && i + 1 < s.size() && s[i + 1] == '\\') {
      size_t e = s.find('}', i);
      if (e != std::string_view::npos) {
        flush(i);
        p.skip(line.offset + i, line.offset + e + 1);
        i = lit = e + 1;
        continue;
      }
    }
    if (s[i] == '&') {
      std::string decoded;
      // Cue text takes only references closed by ';'.
      size_t len = markup::decode_character_reference(s.substr(i), decoded);
      if (len > 0 && s[i + len - 1] == ';') {
        flush(i);
        p.append_decoded(decoded, line.offset + i, line.offset + i + len);
        i = lit = i + len;
        continue;
      }
    }
    ++i;
  }
  flush(s.size());
}

}  // namespace

std::vector<Paragraph> read_subtitles(std::string_view bytes, DocumentFormat format,
                                      const std::string& name, const SegmentOptions& options) {
  std::vector<Line> lines;
  size_t pos = markup::bom_length(bytes);
  for (uint64_t number = 1; pos < bytes.size(); ++number) {
    size_t eol = bytes.find('\n', pos);
    size_t end = eol == std::string_view::npos ? bytes.size() : eol;
    size_t content_end = end > pos && bytes[end - 1] == '\r' ? end - 1 : end;
    lines.push_back({bytes.substr(pos, content_end - pos), pos, number});
    pos = eol == std::string_view::npos ? bytes.size() : eol + 1;
  }

  const bool vtt = format == DocumentFormat::WebVtt;
  size_t i = 0;
  if (vtt) {
    if (lines.empty() || lines[0].text.substr(0, 6) != "WEBVTT")
      throw InputError(name, "not a WebVTT file: the first line must be WEBVTT", at(1, 1));
  }

  std::vector<Paragraph> out;
  Paragraph cur;
  int64_t last_end = -1;
  while (i < lines.size()) {
    if (is_blank(lines[i].text)) {
      ++i;
      continue;
    }
    size_t block_end = i;
    while (block_end < lines.size() && !is_blank(lines[block_end].text)) ++block_end;
    size_t timing = i;
    while (timing < block_end && lines[timing].text.find("-->") == std::string_view::npos) ++timing;
    if (timing == block_end) {
      // WebVTT header, NOTE, STYLE and REGION blocks carry no cue text.
      std::string_view first = lines[i].text;
      bool metadata = vtt && (first.substr(0, 6) == "WEBVTT" || first.substr(0, 4) == "NOTE" ||
                              first.substr(0, 5) == "STYLE" || first.substr(0, 6) == "REGION");
      bool orphan_number =
          !vtt && block_end - i == 1 &&
          trim_space(first).find_first_not_of("0123456789") == std::string_view::npos;
      if (metadata || orphan_number) {
        i = block_end;
        continue;
      }
      // A blank line inside a cue's text is a common fault of hand-made
      // subtitles: the text after it still belongs to the cue before.
      if (!cur.cues.empty()) {
        for (size_t l = i; l < block_end; ++l) {
          cur.new_line(lines[l].offset);
          append_cue_text(lines[l], cur);
        }
        cur.cues.back().text_end = cur.text.size();
        i = block_end;
        continue;
      }
      throw InputError(name, "expected a cue timing line (00:00:01,000 --> 00:00:02,000)",
                       at(lines[i].number, 1));
    }
    // In SRT only a cue number may precede the timing; in WebVTT a cue id.
    if (timing - i > 1)
      throw InputError(name, "unexpected text before the cue timing", at(lines[i].number, 1));
    TimeRange time = parse_timing(lines[timing], name);
    if (options.subtitle_paragraph_gap_ms > 0 && last_end >= 0 &&
        time.start_ms - last_end >= options.subtitle_paragraph_gap_ms && !cur.blank()) {
      out.push_back(std::move(cur));
      cur = Paragraph();
    }
    last_end = time.end_ms;
    Cue cue;
    cue.time = time;
    bool first_line = true;
    for (size_t l = timing + 1; l < block_end; ++l) {
      size_t before = cur.text.size();
      cur.new_line(lines[l].offset);
      if (first_line) cue.text_begin = cur.text.size();
      append_cue_text(lines[l], cur);
      if (cur.text.size() == before) continue;
      first_line = false;
    }
    cue.text_end = cur.text.size();
    if (!first_line) cur.cues.push_back(cue);
    i = block_end;
  }
  if (!cur.blank()) out.push_back(std::move(cur));
  return out;
}

}  // namespace alinea::align::detail
