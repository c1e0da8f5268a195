// Looks inside a TM file with SQLite itself, independently of tm::Store, so
// the reliability tests check the file rather than Alinea's view of it.
//
//   TmProbe p = probe_tm(dir.file("tm.sqlite"));
//   BOOST_TEST(p.problems.empty());          // integrity_check, FTS5 check
//   BOOST_TEST(p.units == 50000);
//   BOOST_TEST(count_units_like(path, "run7-%") == 0);
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

struct sqlite3;

namespace alinea::test {

struct TmProbe {
  bool opened = false;
  int64_t units = -1;
  // Lines of PRAGMA integrity_check other than "ok", foreign key violations,
  // and the FTS5 index check's error, if any.
  std::vector<std::string> problems;
};

// Opens the file read-write (as the next alinea writer would, which also
// recovers a hot WAL), checks it and counts the units. Never throws: an
// unopenable file gives opened = false and the reason in problems.
TmProbe probe_tm(const std::string& path);

// Units whose Spanish text matches the SQL LIKE pattern; -1 on error.
int64_t count_units_like(const std::string& path, const std::string& pattern);

// Units per tag, the tag being the Spanish text up to its first '-' or ' '
// (the reliability tests start every text with its import's tag). Empty on
// error.
std::map<std::string, int64_t> count_units_by_tag(const std::string& path);

// Holds the TM's write lock (BEGIN IMMEDIATE) until destroyed, as a slow
// writer would.
class WriteLock {
 public:
  explicit WriteLock(const std::string& path);
  ~WriteLock();
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;
  bool held() const { return held_; }

 private:
  sqlite3* db_ = nullptr;
  bool held_ = false;
};

}  // namespace alinea::test
