// What every subcommand shares: global flags, the TM location, where the
// language resources live, and how to talk to the user.
//
//   Context& ctx = ...;
//   tm::Store store = open_tm(ctx, tm::OpenMode::ReadOnly);
//   ctx.info("aligned 42 pairs");          // stderr, unless -q
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace alinea::cli {

// A mistake of the user's (bad arguments, a file that does not exist):
// exit code 1.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Context {
  std::string tm_flag;                      // --tm as given
  std::optional<double> busy_timeout_flag;  // --busy-timeout SECONDS as given
  std::string data_flag;                    // --data-dir as given
  bool quiet = false;                       // -q: only errors on stderr
  int verbose = 0;                          // -v: more detail on stderr
  bool stderr_is_terminal = false;
  bool stdout_is_terminal = false;

  void info(std::string_view message) const;    // unless quiet
  void detail(std::string_view message) const;  // only with -v
  void warn(std::string_view message) const;    // always

  std::string tm_path() const;   // resolve_tm_path(tm_flag)
  int busy_timeout_ms() const;   // resolve_busy_timeout_ms(busy_timeout_flag)
  std::string data_dir() const;  // resolve_data_dir(data_flag)
};

// How long a write waits for another process writing the TM, in ms:
// --busy-timeout SECONDS, else $ALINEA_BUSY_TIMEOUT (seconds), else 5 s.
// UsageError for a value that is not a number of seconds from 0 to 86400.
int resolve_busy_timeout_ms(const std::optional<double>& flag_seconds);

// --tm FILE, else $ALINEA_TM, else $XDG_DATA_HOME/alinea/tm.sqlite
// (~/.local/share/alinea/tm.sqlite). A URL ("postgresql://...") is a
// UsageError: only SQLite files are served so far.
std::string resolve_tm_path(const std::string& flag);

// --data-dir DIR, else $ALINEA_DATA, else the build tree's resources, else
// the installed share/alinea. The first that holds a lexicon wins; empty
// when none does.
std::string resolve_data_dir(const std::string& flag);

// Creates the parent directory of a TM about to be written.
void ensure_parent_directory(const std::string& path);

}  // namespace alinea::cli
