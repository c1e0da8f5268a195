// Regressions for what the fuzzing and hostile-input work found in the
// exchange readers: a table line without end is read in bounded memory, and
// every error and skipped-unit message is one line.
#include <sys/resource.h>

#include <boost/test/unit_test.hpp>
#include <functional>
#include <sstream>
#include <streambuf>

#include "tm/error.h"
#include "tm/exchange/tmx_reader.h"
#include "tm/exchange/tsv.h"

using namespace alinea::tm;

namespace {

// `size` bytes of 'a' after a header, made on the fly so that the test
// itself holds none of them.
class EndlessLine : public std::streambuf {
 public:
  explicit EndlessLine(size_t size) : left_(size) {
    buf_.assign(1 << 16, 'a');
    header_ = "es\ten\n";
    setg(header_.data(), header_.data(), header_.data() + header_.size());
  }

 protected:
  int_type underflow() override {
    if (left_ == 0) return traits_type::eof();
    size_t n = std::min(left_, buf_.size());
    left_ -= n;
    setg(buf_.data(), buf_.data(), buf_.data() + n);
    return traits_type::to_int_type(buf_[0]);
  }

 private:
  size_t left_;
  std::string buf_, header_;
};

long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(exchange_bounds)

BOOST_AUTO_TEST_CASE(a_table_line_without_end_is_read_in_bounded_memory) {
  const long before = peak_rss_kb();
  EndlessLine source(size_t{400} << 20);  // 400 MB, no line feed
  std::istream in(&source);
  std::string err =
      error_of([&] { read_table(in, "endless.tsv", TableFormat::Tsv, {}, [](auto&&) {}); });
  BOOST_TEST(err.find("endless.tsv:2:") == 0u, err);
  BOOST_TEST(err.find("longer than") != std::string::npos, err);
  // Before the fix the whole line was kept: 400 MB and more.
  BOOST_TEST(peak_rss_kb() - before < 64 * 1024,
             "peak RSS grew by " << peak_rss_kb() - before << " kB");
}

BOOST_AUTO_TEST_CASE(an_overlong_line_is_skipped_with_skip_bad) {
  std::string tsv = "es\ten\n" + std::string(9u << 20, 'b') + "\tx\nHola.\tHello.\n";
  std::istringstream in(tsv);
  ReadOptions options;
  options.skip_bad = true;
  std::vector<TranslationUnit> units;
  ReadReport r = read_table(in, "t.tsv", TableFormat::Tsv, options,
                            [&](TranslationUnit&& u) { units.push_back(std::move(u)); });
  BOOST_TEST(r.skipped == 1u);
  BOOST_REQUIRE(units.size() == 1u);
  BOOST_TEST(units[0].source.text == "Hola.");
}

BOOST_AUTO_TEST_CASE(errors_quoting_the_input_stay_on_one_short_line) {
  // libxml2's own message for bad UTF-8 has a second line ("Bytes: ...").
  std::string tmx =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><tmx version=\"1.4\"><header/><body>"
      "<tu><tuv xml:lang=\"es\"><seg>caf\xC3 \xFF</seg></tuv></tu></body></tmx>";
  std::istringstream a(tmx);
  std::string e1 = error_of([&] { read_tmx(a, "bad.tmx", {}, [](auto&&) {}); });
  // A quoted value with line breaks, in a TMX prop and in a table cell.
  std::string tmx2 =
      "<?xml version=\"1.0\"?><tmx version=\"1.4\"><header/><body><tu>"
      "<prop type=\"x-status\">no&#10;alinea: error: fake second line&#13;</prop>"
      "<tuv xml:lang=\"es\"><seg>a</seg></tuv><tuv xml:lang=\"en\"><seg>b</seg></tuv></tu>"
      "</body></tmx>";
  std::istringstream b(tmx2);
  std::string e2 = error_of([&] { read_tmx(b, "prop.tmx", {}, [](auto&&) {}); });
  std::istringstream c("es\ten\tstatus\nHola\tHello\tdone\\nalinea: error: fake" +
                       std::string(5000, 'x') + "\n");
  std::string e3 = error_of([&] { read_table(c, "s.tsv", TableFormat::Tsv, {}, [](auto&&) {}); });
  for (const std::string& e : {e1, e2, e3}) {
    BOOST_TEST(!e.empty());
    BOOST_TEST(e.find('\n') == std::string::npos, e);
    BOOST_TEST(e.find('\r') == std::string::npos, e);
    BOOST_TEST(e.size() < 500u, e.size());
  }
  BOOST_TEST(e1.find("UTF-8") != std::string::npos, e1);
  BOOST_TEST(e2.find("x-status") != std::string::npos, e2);
  BOOST_TEST(e3.find("status") != std::string::npos, e3);
}

BOOST_AUTO_TEST_SUITE_END()
