#include "cli/format.h"

#include <cstdio>
#include <ctime>

#include "cli/context.h"

namespace alinea::cli {

std::string iso_time(int64_t unix_seconds) {
  if (unix_seconds == 0) return {};
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

int64_t parse_time(const std::string& text) {
  std::tm utc{};
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int n = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &year, &month, &day, &hour, &minute,
                      &second);
  if (n != 3 && n != 6)
    throw UsageError("bad date '" + text + "': use YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ");
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    throw UsageError("bad date '" + text + "'");
  utc.tm_year = year - 1900;
  utc.tm_mon = month - 1;
  utc.tm_mday = day;
  utc.tm_hour = hour;
  utc.tm_min = minute;
  utc.tm_sec = second;
  return static_cast<int64_t>(timegm(&utc));
}

std::string location_text(const tm::Location& location) {
  std::string out = "\u00b6" + std::to_string(location.paragraph) + ", chars " +
                    std::to_string(location.char_start + 1) + "-" +
                    std::to_string(location.char_end);
  if (location.page) out += " (p. " + std::to_string(location.page) + ")";
  return out;
}

}  // namespace alinea::cli
