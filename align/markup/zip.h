// Internal: the members of a zip archive (a .docx, .odt or .epub package),
// read into memory with libzip. Nothing is ever written to disk, so a member
// named "../../x" cannot land anywhere; it is refused all the same, as no
// well-formed package has one.
//
//   ZipArchive zip(bytes, "carta.docx");
//   if (zip.has("word/footnotes.xml")) notes = zip.read("word/footnotes.xml");
//
// Hostile input is refused with an InputError naming the file: an archive
// that is truncated or damaged, a missing member, a member that inflates past
// ZipLimits (a zip bomb: the declared size is never trusted, reading stops at
// the cap), a checksum that does not match.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace alinea::align::markup {

struct ZipLimits {
  // Largest uncompressed member read (64 MB: a novel's content.xml is ~5 MB).
  uint64_t max_member_bytes = uint64_t{64} << 20;
  // Members inflating more than this many times their compressed size are
  // refused once they pass ratio_free_bytes (XML compresses ~5-20x; bombs
  // 1000x and more).
  uint64_t max_ratio = 200;
  uint64_t ratio_free_bytes = uint64_t{1} << 20;
};

class ZipArchive {
 public:
  // `bytes` must outlive the archive; `name` is the file named in errors.
  ZipArchive(std::string_view bytes, std::string name, ZipLimits limits = {});
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  bool has(std::string_view member) const;
  // The member's bytes; InputError when it is missing or breaks the limits.
  std::string read(std::string_view member) const;
  const std::string& name() const { return name_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string name_;
  ZipLimits limits_;
};

// Whether bytes start like a zip archive ("PK\3\4").
bool looks_like_zip(std::string_view bytes);

}  // namespace alinea::align::markup
