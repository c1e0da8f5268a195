#include "align/segment/segmenter.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "align/error.h"
#include "align/segment/paragraph.h"
#include "align/text.h"

namespace alinea::align {

using detail::Paragraph;

namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

InputPosition at_byte(size_t offset) {
  InputPosition where;
  where.byte_offset = offset;
  return where;
}

// Refuses what is not UTF-8 text, naming the first offending byte.
void validate(std::string_view bytes, const std::string& name) {
  auto line_of = [&](size_t offset) {
    return 1 + static_cast<size_t>(std::count(bytes.begin(), bytes.begin() + offset, '\n'));
  };
  if (const void* nul = std::memchr(bytes.data(), '\0', bytes.size())) {
    size_t at = static_cast<size_t>(static_cast<const char*>(nul) - bytes.data());
    throw InputError(
        name,
        "binary data (NUL byte, line " + std::to_string(line_of(at)) + "); expected UTF-8 text",
        at_byte(at));
  }
  size_t bad = find_invalid_utf8(bytes);
  if (bad != std::string_view::npos)
    throw InputError(name,
                     "invalid UTF-8 (line " + std::to_string(line_of(bad)) +
                         "); convert the file to UTF-8 first",
                     at_byte(bad));
}

// Text that came out of a package's XML: libxml2 has checked it is UTF-8,
// but XML 1.1 and character references may still hold a NUL.
void validate_package_text(std::string_view text, const std::string& name) {
  if (std::memchr(text.data(), '\0', text.size()) != nullptr ||
      find_invalid_utf8(text) != std::string_view::npos)
    throw InputError(name, "text inside the document is not valid UTF-8");
}

uint64_t count_code_points(std::string_view s) {
  uint64_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

const icu::Normalizer2& nfc_normalizer() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw ResourceError("ICU NFC normaliser unavailable");
  return *n;
}

// White space runs (line breaks included) become one space; then NFC.
std::string clean_segment_text(std::string_view slice) {
  // Most sentences need neither: one pass to find out.
  bool plain = true;
  for (size_t i = 0; i < slice.size() && plain; ++i) {
    char c = slice[i];
    if (static_cast<unsigned char>(c) >= 0x80 || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
        c == '\v' || (c == ' ' && (i == 0 || slice[i - 1] == ' ')))
      plain = false;
  }
  if (plain && (slice.empty() || slice.back() != ' ')) return std::string(slice);
  std::string out;
  out.reserve(slice.size());
  bool ascii = true;
  size_t i = 0;
  const size_t n = slice.size();
  auto is_ws = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (i < n) {
    size_t run = i;
    while (run < n && !is_ws(slice[run])) {
      if (static_cast<unsigned char>(slice[run]) >= 0x80) ascii = false;
      ++run;
    }
    out.append(slice.data() + i, run - i);
    i = run;
    while (i < n && is_ws(slice[i])) ++i;
    if (i < n && !out.empty()) out.push_back(' ');
  }
  if (ascii) return out;
  const icu::Normalizer2& nfc = nfc_normalizer();
  UErrorCode status = U_ZERO_ERROR;
  icu::StringPiece piece(out.data(), static_cast<int32_t>(out.size()));
  if (nfc.isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return out;
  status = U_ZERO_ERROR;
  std::string normal;
  icu::StringByteSink<std::string> sink(&normal);
  nfc.normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status)) throw ResourceError("ICU NFC normalisation failed");
  return normal;
}

std::optional<TimeRange> time_of(const Paragraph& p, size_t begin, size_t end) {
  if (p.cues.empty()) return std::nullopt;
  auto cue_at = [&](size_t pos) {
    auto it = std::upper_bound(p.cues.begin(), p.cues.end(), pos,
                               [](size_t x, const detail::Cue& c) { return x < c.text_begin; });
    return it == p.cues.begin() ? p.cues.begin() : std::prev(it);
  };
  // Normally the first cue's start and the last cue's end; but cues need not
  // come in time order (a hand-edited file, a pasted block), and a segment
  // must never end before it starts: take the earliest start and latest end.
  auto first = cue_at(begin), last = std::next(cue_at(end - 1));
  TimeRange t = first->time;
  for (auto c = first; c != last; ++c) {
    t.start_ms = std::min(t.start_ms, c->time.start_ms);
    t.end_ms = std::max(t.end_ms, c->time.end_ms);
  }
  return t;
}

}  // namespace

std::string read_input(const std::string& path) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    return std::move(buffer).str();
  }
  // A directory opens like a file on Linux and fails only on the first read,
  // with a message that does not name it.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path, "is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, std::string("cannot open: ") + std::strerror(errno));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw InputError(path, "read error");
  return bytes;
}

std::optional<DocumentFormat> format_from_extension(std::string_view path) {
  size_t slash = path.find_last_of("/\\");
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = base.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string ext = lower_ascii(base.substr(dot + 1));
  if (ext == "txt" || ext == "text") return DocumentFormat::Text;
  if (ext == "md" || ext == "markdown") return DocumentFormat::Markdown;
  if (ext == "html" || ext == "htm" || ext == "xhtml") return DocumentFormat::Html;
  if (ext == "srt") return DocumentFormat::Srt;
  if (ext == "vtt") return DocumentFormat::WebVtt;
  if (ext == "docx") return DocumentFormat::Docx;
  if (ext == "odt") return DocumentFormat::Odt;
  if (ext == "epub") return DocumentFormat::Epub;
  if (ext == "pdf") return DocumentFormat::Pdf;
  return std::nullopt;
}

std::string_view format_name(DocumentFormat format) {
  switch (format) {
    case DocumentFormat::Text:
      return "text";
    case DocumentFormat::Markdown:
      return "markdown";
    case DocumentFormat::Html:
      return "html";
    case DocumentFormat::Srt:
      return "srt";
    case DocumentFormat::WebVtt:
      return "webvtt";
    case DocumentFormat::Docx:
      return "docx";
    case DocumentFormat::Odt:
      return "odt";
    case DocumentFormat::Epub:
      return "epub";
    case DocumentFormat::Pdf:
      return "pdf";
  }
  return "text";
}

std::optional<DocumentFormat> parse_format(std::string_view name) {
  std::string n = lower_ascii(name);
  if (n == "text" || n == "txt") return DocumentFormat::Text;
  if (n == "markdown" || n == "md") return DocumentFormat::Markdown;
  if (n == "html" || n == "htm") return DocumentFormat::Html;
  if (n == "srt") return DocumentFormat::Srt;
  if (n == "webvtt" || n == "vtt") return DocumentFormat::WebVtt;
  if (n == "docx") return DocumentFormat::Docx;
  if (n == "odt") return DocumentFormat::Odt;
  if (n == "epub") return DocumentFormat::Epub;
  if (n == "pdf") return DocumentFormat::Pdf;
  return std::nullopt;
}

SegmentedDocument segment_text(std::string_view bytes, std::string name,
                               std::optional<Language> language, DocumentFormat format,
                               const SegmentOptions& options) {
  // A package is binary; its readers check the text inside it.
  const bool package = format == DocumentFormat::Docx || format == DocumentFormat::Odt ||
                       format == DocumentFormat::Epub || format == DocumentFormat::Pdf;
  if (!package) validate(bytes, name);
  std::vector<Paragraph> paragraphs;
  bool paragraph_locations = false;
  switch (format) {
    case DocumentFormat::Text:
    case DocumentFormat::Markdown:
    case DocumentFormat::Html:
    case DocumentFormat::Docx:
    case DocumentFormat::Odt:
    case DocumentFormat::Epub:
    case DocumentFormat::Pdf: {
      markup::ReadOptions read;
      read.drop_boilerplate = options.drop_html_boilerplate;
      read.keep_code_blocks = options.keep_code_blocks;
      read.file_name = name;
      markup::MarkupFormat markup_format =
          format == DocumentFormat::Html       ? markup::MarkupFormat::Html
          : format == DocumentFormat::Markdown ? markup::MarkupFormat::Markdown
          : format == DocumentFormat::Docx     ? markup::MarkupFormat::Docx
          : format == DocumentFormat::Odt      ? markup::MarkupFormat::Odt
          : format == DocumentFormat::Epub     ? markup::MarkupFormat::Epub
          : format == DocumentFormat::Pdf      ? markup::MarkupFormat::Pdf
                                               : markup::MarkupFormat::Text;
      markup::MarkedText marked = markup::read_markup(bytes, markup_format, read);
      paragraph_locations = marked.paragraph_locations;
      for (markup::Block& block : marked.blocks) {
        if (package) validate_package_text(block.text, name);
        paragraphs.emplace_back(std::move(block));
        // Plain text has no heading markup: a heading shows by its layout.
        paragraphs.back().headings_by_layout = format == DocumentFormat::Text;
      }
      break;
    }
    case DocumentFormat::Srt:
    case DocumentFormat::WebVtt:
      paragraphs = detail::read_subtitles(bytes, format, name, options);
      break;
  }

  if (!language) {
    // Detect on the extracted text, not on markup or time codes.
    std::string sample;
    for (const Paragraph& p : paragraphs) {
      if (sample.size() >= options.detect_sample_bytes) break;
      sample.append(p.text).push_back('\n');
    }
    language = detect_language(sample);
    if (!language)
      throw InputError(name,
                       "cannot tell whether the text is Spanish or English; "
                       "give the language with --lang es or --lang en");
  }

  SegmentedDocument doc;
  doc.path = std::move(name);
  doc.language = *language;
  doc.format = format;
  SentenceSplitter splitter(*language, options);
  uint32_t index = 0;
  for (const Paragraph& p : paragraphs) {
    if (p.blank()) continue;
    std::vector<size_t> forced = detail::layout_breaks(p, options);
    forced.insert(forced.end(), p.forced_breaks.begin(), p.forced_breaks.end());
    for (const Span& span : splitter.split(p.text, forced)) {
      Segment seg;
      seg.text = clean_segment_text(std::string_view(p.text).substr(span.begin, span.size()));
      if (seg.text.empty()) continue;
      seg.bytes = p.source_span(span.begin, span.end);
      seg.paragraph = index;
      seg.time = time_of(p, span.begin, span.end);
      if (paragraph_locations) {
        std::string_view before(p.text.data(), seg.bytes.begin);
        std::string_view inside(p.text.data() + seg.bytes.begin, seg.bytes.size());
        seg.location = Location{index + 1, count_code_points(before),
                                count_code_points(before) + count_code_points(inside), p.page};
      }
      doc.segments.push_back(std::move(seg));
    }
    ++index;
  }
  return doc;
}

SegmentedDocument segment_file(const std::string& path, std::optional<Language> language,
                               std::optional<DocumentFormat> format,
                               const SegmentOptions& options) {
  std::string bytes = read_input(path);
  DocumentFormat f = format ? *format : format_from_extension(path).value_or(DocumentFormat::Text);
  return segment_text(bytes, path, language, f, options);
}

std::vector<Segment> presegmented_from_text(std::string_view bytes, const std::string& name) {
  validate(bytes, name);
  std::vector<Segment> segments;
  uint32_t paragraph = 0;
  bool paragraph_has_segments = false;
  size_t pos = markup::bom_length(bytes);
  while (pos < bytes.size()) {
    size_t eol = bytes.find('\n', pos);
    size_t line_end = eol == std::string_view::npos ? bytes.size() : eol;
    size_t b = pos, e = line_end;
    while (b < e && (bytes[b] == ' ' || bytes[b] == '\t' || bytes[b] == '\r')) ++b;
    while (e > b && (bytes[e - 1] == ' ' || bytes[e - 1] == '\t' || bytes[e - 1] == '\r')) --e;
    if (b == e) {
      if (paragraph_has_segments) ++paragraph;
      paragraph_has_segments = false;
    } else {
      Segment seg;
      seg.text = clean_segment_text(bytes.substr(b, e - b));
      seg.bytes = {b, e};
      seg.paragraph = paragraph;
      segments.push_back(std::move(seg));
      paragraph_has_segments = true;
    }
    pos = eol == std::string_view::npos ? bytes.size() : eol + 1;
  }
  return segments;
}

std::optional<Language> detect_segments_language(const std::vector<Segment>& segments,
                                                 const SegmentOptions& options) {
  std::string sample;
  for (const Segment& s : segments) {
    if (sample.size() >= options.detect_sample_bytes) break;
    sample.append(s.text).push_back('\n');
  }
  return detect_language(sample);
}

std::vector<Segment> read_presegmented(const std::string& path) {
  return presegmented_from_text(read_input(path), path);
}

}  // namespace alinea::align
