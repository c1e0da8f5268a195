// TMX exchange throughput and memory at N units (default 1,000,000):
//   1. TmxWriter writes them to a file; 2. read_tmx parses it back;
//   3. the file is imported into a new TM as `alinea import` does it
//      (Transaction::add_all: parsing on a second thread, one transaction);
//   4. the `alinea` program itself imports it into another new TM (a child
//      process: wall time, CPU time and peak resident set of the process);
//   5. the same import with parsing and storing on one thread (Transaction::add);
//   6. the TM of step 3 is exported through the Store as `alinea export` does.
// Memory flatness: the resident set (current, from /proc/self/statm, and
// peak, from getrusage) after 100k units and at the end of each phase;
// "anon" leaves out file-backed pages. CPU-seconds count every thread.
// Before each phase that writes a TM, dirty pages of earlier phases are
// flushed (sync), so that a phase is not charged with another's writeback.
//
//   bench_tmx [N] [--store-units M] [--no-store] [--unique-numbers] [--dir DIR]
//
// Unit texts cycle through the shared corpus's TM pairs when present
// (tm_pairs.dev.tsv), else synthetic Spanish/English sentences. Each pass
// over the pairs appends its pass number, which keeps units distinct (the
// Store merges exact duplicates) with a vocabulary like a real TM's; units
// keep their origin as document, in increasing positions. --unique-numbers
// appends each unit's own number instead: two words in every unit that
// occur nowhere else, the worst case for the full-text index.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "tm/exchange/tmx_reader.h"
#include "tm/exchange/tmx_writer.h"
#include "tm/store/store.h"

using namespace alinea::tm;

namespace {

// Resident set in MB; anon = false counts file-backed pages too (SQLite's
// mmap of the TM file shows up there), anon = true only private memory.
double rss_mb(bool anon = false) {
  long pages = 0, resident = 0, shared = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld %ld", &pages, &resident, &shared) != 3) resident = shared = 0;
    std::fclose(f);
  }
  return static_cast<double>(anon ? resident - shared : resident) *
         static_cast<double>(::sysconf(_SC_PAGESIZE)) / 1e6;
}

double peak_mb() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1e3;  // Linux: kilobytes
}

struct Pair {
  std::string es, en, origin;
};

std::vector<Pair> load_pairs() {
  std::vector<Pair> pairs;
  std::ifstream in(std::string(ALINEA_SHARED_CORPORA) + "/tm_pairs/tm_pairs.dev.tsv");
  std::string line;
  while (std::getline(in, line)) {
    const auto t1 = line.find('\t');
    const auto t2 = line.find('\t', t1 + 1);
    if (t1 == std::string::npos || t2 == std::string::npos) continue;
    pairs.push_back({line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1), line.substr(t2 + 1)});
  }
  return pairs;
}

class Units {
 public:
  Units(std::vector<Pair> pairs, bool unique_numbers)
      : pairs_(std::move(pairs)), unique_numbers_(unique_numbers) {
    std::map<std::string, int64_t> per_origin;
    for (const auto& p : pairs_) rank_.push_back(per_origin[p.origin]++);
    for (const auto& p : pairs_) origin_size_.push_back(per_origin[p.origin]);
  }
  bool from_corpus() const { return !pairs_.empty(); }
  void make(size_t i, TranslationUnit& u) const {
    u = TranslationUnit{};
    if (!pairs_.empty()) {
      const size_t k = i % pairs_.size();
      const auto pass = static_cast<int64_t>(i / pairs_.size());
      const Pair& p = pairs_[k];
      const std::string tag = " [" + std::to_string(unique_numbers_ ? int64_t(i) : pass) + "]";
      u.source = {"es-CL", p.es + tag, {}};
      u.target = {"en", p.en + tag, {}};
      u.document = p.origin;
      u.position = pass * origin_size_[k] + rank_[k];
    } else {
      u.source = {"es-CL",
                  "Los pobladores de la toma número " + std::to_string(i) +
                      " levantaron el campamento junto al zanjón.",
                  {}};
      u.target = {
          "en",
          "The settlers of takeover number " + std::to_string(i) + " raised the camp by the ditch.",
          {}};
      u.document = "doc-" + std::to_string(i / 1000);
      u.position = static_cast<int64_t>(i % 1000);
    }
    u.confidence = static_cast<double>(i % 100) / 100.0;
    u.status = i % 7 == 0 ? UnitStatus::Reviewed : UnitStatus::Aligned;
    u.created_at = 1600000000 + static_cast<int64_t>(i);
    u.changed_at = u.created_at;
    u.created_by = "bench";
    u.changed_by = "bench";
    if (i % 10 == 0) u.note = "revisar";
  }

 private:
  std::vector<Pair> pairs_;
  bool unique_numbers_;
  std::vector<int64_t> rank_, origin_size_;  // a pair's place among its origin's pairs
};

using Clock = std::chrono::steady_clock;

double cpu_seconds() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// Wall time and CPU time: the machine may be shared, and units per CPU
// second do not depend on what else runs.
struct Phase {
  const char* name;
  Clock::time_point start = Clock::now();
  double cpu_start = cpu_seconds();
  double rss_100k = 0, anon_100k = 0, peak_100k = 0;
  size_t n = 0;
  void tick() {
    if (++n == 100000) {
      rss_100k = rss_mb();
      anon_100k = rss_mb(true);
      peak_100k = peak_mb();
    }
  }
  void report(uint64_t bytes) const {
    const double s = std::chrono::duration<double>(Clock::now() - start).count();
    const double cpu = cpu_seconds() - cpu_start;
    std::printf("%-36s %9zu units %7.2f s %9.0f units/s (%9.0f per CPU-s) %7.1f MB/s", name, n, s,
                static_cast<double>(n) / s, static_cast<double>(n) / cpu,
                static_cast<double>(bytes) / 1e6 / s);
    if (n >= 100000)
      std::printf("  RSS@100k %6.1f MB (anon %6.1f, peak %6.1f)", rss_100k, anon_100k, peak_100k);
    std::printf("  RSS@end %6.1f MB (anon %6.1f, peak %6.1f)\n", rss_mb(), rss_mb(true), peak_mb());
    std::fflush(stdout);
  }
};

uint64_t file_size(const std::string& p) {
  std::error_code ec;
  const auto s = std::filesystem::file_size(p, ec);
  return ec ? 0 : s;
}

// `alinea import FILE --tm TM` in a child process: what a user waits for,
// opening and closing the TM included. false if it failed.
bool import_with_cli(const std::string& file, const std::string& tm, size_t n) {
  if (!std::filesystem::exists(ALINEA_CLI)) {
    std::printf("%-36s skipped: %s not built\n", "alinea import (process)", ALINEA_CLI);
    return true;
  }
  ::sync();
  std::vector<std::string> args{ALINEA_CLI, "import", file, "--tm", tm, "--json"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  const auto start = Clock::now();
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    std::fprintf(stderr, "bench_tmx: cannot run %s: %s\n", argv[0], std::strerror(rc));
    return false;
  }
  int status = 0;
  rusage ru{};
  ::wait4(pid, &status, 0, &ru);
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "bench_tmx: alinea import failed (status %d)\n", status);
    return false;
  }
  const double cpu = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                     static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  std::printf(
      "%-36s %9zu units %7.2f s %9.0f units/s (%9.0f per CPU-s) %7.1f MB/s  peak RSS %6.1f MB\n",
      "alinea import (process)", n, s, static_cast<double>(n) / s, static_cast<double>(n) / cpu,
      static_cast<double>(file_size(file)) / 1e6 / s, static_cast<double>(ru.ru_maxrss) / 1e3);
  std::fflush(stdout);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = 1000000;
  size_t store_n = 0;  // 0 = same as n
  bool use_store = true;
  bool unique_numbers = false;
  std::string dir = std::filesystem::temp_directory_path().string();
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--no-store") == 0) {
      use_store = false;
    } else if (std::strcmp(argv[i], "--store-units") == 0 && i + 1 < argc) {
      store_n = std::stoul(argv[++i]);
    } else if (std::strcmp(argv[i], "--unique-numbers") == 0) {
      unique_numbers = true;
    } else if (std::strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
      dir = argv[++i];
    } else {
      n = std::stoul(argv[i]);
    }
  }
  if (store_n == 0 || store_n > n) store_n = n;
  const std::string base = dir + "/bench_tmx_" + std::to_string(::getpid());
  const std::string tmx = base + ".tmx";

  const Units units(load_pairs(), unique_numbers);
  std::printf("bench_tmx: %zu units (texts: %s%s), files under %s\n", n,
              units.from_corpus() ? "tm_pairs.dev.tsv cycled" : "synthetic",
              unique_numbers ? ", a number of its own in every unit" : "", dir.c_str());
  std::printf("start RSS %.1f MB (peak %.1f)\n", rss_mb(), peak_mb());

  try {
    {
      std::ofstream out(tmx, std::ios::binary);
      TmxWriter writer(out, {});
      TranslationUnit u;
      Phase ph{"TmxWriter::write -> file"};
      for (size_t i = 0; i < n; ++i) {
        units.make(i, u);
        writer.write(u);
        ph.tick();
      }
      writer.finish();
      out.close();
      ph.report(file_size(tmx));
    }
    {
      Phase ph{"read_tmx <- file"};
      uint64_t chars = 0;
      read_tmx(tmx, {}, [&](TranslationUnit&& u) {
        chars += u.source.text.size() + u.target.text.size();
        ph.tick();
      });
      ph.report(file_size(tmx));
      if (ph.n != n) {
        std::fprintf(stderr, "bench_tmx: read %zu units, wrote %zu\n", ph.n, n);
        return 1;
      }
    }
    if (use_store) {
      const std::string db = base + ".tm";
      const std::string db2 = base + ".2.tm";
      const std::string db_cli = base + ".cli.tm";
      const std::string tmx_n = base + ".store.tmx";
      const std::string out_tmx = base + ".export.tmx";
      if (store_n != n) {  // a smaller file for the Store phase
        std::ofstream out(tmx_n, std::ios::binary);
        TmxWriter writer(out, {});
        TranslationUnit u;
        for (size_t i = 0; i < store_n; ++i) {
          units.make(i, u);
          writer.write(u);
        }
        writer.finish();
      }
      const std::string in_tmx = store_n != n ? tmx_n : tmx;
      {
        ::sync();
        auto store = Store::open(db, OpenMode::ReadWrite, "bench");
        Phase ph{"read_tmx -> Transaction::add_all"};
        auto tx = store.begin();
        tx.add_all([&](const Store::Transaction::UnitSink& sink) {
          read_tmx(in_tmx, {}, [&](TranslationUnit&& u) {
            sink(std::move(u));
            ph.tick();
          });
        });
        tx.commit();
        ph.report(file_size(in_tmx));
      }
      if (!import_with_cli(in_tmx, db_cli, store_n)) return 1;
      std::error_code ec;
      std::filesystem::remove(db_cli, ec);
      {
        ::sync();
        auto store = Store::open(db2, OpenMode::ReadWrite, "bench");
        Phase ph{"read_tmx -> Transaction::add"};
        auto tx = store.begin();
        read_tmx(in_tmx, {}, [&](TranslationUnit&& u) {
          tx.add(u);
          ph.tick();
        });
        tx.commit();
        ph.report(file_size(in_tmx));
      }
      {
        auto store = Store::open(db, OpenMode::ReadOnly, "bench");
        std::ofstream out(out_tmx, std::ios::binary);
        TmxWriter writer(out, {});
        Phase ph{"Store::for_each_unit -> TmxWriter"};
        store.for_each_unit({}, [&](const TranslationUnit& u) {
          writer.write(u);
          ph.tick();
        });
        writer.finish();
        out.close();
        ph.report(file_size(out_tmx));
      }
      for (const char* suffix :
           {".tm", ".tm-wal", ".tm-shm", ".2.tm", ".2.tm-wal", ".2.tm-shm", ".cli.tm",
            ".cli.tm-wal", ".cli.tm-shm", ".store.tmx", ".export.tmx"})
        std::filesystem::remove(base + suffix, ec);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_tmx: %s\n", e.what());
    std::filesystem::remove(tmx);
    return 1;
  }
  std::filesystem::remove(tmx);
  return 0;
}
