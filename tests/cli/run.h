// Runs the built `alinea` binary as a user would and captures what it says.
//
//   Run r = run_alinea({"stats", "--tm", tm, "--json"});
//   BOOST_TEST(r.exit_code == 0);
//   BOOST_TEST(r.out.find("\"units\"") != std::string::npos);
#pragma once

#include <string>
#include <vector>

namespace alinea::test {

struct Run {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// argv[0] is the alinea binary; `input` is fed to stdin; `env` entries are
// NAME=VALUE added to a clean copy of the environment.
Run run_alinea(const std::vector<std::string>& args, const std::string& input = {},
               const std::vector<std::string>& env = {});

// What posix_spawn needs to run the alinea binary: argv (the binary, then
// `args`) and an environment (this process's without ALINEA_TM, so that the
// user's TM never leaks into a test, then `env`). The pointers point into
// the strings, so the object is neither copied nor moved.
struct SpawnArgs {
  SpawnArgs(const std::vector<std::string>& args, const std::vector<std::string>& env);
  SpawnArgs(const SpawnArgs&) = delete;
  SpawnArgs& operator=(const SpawnArgs&) = delete;
  std::vector<std::string> argv_storage, env_storage;
  std::vector<char*> argv, envp;  // null-terminated
};

// A fresh directory under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A long-running `alinea` (e.g. `review DOC`) whose first line on stdout is
// read at start (the workbench's URL). The destructor sends SIGTERM and waits.
class BackgroundAlinea {
 public:
  // `env`: NAME=VALUE entries, as for run_alinea; `stderr_path`: where its
  // stderr goes (empty: this process's stderr).
  explicit BackgroundAlinea(const std::vector<std::string>& args,
                            const std::vector<std::string>& env = {},
                            const std::string& stderr_path = {});
  ~BackgroundAlinea();
  BackgroundAlinea(const BackgroundAlinea&) = delete;
  BackgroundAlinea& operator=(const BackgroundAlinea&) = delete;
  const std::string& first_line() const { return first_line_; }
  // Sends SIGTERM and returns the exit code (-1 if killed by a signal).
  int stop();
  int pid() const { return pid_; }

 private:
  int pid_ = -1;
  int exit_code_ = -1;
  std::string first_line_;
};

void write_file(const std::string& path, const std::string& content);
std::string read_file(const std::string& path);

}  // namespace alinea::test
