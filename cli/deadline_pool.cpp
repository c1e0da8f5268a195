#include "cli/deadline_pool.h"

namespace alinea::cli {

struct DeadlinePool::Job {
  std::function<HttpResponse()> task;
  std::mutex lock;
  std::condition_variable done;
  std::optional<HttpResponse> answer;
  bool abandoned = false;  // the caller stopped waiting
};

DeadlinePool::DeadlinePool(std::size_t threads) {
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

DeadlinePool::~DeadlinePool() {
  {
    std::lock_guard<std::mutex> guard(lock_);
    stopping_ = true;
    jobs_.clear();
  }
  ready_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void DeadlinePool::work() {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock<std::mutex> wait(lock_);
      ready_.wait(wait, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    {
      std::lock_guard<std::mutex> guard(job->lock);
      if (job->abandoned) continue;  // nobody waits for it any more
    }
    HttpResponse answer = job->task();
    {
      std::lock_guard<std::mutex> guard(job->lock);
      job->answer = std::move(answer);
    }
    job->done.notify_one();
  }
}

std::optional<HttpResponse> DeadlinePool::run(std::function<HttpResponse()> task,
                                              std::chrono::milliseconds limit) {
  auto job = std::make_shared<Job>();
  job->task = std::move(task);
  {
    std::lock_guard<std::mutex> guard(lock_);
    jobs_.push_back(job);
  }
  ready_.notify_one();
  std::unique_lock<std::mutex> wait(job->lock);
  if (!job->done.wait_for(wait, limit, [&] { return job->answer.has_value(); })) {
    job->abandoned = true;
    return std::nullopt;
  }
  return std::move(job->answer);
}

}  // namespace alinea::cli
