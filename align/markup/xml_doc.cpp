// parse_xml: libxml2 with the TMX reader's hardening, written again here
// because align/ does not include tm/.
#include "align/markup/xml_doc.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "align/error.h"
#include "align/markup/zip.h"

namespace alinea::align::markup {

namespace {

// No entity substitution (no XML_PARSE_NOENT), no DTD loading or validation,
// no network; errors are taken from the context, not printed.
constexpr int kParseOptions =
    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;

// Whether the prolog (what comes before the root element) has a document
// type declaration. Office packages never do; a DTD is where entity bombs and
// external entities live.
bool has_doctype(std::string_view bytes) {
  size_t pos = 0;
  while ((pos = bytes.find('<', pos)) != std::string_view::npos) {
    std::string_view rest = bytes.substr(pos);
    if (rest.starts_with("<!DOCTYPE") || rest.starts_with("<!doctype")) return true;
    if (rest.starts_with("<?")) {
      pos = bytes.find("?>", pos);
    } else if (rest.starts_with("<!--")) {
      pos = bytes.find("-->", pos);
    } else {
      return false;  // the root element: no declaration can follow
    }
    if (pos == std::string_view::npos) return false;
    ++pos;
  }
  return false;
}

std::string one_line(const char* message) {
  std::string out = message == nullptr ? "malformed XML" : message;
  for (char& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

void XmlDocDeleter::operator()(_xmlDoc* doc) const { xmlFreeDoc(doc); }

XmlDoc parse_xml(std::string_view bytes, const std::string& file, const std::string& member) {
  if (has_doctype(bytes))
    throw InputError(file, member +
                               ": declares a DTD (entities are not accepted in a document "
                               "package); refusing it");
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) throw InputError(file, member + ": too large");
  std::unique_ptr<xmlParserCtxt, void (*)(xmlParserCtxtPtr)> ctxt(xmlNewParserCtxt(),
                                                                  xmlFreeParserCtxt);
  if (!ctxt) throw ResourceError("libxml2: cannot create a parser");
  XmlDoc doc(xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()),
                               member.c_str(), "UTF-8", kParseOptions));
  if (!doc || !ctxt->wellFormed) {
    const xmlError* e = xmlCtxtGetLastError(ctxt.get());
    std::string where = member;
    if (e != nullptr && e->line > 0) where += ":" + std::to_string(e->line);
    throw InputError(file, where + ": " + one_line(e != nullptr ? e->message : nullptr));
  }
  if (doc->intSubset != nullptr || doc->extSubset != nullptr)
    throw InputError(file, member + ": declares a DTD; refusing it");
  return doc;
}

XmlDoc parse_main_part(const ZipArchive& zip, const std::string& member, std::string_view ns,
                       std::string_view root, const std::string& kind) {
  if (!zip.has(member)) throw InputError(zip.name(), "no " + member + ": not " + kind);
  XmlDoc doc = parse_xml(zip.read(member), zip.name(), member);
  if (!xml::is(xmlDocGetRootElement(doc.get()), ns, root))
    throw InputError(zip.name(), member + " is not " + kind + " (no " + std::string(root) +
                                     " element at its root)");
  return doc;
}

namespace xml {

std::string_view local_name(const _xmlNode* node) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE) return {};
  return reinterpret_cast<const char*>(node->name);
}

bool is(const _xmlNode* node, std::string_view ns, std::string_view local) {
  if (local_name(node) != local) return false;
  if (node->ns == nullptr || node->ns->href == nullptr) return ns.empty();
  return reinterpret_cast<const char*>(node->ns->href) == ns;
}

std::string attribute(const _xmlNode* node, std::string_view ns, std::string_view local) {
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (reinterpret_cast<const char*>(a->name) != local) continue;
    std::string_view href = a->ns != nullptr && a->ns->href != nullptr
                                ? reinterpret_cast<const char*>(a->ns->href)
                                : "";
    if (href != ns) continue;
    std::string value;
    for (const xmlNode* c = a->children; c != nullptr; c = c->next)
      if (c->content != nullptr) value += reinterpret_cast<const char*>(c->content);
    return value;
  }
  return {};
}

bool has_attribute(const _xmlNode* node, std::string_view ns, std::string_view local) {
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (reinterpret_cast<const char*>(a->name) != local) continue;
    std::string_view href = a->ns != nullptr && a->ns->href != nullptr
                                ? reinterpret_cast<const char*>(a->ns->href)
                                : "";
    if (href == ns) return true;
  }
  return false;
}

}  // namespace xml

}  // namespace alinea::align::markup
