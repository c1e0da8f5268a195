// The serve command's cache of tmserver answers: the same lookup asked
// again (a team opening the same strings, a tool asking once per keystroke
// pause) is answered from memory while the TM has not changed.
//
//   AnswerCache cache(32 << 20);
//   const uint64_t generation = cache.generation();   // before reading
//   if (auto body = cache.find(key)) return *body;
//   std::string body = compute();                      // may take a while
//   cache.put(key, body, generation);                  // dropped if the TM changed
//
// invalidate() is called whenever a reader connection reports that the TM
// changed; an answer computed from before a change is never stored after it.
// Least recently used answers go first once the bytes pass the bound.
// Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace alinea::cli {

class AnswerCache {
 public:
  explicit AnswerCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  uint64_t generation() const;
  std::optional<std::string> find(const std::string& key);
  void put(const std::string& key, std::string body, uint64_t generation);
  // The TM changed: every stored answer is dropped, and answers computed
  // under an older generation are refused.
  void invalidate();

  std::size_t bytes() const;
  std::size_t size() const;

 private:
  struct Entry {
    std::string key;
    std::string body;
  };
  std::size_t cost(const Entry& e) const { return e.key.size() + e.body.size() + kOverhead; }
  // What a node of the list and of the map cost besides the strings.
  static constexpr std::size_t kOverhead = 96;

  const std::size_t max_bytes_;
  mutable std::mutex lock_;
  uint64_t generation_ = 0;
  std::size_t bytes_ = 0;
  std::list<Entry> recent_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> by_key_;
};

}  // namespace alinea::cli
