#include "cli/context.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

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
std::string Context::data_dir() const { return resolve_data_dir(data_flag); }

std::string resolve_tm_path(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("ALINEA_TM"); env && *env) return env;
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
