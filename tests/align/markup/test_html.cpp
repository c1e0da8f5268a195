#define BOOST_TEST_MODULE test_markup
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

BOOST_AUTO_TEST_SUITE(html)

const std::string kPage =
    "\xEF\xBB\xBF<!DOCTYPE html>\n<html lang=\"es\"><head><title>T&iacute;tulo</title>\n"
    "<style>p { color: red; }</style><script>var x = '<p>no</p>';</script></head>\n"
    "<body><nav><a href=\"/\">Inicio</a></nav>\n"
    "<h1>La   toma</h1><!-- comentario -->\n"
    "<p>La poblaci&oacute;n\r\n  <em>La Victoria</em> naci&#243; en 1957 &amp; "
    "<b>cre&#xF3;</b>.</p>\n"
    "<ul><li>Vivienda</li><li>Agua<br>potable</li></ul>\n"
    "<table><tr><td>uno</td><td>dos</td></tr></table>\n"
    "<div class=\"toc\"><p>Índice</p></div><footer>© 2024</footer></body></html>\n";

BOOST_AUTO_TEST_CASE(every_byte_maps_back_to_its_source) {
  MarkedText doc = read_html(kPage);
  BOOST_TEST(
      block_texts(doc) == (Strings{"La toma", "La población La Victoria nació en 1957 & creó.",
                                   "Vivienda", "Agua potable", "uno", "dos"}),
      boost::test_tools::per_element());
  BOOST_TEST(byte_map_error(kPage, doc) == "");
  const Block& p = doc.blocks[1];
  // A span over decoded text covers the whole reference; tags next to it
  // are taken in.
  size_t o = p.text.find("ó");
  BOOST_TEST(source_of(kPage, p, o, o + 2) == "&oacute;");
  BOOST_TEST(source_of(kPage, p, 0, p.text.size()) ==
             "La poblaci&oacute;n\r\n  <em>La Victoria</em> naci&#243; en 1957 &amp; "
             "<b>cre&#xF3;</b>.");
  size_t v = p.text.find("La Victoria");
  BOOST_TEST(source_of(kPage, p, v, v + 11) == "<em>La Victoria</em>");
}

BOOST_AUTO_TEST_CASE(blocks_breaks_and_emphasis) {
  MarkedText doc = read_html(kPage);
  BOOST_REQUIRE_EQUAL(doc.blocks.size(), 6u);
  BOOST_TEST(slices(doc.blocks[1].text, doc.blocks[1].italics) == Strings{"La Victoria"});
  BOOST_TEST(slices(doc.blocks[1].text, doc.blocks[1].bold) == Strings{"creó"});
  // <br> is a line start inside its block, not a new block.
  BOOST_TEST(doc.blocks[3].line_starts == std::vector<size_t>{5});
}

BOOST_AUTO_TEST_CASE(nested_emphasis_gives_nested_ranges) {
  const std::string html = "<p>a <em>b <strong>c <i>d</i></strong> e</em> f <b>g</b></p>";
  MarkedText doc = read_html(html);
  BOOST_REQUIRE_EQUAL(doc.blocks.size(), 1u);
  const Block& b = doc.blocks[0];
  BOOST_TEST(b.text == "a b c d e f g");
  BOOST_TEST(slices(b.text, b.italics) == (Strings{"d", "b c d e"}),
             boost::test_tools::per_element());
  BOOST_TEST(slices(b.text, b.bold) == (Strings{"c d", "g"}), boost::test_tools::per_element());
  BOOST_TEST(byte_map_error(html, doc) == "");
}

BOOST_AUTO_TEST_CASE(character_references_as_html5_decodes_them) {
  // Named with and without ';' (legacy names only), decimal, hexadecimal,
  // Windows-1252 for 128..159, U+FFFD for NUL and surrogates, unknown names
  // left as they are.
  const std::string html =
      "<p>&eacute; &copy 2024 &hearts; &#8364; &#x20AC; &#128; &#0; &#xD800; &bogus; &amp "
      "AT&T</p>";
  MarkedText doc = read_html(html);
  BOOST_REQUIRE_EQUAL(doc.blocks.size(), 1u);
  BOOST_TEST(doc.blocks[0].text == "é © 2024 ♥ € € € \xEF\xBF\xBD \xEF\xBF\xBD &bogus; & AT&T");
  BOOST_TEST(byte_map_error(html, doc) == "");
  std::string out;
  BOOST_TEST(decode_character_reference("&ntilde;o", out) == 8u);
  BOOST_TEST(decode_character_reference("&bogus;", out) == 0u);
  BOOST_TEST(decode_character_reference("& x", out) == 0u);
  BOOST_TEST(out == "ñ");
}

BOOST_AUTO_TEST_CASE(script_style_head_and_foreign_content_are_not_text) {
  const std::string html =
      "<html><head><title>No</title><script>document.write('<p>no</p>')</script></head><body>"
      "<p>Uno<style>.a{}</style> dos<template><p>no</p></template></p>"
      "<svg><text>no</text></svg><math><mi>x</mi></math><noscript>no</noscript>"
      "<textarea>no</textarea><select><option>no</option></select><p>tres</p></body></html>";
  MarkedText doc = read_html(html);
  BOOST_TEST(block_texts(doc) == (Strings{"Uno dos", "tres"}), boost::test_tools::per_element());
  BOOST_TEST(byte_map_error(html, doc) == "");
}

BOOST_AUTO_TEST_CASE(malformed_html_is_read_as_a_browser_would) {
  // Implied end tags, a stray end tag, misnested formatting, a lone '<', an
  // unterminated comment at the end.
  const std::string html =
      "<p>one<p>two</div> a < b<li>item<p><b><i>bold italic</b> italic</i>"
      "<p><em>left open</p><p>next</p><!-- never closed";
  MarkedText doc = read_html(html);
  BOOST_TEST(block_texts(doc) ==
                 (Strings{"one", "two a < b", "item", "bold italic italic", "left open", "next"}),
             boost::test_tools::per_element());
  BOOST_TEST(byte_map_error(html, doc) == "");
  BOOST_TEST(slices(doc.blocks[3].text, doc.blocks[3].italics) == Strings{"bold italic"});
  // An <em> the author left open is not carried into the next block, where
  // the parser re-opens it.
  BOOST_TEST(slices(doc.blocks[4].text, doc.blocks[4].italics) == Strings{"left open"});
  BOOST_TEST(doc.blocks[5].italics.empty());
}

BOOST_AUTO_TEST_CASE(text_the_parser_makes_up_is_not_text) {
  // <isindex> makes gumbo insert a form with a prompt of its own.
  const std::string html = "<p>Antes</p><isindex><p>Después</p>";
  ReadOptions keep;
  keep.drop_boilerplate = false;  // the made-up form is kept, with its <hr>s
  MarkedText doc = read_html(html, keep);
  BOOST_TEST(byte_map_error(html, doc) == "");
  for (const Block& b : doc.blocks) {
    Span s = b.source_span(0, b.text.size());
    BOOST_TEST(s.end <= html.size());
  }
  BOOST_TEST(block_texts(doc).front() == "Antes");
  BOOST_TEST(block_texts(doc).back() == "Después");
}

BOOST_AUTO_TEST_CASE(text_moved_by_the_parser_maps_as_a_whole) {
  // Text inside <table> but outside a cell is moved before the table.
  const std::string html = "<table>stray &amp; text<tr><td>cell</td></tr></table>";
  MarkedText doc = read_html(html);
  BOOST_TEST(block_texts(doc) == (Strings{"stray & text", "cell"}),
             boost::test_tools::per_element());
  Span s = doc.blocks[0].source_span(0, doc.blocks[0].text.size());
  BOOST_TEST(html.substr(s.begin, s.size()) == "stray &amp; text");
}

BOOST_AUTO_TEST_CASE(boilerplate_and_code_on_request) {
  const std::string html =
      "<header>Sitio</header><div id=\"navbar\">Menú</div><p>Texto.</p>"
      "<pre>make\n  install</pre><footer>Pie</footer>";
  BOOST_TEST(block_texts(read_html(html)) == Strings{"Texto."});
  ReadOptions keep;
  keep.drop_boilerplate = false;
  keep.keep_code_blocks = true;
  MarkedText doc = read_html(html, keep);
  BOOST_TEST(block_texts(doc) == (Strings{"Sitio", "Menú", "Texto.", "make install", "Pie"}),
             boost::test_tools::per_element());
  BOOST_TEST(doc.blocks[3].line_starts == std::vector<size_t>{5});
  BOOST_TEST(byte_map_error(html, doc) == "");
}

BOOST_AUTO_TEST_CASE(deep_nesting_does_not_exhaust_the_stack) {
  std::string html;
  for (int i = 0; i < 20000; ++i) html += "<span><div>";
  html += "deep";
  MarkedText doc = read_html(html);
  BOOST_TEST(block_texts(doc) == Strings{"deep"});
  BOOST_TEST(byte_map_error(html, doc) == "");
}

BOOST_AUTO_TEST_SUITE_END()
