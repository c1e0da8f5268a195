#include "cli/answer_cache.h"

namespace alinea::cli {

uint64_t AnswerCache::generation() const {
  std::lock_guard<std::mutex> guard(lock_);
  return generation_;
}

std::optional<std::string> AnswerCache::find(const std::string& key) {
  std::lock_guard<std::mutex> guard(lock_);
  auto it = by_key_.find(key);
  if (it == by_key_.end()) return std::nullopt;
  recent_.splice(recent_.begin(), recent_, it->second);
  return it->second->body;
}

void AnswerCache::put(const std::string& key, std::string body, uint64_t generation) {
  std::lock_guard<std::mutex> guard(lock_);
  if (generation != generation_) return;  // read before the TM changed
  Entry entry{key, std::move(body)};
  if (cost(entry) > max_bytes_) return;
  if (auto it = by_key_.find(key); it != by_key_.end()) {
    bytes_ -= cost(*it->second);
    recent_.erase(it->second);
    by_key_.erase(it);
  }
  bytes_ += cost(entry);
  recent_.push_front(std::move(entry));
  by_key_.emplace(key, recent_.begin());
  while (bytes_ > max_bytes_) {
    const Entry& last = recent_.back();
    bytes_ -= cost(last);
    by_key_.erase(last.key);
    recent_.pop_back();
  }
}

void AnswerCache::invalidate() {
  std::lock_guard<std::mutex> guard(lock_);
  ++generation_;
  by_key_.clear();
  recent_.clear();
  bytes_ = 0;
}

std::size_t AnswerCache::bytes() const {
  std::lock_guard<std::mutex> guard(lock_);
  return bytes_;
}

std::size_t AnswerCache::size() const {
  std::lock_guard<std::mutex> guard(lock_);
  return recent_.size();
}

}  // namespace alinea::cli
