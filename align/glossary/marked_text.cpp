#include "align/glossary/marked_text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <iterator>
#include <utility>

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

// Letters of any script count as word characters: a byte >= 0x80 is part of
// a multi-byte letter in the texts we handle, which keeps `_` inside
// "año_2" literal.
bool is_word_byte(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || std::isalnum(u);
}

// ---------------------------------------------------------------- Markdown

struct Piece {
  std::string text;  // literal text, or the delimiter run itself
  char delim = 0;    // '*' or '_' for a delimiter run, 0 for text
  bool can_open = false;
  bool can_close = false;
  int partner = -1;  // index of the matching run, -1 if unmatched
};

// Splits one paragraph into literal text and emphasis delimiter runs.
std::vector<Piece> split_paragraph(std::string_view p) {
  std::vector<Piece> pieces;
  auto literal = [&](std::string_view s) {
    if (pieces.empty() || pieces.back().delim != 0) pieces.push_back({});
    pieces.back().text += s;
  };
  size_t i = 0;
  while (i < p.size()) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size() && std::ispunct(static_cast<unsigned char>(p[i + 1]))) {
      literal(p.substr(i + 1, 1));
      i += 2;
    } else if (c == '`') {
      // A code span is literal: no emphasis inside, backticks dropped.
      size_t close = p.find('`', i + 1);
      if (close == std::string_view::npos) {
        literal(p.substr(i, 1));
        ++i;
      } else {
        literal(p.substr(i + 1, close - i - 1));
        i = close + 1;
      }
    } else if (c == '*' || c == '_') {
      size_t j = i;
      while (j < p.size() && p[j] == c) ++j;
      char before = i > 0 ? p[i - 1] : ' ';
      char after = j < p.size() ? p[j] : ' ';
      Piece run;
      run.text = std::string(p.substr(i, j - i));
      run.delim = c;
      run.can_open = !is_ascii_space(after);
      run.can_close = !is_ascii_space(before);
      if (c == '_') {
        // Intraword underscores are literal (snake_case, file_name).
        run.can_open = run.can_open && !is_word_byte(before);
        run.can_close = run.can_close && !is_word_byte(after);
      }
      if (!run.can_open && !run.can_close) {
        literal(run.text);
      } else {
        pieces.push_back(std::move(run));
      }
      i = j;
    } else {
      // Always consume at least one byte: a backslash before a letter is literal.
      size_t j = i + 1;
      while (j < p.size() && p[j] != '\\' && p[j] != '`' && p[j] != '*' && p[j] != '_') ++j;
      literal(p.substr(i, j - i));
      i = j;
    }
  }
  return pieces;
}

// Pairs each closing run with the nearest unmatched opening run of the same
// character and length; CommonMark's full rule set is not needed to find
// glossed terms, and unmatched runs simply stay literal.
void match_runs(std::vector<Piece>& pieces) {
  std::vector<int> open;
  for (int k = 0; k < static_cast<int>(pieces.size()); ++k) {
    Piece& run = pieces[k];
    if (run.delim == 0) continue;
    if (run.can_close) {
      auto it = std::find_if(open.rbegin(), open.rend(), [&](int o) {
        return pieces[o].delim == run.delim && pieces[o].text.size() == run.text.size();
      });
      if (it != open.rend()) {
        int o = *it;
        pieces[o].partner = k;
        run.partner = o;
        open.erase(std::next(it).base(), open.end());
        continue;
      }
    }
    if (run.can_open) open.push_back(k);
  }
}

void emit_paragraph(std::string_view p, MarkedText& out) {
  std::vector<Piece> pieces = split_paragraph(p);
  match_runs(pieces);
  int depth = 0;
  size_t start = 0;
  for (int k = 0; k < static_cast<int>(pieces.size()); ++k) {
    const Piece& piece = pieces[k];
    if (piece.delim == 0 || piece.partner < 0) {
      out.text += piece.text;
      continue;
    }
    // Runs of 1 and 3 are italic (3 = bold italic); runs of 2 are bold only.
    if (piece.text.size() % 2 == 0) continue;
    if (piece.partner > k) {
      if (depth++ == 0) start = out.text.size();
    } else if (--depth == 0 && out.text.size() > start) {
      out.italics.push_back({start, out.text.size()});
    }
  }
}

// Length of a YAML front matter block at the very start ("---" line ...
// "---" or "..." line), 0 when there is none.
size_t front_matter_length(std::string_view raw) {
  if (!(raw.starts_with("---\n") || raw.starts_with("---\r\n"))) return 0;
  size_t pos = raw.find('\n') + 1;
  while (pos < raw.size()) {
    size_t eol = raw.find('\n', pos);
    std::string_view line = raw.substr(pos, eol == std::string_view::npos ? raw.npos : eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line == "---" || line == "...") return eol == std::string_view::npos ? raw.size() : eol + 1;
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  return 0;  // unterminated: not front matter
}

MarkedText read_markdown(std::string_view raw) {
  MarkedText out;
  out.text.reserve(raw.size());
  size_t pos = front_matter_length(raw);
  if (pos > 0) out.text += "\n\n";
  // Paragraphs end at a blank line; emphasis never spans one.
  while (pos < raw.size()) {
    size_t end = raw.size();   // end of the paragraph's text
    size_t next = raw.size();  // start of the following paragraph
    for (size_t eol = raw.find('\n', pos); eol != std::string_view::npos;
         eol = raw.find('\n', eol + 1)) {
      size_t k = eol + 1;
      while (k < raw.size() && (raw[k] == ' ' || raw[k] == '\t' || raw[k] == '\r')) ++k;
      if (k >= raw.size() || raw[k] == '\n') {
        end = eol;
        // Swallow the whole run of blank lines.
        next = k;
        while (next < raw.size() && is_ascii_space(raw[next])) ++next;
        break;
      }
    }
    emit_paragraph(raw.substr(pos, end - pos), out);
    out.text += raw.substr(end, next - end);
    pos = next;
  }
  return out;
}

// ---------------------------------------------------------------- HTML

// The markup layer's blocks as one text, blocks separated by a blank line,
// with the italic ranges merged where they nest or touch.
MarkedText flatten(const markup::MarkedText& doc) {
  MarkedText out;
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
  size_t k = 0;
  if (text.starts_with("\xEF\xBB\xBF")) k = 3;
  while (k < text.size() && is_ascii_space(text[k])) ++k;
  if (k < text.size() && text[k] == '<') return MarkupFormat::Html;
  return MarkupFormat::Markdown;
}

MarkedText read_marked_text(std::string_view raw, MarkupFormat format) {
  if (format != MarkupFormat::Html) return read_markdown(raw);
  // Everything a reader may gloss: site chrome and code are text here.
  markup::ReadOptions options;
  options.drop_boilerplate = false;
  options.keep_code_blocks = true;
  return flatten(markup::read_html(raw, options));
}

}  // namespace alinea::align
