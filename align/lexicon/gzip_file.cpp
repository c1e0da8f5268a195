#include "align/lexicon/gzip_file.h"

#include <zlib.h>

#include <memory>

#include "align/error.h"

namespace alinea::align {

std::string read_maybe_gzip(const std::string& path) {
  std::unique_ptr<gzFile_s, int (*)(gzFile)> file(gzopen(path.c_str(), "rb"), gzclose);
  if (!file) throw ResourceError(path + ": cannot open");
  gzbuffer(file.get(), 1 << 17);
  std::string out;
  char buffer[1 << 16];
  for (;;) {
    int n = gzread(file.get(), buffer, sizeof buffer);
    if (n < 0) {
      int code = 0;
      const char* message = gzerror(file.get(), &code);
      throw ResourceError(path + ": cannot decompress: " + (message ? message : "zlib error"));
    }
    if (n == 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  // gzread stops quietly at a truncated stream; gzerror tells.
  int code = Z_OK;
  const char* message = gzerror(file.get(), &code);
  if (code != Z_OK && code != Z_STREAM_END)
    throw ResourceError(path + ": cannot decompress: " + (message ? message : "zlib error"));
  return out;
}

}  // namespace alinea::align
