// Opening an exchange file for reading, with the errors a user can act on:
// a directory, a missing or unreadable file, each naming the path.
//
//   InputFile f = open_input_file("memoria.tmx");
//   parse(f.stream, f.size);
#pragma once

#include <cstdint>
#include <fstream>
#include <string>

namespace alinea::tm {

struct InputFile {
  std::ifstream stream;  // binary, at the start
  uint64_t size = 0;     // bytes; 0 when the size cannot be told (a pipe)
};

// Throws InputError(path, ...) for a directory or a file that cannot be opened.
InputFile open_input_file(const std::string& path);

}  // namespace alinea::tm
