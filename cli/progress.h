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
#include <string_view>

#include "cli/context.h"

namespace alinea::cli {

class Progress {
 public:
  Progress(const Context& ctx, std::string label, bool enabled = true);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // total == 0 means unknown: shows count and rate without a bar. `note`
  // follows the numbers (e.g. "1200 units" while bytes are counted).
  void update(uint64_t done, uint64_t total, std::string_view note = {});
  // What is being done now ("aligning: second pass"): the bar starts over
  // under the new label, drawn at the next update().
  void set_label(std::string label);
  // done/total are bytes: shown in MB, the rate in MB/s.
  void show_bytes() { bytes_ = true; }
  void finish();

 private:
  bool active_;
  bool drawn_ = false;
  bool bytes_ = false;
  bool relabelled_ = false;
  std::string label_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

// "12.3k", "4.5M": compact counts for rates.
std::string human_count(double value);
// "0.4 MB", "12.3 MB": byte counts as people read them.
std::string human_megabytes(double bytes);

}  // namespace alinea::cli
