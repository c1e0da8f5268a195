#include "align/glossary/marked_text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <iterator>
#include <utility>

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

struct NamedEntity {
  std::string_view name;
  uint32_t cp;
};
constexpr NamedEntity kEntities[] = {
    {"amp", '&'},       {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
    {"nbsp", 0xA0},     {"aacute", 0xE1},  {"eacute", 0xE9},  {"iacute", 0xED},  {"oacute", 0xF3},
    {"uacute", 0xFA},   {"ntilde", 0xF1},  {"uuml", 0xFC},    {"Aacute", 0xC1},  {"Eacute", 0xC9},
    {"Iacute", 0xCD},   {"Oacute", 0xD3},  {"Uacute", 0xDA},  {"Ntilde", 0xD1},  {"Uuml", 0xDC},
    {"laquo", 0xAB},    {"raquo", 0xBB},   {"iquest", 0xBF},  {"iexcl", 0xA1},   {"ldquo", 0x201C},
    {"rdquo", 0x201D},  {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"mdash", 0x2014}, {"ndash", 0x2013},
    {"hellip", 0x2026}, {"ordf", 0xAA},    {"ordm", 0xBA},    {"deg", 0xB0},     {"copy", 0xA9},
    {"shy", 0xAD},      {"middot", 0xB7},  {"bull", 0x2022},  {"euro", 0x20AC},  {"sect", 0xA7},
};

// Decodes the entity at raw[pos] == '&'; returns the bytes consumed (0 if it
// is not an entity, and the '&' is then literal).
size_t decode_entity(std::string_view raw, size_t pos, std::string& out) {
  size_t semi = raw.find(';', pos + 1);
  if (semi == std::string_view::npos || semi - pos > 12) return 0;
  std::string_view name = raw.substr(pos + 1, semi - pos - 1);
  if (name.size() >= 2 && name[0] == '#') {
    uint32_t cp = 0;
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    for (char d : digits) {
      int v = std::isdigit(static_cast<unsigned char>(d)) ? d - '0'
              : hex && std::isxdigit(static_cast<unsigned char>(d))
                  ? std::tolower(static_cast<unsigned char>(d)) - 'a' + 10
                  : -1;
      if (v < 0 || cp > 0x10FFFF) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
    }
    append_utf8(out, cp);
    return semi - pos + 1;
  }
  for (const NamedEntity& e : kEntities) {
    if (e.name == name) {
      append_utf8(out, e.cp);
      return semi - pos + 1;
    }
  }
  return 0;
}

bool is_block_tag(std::string_view name) {
  static constexpr std::string_view kBlocks[] = {
      "p",   "div",   "br",         "li",         "ul",      "ol",     "h1",
      "h2",  "h3",    "h4",         "h5",         "h6",      "tr",     "td",
      "th",  "table", "blockquote", "section",    "article", "header", "footer",
      "nav", "title", "body",       "html",       "dd",      "dt",     "dl",
      "pre", "hr",    "figure",     "figcaption", "aside"};
  return std::find(std::begin(kBlocks), std::end(kBlocks), name) != std::end(kBlocks);
}

MarkedText read_html(std::string_view raw) {
  MarkedText out;
  out.text.reserve(raw.size());
  int depth = 0;
  size_t start = 0;
  auto close_italic = [&] {
    if (depth > 0 && out.text.size() > start) out.italics.push_back({start, out.text.size()});
    depth = 0;
  };
  auto paragraph_break = [&] {
    close_italic();
    while (!out.text.empty() && out.text.back() == ' ') out.text.pop_back();
    if (!out.text.empty() && !out.text.ends_with("\n\n"))
      out.text += out.text.back() == '\n' ? "\n" : "\n\n";
  };
  auto space = [&] {
    if (!out.text.empty() && out.text.back() != ' ' && out.text.back() != '\n') out.text += ' ';
  };
  size_t i = 0;
  while (i < raw.size()) {
    char c = raw[i];
    if (c == '<') {
      if (raw.compare(i, 4, "<!--") == 0) {
        size_t end = raw.find("-->", i + 4);
        i = end == std::string_view::npos ? raw.size() : end + 3;
        continue;
      }
      size_t j = i + 1;
      bool closing = j < raw.size() && raw[j] == '/';
      if (closing) ++j;
      size_t name_begin = j;
      while (j < raw.size() && std::isalnum(static_cast<unsigned char>(raw[j]))) ++j;
      if (j == name_begin && !(j < raw.size() && (raw[j] == '!' || raw[j] == '?'))) {
        out.text += '<';  // a lone '<' in text
        ++i;
        continue;
      }
      std::string name;
      for (size_t k = name_begin; k < j; ++k)
        name += static_cast<char>(std::tolower(static_cast<unsigned char>(raw[k])));
      // Skip to the end of the tag, over quoted attribute values.
      char quote = 0;
      while (j < raw.size() && (quote || raw[j] != '>')) {
        if (quote && raw[j] == quote) {
          quote = 0;
        } else if (!quote && (raw[j] == '"' || raw[j] == '\'')) {
          quote = raw[j];
        }
        ++j;
      }
      i = j < raw.size() ? j + 1 : raw.size();
      if (!closing && (name == "script" || name == "style" || name == "head")) {
        // Their content is not document text.
        std::string end_tag = "</" + name;
        size_t k = i;
        while (k < raw.size()) {
          k = raw.find("</", k);
          if (k == std::string_view::npos) break;
          std::string_view cand = raw.substr(k, end_tag.size());
          if (cand.size() == end_tag.size() && ends_with_ci(cand, end_tag.substr(2))) break;
          k += 2;
        }
        if (k == std::string_view::npos) {
          i = raw.size();
        } else {
          size_t gt = raw.find('>', k);
          i = gt == std::string_view::npos ? raw.size() : gt + 1;
        }
        continue;
      }
      if (name == "em" || name == "i") {
        if (!closing) {
          if (depth++ == 0) start = out.text.size();
        } else if (depth > 0 && --depth == 0 && out.text.size() > start) {
          out.italics.push_back({start, out.text.size()});
        }
      } else if (is_block_tag(name)) {
        paragraph_break();
      }
      continue;
    }
    if (c == '&') {
      size_t used = decode_entity(raw, i, out.text);
      if (used > 0) {
        i += used;
        continue;
      }
    }
    if (is_ascii_space(c)) {
      space();
      ++i;
      continue;
    }
    out.text += c;
    ++i;
  }
  close_italic();
  while (!out.text.empty() && is_ascii_space(out.text.back())) out.text.pop_back();
  // Italics that ended with trailing spaces trimmed away are clipped.
  for (ByteRange& r : out.italics) r.end = std::min(r.end, out.text.size());
  std::erase_if(out.italics, [](const ByteRange& r) { return r.begin >= r.end; });
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
  return format == MarkupFormat::Html ? read_html(raw) : read_markdown(raw);
}

}  // namespace alinea::align
