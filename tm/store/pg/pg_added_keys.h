// The units a first import into an empty TM added, by duplicate key
// (omissions aside: nothing is ever merged into one). Under
// the adding lock every stored unit is then one the transaction added, so
// a key it never added is not stored, and the units a key may duplicate
// are found by id, through the primary key, instead of through the index
// of keys (units_dup). That index is then dropped with the word indexes
// and built at the commit: its keys are hashes, so each insert went to a
// random page, and past a few million units those pages no longer fit in
// the server's buffers (at ten million, 44% of the server's time).
//
// Open addressing with linear probing: 12 bytes a slot, at most three
// quarters full: 200 MB at ten million units (300 MB while it grows on the
// way there), 25 MB at a million.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tm/error.h"

namespace alinea::tm::pg {

class AddedKeys {
 public:
  // Ids are the units table's, from 1 up; past 2^32 - 1 the map cannot
  // hold them and says so rather than forget one.
  void add(int64_t key, int64_t id) {
    if (id < 1 || id > kMaxId)
      throw Error("unit id " + std::to_string(id) + " is out of the range a first import tracks");
    if ((size_ + 1) * 4 > ids_.size() * 3) grow();
    put(key, static_cast<uint32_t>(id));
    ++size_;
  }
  // Every id added under `key`, in no particular order.
  template <class Fn>
  void each_id(int64_t key, Fn&& fn) const {
    if (ids_.empty()) return;
    for (std::size_t i = home(key);; i = (i + 1) & mask()) {
      if (ids_[i] == 0) return;
      if (keys_[i] == key) fn(static_cast<int64_t>(ids_[i]));
    }
  }
  std::size_t size() const { return size_; }

 private:
  static constexpr int64_t kMaxId = UINT32_MAX;

  std::size_t mask() const { return ids_.size() - 1; }
  std::size_t home(int64_t key) const {
    uint64_t z = static_cast<uint64_t>(key) + 0x9e3779b97f4a7c15u;  // splitmix64
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return static_cast<std::size_t>(z ^ (z >> 31)) & mask();
  }
  void put(int64_t key, uint32_t id) {
    std::size_t i = home(key);
    while (ids_[i] != 0) i = (i + 1) & mask();
    keys_[i] = key;
    ids_[i] = id;
  }
  void grow() {
    std::vector<int64_t> keys = std::move(keys_);
    std::vector<uint32_t> ids = std::move(ids_);
    const std::size_t capacity = ids.empty() ? 1024 : ids.size() * 2;
    keys_.assign(capacity, 0);
    ids_.assign(capacity, 0);
    for (std::size_t i = 0; i < ids.size(); ++i)
      if (ids[i] != 0) put(keys[i], ids[i]);
  }

  std::vector<int64_t> keys_;
  std::vector<uint32_t> ids_;  // 0: an empty slot
  std::size_t size_ = 0;
};

}  // namespace alinea::tm::pg
