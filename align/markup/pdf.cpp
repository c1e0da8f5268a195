// PDF: the text layer as poppler's C++ API (Debian libpoppler-cpp-dev)
// gives it, word by word with bounding boxes in its reading order; lines,
// paragraphs, hyphenation and running headers are rebuilt from that
// geometry in pdf_layout.cpp, which knows nothing of poppler.
//
// A PDF has no paragraphs, only glyphs placed on pages, so what comes out is
// a best reading: two columns, tables and footnotes are read in poppler's
// order, and a scanned page has no text at all (that is refused, not read
// as an empty document).
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "align/error.h"
#include "align/markup/marked_text.h"
#include "align/markup/pdf_layout.h"

namespace alinea::align::markup {

namespace {

// Bounds on the work one file may ask for, like the zip readers' caps: a
// book is a few MB and a few hundred pages; a PDF past these is refused
// rather than read for minutes.
constexpr size_t kMaxFileBytes = size_t{256} << 20;
constexpr int kMaxPages = 5000;
constexpr size_t kMaxTextBytes = size_t{64} << 20;

// poppler reports damage it recovers from on stderr; a library prints
// nothing, and what is beyond repair is reported by load_from_raw_data().
void ignore_poppler_message(const std::string&, void*) {}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Every PDF ends with "%%EOF" (writers may add a line break or a few bytes
// after it; the PDF reference allows 1024). poppler rebuilds a cut file
// from what is left, so without this check a half-downloaded PDF would be
// read as a shorter document.
bool has_end_marker(std::string_view bytes) {
  std::string_view tail = bytes.substr(bytes.size() > 1024 ? bytes.size() - 1024 : 0);
  return tail.find("%%EOF") != std::string_view::npos;
}

std::vector<pdf::PdfWord> page_words(const poppler::page& page) {
  std::vector<pdf::PdfWord> words;
  for (const poppler::text_box& box : page.text_list(poppler::page::text_list_include_font)) {
    poppler::byte_array utf8 = box.text().to_utf8();
    poppler::rectf r = box.bbox();
    pdf::PdfWord w;
    w.text.assign(utf8.begin(), utf8.end());
    w.left = r.left();
    w.top = r.top();
    w.right = r.right();
    w.bottom = r.bottom();
    w.space_after = box.has_space_after();
    // Emphasis shows only in the font's name ("LiberationSerif-Italic",
    // "TimesNewRomanPS-BoldItalicMT"), which the glossary reads as italics.
    std::string font = lower(box.get_font_name());
    w.italic =
        font.find("italic") != std::string::npos || font.find("oblique") != std::string::npos;
    w.bold = font.find("bold") != std::string::npos;
    words.push_back(std::move(w));
  }
  return words;
}

}  // namespace

MarkedText read_pdf(std::string_view bytes, const std::string& name) {
  if (!bytes.starts_with("%PDF-"))
    throw InputError(name, "not a PDF (it does not start with %PDF-)");
  if (bytes.size() > kMaxFileBytes)
    throw InputError(
        name, "larger than " + std::to_string(kMaxFileBytes >> 20) + " MB; refusing to read it");
  if (!has_end_marker(bytes))
    throw InputError(name, "truncated PDF (no %%EOF at its end): read the whole file again");
  // poppler's error function is global: set once, not raced by two readers.
  static std::once_flag quiet;
  std::call_once(quiet, [] { poppler::set_debug_error_function(ignore_poppler_message, nullptr); });
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) throw InputError(name, "damaged PDF: poppler cannot read its structure");
  if (doc->is_locked())
    throw InputError(name, "encrypted PDF (it needs a password): nothing to align");
  const int pages = doc->pages();
  if (pages <= 0) throw InputError(name, "damaged PDF: it has no pages");
  if (pages > kMaxPages)
    throw InputError(name, "has " + std::to_string(pages) + " pages, more than " +
                               std::to_string(kMaxPages) + "; refusing to read it");

  std::vector<pdf::PdfLine> lines;
  size_t text_bytes = 0;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page)
      throw InputError(name, "damaged PDF: page " + std::to_string(i + 1) + " is unreadable");
    for (pdf::PdfLine& l : pdf::words_to_lines(page_words(*page), static_cast<uint32_t>(i + 1))) {
      text_bytes += l.text.size();
      lines.push_back(std::move(l));
    }
    if (text_bytes > kMaxTextBytes)
      throw InputError(name, "page " + std::to_string(i + 1) + ": more than " +
                                 std::to_string(kMaxTextBytes >> 20) +
                                 " MB of text; refusing to read further");
  }
  if (lines.empty()) throw InputError(name, "has no text layer (a scanned PDF?): nothing to align");
  pdf::drop_running_lines(lines, static_cast<uint32_t>(pages));
  MarkedText out;
  out.paragraph_locations = true;
  out.blocks = pdf::lines_to_blocks(lines);
  return out;
}

}  // namespace alinea::align::markup
