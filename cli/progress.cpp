#include "cli/progress.h"

#include <cstdio>
#include <iostream>

namespace alinea::cli {

std::string human_count(double value) {
  char buf[32];
  if (value >= 1e6)
    std::snprintf(buf, sizeof buf, "%.1fM", value / 1e6);
  else if (value >= 1e4)
    std::snprintf(buf, sizeof buf, "%.1fk", value / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.0f", value);
  return buf;
}

std::string human_megabytes(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
  return buf;
}

Progress::Progress(const Context& ctx, std::string label, bool enabled)
    : active_(enabled && ctx.stderr_is_terminal && !ctx.quiet),
      label_(std::move(label)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() { finish(); }

void Progress::set_label(std::string label) {
  label_ = std::move(label);
  start_ = std::chrono::steady_clock::now();
  relabelled_ = true;
}

void Progress::update(uint64_t done, uint64_t total, std::string_view note) {
  if (!active_) return;
  auto now = std::chrono::steady_clock::now();
  // Redraw at most ten times a second: drawing must not cost the work time.
  if (drawn_ && !relabelled_ && now - last_draw_ < std::chrono::milliseconds(100) && done != total)
    return;
  last_draw_ = now;
  drawn_ = true;
  relabelled_ = false;
  double seconds = std::chrono::duration<double>(now - start_).count();
  double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
  std::string line = "\r";
  line += label_;
  line += ' ';
  if (total > 0) {
    constexpr int kWidth = 30;
    double fraction = static_cast<double>(done) / static_cast<double>(total);
    if (fraction > 1) fraction = 1;
    int filled = static_cast<int>(fraction * kWidth);
    line += '[';
    line.append(static_cast<size_t>(filled), '#');
    line.append(static_cast<size_t>(kWidth - filled), '.');
    line += "] ";
    char buf[128];
    double left = rate > 0 ? static_cast<double>(total - std::min(done, total)) / rate : 0.0;
    if (bytes_)
      std::snprintf(buf, sizeof buf, "%3.0f%% %s of %s, %s/s, %d:%02d left", fraction * 100,
                    human_megabytes(static_cast<double>(done)).c_str(),
                    human_megabytes(static_cast<double>(total)).c_str(),
                    human_megabytes(rate).c_str(), static_cast<int>(left) / 60,
                    static_cast<int>(left) % 60);
    else
      std::snprintf(buf, sizeof buf, "%3.0f%% %llu/%llu %s/s %d:%02d left", fraction * 100,
                    static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                    human_count(rate).c_str(), static_cast<int>(left) / 60,
                    static_cast<int>(left) % 60);
    line += buf;
  } else if (bytes_) {
    line += human_megabytes(static_cast<double>(done));
    line += ", ";
    line += human_megabytes(rate);
    line += "/s";
  } else {
    line += std::to_string(done);
    line += ' ';
    line += human_count(rate);
    line += "/s";
  }
  if (!note.empty()) {
    line += ", ";
    line += note;
  }
  line += "\x1b[K";  // clear the rest of the line
  std::cerr << line << std::flush;
}

void Progress::finish() {
  if (active_ && drawn_) std::cerr << "\r\x1b[K" << std::flush;
  active_ = false;
}

}  // namespace alinea::cli
