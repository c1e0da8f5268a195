// Small formatting helpers shared by the subcommands.
#pragma once

#include <cstdint>
#include <string>

namespace alinea::cli {

// "2026-11-23T16:43:56Z"; "" for 0.
std::string iso_time(int64_t unix_seconds);
// Parses "2026-11-23", "2026-11-23T16:43:56Z" (UTC); throws UsageError.
int64_t parse_time(const std::string& text);

}  // namespace alinea::cli
