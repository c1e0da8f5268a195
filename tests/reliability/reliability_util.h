// Shared helpers of the reliability tests: a TM with known content, the
// one-line error rule, unit tables of any size.
#pragma once

#include <cstddef>
#include <string>

#include "child.h"
#include "run.h"
#include "tm_probe.h"

namespace alinea::test {

// A TSV of `n` distinct units whose Spanish texts all start with `tag`-.
std::string make_units_tsv(const std::string& tag, size_t n);

// stderr is exactly one line "alinea: error: ...\n".
bool one_line_error(const std::string& err);

// The TM's content as `alinea export --format tsv` prints it: equal strings
// mean the same units.
std::string export_tsv(const std::string& tm);

}  // namespace alinea::test
