// Posting lists in memory for fuzzy-match candidates (word_postings.h).
#include "tm/store/word_postings.h"

#include <algorithm>

#include "tm/store/sqlite_store.h"

namespace alinea::tm {

uint64_t WordPostings::generation() const {
  std::lock_guard<std::mutex> guard(lock_);
  return generation_;
}

std::shared_ptr<const WordPostings::List> WordPostings::find(const std::string& word) const {
  std::lock_guard<std::mutex> guard(lock_);
  auto it = lists_.find(word);
  return it == lists_.end() ? nullptr : it->second;
}

void WordPostings::put(const std::string& word, std::shared_ptr<const List> list,
                       uint64_t generation) {
  const std::size_t c = cost(word, *list);
  if (c > max_bytes_ / 8) return;
  std::lock_guard<std::mutex> guard(lock_);
  if (generation != generation_ || lists_.count(word)) return;
  if (bytes_ + c > max_bytes_) {
    lists_.clear();
    bytes_ = 0;
  }
  lists_.emplace(word, std::move(list));
  bytes_ += c;
}

void WordPostings::invalidate() {
  std::lock_guard<std::mutex> guard(lock_);
  ++generation_;
  lists_.clear();
  bytes_ = 0;
}

std::size_t WordPostings::bytes() const {
  std::lock_guard<std::mutex> guard(lock_);
  return bytes_;
}

std::size_t WordPostings::size() const {
  std::lock_guard<std::mutex> guard(lock_);
  return lists_.size();
}

namespace {

using List = WordPostings::List;

// The first position at or after `from` whose id is at least `id`: a
// gallop, since the next id wanted is usually near, and often right there.
size_t seek(const List& list, size_t from, uint32_t id) {
  const size_t n = list.size();
  if (from >= n || list[from] >= id) return from;
  // list[lo] < id throughout; hi is past the range to search.
  size_t lo = from, step = 1, hi = from + 1;
  while (hi < n && list[hi] < id) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  hi = std::min(hi, n);
  return static_cast<size_t>(std::lower_bound(list.begin() + static_cast<std::ptrdiff_t>(lo + 1),
                                              list.begin() + static_cast<std::ptrdiff_t>(hi), id) -
                             list.begin());
}

// Leapfrogs: seeks each list in turn to the largest id seen so far, so that
// a stretch of ids found in one list and not in another is skipped in one
// seek, not walked id by id. The first `limit` ids from `from` on that are
// in every list, in order.
template <class Fn>
void each_id_in_all(std::vector<const List*> lists, uint32_t from, int64_t limit, Fn&& fn) {
  if (lists.empty() || limit <= 0) return;
  std::sort(lists.begin(), lists.end(),
            [](const List* a, const List* b) { return a->size() < b->size(); });
  std::vector<size_t> at(lists.size(), 0);
  at[0] = seek(*lists[0], 0, from);
  if (at[0] == lists[0]->size()) return;
  uint32_t id = (*lists[0])[at[0]];
  int64_t found = 0;
  // Lists that hold `id` at their position, counted since the last one that
  // did not.
  size_t agreeing = 0;
  for (size_t i = 0;; i = (i + 1) % lists.size()) {
    const List& l = *lists[i];
    at[i] = seek(l, at[i], id);
    if (at[i] == l.size()) return;
    if (l[at[i]] != id) {
      id = l[at[i]];
      agreeing = 1;
      continue;
    }
    if (++agreeing < lists.size()) continue;
    fn(id);
    if (++found == limit || ++at[i] == l.size()) return;
    id = l[at[i]];
    agreeing = 1;
  }
}

}  // namespace

std::shared_ptr<const List> PostingCandidateWords::list(const std::string& word) {
  if (auto it = held_.find(word); it != held_.end()) return it->second;
  auto found = postings_.find(word);
  if (!found) {
    auto read = std::make_shared<List>();
    auto& st = s_.stmt("SELECT rowid FROM units_fts WHERE units_fts MATCH ?");
    sql::ResetGuard g(st);
    st.bind(1, word);
    while (st.step()) read->push_back(static_cast<uint32_t>(st.int64(0)));
    if (!std::is_sorted(read->begin(), read->end())) std::sort(read->begin(), read->end());
    found = read;
    postings_.put(word, found, generation_);
  }
  held_.emplace(word, found);
  return found;
}

int64_t PostingCandidateWords::units_with(const std::string& word, int64_t cap) {
  return std::min(static_cast<int64_t>(list(word)->size()), cap);
}

void PostingCandidateWords::each_unit_with(const std::string& word,
                                           const std::function<void(int64_t)>& fn) {
  const auto l = list(word);
  for (const uint32_t id : *l) fn(id);
}

void PostingCandidateWords::each_unit_with_any(const std::vector<std::string>& anchors,
                                               const std::vector<std::string>& words,
                                               const std::function<void(int64_t, uint64_t)>& fn) {
  if (anchors.empty() || words.empty()) return;
  // Each list is in id order: merging them in pairs, then pairs of pairs,
  // costs less than sorting them all together.
  List units;
  std::vector<std::ptrdiff_t> bounds{0};
  for (const auto& a : anchors) {
    const auto l = list(a);
    units.insert(units.end(), l->begin(), l->end());
    bounds.push_back(static_cast<std::ptrdiff_t>(units.size()));
  }
  const size_t parts = anchors.size();
  for (size_t width = 1; width < parts; width *= 2)
    for (size_t k = 0; k + width < parts; k += 2 * width)
      std::inplace_merge(units.begin() + bounds[k], units.begin() + bounds[k + width],
                         units.begin() + bounds[std::min(k + 2 * width, parts)]);
  units.erase(std::unique(units.begin(), units.end()), units.end());
  std::vector<std::shared_ptr<const List>> lists;
  for (const auto& w : words) lists.push_back(list(w));
  std::vector<size_t> at(lists.size(), 0);
  for (const uint32_t id : units) {
    uint64_t mask = 0;
    for (size_t i = 0; i < lists.size() && i < 63; ++i) {
      at[i] = seek(*lists[i], at[i], id);
      if (at[i] < lists[i]->size() && (*lists[i])[at[i]] == id) mask |= uint64_t{1} << i;
    }
    if (mask) fn(id, mask);
  }
}

void PostingCandidateWords::first_units_with_all(const std::vector<std::string>& words,
                                                 int64_t limit,
                                                 const std::function<void(int64_t)>& fn) {
  std::vector<std::shared_ptr<const List>> held;
  for (const auto& w : words) held.push_back(list(w));
  std::vector<const List*> lists;
  for (const auto& l : held) lists.push_back(l.get());
  each_id_in_all(std::move(lists), 0, limit, [&](uint32_t id) { fn(id); });
}

// The groups leaving one word out, each walked on its own; then the group
// of all from the first of them: up to its last unit, the units holding
// every word are its units that the word it leaves out holds too, and only
// past that, if need be, are the lists walked again.
void PostingCandidateWords::first_units_with_all_but_one(
    const std::vector<std::string>& words, int64_t limit,
    const std::function<void(int64_t, uint64_t)>& fn) {
  const size_t n = words.size();
  if (n < 2 || n > 62 || limit <= 0) {
    CandidateWords::first_units_with_all_but_one(words, limit, fn);
    return;
  }
  std::vector<std::shared_ptr<const List>> held;
  for (const auto& w : words) held.push_back(list(w));
  // all_but(n): every list.
  const auto all_but = [&](size_t left_out) {
    std::vector<const List*> lists;
    for (size_t k = 0; k < n; ++k)
      if (k != left_out) lists.push_back(held[k].get());
    return lists;
  };
  std::vector<std::vector<uint32_t>> groups(n + 1);
  for (size_t k = 0; k < n; ++k)
    each_id_in_all(all_but(k), 0, limit, [&](uint32_t id) { groups[k + 1].push_back(id); });
  const std::vector<uint32_t>& first = groups[1];  // all but words[0]
  const List& left_out = *held[0];
  size_t at = 0;
  for (const uint32_t id : first) {
    at = seek(left_out, at, id);
    if (at < left_out.size() && left_out[at] == id) {
      groups[0].push_back(id);
      if (static_cast<int64_t>(groups[0].size()) == limit) break;
    }
  }
  const auto in_all = static_cast<int64_t>(groups[0].size());
  if (in_all < limit && static_cast<int64_t>(first.size()) == limit && first.back() < UINT32_MAX)
    each_id_in_all(all_but(n), first.back() + 1, limit - in_all,
                   [&](uint32_t id) { groups[0].push_back(id); });
  // Group by group, as the callers of first_units_with_all() would see them.
  for (size_t g = 0; g <= n; ++g)
    for (const uint32_t id : groups[g]) fn(id, uint64_t{1} << g);
}

}  // namespace alinea::tm
