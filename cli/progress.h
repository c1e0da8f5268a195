// A progress bar on stderr for long work (a book, a large import or export):
// shown only when stderr is a terminal and neither -q nor --json is set
// (git's rule), otherwise every call is a no-op.
//
//   Progress bar(ctx, "importing", /*enabled=*/!json);
//   reader.read(path, [&](...) { ...; bar.update(++done, total); });
//   bar.finish();
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "cli/context.h"

namespace alinea::cli {

class Progress {
 public:
  Progress(const Context& ctx, std::string label, bool enabled = true);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // total == 0 means unknown: shows count and rate without a bar.
  void update(uint64_t done, uint64_t total);
  void finish();

 private:
  bool active_;
  bool drawn_ = false;
  std::string label_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

// "12.3k", "4.5M": compact counts for rates.
std::string human_count(double value);

}  // namespace alinea::cli
