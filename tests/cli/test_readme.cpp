// The README's tour, run as written: every command of its "A short tour"
// block, in order, in a folder holding the files it names (made from the
// bundled sample), with the built `alinea` first on the PATH. Each line must
// succeed and show what its comment promises; a line this test does not
// know fails it, so the README and the test change together.
#include <sys/wait.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "run.h"

using alinea::test::read_file;
using alinea::test::TempDir;
using alinea::test::write_file;
namespace fs = std::filesystem;

namespace {

// The lines of the first ```sh block after the heading, comments dropped.
std::vector<std::string> tour_lines(const std::string& readme, const std::string& heading) {
  std::istringstream in(readme);
  std::string line;
  bool in_section = false, in_block = false;
  std::vector<std::string> lines;
  while (std::getline(in, line)) {
    if (!in_section) {
      in_section = line == heading;
      continue;
    }
    if (!in_block) {
      in_block = line == "```sh";
      continue;
    }
    if (line == "```") break;
    // A comment starts at "  #" after the command (never inside the
    // commands of this block, which quote no '#').
    if (auto hash = line.find("  #"); hash != std::string::npos) line.resize(hash);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

struct Expectation {
  std::string command_start;  // the line begins with this
  std::string shows;          // stdout or stderr holds this ("" = exit 0 is enough)
};

// What each tour line promises, in the README's own words where it has them.
const std::vector<Expectation> kExpected = {
    {"alinea segment entrevista.md", "Tomamos el sitio y nos quedamos"},
    {"alinea align es.txt en.txt --format html", ""},
    {"alinea align es.txt en.txt --doc", "document 'entrevista-rosa' added"},
    {"alinea align es.txt en.txt", "es\ten\tconfidence"},
    {"alinea review entrevista-rosa", "http://127.0.0.1:"},
    {"alinea align --presegmented", ""},
    {"alinea score", "strict: precision"},
    {"alinea search \"poder popular\"", "poder popular"},
    {"alinea search 'cordon*'", "\"source_highlights\""},
    {"alinea match", "%"},
    {"alinea terms \"poder popular\"", "popular power"},
    {"alinea glossary extract", ""},
    {"alinea terms pobladores --glossary", "pobladores"},
    {"alinea import memoria.tmx", "imported"},
    {"alinea import fixed.tsv", "rows unchanged"},
    {"alinea export", "exported"},
    {"alinea stats; alinea docs; alinea show 42", "id:         42"},
    {"alinea add", "added unit"},
    {"alinea edit 42", "edited unit 42"},
    {"alinea review 42 --accept", "reviewed"},
    {"alinea review 17 --reject", "rejected"},
    {"alinea delete 42; alinea delete --doc", "deleted document 'entrevista-rosa'"},
    {"alinea lexicon lookup", "\"entries\""},
    {"alinea train-subwords", "wrote"},
};

const Expectation* expectation_for(const std::string& line) {
  for (const auto& e : kExpected)
    if (line.rfind(e.command_start, 0) == 0) return &e;
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_readme_tour_runs_as_written) {
  const fs::path root = fs::path(ALINEA_CORPORA).parent_path();
  const std::string readme = read_file((root / "README.md").string());
  const auto lines = tour_lines(readme, "## A short tour");
  BOOST_TEST_REQUIRE(lines.size() >= 20u);

  const std::string resources = ALINEA_BUILD_DATA_DIR;
  const bool have_lexicon = fs::exists(resources + "/lexicon.bin");

  TempDir dir;
  const fs::path sample = fs::path(ALINEA_CORPORA) / "entrevista";
  for (const char* name : {"es.txt", "en.txt", "es.sent", "en.sent", "gold.align"})
    fs::copy_file(sample / name, dir.file(name));
  fs::copy_file(sample / "es.txt", dir.file("entrevista.md"));  // plain text is Markdown too
  fs::copy_file(sample / "en.md", dir.file("article.md"));
  fs::copy_file(fs::path(ALINEA_TEST_DATA) / "tmx" / "omegat_11.tmx", dir.file("memoria.tmx"));
  const std::string bin = fs::path(ALINEA_BINARY).parent_path().string();
  const std::string env = "export PATH='" + bin + "':\"$PATH\" HOME='" + dir.path() +
                          "' XDG_DATA_HOME='" + dir.path() + "/data' ALINEA_TM='" +
                          dir.file("tm.sqlite") + "' NO_COLOR=1; unset ALINEA_DATA; cd '" +
                          dir.path() + "'; ";
  // The corrected table the tour loads back: the aligner's own, as a
  // volunteer would get it.
  auto sh = [&](const std::string& command) {
    write_file(dir.file("cmd.sh"), env + command + "\n");
    const int rc = std::system(
        ("bash '" + dir.file("cmd.sh") + "' > '" + dir.file("out") + "' 2>&1 < /dev/null").c_str());
    return std::make_pair(WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, read_file(dir.file("out")));
  };
  BOOST_TEST_REQUIRE(sh("alinea align es.txt en.txt -o fixed.tsv").first == 0);

  for (const std::string& line : lines) {
    BOOST_TEST_CONTEXT(line) {
      const Expectation* e = expectation_for(line);
      BOOST_TEST_REQUIRE(e, "a README line this test does not know: " << line);
      if (line.rfind("alinea lexicon", 0) == 0 && !have_lexicon) {
        BOOST_TEST_MESSAGE("skipped '" << line << "': no lexicon built in " << resources
                                       << " (bash .ci/setup.sh builds it)");
        continue;
      }
      // The workbench serves until stopped: started, its address read (at
      // most 30 s), then stopped with SIGTERM, which it must take cleanly.
      const bool server = line == "alinea review entrevista-rosa";
      const auto [code, out] =
          sh(server ? line +
                          " > srv.out 2>&1 & pid=$!; for i in $(seq 300); do grep -q http:// "
                          "srv.out && break; sleep 0.1; done; kill -TERM $pid; wait $pid; "
                          "rc=$?; cat srv.out; exit $rc"
                    : line);
      BOOST_TEST(code == 0, out);
      BOOST_TEST(out.find(e->shows) != std::string::npos, "expected '" << e->shows << "' in:\n"
                                                                       << out);
    }
  }
  // And what the lines wrote.
  BOOST_TEST(read_file(dir.file("review.html")).find("<table") != std::string::npos);
  BOOST_TEST(read_file(dir.file("pred.align")).find("]:[") != std::string::npos);
  BOOST_TEST(read_file(dir.file("glosario.tsv")).find('\n') != std::string::npos);
  BOOST_TEST(read_file(dir.file("memoria.tmx")).find("<tmx version=\"1.4\">") != std::string::npos);
}
