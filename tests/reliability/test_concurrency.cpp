// Several alinea processes at once on one TM: two import loops, one align
// loop storing documents, and readers (search, match, stats, export). Every
// command either succeeds or fails with the one-line "busy" error; every
// import or alignment that reported success is wholly in the TM, every one
// that failed is wholly absent; each export sees whole imports only (a
// consistent snapshot); the TM passes integrity_check afterwards.
//
// Runs for ALINEA_CONCURRENCY_SECONDS (default 20; the full run is
// 60: ALINEA_CONCURRENCY_SECONDS=60 ctest -R test_reliability).
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#include "reliability_util.h"

using namespace alinea::test;

namespace {

constexpr size_t kImportUnits = 2000;

struct Job {
  std::string kind;  // import, align, search, match, stats, export
  std::string tag;
  std::unique_ptr<Child> child;
};

// Spanish and English texts of one small document whose every sentence
// carries `tag`, so its units can be counted afterwards.
void write_document(const std::string& dir, const std::string& tag) {
  static const char* es[] = {"El comité de vivienda se reunió cada domingo.",
                             "Las familias vivían de allegadas.",
                             "Una noche de julio decidieron hacer la toma.",
                             "Llegaron de madrugada con carpas y banderas.",
                             "Los carabineros llegaron al amanecer.",
                             "Nadie se movió del terreno."};
  static const char* en[] = {"The housing committee met every Sunday.",
                             "The families lived as lodgers.",
                             "One July night they decided to take the land.",
                             "They arrived at dawn with tents and flags.",
                             "The police arrived at daybreak.",
                             "Nobody left the site."};
  std::string e, n;
  for (const char* s : es) e += tag + " " + s + "\n";
  for (const char* s : en) n += tag + " " + s + "\n";
  write_file(dir + "/" + tag + ".es", e);
  write_file(dir + "/" + tag + ".en", n);
}

// A TM in `dir` holding `units` "start-" units, and more.tsv beside it with
// as many "more-" units for a writer to try to add.
std::string tm_and_more_units(const TempDir& dir, int units) {
  std::string tm = dir.file("tm.sqlite");
  write_file(dir.file("start.tsv"), make_units_tsv("start", units));
  BOOST_REQUIRE(run_alinea({"import", dir.file("start.tsv"), "--tm", tm, "-q"}).exit_code == 0);
  write_file(dir.file("more.tsv"), make_units_tsv("more", units));
  return tm;
}

}  // namespace

BOOST_AUTO_TEST_CASE(concurrent_imports_alignments_and_queries) {
  const char* env = std::getenv("ALINEA_CONCURRENCY_SECONDS");
  const double seconds = env && *env ? std::atof(env) : 20.0;
  TempDir dir;
  std::string tm = dir.file("tm.sqlite");
  write_file(dir.file("start.tsv"), make_units_tsv("start", 200));
  BOOST_REQUIRE(run_alinea({"import", dir.file("start.tsv"), "--tm", tm, "-q"}).exit_code == 0);

  std::vector<Job> slots(6);
  const char* kinds[] = {"import", "import", "align", "search", "export", "stats"};
  std::map<std::string, bool> imports, aligns;  // tag -> reported success
  std::map<std::string, int> reads_ok, busy;
  std::vector<std::string> exports;  // TSV snapshots to check afterwards
  int next = 0;

  auto start = [&](size_t i) {
    Job& job = slots[i];
    job.kind = kinds[i];
    if (job.kind == "stats" && next % 2) job.kind = "match";
    job.tag = job.kind[0] + std::to_string(next++) + "x";
    std::vector<std::string> args;
    if (job.kind == "import") {
      std::string file = dir.file(job.tag + ".tsv");
      write_file(file, make_units_tsv(job.tag, kImportUnits));
      args = {"import", file};
    } else if (job.kind == "align") {
      write_document(dir.path(), job.tag);
      args = {"align",
              dir.file(job.tag + ".es"),
              dir.file(job.tag + ".en"),
              "--presegmented",
              "--src",
              "es",
              "--tgt",
              "en",
              "--doc",
              job.tag,
              "--store-all",
              "--no-lexicon",
              "--subword-weight",
              "0"};
    } else if (job.kind == "search") {
      args = {"search", "toma", "-n", "5"};
    } else if (job.kind == "match") {
      args = {"match", "los pobladores de la toma número 17 levantaron el campamento"};
    } else if (job.kind == "export") {
      args = {"export", "--format", "tsv"};
    } else {
      args = {"stats", "--json"};
    }
    args.insert(args.end(), {"--tm", tm, "-q"});
    job.child = std::make_unique<Child>(Child::start(args, dir.path()));
  };

  auto finish = [&](Job& job) {
    ChildResult r = job.child->wait();
    job.child.reset();
    bool ok = r.exit_code == 0;
    if (!ok) {
      // The only acceptable failure: the busy error, on one line.
      BOOST_TEST(r.signal == 0, job.kind << " " << job.tag << " killed by signal " << r.signal);
      BOOST_TEST(one_line_error(r.err), job.kind << " " << job.tag << ": " << r.err);
      bool is_busy =
          r.err.find("busy") != std::string::npos || r.err.find("locked") != std::string::npos;
      BOOST_TEST(is_busy, job.kind << " " << job.tag << ": " << r.err);
      ++busy[job.kind];
    }
    if (job.kind == "import") {
      imports[job.tag] = ok;
    } else if (job.kind == "align") {
      aligns[job.tag] = ok;
    } else if (ok) {
      ++reads_ok[job.kind];
      if (job.kind == "export") exports.push_back(std::move(r.out));
    }
  };

  const double t0 = now_seconds();
  for (size_t i = 0; i < slots.size(); ++i) start(i);
  while (now_seconds() - t0 < seconds) {
    for (size_t i = 0; i < slots.size(); ++i) {
      if (slots[i].child && slots[i].child->done()) {
        finish(slots[i]);
        start(i);
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  for (Job& job : slots)
    if (job.child) finish(job);

  std::ostringstream summary;
  int imports_ok = 0, aligns_ok = 0;
  for (auto& [tag, ok] : imports) imports_ok += ok;
  for (auto& [tag, ok] : aligns) aligns_ok += ok;
  summary << imports_ok << "/" << imports.size() << " imports, " << aligns_ok << "/"
          << aligns.size() << " alignments, reads:";
  for (auto& [kind, n] : reads_ok) summary << " " << kind << " " << n;
  summary << "; busy:";
  for (auto& [kind, n] : busy) summary << " " << kind << " " << n;
  BOOST_TEST_MESSAGE("concurrency (" << seconds << " s): " << summary.str());

  TmProbe p = probe_tm(tm);
  BOOST_TEST(p.problems.empty(), (p.problems.empty() ? "" : p.problems[0]));
  std::map<std::string, int64_t> by_tag = count_units_by_tag(tm);
  int64_t expected = by_tag["start"];
  BOOST_TEST(expected == 200);
  for (auto& [tag, ok] : imports) {
    int64_t n = by_tag[tag];
    BOOST_TEST(n == (ok ? static_cast<int64_t>(kImportUnits) : 0), tag << ": " << n << " units");
    expected += n;
  }
  for (auto& [tag, ok] : aligns) {
    int64_t n = by_tag[tag];
    if (ok)
      BOOST_TEST(n >= 5, tag << ": " << n << " units");  // 6 sentences a side, --store-all
    else
      BOOST_TEST(n == 0, tag << ": " << n << " units");
    expected += n;
  }
  BOOST_TEST(p.units == expected);
  // Snapshot isolation: each export holds each import whole or not at all.
  for (const std::string& out : exports) {
    std::map<std::string, int> seen;
    for (size_t at = out.find('\n'); at != std::string::npos; at = out.find('\n', at + 1)) {
      size_t end = out.find_first_of("- \t\n", at + 1);
      if (end != std::string::npos) ++seen[out.substr(at + 1, end - at - 1)];
    }
    for (auto& [tag, ok] : imports) {
      int n = seen[tag];
      BOOST_TEST((n == 0 || n == static_cast<int>(kImportUnits)), tag << " half-seen: " << n);
    }
  }
  BOOST_TEST(imports_ok > 0);
  BOOST_TEST(aligns_ok > 0);
  BOOST_TEST(reads_ok["export"] > 0);
  BOOST_TEST(reads_ok["search"] > 0);
}

// A writer that holds the lock longer than the busy timeout (5 s): other
// writers give up with the one-line busy error and change nothing; readers
// go on (WAL); once the lock is gone, writes work again.
BOOST_AUTO_TEST_CASE(the_busy_timeout_is_chosen_by_flag_or_environment) {
  TempDir dir;
  const std::string tm = tm_and_more_units(dir, 5);
  {
    WriteLock lock(tm);
    BOOST_REQUIRE(lock.held());
    for (const bool by_flag : {true, false}) {
      const double t0 = now_seconds();
      Run blocked =
          by_flag ? run_alinea({"import", dir.file("more.tsv"), "--tm", tm, "--busy-timeout", "1"})
                  : run_alinea({"import", dir.file("more.tsv"), "--tm", tm}, {},
                               {"ALINEA_BUSY_TIMEOUT=1.5"});
      const double waited = now_seconds() - t0;
      BOOST_TEST_MESSAGE((by_flag ? "flag" : "environment")
                         << ": exit " << blocked.exit_code << " after " << waited << " s");
      BOOST_TEST(blocked.exit_code == 2, blocked.err);
      BOOST_TEST(one_line_error(blocked.err), blocked.err);
      BOOST_TEST(blocked.err.find("--busy-timeout") != std::string::npos, blocked.err);
      // It waited about as long as asked, well short of the 5 s default.
      BOOST_TEST(waited >= (by_flag ? 0.9 : 1.4));
      BOOST_TEST(waited < 4.0);
    }
    Run bad = run_alinea({"stats", "--tm", tm}, {}, {"ALINEA_BUSY_TIMEOUT=soon"});
    BOOST_TEST(bad.exit_code == 1);
    BOOST_TEST(bad.err.find("ALINEA_BUSY_TIMEOUT") != std::string::npos, bad.err);
  }
  BOOST_TEST(count_units_like(tm, "more-%") == 0);
}

BOOST_AUTO_TEST_CASE(writer_blocked_past_the_timeout_gets_the_busy_error) {
  TempDir dir;
  const std::string tm = tm_and_more_units(dir, 20);
  {
    WriteLock lock(tm);
    BOOST_REQUIRE(lock.held());
    const double t0 = now_seconds();
    Run blocked = run_alinea({"import", dir.file("more.tsv"), "--tm", tm});
    const double waited = now_seconds() - t0;
    BOOST_TEST_MESSAGE("blocked writer: exit " << blocked.exit_code << " after " << waited
                                               << " s: " << blocked.err);
    BOOST_TEST(blocked.exit_code == 2);
    BOOST_TEST(one_line_error(blocked.err), blocked.err);
    BOOST_TEST(blocked.err.find("locked") != std::string::npos, blocked.err);
    BOOST_TEST(waited >= 4.0);  // it waited for the lock before giving up
    Run reader = run_alinea({"search", "pobladores", "--tm", tm, "-n", "3"});
    BOOST_TEST(reader.exit_code == 0, reader.err);
    BOOST_TEST(!reader.out.empty());
  }
  BOOST_TEST(count_units_like(tm, "more-%") == 0);
  Run later = run_alinea({"import", dir.file("more.tsv"), "--tm", tm, "-q"});
  BOOST_TEST(later.exit_code == 0, later.err);
  TmProbe p = probe_tm(tm);
  BOOST_TEST(p.problems.empty());
  BOOST_TEST(p.units == 40);
}
