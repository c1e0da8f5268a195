#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>

#include "align/markup/marked_text.h"
#include "helpers.h"

using namespace alinea::align;
using namespace alinea::align::markup;
using markup::test::block_texts;
using markup::test::byte_map_error;
using markup::test::slices;
using Strings = std::vector<std::string>;

namespace {

std::string source_of(std::string_view source, const Block& b, size_t begin, size_t end) {
  Span s = b.source_span(begin, end);
  return std::string(source.substr(s.begin, s.size()));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(markdown)

const std::string kNotes =
    "---\n"
    "title: \"*no* es texto\"\n"
    "---\n"
    "# La toma de *La Victoria* {#toma}\n"
    "\n"
    "El 30 de octubre de 1957 unas **mil *doscientas*** familias ocuparon la\n"
    "[chacra La Feria](https://example.org/a_(b)) &laquo;hoy&raquo; &#8212; nota[^1].\n"
    "\n"
    "- vivienda digna\n"
    "- agua `luz` y {{< ref \"x\" >}}gas\n"
    "  continúa\n"
    "\n"
    "1. Uno\\\n"
    "   dos\n"
    "\n"
    "```sh\n"
    "make install\n"
    "```\n"
    "\n"
    "    indented code\n"
    "\n"
    "<div class=\"x\"><p>Bloque <em>HTML</em>.</p></div>\n"
    "\n"
    "| a | b |\n"
    "|---|---|\n"
    "| c | d |\n"
    "\n"
    "![foto](img.jpg) ~~tachado~~ y ~/.profile, 2 * 3 y snake_case_name.\n"
    "\n"
    "[^1]: Según la prensa.\n";

BOOST_AUTO_TEST_CASE(blocks_from_headings_paragraphs_items_cells_and_html) {
  MarkedText doc = read_markdown(kNotes);
  BOOST_TEST(block_texts(doc) ==
                 (Strings{"La toma de La Victoria ",
                          "El 30 de octubre de 1957 unas mil doscientas familias ocuparon la "
                          "chacra La Feria «hoy» — nota.",
                          "vivienda digna", "agua luz y gas continúa", "Uno dos", "Bloque HTML.",
                          "a", "b", "c", "d", " tachado y ~/.profile, 2 * 3 y snake_case_name."}),
             boost::test_tools::per_element());
  BOOST_TEST(byte_map_error(kNotes, doc) == "");
  // Soft and hard line breaks are line starts inside the block.
  BOOST_TEST(doc.blocks[3].line_starts == std::vector<size_t>{15});
  BOOST_TEST(doc.blocks[4].line_starts == std::vector<size_t>{4});
}

BOOST_AUTO_TEST_CASE(spans_take_in_the_markup_around_the_text) {
  MarkedText doc = read_markdown(kNotes);
  const Block& h = doc.blocks[0];
  size_t v = h.text.find("La Victoria");
  BOOST_TEST(source_of(kNotes, h, v, v + 11) == "*La Victoria*");
  const Block& p = doc.blocks[1];
  size_t c = p.text.find("chacra");
  BOOST_TEST(source_of(kNotes, p, c, c + 15) == "[chacra La Feria](https://example.org/a_(b))");
  BOOST_TEST(source_of(kNotes, p, 0, p.text.size()) ==
             "El 30 de octubre de 1957 unas **mil *doscientas*** familias ocuparon la\n"
             "[chacra La Feria](https://example.org/a_(b)) &laquo;hoy&raquo; &#8212; nota[^1].");
  size_t q = p.text.find("«");
  BOOST_TEST(source_of(kNotes, p, q, q + 2) == "&laquo;");
  const Block& html = doc.blocks[5];
  BOOST_TEST(source_of(kNotes, html, 0, html.text.size()) == "Bloque <em>HTML</em>.");
}

BOOST_AUTO_TEST_CASE(nested_emphasis) {
  MarkedText doc = read_markdown(kNotes);
  const Block& p = doc.blocks[1];
  BOOST_TEST(slices(p.text, p.italics) == Strings{"doscientas"});
  BOOST_TEST(slices(p.text, p.bold) == Strings{"mil doscientas"});
  const std::string md = "***ambas*** y _una **dos** una_ fin";
  MarkedText d = read_markdown(md);
  BOOST_REQUIRE_EQUAL(d.blocks.size(), 1u);
  BOOST_TEST(d.blocks[0].text == "ambas y una dos una fin");
  BOOST_TEST(slices(d.blocks[0].text, d.blocks[0].italics) == (Strings{"ambas", "una dos una"}),
             boost::test_tools::per_element());
  BOOST_TEST(slices(d.blocks[0].text, d.blocks[0].bold) == (Strings{"ambas", "dos"}),
             boost::test_tools::per_element());
  BOOST_TEST(byte_map_error(md, d) == "");
}

BOOST_AUTO_TEST_CASE(code_blocks_kept_on_request) {
  ReadOptions keep;
  keep.keep_code_blocks = true;
  MarkedText doc = read_markdown(kNotes, keep);
  Strings texts = block_texts(doc);
  BOOST_TEST((std::find(texts.begin(), texts.end(), "make install") != texts.end()));
  BOOST_TEST((std::find(texts.begin(), texts.end(), "indented code") != texts.end()));
  BOOST_TEST(byte_map_error(kNotes, doc) == "");
}

BOOST_AUTO_TEST_CASE(what_commonmark_leaves_as_text_stays_text) {
  // Unmatched stars, a line that only looks like a table row, a shortcut
  // reference with no definition, "<...>" that is not a tag, a list
  // marker inside an item: all text, as CommonMark renders them.
  const std::string md =
      "Ver el paquete linux-doc-* y 2 * 3.\n"
      "\n"
      "| xargs -n 1 echo\n"
      "\n"
      "[a-z0-9][-a-z0-9.+]+\n"
      "\n"
      "grep «<expresión regular>» *.html\n"
      "\n"
      "- 2. ¿Qué es Debian?\n";
  MarkedText doc = read_markdown(md);
  BOOST_TEST(block_texts(doc) == (Strings{"Ver el paquete linux-doc-* y 2 * 3.",
                                          "| xargs -n 1 echo", "[a-z0-9][-a-z0-9.+]+",
                                          "grep «<expresión regular>» *.html", "¿Qué es Debian?"}),
             boost::test_tools::per_element());
  BOOST_TEST(byte_map_error(md, doc) == "");
}

BOOST_AUTO_TEST_CASE(malformed_markdown_never_throws) {
  for (const std::string& md :
       {std::string("*a **b _c `d [e](f"), std::string("```\nnever closed"),
        std::string("<div>\n\nx"), std::string("---\nfront matter never closed\n"),
        std::string("> > > >\n"), std::string("[^]: x [^ y]"), std::string("&#xFFFFFFFF; &;"),
        std::string(20000, '>') + " deep", std::string(5000, '[') + "x" + std::string(5000, ']'),
        std::string(5000, '*') + "x" + std::string(4999, '*'), std::string(3000, '-') + " x"}) {
    MarkedText doc = read_markdown(md);
    BOOST_TEST(byte_map_error(md, doc) == "", md);
  }
}

BOOST_AUTO_TEST_SUITE_END()
