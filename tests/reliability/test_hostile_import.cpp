// Hostile files through the command line: `alinea import` refuses them with
// exit status 1 and one line on stderr, and the TM keeps exactly the units it
// had. Oversized segments are refused in bounded memory.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "reliability_util.h"

using namespace alinea::test;

namespace {

const std::string kHead = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const std::string kHeader =
    "<header creationtool=\"x\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" "
    "adminlang=\"en\" srclang=\"es\" datatype=\"plaintext\"/>";

std::string tu(const std::string& es, const std::string& en) {
  return "<tu><tuv xml:lang=\"es\"><seg>" + es + "</seg></tuv><tuv xml:lang=\"en\"><seg>" + en +
         "</seg></tuv></tu>\n";
}

// A good unit first, so that "the TM is unchanged" also means the import
// did not commit what came before the bad part.
std::string tmx(const std::string& doctype, const std::string& body) {
  return kHead + doctype + "\n<tmx version=\"1.4\">" + kHeader + "<body>\n" +
         tu("Una unidad buena antes del problema.", "A good unit before the trouble.") + body +
         "</body></tmx>\n";
}

struct Case {
  std::string name;
  std::string bytes;
};

std::vector<Case> hostile_cases(const std::string& dir) {
  write_file(dir + "/secret.txt", "SECRET-CONTENT\n");
  // Each level refers to the previous one ten times.
  std::string laughs = "<!DOCTYPE tmx [<!ENTITY l0 \"ja\">";
  for (int i = 1; i < 12; ++i) {
    std::string refs;
    for (int k = 0; k < 10; ++k) refs += "&l" + std::to_string(i - 1) + ";";
    laughs += "<!ENTITY l" + std::to_string(i) + " \"" + refs + "\">";
  }
  laughs += "]>";
  std::string nested;
  for (int i = 0; i < 100000; ++i) nested += "<hi>";
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("<?xml version=\"1.0\" encoding=\"UTF-16\"?><tmx version=\"1.4\">" +
                            kHeader + "<body><tu><tuv xml:lang=\"es\"><seg>"))
    utf16 += std::string{c, '\0'};
  utf16 += std::string(
      "\x00\xD8"
      "a\x00",
      4);  // lone high surrogate, then 'a'
  for (char c :
       std::string("</seg></tuv><tuv xml:lang=\"en\"><seg>x</seg></tuv></tu></body></tmx>"))
    utf16 += std::string{c, '\0'};
  std::string good = tmx("", tu("Otra.", "Another."));
  return {
      {"external_entity",
       tmx("<!DOCTYPE tmx [<!ENTITY x SYSTEM \"file://" + dir + "/secret.txt\">]>",
           tu("&x;", "x"))},
      {"parameter_entity",
       tmx("<!DOCTYPE tmx [<!ENTITY % p SYSTEM \"file://" + dir + "/secret.txt\"> %p;]>",
           tu("a", "b"))},
      {"billion_laughs", tmx(laughs, tu("&l11;", "x"))},
      {"doctype_url",
       tmx("<!DOCTYPE tmx SYSTEM \"http://127.0.0.1:9/tmx14.dtd\">", tu("&nbsp;", "x"))},
      {"deep_nesting", tmx("", tu(nested, "x"))},
      {"invalid_utf8", tmx("", tu("caf\xC3 \xFF\xFE", "x"))},
      {"utf16_lone_surrogate", utf16},
      {"truncated", good.substr(0, good.size() - 40)},
      // libxml2 2.9 crashed switching to these (a null dereference).
      {"declared_utf7", "<?xml version=\"1.0\" encoding=\"UTF-7\"?>" + good.substr(kHead.size())},
      {"declared_shift_jis",
       "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>" + good.substr(kHead.size())},
      {"not_xml", "es\ten\nesto no es TMX\tthis is not TMX\n"},
      {"binary", std::string("\x00\x01\x02\x03\xFF\xD8\xFF\xE0", 8) + std::string(4096, '\x7F')},
      {"empty", ""},
      {"no_spanish", tmx("",
                         "<tu><tuv xml:lang=\"fr\"><seg>Bonjour</seg></tuv>"
                         "<tuv xml:lang=\"en\"><seg>Hello</seg></tuv></tu>\n")},
  };
}

struct Fixture {
  TempDir dir;
  std::string tm = dir.file("tm.sqlite");
  std::string before;
  Fixture() {
    write_file(dir.file("start.tsv"), make_units_tsv("start", 5));
    Run r = run_alinea({"import", dir.file("start.tsv"), "--tm", tm, "-q"});
    if (r.exit_code != 0) throw std::runtime_error("setup import failed: " + r.err);
    before = export_tsv(tm);
  }
  void check_unchanged(const std::string& what) {
    BOOST_TEST(export_tsv(tm) == before, what);
    TmProbe p = probe_tm(tm);
    BOOST_TEST(p.problems.empty(), what);
    BOOST_TEST(p.units == 5, what);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile_import)

BOOST_FIXTURE_TEST_CASE(hostile_tmx_is_refused_on_one_line_and_the_tm_is_unchanged, Fixture) {
  for (const Case& c : hostile_cases(dir.path())) {
    std::string file = dir.file(c.name + ".tmx");
    write_file(file, c.bytes);
    Child child = Child::start({"import", file, "--tm", tm}, dir.path());
    ChildResult r = child.wait();
    BOOST_TEST(r.exit_code == 1,
               c.name << ": exit " << r.exit_code << " signal " << r.signal << ": " << r.err);
    BOOST_TEST(one_line_error(r.err), c.name << ": " << r.err);
    BOOST_TEST(r.err.find("SECRET-CONTENT") == std::string::npos, c.name);
    BOOST_TEST(r.out.empty(), c.name);
    BOOST_TEST(r.seconds < 20.0, c.name << " took " << r.seconds << " s");
    BOOST_TEST(r.max_rss_kb < 300 * 1024, c.name << ": peak RSS " << r.max_rss_kb << " kB");
    check_unchanged(c.name);
  }
}

BOOST_FIXTURE_TEST_CASE(hostile_tmx_with_skip_bad_never_reads_outside_files, Fixture) {
  // --skip-bad may import the good unit, but an entity is still an error
  // (the XML is refused whole) and nothing of secret.txt reaches the TM.
  for (const Case& c : hostile_cases(dir.path())) {
    std::string file = dir.file(c.name + ".tmx");
    write_file(file, c.bytes);
    Child child = Child::start({"import", file, "--tm", tm, "--skip-bad"}, dir.path());
    ChildResult r = child.wait();
    BOOST_TEST((r.exit_code == 0 || r.exit_code == 1), c.name << ": " << r.err);
    if (r.exit_code == 1) BOOST_TEST(one_line_error(r.err), c.name << ": " << r.err);
    BOOST_TEST(count_units_like(tm, "%SECRET%") == 0, c.name);
    TmProbe p = probe_tm(tm);
    BOOST_TEST(p.problems.empty(), c.name);
  }
}

// 100 MB in one <seg>, and in one TSV cell: refused with a clear error (or
// imported within the bound), in bounded memory and time.
BOOST_FIXTURE_TEST_CASE(a_100_mb_segment_is_refused_in_bounded_memory, Fixture) {
  const size_t kBig = 100u << 20;
  {
    std::ofstream out(dir.file("huge.tmx"), std::ios::binary);
    out << kHead << "<tmx version=\"1.4\">" << kHeader << "<body>\n<tu><tuv xml:lang=\"es\"><seg>";
    std::string chunk(1 << 20, 'a');
    for (size_t i = 0; i < kBig / chunk.size(); ++i) out << chunk;
    out << "</seg></tuv><tuv xml:lang=\"en\"><seg>x</seg></tuv></tu>\n</body></tmx>\n";
  }
  {
    std::ofstream out(dir.file("huge.tsv"), std::ios::binary);
    out << "es\ten\n";
    std::string chunk(1 << 20, 'b');
    for (size_t i = 0; i < kBig / chunk.size(); ++i) out << chunk;
    out << "\tx\n";
  }
  for (const char* name : {"huge.tmx", "huge.tsv"}) {
    Child child = Child::start({"import", dir.file(name), "--tm", tm}, dir.path());
    ChildResult r = child.wait();
    BOOST_TEST_MESSAGE(name << ": exit " << r.exit_code << ", peak RSS " << r.max_rss_kb / 1024
                            << " MB, " << r.seconds << " s: " << r.err);
    BOOST_TEST(r.exit_code == 1, name << ": " << r.err);
    BOOST_TEST(one_line_error(r.err), name << ": " << r.err);
    BOOST_TEST(r.max_rss_kb < 300 * 1024, name << ": peak RSS " << r.max_rss_kb << " kB");
    BOOST_TEST(r.seconds < 60.0, name);
    check_unchanged(name);
  }
  std::filesystem::remove(dir.file("huge.tmx"));
  std::filesystem::remove(dir.file("huge.tsv"));
}

BOOST_AUTO_TEST_SUITE_END()
