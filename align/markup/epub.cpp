// EPUB (2 and 3): the zip's XHTML chapters in spine order, each read by the
// project's HTML reader (gumbo), as a browser would show them.
//
// META-INF/container.xml names the package document (the OPF); its manifest
// maps ids to files and its spine lists the chapters in reading order.
// Chapter files other than (X)HTML (an SVG cover) are skipped. The blocks'
// byte maps index each chapter, not the .epub, so they are turned into
// paragraph locations as for DOCX and ODT: a sentence is found again by its
// paragraph number in the book and its characters within the paragraph.
#include <libxml/tree.h>

#include <map>
#include <vector>

#include "align/error.h"
#include "align/markup/marked_text.h"
#include "align/markup/xml_doc.h"
#include "align/markup/zip.h"
#include "align/text.h"

namespace alinea::align::markup {

namespace {

constexpr std::string_view kContainer = "urn:oasis:names:tc:opendocument:xmlns:container";
constexpr std::string_view kOpf = "http://www.idpf.org/2007/opf";

// "%20" and friends in a manifest href.
std::string percent_decode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// `href` relative to the directory of `base` ("OEBPS/content.opf"), with
// "." and ".." resolved; a path climbing above the root stays as given, and
// the zip reader refuses it.
std::string resolve(const std::string& base, std::string_view href) {
  size_t cut = href.find_first_of("#?");
  std::string rel = percent_decode(href.substr(0, cut));
  size_t slash = base.rfind('/');
  std::string joined = (slash == std::string::npos ? "" : base.substr(0, slash + 1)) + rel;
  std::vector<std::string> parts;
  size_t pos = 0;
  while (pos <= joined.size()) {
    size_t end = joined.find('/', pos);
    if (end == std::string::npos) end = joined.size();
    std::string part = joined.substr(pos, end - pos);
    if (part == "..") {
      if (parts.empty()) return rel;
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    pos = end + 1;
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

const xmlNode* child(const xmlNode* node, std::string_view ns, std::string_view local) {
  for (const xmlNode* c = node != nullptr ? node->children : nullptr; c != nullptr; c = c->next)
    if (xml::is(c, ns, local)) return c;
  return nullptr;
}

// The OPF's path, from META-INF/container.xml.
std::string package_path(const ZipArchive& zip) {
  if (!zip.has("META-INF/container.xml"))
    throw InputError(zip.name(), "no META-INF/container.xml: not an EPUB book");
  XmlDoc doc = parse_xml(zip.read("META-INF/container.xml"), zip.name(), "META-INF/container.xml");
  const xmlNode* rootfile = child(child(xmlDocGetRootElement(doc.get()), kContainer, "rootfiles"),
                                  kContainer, "rootfile");
  std::string path = rootfile != nullptr ? xml::attribute(rootfile, "", "full-path") : "";
  if (path.empty())
    throw InputError(zip.name(), "META-INF/container.xml names no package document (rootfile)");
  return path;
}

}  // namespace

MarkedText read_epub(std::string_view bytes, const std::string& name, const ReadOptions& options) {
  ZipArchive zip(bytes, name);
  const std::string opf_path = package_path(zip);
  if (!zip.has(opf_path))
    throw InputError(name, "the package document '" + opf_path + "' is missing");
  XmlDoc opf = parse_xml(zip.read(opf_path), name, opf_path);
  const xmlNode* package = xmlDocGetRootElement(opf.get());
  if (!xml::is(package, kOpf, "package"))
    throw InputError(name, opf_path + " is not an EPUB package document");
  struct Item {
    std::string href, media_type;
  };
  std::map<std::string, Item> manifest;
  const xmlNode* manifest_node = child(package, kOpf, "manifest");
  for (const xmlNode* c = manifest_node != nullptr ? manifest_node->children : nullptr;
       c != nullptr; c = c->next)
    if (xml::is(c, kOpf, "item"))
      manifest[xml::attribute(c, "", "id")] = {xml::attribute(c, "", "href"),
                                               xml::attribute(c, "", "media-type")};
  const xmlNode* spine = child(package, kOpf, "spine");
  if (spine == nullptr) throw InputError(name, opf_path + " has no spine (reading order)");

  // A book has no site chrome, and its footnotes are often <aside>s: keep
  // what the boilerplate filter would drop.
  ReadOptions chapter_options = options;
  chapter_options.drop_boilerplate = false;
  MarkedText out;
  out.paragraph_locations = true;
  for (const xmlNode* ref = spine->children; ref != nullptr; ref = ref->next) {
    if (!xml::is(ref, kOpf, "itemref")) continue;
    auto item = manifest.find(xml::attribute(ref, "", "idref"));
    if (item == manifest.end()) continue;
    const std::string& type = item->second.media_type;
    if (type != "application/xhtml+xml" && type != "text/html") continue;
    const std::string path = resolve(opf_path, item->second.href);
    std::string chapter = zip.read(path);
    if (size_t bad = find_invalid_utf8(chapter); bad != std::string_view::npos)
      throw InputError(name, path + ": byte " + std::to_string(bad) + ": invalid UTF-8");
    for (Block& b : read_html(chapter, chapter_options).blocks) {
      // Offsets into the chapter become positions in the block's own text.
      b.pieces = {Piece{0, 0, b.text.size(), true}};
      b.skipped.clear();
      out.blocks.push_back(std::move(b));
    }
  }
  return out;
}

}  // namespace alinea::align::markup
