// A fixed set of threads that run tasks for callers who wait for the answer
// only so long: `alinea serve` answers 408 for a read past its time limit
// and its worker goes back to serving, while the read, which SQLite cannot
// stop from outside the store, finishes on a pool thread and its answer is
// dropped. A task still waiting for a thread when its caller gives up is
// never started. Bounded: at most `threads` tasks run at once, so overdue
// reads cannot pile up; while they occupy the pool, new reads time out too.
//
//   DeadlinePool pool(12);
//   std::optional<HttpResponse> r = pool.run([&] { return answer(req); }, 10s);
//   if (!r) return json_error(408, "timeout", "...");
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "cli/http_server.h"

namespace alinea::cli {

class DeadlinePool {
 public:
  explicit DeadlinePool(std::size_t threads);
  // Waits for the tasks under way; drops those not started.
  ~DeadlinePool();
  DeadlinePool(const DeadlinePool&) = delete;
  DeadlinePool& operator=(const DeadlinePool&) = delete;

  // The task's answer, or nullopt when it took longer than `limit` (from
  // now, waiting for a thread included). `task` must not throw.
  std::optional<HttpResponse> run(std::function<HttpResponse()> task,
                                  std::chrono::milliseconds limit);

 private:
  struct Job;
  void work();

  std::mutex lock_;
  std::condition_variable ready_;
  std::deque<std::shared_ptr<Job>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace alinea::cli
