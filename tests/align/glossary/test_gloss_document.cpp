#include <boost/test/unit_test.hpp>

#include "align/glossary/gloss_document.h"

using namespace alinea::align;

namespace {

std::vector<std::string> italic_texts(const GlossDocument& t) {
  std::vector<std::string> out;
  for (const Span& r : t.italics) out.push_back(t.text.substr(r.begin, r.end - r.begin));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gloss_document)

BOOST_AUTO_TEST_CASE(markdown_star_and_underscore_italics) {
  GlossDocument t = read_gloss_document("housing committees (*comités de vivienda*) and _tomas_.",
                                        MarkupFormat::Markdown);
  BOOST_TEST(t.text == "housing committees (comités de vivienda) and tomas.");
  std::vector<std::string> expected{"comités de vivienda", "tomas"};
  BOOST_TEST(italic_texts(t) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(markdown_bold_is_dropped_but_not_italic) {
  GlossDocument t =
      read_gloss_document("**Q:** the ***campamento*** and __bold__", MarkupFormat::Markdown);
  BOOST_TEST(t.text == "Q: the campamento and bold");
  std::vector<std::string> expected{"campamento"};
  BOOST_TEST(italic_texts(t) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(markdown_literal_markers_stay) {
  GlossDocument t = read_gloss_document(
      "* a bullet, snake_case_name, 2 * 3, \\*not\\* and `*code*`", MarkupFormat::Markdown);
  // "* " opening the line is a list marker, as CommonMark reads it.
  BOOST_TEST(t.text == "a bullet, snake_case_name, 2 * 3, *not* and *code*");
  BOOST_TEST(t.italics.empty());
}

BOOST_AUTO_TEST_CASE(markdown_italics_do_not_cross_paragraphs) {
  GlossDocument t = read_gloss_document("an *open\n\nparagraph* here", MarkupFormat::Markdown);
  BOOST_TEST(t.text == "an *open\n\nparagraph* here");
  BOOST_TEST(t.italics.empty());
  // A single line break inside a paragraph does not stop an italic span;
  // it is a space in the text.
  GlossDocument u = read_gloss_document("the *olla\ncomún* fed us", MarkupFormat::Markdown);
  std::vector<std::string> expected{"olla común"};
  BOOST_TEST(italic_texts(u) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(markdown_front_matter_is_dropped) {
  GlossDocument t = read_gloss_document("---\ntitle: \"*x* (y)\"\n---\n\n# Title\n\nBody *it*.\n",
                                        MarkupFormat::Markdown);
  BOOST_TEST(t.text.find("title:") == std::string::npos);
  BOOST_TEST(t.text == "Title\n\nBody it.");
  std::vector<std::string> expected{"it"};
  BOOST_TEST(italic_texts(t) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(html_em_i_entities_and_blocks) {
  GlossDocument t = read_gloss_document(
      "<html><head><title>T</title><style>p{}</style></head><body>\n"
      "<h1>La toma</h1><!-- note -->\n<p>the <em>olla com&uacute;n</em> (communal\n kitchen)</p>"
      "<p><i>poblaci&#243;n</i> &amp; <I>Ca&#xF1;ada</I> &laquo;x&raquo;</p><script>var a = "
      "'<em>';</script>"
      "</body></html>",
      MarkupFormat::Html);
  BOOST_TEST(t.text == "La toma\n\nthe olla común (communal kitchen)\n\npoblación & Cañada «x»");
  std::vector<std::string> expected{"olla común", "población", "Cañada"};
  BOOST_TEST(italic_texts(t) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(html_unclosed_italic_ends_with_its_block) {
  GlossDocument t =
      read_gloss_document("<p><em>tomas de terreno</p><p>next</p>", MarkupFormat::Html);
  std::vector<std::string> expected{"tomas de terreno"};
  BOOST_TEST(italic_texts(t) == expected, boost::test_tools::per_element());
  BOOST_TEST(t.text == "tomas de terreno\n\nnext");
}

BOOST_AUTO_TEST_CASE(format_guess) {
  BOOST_TEST((guess_markup_format("a/b.HTML", "x") == MarkupFormat::Html));
  BOOST_TEST((guess_markup_format("a.xhtml", "") == MarkupFormat::Html));
  BOOST_TEST((guess_markup_format("notes.txt", "  <!DOCTYPE html>") == MarkupFormat::Html));
  BOOST_TEST((guess_markup_format("notes.md", "# T") == MarkupFormat::Markdown));
  BOOST_TEST((guess_markup_format("-", "plain (text)") == MarkupFormat::Markdown));
}

BOOST_AUTO_TEST_SUITE_END()
