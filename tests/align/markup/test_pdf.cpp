// The PDF reader: its layout rules (pdf_layout.h) on lines made up by hand,
// and read_pdf on tests/data/documents/entrevista.pdf (LibreOffice's PDF of
// entrevista_pdf.fodt) and the hostile PDFs of make_hostile.py.
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <iterator>
#include <string>

#include "align/error.h"
#include "align/markup/marked_text.h"
#include "align/markup/pdf_layout.h"
#include "align/segment/segmenter.h"
#include "helpers.h"

using namespace alinea::align;
using namespace alinea::align::markup;
using namespace alinea::align::markup::pdf;
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

std::string joined(std::string a, std::string_view b) {
  join_line(a, b);
  return a;
}

// A line of 10-point text (12 points high) whose top is at `top`, spanning
// [left, right] of a page whose text runs from x = 50 to x = 300.
PdfLine line(std::string text, double top, uint32_t page = 1, double left = 50,
             double right = 300) {
  return PdfLine{std::move(text), left, top, right, top + 12, page, {}, {}};
}

std::string refusal(const std::string& file) {
  try {
    read_pdf(slurp(file), file);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(pdf)

BOOST_AUTO_TEST_CASE(hyphenation_at_a_line_end_is_undone_only_inside_a_word) {
  BOOST_TEST(joined("la organi-", "zación") == "la organización");
  BOOST_TEST(joined("la comunica-", "ción social") == "la comunicación social");
  // A capital after the hyphen: a compound broken at its own hyphen.
  BOOST_TEST(joined("el gobierno Allende-", "Frei") == "el gobierno Allende-Frei");
  BOOST_TEST(joined("los años 1970-", "1973") == "los años 1970-1973");
  // A dash standing alone keeps its spaces.
  BOOST_TEST(joined("Llegamos -", "dijo ella") == "Llegamos - dijo ella");
  // A soft hyphen is always a break inside a word.
  BOOST_TEST(joined("Primero organi\u00AD", "zamos") == "Primero organizamos");
  BOOST_TEST(joined("sin guion", "al final") == "sin guion al final");
  BOOST_TEST(joined("", "primera") == "primera");
  // A hyphen inside a line is never touched.
  std::vector<Block> b = lines_to_blocks(
      {line("El gobierno Allende-Frei y la organi-", 100), line("zación de los pobladores.", 114)});
  BOOST_REQUIRE_EQUAL(b.size(), 1u);
  BOOST_TEST(b[0].text == "El gobierno Allende-Frei y la organización de los pobladores.");
}

BOOST_AUTO_TEST_CASE(page_numbers_and_repeated_edge_lines_are_running_lines) {
  BOOST_TEST(running_key("Revista de Historia 12 (2019), 45") == "Revista de Historia (),");
  BOOST_TEST(is_page_number("12"));
  BOOST_TEST(is_page_number("- 3 -"));
  BOOST_TEST(is_page_number("\u2013 3 \u2013"));
  BOOST_TEST(is_page_number("3/10"));
  BOOST_TEST(!is_page_number("Capítulo 3"));
  BOOST_TEST(!is_page_number("- -"));
}

BOOST_AUTO_TEST_CASE(running_headers_footers_and_folios_are_dropped) {
  const Strings words = {"", "uno", "dos", "tres", "cuatro"};
  std::vector<PdfLine> lines;
  for (uint32_t page = 1; page <= 4; ++page) {
    std::string n = std::to_string(page);
    // A running header whose page numbers differ.
    lines.push_back(line("Revista de Historia " + n + " (2019)", 20, page));
    if (page == 3) lines.push_back(line("Capítulo 2", 40, page));  // once: kept
    lines.push_back(line("Texto " + words[page] + ".", 60, page));
    lines.push_back(line("Otra línea " + words[page] + ".", 74, page));
    // A note at the bottom of page 1 only (kept), then the folio.
    if (page == 1) lines.push_back(line("Nota al pie.", 780, page));
    lines.push_back(line("- " + n + " -", 800, page));
  }
  drop_running_lines(lines, 4);
  Strings texts;
  for (const PdfLine& l : lines) texts.push_back(l.text);
  BOOST_TEST(texts == (Strings{"Texto uno.", "Otra línea uno.", "Nota al pie.", "Texto dos.",
                               "Otra línea dos.", "Capítulo 2", "Texto tres.", "Otra línea tres.",
                               "Texto cuatro.", "Otra línea cuatro."}),
             boost::test_tools::per_element());
  // A single page: nothing repeats, only a folio goes.
  std::vector<PdfLine> one = {line("Título", 20), line("Texto.", 40), line("7", 800)};
  drop_running_lines(one, 1);
  BOOST_REQUIRE_EQUAL(one.size(), 2u);
  BOOST_TEST(one[0].text == "Título");
}

BOOST_AUTO_TEST_CASE(paragraphs_from_gaps_indents_sizes_and_short_last_lines) {
  std::vector<PdfLine> lines = {
      // A heading: larger type.
      PdfLine{"Entrevista", 50, 30, 150, 48, 1, {}, {}},
      // Line distance 14 (1.17 heights); then a gap of 24.
      line("Llegamos a Santiago en marzo de 1970 y la", 60),
      line("ciudad estaba llena.", 74, 1, 50, 140),
      line("Participamos en las tomas de terreno de la", 98),
      // Ends a sentence but runs to the margin: the paragraph goes on.
      line("comuna con los vecinos del barrio norte.", 112),
      line("Mi hermano trabajaba en la junta.", 126, 1, 50, 200),
      // The previous line ended short after a sentence: a new paragraph
      // without any gap.
      line("Después nos mudamos a una casa propia en", 140), line("la población.", 154, 1, 50, 120),
      // Indented first line, no gap; the paragraph runs on to page 2.
      line("Primero organizamos la olla común y luego", 168, 1, 70),
      line("abrimos una escuela para los", 182), line("niños del barrio.", 30, 2, 50, 130),
      line("Nunca olvidaremos aquellos años.", 44, 2, 70, 250)};
  std::vector<Block> b = lines_to_blocks(lines);
  BOOST_TEST(
      block_texts(MarkedText{b, true}) ==
          (Strings{"Entrevista", "Llegamos a Santiago en marzo de 1970 y la ciudad estaba llena.",
                   "Participamos en las tomas de terreno de la comuna con los vecinos del "
                   "barrio norte. Mi hermano trabajaba en la junta.",
                   "Después nos mudamos a una casa propia en la población.",
                   "Primero organizamos la olla común y luego abrimos una escuela para los "
                   "niños del barrio.",
                   "Nunca olvidaremos aquellos años."}),
      boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(b.size(), 6u);
  BOOST_TEST(b[4].page == 1u);  // where it starts
  BOOST_TEST(b[5].page == 2u);
  // The byte map is the block's own text.
  BOOST_TEST((b[1].source_span(3, 10) == Span{3, 10}));
}

BOOST_AUTO_TEST_CASE(a_page_foot_ends_a_paragraph_only_on_a_very_short_line) {
  // No gap tells at a page break: a heading-like line ending very short at
  // the foot ends its paragraph; a line a little short (ragged text) without
  // a sentence end runs on to the next page.
  std::vector<Block> b = lines_to_blocks(
      {line("Texto que llena la línea entera hasta el margen derecho de la", 100),
       line("página.", 114, 1, 50, 90), line("Consejos para usuarios noveles", 128, 1, 50, 150),
       line("Aquí hay algunos consejos que siguen en", 30, 2, 50, 260),
       line("la página siguiente.", 44, 2, 50, 140)});
  BOOST_TEST(block_texts(MarkedText{b, true}) ==
                 (Strings{"Texto que llena la línea entera hasta el margen derecho de la página.",
                          "Consejos para usuarios noveles",
                          "Aquí hay algunos consejos que siguen en la página siguiente."}),
             boost::test_tools::per_element());
  // 60 of 250 points short: ragged, not a paragraph's end.
  std::vector<Block> c = lines_to_blocks({line("Una frase que llena la primera línea y", 86),
                                          line("sigue en la otra", 100, 1, 50, 240),
                                          line("página sin punto.", 30, 2, 50, 140)});
  BOOST_TEST(block_texts(MarkedText{c, true}) ==
             Strings{"Una frase que llena la primera línea y sigue en la otra página sin punto."});
}

BOOST_AUTO_TEST_CASE(words_make_lines_with_spaces_and_emphasis) {
  auto word = [](std::string t, double left, double top, bool space, bool italic = false) {
    return PdfWord{std::move(t), left, top, left + 30, top + 12, space, italic, false};
  };
  std::vector<PdfLine> lines =
      words_to_lines({word("las", 50, 100, true), word("tomas", 85, 100, true, true),
                      word("de", 120, 101, true, true), word("terreno", 155, 100, false, true),
                      // Touching, no space: one word ("(land" + "takeovers)").
                      word("(land", 50, 114, false), word("tak", 80, 114, false),
                      // Far right of the previous without a space: two words.
                      word("x", 200, 114, false)},
                     3);
  BOOST_REQUIRE_EQUAL(lines.size(), 2u);
  BOOST_TEST(lines[0].text == "las tomas de terreno");
  BOOST_TEST(slices(lines[0].text, lines[0].italics) == Strings{"tomas de terreno"});
  BOOST_TEST(lines[1].text == "(landtak x");
  BOOST_TEST(lines[1].page == 3u);
  BOOST_TEST(lines[0].bottom == 113.0);
}

BOOST_AUTO_TEST_CASE(libreoffice_pdf_reads_like_the_docx) {
  MarkedText doc = read_pdf(slurp("entrevista.pdf"), "entrevista.pdf");
  // Header ("Archivo de historia oral") and footer ("Página N de 2") gone,
  // "organi-zamos" whole, "muchos / años." joined across the page break.
  BOOST_TEST(block_texts(doc) ==
                 (Strings{"Entrevista con Rosa Pérez",
                          "Llegamos a Santiago en marzo de 1970. La ciudad estaba llena de gente "
                          "que venía del campo.",
                          "Participamos en las tomas de terreno (land takeovers) de la comuna. Mi "
                          "hermano trabajaba en la Junta de Vecinos.",
                          "Después nos mudamos a una casa propia. Allí vivimos muchos años.",
                          "Primero organizamos la olla común.",
                          "Luego abrimos una escuela para los niños.",
                          "Nunca olvidaremos aquellos años.", "La comuna se llamaba La Florida."}),
             boost::test_tools::per_element());
  BOOST_TEST(doc.paragraph_locations);
  BOOST_REQUIRE_EQUAL(doc.blocks.size(), 8u);
  BOOST_TEST(slices(doc.blocks[2].text, doc.blocks[2].italics) == Strings{"tomas de terreno"});
  BOOST_TEST(doc.blocks[3].page == 1u);
  BOOST_TEST(doc.blocks[4].page == 2u);
  SegmentedDocument seg = segment_file(kDir + "entrevista.pdf", std::nullopt, std::nullopt);
  BOOST_TEST(format_name(seg.format) == "pdf");
  BOOST_REQUIRE_EQUAL(seg.segments.size(), 11u);
  BOOST_TEST((*seg.segments[2].location == Location{2, 38, 90, 1}));
  BOOST_TEST((*seg.segments[7].location == Location{5, 0, 34, 2}));
}

BOOST_AUTO_TEST_CASE(scans_truncated_and_foreign_files_are_refused_naming_the_file) {
  BOOST_TEST(refusal("scan.pdf") ==
             "scan.pdf: has no text layer (a scanned PDF?): nothing to align");
  BOOST_TEST(refusal("truncated.pdf").starts_with("truncated.pdf: truncated PDF"));
  BOOST_TEST(refusal("encrypted.pdf") ==
             "encrypted.pdf: encrypted PDF (it needs a password): nothing to align");
  BOOST_TEST(refusal("entrevista.docx") ==
             "entrevista.docx: not a PDF (it does not start with %PDF-)");
  // Damaged inside: the cross-reference table and objects overwritten.
  std::string broken = slurp("entrevista.pdf");
  for (size_t i = 9; i + 10 < broken.size(); i += 7) broken[i] = '#';
  try {
    read_pdf(broken, "broken.pdf");
    BOOST_TEST(false, "a damaged PDF was read");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).starts_with("broken.pdf: "), e.what());
  }
}

BOOST_AUTO_TEST_SUITE_END()
