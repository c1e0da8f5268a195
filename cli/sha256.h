// SHA-256 digests: the TM keeps those of a document's two input files (to
// recognise it when aligned again) and of the language resources used.
#pragma once

#include <string>
#include <string_view>

namespace alinea::cli {

// Lower-case hex digest of bytes in memory.
std::string sha256_hex(std::string_view bytes);

}  // namespace alinea::cli
