#include "cli/tm_open.h"

#include <filesystem>

namespace alinea::cli {

tm::UpgradeNotice say_upgrading(const Context& ctx) {
  return [&ctx](const std::string& tm, int from, int to) {
    ctx.info("alinea: " + tm + ": upgrading the TM from schema " + std::to_string(from) + " to " +
             std::to_string(to) + " (once; a large TM takes a while)");
  };
}

tm::Store open_tm_for_reading(const Context& ctx) {
  std::string path = ctx.tm_path();
  if (!tm::is_postgresql_address(path) && !std::filesystem::exists(path))
    throw UsageError(path +
                     ": no TM here yet (create one with `alinea align ... --doc NAME`, "
                     "`alinea import` or `alinea add`, or choose one with --tm)");
  return tm::Store::open(path, tm::OpenMode::ReadOnly, {}, ctx.busy_timeout_ms(),
                         say_upgrading(ctx));
}

tm::Store open_tm_for_writing(const Context& ctx) {
  std::string path = ctx.tm_path();
  // A PostgreSQL TM lives in its server: no directory to make.
  if (!tm::is_postgresql_address(path)) ensure_parent_directory(path);
  return tm::Store::open(path, tm::OpenMode::ReadWrite, {}, ctx.busy_timeout_ms(),
                         say_upgrading(ctx));
}

}  // namespace alinea::cli
