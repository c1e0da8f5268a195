// The review page as a volunteer sees it: rendered by headless Chromium
// (Debian's chromium; skipped when it is absent), checked for the pairs and
// the colours, with a screenshot kept beside the test as an artifact.
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>

#include "run.h"

using alinea::test::read_file;
using alinea::test::run_alinea;
using alinea::test::TempDir;
using alinea::test::write_file;

namespace {

const char* kChromium = "/usr/bin/chromium";

std::string chromium(const TempDir& dir, const std::string& flags, const std::string& page) {
  std::string out = dir.file("chromium.out");
  std::string command = std::string(kChromium) +
                        " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                        " --disable-background-networking --disable-component-update --disable-sync"
                        " --user-data-dir=" +
                        dir.file("profile") + " " + flags + " file://" + page + " > " + out +
                        " 2> " + dir.file("chromium.err");
  int rc = std::system(command.c_str());
  BOOST_REQUIRE_MESSAGE(rc == 0, "chromium failed: " + read_file(dir.file("chromium.err")));
  return read_file(out);
}

}  // namespace

BOOST_AUTO_TEST_CASE(review_page_renders_pairs_and_confidence_colours) {
  if (!std::filesystem::exists(kChromium)) {
    BOOST_TEST_MESSAGE("skipped: " << kChromium << " is not installed (Debian package chromium)");
    return;
  }
  TempDir dir;
  std::string sample = std::string(ALINEA_CORPORA) + "/entrevista";
  // A high threshold makes some pairs doubtful, so every colour shows.
  auto r = run_alinea({"--data-dir", dir.path(), "align", sample + "/es.txt", sample + "/en.txt",
                       "--format", "html", "--threshold", "0.97", "-o", dir.file("review.html")});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);

  // Screenshot of the page exactly as written.
  std::string shot = std::string(ALINEA_TEST_ARTIFACTS) + "/review-page.png";
  chromium(dir, "--window-size=1200,1600 --screenshot=" + shot, dir.file("review.html"));
  BOOST_TEST(std::filesystem::file_size(shot) > 10000u);

  // A copy that writes each row's computed colours into the DOM.
  std::string page = read_file(dir.file("review.html"));
  std::string probe =
      "<script>for (const tr of document.querySelectorAll('tbody tr')) {"
      "tr.setAttribute('data-bg', getComputedStyle(tr.querySelector('td.conf')).backgroundColor);"
      "const miss = tr.querySelector('td.missing');"
      "if (miss) tr.setAttribute('data-missing-color', getComputedStyle(miss).color);}</script>";
  page.insert(page.rfind("</body>"), probe);
  write_file(dir.file("probe.html"), page);
  std::string dom = chromium(dir, "--dump-dom", dir.file("probe.html"));

  BOOST_TEST(dom.find("Mrs. Carrasco was born in 1941 in Curicó") != std::string::npos);
  BOOST_TEST(dom.find("Vivíamos de allegados") != std::string::npos);
  // good, fair/doubtful and omission rows each get their own colour.
  BOOST_TEST(dom.find("class=\"good") != std::string::npos);
  BOOST_TEST(dom.find("data-bg=\"rgb(200, 236, 200)\"") != std::string::npos,
             "confident pairs green");
  BOOST_TEST(dom.find("class=\"doubtful") != std::string::npos);
  BOOST_TEST(dom.find("data-bg=\"rgb(251, 211, 208)\"") != std::string::npos, "doubtful pairs red");
  BOOST_TEST(dom.find("data-bg=\"rgb(228, 228, 247)\"") != std::string::npos, "omissions blue");
  BOOST_TEST(dom.find("data-missing-color=\"rgb(170, 0, 0)\"") != std::string::npos,
             "the empty side of an omission is marked");
}

BOOST_AUTO_TEST_CASE(review_page_of_docx_files_shows_where_each_side_is) {
  if (!std::filesystem::exists(kChromium)) {
    BOOST_TEST_MESSAGE("skipped: " << kChromium << " is not installed (Debian package chromium)");
    return;
  }
  TempDir dir;
  const std::string docs = std::string(ALINEA_TEST_DATA) + "/documents/";
  auto r = run_alinea({"align", docs + "entrevista.docx", docs + "interview.docx", "--format",
                       "html", "-o", dir.file("review.html")});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  // Each row's visible text, as a person reads it, and whether its
  // locations take room on the screen.
  std::string page = read_file(dir.file("review.html"));
  std::string probe =
      "<script>for (const tr of document.querySelectorAll('tbody tr')) {"
      "tr.setAttribute('data-text', tr.innerText.replace(/\\s+/g, ' '));"
      "const loc = tr.querySelector('.loc');"
      "if (loc) tr.setAttribute('data-loc-shown', loc.getBoundingClientRect().width > 0);}"
      "</script>";
  page.insert(page.rfind("</body>"), probe);
  write_file(dir.file("probe.html"), page);
  std::string dom = chromium(dir, "--dump-dom", dir.file("probe.html"));
  // The sentence that starts at character 39 of the second paragraph, on
  // both sides, and the one that starts the fourth paragraph.
  BOOST_TEST(dom.find("La ciudad estaba llena de gente que venía del campo. \u00b62 The city") !=
                 std::string::npos,
             dom);
  BOOST_TEST(dom.find("title=\"paragraph 2, characters 39-90\"") != std::string::npos);
  BOOST_TEST(dom.find("Después nos mudamos a una casa propia. \u00b64") != std::string::npos);
  BOOST_TEST(dom.find("data-loc-shown=\"true\"") != std::string::npos);
  BOOST_TEST(dom.find("data-loc-shown=\"false\"") == std::string::npos);
}
