// Internal: the XML parts of a document package (DOCX, ODT, EPUB) parsed by
// libxml2 into a tree, hardened as tm/'s TMX reader is: no DTD is loaded or
// accepted (a part that declares one is refused before parsing, so no entity
// is ever declared, let alone expanded), no network, libxml2's own size and
// depth limits kept (no XML_PARSE_HUGE). Parts are at most ZipLimits'
// member size, so a tree in memory is bounded too.
//
//   XmlDoc doc = parse_xml(zip.read("content.xml"), "acta.odt", "content.xml");
//   const xmlNode* root = xmlDocGetRootElement(doc.get());   // in a .cpp
//
// No libxml2 header here: readers include it in their .cpp.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct _xmlDoc;
struct _xmlNode;

namespace alinea::align::markup {

struct XmlDocDeleter {
  void operator()(_xmlDoc* doc) const;
};
using XmlDoc = std::unique_ptr<_xmlDoc, XmlDocDeleter>;

// Parses one part; InputError naming `file`, `member` and the line for
// malformed XML or a DTD.
XmlDoc parse_xml(std::string_view bytes, const std::string& file, const std::string& member);

class ZipArchive;

// A package's main part: `member` of `zip` parsed, its root element checked
// to be `root` in namespace `ns`. InputError naming the package for a
// missing part or another root, saying that it is not `kind` ("a Word
// (.docx) document").
XmlDoc parse_main_part(const ZipArchive& zip, const std::string& member, std::string_view ns,
                       std::string_view root, const std::string& kind);

// Helpers over the tree, so readers compare names, not pointers.
namespace xml {
// The element's local name ("p" for <w:p>); empty for non-elements.
std::string_view local_name(const _xmlNode* node);
// Whether `node` is an element named `local` in namespace `ns`.
bool is(const _xmlNode* node, std::string_view ns, std::string_view local);
// The value of attribute `local` in namespace `ns`, or "" when absent.
std::string attribute(const _xmlNode* node, std::string_view ns, std::string_view local);
bool has_attribute(const _xmlNode* node, std::string_view ns, std::string_view local);
}  // namespace xml

}  // namespace alinea::align::markup
