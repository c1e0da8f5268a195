// DOCX, ODT and EPUB readers on documents LibreOffice made from
// tests/data/documents/*.fodt, and on the hostile packages of
// tests/data/documents/make_hostile.py.
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <iterator>
#include <string>

#include "align/error.h"
#include "align/markup/marked_text.h"
#include "align/markup/xml_doc.h"
#include "align/markup/zip.h"
#include "align/segment/segmenter.h"
#include "align/types.h"
#include "helpers.h"

using namespace alinea::align;
using namespace alinea::align::markup;
using markup::test::block_texts;
using markup::test::slices;
using Strings = std::vector<std::string>;

namespace {

const std::string kDir = std::string(ALINEA_TEST_DATA) + "/documents/";

std::string slurp(const std::string& name) {
  std::ifstream in(kDir + name, std::ios::binary);
  BOOST_TEST_REQUIRE(static_cast<bool>(in), "missing test document " + name);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const Strings kBlocks = {
    "Entrevista con Rosa Pérez",
    "Llegamos a Santiago en marzo de 1970. La ciudad estaba llena de gente que venía del campo.",
    "Participamos en las tomas de terreno (land takeovers) de la comuna. Mi hermano trabajaba en "
    "la Junta de Vecinos.",
    "Después nos mudamos a una casa propia. Allí vivimos muchos años.",
    "Primero organizamos la olla común.",
    "Luego abrimos una escuela para los niños.",
    "Nunca olvidaremos aquellos años.",
    "La comuna se llamaba La Florida."};

// The message of the InputError `read` throws, or "" when it throws none.
template <typename F>
std::string refusal(F read) {
  try {
    read();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(documents)

BOOST_AUTO_TEST_CASE(docx_blocks_emphasis_footnote_and_accepted_changes) {
  MarkedText doc = read_docx(slurp("entrevista.docx"), "entrevista.docx");
  // The heading, list items and the footnote are blocks of their own; the
  // footnote comes last, not glued into the sentence it interrupts; the
  // deleted "en el año 1971" is gone and the inserted "muchos" kept.
  BOOST_TEST(block_texts(doc) == kBlocks, boost::test_tools::per_element());
  BOOST_TEST(doc.paragraph_locations);
  BOOST_TEST(slices(doc.blocks[2].text, doc.blocks[2].italics) == Strings{"tomas de terreno"});
  BOOST_TEST(slices(doc.blocks[2].text, doc.blocks[2].bold) == Strings{"Junta de Vecinos"});
  BOOST_TEST(doc.blocks[1].italics.empty());
  // Source offsets are positions in the block's own text.
  BOOST_TEST((doc.blocks[2].source_span(20, 36) == Span{20, 36}));
}

BOOST_AUTO_TEST_CASE(odt_reads_the_same_as_docx) {
  MarkedText doc = read_odt(slurp("entrevista.odt"), "entrevista.odt");
  BOOST_TEST(block_texts(doc) == kBlocks, boost::test_tools::per_element());
  BOOST_TEST(slices(doc.blocks[2].text, doc.blocks[2].italics) == Strings{"tomas de terreno"});
  BOOST_TEST(slices(doc.blocks[2].text, doc.blocks[2].bold) == Strings{"Junta de Vecinos"});
}

BOOST_AUTO_TEST_CASE(txt_docx_odt_and_pdf_give_the_same_sentences) {
  auto texts = [](const SegmentedDocument& d) {
    Strings out;
    for (const Segment& s : d.segments) out.push_back(s.text);
    return out;
  };
  SegmentedDocument txt = segment_file(kDir + "entrevista.txt", std::nullopt, std::nullopt);
  SegmentedDocument docx = segment_file(kDir + "entrevista.docx", std::nullopt, std::nullopt);
  SegmentedDocument odt = segment_file(kDir + "entrevista.odt", std::nullopt, std::nullopt);
  // The PDF (LibreOffice's, of entrevista_pdf.fodt): same sentences once
  // "organi-zamos" is joined and the running header and footer dropped.
  SegmentedDocument pdf = segment_file(kDir + "entrevista.pdf", std::nullopt, std::nullopt);
  BOOST_TEST(format_name(docx.format) == "docx");
  BOOST_TEST(format_name(odt.format) == "odt");
  BOOST_TEST((docx.language == Language::Spanish));
  BOOST_TEST(texts(txt).size() == 11u);
  BOOST_TEST(texts(docx) == texts(txt), boost::test_tools::per_element());
  BOOST_TEST(texts(odt) == texts(txt), boost::test_tools::per_element());
  BOOST_TEST(texts(pdf) == texts(txt), boost::test_tools::per_element());
  // Locations: paragraph from 1, characters (not bytes) within it.
  BOOST_TEST(!txt.segments[0].location.has_value());
  BOOST_REQUIRE(docx.segments[2].location.has_value());
  BOOST_TEST(docx.segments[2].text == "La ciudad estaba llena de gente que venía del campo.");
  BOOST_TEST((*docx.segments[2].location == Location{2, 38, 90, 0}));
  BOOST_TEST((*odt.segments[2].location == Location{2, 38, 90, 0}));
  BOOST_TEST((*pdf.segments[2].location == Location{2, 38, 90, 1}));
  BOOST_TEST(docx.segments.back().location->paragraph == 8u);
}

BOOST_AUTO_TEST_CASE(epub_chapters_in_spine_order_through_the_html_reader) {
  MarkedText doc = read_epub(slurp("entrevista.epub"), "entrevista.epub");
  // Chapter 1 before chapter 2 although the manifest lists them the other
  // way; the stylesheet in the spine is skipped; "cap%202" is decoded.
  BOOST_TEST(block_texts(doc) == kBlocks, boost::test_tools::per_element());
  BOOST_TEST(doc.paragraph_locations);
  BOOST_TEST(slices(doc.blocks[2].text, doc.blocks[2].italics) == Strings{"tomas de terreno"});
  BOOST_TEST((doc.blocks[1].source_span(38, 90) == Span{38, 90}));
  SegmentedDocument seg = segment_file(kDir + "entrevista.epub", std::nullopt, std::nullopt);
  BOOST_TEST(format_name(seg.format) == "epub");
  BOOST_REQUIRE_EQUAL(seg.segments.size(), 11u);
  BOOST_TEST((*seg.segments[2].location == Location{2, 38, 90, 0}));
  // Not a book: a .docx has no container.
  BOOST_TEST(refusal([] {
               read_epub(slurp("entrevista.docx"), "x.epub");
             }).find("x.epub: no META-INF/container.xml") == 0u);
}

BOOST_AUTO_TEST_CASE(hostile_packages_are_refused_naming_the_file) {
  struct Case {
    const char* file;
    const char* says;
  };
  for (Case c :
       {Case{"bomb.docx", "zip bomb"}, Case{"traversal.docx", "unsafe path '../../x'"},
        Case{"entities.docx", "declares a DTD"}, Case{"no_document.docx", "no word/document.xml"},
        Case{"malformed.docx", "word/document.xml:1: "},
        Case{"truncated.docx", "not a zip archive"}}) {
    std::string bytes = slurp(c.file);
    std::string why = refusal([&] { read_docx(bytes, c.file); });
    BOOST_TEST(why.starts_with(std::string(c.file) + ": "), c.file << ": " << why);
    BOOST_TEST(why.find(c.says) != std::string::npos, c.file << ": " << why);
    BOOST_TEST(why.find('\n') == std::string::npos);
  }
  // Not a zip at all, and an ODT reader handed a .docx.
  BOOST_TEST(refusal([] { read_odt("plain text", "x.odt"); }).find("not a zip") !=
             std::string::npos);
  BOOST_TEST(refusal([] { read_odt(slurp("entrevista.docx"), "x.odt"); }).find("no content.xml") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(zip_members_are_capped_whatever_they_declare) {
  std::string bytes = slurp("entrevista.docx");
  ZipLimits tiny;
  tiny.max_member_bytes = 1000;
  ZipArchive zip(bytes, "e.docx", tiny);
  BOOST_TEST(zip.has("word/document.xml"));
  BOOST_TEST(!zip.has("word/header1.xml"));
  BOOST_TEST(refusal([&] { zip.read("word/document.xml"); }).find("inflates past") !=
             std::string::npos);
  BOOST_TEST(refusal([&] { zip.read("nothing.xml"); }) ==
             "e.docx: zip archive has no member 'nothing.xml'");
  BOOST_TEST(zip.read("word/_rels/document.xml.rels").find("Relationships") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(xml_with_an_entity_declaration_is_refused_before_parsing) {
  std::string why = refusal([] {
    parse_xml(
        "<?xml version=\"1.0\"?>\n<!-- c -->\n<!DOCTYPE r [<!ENTITY e SYSTEM "
        "\"file:///etc/passwd\">]><r>&e;</r>",
        "a.odt", "content.xml");
  });
  BOOST_TEST(why.find("a.odt: content.xml: declares a DTD") == 0u, why);
  // A '<!DOCTYPE' inside the text is text, not a declaration.
  XmlDoc ok = parse_xml("<r>&lt;!DOCTYPE x&gt; <![CDATA[<!DOCTYPE y>]]></r>", "a.odt", "c.xml");
  BOOST_TEST(static_cast<bool>(ok));
}

BOOST_AUTO_TEST_SUITE_END()
