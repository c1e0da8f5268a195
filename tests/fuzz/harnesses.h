// Fuzz targets as plain functions, so that the libFuzzer programs
// (fuzz_<name>.cpp) and the Boost regression test
// (tests/reliability/test_fuzz_regressions.cpp) run the same code.
//
//   alinea::fuzz::run("tmx", data, size);  // throws InvariantViolation on a bug
//
// Each target feeds the bytes to one reader or stage, accepts the documented
// error for bad input (align::InputError, tm::InputError) and checks the
// invariants the headers promise on success. Anything else escapes: an
// InvariantViolation, another exception, or a sanitizer report.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace alinea::fuzz {

struct InvariantViolation : std::logic_error {
  using std::logic_error::logic_error;
};

// The harness names: tmx, table, segment_text, segment_markdown,
// segment_html, segment_srt, segment_webvtt, segment_docx, segment_odt, segment_pdf,
// splitter, aligner, workbench, serve.
const std::vector<std::string>& harness_names();

// Runs the named harness on one input. Throws std::invalid_argument for an
// unknown name.
void run(std::string_view harness, const uint8_t* data, size_t size);

}  // namespace alinea::fuzz
