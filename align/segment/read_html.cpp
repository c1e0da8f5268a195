// HTML to paragraphs with a small tokenizer of our own rather than
// libxml2's HTML parser: libxml2 reports only line numbers for nodes, and
// decodes entities and normalises text before we see it, so the byte span of
// a sentence in the original file could not be recovered. The tokenizer
// handles what prose pages contain: tags with quoted attributes, comments,
// doctype, CDATA, raw-text elements (script, style), character references.
// Block-level elements delimit paragraphs; site chrome (nav, header, footer,
// aside, form) and the document head are dropped; <br> is a line break.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "align/segment/paragraph.h"

namespace alinea::align::detail {

namespace {

bool in_list(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_block(std::string_view name) {
  return in_list(name,
                 {"address",    "article", "blockquote", "body",    "caption", "center", "dd",
                  "details",    "dialog",  "dir",        "div",     "dl",      "dt",     "fieldset",
                  "figcaption", "figure",  "h1",         "h2",      "h3",      "h4",     "h5",
                  "h6",         "hgroup",  "hr",         "html",    "legend",  "li",     "main",
                  "menu",       "ol",      "p",          "section", "summary", "table",  "tbody",
                  "td",         "tfoot",   "th",         "thead",   "tr",      "ul",     "title",
                  "option",     "pre",     "nav",        "header",  "footer",  "aside",  "form",
                  "textarea",   "select",  "iframe",     "video",   "audio",   "object", "canvas",
                  "noscript"});
}

bool is_raw_text(std::string_view name) {
  return in_list(name, {"script", "style", "textarea", "xmp", "iframe", "noembed", "noframes",
                        "plaintext", "svg", "math", "template", "noscript", "object"});
}

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

size_t find_ci(std::string_view haystack, std::string_view needle, size_t from) {
  auto it =
      std::search(haystack.begin() + static_cast<std::ptrdiff_t>(std::min(from, haystack.size())),
                  haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
                    return std::tolower(static_cast<unsigned char>(a)) ==
                           std::tolower(static_cast<unsigned char>(b));
                  });
  return it == haystack.end() ? std::string_view::npos : static_cast<size_t>(it - haystack.begin());
}

// The value of attribute `name` in the tag text `tag` ("<div class=x>").
std::string_view attribute(std::string_view tag, std::string_view name) {
  size_t i = 0;
  while ((i = find_ci(tag, name, i)) != std::string_view::npos) {
    bool starts = i > 0 && is_ws(tag[i - 1]);
    size_t j = i + name.size();
    while (j < tag.size() && is_ws(tag[j])) ++j;
    if (!starts || j >= tag.size() || tag[j] != '=') {
      i += name.size();
      continue;
    }
    ++j;
    while (j < tag.size() && is_ws(tag[j])) ++j;
    if (j < tag.size() && (tag[j] == '"' || tag[j] == '\'')) {
      size_t close = tag.find(tag[j], j + 1);
      if (close == std::string_view::npos) return {};
      return tag.substr(j + 1, close - j - 1);
    }
    size_t e = j;
    while (e < tag.size() && !is_ws(tag[e]) && tag[e] != '>') ++e;
    return tag.substr(j, e - j);
  }
  return {};
}

// Navigation by its class or id: "navheader", "toc", "breadcrumb", ...
bool chrome_by_name(std::string_view tag) {
  for (std::string_view attr : {std::string_view("class"), std::string_view("id")}) {
    std::string_view value = attribute(tag, attr);
    size_t i = 0;
    while (i < value.size()) {
      while (i < value.size() && is_ws(value[i])) ++i;
      size_t e = i;
      while (e < value.size() && !is_ws(value[e])) ++e;
      std::string token(value.substr(i, e - i));
      for (char& c : token) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (token.rfind("nav", 0) == 0 || token == "toc" || token == "menu" || token == "sidebar" ||
          token.rfind("breadcrumb", 0) == 0 || token == "site-header" || token == "site-footer" ||
          token == "skip-link")
        return true;
      i = e;
    }
  }
  return false;
}

}  // namespace

std::vector<Paragraph> read_html(std::string_view bytes, const SegmentOptions& options) {
  std::vector<Paragraph> out;
  Paragraph cur;
  auto flush = [&] {
    if (!cur.blank()) out.push_back(std::move(cur));
    cur = Paragraph();
  };
  auto dropped = [&](std::string_view name) {
    if (name == "head" || name == "select" || name == "button") return true;
    if (name == "pre") return !options.keep_code_blocks;
    return options.drop_html_boilerplate &&
           in_list(name, {"nav", "header", "footer", "aside", "form"});
  };

  const size_t n = bytes.size();
  size_t pos = bom_length(bytes);
  std::string skip_tag;  // inside a dropped element
  int skip_depth = 0;
  int pre_depth = 0;
  while (pos < n) {
    const char c = bytes[pos];
    if (c == '<') {
      if (bytes.substr(pos, 4) == "<!--") {
        size_t e = bytes.find("-->", pos + 4);
        pos = e == std::string_view::npos ? n : e + 3;
        continue;
      }
      if (bytes.substr(pos, 9) == "<![CDATA[") {
        size_t e = bytes.find("]]>", pos + 9);
        pos = e == std::string_view::npos ? n : e + 3;
        continue;
      }
      if (pos + 1 < n && (bytes[pos + 1] == '!' || bytes[pos + 1] == '?')) {
        size_t e = bytes.find('>', pos + 2);
        pos = e == std::string_view::npos ? n : e + 1;
        continue;
      }
      size_t j = pos + 1;
      bool closing = j < n && bytes[j] == '/';
      if (closing) ++j;
      size_t name_begin = j;
      while (j < n && (std::isalnum(static_cast<unsigned char>(bytes[j])) || bytes[j] == '-' ||
                       bytes[j] == ':'))
        ++j;
      if (j == name_begin || !std::isalpha(static_cast<unsigned char>(bytes[name_begin]))) {
        // A lone "<" in text ("a < b"), which browsers show as is.
        if (skip_depth == 0) cur.append(bytes.substr(pos, 1), pos);
        ++pos;
        continue;
      }
      std::string name(bytes.substr(name_begin, j - name_begin));
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      // End of the tag, stepping over quoted attribute values.
      char quote = 0;
      size_t k = j;
      for (; k < n; ++k) {
        if (quote) {
          if (bytes[k] == quote) quote = 0;
        } else if (bytes[k] == '"' || bytes[k] == '\'') {
          quote = bytes[k];
        } else if (bytes[k] == '>') {
          break;
        }
      }
      const size_t tag_begin = pos;
      const size_t tag_end = k < n ? k + 1 : n;
      const bool self_closing = k > j && k < n && bytes[k - 1] == '/';
      pos = tag_end;

      if (skip_depth > 0) {
        if (name == skip_tag && !self_closing) skip_depth += closing ? -1 : 1;
        continue;
      }
      if (!closing && is_raw_text(name) && !self_closing) {
        size_t e = find_ci(bytes, "</" + name, pos);
        if (e == std::string_view::npos) {
          pos = n;
        } else {
          size_t gt = bytes.find('>', e);
          pos = gt == std::string_view::npos ? n : gt + 1;
        }
        if (is_block(name)) flush();
        continue;
      }
      const bool chrome = !closing && options.drop_html_boilerplate &&
                          in_list(name, {"div", "ul", "ol", "dl", "table", "section", "p"}) &&
                          chrome_by_name(bytes.substr(tag_begin, tag_end - tag_begin));
      if (!closing && (chrome || dropped(name))) {
        flush();
        if (!self_closing) {
          skip_tag = name;
          skip_depth = 1;
        }
        continue;
      }
      if (name == "br") {
        cur.new_line(tag_end);
        continue;
      }
      if (name == "pre") pre_depth = std::max(0, pre_depth + (closing ? -1 : 1));
      if (is_block(name)) {
        flush();
        continue;
      }
      // Inline element: contributes nothing itself. <wbr> and the like are
      // invisible, so no space is inserted.
      cur.skip(tag_begin, tag_end);
      continue;
    }
    if (skip_depth > 0) {
      size_t lt = bytes.find('<', pos);
      pos = lt == std::string_view::npos ? n : lt;
      continue;
    }
    if (c == '&') {
      std::string decoded;
      size_t len = decode_entity(bytes.substr(pos), decoded);
      if (len > 0) {
        cur.append_decoded(decoded, pos, pos + len);
        pos += len;
      } else {
        cur.append(bytes.substr(pos, 1), pos);
        ++pos;
      }
      continue;
    }
    if (is_ws(c)) {
      size_t e = pos;
      while (e < n && is_ws(bytes[e])) ++e;
      if (pre_depth > 0) {
        for (size_t w = pos; w < e; ++w) {
          if (bytes[w] == '\n')
            cur.new_line(w + 1);
          else
            cur.append_space(w, w + 1);
        }
      } else if (e == pos + 1 && c == ' ') {
        if (!cur.text.empty() && cur.text.back() != ' ') cur.append(bytes.substr(pos, 1), pos);
      } else {
        cur.append_space(pos, e);
      }
      pos = e;
      continue;
    }
    size_t e = pos;
    while (e < n && bytes[e] != '<' && bytes[e] != '&' && !is_ws(bytes[e])) ++e;
    cur.append(bytes.substr(pos, e - pos), pos);
    pos = e;
  }
  flush();
  return out;
}

}  // namespace alinea::align::detail
