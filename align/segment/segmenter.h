// Sentence segmentation of Spanish and English documents.
//
//   SegmentedDocument doc = segment_file("entrevista.md", std::nullopt, std::nullopt);
//   for (const Segment& s : doc.segments)
//     std::cout << s.paragraph << '\t' << s.bytes.begin << '\t' << s.text << '\n';
//
//   SentenceSplitter split(Language::Spanish);
//   std::vector<Span> spans = split.split("El Sr. García llegó. Luego habló.");  // 2 spans
//
// A document is read in its own format (plain text, Markdown, HTML, SRT,
// WebVTT), turned into paragraphs that remember where each byte came from,
// and each paragraph is cut into sentences by ICU's sentence break iterator
// followed by a language-aware correction layer (abbreviations, initials,
// dialogue dashes, URLs, list items, transcript turns). Every Segment keeps
// its paragraph index and its byte span in the original file.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "align/language.h"
#include "align/types.h"

namespace alinea::align {

// Every default of the segmentation stage. CLI flags bind to these fields.
struct SegmentOptions {
  // Consult the embedded abbreviation lists (align/data/abbrev_{es,en}.txt);
  // the other language's list is consulted too, after the document's own.
  bool use_abbreviations = true;
  // A user's abbreviations, consulted before the embedded lists, in their
  // format: one `ABBREVIATION` (never ends a sentence) or
  // `ABBREVIATION<TAB>KIND` (title, number, final, label) a line, `#`
  // comments. `extra_abbreviations_name` names the list in errors.
  std::string extra_abbreviations{};
  std::string extra_abbreviations_name{};
  // "B. Loewe", "J. Pérez": a single capital letter and a period before a
  // capitalised word is an initial, not the end of a sentence.
  bool join_initials = true;
  // Within a paragraph, a line that starts a list item ("- ", "1. ", "a) ")
  // or a transcript turn ("P:", "Q:", "HERMINIA:", "Entrevistadora:")
  // starts a new segment even if the previous line has no final mark.
  bool break_at_line_structure = true;
  // Plain text only: a short first line without a final mark, followed by
  // more lines in the same paragraph, is a heading and a segment of its own.
  bool detect_headings = true;
  // Longest line (in code points) that may be taken for a heading.
  uint32_t max_heading_chars = 80;
  // HTML: drop <nav>, <header>, <footer>, <aside> and <form> (site chrome).
  bool drop_html_boilerplate = true;
  // Markdown fenced/indented code and HTML <pre>: dropped unless true.
  bool keep_code_blocks = false;
  // Subtitles: a silence of at least this many milliseconds between two cues
  // starts a new paragraph; 0 keeps all cues in one running paragraph.
  int64_t subtitle_paragraph_gap_ms = 0;
  // How many bytes from the start of the text language detection looks at.
  uint32_t detect_sample_bytes = kDetectionSampleBytes;
};

enum class DocumentFormat { Text, Markdown, Html, Srt, WebVtt, Docx, Odt, Epub, Pdf };

// ".txt", ".md", ".markdown", ".html", ".htm", ".srt", ".vtt", ".docx",
// ".odt", ".epub", ".pdf" (any case); nullopt for anything else.
std::optional<DocumentFormat> format_from_extension(std::string_view path);
// "text", "markdown", "html", "srt", "webvtt", "docx", "odt", "epub", "pdf"
std::string_view format_name(DocumentFormat format);
// Accepts format_name() values and "md", "htm", "vtt", "txt"; nullopt otherwise.
std::optional<DocumentFormat> parse_format(std::string_view name);

// Segments in document order; Segment::paragraph counts the non-empty
// paragraphs from 0, Segment::time is set for SRT and WebVTT only, and
// Segment::location for DOCX, ODT, EPUB and PDF only (with the page for PDF).
struct SegmentedDocument {
  std::string path;
  Language language = Language::Spanish;
  DocumentFormat format = DocumentFormat::Text;
  std::vector<Segment> segments;
};

// Reads and segments a file. `path` "-" reads standard input. The format
// defaults to format_from_extension(path), else Text. With no language the
// text is run through detect_language(); when that cannot decide, throws
// InputError asking for --lang. Binary input (a NUL byte) or invalid UTF-8
// throws InputError naming the file and the byte offset; so does a damaged or
// hostile DOCX/ODT/EPUB package (zip bomb, truncated, a DTD in its XML).
SegmentedDocument segment_file(const std::string& path, std::optional<Language> language,
                               std::optional<DocumentFormat> format,
                               const SegmentOptions& options = {});

// As segment_file() for bytes already in memory; `name` is used in errors and
// copied to SegmentedDocument::path. Byte spans index into `bytes`.
SegmentedDocument segment_text(std::string_view bytes, std::string name,
                               std::optional<Language> language, DocumentFormat format,
                               const SegmentOptions& options = {});

// The bytes of a file, or of standard input for "-". InputError naming the
// file for a directory or an unreadable file.
std::string read_input(const std::string& path);

// What detect_language() makes of the segments' text (their first
// options.detect_sample_bytes bytes); nullopt when it cannot tell.
std::optional<Language> detect_segments_language(const std::vector<Segment>& segments,
                                                 const SegmentOptions& options = {});

// Pre-segmented input as hunalign and vecalign take it: one segment per line;
// a blank line is a paragraph break, not a segment. Text is NFC with
// surrounding white space trimmed; a BOM and CRLF line ends are accepted.
std::vector<Segment> read_presegmented(const std::string& path);
// The same for bytes in memory.
std::vector<Segment> presegmented_from_text(std::string_view bytes, const std::string& name);

// Cuts one paragraph of running text (no markup; line breaks count as
// spaces) into sentences. Returned spans index into `paragraph`, exclude
// surrounding white space and are in order. The splitter owns an ICU break
// iterator: it is cheap to reuse, not safe to share between threads.
class SentenceSplitter {
 public:
  explicit SentenceSplitter(Language language, const SegmentOptions& options = {});
  ~SentenceSplitter();
  SentenceSplitter(SentenceSplitter&&) noexcept;
  SentenceSplitter& operator=(SentenceSplitter&&) noexcept;

  std::vector<Span> split(std::string_view paragraph) const;
  // As split(), additionally cutting at the given byte positions (start of a
  // list item or a transcript turn) whatever the text around them says.
  std::vector<Span> split(std::string_view paragraph, const std::vector<size_t>& forced) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace alinea::align
