// The review workbench on a long document: how long it takes to open (the
// page's GET /api/document, over HTTP on loopback) and to save one change
// (accept, edit, merge, undo), on a TM file like a volunteer's.
//
//   build/tests/bench/bench_workbench [PAIRS]     (default 5000)
#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "cli/review_server.h"
#include "cli/workbench.h"
#include "tm/store/store.h"

using namespace alinea;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Figures {
  std::vector<double> ms;
  double median() {
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
  }
  double worst() { return *std::max_element(ms.begin(), ms.end()); }
};

// A document of `n` pairs, one sentence a side, a paragraph every 6, with
// an omission every 50 and a doubtful pair every 20.
void store_document(tm::Store& store, int n) {
  tm::DocumentRecord record{"largo", "es.txt", "en.txt", "1",
                            "2",     "es",     "en",     R"({"review_threshold":0.5})"};
  std::vector<tm::AlignedPair> pairs;
  uint32_t es = 0, en = 0;
  for (int i = 0; i < n; ++i) {
    const bool omission = i % 50 == 49;
    std::string s = "La asamblea número " + std::to_string(i) +
                    " discutió la toma de terreno y la organización del campamento.";
    std::string t = "Assembly number " + std::to_string(i) +
                    " discussed the land takeover and how the camp was organised.";
    record.source_sentences.push_back({s, static_cast<uint32_t>(i / 6), std::nullopt});
    tm::TranslationUnit u;
    u.source = {"es", s, {}};
    u.target = {"en", omission ? "" : t, {}};
    if (!omission)
      record.target_sentences.push_back({t, static_cast<uint32_t>(i / 6), std::nullopt});
    const uint32_t en_end = omission ? en : en + 1;
    u.place = tm::Place{{es, es + 1}, {en, en_end}};
    u.confidence = i % 20 == 19 ? 0.3 : 0.97;
    u.pending = omission || i % 20 == 19;
    pairs.push_back(std::move(u));
    es += 1;
    en = en_end;
  }
  store.store_alignment(record, pairs);
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 5000;
  const std::string dir = std::filesystem::temp_directory_path() /
                          ("alinea-bench-workbench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/bench.tm";
  {
    auto store = tm::Store::open(path, tm::OpenMode::ReadWrite, "bench");
    auto start = Clock::now();
    store_document(store, n);
    std::printf("stored a document of %d pairs in %.0f ms\n", n, ms_since(start));
  }
  auto store = tm::Store::open(path, tm::OpenMode::ReadWrite, "bench");
  // SIGTERM ends the server (its own thread waits for it): blocked here
  // before any thread starts, so that every thread inherits the mask.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  cli::Workbench bench(store, "largo");
  cli::ReviewServer server(bench, {});
  std::thread serving([&server] { server.run(); });
  const std::string url = server.url();
  const std::string token = url.substr(url.find("token=") + 6);
  const int port = std::stoi(url.substr(url.rfind(':') + 1));
  httplib::Client client("127.0.0.1", port);
  const httplib::Headers headers{{"X-Alinea-Token", token}};

  Figures build, read;
  for (int i = 0; i < 11; ++i) {
    auto start = Clock::now();
    auto aligned = store.document_alignment("largo");
    read.ms.push_back(ms_since(start));
    start = Clock::now();
    const std::string body = bench.document().dump();
    build.ms.push_back(ms_since(start));
  }
  std::printf(
      "the document from the TM: median %.1f ms; as the page's JSON, read included: %.1f ms\n",
      read.median(), build.median());
  Figures open;
  std::size_t bytes = 0;
  json doc;
  for (int i = 0; i < 11; ++i) {
    auto start = Clock::now();
    auto r = client.Get("/api/document", headers);
    doc = json::parse(r->body);
    open.ms.push_back(ms_since(start));
    bytes = r->body.size();
  }
  std::printf(
      "open (GET /api/document, %zu pairs, %.1f MB of JSON): median %.1f ms, worst %.1f ms\n",
      doc["pairs"].size(), bytes / 1e6, open.median(), open.worst());

  auto post = [&](const std::string& where, const json& body) {
    auto start = Clock::now();
    auto r = client.Post(where, headers, body.dump(), "application/json");
    const double ms = ms_since(start);
    if (!r || r->status != 200) {
      std::fprintf(stderr, "bench_workbench: %s failed: %s\n", where.c_str(),
                   r ? r->body.c_str() : "no answer");
      std::exit(1);
    }
    doc = json::parse(r->body);
    return ms;
  };
  auto ref = [](const json& p) { return json{{"key", p["key"]}, {"revision", p["revision"]}}; };
  Figures accept, edit, merge, undo;
  for (int i = 0; i < 9; ++i) {
    const std::size_t k = static_cast<std::size_t>(n / 2 + i * 7);
    accept.ms.push_back(post("/api/op", {{"op", "accept"}, {"pairs", {ref(doc["pairs"][k])}}}));
    edit.ms.push_back(post("/api/op", {{"op", "edit"},
                                       {"side", "tgt"},
                                       {"text", "An edited sentence " + std::to_string(i) + "."},
                                       {"pairs", {ref(doc["pairs"][k])}}}));
    merge.ms.push_back(
        post("/api/op",
             {{"op", "merge"}, {"pairs", {ref(doc["pairs"][k + 1]), ref(doc["pairs"][k + 2])}}}));
    undo.ms.push_back(post("/api/undo", json::object()));
  }
  std::printf("save one change, answered with the whole document (median / worst):\n");
  std::printf("  accept %.1f / %.1f ms\n", accept.median(), accept.worst());
  std::printf("  edit   %.1f / %.1f ms\n", edit.median(), edit.worst());
  std::printf("  merge  %.1f / %.1f ms\n", merge.median(), merge.worst());
  std::printf("  undo   %.1f / %.1f ms\n", undo.median(), undo.worst());

  // The store's share: the write alone, without rebuilding the document.
  Figures write;
  auto aligned = store.document_alignment("largo");
  for (int i = 0; i < 9; ++i) {
    const auto& p = aligned.pairs[static_cast<std::size_t>(n / 3 + i)];
    auto start = Clock::now();
    store.change_pair("largo", p.ref(), {.status = tm::UnitStatus::Rejected}, "reject");
    write.ms.push_back(ms_since(start));
  }
  std::printf("  the write alone (one transaction, journaled): median %.2f ms\n", write.median());
  kill(getpid(), SIGTERM);  // stops the server's signal thread
  serving.join();
  std::filesystem::remove_all(dir);
  return 0;
}
