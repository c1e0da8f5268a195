// ODT (OpenDocument Text, ISO/IEC 26300): content.xml, unzipped by libzip
// and parsed by libxml2.
//
// One block per paragraph or heading (<text:p>, <text:h>), wherever it
// stands: body, list item, table cell, section. Emphasis comes from styles:
// a span's or paragraph's automatic style (content.xml) with
// fo:font-style="italic" or fo:font-weight="bold", directly or through its
// parent style, and LibreOffice's "Emphasis" / "Strong Emphasis" character
// styles. Tracked changes are read as accepted: the deleted text lives in
// <text:tracked-changes>, which is skipped; inserted text is in the body.
// Notes (<text:note>) become blocks of their own after the body, in citation
// order; their citation mark is dropped. White space is collapsed as ODF
// says (<text:s>, <text:tab>, <text:line-break> stand for kept spaces).
// Page headers and footers live in styles.xml and are not read.
#include <libxml/tree.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>

#include "align/error.h"
#include "align/markup/marked_text.h"
#include "align/markup/xml_blocks.h"
#include "align/markup/xml_doc.h"
#include "align/markup/zip.h"

namespace alinea::align::markup {

namespace {

constexpr std::string_view kText = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
constexpr std::string_view kOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
constexpr std::string_view kStyle = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
constexpr std::string_view kFo = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";
constexpr std::string_view kTable = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";

struct Emphasis {
  bool italic = false;
  bool bold = false;
};

// Style name -> emphasis, following parent styles.
class Styles {
 public:
  void add(const xmlNode* automatic_styles) {
    for (const xmlNode* s = automatic_styles->children; s != nullptr; s = s->next) {
      if (!xml::is(s, kStyle, "style")) continue;
      Entry e;
      e.parent = xml::attribute(s, kStyle, "parent-style-name");
      for (const xmlNode* p = s->children; p != nullptr; p = p->next) {
        if (!xml::is(p, kStyle, "text-properties")) continue;
        if (xml::has_attribute(p, kFo, "font-style"))
          e.italic = xml::attribute(p, kFo, "font-style") == "italic" ||
                     xml::attribute(p, kFo, "font-style") == "oblique";
        if (xml::has_attribute(p, kFo, "font-weight")) {
          std::string w = xml::attribute(p, kFo, "font-weight");
          e.bold = w == "bold" || w == "600" || w == "700" || w == "800" || w == "900";
        }
      }
      entries_[xml::attribute(s, kStyle, "name")] = e;
    }
  }

  Emphasis of(const std::string& name) const {
    Emphasis out;
    std::string n = name;
    std::set<std::string> seen;  // a loop of parents is malformed, not fatal
    while (!n.empty() && seen.insert(n).second) {
      if (n == "Emphasis") out.italic = true;
      if (n == "Strong_20_Emphasis") out.bold = true;
      auto it = entries_.find(n);
      if (it == entries_.end()) break;
      if (it->second.italic) out.italic = *it->second.italic;
      if (it->second.bold) out.bold = *it->second.bold;
      n = it->second.parent;
    }
    return out;
  }

 private:
  struct Entry {
    std::string parent;
    std::optional<bool> italic, bold;
  };
  std::map<std::string, Entry> entries_;
};

class OdtReader {
 public:
  void inline_content(const xmlNode* node, Emphasis em) {
    for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
      if (c->type == XML_TEXT_NODE && c->content != nullptr) {
        builder_.text(reinterpret_cast<const char*>(c->content), em.italic, em.bold, true);
        continue;
      }
      if (c->type != XML_ELEMENT_NODE) continue;
      if (xml::is(c, kText, "span")) {
        Emphasis inner = styles_.of(xml::attribute(c, kText, "style-name"));
        inline_content(c, {em.italic || inner.italic, em.bold || inner.bold});
      } else if (xml::is(c, kText, "s")) {
        std::string count = xml::attribute(c, kText, "c");
        size_t n =
            count.empty() ? 1 : std::min<size_t>(std::strtoul(count.c_str(), nullptr, 10), 64);
        builder_.text(std::string(n, ' '), em.italic, em.bold);
      } else if (xml::is(c, kText, "tab") || xml::is(c, kText, "line-break")) {
        builder_.text(" ", false, false);
      } else if (xml::is(c, kText, "note")) {
        notes_.push_back(c);
      } else if (xml::is(c, kText, "a") || xml::is(c, kText, "meta") || xml::is(c, kText, "ruby") ||
                 xml::is(c, kText, "ruby-base") || xml::local_name(c) == "date" ||
                 xml::local_name(c) == "time" || xml::local_name(c) == "page-number" ||
                 xml::local_name(c) == "sequence" || xml::local_name(c) == "chapter" ||
                 xml::local_name(c) == "title" || xml::local_name(c) == "subject" ||
                 xml::local_name(c) == "author-name") {
        // Links and fields: their shown text is part of the sentence.
        inline_content(c, em);
      }
      // Anything else (annotations, bookmarks, change marks, frames,
      // soft page breaks) carries no running text.
    }
  }

  void blocks(const xmlNode* node, std::vector<Block>& out) {
    for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
      if (xml::is(c, kText, "p") || xml::is(c, kText, "h")) {
        inline_content(c, styles_.of(xml::attribute(c, kText, "style-name")));
        Block b = builder_.finish();
        if (!b.blank()) out.push_back(std::move(b));
      } else if (xml::is(c, kText, "tracked-changes")) {
        // deleted text and change metadata
      } else if (xml::is(c, kText, "list") || xml::is(c, kText, "list-item") ||
                 xml::is(c, kText, "list-header") || xml::is(c, kText, "section") ||
                 xml::is(c, kText, "note-body") || xml::is(c, kText, "numbered-paragraph") ||
                 xml::is(c, kTable, "table") || xml::is(c, kTable, "table-row") ||
                 xml::is(c, kTable, "table-cell") || xml::is(c, kTable, "table-rows") ||
                 xml::is(c, kTable, "table-header-rows") || xml::is(c, kTable, "table-row-group")) {
        blocks(c, out);
      }
    }
  }

  MarkedText read(std::string_view bytes, const std::string& name) {
    ZipArchive zip(bytes, name);
    XmlDoc doc = parse_main_part(zip, "content.xml", kOffice, "document-content",
                                 "an OpenDocument (.odt) document");
    const xmlNode* root = xmlDocGetRootElement(doc.get());
    for (const xmlNode* c = root->children; c != nullptr; c = c->next)
      if (xml::is(c, kOffice, "automatic-styles")) styles_.add(c);
    MarkedText out;
    out.paragraph_locations = true;
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (!xml::is(c, kOffice, "body")) continue;
      for (const xmlNode* t = c->children; t != nullptr; t = t->next)
        if (xml::is(t, kOffice, "text")) blocks(t, out.blocks);
    }
    // Notes found while reading the body, then any notes inside notes.
    for (size_t i = 0; i < notes_.size(); ++i)
      for (const xmlNode* n = notes_[i]->children; n != nullptr; n = n->next)
        if (xml::is(n, kText, "note-body")) blocks(n, out.blocks);
    return out;
  }

 private:
  Styles styles_;
  BlockBuilder builder_;
  std::vector<const xmlNode*> notes_;
};

}  // namespace

MarkedText read_odt(std::string_view bytes, const std::string& name) {
  return OdtReader().read(bytes, name);
}

}  // namespace alinea::align::markup
