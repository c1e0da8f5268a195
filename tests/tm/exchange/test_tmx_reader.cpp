#include <boost/test/unit_test.hpp>

#include "exchange_test_util.h"
#include "tm/error.h"

using namespace alinea::tm;
using namespace alinea::tm::testing;

namespace {

void check_same_props(const std::vector<Property>& a, const std::vector<Property>& b) {
  BOOST_REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    BOOST_TEST(a[i].type == b[i].type);
    BOOST_TEST(a[i].value == b[i].value);
  }
}

void check_same(const TranslationUnit& a, const TranslationUnit& b) {
  BOOST_TEST(a.source.lang == b.source.lang);
  BOOST_TEST(a.source.text == b.source.text);
  BOOST_TEST(a.source.markup == b.source.markup);
  BOOST_TEST(a.target.lang == b.target.lang);
  BOOST_TEST(a.target.text == b.target.text);
  BOOST_TEST(a.target.markup == b.target.markup);
  BOOST_TEST((a.document == b.document));
  BOOST_TEST((a.position == b.position));
  BOOST_TEST((a.confidence == b.confidence));
  BOOST_TEST((a.status == b.status));
  BOOST_TEST(a.created_at == b.created_at);
  BOOST_TEST(a.changed_at == b.changed_at);
  BOOST_TEST(a.created_by == b.created_by);
  BOOST_TEST(a.changed_by == b.changed_by);
  BOOST_TEST(a.note == b.note);
  BOOST_TEST(a.context_prev == b.context_prev);
  BOOST_TEST(a.context_next == b.context_next);
  check_same_props(a.properties, b.properties);
  BOOST_TEST(a.source_annotations.note == b.source_annotations.note);
  BOOST_TEST(a.target_annotations.note == b.target_annotations.note);
  check_same_props(a.source_annotations.properties, b.source_annotations.properties);
  check_same_props(a.target_annotations.properties, b.target_annotations.properties);
}

const char* kPrefix =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" "
    "segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"es\" datatype=\"plaintext\"/>"
    "<body>\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(tmx_reader)

BOOST_AUTO_TEST_CASE(writer_reader_writer_round_trip_is_byte_identical) {
  std::vector<TranslationUnit> units;
  for (int i = 1; i <= 50; ++i) units.push_back(full_unit(i));
  units[3].source.text = "tab\there, newline\nthere, cr\rhere, <b> & 'q' \"dq\" ]]>";
  units[4].confidence.reset();
  units[4].document.reset();
  units[4].position.reset();
  units[4].note.clear();
  units[4].properties.clear();
  units[5].source.markup = "Con <bpt i=\"1\">&lt;b&gt;</bpt>negrita<ept i=\"1\">&lt;/b&gt;</ept>";
  units[5].source.text = "Con negrita";
  units[6].source_annotations = {"dicho en la asamblea\n<& \"citado\">", {{"x-origin", "acta"}}};
  units[7].target_annotations = {"", {{"x-origin", "MT"}, {"client", "Museo & Archivo"}}};
  TempDir dir;
  const std::string first = dir.write("first.tmx", write_tmx(units));
  ReadReport report;
  auto back = read_all(first, &report);
  BOOST_TEST(report.units == units.size());
  BOOST_TEST(report.skipped == 0u);
  BOOST_REQUIRE(back.size() == units.size());
  for (size_t i = 0; i < units.size(); ++i) {
    BOOST_TEST_CONTEXT("unit " << i) check_same(back[i], units[i]);
  }
  for (auto& u : back) u.id = 0;  // as read; the writer numbers them 1..N like the ids above
  BOOST_TEST(write_tmx(back) == slurp(first));
}

BOOST_AUTO_TEST_CASE(inline_markup_is_kept_and_text_is_plain) {
  ReadReport report;
  auto units = read_all(data_path("markup_14.tmx"), &report);
  BOOST_REQUIRE(units.size() == 2u);
  BOOST_TEST(report.extra_variants == 1u);  // the French tuv
  const auto& a = units[0];
  BOOST_TEST(a.source.lang == "es-CL");
  BOOST_TEST(a.target.lang == "en-GB");
  BOOST_TEST(a.source.text == "Los cordones se organizaron en Cerrillos.");
  BOOST_TEST(a.source.markup ==
             "Los <bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>cordones<ept i=\"1\">&lt;/b&gt;</ept> se "
             "organizaron en <hi type=\"place\">Cerrillos</hi>.<ph x=\"2\">&lt;br/&gt;</ph>");
  BOOST_TEST(a.target.text == "The cordones organised in Cerrillos.");
  BOOST_TEST(a.document.value() == "cordones.html");
  BOOST_REQUIRE(a.properties.size() == 1u);
  BOOST_TEST(a.properties[0].type == "x-Origin");
  BOOST_TEST(a.properties[0].value == "MT");
  BOOST_TEST(a.note == "Los cordones industriales de Santiago.");
  BOOST_TEST(a.created_at == 84468600);  // 1972-09-04 15:30:00 UTC
  BOOST_TEST(a.created_by == "comite");
  BOOST_TEST(a.changed_by == "rev");

  const auto& b = units[1];  // English tuv first in the file
  BOOST_TEST(b.source.lang == "es");
  BOOST_TEST(b.target.lang == "en-US");
  BOOST_TEST(b.target.text == "Shacks & \"callampas\" <1957>");
  BOOST_TEST(b.target.markup.empty());
  BOOST_TEST(b.source.text == "Mediaguas & \"callampas\" <1957>, La Victoria");
  BOOST_TEST(b.source.markup ==
             "Mediaguas &amp; &quot;callampas&quot; &lt;1957&gt;<it pos=\"begin\" "
             "x=\"3\">&lt;i&gt;</it>, <ut>{\\b}</ut>La Victoria");

  // Exported, the markup comes back as it was read.
  const std::string out = write_tmx(units);
  BOOST_TEST(out.find("<seg>" + a.source.markup + "</seg>") != std::string::npos);
  TempDir dir;
  auto again = read_all(dir.write("again.tmx", out));
  BOOST_REQUIRE(again.size() == 2u);
  check_same(again[0], units[0]);
  check_same(again[1], units[1]);
}

BOOST_AUTO_TEST_CASE(notes_and_props_of_a_tuv_stay_with_its_language) {
  TempDir dir;
  const std::string p =
      dir.write("tuv_props.tmx",
                std::string(kPrefix) +
                    "<tu><prop type=\"client\">Museo</prop><note>de la unidad</note>"
                    "<tuv xml:lang=\"fr\"><note>perdida</note><prop type=\"x-fr\">1</prop>"
                    "<seg>Le pouvoir populaire.</seg></tuv>"
                    "<tuv xml:lang=\"en-GB\"><note>rough</note><note>check</note>"
                    "<prop type=\"x-origin\">translation</prop><seg>Popular power.</seg></tuv>"
                    "<tuv xml:lang=\"es-CL\"><prop type=\"x-document\">acta.txt</prop>"
                    "<prop type=\"x-origin\">transcripción</prop><note>en la asamblea</note>"
                    "<seg>El poder popular.</seg></tuv></tu>\n</body></tmx>\n");
  ReadReport report;
  auto units = read_all(p, &report);
  BOOST_REQUIRE(units.size() == 1u);
  BOOST_TEST(report.extra_variants == 1u);
  const auto& u = units[0];
  BOOST_TEST(u.note == "de la unidad");
  BOOST_REQUIRE(u.properties.size() == 1u);
  BOOST_TEST(u.properties[0].type == "client");
  // Alinea's own props mean the same wherever they are.
  BOOST_TEST(u.document.value() == "acta.txt");
  BOOST_TEST(u.source_annotations.note == "en la asamblea");
  BOOST_REQUIRE(u.source_annotations.properties.size() == 1u);
  BOOST_TEST(u.source_annotations.properties[0].value == "transcripción");
  BOOST_TEST(u.target_annotations.note == "rough\ncheck");
  BOOST_REQUIRE(u.target_annotations.properties.size() == 1u);
  BOOST_TEST(u.target_annotations.properties[0].type == "x-origin");
  BOOST_TEST(u.target_annotations.properties[0].value == "translation");

  // Written back inside their <tuv>, before its <seg>.
  const std::string out = write_tmx(units);
  BOOST_TEST(out.find("<tuv xml:lang=\"es-CL\">\n        <note>en la asamblea</note>\n"
                      "        <prop type=\"x-origin\">transcripción</prop>\n"
                      "        <seg>El poder popular.</seg>\n      </tuv>") != std::string::npos);
  BOOST_TEST(out.find("perdida") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(sub_flows_inside_codes_stay_out_of_the_text) {
  TempDir dir;
  const std::string p = dir.write(
      "sub.tmx",
      std::string(kPrefix) +
          "<tu><tuv xml:lang=\"es\"><seg>Foto <ph x=\"1\">&lt;img alt=\"<sub>Villa "
          "Francia</sub>\"&gt;</ph> del campamento<ph x='2'></ph></seg></tuv>"
          "<tuv xml:lang=\"en\"><seg>Photo of the camp</seg></tuv></tu>\n</body></tmx>\n");
  auto units = read_all(p);
  BOOST_REQUIRE(units.size() == 1u);
  BOOST_TEST(units[0].source.text == "Foto  del campamento");
  BOOST_TEST(units[0].source.markup ==
             "Foto <ph x=\"1\">&lt;img alt=&quot;<sub>Villa Francia</sub>&quot;&gt;</ph> del "
             "campamento<ph x=\"2\"/>");
}

BOOST_AUTO_TEST_CASE(tmx_11_with_lang_attributes) {
  auto units = read_all(data_path("omegat_11.tmx"));
  BOOST_REQUIRE(units.size() == 2u);
  BOOST_TEST(units[0].source.lang == "es");
  BOOST_TEST(units[0].target.lang == "en-US");
  BOOST_TEST(units[0].source.text == "La toma de La Victoria fue en 1957.");
  BOOST_TEST(units[0].target.text == "The La Victoria land takeover was in 1957.");
  BOOST_TEST(units[1].target.lang == "en");
  // OmegaT dates the translation on the target tuv.
  BOOST_TEST(units[0].changed_by == "ana");
  BOOST_TEST(units[0].created_by == "ana");
  BOOST_TEST(units[0].changed_at == 1552644900);  // 2019-03-15 10:15:00 UTC
  BOOST_TEST(units[1].changed_at == 0);
}

BOOST_AUTO_TEST_CASE(utf16_with_and_without_bom) {
  for (const char* name : {"trados_utf16le_bom.tmx", "trados_utf16be_nobom.tmx"}) {
    BOOST_TEST_CONTEXT(name) {
      auto units = read_all(data_path(name));
      BOOST_REQUIRE(units.size() == 1u);
      BOOST_TEST(units[0].source.lang == "es-ES");
      BOOST_TEST(units[0].source.text == "Campamento Nueva La Habana, año 1970 — ¡Venceremos!");
      BOOST_TEST(units[0].target.text ==
                 "Nueva La Habana camp, year 1970 — We shall overcome! \xF0\x9D\x84\x9E");
      BOOST_TEST(units[0].created_by == "TRADOS\\user");
      BOOST_REQUIRE(units[0].properties.size() == 1u);
      BOOST_TEST(units[0].properties[0].type == "x-LastUsedBy");
    }
  }
}

BOOST_AUTO_TEST_CASE(malformed_xml_reports_line_and_column) {
  TempDir dir;
  const std::string p =
      dir.write("bad.tmx", std::string(kPrefix) +
                               "  <tu><tuv xml:lang=\"es\"><seg>a</seg></tuv>\n"
                               "  <tuv xml:lang=\"en\"><seg>b</tuv></tu>\n</body></tmx>\n");
  try {
    read_all(p);
    BOOST_FAIL("no error");
  } catch (const InputError& e) {
    BOOST_TEST(e.file() == p);
    BOOST_TEST(e.line().value() == 4u);
    BOOST_TEST(e.column().value() > 20u);
    BOOST_TEST(std::string(e.what()).starts_with(p + ":4:"));
  }
}

BOOST_AUTO_TEST_CASE(bad_units_throw_or_are_skipped_and_listed) {
  TempDir dir;
  const std::string p = dir.write(
      "units.tmx",
      std::string(kPrefix) +
          "  <tu><tuv xml:lang=\"es\"><seg>uno</seg></tuv><tuv "
          "xml:lang=\"en\"><seg>one</seg></tuv></tu>\n"
          "  <tu><tuv xml:lang=\"es\"><seg>sin inglés</seg></tuv><tuv "
          "xml:lang=\"fr\"><seg>x</seg></tuv></tu>\n"
          "  <tu creationdate=\"2020-01-01\"><tuv xml:lang=\"es\"><seg>a</seg></tuv><tuv "
          "xml:lang=\"en\"><seg>b</seg></tuv></tu>\n"
          "  <tu><prop type=\"x-status\">perhaps</prop><tuv xml:lang=\"es\"><seg>a</seg></tuv><tuv "
          "xml:lang=\"en\"><seg>b</seg></tuv></tu>\n"
          "  <tu><tuv xml:lang=\"es\"><seg>a <b>x</b></seg></tuv><tuv "
          "xml:lang=\"en\"><seg>b</seg></tuv></tu>\n"
          "  <tu><tuv xml:lang=\"es\"><seg>dos</seg></tuv><tuv "
          "xml:lang=\"en\"><seg>two</seg></tuv></tu>\n"
          "</body></tmx>\n");
  // Strict: the first bad unit stops the import, at its position.
  std::vector<TranslationUnit> seen;
  try {
    read_tmx(p, {}, [&](TranslationUnit&& u) { seen.push_back(std::move(u)); });
    BOOST_FAIL("no error");
  } catch (const InputError& e) {
    BOOST_TEST(e.line().value() == 4u);
    BOOST_TEST(e.column().value() == 3u);
    BOOST_TEST(std::string(e.what()).find("no English") != std::string::npos);
  }
  // skip_bad: counted, listed with positions, the good ones read.
  ReadOptions opt;
  opt.skip_bad = true;
  ReadReport report;
  auto units = read_all(p, &report, opt);
  BOOST_REQUIRE(units.size() == 2u);
  BOOST_TEST(units[1].source.text == "dos");
  BOOST_TEST(report.units == 2u);
  BOOST_TEST(report.skipped == 4u);
  BOOST_REQUIRE(report.problems.size() == 4u);
  BOOST_TEST(report.problems[0].starts_with(p + ":4:3: "));
  BOOST_TEST(report.problems[1].starts_with(p + ":5:3: "));
  BOOST_TEST(report.problems[1].find("2020-01-01") != std::string::npos);
  BOOST_TEST(report.problems[2].starts_with(p + ":6:"));
  BOOST_TEST(report.problems[2].find("perhaps") != std::string::npos);
  BOOST_TEST(report.problems[3].starts_with(p + ":7:"));
  BOOST_TEST(report.problems[3].find("<b>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(not_a_tmx_file) {
  TempDir dir;
  BOOST_CHECK_THROW(read_all(dir.write("x.xml", "<?xml version=\"1.0\"?><html/>")), InputError);
  BOOST_CHECK_THROW(read_all(dir.write("empty.tmx", "")), InputError);
  BOOST_CHECK_THROW(read_all(dir.file("missing.tmx")), InputError);
  BOOST_CHECK_THROW(read_all(dir.write("v2.tmx", "<tmx version=\"2.0\"><body/></tmx>")),
                    InputError);
}

BOOST_AUTO_TEST_CASE(callback_exceptions_pass_through) {
  struct Stop {};
  BOOST_CHECK_THROW(
      read_tmx(data_path("omegat_11.tmx"), {}, [](TranslationUnit&&) { throw Stop{}; }), Stop);
}

BOOST_AUTO_TEST_CASE(reads_from_a_stream) {
  std::istringstream in(write_tmx({full_unit(1), full_unit(2)}));
  size_t n = 0;
  auto report = read_tmx(in, "<stdin>", {}, [&](TranslationUnit&&) { ++n; });
  BOOST_TEST(n == 2u);
  BOOST_TEST(report.units == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
