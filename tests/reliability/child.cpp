#include "child.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "run.h"

namespace alinea::test {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::atomic<unsigned> next_id{0};

}  // namespace

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

Child Child::start(const std::vector<std::string>& args, const std::string& scratch_dir,
                   const std::vector<std::string>& env) {
  Child c;
  unsigned id = next_id++;
  c.out_path_ =
      scratch_dir + "/child-" + std::to_string(getpid()) + "-" + std::to_string(id) + ".out";
  c.err_path_ =
      scratch_dir + "/child-" + std::to_string(getpid()) + "-" + std::to_string(id) + ".err";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, c.out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, c.err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);

  const SpawnArgs spawn(args, env);
  c.start_ = now_seconds();
  int rc =
      posix_spawn(&c.pid_, ALINEA_BINARY, &actions, nullptr, spawn.argv.data(), spawn.envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot run " + std::string(ALINEA_BINARY));
  return c;
}

Child::Child(Child&& o) noexcept
    : pid_(o.pid_),
      reaped_(o.reaped_),
      result_(std::move(o.result_)),
      out_path_(std::move(o.out_path_)),
      err_path_(std::move(o.err_path_)),
      start_(o.start_) {
  o.pid_ = -1;
}

Child::~Child() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (!out_path_.empty()) {
    unlink(out_path_.c_str());
    unlink(err_path_.c_str());
  }
}

void Child::kill(int signal) {
  if (pid_ > 0 && !reaped_) ::kill(pid_, signal);
}

void Child::reap(int status, const struct rusage& usage) {
  reaped_ = true;
  result_.seconds = now_seconds() - start_;
  result_.max_rss_kb = usage.ru_maxrss;
  if (WIFEXITED(status)) {
    result_.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result_.signal = WTERMSIG(status);
  }
  result_.out = slurp(out_path_);
  result_.err = slurp(err_path_);
}

bool Child::done() {
  if (reaped_) return true;
  int status = 0;
  struct rusage usage {};
  pid_t r = wait4(pid_, &status, WNOHANG, &usage);
  if (r == pid_) reap(status, usage);
  return reaped_;
}

ChildResult Child::wait() {
  if (!reaped_) {
    int status = 0;
    struct rusage usage {};
    pid_t r;
    do r = wait4(pid_, &status, 0, &usage);
    while (r < 0 && errno == EINTR);
    if (r != pid_) throw std::runtime_error("wait4 failed");
    reap(status, usage);
  }
  return result_;
}

}  // namespace alinea::test
