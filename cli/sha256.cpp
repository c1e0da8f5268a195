// SHA-256 by Nettle (Debian's nettle-dev), the hash library GnuTLS is built
// on: the digests identify input files and language resources.
#include "cli/sha256.h"

#include <nettle/sha2.h>

#include <array>
#include <cstdint>

namespace alinea::cli {
namespace {

class Sha256 {
 public:
  Sha256() { sha256_init(&ctx_); }
  void update(const char* data, size_t size) {
    sha256_update(&ctx_, size, reinterpret_cast<const uint8_t*>(data));
  }
  std::string hex() {
    std::array<uint8_t, SHA256_DIGEST_SIZE> digest{};
    sha256_digest(&ctx_, digest.size(), digest.data());
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * digest.size());
    for (uint8_t b : digest) {
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
    return out;
  }

 private:
  sha256_ctx ctx_{};
};

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  Sha256 h;
  h.update(bytes.data(), bytes.size());
  return h.hex();
}

}  // namespace alinea::cli
