// Small formatting helpers shared by the subcommands.
#pragma once

#include <cstdint>
#include <string>

#include "tm/unit.h"

namespace alinea::cli {

// "2026-11-23T16:43:56Z"; "" for 0.
std::string iso_time(int64_t unix_seconds);
// Parses "2026-11-23", "2026-11-23T16:43:56Z" (UTC); throws UsageError.
int64_t parse_time(const std::string& text);
// Where a side of a pair is in its file, for a person: "¶12, chars 41-95
// (p. 3)", characters counted from 1 and both ends included as a person
// counts them (the JSON shapes keep the file's [char_start, char_end)).
std::string location_text(const tm::Location& location);

}  // namespace alinea::cli
