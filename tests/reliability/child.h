// Runs `alinea` as a child process that the test can kill, and measures it.
//
//   Child c = Child::start({"import", big, "--tm", tm}, dir.path());
//   usleep(200000);
//   c.kill(SIGKILL);
//   ChildResult r = c.wait();     // r.signal == SIGKILL, r.max_rss_kb ...
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <string>
#include <vector>

namespace alinea::test {

struct ChildResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  long max_rss_kb = 0;  // peak resident set of this child (getrusage via wait4)
  double seconds = 0;   // wall time from start to wait
  std::string out, err;
};

class Child {
 public:
  // stdout and stderr go to files in `scratch_dir`; stdin is /dev/null.
  // `env` entries NAME=VALUE are added; ALINEA_TM of the caller is dropped.
  static Child start(const std::vector<std::string>& args, const std::string& scratch_dir,
                     const std::vector<std::string>& env = {});
  Child(Child&& other) noexcept;
  Child& operator=(Child&&) = delete;
  ~Child();  // kills and reaps a child still running
  pid_t pid() const { return pid_; }
  void kill(int signal);
  // Non-blocking: true if the child has ended (the result is then kept).
  bool done();
  ChildResult wait();

 private:
  Child() = default;
  pid_t pid_ = -1;
  bool reaped_ = false;
  ChildResult result_;
  std::string out_path_, err_path_;
  double start_ = 0;
  void reap(int status, const struct rusage& usage);
};

double now_seconds();

}  // namespace alinea::test
