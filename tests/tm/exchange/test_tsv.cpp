#include <boost/test/unit_test.hpp>

#include "exchange_test_util.h"
#include "tm/error.h"
#include "tm/exchange/tsv.h"

using namespace alinea::tm;
using namespace alinea::tm::testing;

namespace {

std::string write_table(const std::vector<TranslationUnit>& units, TableOptions options) {
  std::ostringstream out;
  TableWriter w(out, options);
  for (const auto& u : units) w.write(u);
  w.finish();
  return out.str();
}

std::vector<TranslationUnit> read_string(const std::string& text, TableFormat format,
                                         ReadReport* report = nullptr, ReadOptions options = {}) {
  std::istringstream in(text);
  std::vector<TranslationUnit> units;
  auto r = read_table(in, "t.csv", format, options,
                      [&](TranslationUnit&& u) { units.push_back(std::move(u)); });
  if (report != nullptr) *report = r;
  return units;
}

std::vector<TranslationUnit> tricky_units() {
  std::vector<TranslationUnit> units;
  for (int i = 1; i <= 4; ++i) units.push_back(full_unit(i));
  units[0].source.text = "Dijo: \"¡tomemos el sitio!\", y fueron, con tab\ty\\barra";
  units[0].note = "línea uno\r\nlínea dos\nfin";
  units[1].confidence.reset();
  units[1].document.reset();
  units[1].note.clear();
  units[2].target.text = "a,b;c \"q\" \\n literal backslash-n";
  return units;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tables)

BOOST_AUTO_TEST_CASE(tsv_escapes_and_round_trips) {
  const auto units = tricky_units();
  const std::string tsv = write_table(units, {});
  BOOST_TEST(tsv.starts_with("es\ten\tstatus\tconfidence\tdoc\tnote\n"));
  BOOST_TEST(tsv.find("con tab\\ty\\\\barra") != std::string::npos);
  BOOST_TEST(tsv.find("línea uno\\r\\nlínea dos\\nfin") != std::string::npos);
  // Exactly one line per unit plus the header.
  BOOST_TEST(std::count(tsv.begin(), tsv.end(), '\n') == 5);
  auto back = read_string(tsv, TableFormat::Tsv);
  BOOST_REQUIRE(back.size() == units.size());
  for (size_t i = 0; i < units.size(); ++i) {
    BOOST_TEST(back[i].source.text == units[i].source.text);
    BOOST_TEST(back[i].target.text == units[i].target.text);
    BOOST_TEST(back[i].source.lang == "es");
    BOOST_TEST(back[i].target.lang == "en");
    BOOST_TEST(back[i].note == units[i].note);
    BOOST_TEST((back[i].document == units[i].document));
    BOOST_TEST((back[i].confidence == units[i].confidence));
    BOOST_TEST((back[i].status == units[i].status));
  }
  BOOST_TEST(write_table(back, {}) == tsv);
}

BOOST_AUTO_TEST_CASE(csv_quotes_per_rfc_4180_and_round_trips) {
  const auto units = tricky_units();
  TableOptions opt;
  opt.format = TableFormat::Csv;
  opt.srclang = "en";
  opt.bom = true;
  const std::string csv = write_table(units, opt);
  BOOST_TEST(
      csv.starts_with("\xEF\xBB\xBF"
                      "en,es,status,confidence,doc,note\r\n"));
  BOOST_TEST(csv.find("\"Dijo: \"\"¡tomemos el sitio!\"\", y fueron, con tab\ty\\barra\"") !=
             std::string::npos);
  BOOST_TEST(csv.find("\"línea uno\r\nlínea dos\nfin\"\r\n") != std::string::npos);
  ReadReport report;
  auto back = read_string(csv, TableFormat::Csv, &report);
  BOOST_REQUIRE(back.size() == units.size());
  BOOST_TEST(report.units == units.size());
  for (size_t i = 0; i < units.size(); ++i) {
    BOOST_TEST(back[i].source.text == units[i].source.text);
    BOOST_TEST(back[i].target.text == units[i].target.text);
    BOOST_TEST(back[i].note == units[i].note);
    BOOST_TEST((back[i].confidence == units[i].confidence));
  }
  BOOST_TEST(write_table(back, opt) == csv);
}

BOOST_AUTO_TEST_CASE(header_names_columns_in_any_order_with_regions) {
  auto units =
      read_string("Note,EN-gb,es_cl\nuna nota,The camp,El campamento\n\n", TableFormat::Csv);
  BOOST_REQUIRE(units.size() == 1u);
  BOOST_TEST(units[0].source.lang == "es-CL");
  BOOST_TEST(units[0].target.lang == "en-GB");
  BOOST_TEST(units[0].source.text == "El campamento");
  BOOST_TEST(units[0].note == "una nota");
  BOOST_CHECK_THROW(read_string("es\ten\tcolor\n", TableFormat::Tsv), InputError);
  BOOST_CHECK_THROW(read_string("es\tnote\n", TableFormat::Tsv), InputError);
  BOOST_CHECK_THROW(read_string("es\tes\ten\n", TableFormat::Tsv), InputError);
  BOOST_CHECK_THROW(read_string("", TableFormat::Tsv), InputError);
}

BOOST_AUTO_TEST_CASE(bad_rows_report_file_line_column) {
  const std::string tsv =
      "es\ten\tstatus\tconfidence\n"
      "uno\tone\treviewed\t0.5\n"
      "dos\ttwo\n"
      "tres\tthree\tmaybe\t\n"
      "cuatro\tfour\t\t1.5\n"
      "\tfive\t\t\n"
      "seis\tsix\t\t\n";
  try {
    read_string(tsv, TableFormat::Tsv);
    BOOST_FAIL("no error");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()) == "t.csv:3:1: row has 2 cells, the header 4");
  }
  ReadOptions opt;
  opt.skip_bad = true;
  ReadReport report;
  auto units = read_string(tsv, TableFormat::Tsv, &report, opt);
  BOOST_REQUIRE(units.size() == 2u);
  BOOST_TEST(units[0].status == UnitStatus::Reviewed);
  BOOST_TEST(units[0].confidence.value() == 0.5);
  BOOST_TEST(units[1].source.text == "seis");
  BOOST_TEST(report.skipped == 4u);
  BOOST_REQUIRE(report.problems.size() == 4u);
  BOOST_TEST(report.problems[1] ==
             "t.csv:4:12: status 'maybe' is not aligned, reviewed or rejected");
  BOOST_TEST(report.problems[2].starts_with("t.csv:5:14: confidence '1.5'"));
  BOOST_TEST(report.problems[3] == "t.csv:6:1: empty es cell");
}

BOOST_AUTO_TEST_CASE(csv_errors) {
  ReadReport report;
  ReadOptions opt;
  opt.skip_bad = true;
  auto units = read_string(
      "es,en\r\nok,\"fine\"\r\nun\"quoted,x\r\n\"closed\"junk,y\r\n\"multi\r\nline\",z\r\n"
      "bad \xff utf8,w\r\n\"never closed,q\r\n",
      TableFormat::Csv, &report, opt);
  BOOST_REQUIRE(units.size() == 2u);
  BOOST_TEST(units[1].source.text == "multi\r\nline");
  BOOST_REQUIRE(report.problems.size() == 4u);
  BOOST_TEST(report.problems[0].starts_with("t.csv:3:3: double quote"));
  BOOST_TEST(report.problems[1].starts_with("t.csv:4:9: text after a closing quote"));
  BOOST_TEST(report.problems[2] == "t.csv:7:1: invalid UTF-8");
  BOOST_TEST(report.problems[3] == "t.csv:8:1: unterminated quoted cell");
}

BOOST_AUTO_TEST_CASE(reads_files) {
  TempDir dir;
  const std::string p = dir.write("hoja.tsv", "es\ten\ndos\ttwo\n");
  size_t n = 0;
  auto r = read_table(p, TableFormat::Tsv, {}, [&](TranslationUnit&&) { ++n; });
  BOOST_TEST(n == 1u);
  BOOST_TEST(r.units == 1u);
  BOOST_CHECK_THROW(
      read_table(dir.file("nope.tsv"), TableFormat::Tsv, {}, [](TranslationUnit&&) {}), InputError);
}

BOOST_AUTO_TEST_SUITE_END()
