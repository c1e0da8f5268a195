// Benchmark of the TM store: bulk insert, concordance, fuzzy match, term
// variants, size on disk and peak memory, on N units (default 1,000,000)
// built from the real pairs in tm_pairs.dev.tsv, repeated with systematic
// variation (numbers, one changed word, list numbering, punctuation) so the
// TM has the near-duplicates real TMs have, plus 2% exact duplicates.
//
//   bench_tm [N] [tm-path] [--insert-only | --query-only | --pg-import-only]
//
// --query-only reuses an existing tm-path built by an earlier run. Then the
// TM is migrated to a PostgreSQL server of the benchmark's own (the store
// tests' fixture, fsync off), asked the same queries there, and migrated
// back to a file, when PostgreSQL is there. --pg-import-only times only the
// import of N units into an empty PostgreSQL TM (tm-path is then unused).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "tests/bench/generated_tm.h"
#include "tests/tm/store/pg_server.h"
#include "tm/store/migrate.h"
#include "tm/store/store.h"

using namespace alinea::tm;
using alinea::bench::join_words;
using alinea::bench::load_real_pairs;
using alinea::bench::real_pairs_path;
using alinea::bench::RealPair;
using alinea::bench::split_words;
using alinea::bench::UnitGenerator;
using Clock = std::chrono::steady_clock;

namespace {

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

long peak_rss_mb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

std::vector<std::string> content_words(const std::string& text) {
  std::vector<std::string> out;
  for (auto w : split_words(text)) {
    while (!w.empty() && std::ispunct(static_cast<unsigned char>(w.back()))) w.pop_back();
    while (!w.empty() && std::ispunct(static_cast<unsigned char>(w.front()))) w.erase(0, 1);
    bool alpha = w.size() >= 4;
    for (unsigned char c : w)
      if (!(std::isalpha(c) || c >= 0x80)) alpha = false;
    if (alpha) out.push_back(w);
  }
  return out;
}

// Size on disk, concordance, fuzzy match and term variants on an open TM;
// rng's state picks the queries, so two TMs given the same state are asked
// the same.
void report_queries(Store& store, const std::vector<RealPair>& pairs, std::mt19937_64 rng) {
  const auto st = store.stats();
  std::printf("size: %.1f MB = %.0f bytes/unit (%lld units stored)\n",
              static_cast<double>(st.file_bytes) / 1e6,
              static_cast<double>(st.file_bytes) / static_cast<double>(st.units),
              static_cast<long long>(st.units));

  // Concordance: words, phrases and prefixes taken from the pairs, both languages.
  std::vector<ConcordanceQuery> queries;
  std::uniform_int_distribution<size_t> pick(0, pairs.size() - 1);
  while (queries.size() < 1000) {
    const RealPair& p = pairs[pick(rng)];
    const bool es = queries.size() % 3 != 2;
    auto words = content_words(es ? p.es : p.en);
    if (words.size() < 2) continue;
    ConcordanceQuery q;
    q.lang = es ? "es" : "en";
    size_t w = rng() % (words.size() - 1);
    switch (queries.size() % 5) {
      case 0:
      case 1:
        q.text = words[w];
        break;
      case 2:
        q.text = "\"" + words[w] + " " + words[w + 1] + "\"";
        break;
      case 3:
        q.text = words[w] + " " + words[w + 1];
        break;
      default:
        q.text = words[w].substr(0, 4) + "*";
        break;
    }
    queries.push_back(q);
  }
  std::vector<double> lat;
  size_t hits = 0;
  for (const auto& q : queries) {
    auto t0 = Clock::now();
    hits += store.concordance(q).size();
    lat.push_back(ms_since(t0));
  }
  std::printf(
      "concordance: %zu queries (limit 20, best first), %.1f hits/query: p50 %.2f ms, "
      "p90 %.2f ms, p99 %.2f ms, max %.1f ms\n",
      queries.size(), static_cast<double>(hits) / static_cast<double>(queries.size()),
      percentile(lat, 0.5), percentile(lat, 0.9), percentile(lat, 0.99), percentile(lat, 1.0));
  lat.clear();
  for (auto q : queries) {
    q.order = ConcordanceQuery::Order::Newest;
    auto t0 = Clock::now();
    store.concordance(q);
    lat.push_back(ms_since(t0));
  }
  std::printf("concordance newest-first: p50 %.2f ms, p99 %.2f ms\n", percentile(lat, 0.5),
              percentile(lat, 0.99));

  // Fuzzy: real sentences with one word dropped or changed.
  lat.clear();
  std::vector<double> best;
  size_t found = 0, tried = 0;
  while (tried < 500) {
    const RealPair& p = pairs[pick(rng)];
    auto words = split_words(p.es);
    if (words.size() < 4 || words.size() > 60) continue;
    ++tried;
    size_t w = rng() % words.size();
    if (tried % 2)
      words.erase(words.begin() + static_cast<std::ptrdiff_t>(w));
    else
      words[w] = "cambiado";
    const std::string sentence = join_words(words);
    auto t0 = Clock::now();
    auto m = store.fuzzy_match(sentence, {});
    lat.push_back(ms_since(t0));
    if (!m.empty()) {
      ++found;
      best.push_back(m[0].percent);
    }
  }
  std::printf(
      "fuzzy: %zu sentences, %zu with a match >= 50%% (median best %.0f%%): p50 %.2f ms, "
      "p90 %.2f ms, p99 %.2f ms, max %.1f ms\n",
      tried, found, percentile(best, 0.5), percentile(lat, 0.5), percentile(lat, 0.9),
      percentile(lat, 0.99), percentile(lat, 1.0));

  lat.clear();
  for (const char* term : {"archivo", "paquete", "contraseña", "servidor", "tierra", "pueblo",
                           "sistema de archivos", "línea de órdenes"}) {
    auto t0 = Clock::now();
    auto r = store.term_variants(term, {});
    lat.push_back(ms_since(t0));
    std::printf("terms: %-20s %6.1f ms:", term, lat.back());
    for (size_t i = 0; i < std::min<size_t>(3, r.size()); ++i) {
      // As `alinea terms` labels them: units where no rendering was found
      // have no text of their own.
      const std::string label = r[i].kind == alinea::tm::TermRendering::Kind::Unknown
                                    ? "(no rendering found)"
                                    : "\"" + r[i].text + "\"";
      std::printf(" %s (%lld)", label.c_str(), static_cast<long long>(r[i].count));
    }
    std::printf("\n");
  }
}

// An import of N generated units into an empty PostgreSQL TM, as `alinea
// import` makes it: batches sent with COPY, one transaction.
void report_pg_import(alinea::tm::test::PgServer& pg, const std::vector<RealPair>& pairs,
                      size_t n_units) {
  auto store = Store::open(pg.fresh_database(), OpenMode::ReadWrite, "bench");
  UnitGenerator generator(pairs);
  auto t0 = Clock::now();
  auto tx = store.begin();
  const auto added = tx.add_all([&](const Store::Transaction::UnitSink& sink) {
    for (size_t i = 0; i < n_units; ++i) sink(generator.next(i));
  });
  const double add_secs = ms_since(t0) / 1000.0;
  tx.commit();  // builds the word indexes and checks the references
  const double secs = ms_since(t0) / 1000.0;
  std::printf(
      "import into PostgreSQL: %zu units in %.2f s = %.0f units/s (%lld new, %lld merged; "
      "generating them included)\n"
      "  of which adding rows %.2f s, commit and indexing %.2f s\n",
      n_units, secs, static_cast<double>(n_units) / secs, static_cast<long long>(added.inserted),
      static_cast<long long>(added.merged), add_secs, secs - add_secs);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const size_t n_units = argc > 1 ? std::stoul(argv[1]) : 1000000;
  const std::vector<RealPair> pairs = load_real_pairs();
  if (pairs.empty()) {
    std::printf("bench_tm: %s not found; skipped\n", real_pairs_path().c_str());
    return 0;
  }
  const std::string path = argc > 2 ? argv[2]
                                    : (std::filesystem::temp_directory_path() /
                                       ("bench_tm." + std::to_string(getpid()) + ".tm"))
                                          .string();
  const std::string mode = argc > 3 ? argv[3] : "";
  if (mode == "--pg-import-only") {
    // The PostgreSQL import alone: at 10M units the SQLite build, its
    // queries and the migrations take longer than the import itself.
    alinea::tm::test::PgServer* pg = alinea::tm::test::PgServer::shared();
    if (!pg) {
      std::printf("bench_tm: PostgreSQL import skipped: %s\n",
                  alinea::tm::test::PgServer::why_not().c_str());
      return 0;
    }
    std::printf("bench_tm: %zu units from %zu real pairs -> PostgreSQL\n", n_units, pairs.size());
    report_pg_import(*pg, pairs, n_units);
    std::printf("peak memory: %ld MB (max RSS)\n", peak_rss_mb());
    return 0;
  }
  const bool build = mode != "--query-only";
  if (build)
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  std::printf("bench_tm: %zu units from %zu real pairs -> %s\n", n_units, pairs.size(),
              path.c_str());

  std::mt19937_64 rng(42);
  if (build) {
    auto store = Store::open(path, OpenMode::ReadWrite, "bench");
    // Units are generated in batches outside the timed part, so the figures
    // are the store's alone.
    double secs = 0, cpu = 0;
    auto tx = store.begin();
    size_t merged = 0;
    UnitGenerator generator(pairs);
    std::vector<TranslationUnit> batch;
    for (size_t start = 0; start < n_units; start += 10000) {
      batch.clear();
      for (size_t i = start; i < std::min(n_units, start + 10000); ++i) {
        TranslationUnit u = generator.next(i);
        batch.push_back(std::move(u));
      }
      auto t0 = Clock::now();
      const double cpu0 = cpu_seconds();
      for (const auto& u : batch)
        if (tx.add(u).merged) ++merged;
      secs += ms_since(t0) / 1000.0;
      cpu += cpu_seconds() - cpu0;
    }
    auto t0 = Clock::now();
    const double cpu0 = cpu_seconds();
    const double add_secs = secs, add_cpu = cpu;
    tx.commit();  // also builds the full-text index of the new units
    secs += ms_since(t0) / 1000.0;
    cpu += cpu_seconds() - cpu0;
    // CPU time too: on a shared machine the wall clock includes waiting for a core.
    std::printf(
        "insert: %zu units in %.2f s wall = %.0f units/s; %.2f s CPU = %.0f units/s "
        "(%zu merged as exact duplicates)\n",
        n_units, secs, static_cast<double>(n_units) / secs, cpu, static_cast<double>(n_units) / cpu,
        merged);
    std::printf(
        "  of which adding rows %.2f s wall / %.2f s CPU, commit and indexing %.2f s wall / "
        "%.2f s CPU\n",
        add_secs, add_cpu, secs - add_secs, cpu - add_cpu);
    if (mode == "--insert-only") return 0;
  }
  {
    std::printf("-- SQLite\n");
    auto store = Store::open(path, OpenMode::ReadOnly);
    report_queries(store, pairs, rng);
  }
  if (alinea::tm::test::PgServer* pg = alinea::tm::test::PgServer::shared()) {
    const std::string url = pg->fresh_database();
    const std::string back = path + ".back";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(back + suffix);
    for (const auto& [from, to, label] : {std::tuple{path, url, "SQLite -> PostgreSQL"},
                                          std::tuple{url, back, "PostgreSQL -> SQLite"}}) {
      const auto r = migrate(from, to);
      int64_t units = 0;
      for (const auto& t : r.tables)
        if (t.name == "units") units = t.rows;
      std::printf("migrate %s: %lld units (%lld rows) in %.2f s = %.0f units/s\n", label,
                  static_cast<long long>(units), static_cast<long long>(r.rows), r.seconds,
                  static_cast<double>(units) / r.seconds);
      if (to == url) {
        // The same queries as on the file, on the PostgreSQL copy.
        std::printf("-- PostgreSQL (a local server, Unix socket)\n");
        auto store = Store::open(url, OpenMode::ReadOnly);
        report_queries(store, pairs, rng);
      }
    }
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(back + suffix);
    report_pg_import(*pg, pairs, n_units);
  } else {
    std::printf("migrate: skipped: %s\n", alinea::tm::test::PgServer::why_not().c_str());
  }
  std::printf("peak memory: %ld MB (max RSS)\n", peak_rss_mb());
  if (argc <= 2)
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return 0;
}
