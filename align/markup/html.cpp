// HTML to blocks with gumbo, an HTML5 parser: the tree is what a browser
// builds (implied end tags, misnested formatting, raw-text elements), and
// every node keeps its source position, which gives the byte map. Text
// nodes are read from their original bytes rather than from gumbo's decoded
// text, so that a sentence's span can be cut exactly: white space is
// collapsed here and each character reference maps onto its own bytes.
//
// Block-level elements delimit blocks; site chrome (nav, header, footer,
// aside, form, elements named like navigation) and the document head are
// dropped on request; <br> is a line break; <em>/<i> and <strong>/<b> are
// emphasis.
#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "align/markup/marked_text.h"
#include "align/text.h"

namespace alinea::align::markup {

namespace {

bool in_list(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The one list of elements that start and end a block.
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

// Elements whose content is never running text.
bool is_opaque(std::string_view name) {
  return in_list(name, {"script", "style", "textarea", "xmp", "iframe", "noembed", "noframes",
                        "plaintext", "svg", "math", "template", "noscript", "object"});
}

bool is_italic(std::string_view name) { return name == "em" || name == "i"; }
bool is_bold(std::string_view name) { return name == "strong" || name == "b"; }

// Navigation by its class or id: "navheader", "toc", "breadcrumb", ...
bool chrome_by_name(const GumboElement& element) {
  for (const char* attr : {"class", "id"}) {
    const GumboAttribute* a = gumbo_get_attribute(&element.attributes, attr);
    if (!a) continue;
    std::string_view value = a->value;
    size_t i = 0;
    while (i < value.size()) {
      while (i < value.size() && is_ascii_space(value[i])) ++i;
      size_t e = i;
      while (e < value.size() && !is_ascii_space(value[e])) ++e;
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

// The lower-case tag name; gumbo knows the HTML5 names, others (custom
// elements) are taken from the source tag.
std::string tag_name(const GumboElement& element) {
  if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
  GumboStringPiece piece = element.original_tag;
  if (piece.length == 0) return {};
  gumbo_tag_from_original_text(&piece);
  std::string name(piece.data, piece.length);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

struct OutputDeleter {
  void operator()(GumboOutput* output) const {
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
};

// What gumbo decodes a whole text node to, compared with what this reader
// makes of its original bytes (CR LF and CR are LF to gumbo).
bool same_text(std::string_view mine, std::string_view theirs) {
  size_t i = 0, j = 0;
  while (i < mine.size() && j < theirs.size()) {
    if (mine[i] == '\r') {
      if (theirs[j] != '\n') return false;
      i += (i + 1 < mine.size() && mine[i + 1] == '\n') ? 2 : 1;
      ++j;
      continue;
    }
    if (mine[i] != theirs[j]) return false;
    ++i, ++j;
  }
  return i == mine.size() && j == theirs.size();
}

class Walker {
 public:
  Walker(std::string_view bytes, const ReadOptions& options) : bytes_(bytes), options_(options) {}

  MarkedText run(const GumboNode* root) {
    // An explicit stack: documents nest deeper than the call stack should.
    struct Frame {
      const GumboNode* node;
      size_t next_child;
      std::string name;
      size_t italic_at, bold_at;  // open emphasis, npos if none
      size_t block_no;            // the block the emphasis opened in
    };
    std::vector<Frame> stack;
    auto enter = [&](const GumboNode* node) {
      if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
          node->type == GUMBO_NODE_CDATA) {
        text(node->v.text);
        return;
      }
      if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT &&
          node->type != GUMBO_NODE_TEMPLATE)
        return;  // comments
      if (node->type != GUMBO_NODE_DOCUMENT) {
        std::string name = tag_name(node->v.element);
        if (!open_element(node->v.element, name)) return;
        stack.push_back(
            {node, 0, std::move(name), std::string::npos, std::string::npos, block_no_});
        Frame& f = stack.back();
        // An element the parser re-opened in the next block (an <em> left
        // open across </p>) is not the author's emphasis there.
        const bool reopened =
            node->parse_flags & (GUMBO_INSERTION_RECONSTRUCTED_FORMATTING_ELEMENT |
                                 GUMBO_INSERTION_ADOPTION_AGENCY_CLONED);
        if (!reopened && is_italic(f.name)) f.italic_at = cur_.text.size();
        if (!reopened && is_bold(f.name)) f.bold_at = cur_.text.size();
      } else {
        stack.push_back({node, 0, {}, std::string::npos, std::string::npos, block_no_});
      }
    };
    enter(root);
    while (!stack.empty()) {
      Frame& f = stack.back();
      const GumboVector& children = f.node->type == GUMBO_NODE_DOCUMENT
                                        ? f.node->v.document.children
                                        : f.node->v.element.children;
      if (f.next_child < children.length) {
        enter(static_cast<const GumboNode*>(children.data[f.next_child++]));
        continue;
      }
      if (f.node->type != GUMBO_NODE_DOCUMENT) {
        // Emphasis still open ends with its block, as it does when an
        // author forgets the end tag.
        if (f.block_no == block_no_) {
          close_emphasis(f.italic_at, cur_.italics);
          close_emphasis(f.bold_at, cur_.bold);
        }
        close_element(f.node->v.element, f.name);
      }
      stack.pop_back();
    }
    flush();
    return std::move(out_);
  }

 private:
  uint64_t offset_of(const char* p) const { return static_cast<uint64_t>(p - bytes_.data()); }

  // Whether a piece of gumbo's output lies in the input: the parser makes
  // up some text and tags of its own (the prompt of <isindex>).
  bool in_input(const GumboStringPiece& piece) const {
    return piece.length > 0 && piece.data >= bytes_.data() &&
           piece.data + piece.length <= bytes_.data() + bytes_.size();
  }

  // Handles a start tag; false when the element's content is dropped.
  bool open_element(const GumboElement& el, const std::string& name) {
    if (is_opaque(name)) {
      if (is_block(name)) flush();
      return false;
    }
    const bool chrome = options_.drop_boilerplate &&
                        in_list(name, {"div", "ul", "ol", "dl", "table", "section", "p"}) &&
                        chrome_by_name(el);
    if (chrome || dropped(name)) {
      flush();
      return false;
    }
    // An element the parser implied has no tag in the source.
    const bool in_source = in_input(el.original_tag);
    const uint64_t tag_begin = in_source ? offset_of(el.original_tag.data) : 0;
    const uint64_t tag_end = tag_begin + el.original_tag.length;
    if (name == "br") {
      if (in_source) cur_.new_line(tag_end);
      return true;
    }
    if (name == "pre") ++pre_depth_;
    if (is_block(name)) {
      flush();
      return true;
    }
    // Inline element: contributes nothing itself. <wbr> and the like are
    // invisible, so no space is inserted.
    if (in_source) cur_.skip(tag_begin, tag_end);
    return true;
  }

  void close_element(const GumboElement& el, const std::string& name) {
    if (name == "br") return;
    if (name == "pre") pre_depth_ = std::max(0, pre_depth_ - 1);
    if (is_block(name)) {
      flush();
      return;
    }
    if (in_input(el.original_end_tag)) {
      uint64_t begin = offset_of(el.original_end_tag.data);
      cur_.skip(begin, begin + el.original_end_tag.length);
    }
  }

  bool dropped(std::string_view name) const {
    if (name == "head" || name == "select" || name == "button") return true;
    if (name == "pre") return !options_.keep_code_blocks;
    return options_.drop_boilerplate && in_list(name, {"nav", "header", "footer", "aside", "form"});
  }

  void close_emphasis(size_t at, std::vector<Span>& spans) {
    if (at == std::string::npos || cur_.text.size() <= at) return;
    spans.push_back({at, cur_.text.size()});
  }

  void text(const GumboText& node) {
    if (!in_input(node.original_text)) return;  // inserted by the parser
    std::string_view raw(node.original_text.data, node.original_text.length);
    if (raw == node.text || same_text(decoded(raw), node.text)) {
      source_text(raw);
      return;
    }
    // The parser joined text across a tag it ignored ("a</div> b"): read
    // the pieces between such tags, and drop the tags.
    std::vector<std::string_view> parts, tags;
    std::string joined;
    for (size_t pos = 0; pos <= raw.size();) {
      size_t lt = pos;
      while ((lt = raw.find('<', lt)) != std::string_view::npos &&
             !(lt + 1 < raw.size() &&
               (std::isalpha(static_cast<unsigned char>(raw[lt + 1])) ||
                std::string_view("/!?").find(raw[lt + 1]) != std::string_view::npos)))
        ++lt;
      size_t gt = lt == std::string_view::npos ? lt : raw.find('>', lt);
      if (gt == std::string_view::npos) {
        parts.push_back(raw.substr(pos));
        break;
      }
      parts.push_back(raw.substr(pos, lt - pos));
      tags.push_back(raw.substr(lt, gt + 1 - lt));
      pos = gt + 1;
    }
    for (std::string_view part : parts) joined += decoded(part);
    if (!tags.empty() && same_text(joined, node.text)) {
      for (size_t i = 0; i < parts.size(); ++i) {
        source_text(parts[i]);
        if (i < tags.size()) {
          cur_.skip(offset_of(tags[i].data()), offset_of(tags[i].data()) + tags[i].size());
        }
      }
      return;
    }
    // Text the parser moved (foster parenting out of a table keeps the
    // bytes but not always their order): mapped as a whole.
    const uint64_t base = offset_of(raw.data());
    cur_.append_space(base, base);
    cur_.append_decoded(collapse_space(node.text), base, base + raw.size());
  }

  // Text from its original bytes: white space collapsed (kept as line
  // starts inside <pre>), character references decoded.
  void source_text(std::string_view raw) {
    const uint64_t base = offset_of(raw.data());
    const size_t n = raw.size();
    size_t pos = 0;
    while (pos < n) {
      const char c = raw[pos];
      if (c == '&') {
        std::string d;
        if (size_t len = decode_character_reference(raw.substr(pos), d); len > 0) {
          cur_.append_decoded(d, base + pos, base + pos + len);
          pos += len;
        } else {
          cur_.append(raw.substr(pos, 1), base + pos);
          ++pos;
        }
        continue;
      }
      if (is_ascii_space(c)) {
        size_t e = pos;
        while (e < n && is_ascii_space(raw[e])) ++e;
        if (pre_depth_ > 0) {
          for (size_t w = pos; w < e; ++w) {
            if (raw[w] == '\n')
              cur_.new_line(base + w + 1);
            else
              cur_.append_space(base + w, base + w + 1);
          }
        } else if (e == pos + 1 && c == ' ') {
          if (!cur_.text.empty() && cur_.text.back() != ' ') cur_.append(" ", base + pos);
        } else {
          cur_.append_space(base + pos, base + e);
        }
        pos = e;
        continue;
      }
      size_t e = pos;
      while (e < n && raw[e] != '&' && !is_ascii_space(raw[e])) ++e;
      cur_.append(raw.substr(pos, e - pos), base + pos);
      pos = e;
    }
  }

  // The original bytes with character references decoded.
  static std::string decoded(std::string_view raw) {
    std::string out;
    for (size_t pos = 0; pos < raw.size();) {
      size_t len = raw[pos] == '&' ? decode_character_reference(raw.substr(pos), out) : 0;
      if (len == 0) out += raw[pos++];
      pos += len;
    }
    return out;
  }

  void flush() {
    if (!cur_.blank()) out_.blocks.push_back(std::move(cur_));
    cur_ = Block();
    ++block_no_;
  }

  std::string_view bytes_;
  const ReadOptions& options_;
  MarkedText out_;
  Block cur_;
  int pre_depth_ = 0;
  size_t block_no_ = 0;
};

}  // namespace

MarkedText read_html(std::string_view bytes, const ReadOptions& options) {
  const size_t bom = bom_length(bytes);
  GumboOptions gumbo_options = kGumboDefaultOptions;
  gumbo_options.max_errors = 0;  // parse errors are not reported; do not collect them
  std::unique_ptr<GumboOutput, OutputDeleter> output(
      gumbo_parse_with_options(&gumbo_options, bytes.data() + bom, bytes.size() - bom));
  if (!output) return {};
  return Walker(bytes, options).run(output->document);
}

}  // namespace alinea::align::markup
