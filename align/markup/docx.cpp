// DOCX (WordprocessingML, ECMA-376): word/document.xml and, when there is
// one, word/footnotes.xml, unzipped by libzip and parsed by libxml2.
//
// One block per paragraph (<w:p>), wherever it stands: body, table cell,
// list (a list item is a paragraph with numbering properties). Runs with
// <w:i>/<w:b> (not switched off by w:val="0"/"false") become emphasis spans.
// Tracked changes are read as accepted: <w:ins> and <w:moveTo> text is kept,
// <w:del> and <w:moveFrom> text dropped. Footnotes become blocks of their own
// after the body, in the order the body cites them; the reference mark in the
// sentence is dropped. Page headers and footers live in other parts
// (word/header*.xml) and are not read. Field codes (<w:instrText>) are
// dropped, their shown result kept.
#include <libxml/tree.h>

#include <map>

#include "align/error.h"
#include "align/markup/marked_text.h"
#include "align/markup/xml_blocks.h"
#include "align/markup/xml_doc.h"
#include "align/markup/zip.h"

namespace alinea::align::markup {

namespace {

constexpr std::string_view kW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view kMc = "http://schemas.openxmlformats.org/markup-compatibility/2006";

// <w:i/>, <w:i w:val="1"/> on; <w:i w:val="0"/> or "false" off.
bool toggle_on(const xmlNode* property) {
  if (!xml::has_attribute(property, kW, "val")) return true;
  std::string v = xml::attribute(property, kW, "val");
  return !(v == "0" || v == "false" || v == "off");
}

struct RunStyle {
  bool italic = false;
  bool bold = false;
};

RunStyle run_style(const xmlNode* run) {
  RunStyle style;
  for (const xmlNode* c = run->children; c != nullptr; c = c->next) {
    if (!xml::is(c, kW, "rPr")) continue;
    for (const xmlNode* p = c->children; p != nullptr; p = p->next) {
      if (xml::is(p, kW, "i") || xml::is(p, kW, "iCs")) style.italic = style.italic || toggle_on(p);
      if (xml::is(p, kW, "b") || xml::is(p, kW, "bCs")) style.bold = style.bold || toggle_on(p);
      // Word's built-in character styles for emphasis.
      if (xml::is(p, kW, "rStyle")) {
        std::string s = xml::attribute(p, kW, "val");
        if (s == "Emphasis" || s == "Emphasis_20_" || s == "Emfasis") style.italic = true;
        if (s == "Strong" || s == "StrongEmphasis" || s == "Strong_20_Emphasis") style.bold = true;
      }
    }
  }
  return style;
}

std::string text_of(const xmlNode* node) {
  std::string out;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next)
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content != nullptr)
      out += reinterpret_cast<const char*>(c->content);
  return out;
}

class DocxReader {
 public:
  // Paragraph content: runs and the containers that hold runs.
  void inline_content(const xmlNode* node) {
    for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      std::string_view name = xml::local_name(c);
      bool in_w = c->ns != nullptr && reinterpret_cast<const char*>(c->ns->href) == kW;
      if (in_w && name == "r") {
        run(c);
      } else if (in_w && (name == "del" || name == "moveFrom" || name == "pPr" || name == "rPr")) {
        // deleted text (accepted changes) and properties
      } else if (in_w &&
                 (name == "ins" || name == "moveTo" || name == "hyperlink" || name == "smartTag" ||
                  name == "fldSimple" || name == "sdt" || name == "sdtContent" ||
                  name == "customXml" || name == "dir" || name == "bdo")) {
        inline_content(c);
      } else if (xml::is(c, kMc, "AlternateContent")) {
        // Choice and Fallback carry the same content twice: read neither
        // (drawings and text boxes, not running text).
      }
    }
  }

  void run(const xmlNode* r) {
    RunStyle style = run_style(r);
    for (const xmlNode* c = r->children; c != nullptr; c = c->next) {
      if (xml::is(c, kW, "t")) {
        builder_.text(text_of(c), style.italic, style.bold);
      } else if (xml::is(c, kW, "tab") || xml::is(c, kW, "br") || xml::is(c, kW, "cr")) {
        builder_.space();
      } else if (xml::is(c, kW, "noBreakHyphen")) {
        builder_.text("-", style.italic, style.bold);
      } else if (xml::is(c, kW, "footnoteReference")) {
        cited_.push_back(xml::attribute(c, kW, "id"));
      }
    }
  }

  // Block-level content: paragraphs, tables, content controls.
  void blocks(const xmlNode* node, std::vector<Block>& out) {
    for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
      if (xml::is(c, kW, "p")) {
        inline_content(c);
        Block b = builder_.finish();
        if (!b.blank()) out.push_back(std::move(b));
      } else if (xml::is(c, kW, "tbl") || xml::is(c, kW, "tr") || xml::is(c, kW, "tc") ||
                 xml::is(c, kW, "sdt") || xml::is(c, kW, "sdtContent") ||
                 xml::is(c, kW, "customXml") || xml::is(c, kW, "ins") || xml::is(c, kW, "moveTo")) {
        blocks(c, out);
      }
    }
  }

  MarkedText read(std::string_view bytes, const std::string& name) {
    ZipArchive zip(bytes, name);
    XmlDoc doc =
        parse_main_part(zip, "word/document.xml", kW, "document", "a Word (.docx) document");
    const xmlNode* root = xmlDocGetRootElement(doc.get());
    MarkedText out;
    out.paragraph_locations = true;
    for (const xmlNode* c = root->children; c != nullptr; c = c->next)
      if (xml::is(c, kW, "body")) blocks(c, out.blocks);
    if (!cited_.empty() && zip.has("word/footnotes.xml")) footnotes(zip, name, out.blocks);
    return out;
  }

  void footnotes(const ZipArchive& zip, const std::string& name, std::vector<Block>& out) {
    XmlDoc doc = parse_xml(zip.read("word/footnotes.xml"), name, "word/footnotes.xml");
    const xmlNode* root = xmlDocGetRootElement(doc.get());
    std::map<std::string, const xmlNode*> by_id;
    for (const xmlNode* c = root != nullptr ? root->children : nullptr; c != nullptr; c = c->next)
      if (xml::is(c, kW, "footnote")) by_id.emplace(xml::attribute(c, kW, "id"), c);
    std::vector<std::string> cited = std::move(cited_);
    for (const std::string& id : cited) {
      auto it = by_id.find(id);
      if (it == by_id.end()) continue;
      blocks(it->second, out);
      by_id.erase(it);  // cited twice, read once
    }
  }

 private:
  BlockBuilder builder_;
  std::vector<std::string> cited_;
};

}  // namespace

MarkedText read_docx(std::string_view bytes, const std::string& name) {
  return DocxReader().read(bytes, name);
}

}  // namespace alinea::align::markup
