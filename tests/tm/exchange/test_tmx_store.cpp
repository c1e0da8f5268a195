// Round trip through the SQLite Store, as the CLI wires it: export, import
// into an empty TM, export again.
#include <boost/test/unit_test.hpp>

#include "exchange_test_util.h"
#include "tm/store/store.h"

using namespace alinea::tm;
using namespace alinea::tm::testing;

BOOST_AUTO_TEST_SUITE(tmx_store)

BOOST_AUTO_TEST_CASE(export_import_export_through_the_store_is_byte_identical) {
  std::vector<TranslationUnit> units;
  for (int i = 1; i <= 40; ++i) units.push_back(full_unit(i));
  units[5].source.markup = "Con <bpt i=\"1\">&lt;b&gt;</bpt>negrita<ept i=\"1\">&lt;/b&gt;</ept>";
  units[5].source.text = "Con negrita";
  units[6].document.reset();
  units[6].position.reset();
  units[7].confidence.reset();
  units[8].note.clear();
  units[8].properties.clear();

  auto source = Store::open(":memory:", OpenMode::ReadWrite, "ana");
  {
    auto tx = source.begin();
    for (const auto& u : units) tx.add(u);
    tx.commit();
  }
  auto export_store = [](const Store& store) {
    std::ostringstream out;
    TmxWriter writer(out, {});
    store.for_each_unit({}, [&](const TranslationUnit& u) { writer.write(u); });
    writer.finish();
    return out.str();
  };
  const std::string first = export_store(source);

  TempDir dir;
  const std::string path = dir.write("first.tmx", first);
  auto target = Store::open(":memory:", OpenMode::ReadWrite, "bea");
  {
    auto tx = target.begin();
    ReadReport report = read_tmx(path, {}, [&](TranslationUnit&& u) { tx.add(u); });
    tx.commit();
    BOOST_TEST(report.units == units.size());
  }
  const std::string second = export_store(target);
  BOOST_TEST(second.size() == first.size());
  // Report the first differing line, if any, rather than two whole files.
  std::istringstream a(first), b(second);
  std::string la, lb;
  size_t line = 0;
  while (std::getline(a, la) && std::getline(b, lb)) {
    ++line;
    if (la != lb) {
      BOOST_TEST(la == lb, "first difference at line " << line);
      break;
    }
  }
  BOOST_TEST(first == second);
}

BOOST_AUTO_TEST_SUITE_END()
