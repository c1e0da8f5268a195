#include "text_pdf.h"

#include <cstdint>
#include <cstdio>
#include <vector>

namespace alinea::bench {

namespace {

constexpr int kLinesPerPage = 64;

// UTF-8 to WinAnsiEncoding (Latin-1 plus the typographic marks at 0x80-0x9F
// that Spanish and English prose uses).
std::string win_ansi(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    uint32_t c = b;
    size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    if (n > 1 && i + n <= s.size()) {
      c = b & (0x7F >> n);
      for (size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += n;
    switch (c) {
      case 0x2013:
        out += '\x96';
        break;
      case 0x2014:
        out += '\x97';
        break;
      case 0x2018:
        out += '\x91';
        break;
      case 0x2019:
        out += '\x92';
        break;
      case 0x201C:
        out += '\x93';
        break;
      case 0x201D:
        out += '\x94';
        break;
      case 0x2026:
        out += '\x85';
        break;
      default:
        out += c < 0x100 && (c >= 0x20 || c == '\n') ? static_cast<char>(c) : '?';
    }
  }
  return out;
}

// Paragraph text (spaces for line breaks) wrapped at `width` characters.
void wrap(std::string_view para, size_t width, std::vector<std::string>& lines) {
  std::string line;
  size_t pos = 0;
  while (pos < para.size()) {
    size_t end = para.find(' ', pos);
    if (end == std::string_view::npos) end = para.size();
    std::string_view word = para.substr(pos, end - pos);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line.clear();
    }
    if (!word.empty()) line += (line.empty() ? "" : " ") + std::string(word);
    pos = end + 1;
  }
  if (!line.empty()) lines.push_back(line);
}

}  // namespace

std::string text_pdf(std::string_view text, size_t width) {
  std::string latin = win_ansi(text);
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < latin.size()) {
    size_t end = latin.find('\n', pos);
    if (end == std::string::npos) end = latin.size();
    std::vector<std::string> wrapped;
    wrap(std::string_view(latin).substr(pos, end - pos), width, wrapped);
    if (!wrapped.empty()) {
      lines.insert(lines.end(), wrapped.begin(), wrapped.end());
      lines.emplace_back();  // the space a word processor leaves after a paragraph
    }
    pos = end + 1;
  }
  // Objects: 1 catalog, 2 pages, 3 font, then a page and its content each.
  std::vector<std::string> objects = {"", "",
                                      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                                      "/Encoding /WinAnsiEncoding >>"};
  std::string kids;
  for (size_t first = 0; first < lines.size(); first += kLinesPerPage) {
    std::string content = "BT /F1 10 Tf 12 TL 56 790 Td\n";
    for (size_t i = first; i < lines.size() && i < first + kLinesPerPage; ++i) {
      content += '(';
      for (char c : lines[i]) {
        if (c == '(' || c == ')' || c == '\\') content += '\\';
        content += c;
      }
      content += ") '\n";
    }
    content += "ET";
    size_t page = objects.size() + 1;
    kids += std::to_string(page) + " 0 R ";
    objects.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
        "<< /F1 3 0 R >> >> /Contents " +
        std::to_string(page + 1) + " 0 R >>");
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                      "\nendstream");
  }
  objects[0] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[1] = "<< /Type /Pages /Kids [" + kids + "] /Count " +
               std::to_string((objects.size() - 3) / 2) + " >>";
  std::string out = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  char entry[32];
  for (size_t o : offsets) {
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", o);
    out += entry;
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

}  // namespace alinea::bench
