// SHA-256 of a file, for recognising a document already imported (the TM
// keeps the digests of both source files).
#pragma once

#include <string>

namespace alinea::cli {

// Lower-case hex digest of the file's bytes; throws UsageError if unreadable.
std::string sha256_file(const std::string& path);
// Lower-case hex digest of bytes in memory.
std::string sha256_hex(const std::string& bytes);

}  // namespace alinea::cli
