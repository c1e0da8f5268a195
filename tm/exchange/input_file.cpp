#include "tm/exchange/input_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "tm/error.h"

namespace alinea::tm {

InputFile open_input_file(const std::string& path) {
  // A directory opens like a file on Linux and fails only on the first read,
  // with a message that does not name it.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path, "is a directory");
  InputFile file;
  file.stream.open(path, std::ios::binary);
  if (!file.stream) throw InputError(path, std::string("cannot open: ") + std::strerror(errno));
  file.stream.seekg(0, std::ios::end);
  const auto end = file.stream.tellg();
  file.size = end > 0 ? static_cast<uint64_t>(end) : 0;
  file.stream.seekg(0);
  return file;
}

}  // namespace alinea::tm
