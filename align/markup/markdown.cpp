// Markdown to blocks with md4c, a CommonMark parser (with the GitHub table
// and task-list extensions). md4c hands back pointers into the
// input for ordinary text, code and raw HTML, so text maps onto its own
// bytes. It does not report where delimiters are ("*", "[", "](url)",
// backticks): the bytes between two pieces of text on one line are the
// markup between them, and the few delimiters at the start of a line or
// after the last text of a span are found next to the text. Each heading,
// paragraph, list item and table cell is a block; HTML blocks are read by
// the HTML reader; images, code blocks (unless kept) and link reference
// definitions are dropped.
//
// What md4c does not know stays here: front matter ("---" YAML or "+++"
// TOML at the very start), the template tags of static site generators
// ({{< shortcode >}}, {% tag %}, {{ var }}), heading attributes ("{#id}")
// and footnotes ("[^1]"), which are dropped.
#include <md4c.h>

#include <algorithm>
#include <string>
#include <vector>

#include "align/error.h"
#include "align/markup/marked_text.h"
#include "align/text.h"

namespace alinea::align::markup {

namespace {

constexpr size_t kNone = std::string::npos;

// Where the front matter ends (0 when there is none).
size_t front_matter_end(std::string_view bytes, size_t pos) {
  auto line_at = [&](size_t from, size_t* next) {
    size_t eol = bytes.find('\n', from);
    size_t end = eol == std::string_view::npos ? bytes.size() : eol;
    *next = eol == std::string_view::npos ? bytes.size() : eol + 1;
    if (end > from && bytes[end - 1] == '\r') --end;
    return bytes.substr(from, end - from);
  };
  size_t next;
  std::string_view first = line_at(pos, &next);
  if (first != "---" && first != "+++") return pos;
  for (size_t p = next; p < bytes.size();) {
    std::string_view line = line_at(p, &next);
    if (line == first || (first == "---" && line == "...")) return next;
    p = next;
  }
  return pos;  // never closed: not front matter
}

// Template tags, each on one line: "{{ ... }}" and "{% ... %}".
std::vector<Span> template_tags(std::string_view bytes) {
  std::vector<Span> out;
  for (size_t i = bytes.find('{'); i != std::string_view::npos; i = bytes.find('{', i + 1)) {
    if (i + 1 >= bytes.size() || (bytes[i + 1] != '{' && bytes[i + 1] != '%')) continue;
    std::string_view close = bytes[i + 1] == '{' ? "}}" : "%}";
    size_t eol = bytes.find('\n', i);
    size_t j = bytes.find(close, i + 2);
    if (j == std::string_view::npos || (eol != std::string_view::npos && j > eol)) continue;
    out.push_back({i, j + 2});
    i = j + 1;
  }
  return out;
}

// Footnote references and labels, "[^1]", which CommonMark does not know.
std::vector<Span> footnote_labels(std::string_view bytes) {
  std::vector<Span> out;
  for (size_t i = bytes.find("[^"); i != std::string_view::npos; i = bytes.find("[^", i + 2)) {
    size_t j = i + 2;
    while (j < bytes.size() && bytes[j] != ']' && !is_ascii_space(bytes[j])) ++j;
    if (j < bytes.size() && bytes[j] == ']' && j > i + 2) out.push_back({i, j + 1});
  }
  return out;
}

// Runs of exactly two tildes, "~~struck~~": the markers are dropped, the
// text kept. md4c's strikethrough extension would also take single tildes
// ("~/.profile and ~/.bashrc") for markers.
std::vector<Span> strikethrough_markers(std::string_view bytes) {
  std::vector<Span> out;
  for (size_t i = bytes.find("~~"); i != std::string_view::npos; i = bytes.find("~~", i)) {
    size_t j = i;
    while (j < bytes.size() && bytes[j] == '~') ++j;
    if (j - i == 2) out.push_back({i, j});
    i = j;
  }
  return out;
}

// A heading's attribute block, "# Title {#anchor}" (Pandoc, Hugo, kramdown).
std::vector<Span> heading_attributes(std::string_view bytes) {
  std::vector<Span> out;
  for (size_t pos = 0; pos < bytes.size();) {
    size_t eol = bytes.find('\n', pos);
    if (eol == std::string_view::npos) eol = bytes.size();
    std::string_view line = trim_space(bytes.substr(pos, eol - pos));
    if (!line.empty() && line.front() == '#' && line.back() == '}') {
      size_t brace = line.rfind("{#");
      if (brace != std::string_view::npos) {
        size_t at = static_cast<size_t>(line.data() - bytes.data()) + brace;
        out.push_back({at, at + line.size() - brace});
      }
    }
    pos = eol + 1;
  }
  return out;
}

// Template tags, footnote labels, heading attributes and strikethrough
// markers, in order: dropped from the text.
std::vector<Span> dropped_inline(std::string_view bytes) {
  std::vector<Span> out = template_tags(bytes);
  for (const std::vector<Span>& more :
       {footnote_labels(bytes), heading_attributes(bytes), strikethrough_markers(bytes)})
    out.insert(out.end(), more.begin(), more.end());
  std::sort(out.begin(), out.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  // Overlaps ("{{ [^1] }}"): the first wins.
  std::vector<Span> merged;
  for (const Span& s : out)
    if (merged.empty() || s.begin >= merged.back().end) merged.push_back(s);
  return merged;
}

bool is_delimiter(char c) {
  return std::string_view("*_~`[!<\\").find(c) != std::string_view::npos;
}

class Reader {
 public:
  Reader(std::string_view bytes, const ReadOptions& options)
      : bytes_(bytes), options_(options), templates_(dropped_inline(bytes)) {}

  MarkedText run(size_t from) {
    MD_PARSER parser{};
    parser.flags = MD_FLAG_TABLES | MD_FLAG_TASKLISTS;
    parser.enter_block = [](MD_BLOCKTYPE type, void*, void* self) {
      return static_cast<Reader*>(self)->enter_block(type);
    };
    parser.leave_block = [](MD_BLOCKTYPE type, void*, void* self) {
      return static_cast<Reader*>(self)->leave_block(type);
    };
    parser.enter_span = [](MD_SPANTYPE type, void*, void* self) {
      return static_cast<Reader*>(self)->enter_span(type);
    };
    parser.leave_span = [](MD_SPANTYPE type, void*, void* self) {
      return static_cast<Reader*>(self)->leave_span(type);
    };
    parser.text = [](MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* self) {
      return static_cast<Reader*>(self)->text(type, text, size);
    };
    std::string_view rest = bytes_.substr(from);
    if (md_parse(rest.data(), static_cast<MD_SIZE>(rest.size()), &parser, this) != 0)
      throw ResourceError("md4c could not parse the Markdown document (out of memory?)");
    flush();
    return std::move(out_);
  }

 private:
  int enter_block(MD_BLOCKTYPE type) {
    flush();
    if (type == MD_BLOCK_CODE) in_code_ = true;
    if (type == MD_BLOCK_HTML) {
      in_html_block_ = true;
      html_ = {kNone, 0};
    }
    return 0;
  }

  int leave_block(MD_BLOCKTYPE type) {
    flush();
    if (type == MD_BLOCK_CODE) in_code_ = false;
    if (type == MD_BLOCK_HTML) in_html_block_ = false;
    if (type == MD_BLOCK_HTML && html_.begin != kNone) {
      // A block of raw HTML: the HTML reader's blocks, moved to its place.
      for (Block& b : read_html(bytes_.substr(html_.begin, html_.size()), options_).blocks) {
        for (Piece& p : b.pieces) p.source_begin += html_.begin, p.source_end += html_.begin;
        for (Span& s : b.skipped) s.begin += html_.begin, s.end += html_.begin;
        out_.blocks.push_back(std::move(b));
      }
      html_ = {kNone, 0};
    }
    return 0;
  }

  int enter_span(MD_SPANTYPE type) {
    if (type == MD_SPAN_IMG) ++in_image_;
    if (type == MD_SPAN_EM) italics_.push_back({cur_.text.size(), block_no_});
    if (type == MD_SPAN_STRONG) bold_.push_back({cur_.text.size(), block_no_});
    return 0;
  }

  int leave_span(MD_SPANTYPE type) {
    switch (type) {
      case MD_SPAN_EM:
        close_emphasis(italics_, cur_.italics);
        delimiter_after(1);
        break;
      case MD_SPAN_STRONG:
        close_emphasis(bold_, cur_.bold);
        delimiter_after(2);
        break;
      case MD_SPAN_CODE:
        if (cursor_ != kNone && cursor_ < bytes_.size() && bytes_[cursor_] == ' ')
          skip_to(cursor_ + 1);
        delimiter_after(kNone);
        break;
      case MD_SPAN_A:
      case MD_SPAN_IMG:
        link_end();
        if (type == MD_SPAN_IMG) --in_image_;
        break;
      default:
        break;
    }
    return 0;
  }

  int text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size) {
    if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR) {
      new_line_ = true;
      return 0;
    }
    // Pointers outside the input are md4c's own strings (indentation and
    // line ends of code blocks, a NUL replacement).
    if (text < bytes_.data() || text + size > bytes_.data() + bytes_.size()) {
      if (in_code_ && size == 1 && text[0] == '\n') new_line_ = true;
      return 0;
    }
    const size_t at = static_cast<size_t>(text - bytes_.data());
    const size_t end = at + size;
    if (in_html_block_) {
      extend_html(at, end);
      return 0;
    }
    if (type == MD_TEXT_HTML) {
      // An inline tag is markup, kept out of the text.
      markup_before(at);
      cur_.skip(at, end);
      cursor_ = end;
      return 0;
    }
    if (in_image_ > 0) {
      // An image's alt text is not running text.
      markup_before(at);
      cur_.skip(at, end);
      cursor_ = end;
      return 0;
    }
    if (in_code_) {
      if (options_.keep_code_blocks) {
        if (new_line_) cur_.new_line(at);
        new_line_ = false;
        cur_.append(bytes_.substr(at, size), at);
        cursor_ = end;
      }
      return 0;
    }
    markup_before(at);
    if (type == MD_TEXT_ENTITY) {
      std::string decoded;
      if (decode_character_reference(bytes_.substr(at, size), decoded) == size)
        cur_.append_decoded(decoded, at, end);
      else
        cur_.append(bytes_.substr(at, size), at);
    } else if (type == MD_TEXT_CODE) {
      cur_.append(bytes_.substr(at, size), at);
    } else {
      append_without_templates(at, end);
    }
    cursor_ = end;
    return 0;
  }

  void extend_html(size_t at, size_t end) {
    if (html_.begin == kNone) html_ = {at, end};
    html_.begin = std::min<uint64_t>(html_.begin, at);
    html_.end = std::max<uint64_t>(html_.end, end);
  }

  // Ordinary text with the template tags in it dropped.
  void append_without_templates(size_t at, size_t end) {
    auto t = std::upper_bound(templates_.begin(), templates_.end(), at,
                              [](size_t x, const Span& s) { return x < s.end; });
    while (at < end) {
      if (t == templates_.end() || t->begin >= end) {
        cur_.append(bytes_.substr(at, end - at), at);
        return;
      }
      if (t->begin > at) cur_.append(bytes_.substr(at, t->begin - at), at);
      size_t stop = std::min<uint64_t>(t->end, end);
      // "[^1]: text" opening a block defines a footnote: not running text.
      if (cur_.blank() && bytes_.substr(t->begin, 2) == "[^" && t->end < bytes_.size() &&
          bytes_[t->end] == ':')
        footnote_ = true;
      cur_.skip(std::max<uint64_t>(t->begin, at), stop);
      at = stop;
      ++t;
    }
  }

  // Before text at `at`: a line break, and the markup between the last text
  // and this one. At the start of a block or a line only the delimiters
  // right before the text count ("*Hola*", "[enlace](url)"); the rest is
  // indentation, list and quote markers.
  void markup_before(size_t at) {
    if (cursor_ == kNone || new_line_ || cursor_ > at) {
      size_t from = at;
      const size_t floor = cursor_ == kNone || cursor_ > at ? 0 : cursor_;
      while (from > floor && at - from < 8 && is_delimiter(bytes_[from - 1])) --from;
      if (new_line_) cur_.new_line(at);
      new_line_ = false;
      if (from < at) cur_.skip(from, at);
    } else if (cursor_ < at) {
      cur_.skip(cursor_, at);
    }
    cursor_ = at;
  }

  void skip_to(size_t end) {
    cur_.skip(cursor_, end);
    cursor_ = end;
  }

  // The closing delimiter run right after the span's last text: up to `most`
  // bytes of the character found there.
  void delimiter_after(size_t most) {
    if (cursor_ == kNone || cursor_ >= bytes_.size()) return;
    const char c = bytes_[cursor_];
    if (c != '*' && c != '_' && c != '~' && c != '`') return;
    size_t end = cursor_;
    while (end < bytes_.size() && bytes_[end] == c && end - cursor_ < most) ++end;
    skip_to(end);
  }

  // After a link's text: "](url)", "][ref]", "]" or an autolink's ">".
  void link_end() {
    if (cursor_ == kNone || cursor_ >= bytes_.size()) return;
    if (bytes_[cursor_] == '>') return skip_to(cursor_ + 1);
    if (bytes_[cursor_] != ']') return;
    size_t end = cursor_ + 1;
    if (end < bytes_.size() && (bytes_[end] == '(' || bytes_[end] == '[')) {
      const char open = bytes_[end], close = open == '(' ? ')' : ']';
      int depth = 0;
      for (size_t j = end; j < bytes_.size() && bytes_[j] != '\n'; ++j) {
        if (bytes_[j] == '\\') {
          ++j;
          continue;
        }
        if (bytes_[j] == open) ++depth;
        if (bytes_[j] == close && --depth == 0) {
          end = j + 1;
          break;
        }
      }
    }
    skip_to(end);
  }

  struct Open {
    size_t at;
    size_t block_no;
  };

  void close_emphasis(std::vector<Open>& open, std::vector<Span>& spans) {
    if (open.empty()) return;
    Open o = open.back();
    open.pop_back();
    if (o.block_no != block_no_) return;
    size_t begin = o.at;
    while (begin < cur_.text.size() && cur_.text[begin] == ' ') ++begin;
    if (begin < cur_.text.size()) spans.push_back({begin, cur_.text.size()});
  }

  void flush() {
    if (!cur_.blank() && !footnote_) out_.blocks.push_back(std::move(cur_));
    footnote_ = false;
    cur_ = Block();
    ++block_no_;
    cursor_ = kNone;
    new_line_ = false;
  }

  std::string_view bytes_;
  const ReadOptions& options_;
  const std::vector<Span> templates_;  // template tags and footnote labels
  MarkedText out_;
  Block cur_;
  size_t block_no_ = 0;
  size_t cursor_ = kNone;  // source offset after the last text of the block
  bool new_line_ = false;
  bool in_code_ = false;
  bool in_html_block_ = false;
  bool footnote_ = false;  // the block is a footnote definition
  int in_image_ = 0;
  Span html_{kNone, 0};  // source range of the HTML block being read
  std::vector<Open> italics_, bold_;
};

}  // namespace

MarkedText read_markdown(std::string_view bytes, const ReadOptions& options) {
  const size_t from = front_matter_end(bytes, bom_length(bytes));
  return Reader(bytes, options).run(from);
}

}  // namespace alinea::align::markup
