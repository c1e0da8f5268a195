// Replays the fuzzing inputs through the normal build: every crash the
// fuzzers found (tests/fuzz/regressions/<harness>/) and the seed inputs
// (tests/fuzz/seeds/<harness>/) must now run through the harness cleanly.
// The harnesses are the fuzzers' own (tests/fuzz/harnesses.cpp), so the
// same invariants are checked here without clang or libFuzzer.
#define BOOST_TEST_MODULE alinea fuzz regressions
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harnesses.h"

namespace fs = std::filesystem;

namespace {

const fs::path kFuzzDir = fs::path(ALINEA_TEST_DATA).parent_path() / "fuzz";

size_t replay(const std::string& kind) {
  size_t n = 0;
  for (const std::string& harness : alinea::fuzz::harness_names()) {
    fs::path dir = kFuzzDir / kind / harness;
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream s;
      s << in.rdbuf();
      std::string bytes = s.str();
      BOOST_TEST_INFO(entry.path().string());
      BOOST_CHECK_NO_THROW(
          alinea::fuzz::run(harness, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
      ++n;
    }
  }
  return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(fuzz_crash_inputs_stay_fixed) {
  size_t n = replay("regressions");
  BOOST_TEST_MESSAGE(n << " regression inputs replayed");
  BOOST_TEST(n > 0u);
}

BOOST_AUTO_TEST_CASE(fuzz_seed_inputs_pass_the_harnesses) {
  size_t n = replay("seeds");
  BOOST_TEST_MESSAGE(n << " seed inputs replayed");
  BOOST_TEST(n > 0u);
}

BOOST_AUTO_TEST_CASE(unknown_harness_is_refused) {
  BOOST_CHECK_THROW(alinea::fuzz::run("nope", nullptr, 0), std::invalid_argument);
}
