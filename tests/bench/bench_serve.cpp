// Benchmark of `alinea serve`: tmserver `/unit/` lookups under load, on the
// generated TM that bench_tm builds (default 1,000,000 units), driven by
// Debian's `wrk` keeping C connections busy for S seconds. The runs:
//   1. alinea serve alone, every lookup computed (--cache-mb 0);
//   2. alinea serve alone with its answer cache (the default): the queries
//      repeat, so this measures answers kept;
//   3. the same while `alinea import` writes 100,000 more units into the
//      same TM (one transaction, as a coordinator's import is; its commit
//      drops every kept answer and word list), and 10 s right after its
//      commit;
//   4. the first three again with the TM migrated to a PostgreSQL server of
//      the benchmark's own (as the store tests start theirs), when
//      PostgreSQL is installed;
//   5. Translate Toolkit's tmserver (Debian python3-translate, python3-cheroot)
//      on the same units and the same queries,
// and prints requests/s, latency p50/p90/p99, errors and the ratio.
//
//   bench_serve [--units N] [--seconds S] [--connections C] [--writer-units W]
//               [--dir DIR] [--no-peer] [--no-postgresql] [--callgrind Q]
//
// --callgrind Q prints instead what does not depend on the machine's load:
// the instructions of a computed lookup, counted by valgrind's callgrind in
// `alinea serve` (one worker, --cache-mb 0) asked the first Q queries once,
// then in another run twice; the difference over Q is a lookup whose pages
// are in SQLite's cache, without the start-up and the first reads.
//
// --dir keeps the TMs (alinea's and Translate Toolkit's) there and reuses
// them when they already hold the same number of units: building Translate
// Toolkit's database of 1M units takes several minutes.
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/bench/generated_tm.h"
#include "tests/cli/run.h"
#include "tests/tm/store/pg_server.h"
#include "tm/store/store.h"

extern char** environ;

namespace fs = std::filesystem;
using namespace alinea;
using Clock = std::chrono::steady_clock;

namespace {

struct Config {
  size_t units = 1000000;
  int seconds = 60;
  int connections = 64;
  size_t writer_units = 100000;
  std::string dir;
  bool peer = true;
  bool postgresql = true;
  size_t callgrind_queries = 0;  // > 0: count instructions instead of loading
};

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

bool on_path(const std::string& program) {
  return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

std::string url_escape(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string po_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\t') {
      out += "\\t";
      continue;
    }
    out += c;
  }
  return out;
}

std::string tsv_field(const std::string& s) {
  std::string out;
  for (char c : s) out += (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

// A port nobody listens on now (the kernel's choice for port 0).
int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw std::runtime_error("cannot bind a port");
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// A child process, SIGTERM'd and reaped by the destructor.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::string& log) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    int rc = posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot run " + argv[0]);
  }
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  // Waits for the child; its exit code (-1 if killed by a signal).
  int wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
};

void wait_until_up(int port, const std::string& probe, int timeout_s) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(1);
  auto t0 = Clock::now();
  while (seconds_since(t0) < timeout_s) {
    if (auto r = client.Get(probe); r && r->status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  throw std::runtime_error("server on port " + std::to_string(port) + " did not come up");
}

struct LoadResult {
  double requests_per_s = 0;
  double p50_ms = 0, p90_ms = 0, p99_ms = 0;
  long requests = 0;
  long errors = 0;          // socket errors, timeouts and non-2xx answers
  std::string error_lines;  // wrk's own words for them
};

double to_ms(const std::string& value) {
  double v = std::stod(value);
  if (value.ends_with("us")) return v / 1000;
  if (value.ends_with("ms")) return v;
  if (value.ends_with("s")) return v * 1000;
  return v;
}

// Runs wrk against http://127.0.0.1:port with the request paths in
// `paths_file` (a Lua script cycles through them) and reads its report.
LoadResult run_wrk(int port, const std::string& paths_file, const std::string& script,
                   const Config& config) {
  std::string command = "wrk -t2 -c" + std::to_string(config.connections) + " -d" +
                        std::to_string(config.seconds) + "s --timeout 10s --latency -s " + script +
                        " http://127.0.0.1:" + std::to_string(port) + " -- " + paths_file + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run wrk");
  std::string report;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) report.append(buffer, n);
  if (pclose(pipe) != 0) throw std::runtime_error("wrk failed:\n" + report);

  LoadResult r;
  bool reported = false;
  std::istringstream lines(report);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string first;
    words >> first;
    if (first == "50%" || first == "90%" || first == "99%") {
      std::string value;
      words >> value;
      (first == "50%" ? r.p50_ms : first == "90%" ? r.p90_ms : r.p99_ms) = to_ms(value);
    } else if (first == "Requests/sec:") {
      words >> r.requests_per_s;
    } else if (line.find("requests in") != std::string::npos) {
      r.requests = std::stol(first);
      reported = true;
    }
    if (first == "Non-2xx" || first == "Socket")
      r.error_lines += "  wrk: " + line.substr(line.find_first_not_of(' ')) + "\n";
    if (first == "Non-2xx") {
      // "Non-2xx or 3xx responses: N"
      r.errors += std::stol(line.substr(line.rfind(' ') + 1));
    } else if (first == "Socket") {
      // "Socket errors: connect A, read B, write C, timeout D"
      for (const char* key : {"connect ", "read ", "write ", "timeout "}) {
        size_t at = line.find(key);
        if (at != std::string::npos) r.errors += std::stol(line.substr(at + std::strlen(key)));
      }
    }
  }
  if (!reported) throw std::runtime_error("cannot read wrk's report:\n" + report);
  return r;
}

void print(const std::string& name, const LoadResult& r) {
  std::printf(
      "%-44s %8.0f req/s  p50 %6.2f ms  p90 %6.2f ms  p99 %7.2f ms  %ld requests, %ld errors\n",
      name.c_str(), r.requests_per_s, r.p50_ms, r.p90_ms, r.p99_ms, r.requests, r.errors);
  std::fputs(r.error_lines.c_str(), stdout);
}

// The TM's unit count, or nullopt when there is no usable TM at `path`.
std::optional<long long> units_in(const std::string& path) {
  if (!fs::exists(path)) return std::nullopt;
  try {
    return tm::Store::open(path, tm::OpenMode::ReadOnly).stats().units;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Builds alinea's TM and the PO file Translate Toolkit imports, from the
// same generated units.
void build_tms(const Config& config, const std::vector<bench::RealPair>& pairs,
               const std::string& tm_path, const std::string& po_path) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(tm_path + suffix);
  auto t0 = Clock::now();
  auto store = tm::Store::open(tm_path, tm::OpenMode::ReadWrite, "bench");
  auto tx = store.begin();
  std::ofstream po(po_path);
  po << "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n";
  bench::UnitGenerator generator(pairs);
  size_t written = 0;
  std::vector<std::string> seen_sources;
  for (size_t i = 0; i < config.units; ++i) {
    tm::TranslationUnit u = generator.next(i);
    // A PO file holds each source once; the exact duplicates stay out of it.
    if (!tx.add(u).merged) {
      po << "msgid \"" << po_escape(u.source.text) << "\"\nmsgstr \"" << po_escape(u.target.text)
         << "\"\n\n";
      ++written;
    }
  }
  tx.commit();
  std::printf("built the TM: %zu units (%zu distinct) in %.1f s\n", config.units, written,
              seconds_since(t0));
}

// The queries: sources of stored units (exact matches) and the same with
// one word dropped (fuzzy matches), spread over the whole TM.
std::vector<std::string> make_queries(const Config& config,
                                      const std::vector<bench::RealPair>& pairs) {
  std::vector<std::string> queries;
  bench::UnitGenerator generator(pairs);
  const size_t wanted = 2000, step = std::max<size_t>(1, config.units / wanted);
  for (size_t i = 0; i < config.units && queries.size() < wanted; ++i) {
    tm::TranslationUnit u = generator.next(i);
    if (i % step != 0) continue;
    std::vector<std::string> words = bench::split_words(u.source.text);
    // Within what tmserver clients send (Translate Toolkit's own limit is
    // 1,000 characters; alinea serve answers 414 past --max-query-bytes).
    if (words.size() < 3 || u.source.text.size() > 1000) continue;
    if (queries.size() % 2 == 1) words.erase(words.begin() + static_cast<long>(words.size() / 2));
    queries.push_back(bench::join_words(words));
  }
  return queries;
}

void write_paths(const std::string& file, const std::string& base,
                 const std::vector<std::string>& queries) {
  std::ofstream out(file);
  for (const auto& q : queries) out << base << "/es/en/unit/" << url_escape(q) << '\n';
}

void write_writer_input(const std::string& file, const Config& config,
                        const std::vector<bench::RealPair>& pairs) {
  std::ofstream out(file);
  out << "es\ten\n";
  bench::UnitGenerator generator(pairs);
  // Units past the end of the TM: new text for the writer to add.
  for (size_t i = config.units; i < config.units + config.writer_units; ++i) {
    tm::TranslationUnit u = generator.next(i);
    out << tsv_field(u.source.text) << " {w}\t" << tsv_field(u.target.text) << " {w}\n";
  }
}

const char* kWrkScript = R"(-- Cycles through the request paths in the file given after --.
local paths = {}
local counter = 0
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  counter = math.random(#paths)
end
function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end
)";

Config parse(int argc, char** argv) {
  Config c;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--units")
      c.units = std::stoul(value());
    else if (a == "--seconds")
      c.seconds = std::stoi(value());
    else if (a == "--connections")
      c.connections = std::stoi(value());
    else if (a == "--writer-units")
      c.writer_units = std::stoul(value());
    else if (a == "--dir")
      c.dir = value();
    else if (a == "--no-peer")
      c.peer = false;
    else if (a == "--no-postgresql")
      c.postgresql = false;
    else if (a == "--callgrind")
      c.callgrind_queries = std::stoul(value());
    else
      throw std::runtime_error("unknown argument " + a);
  }
  return c;
}

// What wrk needs and where the servers write.
struct Load {
  std::string script, paths, log, writer_input;
};

struct ServeRuns {
  LoadResult computed, alone, with_writer, after_commit;
};

// The runs of `alinea serve` over the TM at `tm` (a file or a PostgreSQL
// URL): every lookup computed; answers kept; the same while `alinea import`
// adds the writer's units, and the 10 s after its commit.
ServeRuns measure_serve(const std::string& tm, const std::string& name, const Config& config,
                        const Load& load) {
  ServeRuns runs;
  {
    const int port = free_port();
    Child server({ALINEA_BINARY, "serve", "--tm", tm, "--port", std::to_string(port), "--threads",
                  std::to_string(config.connections), "--cache-mb", "0"},
                 load.log);
    wait_until_up(port, "/health", 60);
    runs.computed = run_wrk(port, load.paths, load.script, config);
    print(name + ", /unit/, every lookup computed", runs.computed);
  }
  const int port = free_port();
  // A worker per connection: a kept-alive connection holds its worker
  // (the HTTP layer answers a connection's requests on one thread).
  Child server({ALINEA_BINARY, "serve", "--tm", tm, "--port", std::to_string(port), "--threads",
                std::to_string(config.connections)},
               load.log);
  wait_until_up(port, "/health", 60);
  runs.alone = run_wrk(port, load.paths, load.script, config);
  print(name + ", /unit/, answers kept", runs.alone);

  auto t0 = Clock::now();
  Child writer({ALINEA_BINARY, "import", load.writer_input, "--tm", tm, "--busy-timeout", "600"},
               load.log);
  runs.with_writer = run_wrk(port, load.paths, load.script, config);
  double writer_busy = seconds_since(t0);
  int writer_exit = writer.wait();
  double writer_total = seconds_since(t0);
  print(name + ", /unit/, with a writer", runs.with_writer);
  // Under load the import gets a thread's share of the CPU among the
  // server's many and may only commit once the load stops: the run just
  // after its commit shows what the commit costs the readers (every kept
  // answer and word list dropped).
  std::printf(
      "  the writer: `alinea import` of %zu units, exit %d, committed %.1f s after start%s\n",
      config.writer_units, writer_exit, writer_total,
      writer_total + 1.0 <= writer_busy ? " (within the run)" : " (as the run ended or after it)");
  if (writer_exit != 0) std::printf("  the writer failed: see %s\n", load.log.c_str());
  Config after = config;
  after.seconds = 10;
  runs.after_commit = run_wrk(port, load.paths, load.script, after);
  print(name + ", /unit/, the 10 s after the commit", runs.after_commit);
  return runs;
}

// The instructions callgrind counted in all of `alinea serve`'s threads
// (its output file's "totals:" line, or "summary:" in older versions).
long long callgrind_total(const std::string& out_file) {
  std::ifstream in(out_file);
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("totals:") || line.starts_with("summary:"))
      return std::stoll(line.substr(line.find(':') + 1));
  throw std::runtime_error("no instruction total in " + out_file);
}

// Instructions of `alinea serve --tm tm` answering `queries`, each asked
// `times` times in a row over one connection, start-up included.
long long serve_instructions(const std::string& tm, const std::vector<std::string>& queries,
                             int times, const std::string& out_file, const std::string& log) {
  const int port = free_port();
  {
    Child server(
        {"valgrind", "--tool=callgrind", "--callgrind-out-file=" + out_file, ALINEA_BINARY, "serve",
         "--tm", tm, "--port", std::to_string(port), "--threads", "1", "--cache-mb", "0"},
        log);
    wait_until_up(port, "/health", 600);
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(120);
    client.set_keep_alive(true);
    for (int t = 0; t < times; ++t)
      for (const auto& q : queries) {
        auto r = client.Get("/tmserver/es/en/unit/" + url_escape(q));
        if (!r || r->status != 200) throw std::runtime_error("a lookup under callgrind failed");
      }
  }  // SIGTERM: callgrind writes its counts as the server exits
  return callgrind_total(out_file);
}

void measure_instructions(const std::string& tm, const std::vector<std::string>& all_queries,
                          const Config& config, const std::string& dir, const std::string& log) {
  if (!on_path("valgrind")) {
    std::printf("instructions of a lookup: skipped (valgrind is not installed)\n");
    return;
  }
  const size_t q = std::min(config.callgrind_queries, all_queries.size());
  const std::vector<std::string> queries(all_queries.begin(),
                                         all_queries.begin() + static_cast<long>(q));
  const long long once = serve_instructions(tm, queries, 1, dir + "/callgrind.once.out", log);
  const long long twice = serve_instructions(tm, queries, 2, dir + "/callgrind.twice.out", log);
  std::printf(
      "instructions of a computed lookup (callgrind, %zu queries asked once, then twice): "
      "%.3f million (%lld and %lld in all)\n",
      q, static_cast<double>(twice - once) / static_cast<double>(q) / 1e6, once, twice);
}

int run(const Config& config) {
  const std::vector<bench::RealPair> pairs = bench::load_real_pairs();
  if (pairs.empty()) {
    std::printf("bench_serve: %s not found; skipped\n", bench::real_pairs_path().c_str());
    return 0;
  }
  if (config.callgrind_queries == 0 && !on_path("wrk")) {
    std::printf("bench_serve: wrk is not installed (Debian package wrk); skipped\n");
    return 0;
  }
  test::TempDir temp;
  const std::string dir = config.dir.empty() ? temp.path() : config.dir;
  fs::create_directories(dir);
  const std::string n = std::to_string(config.units);
  const std::string tm_path = dir + "/serve-" + n + ".tm", po_path = dir + "/serve-" + n + ".po",
                    peer_db = dir + "/serve-" + n + ".tt.sqlite";
  std::printf("bench_serve: %zu units, %d connections, %d s per run, %u cores\n", config.units,
              config.connections, config.seconds, std::thread::hardware_concurrency());

  // The writer's run adds units: start every run from the TM as built.
  const std::string pristine = tm_path + ".pristine";
  if (units_in(pristine) != static_cast<long long>(config.units) || !fs::exists(po_path)) {
    build_tms(config, pairs, pristine, po_path);
    fs::remove(peer_db);
  }
  fs::copy_file(pristine, tm_path, fs::copy_options::overwrite_existing);
  for (const char* suffix : {"-wal", "-shm"}) fs::remove(tm_path + suffix);

  const std::vector<std::string> queries = make_queries(config, pairs);
  const Load load{temp.file("paths.lua"), temp.file("unit.paths"), dir + "/bench_serve.log",
                  temp.file("writer.tsv")};
  const std::string& script = load.script;
  const std::string& paths = load.paths;
  const std::string& log = load.log;
  test::write_file(script, kWrkScript);
  // Both serve the protocol under /tmserver (Translate Toolkit always does).
  write_paths(paths, "/tmserver", queries);
  write_writer_input(load.writer_input, config, pairs);
  std::printf("queries: %zu (half exact sources, half with one word dropped)\n", queries.size());
  if (config.callgrind_queries > 0) {
    measure_instructions(tm_path, queries, config, dir, log);
    return 0;
  }

  ServeRuns on_sqlite = measure_serve(tm_path, "alinea serve", config, load);

  if (config.postgresql) {
    if (tm::test::PgServer* pg = tm::test::PgServer::shared()) {
      // The same units, moved as a team would move them (`alinea migrate`),
      // served by the same program from PostgreSQL.
      const std::string url = pg->fresh_database();
      auto t0 = Clock::now();
      Child migrate({ALINEA_BINARY, "migrate", pristine, url}, log);
      if (migrate.wait() != 0)
        throw std::runtime_error("alinea migrate into PostgreSQL failed: see " + log);
      std::printf("migrated the TM to PostgreSQL (a local server, Unix socket) in %.1f s\n",
                  seconds_since(t0));
      ServeRuns on_pg = measure_serve(url, "alinea serve on PostgreSQL", config, load);
      std::printf("PostgreSQL / SQLite: %.2fx requests/s computed, %.2fx with answers kept\n",
                  on_pg.computed.requests_per_s / on_sqlite.computed.requests_per_s,
                  on_pg.alone.requests_per_s / on_sqlite.alone.requests_per_s);
    } else {
      std::printf("alinea serve on PostgreSQL: skipped (%s)\n",
                  tm::test::PgServer::why_not().c_str());
    }
  }

  if (!config.peer) return 0;
  if (std::system("/usr/bin/python3 -c 'import translate.services.tmserver, cheroot' "
                  ">/dev/null 2>&1") != 0) {
    std::printf(
        "Translate Toolkit's tmserver: skipped (Debian python3-translate and python3-cheroot "
        "are not installed)\n");
    return 0;
  }
  if (!fs::exists(peer_db)) {
    auto t0 = Clock::now();
    // Translate Toolkit's own import, outside the timed runs.
    std::string command =
        "/usr/bin/python3 -c \"from translate.storage import tmdb, factory; "
        "tmdb.TMDB('" +
        peer_db + "', 3, 75, 1000).add_store(factory.getobject('" + po_path +
        "'), 'es', 'en')\" >>" + log + " 2>&1";
    if (std::system(command.c_str()) != 0)
      throw std::runtime_error("Translate Toolkit's import failed");
    std::printf("built Translate Toolkit's database in %.1f s\n", seconds_since(t0));
  }
  const int port = free_port();
  Child peer({"/usr/bin/python3", "-m", "translate.services.tmserver", "-d", peer_db, "-b",
              "127.0.0.1", "-p", std::to_string(port)},
             log);
  wait_until_up(port, "/tmserver/es/en/unit/x", 120);
  LoadResult theirs = run_wrk(port, paths, script, config);
  print("Translate Toolkit tmserver, /unit/", theirs);
  if (theirs.requests > theirs.errors && theirs.p50_ms > 0)
    std::printf(
        "ratio alinea / Translate Toolkit: %.1fx requests/s computed (%.1fx with answers kept), "
        "p50 %.2f ms vs %.2f ms\n",
        on_sqlite.computed.requests_per_s / theirs.requests_per_s,
        on_sqlite.alone.requests_per_s / theirs.requests_per_s, on_sqlite.computed.p50_ms,
        theirs.p50_ms);
  else
    std::printf(
        "ratio: not defined; Translate Toolkit answered no request within wrk's 10 s timeout "
        "(alinea: %ld answers in the same time, every lookup computed)\n",
        on_sqlite.computed.requests);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  try {
    return run(parse(argc, argv));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_serve: %s\n", e.what());
    return 1;
  }
}
