#include <boost/test/unit_test.hpp>
#include <string>

#include "align/markup/marked_text.h"
#include "helpers.h"

using namespace alinea::align;
using namespace alinea::align::markup;
using markup::test::block_texts;
using markup::test::byte_map_error;
using Strings = std::vector<std::string>;

BOOST_AUTO_TEST_SUITE(plain_text)

BOOST_AUTO_TEST_CASE(blank_lines_make_blocks_and_bytes_map_one_to_one) {
  const std::string text =
      "\xEF\xBB\xBFPrimera l\xC3\xADnea\r\nsegunda.\r\n \t\r\n\nOtro p\xC3\xA1rrafo.\n";
  MarkedText doc = read_text(text);
  BOOST_TEST(block_texts(doc) == (Strings{"Primera línea  segunda.", "Otro párrafo."}),
             boost::test_tools::per_element());
  BOOST_TEST(doc.blocks[0].line_starts == std::vector<size_t>{16});
  BOOST_REQUIRE_EQUAL(doc.blocks[0].pieces.size(), 1u);
  BOOST_TEST(doc.blocks[0].pieces[0].source_begin == 3u);
  Span s = doc.blocks[1].source_span(5, 13);
  BOOST_TEST(text.substr(s.begin, s.size()) == "párrafo");
  BOOST_TEST(doc.blocks[0].italics.empty());
}

BOOST_AUTO_TEST_CASE(read_markup_dispatches_on_the_format) {
  const std::string text = "<p>a</p>";
  BOOST_TEST(block_texts(read_markup(text, MarkupFormat::Text)) == Strings{"<p>a</p>"});
  BOOST_TEST(block_texts(read_markup(text, MarkupFormat::Html)) == Strings{"a"});
}

BOOST_AUTO_TEST_SUITE_END()
