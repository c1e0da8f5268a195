#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>
#include <string>

#include "align/error.h"
#include "align/segment/segmenter.h"
#include "helpers.h"

using namespace alinea::align;
using alinea::align::test::sentences;
using alinea::align::test::texts;
using Strings = std::vector<std::string>;

namespace {

constexpr Language es = Language::Spanish;
constexpr Language en = Language::English;

std::string slice(std::string_view bytes, const Span& span) {
  return std::string(bytes.substr(span.begin, span.size()));
}

// The error message must name the file and the byte offset.
bool names_byte(const InputError& e, uint64_t offset) {
  return e.position().byte_offset == offset &&
         std::string(e.what()).find("byte " + std::to_string(offset)) != std::string::npos &&
         e.file() == "in.txt";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(formats)

BOOST_AUTO_TEST_CASE(format_from_extension_and_names) {
  BOOST_TEST((format_from_extension("a/b/Notas.MD") == DocumentFormat::Markdown));
  BOOST_TEST((format_from_extension("x.markdown") == DocumentFormat::Markdown));
  BOOST_TEST((format_from_extension("x.htm") == DocumentFormat::Html));
  BOOST_TEST((format_from_extension("x.html") == DocumentFormat::Html));
  BOOST_TEST((format_from_extension("x.srt") == DocumentFormat::Srt));
  BOOST_TEST((format_from_extension("x.vtt") == DocumentFormat::WebVtt));
  BOOST_TEST((format_from_extension("x.txt") == DocumentFormat::Text));
  BOOST_TEST((format_from_extension("x.PDF") == DocumentFormat::Pdf));
  BOOST_TEST(!format_from_extension("x.rtf").has_value());
  BOOST_TEST(!format_from_extension("dir.md/README").has_value());
  BOOST_TEST((parse_format("vtt") == DocumentFormat::WebVtt));
  BOOST_TEST((parse_format("pdf") == DocumentFormat::Pdf));
  BOOST_TEST(format_name(DocumentFormat::Markdown) == "markdown");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(plain_text)

BOOST_AUTO_TEST_CASE(byte_spans_point_into_the_original) {
  const std::string doc = "\xEF\xBB\xBFLa toma.\r\nFue en 1970.\r\n\r\nSegundo párrafo.\r\n";
  auto d = segment_text(doc, "in.txt", es, DocumentFormat::Text);
  BOOST_REQUIRE_EQUAL(d.segments.size(), 3u);
  BOOST_TEST(d.segments[0].text == "La toma.");
  BOOST_TEST(d.segments[0].bytes.begin == 3u);
  BOOST_TEST(slice(doc, d.segments[0].bytes) == "La toma.");
  BOOST_TEST(slice(doc, d.segments[1].bytes) == "Fue en 1970.");
  BOOST_TEST(slice(doc, d.segments[2].bytes) == "Segundo párrafo.");
  BOOST_TEST(d.segments[1].paragraph == 0u);
  BOOST_TEST(d.segments[2].paragraph == 1u);
}

BOOST_AUTO_TEST_CASE(line_breaks_fold_to_spaces) {
  const std::string doc = "Una frase\r\npartida en\ndos líneas.\n";
  auto d = segment_text(doc, "in.txt", es, DocumentFormat::Text);
  BOOST_REQUIRE_EQUAL(d.segments.size(), 1u);
  BOOST_TEST(d.segments[0].text == "Una frase partida en dos líneas.");
  BOOST_TEST(slice(doc, d.segments[0].bytes) == "Una frase\r\npartida en\ndos líneas.");
}

BOOST_AUTO_TEST_CASE(nfc_text_original_offsets) {
  // "Educación" with a combining acute accent (NFD): 'o' + U+0301.
  const std::string doc = "Educacio\xCC\x81n popular. Otra frase.";
  auto d = segment_text(doc, "in.txt", es, DocumentFormat::Text);
  BOOST_REQUIRE_EQUAL(d.segments.size(), 2u);
  BOOST_TEST(d.segments[0].text == "Educación popular.");  // composed
  BOOST_TEST(d.segments[0].bytes.end == 20u);              // original, decomposed bytes
  BOOST_TEST(d.segments[1].bytes.begin == 21u);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_refused_with_offset) {
  const std::string latin1 = "La poblaci\xF3n La Victoria.";
  try {
    segment_text(latin1, "in.txt", es, DocumentFormat::Text);
    BOOST_FAIL("accepted Latin-1");
  } catch (const InputError& e) {
    BOOST_TEST(names_byte(e, 10));
  }
}

BOOST_AUTO_TEST_CASE(binary_is_refused_with_offset) {
  const std::string binary("PK\x03\x04\x00\x01", 6);
  try {
    segment_text(binary, "in.txt", es, DocumentFormat::Text);
    BOOST_FAIL("accepted binary");
  } catch (const InputError& e) {
    BOOST_TEST(names_byte(e, 4));
  }
}

BOOST_AUTO_TEST_CASE(language_detection) {
  auto d = segment_text("Los pobladores se tomaron el sitio y levantaron sus carpas en la noche.",
                        "in.txt", std::nullopt, DocumentFormat::Text);
  BOOST_TEST((d.language == Language::Spanish));
  d = segment_text("The settlers took over the site and put up their tents during the night.",
                   "in.txt", std::nullopt, DocumentFormat::Text);
  BOOST_TEST((d.language == Language::English));
  try {
    segment_text("Allende 1970", "in.txt", std::nullopt, DocumentFormat::Text);
    BOOST_FAIL("guessed a language from two words");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find("--lang") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(segment_file_reads_from_disk) {
  const std::string path = "test_segment_tmp.txt";
  {
    std::ofstream out(path, std::ios::binary);
    out << "Primera frase. Segunda frase.\n";
  }
  auto d = segment_file(path, es, std::nullopt);
  std::remove(path.c_str());
  BOOST_TEST((d.format == DocumentFormat::Text));
  BOOST_TEST(d.path == path);
  BOOST_TEST(texts(d) == (Strings{"Primera frase.", "Segunda frase."}),
             boost::test_tools::per_element());
  BOOST_CHECK_THROW(segment_file("/nonexistent/x.txt", es, std::nullopt), InputError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(markdown)

const std::string kMarkdown =
    "---\n"
    "title: \"La toma\"\n"
    "lang: es\n"
    "---\n"
    "\n"
    "# La toma de *La Victoria*\n"
    "\n"
    "El 30 de octubre de 1957 unas **mil doscientas** familias ocuparon la\n"
    "[chacra La Feria](https://es.wikipedia.org/wiki/La_Victoria). Fue la primera\n"
    "toma organizada {{< ref \"nota\" >}}de Chile.\n"
    "\n"
    "```sh\n"
    "echo no es prosa.\n"
    "```\n"
    "\n"
    "Sus demandas:\n"
    "\n"
    "- vivienda digna\n"
    "- agua potable y `luz`\n"
    "\n"
    "{% include aviso.html %}\n"
    "![foto](img/toma.jpg)\n"
    "> Una cita &laquo;famosa&raquo;. Con dos frases.\n";

BOOST_AUTO_TEST_CASE(markup_reduced_to_text) {
  auto d = segment_text(kMarkdown, "in.md", es, DocumentFormat::Markdown);
  BOOST_TEST(texts(d) == (Strings{"La toma de La Victoria",
                                  "El 30 de octubre de 1957 unas mil doscientas familias ocuparon "
                                  "la chacra La Feria.",
                                  "Fue la primera toma organizada de Chile.",
                                  "Sus demandas:", "vivienda digna", "agua potable y luz",
                                  "Una cita «famosa».", "Con dos frases."}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(paragraphs_and_spans) {
  auto d = segment_text(kMarkdown, "in.md", es, DocumentFormat::Markdown);
  BOOST_REQUIRE_EQUAL(d.segments.size(), 8u);
  BOOST_TEST(d.segments[0].paragraph == 0u);
  BOOST_TEST(d.segments[1].paragraph == 1u);
  BOOST_TEST(d.segments[2].paragraph == 1u);
  BOOST_TEST(d.segments[4].paragraph == 3u);
  BOOST_TEST(d.segments[5].paragraph == 4u);
  BOOST_TEST(slice(kMarkdown, d.segments[0].bytes) == "La toma de *La Victoria*");
  BOOST_TEST(slice(kMarkdown, d.segments[2].bytes) ==
             "Fue la primera\ntoma organizada {{< ref \"nota\" >}}de Chile.");
  BOOST_TEST(slice(kMarkdown, d.segments[6].bytes) == "Una cita &laquo;famosa&raquo;.");
}

BOOST_AUTO_TEST_CASE(code_blocks_kept_on_request) {
  SegmentOptions keep;
  keep.keep_code_blocks = true;
  auto d = segment_text(kMarkdown, "in.md", es, DocumentFormat::Markdown, keep);
  bool found = false;
  for (const auto& s : d.segments) found = found || s.text == "echo no es prosa.";
  BOOST_TEST(found);
}

BOOST_AUTO_TEST_CASE(setext_headings_tables_and_turns) {
  const std::string md =
      "The takeover\n"
      "============\n"
      "\n"
      "| Year | Event |\n"
      "|------|-------|\n"
      "| 1957 | La Victoria |\n"
      "\n"
      "**Q:** When did you arrive\n"
      "**A:** In 1957, with the takeover\n";
  auto d = segment_text(md, "in.md", en, DocumentFormat::Markdown);
  BOOST_TEST(texts(d) == (Strings{"The takeover", "Year", "Event", "1957", "La Victoria",
                                  "Q: When did you arrive", "A: In 1957, with the takeover"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(list_continuation_is_not_code) {
  const std::string md =
      "- The committee met.\n"
      "\n"
      "    It voted for the takeover.\n"
      "\n"
      "Back to the text.\n"
      "\n"
      "    code after a paragraph\n";
  auto d = segment_text(md, "in.md", en, DocumentFormat::Markdown);
  BOOST_TEST(texts(d) ==
                 (Strings{"The committee met.", "It voted for the takeover.", "Back to the text."}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(html)

const std::string kHtml =
    "<!DOCTYPE html>\n<html lang=\"es\"><head><title>Título</title>\n"
    "<style>p { color: red; }</style></head>\n"
    "<body><nav><a href=\"/\">Inicio</a> | <a href=\"/a\">Archivo</a></nav>\n"
    "<header><p>Sitio de memoria</p></header>\n"
    "<h1>La toma</h1>\n"
    "<p>La poblaci&oacute;n   <em>La Victoria</em> naci&#243; en 1957.\n"
    "Fue   una toma &laquo;ejemplar&raquo;.</p>\n"
    "<script>var x = \"<p>no</p>\";</script>\n"
    "<ul><li>Vivienda</li><li>Agua<br>potable</li></ul>\n"
    "<!-- comentario -->\n"
    "<div class=\"x\" data-a='1>2'>Texto en div.<p>Párrafo interior.</p></div>\n"
    "<div class=\"toc\"><p>Índice</p><ul><li>La toma</li></ul></div>\n"
    "<footer>© 2024</footer></body></html>\n";

BOOST_AUTO_TEST_CASE(blocks_become_paragraphs) {
  auto d = segment_text(kHtml, "in.html", es, DocumentFormat::Html);
  BOOST_TEST(texts(d) == (Strings{"La toma", "La población La Victoria nació en 1957.",
                                  "Fue una toma «ejemplar».", "Vivienda", "Agua potable",
                                  "Texto en div.", "Párrafo interior."}),
             boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(d.segments.size(), 7u);
  BOOST_TEST(d.segments[1].paragraph == 1u);
  BOOST_TEST(d.segments[2].paragraph == 1u);
  BOOST_TEST(d.segments[3].paragraph == 2u);
  BOOST_TEST(d.segments[6].paragraph == 5u);
}

BOOST_AUTO_TEST_CASE(spans_cover_entities_and_tags) {
  auto d = segment_text(kHtml, "in.html", es, DocumentFormat::Html);
  BOOST_REQUIRE_GE(d.segments.size(), 3u);
  BOOST_TEST(slice(kHtml, d.segments[1].bytes) ==
             "La poblaci&oacute;n   <em>La Victoria</em> naci&#243; en 1957.");
  BOOST_TEST(slice(kHtml, d.segments[2].bytes) == "Fue   una toma &laquo;ejemplar&raquo;.");
}

BOOST_AUTO_TEST_CASE(english_page) {
  const std::string page =
      "<html><body><div id=\"navbar\"><a href=\"/\">Home</a></div>"
      "<article><h2>The takeover</h2><p>Mr. Soto arrived at 2&nbsp;a.m. with the "
      "committee.<br/>Q: Were you afraid?<br/>A: No, we were many.</p>"
      "<p>See <a href=\"https://example.org/a?b=1\">the archive</a>. It&#8217;s open.</p>"
      "</article></body></html>";
  auto d = segment_text(page, "in.html", en, DocumentFormat::Html);
  BOOST_TEST(
      texts(d) == (Strings{"The takeover", "Mr. Soto arrived at 2\u00A0a.m. with the committee.",
                           "Q: Were you afraid?", "A: No, we were many.", "See the archive.",
                           "It\u2019s open."}),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(boilerplate_kept_on_request) {
  SegmentOptions keep;
  keep.drop_html_boilerplate = false;
  auto d = segment_text(kHtml, "in.html", es, DocumentFormat::Html, keep);
  BOOST_TEST(texts(d).front() == "Inicio | Archivo");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(subtitles)

const std::string kSrt =
    "1\r\n00:00:01,000 --> 00:00:03,500\r\n<i>En julio de 1970</i> nos tomamos\r\n"
    "el sitio.\r\n\r\n"
    "2\r\n00:00:03,600 --> 00:00:06,000\r\nLlegaron los carabineros y\r\n\r\n"
    "3\r\n00:00:06,100 --> 00:00:08,000\r\n{\\an8}nadie se movió &amp; nadie habló.\r\n\r\n"
    "4\r\n00:00:08,500 --> 00:00:10,000\r\n- ¿Vienes?\r\n- Sí, voy\r\n";

BOOST_AUTO_TEST_CASE(srt_cues_merge_into_sentences_with_times) {
  auto d = segment_text(kSrt, "in.srt", es, DocumentFormat::Srt);
  BOOST_TEST(texts(d) == (Strings{"En julio de 1970 nos tomamos el sitio.",
                                  "Llegaron los carabineros y nadie se movió & nadie habló.",
                                  "- ¿Vienes?", "- Sí, voy"}),
             boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(d.segments.size(), 4u);
  BOOST_REQUIRE(d.segments[0].time.has_value());
  BOOST_TEST(d.segments[0].time->start_ms == 1000);
  BOOST_TEST(d.segments[0].time->end_ms == 3500);
  BOOST_TEST(d.segments[1].time->start_ms == 3600);
  BOOST_TEST(d.segments[1].time->end_ms == 8000);
  BOOST_TEST(d.segments[3].time->start_ms == 8500);
  BOOST_TEST(slice(kSrt, d.segments[0].bytes) ==
             "<i>En julio de 1970</i> nos tomamos\r\nel sitio.");
}

BOOST_AUTO_TEST_CASE(srt_paragraph_gap) {
  SegmentOptions gap;
  gap.subtitle_paragraph_gap_ms = 400;
  auto d = segment_text(kSrt, "in.srt", es, DocumentFormat::Srt, gap);
  BOOST_REQUIRE_EQUAL(d.segments.size(), 4u);
  BOOST_TEST(d.segments[1].paragraph == 0u);  // gaps of 100 ms do not split
  BOOST_TEST(d.segments[2].paragraph == 1u);  // 500 ms does
}

BOOST_AUTO_TEST_CASE(srt_blank_line_inside_a_cue) {
  const std::string srt =
      "1\n00:00:01,000 --> 00:00:02,000\nWe stayed\n\nall night.\n\n"
      "2\n00:00:03,000 --> 00:00:04,000\nThen we left.\n";
  auto d = segment_text(srt, "in.srt", en, DocumentFormat::Srt);
  BOOST_TEST(texts(d) == (Strings{"We stayed all night.", "Then we left."}),
             boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(d.segments.size(), 2u);
  BOOST_TEST(d.segments[0].time->end_ms == 2000);
  BOOST_CHECK_THROW(segment_text("Just text.\n", "in.srt", en, DocumentFormat::Srt), InputError);
}

BOOST_AUTO_TEST_CASE(srt_bad_timing_is_reported) {
  const std::string bad = "1\n00:00:01,000 --> 00:00:0x,000\nHola.\n";
  try {
    segment_text(bad, "in.srt", es, DocumentFormat::Srt);
    BOOST_FAIL("accepted a bad timing");
  } catch (const InputError& e) {
    BOOST_TEST(e.position().line.value_or(0) == 2u);
  }
}

const std::string kVtt =
    "WEBVTT - entrevista\n\n"
    "NOTE revisado por el comité\n\n"
    "STYLE\n::cue { color: yellow }\n\n"
    "intro\n00:01.000 --> 00:04.000 align:start position:10%\n"
    "<v Rosa>We took the site in July 1970. The police</v>\n\n"
    "00:04.200 --> 00:07.000\ncame at dawn.\n\n"
    "01:00:00.000 --> 01:00:02.000\nROSA: Nobody moved\n";

BOOST_AUTO_TEST_CASE(webvtt_cues) {
  auto d = segment_text(kVtt, "in.vtt", en, DocumentFormat::WebVtt);
  BOOST_TEST(texts(d) == (Strings{"We took the site in July 1970.", "The police came at dawn.",
                                  "ROSA: Nobody moved"}),
             boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(d.segments.size(), 3u);
  BOOST_TEST(d.segments[0].time->start_ms == 1000);
  BOOST_TEST(d.segments[0].time->end_ms == 4000);
  BOOST_TEST(d.segments[1].time->start_ms == 1000);
  BOOST_TEST(d.segments[1].time->end_ms == 7000);
  BOOST_TEST(d.segments[2].time->start_ms == 3600000);
}

BOOST_AUTO_TEST_CASE(webvtt_needs_header) {
  BOOST_CHECK_THROW(
      segment_text("00:01.000 --> 00:02.000\nHi.\n", "in.vtt", en, DocumentFormat::WebVtt),
      InputError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(presegmented)

BOOST_AUTO_TEST_CASE(blank_lines_are_paragraph_breaks) {
  const std::string doc = "\xEF\xBB\xBFPrimera.\r\nSegunda.\r\n\r\n\r\nTercera.\n";
  auto segs = presegmented_from_text(doc, "in.txt");
  BOOST_REQUIRE_EQUAL(segs.size(), 3u);
  BOOST_TEST(segs[0].text == "Primera.");
  BOOST_TEST(segs[1].paragraph == 0u);
  BOOST_TEST(segs[2].paragraph == 1u);
  BOOST_TEST(slice(doc, segs[2].bytes) == "Tercera.");
  BOOST_CHECK_THROW(presegmented_from_text("a\xC3", "in.txt"), InputError);
}

BOOST_AUTO_TEST_SUITE_END()
