// Interoperability: the official TMX 1.4 DTD (shipped by Debian's omegat
// package inside OmegaT.jar) and Translate Toolkit's TMX reader (Debian's
// python3-translate). Each test is skipped, saying why, when its tool is
// absent.
#include <boost/test/tools/assertion_result.hpp>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>

#include "exchange_test_util.h"
#include "tm/exchange/tmx_lint.h"

using namespace alinea::tm;
using namespace alinea::tm::testing;
namespace utf = boost::unit_test;

namespace {

const char* kOmegatJar = "/usr/share/omegat/OmegaT.jar";
const char* kPython = "/usr/bin/python3";

std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  if (::pclose(pipe) != 0) out.clear();
  return out;
}

std::string tmx14_dtd() {
  static const std::string dtd = [] {
    if (!std::filesystem::exists(kOmegatJar)) return std::string();
    return run(std::string("unzip -p ") + kOmegatJar + " schemas/tmx14.dtd 2>/dev/null");
  }();
  return dtd;
}

boost::test_tools::assertion_result have_dtd(utf::test_unit_id) {
  boost::test_tools::assertion_result r(!tmx14_dtd().empty());
  r.message() << "tmx14.dtd not available: needs " << kOmegatJar
              << " (Debian package omegat) and unzip";
  return r;
}

boost::test_tools::assertion_result have_translate_toolkit(utf::test_unit_id) {
  const bool ok = std::filesystem::exists(kPython) &&
                  run(std::string(kPython) +
                      " -c 'from translate.storage import tmx; print(1)' 2>/dev/null") == "1\n";
  boost::test_tools::assertion_result r(ok);
  r.message() << "Translate Toolkit not available: needs " << kPython
              << " with translate.storage.tmx (Debian package python3-translate)";
  return r;
}

std::vector<TranslationUnit> sample_units() {
  std::vector<TranslationUnit> units;
  for (int i = 1; i <= 30; ++i) units.push_back(full_unit(i));
  units[1].source.text = "Comillas «latinas», 'simples' & <ángulos> — Ñuñoa 1973 \xF0\x9D\x84\x9E";
  units[2].note.clear();
  units[3].source.markup =
      "La <bpt i=\"1\" x=\"1\">&lt;b&gt;</bpt>Unidad Popular<ept i=\"1\">&lt;/b&gt;</ept><ph "
      "x=\"2\">&lt;br/&gt;</ph>";
  units[3].source.text = "La Unidad Popular";
  units[4].target.text = "  leading and trailing spaces  ";
  // Notes and props on one language's <tuv>.
  units[5].source_annotations = {"dicho en la asamblea", {{"x-origin", "acta"}}};
  units[6].target_annotations = {"", {{"x-origin", "MT"}}};
  units[7].target_annotations = {"rough", {}};
  units[7].note.clear();
  return units;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tmx_interop)

BOOST_AUTO_TEST_CASE(export_is_valid_against_tmx14_dtd, *utf::precondition(have_dtd)) {
  TempDir dir;
  for (const char* srclang : {"es", "en"}) {
    TmxHeader h;
    h.srclang = srclang;
    const auto problems =
        validate_tmx_dtd(dir.write("v.tmx", write_tmx(sample_units(), h)), tmx14_dtd());
    BOOST_TEST(problems.empty(), srclang << ": " << (problems.empty() ? "" : problems[0].message));
  }
  // The validation does find violations (so the check above can fail).
  const auto bad = validate_tmx_dtd(
      dir.write(
          "bad.tmx",
          "<tmx version=\"1.4\"><header creationtool=\"x\"/><body><tu><seg/></tu></body></tmx>"),
      tmx14_dtd());
  BOOST_TEST(bad.size() >= 2u);
}

BOOST_AUTO_TEST_CASE(translate_toolkit_reads_every_unit_intact,
                     *utf::precondition(have_translate_toolkit)) {
  TempDir dir;
  const auto units = sample_units();
  for (const char* srclang : {"es", "en"}) {
    TmxHeader h;
    h.srclang = srclang;
    const std::string tmx = dir.write("tt.tmx", write_tmx(units, h));
    // One JSON-free line per unit: source, target and notes with \t and \n
    // escaped, so the comparison needs no JSON parser.
    const std::string script = dir.write("read.py", R"(import sys
from translate.storage import tmx
store = tmx.tmxfile.parsefile(sys.argv[1])
esc = lambda s: s.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n')
out = open(sys.argv[2], 'w', encoding='utf-8')
for u in store.units:
    out.write(esc(u.source) + '\t' + esc(u.target) + '\t' + esc(u.getnotes()) + '\n')
)");
    const std::string result = dir.file("out.txt");
    const std::string cmd = std::string(kPython) + " " + script + " " + tmx + " " + result;
    BOOST_REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, "translate toolkit failed: " << cmd);
    std::istringstream lines(slurp(result));
    auto esc = [](const std::string& s) {
      std::string o;
      for (char c : s)
        o += c == '\\' ? "\\\\" : c == '\t' ? "\\t" : c == '\n' ? "\\n" : std::string(1, c);
      return o;
    };
    std::string line;
    size_t i = 0;
    const bool english_first = std::string(srclang) == "en";
    while (std::getline(lines, line)) {
      BOOST_REQUIRE(i < units.size());
      const auto& u = units[i];
      // Translate Toolkit shows inline codes by their native content.
      std::string es = u.source.text;
      if (!u.source.markup.empty()) es = "La <b>Unidad Popular</b><br/>";
      const std::string en = u.target.text;
      // Notes in file order: the unit's, then each <tuv>'s.
      std::string notes;
      const auto& first = english_first ? u.target_annotations : u.source_annotations;
      const auto& second = english_first ? u.source_annotations : u.target_annotations;
      for (const std::string* n : {&u.note, &first.note, &second.note})
        if (!n->empty()) notes += (notes.empty() ? "" : "\n") + *n;
      const std::string expected =
          esc(english_first ? en : es) + "\t" + esc(english_first ? es : en) + "\t" + esc(notes);
      BOOST_TEST(line == expected, "unit " << i);
      ++i;
    }
    BOOST_TEST(i == units.size());
  }
}

BOOST_AUTO_TEST_SUITE_END()
