// Hostile and broken input: the reader must fail clearly or import a bounded,
// correct result, and never touch another file or the network.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>

#include "exchange_test_util.h"
#include "tm/error.h"
#include "tm/exchange/tmx_lint.h"
#include "tm/exchange/tsv.h"
#include "tm/exchange/xml_sax.h"

using namespace alinea::tm;
using namespace alinea::tm::testing;

namespace {

const std::string kHeader =
    "<header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" "
    "adminlang=\"en\" srclang=\"es\" datatype=\"plaintext\"/>";

std::string tu(const std::string& es, const std::string& en = "en") {
  return "<tu><tuv xml:lang=\"es\"><seg>" + es + "</seg></tuv><tuv xml:lang=\"en\"><seg>" + en +
         "</seg></tuv></tu>\n";
}

std::string doc(const std::string& doctype, const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + doctype + "\n<tmx version=\"1.4\">" +
         kHeader + "<body>\n" + body + "</body></tmx>\n";
}

// A local TCP listener: after the parse, no connection may be waiting.
class Listener {
 public:
  Listener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 4);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    ::fcntl(fd_, F_SETFL, O_NONBLOCK);
  }
  ~Listener() { ::close(fd_); }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/" + path;
  }
  bool contacted() const {
    const int c = ::accept(fd_, nullptr, nullptr);
    if (c >= 0) ::close(c);
    return c >= 0;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
};

struct Outcome {
  bool threw = false;
  std::string error;
  std::vector<TranslationUnit> units;
  ReadReport report;
};

Outcome import(const std::string& path, ReadOptions options = {}) {
  Outcome o;
  try {
    o.report =
        read_tmx(path, options, [&](TranslationUnit&& u) { o.units.push_back(std::move(u)); });
  } catch (const InputError& e) {
    o.threw = true;
    o.error = e.what();
  }
  return o;
}

bool mentions(const Outcome& o, const std::string& s) {
  for (const auto& u : o.units)
    if (u.source.text.find(s) != std::string::npos || u.target.text.find(s) != std::string::npos)
      return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tmx_hostile)

BOOST_AUTO_TEST_CASE(external_entities_are_refused_without_file_or_network_access) {
  TempDir dir;
  const std::string secret = dir.write("secret.txt", "SECRETO-del-sindicato");
  Listener net;
  const uint64_t loads_before = xml::refused_external_loads();
  const std::vector<std::string> attacks = {
      // classic XXE on a local file
      "<!DOCTYPE tmx [<!ENTITY xxe SYSTEM \"file://" + secret + "\">]>",
      // XXE over the network
      "<!DOCTYPE tmx [<!ENTITY xxe SYSTEM \"" + net.url("xxe") + "\">]>",
      // parameter entity pulling in an external DTD
      "<!DOCTYPE tmx [<!ENTITY % pe SYSTEM \"" + net.url("pe.dtd") + "\"> %pe;]>",
      "<!DOCTYPE tmx [<!ENTITY % pe SYSTEM \"file://" + secret + "\"> %pe;]>",
      // an internal entity is harmless, but TMX needs none: refused as well
      "<!DOCTYPE tmx [<!ENTITY xxe \"Chile\">]>",
  };
  for (const auto& doctype : attacks) {
    BOOST_TEST_CONTEXT(doctype) {
      const Outcome o = import(dir.write("x.tmx", doc(doctype, tu("a &xxe; b"))));
      BOOST_TEST(o.threw);
      BOOST_TEST(o.error.find("entity") != std::string::npos, o.error);
      BOOST_TEST(o.error.find("x.tmx:2:") != std::string::npos, o.error);
      BOOST_TEST(!mentions(o, "SECRETO"));
    }
  }
  BOOST_TEST(!net.contacted());
  BOOST_TEST(xml::refused_external_loads() == loads_before);  // nothing was even asked for
}

BOOST_AUTO_TEST_CASE(xinclude_is_not_processed) {
  TempDir dir;
  const std::string secret = dir.write("secret.txt", "SECRETO-del-sindicato");
  const Outcome o = import(dir.write(
      "xi.tmx", doc("", tu("a <xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"" +
                           secret + "\" parse=\"text\"/> b"))));
  BOOST_TEST(o.threw);
  BOOST_TEST(o.error.find("unknown element <include>") != std::string::npos, o.error);
  BOOST_TEST(!mentions(o, "SECRETO"));
}

BOOST_AUTO_TEST_CASE(billion_laughs_fails_fast) {
  std::string doctype = "<!DOCTYPE tmx [<!ENTITY lol \"lol\">";
  for (int i = 1; i <= 9; ++i)
    doctype += "<!ENTITY lol" + std::to_string(i) + " \"" + [&] {
      std::string r;
      for (int k = 0; k < 10; ++k)
        r += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
      return r;
    }() + "\">";
  doctype += "]>";
  TempDir dir;
  const auto start = std::chrono::steady_clock::now();
  const Outcome o = import(dir.write("lol.tmx", doc(doctype, tu("&lol9;"))));
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  BOOST_TEST(o.threw);
  BOOST_TEST(o.units.empty());
  BOOST_TEST(ms < 1000);
}

BOOST_AUTO_TEST_CASE(doctype_pointing_at_a_url_or_local_dtd_is_never_loaded) {
  TempDir dir;
  Listener net;
  const std::string evil = dir.write("evil.dtd", "<!ENTITY e \"PWNED\">");
  const uint64_t loads_before = xml::refused_external_loads();
  // Without entity references the file is simply imported.
  for (const std::string& system :
       std::vector<std::string>{net.url("tmx14.dtd"), evil, "tmx14.dtd"}) {
    const Outcome o =
        import(dir.write("d.tmx", doc("<!DOCTYPE tmx SYSTEM \"" + system + "\">", tu("uno"))));
    BOOST_TEST(!o.threw, o.error);
    BOOST_TEST(o.units.size() == 1u);
  }
  // A reference to an entity only the external DTD would define fails.
  const Outcome o =
      import(dir.write("e.tmx", doc("<!DOCTYPE tmx SYSTEM \"" + evil + "\">", tu("x &e; y"))));
  BOOST_TEST(o.threw);
  BOOST_TEST(!mentions(o, "PWNED"));
  BOOST_TEST(o.error.find("Entity 'e' not defined") != std::string::npos, o.error);
  BOOST_TEST(!net.contacted());
  BOOST_TEST(xml::refused_external_loads() == loads_before);
  // The checker parses the same way.
  BOOST_TEST(!lint_tmx(dir.file("e.tmx")).empty());
}

BOOST_AUTO_TEST_CASE(deeply_nested_inline_tags_are_bounded) {
  TempDir dir;
  auto nested = [](int depth) {
    std::string s;
    for (int i = 0; i < depth; ++i) s += "<hi>";
    s += "x";
    for (int i = 0; i < depth; ++i) s += "</hi>";
    return s;
  };
  ReadOptions skip;
  skip.skip_bad = true;
  // Deeper than our bound (32) but within libxml2's: the unit is skipped.
  const std::string p = dir.write("n.tmx", doc("", tu("antes") + tu(nested(100)) + tu("después")));
  const Outcome strict = import(p);
  BOOST_TEST(strict.threw);
  BOOST_TEST(strict.error.find("nested deeper than 32") != std::string::npos, strict.error);
  const Outcome o = import(p, skip);
  BOOST_TEST(!o.threw, o.error);
  BOOST_TEST(o.units.size() == 2u);
  BOOST_TEST(o.report.skipped == 1u);
  // Far deeper: libxml2's own limit stops the parse with an error.
  const Outcome deep = import(dir.write("d.tmx", doc("", tu(nested(100000)))), skip);
  BOOST_TEST(deep.threw);
  // Within the bound, it is read and kept.
  const Outcome fine = import(dir.write("f.tmx", doc("", tu(nested(10)))));
  BOOST_TEST(!fine.threw, fine.error);
  BOOST_REQUIRE(fine.units.size() == 1u);
  BOOST_TEST(fine.units[0].source.text == "x");
  BOOST_TEST(fine.units[0].source.markup == nested(10));
}

BOOST_AUTO_TEST_CASE(oversized_segments_are_bounded) {
  TempDir dir;
  ReadOptions opt;
  opt.max_segment_bytes = 1000;
  opt.skip_bad = true;
  const Outcome o = import(
      dir.write("big.tmx", doc("", tu(std::string(5000, 'a')) + tu("b", std::string(999, 'c')))),
      opt);
  BOOST_TEST(!o.threw, o.error);
  BOOST_TEST(o.units.size() == 1u);
  BOOST_TEST(o.report.skipped == 1u);
  BOOST_REQUIRE(o.report.problems.size() == 1u);
  BOOST_TEST(o.report.problems[0].find("longer than 1000 bytes") != std::string::npos);
  // Many small props add up: the unit as a whole is bounded too.
  std::string props;
  for (int i = 0; i < 100; ++i) props += "<prop type=\"p\">" + std::string(500, 'p') + "</prop>";
  const Outcome many =
      import(dir.write("many.tmx", doc("", "<tu>" + props +
                                               "<tuv xml:lang=\"es\"><seg>a</seg></tuv>"
                                               "<tuv xml:lang=\"en\"><seg>b</seg></tuv></tu>\n" +
                                               tu("c"))),
             opt);
  BOOST_TEST(many.units.size() == 1u);
  BOOST_REQUIRE(many.report.problems.size() == 1u);
  BOOST_TEST(many.report.problems[0].find("<tu> larger than 8000 bytes") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_an_error_with_position) {
  TempDir dir;
  const Outcome o = import(dir.write("u.tmx", doc("", tu("bien") + tu("mal \xC3\x28 aquí"))));
  BOOST_TEST(o.threw);
  BOOST_TEST(o.error.find("u.tmx:5:") != std::string::npos, o.error);
}

BOOST_AUTO_TEST_CASE(utf16_with_bad_surrogates_is_an_error) {
  TempDir dir;
  // UTF-16LE with BOM; a lone high surrogate inside the first seg.
  std::string utf8 = doc("", tu("XX") + tu("ok"));
  std::string utf16 = "\xFF\xFE";
  for (size_t i = 0; i < utf8.size(); ++i) {
    if (utf8.compare(i, 2, "XX") == 0) {
      utf16 += std::string("\x00\xD8", 2);  // U+D800 alone
      utf16 += std::string("a\x00", 2);
      ++i;
      continue;
    }
    utf16 += utf8[i];
    utf16 += '\0';
  }
  const std::string p = dir.write("s.tmx", utf16);
  const Outcome o = import(p);
  BOOST_TEST(o.threw);
  BOOST_TEST(o.error.starts_with(p + ":"), o.error);
  BOOST_TEST(o.units.empty());
  // The same file with the surrogate fixed reads fine (so the test can fail).
  std::string good = utf16;
  good.replace(good.find(std::string("\x00\xD8", 2)), 2, std::string("b\x00", 2));
  const Outcome ok = import(dir.write("g.tmx", good));
  BOOST_TEST(!ok.threw, ok.error);
  BOOST_TEST(ok.units.size() == 2u);
}

BOOST_AUTO_TEST_CASE(truncated_file_is_an_error_after_the_complete_units) {
  std::vector<TranslationUnit> units;
  for (int i = 1; i <= 100; ++i) units.push_back(full_unit(i));
  const std::string full = write_tmx(units);
  TempDir dir;
  for (size_t cut : {full.size() / 2, full.size() - 10, size_t{30}}) {
    const std::string p = dir.write("t.tmx", full.substr(0, cut));
    const Outcome o = import(p);
    BOOST_TEST(o.threw);
    BOOST_TEST(o.error.starts_with(p + ":"), o.error);
    BOOST_TEST(o.units.size() <= 100u);
    for (size_t i = 0; i < o.units.size(); ++i)
      BOOST_TEST(o.units[i].source.text == units[i].source.text);
  }
}

BOOST_AUTO_TEST_CASE(random_corruption_gives_an_error_or_units_never_a_crash) {
  std::vector<TranslationUnit> units;
  for (int i = 1; i <= 20; ++i) units.push_back(full_unit(i));
  units[3].source.markup = "a <bpt i=\"1\">&lt;b&gt;</bpt>b<ept i=\"1\">&lt;/b&gt;</ept> <ph/>";
  const std::string base = write_tmx(units);
  std::string utf16 = "\xFF\xFE";  // the same as UTF-16LE, where bytes pair up differently
  for (char c : base) {
    utf16 += c;
    utf16 += '\0';
  }
  TempDir dir;
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>(state >> 33);
  };
  size_t errors = 0, imports = 0;
  ReadOptions skip;
  skip.skip_bad = true;
  for (int round = 0; round < 400; ++round) {
    std::string text = round % 2 == 0 ? base : utf16;
    const size_t edits = 1 + next() % 4;
    for (size_t e = 0; e < edits; ++e) {
      const size_t pos = next() % text.size();
      switch (next() % 4) {
        case 0:
          text[pos] = static_cast<char>(next() % 256);
          break;
        case 1:
          text.erase(pos, 1 + next() % 8);
          break;
        case 2:
          text.insert(pos, std::string(1 + next() % 3, "<>&\"/\x00\xff\xd8"[next() % 8]));
          break;
        case 3:
          text.resize(pos);
          break;
      }
    }
    const Outcome o = import(dir.write("r.tmx", text), round % 3 == 0 ? skip : ReadOptions{});
    if (o.threw) {
      ++errors;
      BOOST_TEST(o.error.starts_with(dir.file("r.tmx") + ":"), o.error);
    } else {
      ++imports;
      BOOST_TEST(o.units.size() + o.report.skipped <= units.size() + 2);
    }
  }
  BOOST_TEST(errors > 0u);
  BOOST_TEST_MESSAGE("corrupted files: " << errors << " errors, " << imports << " imports");
}

BOOST_AUTO_TEST_CASE(hostile_tables) {
  TempDir dir;
  // An unterminated quote must not swallow the rest of the file unbounded.
  std::string csv = "es,en\n\"open," + std::string(3000, 'x') + "\n";
  for (int i = 0; i < 200; ++i) csv += std::string(100, 'y') + "\n";
  ReadOptions opt;
  opt.max_segment_bytes = 2000;
  try {
    read_table(dir.write("q.csv", csv), TableFormat::Csv, opt, [](TranslationUnit&&) {});
    BOOST_FAIL("no error");
  } catch (const InputError& e) {
    BOOST_TEST(std::string(e.what()).find(":2:1: ") != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_SUITE_END()
