// Whole-file reading through zlib, shared by the dictionary readers.
//
//   std::string text = read_maybe_gzip("/usr/share/dictd/freedict-spa-eng.dict.dz");
#pragma once

#include <string>

namespace alinea::align {

// Contents of a gzip (or dictzip) file, uncompressed; a file that is not
// gzip is returned as is. Throws ResourceError naming the file on failure.
std::string read_maybe_gzip(const std::string& path);

}  // namespace alinea::align
