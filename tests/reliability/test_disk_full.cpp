// A TM on a full file system, and on read-only media: writes fail with a
// one-line error, reads keep working, and the TM keeps its units and passes
// integrity_check.
//
// Full and read-only file systems are made in a private mount namespace
// (unshare(CLONE_NEWNS) + a small tmpfs / a read-only bind mount), which needs
// root or CAP_SYS_ADMIN; without it these cases say so and are skipped.
// The mounts vanish with the test process.
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "reliability_util.h"

using namespace alinea::test;

namespace {

// Once per process: our own mount namespace, with no propagation back.
bool private_mounts(std::string* why) {
  static int state = 0;  // 0 untried, 1 ok, -1 failed
  static std::string reason;
  if (state == 0) {
    if (unshare(CLONE_NEWNS) != 0)
      reason = std::string("unshare(CLONE_NEWNS): ") + std::strerror(errno);
    else if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
      reason = std::string("making / private: ") + std::strerror(errno);
    state = reason.empty() ? 1 : -1;
  }
  *why = reason;
  return state == 1;
}

// A mount point that is unmounted (lazily) on scope exit.
struct Mounted {
  std::string path;
  ~Mounted() {
    if (!path.empty()) umount2(path.c_str(), MNT_DETACH);
  }
};

bool mount_tmpfs(const std::string& at, const std::string& size, Mounted& m, std::string* why) {
  if (!private_mounts(why)) return false;
  if (mount("tmpfs", at.c_str(), "tmpfs", 0, ("size=" + size).c_str()) != 0) {
    *why = std::string("mount tmpfs: ") + std::strerror(errno);
    return false;
  }
  m.path = at;
  return true;
}

bool bind_read_only(const std::string& from, const std::string& at, Mounted& m, std::string* why) {
  if (!private_mounts(why)) return false;
  if (mount(from.c_str(), at.c_str(), nullptr, MS_BIND, nullptr) != 0) {
    *why = std::string("bind mount: ") + std::strerror(errno);
    return false;
  }
  m.path = at;
  if (mount(nullptr, at.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0) {
    *why = std::string("read-only remount: ") + std::strerror(errno);
    return false;
  }
  return true;
}

// Fills the file system holding `dir` until a write fails.
void fill(const std::string& file) {
  std::FILE* f = std::fopen(file.c_str(), "wb");
  if (!f) return;
  std::string chunk(4096, 'f');
  while (std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size()) {
  }
  std::fclose(f);
  std::ofstream tail(file + ".tail", std::ios::binary);
  for (int i = 0; i < 4096 && tail.put('x'); ++i) {
  }
}

void check_tm(const std::string& tm, const std::string& expected_export, int64_t units,
              const std::string& what) {
  TmProbe p = probe_tm(tm);
  BOOST_TEST(p.opened, what);
  BOOST_TEST(p.problems.empty(), what << ": " << (p.problems.empty() ? "" : p.problems[0]));
  BOOST_TEST(p.units == units, what);
  BOOST_TEST(export_tsv(tm) == expected_export, what);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(disk_full_and_read_only)

BOOST_AUTO_TEST_CASE(import_onto_a_full_file_system_fails_cleanly) {
  TempDir dir;
  std::string mnt = dir.file("small");
  std::filesystem::create_directory(mnt);
  Mounted m;
  std::string why;
  if (!mount_tmpfs(mnt, "3m", m, &why)) {
    BOOST_TEST_MESSAGE("skipped: cannot mount a small file system (" << why << ")");
    return;
  }
  std::string tm = mnt + "/tm.sqlite";
  write_file(dir.file("start.tsv"), make_units_tsv("start", 50));
  BOOST_REQUIRE(run_alinea({"import", dir.file("start.tsv"), "--tm", tm, "-q"}).exit_code == 0);
  const std::string before = export_tsv(tm);

  // 1. An import larger than the free space.
  write_file(dir.file("big.tsv"), make_units_tsv("big", 50000));
  Child c = Child::start({"import", dir.file("big.tsv"), "--tm", tm}, dir.path());
  ChildResult r = c.wait();
  BOOST_TEST_MESSAGE("full disk: exit " << r.exit_code << ": " << r.err);
  BOOST_TEST(r.exit_code == 2, r.err);
  BOOST_TEST(one_line_error(r.err), r.err);
  BOOST_TEST(r.err.find("full") != std::string::npos, r.err);
  check_tm(tm, before, 50, "after a too large import");

  // 2. No free byte at all: a one-unit write fails, reads still work.
  fill(mnt + "/filler");
  write_file(dir.file("one.tsv"), make_units_tsv("one", 1));
  Run one = run_alinea({"import", dir.file("one.tsv"), "--tm", tm});
  BOOST_TEST(one.exit_code != 0, "a write on a full disk reported success");
  if (one.exit_code != 0) BOOST_TEST(one_line_error(one.err), one.err);
  Run stats = run_alinea({"stats", "--tm", tm, "--json"});
  BOOST_TEST(stats.exit_code == 0, stats.err);
  Run search = run_alinea({"search", "pobladores", "--tm", tm, "-n", "3"});
  BOOST_TEST(search.exit_code == 0, search.err);
  std::filesystem::remove(mnt + "/filler");
  std::filesystem::remove(mnt + "/filler.tail");
  int64_t units = one.exit_code == 0 ? 51 : 50;
  TmProbe p = probe_tm(tm);
  BOOST_TEST(p.problems.empty());
  BOOST_TEST(p.units == units);

  // 3. Space again: the TM takes writes as before.
  Run later = run_alinea({"import", dir.file("one.tsv"), "--tm", tm, "-q"});
  BOOST_TEST(later.exit_code == 0, later.err);
  BOOST_TEST(probe_tm(tm).units == 51);
  BOOST_TEST(count_units_like(tm, "big-%") == 0);
}

BOOST_AUTO_TEST_CASE(tm_on_read_only_media_refuses_writes_and_still_reads) {
  TempDir dir;
  std::string rw = dir.file("rw"), ro = dir.file("ro");
  std::filesystem::create_directory(rw);
  std::filesystem::create_directory(ro);
  write_file(dir.file("start.tsv"), make_units_tsv("start", 30));
  BOOST_REQUIRE(
      run_alinea({"import", dir.file("start.tsv"), "--tm", rw + "/tm.sqlite", "-q"}).exit_code ==
      0);
  const std::string before = export_tsv(rw + "/tm.sqlite");
  Mounted m;
  std::string why;
  if (!bind_read_only(rw, ro, m, &why)) {
    BOOST_TEST_MESSAGE("skipped: cannot make a read-only mount (" << why << ")");
    return;
  }
  std::string tm = ro + "/tm.sqlite";
  write_file(dir.file("more.tsv"), make_units_tsv("more", 10));
  Run imp = run_alinea({"import", dir.file("more.tsv"), "--tm", tm});
  BOOST_TEST(imp.exit_code != 0);
  BOOST_TEST(one_line_error(imp.err), imp.err);
  BOOST_TEST_MESSAGE("read-only media, import: exit " << imp.exit_code << ": " << imp.err);
  Run stats = run_alinea({"stats", "--tm", tm, "--json"});
  BOOST_TEST_MESSAGE("read-only media, stats: exit " << stats.exit_code << ": " << stats.err);
  BOOST_TEST(stats.exit_code == 0, stats.err);
  Run exp = run_alinea({"export", "--tm", tm, "--format", "tsv", "-q"});
  BOOST_TEST(exp.exit_code == 0, exp.err);
  BOOST_TEST(exp.out == before);
  check_tm(rw + "/tm.sqlite", before, 30, "after writes on read-only media");
}

BOOST_AUTO_TEST_CASE(read_only_tm_file_refuses_writes) {
  TempDir dir;
  std::string tm = dir.file("tm.sqlite");
  write_file(dir.file("start.tsv"), make_units_tsv("start", 30));
  BOOST_REQUIRE(run_alinea({"import", dir.file("start.tsv"), "--tm", tm, "-q"}).exit_code == 0);
  const std::string before = export_tsv(tm);
  Mounted m;
  std::string why;
  if (geteuid() == 0) {
    // Permission bits do not stop root: bind the file read-only onto itself.
    if (!bind_read_only(tm, tm, m, &why)) {
      BOOST_TEST_MESSAGE("skipped: cannot make the file read-only as root (" << why << ")");
      return;
    }
  } else {
    chmod(tm.c_str(), 0444);
  }
  write_file(dir.file("more.tsv"), make_units_tsv("more", 10));
  Run imp = run_alinea({"import", dir.file("more.tsv"), "--tm", tm});
  BOOST_TEST_MESSAGE("read-only file, import: exit " << imp.exit_code << ": " << imp.err);
  BOOST_TEST(imp.exit_code != 0);
  BOOST_TEST(one_line_error(imp.err), imp.err);
  Run stats = run_alinea({"stats", "--tm", tm, "--json"});
  BOOST_TEST(stats.exit_code == 0, stats.err);
  if (!m.path.empty()) umount2(m.path.c_str(), MNT_DETACH);  // writable again
  m.path.clear();
  chmod(tm.c_str(), 0644);
  check_tm(tm, before, 30, "after writes to a read-only file");
}

BOOST_AUTO_TEST_SUITE_END()
