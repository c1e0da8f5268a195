// Markdown (CommonMark as people write it, plus the front matter and
// template tags of static site generators) reduced to paragraphs of plain
// text. Block structure decides paragraphs: each heading, list item and table
// cell is a paragraph of its own. Inline markup is dropped and its text kept:
// emphasis markers, link targets ([text](url) -> text), code-span backticks,
// HTML tags, `{{< shortcode >}}` / `{% tag %}` / `{{ var }}`. Images, code
// blocks, HTML comments and link reference definitions are dropped.
#include <cctype>

#include "align/markup/marked_text.h"

namespace alinea::align::markup {

namespace {

bool is_blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r') return false;
  return true;
}

bool is_alnum_byte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
}

bool is_ws(char c) { return c == ' ' || c == '\t'; }

// Index of the `close` matching the `open` at s[i], or npos.
size_t find_matching(std::string_view s, size_t i, char open, char close) {
  int depth = 0;
  for (size_t j = i; j < s.size(); ++j) {
    if (s[j] == '\\') {
      ++j;
      continue;
    }
    if (s[j] == open) ++depth;
    if (s[j] == close && --depth == 0) return j;
  }
  return std::string_view::npos;
}

// Appends the inline content of `s` (which starts at byte `base` of the file).
void append_inline(std::string_view s, uint64_t base, Block& p) {
  const size_t n = s.size();
  size_t i = 0, lit = 0;
  auto flush = [&](size_t end) {
    if (end > lit) p.append(s.substr(lit, end - lit), base + lit);
  };
  auto skip_to = [&](size_t at, size_t to) {
    flush(at);
    p.skip(base + at, base + to);
    i = to;
    lit = to;
  };
  while (i < n) {
    const char c = s[i];
    if (c == '\\' && i + 1 < n && std::ispunct(static_cast<unsigned char>(s[i + 1]))) {
      flush(i);
      p.skip(base + i, base + i + 1);
      lit = i + 1;  // the escaped character is literal text
      i += 2;
      continue;
    }
    if (c == '`') {
      size_t k = 0;
      while (i + k < n && s[i + k] == '`') ++k;
      size_t j = s.find(std::string(k, '`'), i + k);
      if (j == std::string_view::npos) {
        i += k;
        continue;
      }
      size_t b = i + k, e = j;
      if (e - b >= 2 && s[b] == ' ' && s[e - 1] == ' ') ++b, --e;
      flush(i);
      p.skip(base + i, base + b);
      p.append(s.substr(b, e - b), base + b);
      p.skip(base + e, base + j + k);
      i = lit = j + k;
      continue;
    }
    if (c == '{' && i + 1 < n && (s[i + 1] == '{' || s[i + 1] == '%')) {
      std::string_view close = s[i + 1] == '{' ? "}}" : "%}";
      size_t j = s.find(close, i + 2);
      if (j != std::string_view::npos) {
        skip_to(i, j + 2);
        continue;
      }
    }
    if (c == '<') {
      if (s.substr(i, 4) == "<!--") {
        size_t j = s.find("-->", i + 4);
        skip_to(i, j == std::string_view::npos ? n : j + 3);
        continue;
      }
      size_t j = s.find('>', i + 1);
      if (j != std::string_view::npos) {
        std::string_view inner = s.substr(i + 1, j - i - 1);
        bool autolink = inner.find("://") != std::string_view::npos ||
                        inner.substr(0, 7) == "mailto:" ||
                        (inner.find('@') != std::string_view::npos &&
                         inner.find(' ') == std::string_view::npos);
        if (autolink) {
          flush(i);
          p.skip(base + i, base + i + 1);
          p.append(inner, base + i + 1);
          p.skip(base + j, base + j + 1);
          i = lit = j + 1;
          continue;
        }
        bool tag =
            i + 1 < n &&
            (std::isalpha(static_cast<unsigned char>(s[i + 1])) ||
             (s[i + 1] == '/' && i + 2 < n && std::isalpha(static_cast<unsigned char>(s[i + 2]))));
        if (tag) {
          skip_to(i, j + 1);
          continue;
        }
      }
    }
    if (c == '!' && i + 1 < n && s[i + 1] == '[') {
      size_t close = find_matching(s, i + 1, '[', ']');
      if (close != std::string_view::npos && close + 1 < n && s[close + 1] == '(') {
        size_t end = find_matching(s, close + 1, '(', ')');
        if (end != std::string_view::npos) {
          skip_to(i, end + 1);  // images carry no running text
          continue;
        }
      }
    }
    if (c == '[') {
      size_t close = find_matching(s, i, '[', ']');
      if (close != std::string_view::npos) {
        if (i + 1 < n && s[i + 1] == '^') {  // footnote reference [^1]
          skip_to(i, close + 1);
          continue;
        }
        size_t end = std::string_view::npos;
        if (close + 1 < n && s[close + 1] == '(')
          end = find_matching(s, close + 1, '(', ')');
        else if (close + 1 < n && s[close + 1] == '[')
          end = find_matching(s, close + 1, '[', ']');
        if (end != std::string_view::npos) {
          flush(i);
          p.skip(base + i, base + i + 1);
          append_inline(s.substr(i + 1, close - i - 1), base + i + 1, p);
          p.skip(base + close, base + end + 1);
          i = lit = end + 1;
          continue;
        }
      }
    }
    if (c == '*' || c == '_' || c == '~') {
      size_t k = 0;
      while (i + k < n && s[i + k] == c) ++k;
      bool before_space = i == 0 || is_ws(s[i - 1]);
      bool after_space = i + k >= n || is_ws(s[i + k]);
      bool delimiter;
      if (c == '*')
        delimiter = !(before_space && after_space);
      else if (c == '_')
        delimiter = !(i > 0 && is_alnum_byte(s[i - 1]) && i + k < n && is_alnum_byte(s[i + k]));
      else
        delimiter = k == 2;
      if (delimiter) {
        skip_to(i, i + k);
      } else {
        i += k;
      }
      continue;
    }
    if (c == '&') {
      std::string decoded;
      // CommonMark takes only references closed by ';'.
      size_t len = decode_character_reference(s.substr(i), decoded);
      if (len > 0 && s[i + len - 1] == ';') {
        flush(i);
        p.append_decoded(decoded, base + i, base + i + len);
        i = lit = i + len;
        continue;
      }
    }
    ++i;
  }
  flush(n);
}

// "---", "***", "___" (three or more, spaces allowed).
bool is_rule(std::string_view s, char* which) {
  char mark = 0;
  int count = 0;
  for (char c : s) {
    if (is_ws(c) || c == '\r') continue;
    if (c != '-' && c != '*' && c != '_') return false;
    if (mark && c != mark) return false;
    mark = c;
    ++count;
  }
  *which = mark;
  return count >= 3;
}

bool all_of_char(std::string_view s, char ch) {
  bool any = false;
  for (char c : s) {
    if (is_ws(c) || c == '\r') continue;
    if (c != ch) return false;
    any = true;
  }
  return any;
}

// Length of a list marker with its following space ("- ", "12. "), or 0.
size_t list_marker(std::string_view s) {
  if (s.size() >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && is_ws(s[1])) return 2;
  size_t i = 0;
  while (i < s.size() && i < 9 && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i > 0 && i + 1 < s.size() && (s[i] == '.' || s[i] == ')') && is_ws(s[i + 1])) return i + 2;
  return 0;
}

}  // namespace

MarkedText read_markdown(std::string_view bytes, const ReadOptions& options) {
  MarkedText out;
  Block cur;
  size_t lines_in_cur = 0;
  bool cur_is_item = false;
  // Inside a list, indented text after a blank line continues an item
  // rather than opening a code block.
  bool in_list = false;
  auto flush = [&] {
    if (!cur.blank()) out.blocks.push_back(std::move(cur));
    cur = Block();
    lines_in_cur = 0;
    cur_is_item = false;
  };

  size_t pos = bom_length(bytes);
  auto next_line = [&](size_t from, size_t* content_end) {
    size_t eol = bytes.find('\n', from);
    size_t end = eol == std::string_view::npos ? bytes.size() : eol;
    *content_end = end > from && bytes[end - 1] == '\r' ? end - 1 : end;
    return eol == std::string_view::npos ? bytes.size() : eol + 1;
  };

  // Front matter: YAML between "---" lines or TOML between "+++" lines.
  {
    size_t end;
    size_t after = next_line(pos, &end);
    std::string_view first = bytes.substr(pos, end - pos);
    if (first == "---" || first == "+++") {
      size_t p = after;
      while (p < bytes.size()) {
        size_t e;
        size_t nx = next_line(p, &e);
        std::string_view line = bytes.substr(p, e - p);
        if (line == first || (first == "---" && line == "...")) {
          pos = nx;
          break;
        }
        p = nx;
      }
    }
  }

  std::string fence;
  bool in_comment = false;
  bool last_blank = true;
  while (pos < bytes.size()) {
    size_t end;
    const size_t next = next_line(pos, &end);
    const size_t line_begin = pos;
    std::string_view line = bytes.substr(pos, end - pos);
    pos = next;

    size_t indent = 0, col = 0;
    while (indent < line.size() && is_ws(line[indent])) {
      col += line[indent] == '\t' ? 4 : 1;
      ++indent;
    }
    std::string_view content = line.substr(indent);
    uint64_t content_at = line_begin + indent;

    if (!fence.empty()) {
      if (content.substr(0, fence.size()) == fence && is_blank(content.substr(fence.size()))) {
        fence.clear();
        flush();
      } else if (options.keep_code_blocks) {
        cur.new_line(line_begin);
        cur.append(line, line_begin);
      }
      continue;
    }
    if (in_comment) {
      if (line.find("-->") != std::string_view::npos) in_comment = false;
      continue;
    }
    if (is_blank(line)) {
      flush();
      last_blank = true;
      continue;
    }
    const bool was_blank = last_blank;
    last_blank = false;
    if (content.substr(0, 3) == "```" || content.substr(0, 3) == "~~~") {
      flush();
      size_t k = 0;
      while (k < content.size() && content[k] == content[0]) ++k;
      fence = std::string(content.substr(0, k));
      continue;
    }
    if (content.substr(0, 4) == "<!--" && content.find("-->") == std::string_view::npos) {
      flush();
      in_comment = true;
      continue;
    }
    if (col == 0 && was_blank && !list_marker(content)) in_list = false;
    if (col >= 4 && cur.blank() && was_blank && !in_list) {
      if (options.keep_code_blocks) {
        cur.append(line, line_begin);
        flush();
      }
      continue;  // indented code block
    }
    // Block quotes: the text inside counts as ordinary text.
    while (!content.empty() && content[0] == '>') {
      size_t k = content.size() > 1 && is_ws(content[1]) ? 2 : 1;
      content.remove_prefix(k);
      content_at += k;
    }
    if (is_blank(content)) {
      flush();  // an empty quote line separates paragraphs
      continue;
    }
    char rule_char = 0;
    if (lines_in_cur == 1 && !cur_is_item && all_of_char(content, '=')) {
      flush();  // setext heading underline
      continue;
    }
    if (is_rule(content, &rule_char)) {
      flush();  // a rule, or the underline of a setext heading
      continue;
    }
    if (!content.empty() && content[0] == '#') {
      size_t h = 0;
      while (h < content.size() && content[h] == '#') ++h;
      if (h <= 6 && (h == content.size() || is_ws(content[h]))) {
        flush();
        std::string_view title = content.substr(h);
        // Closing hashes and a {#anchor} attribute are not text.
        size_t brace = title.rfind("{#");
        if (brace != std::string_view::npos && title.back() == '}') title = title.substr(0, brace);
        while (!title.empty() && (is_ws(title.back()) || title.back() == '#'))
          title.remove_suffix(1);
        append_inline(title, content_at + h, cur);
        flush();
        continue;
      }
    }
    if (content[0] == '|') {
      flush();
      bool separator = true;
      for (char c : content)
        if (c != '|' && c != '-' && c != ':' && !is_ws(c)) separator = false;
      if (separator) continue;
      size_t cell = 1;
      for (size_t k = 1; k <= content.size(); ++k) {
        if (k == content.size() || (content[k] == '|' && content[k - 1] != '\\')) {
          append_inline(content.substr(cell, k - cell), content_at + cell, cur);
          flush();
          cell = k + 1;
        }
      }
      continue;
    }
    if (content[0] == '[' && content.find("]:") != std::string_view::npos &&
        content.find("]:") < content.find(']') + 1) {
      continue;  // link reference definition
    }
    if (size_t marker = list_marker(content)) {
      flush();
      cur_is_item = true;
      in_list = true;
      content.remove_prefix(marker);
      content_at += marker;
      if (content.substr(0, 4) == "[ ] " || content.substr(0, 4) == "[x] " ||
          content.substr(0, 4) == "[X] ") {
        content.remove_prefix(4);
        content_at += 4;
      }
      append_inline(content, content_at, cur);
      lines_in_cur = 1;
      continue;
    }
    // A backslash at the end of a line is a hard line break, not text.
    if (content.size() >= 2 && content.back() == '\\' && content[content.size() - 2] != '\\')
      content.remove_suffix(1);
    if (!cur.blank()) cur.new_line(content_at);
    append_inline(content, content_at, cur);
    ++lines_in_cur;
  }
  flush();
  return out;
}

}  // namespace alinea::align::markup
