// SIGKILL at random moments during a 50,000-unit import: after each kill the
// TM opens (read-only, as `alinea stats` does, and read-write), passes
// integrity_check and the FTS5 index check, and holds either all units of
// the killed import or none of them, plus everything committed before.
//
// ALINEA_CRASH_ITERATIONS (default 20) and ALINEA_CRASH_SECONDS (time budget
// for the kill loop, default 60) make it longer; ALINEA_CRASH_SEED replays a
// run (the seed is printed).
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>

#include "reliability_util.h"

using namespace alinea::test;

namespace {

long env_number(const char* name, long fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtol(v, nullptr, 10) : fallback;
}

int64_t stats_units(const std::string& tm, std::string* err) {
  Run r = run_alinea({"stats", "--tm", tm, "--json"});
  *err = r.err;
  if (r.exit_code != 0) return -1;
  auto at = r.out.find("\"units\":");
  if (at == std::string::npos) return -1;
  return std::strtoll(r.out.c_str() + at + 8, nullptr, 10);
}

}  // namespace

BOOST_AUTO_TEST_CASE(sigkill_during_import_leaves_all_or_nothing) {
  const size_t kUnits = 50000;
  const long iterations = env_number("ALINEA_CRASH_ITERATIONS", 20);
  const double budget = static_cast<double>(env_number("ALINEA_CRASH_SECONDS", 60));
  const unsigned seed =
      static_cast<unsigned>(env_number("ALINEA_CRASH_SEED", static_cast<long>(getpid())));
  BOOST_TEST_MESSAGE("crash safety: seed " << seed);
  std::mt19937 rng(seed);

  TempDir dir;
  std::string tm = dir.file("tm.sqlite");
  // Calibration: one whole import, committed, tells how long one takes.
  write_file(dir.file("cal.tsv"), make_units_tsv("cal", kUnits));
  Child first = Child::start({"import", dir.file("cal.tsv"), "--tm", tm, "-q"}, dir.path());
  ChildResult cal = first.wait();
  BOOST_REQUIRE_MESSAGE(cal.exit_code == 0, cal.err);
  const double full = cal.seconds;
  BOOST_TEST_MESSAGE("crash safety: a " << kUnits << "-unit import takes " << full << " s");
  int64_t expected = static_cast<int64_t>(kUnits);
  BOOST_REQUIRE(probe_tm(tm).units == expected);

  int killed_mid_import = 0, committed = 0, finished_before_kill = 0;
  const double t0 = now_seconds();
  for (long i = 0; i < iterations && now_seconds() - t0 < budget; ++i) {
    std::string tag = "k" + std::to_string(i);
    std::string file = dir.file("import.tsv");
    write_file(file, make_units_tsv(tag, kUnits));
    // Uniform over the whole import, a little past its usual end, so that
    // some kills land in the commit itself.
    std::uniform_real_distribution<double> when(0.0, full * 1.15);
    double delay = when(rng);
    Child child = Child::start({"import", file, "--tm", tm, "-q"}, dir.path());
    double deadline = now_seconds() + delay;
    while (now_seconds() < deadline && !child.done())
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    bool ended = child.done();
    child.kill(SIGKILL);
    ChildResult r = child.wait();
    // It may also end on its own between that look and the kill: a SIGKILL
    // to a process that has just exited does nothing.
    if (!ended && r.signal != SIGKILL && r.exit_code == 0) ended = true;
    std::string what =
        "iteration " + std::to_string(i) + ", kill after " + std::to_string(delay) + " s";
    if (ended) {
      ++finished_before_kill;
      BOOST_TEST(r.exit_code == 0, what << ": " << r.err);
    } else {
      BOOST_TEST(r.signal == SIGKILL, what);
    }

    // A reader first, as a user would run after the crash (read-only open
    // of a TM whose WAL may be hot).
    std::string err;
    int64_t seen = stats_units(tm, &err);
    BOOST_TEST(seen >= 0, what << ": stats failed: " << err);

    TmProbe p = probe_tm(tm);
    BOOST_TEST(p.opened, what);
    BOOST_TEST(p.problems.empty(), what << ": " << (p.problems.empty() ? "" : p.problems[0]));
    int64_t mine = count_units_like(tm, tag + "-%");
    BOOST_TEST((mine == 0 || mine == static_cast<int64_t>(kUnits)),
               what << ": " << mine << " units");
    if (mine == static_cast<int64_t>(kUnits)) {
      expected += static_cast<int64_t>(kUnits);
      ++committed;
    } else if (!ended) {
      ++killed_mid_import;
    }
    BOOST_TEST(p.units == expected, what << ": " << p.units << " units, expected " << expected);
    BOOST_TEST(seen == expected, what << ": stats says " << seen);
    if (ended) BOOST_TEST(mine == static_cast<int64_t>(kUnits), what << ": reported success");
  }
  BOOST_TEST_MESSAGE("crash safety: " << killed_mid_import << " kills rolled back, " << committed
                                      << " imports committed (" << finished_before_kill
                                      << " ended before the kill) in " << now_seconds() - t0
                                      << " s");
  // The test must have interrupted real imports to prove anything.
  BOOST_TEST(killed_mid_import >= 3);
}
