// The duplicate keys a transaction added, as a Bloom filter: "not added"
// is certain, "added" may be wrong (about 0.4% of keys never added, at ten
// million added). A first import into an empty TM asks the server only for
// the keys it may have added, instead of for every key of every batch:
// on a TM of millions those lookups were most of the import's time.
// The first kExactKeys keys are kept as they are, so that a small import
// neither allocates the filter's 16 MB nor gets a wrong "added".
#pragma once

#include <cstdint>
#include <unordered_set>
#include <vector>

namespace alinea::tm::pg {

class KeyFilter {
 public:
  static constexpr std::size_t kExactKeys = 1 << 16;

  void add(int64_t key) {
    if (bits_.empty()) {
      exact_.insert(key);
      if (exact_.size() < kExactKeys) return;
      bits_.assign(kWords, 0);
      for (int64_t k : exact_) set(k);
      exact_ = {};
      return;
    }
    set(key);
  }
  bool may_hold(int64_t key) const {
    if (bits_.empty()) return exact_.count(key) != 0;
    bool all = true;
    for_each_bit(key, [&](uint64_t bit) { all = all && (bits_[bit >> 6] >> (bit & 63) & 1); });
    return all;
  }

 private:
  static constexpr int kLogBits = 27;  // 16 MB
  static constexpr std::size_t kWords = (std::size_t{1} << kLogBits) / 64;
  static constexpr int kProbes = 4;

  void set(int64_t key) {
    for_each_bit(key, [&](uint64_t bit) { bits_[bit >> 6] |= uint64_t{1} << (bit & 63); });
  }

  // kProbes bit positions from two halves of a mixed key (double hashing).
  template <class Fn>
  static void for_each_bit(int64_t key, Fn&& fn) {
    uint64_t z = static_cast<uint64_t>(key) + 0x9e3779b97f4a7c15u;  // splitmix64
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    const uint64_t h1 = z, h2 = (z >> 32 | z << 32) | 1;
    for (int i = 0; i < kProbes; ++i) fn((h1 + static_cast<uint64_t>(i) * h2) >> (64 - kLogBits));
  }

  std::unordered_set<int64_t> exact_;  // until kExactKeys keys
  std::vector<uint64_t> bits_;         // then these, and exact_ empty
};

}  // namespace alinea::tm::pg
