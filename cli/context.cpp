#include "cli/context.h"

#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "tm/store/store.h"

namespace alinea::cli {
namespace fs = std::filesystem;

void Context::info(std::string_view message) const {
  if (!quiet) std::cerr << message << '\n';
}

void Context::detail(std::string_view message) const {
  if (verbose > 0 && !quiet) std::cerr << message << '\n';
}

void Context::warn(std::string_view message) const {
  std::cerr << "alinea: warning: " << message << '\n';
}

std::string Context::tm_path() const { return resolve_tm_path(tm_flag); }
int Context::busy_timeout_ms() const { return resolve_busy_timeout_ms(busy_timeout_flag); }
std::string Context::data_dir() const { return resolve_data_dir(data_flag); }

int resolve_busy_timeout_ms(const std::optional<double>& flag_seconds) {
  double seconds = tm::kDefaultBusyTimeoutMs / 1000.0;
  std::string origin = "--busy-timeout";
  if (flag_seconds) {
    seconds = *flag_seconds;
  } else if (const char* env = std::getenv("ALINEA_BUSY_TIMEOUT"); env && *env) {
    origin = "ALINEA_BUSY_TIMEOUT";
    char* end = nullptr;
    seconds = std::strtod(env, &end);
    if (end == env || *end != '\0')
      throw UsageError(origin + "='" + env + "' is not a number of seconds");
  }
  // Up to a day: SQLite takes the wait in milliseconds as an int.
  if (!(seconds >= 0 && seconds <= 86400))
    throw UsageError(origin + " must be between 0 and 86400 seconds");
  return static_cast<int>(seconds * 1000.0 + 0.5);
}

namespace {

// "sftp://host/tm" and the like: a scheme of letters, digits, '+', '-' or
// '.' before "://". Such a name is never a TM file, and taking it for one
// would create a directory "sftp:".
std::string url_scheme(const std::string& path) {
  size_t colon = path.find("://");
  if (colon == std::string::npos || colon == 0) return {};
  for (size_t i = 0; i < colon; ++i) {
    unsigned char c = static_cast<unsigned char>(path[i]);
    if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return {};
  }
  std::string scheme = path.substr(0, colon);
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return scheme;
}

std::string checked_tm_path(const std::string& path, const std::string& origin) {
  std::string scheme = url_scheme(path);
  // PostgreSQL TMs are addressed by URL (tm/store/store.h).
  if (scheme.empty() || scheme == "postgresql" || scheme == "postgres") return path;
  throw UsageError(origin + " '" + path + "': " + scheme +
                   ":// TMs are not supported; --tm takes a file path or a postgresql:// URL");
}

}  // namespace

std::string resolve_tm_path(const std::string& flag) {
  if (!flag.empty()) return checked_tm_path(flag, "--tm");
  if (const char* env = std::getenv("ALINEA_TM"); env && *env)
    return checked_tm_path(env, "ALINEA_TM");
  fs::path base;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    base = fs::path(home) / ".local" / "share";
  } else {
    return "alinea.tm";
  }
  return (base / "alinea" / "tm.sqlite").string();
}

std::string resolve_data_dir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("ALINEA_DATA"); env && *env) return env;
  for (const char* dir : {ALINEA_BUILD_DATA_DIR, ALINEA_INSTALL_DATA_DIR}) {
    std::error_code ec;
    if (fs::exists(fs::path(dir) / "lexicon.bin", ec)) return dir;
  }
  return {};
}

void ensure_parent_directory(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  if (parent.empty()) return;
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw std::runtime_error(parent.string() + ": cannot create directory: " + ec.message());
}

}  // namespace alinea::cli
