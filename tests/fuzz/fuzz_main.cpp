// libFuzzer entry point; the harness name is compiled in (ALINEA_FUZZ_HARNESS)
// so that each target is its own program with its own corpus.
#include <cstddef>
#include <cstdint>

#include "harnesses.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  alinea::fuzz::run(ALINEA_FUZZ_HARNESS, data, size);
  return 0;
}
