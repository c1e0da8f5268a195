#include "align/glossary/gloss_document.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "align/markup/marked_text.h"
#include "align/text.h"

namespace alinea::align {
namespace {

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i])
      return false;
  return true;
}

// The markup layer's blocks as one text, blocks separated by a blank line,
// with the italic ranges merged where they nest or touch.
GlossDocument flatten(const markup::MarkedText& doc) {
  GlossDocument out;
  for (const markup::Block& b : doc.blocks) {
    std::string_view text = b.text;
    while (!text.empty() && is_ascii_space(text.back())) text.remove_suffix(1);
    if (text.empty()) continue;
    if (!out.text.empty()) out.text += "\n\n";
    const size_t base = out.text.size();
    out.text += text;
    std::vector<Span> italics = b.italics;
    std::sort(italics.begin(), italics.end(),
              [](const Span& x, const Span& y) { return x.begin < y.begin; });
    for (const Span& r : italics) {
      Span at{base + r.begin, base + std::min<uint64_t>(r.end, text.size())};
      if (at.begin >= at.end) continue;
      if (!out.italics.empty() && at.begin <= out.italics.back().end &&
          out.italics.back().begin >= base)
        out.italics.back().end = std::max(out.italics.back().end, at.end);
      else
        out.italics.push_back(at);
    }
  }
  return out;
}

}  // namespace

MarkupFormat guess_markup_format(std::string_view file_name, std::string_view text) {
  for (std::string_view ext : {".html", ".htm", ".xhtml"})
    if (ends_with_ci(file_name, ext)) return MarkupFormat::Html;
  if (ends_with_ci(file_name, ".docx")) return MarkupFormat::Docx;
  if (ends_with_ci(file_name, ".odt")) return MarkupFormat::Odt;
  if (ends_with_ci(file_name, ".epub")) return MarkupFormat::Epub;
  if (ends_with_ci(file_name, ".pdf")) return MarkupFormat::Pdf;
  size_t k = 0;
  if (text.starts_with("\xEF\xBB\xBF")) k = 3;
  while (k < text.size() && is_ascii_space(text[k])) ++k;
  if (k < text.size() && text[k] == '<') return MarkupFormat::Html;
  return MarkupFormat::Markdown;
}

GlossDocument read_gloss_document(std::string_view raw, MarkupFormat format,
                                  const std::string& file_name) {
  // Everything a reader may gloss: site chrome and code are text here.
  markup::ReadOptions options;
  options.drop_boilerplate = false;
  options.keep_code_blocks = true;
  options.file_name = file_name;
  // Plain text is read as Markdown: volunteers type *x* in .txt files too.
  if (format == MarkupFormat::Text) format = MarkupFormat::Markdown;
  return flatten(markup::read_markup(raw, format, options));
}

}  // namespace alinea::align
