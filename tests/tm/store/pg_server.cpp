#include "pg_server.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace alinea::tm::test {
namespace {

namespace fs = std::filesystem;

// The nobody user: PostgreSQL refuses to run as root.
constexpr int kNobody = 65534;

std::string& reason() {
  static std::string r;
  return r;
}

// Runs a shell command; its output goes to `log`.
bool run(const std::string& command, const std::string& log) {
  return std::system((command + " >> '" + log + "' 2>&1").c_str()) == 0;
}

std::string find_bin() {
  if (FILE* p = popen("pg_config --bindir 2>/dev/null", "r")) {
    char buf[512] = {};
    const bool got = std::fgets(buf, sizeof buf, p) != nullptr;
    pclose(p);
    std::string dir = got ? buf : "";
    while (!dir.empty() && (dir.back() == '\n' || dir.back() == ' ')) dir.pop_back();
    if (!dir.empty() && fs::exists(fs::path(dir) / "initdb")) return dir;
  }
  std::error_code ec;
  if (fs::exists("/usr/lib/postgresql", ec))
    for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec))
      if (fs::exists(e.path() / "bin" / "initdb")) return (e.path() / "bin").string();
  return {};
}

}  // namespace

PgServer* PgServer::shared() {
  static std::unique_ptr<PgServer> server = [] {
    std::unique_ptr<PgServer> s(new PgServer);
    std::string error;
    if (!s->start(error)) {
      reason() = error;
      s.reset();
    }
    return s;
  }();
  return server.get();
}

const std::string& PgServer::why_not() { return reason(); }

bool PgServer::start(std::string& error) {
  bin_ = find_bin();
  if (bin_.empty()) {
    error = "PostgreSQL's programs (initdb, pg_ctl) are not installed";
    return false;
  }
  std::string tmpl = (fs::temp_directory_path() / "alinea-pg-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) {
    error = "cannot make a temporary directory";
    return false;
  }
  dir_ = tmpl;
  if (geteuid() == 0) {
    if (std::system("command -v setpriv > /dev/null") != 0) {
      error = "running as root, and setpriv (util-linux) is missing to run PostgreSQL as nobody";
      return false;
    }
    if (chown(dir_.c_str(), kNobody, kNobody) != 0) {
      error = "cannot give " + dir_ + " to nobody";
      return false;
    }
    as_user_ = "setpriv --reuid=" + std::to_string(kNobody) +
               " --regid=" + std::to_string(kNobody) + " --clear-groups ";
  }
  const std::string log = dir_ + "/setup.log";
  // No fsync: the data lives as long as the test program.
  if (!run("cd '" + dir_ + "' && " + as_user_ + "'" + bin_ + "/initdb' -D '" + dir_ +
               "/data' -U alinea --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync",
           log)) {
    error = "initdb failed (see " + log + ")";
    return false;
  }
  if (!run("cd '" + dir_ + "' && " + as_user_ + "'" + bin_ + "/pg_ctl' -D '" + dir_ +
               "/data' -l '" + dir_ + "/server.log' -w -o \"-k '" + dir_ +
               "' -c listen_addresses='' -c fsync=off -c full_page_writes=off\" start",
           log)) {
    error = "pg_ctl start failed (see " + dir_ + "/server.log)";
    return false;
  }
  running_ = true;
  return true;
}

PgServer::~PgServer() {
  if (running_)
    run("cd / && " + as_user_ + "'" + bin_ + "/pg_ctl' -D '" + dir_ + "/data' -m fast -w stop",
        "/dev/null");
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

std::string PgServer::fresh_database() {
  const std::string name = "tm" + std::to_string(++databases_);
  const std::string admin = "host=" + dir_ + " user=alinea dbname=postgres";
  PGconn* c = PQconnectdb(admin.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string m = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot reach the test server: " + m);
  }
  PGresult* r = PQexec(c, ("CREATE DATABASE " + name).c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string m = ok ? "" : PQerrorMessage(c);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error("CREATE DATABASE failed: " + m);
  return "postgresql://alinea@/" + name + "?host=" + dir_;
}

std::string PgServer::keyword_form(const std::string& url) const {
  const auto slash = url.find("@/");
  const auto q = url.find('?');
  return "host=" + dir_ + " user=alinea dbname=" + url.substr(slash + 2, q - slash - 2);
}

}  // namespace alinea::tm::test
