// ZipArchive over libzip, reading from a memory buffer.
#include "align/markup/zip.h"

#include <zip.h>

#include <algorithm>

#include "align/error.h"

namespace alinea::align::markup {

namespace {

// "../x", "/x", "a/../../x", "C:\x": a path that would climb out of or above
// a directory if someone did extract the archive.
bool unsafe_path(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.front() == '\\') return true;
  if (path.size() >= 2 && path[1] == ':') return true;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t end = path.find_first_of("/\\", pos);
    if (end == std::string_view::npos) end = path.size();
    if (path.substr(pos, end - pos) == "..") return true;
    pos = end + 1;
  }
  return false;
}

std::string error_text(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

}  // namespace

struct ZipArchive::Impl {
  zip_t* zip = nullptr;
  ~Impl() {
    if (zip != nullptr) zip_discard(zip);  // read-only: nothing to write back
  }
};

bool looks_like_zip(std::string_view bytes) { return bytes.substr(0, 4) == "PK\x03\x04"; }

ZipArchive::ZipArchive(std::string_view bytes, std::string name, ZipLimits limits)
    : impl_(std::make_unique<Impl>()), name_(std::move(name)), limits_(limits) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw InputError(name_, "cannot read as a zip archive: " + why);
  }
  // ZIP_CHECKCONS compares the central directory with the local headers, so
  // a truncated or spliced archive fails here rather than half-way through.
  impl_->zip = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (impl_->zip == nullptr) {
    zip_source_free(source);
    int code = zip_error_code_zip(&error);
    std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw InputError(name_, code == ZIP_ER_NOZIP
                                ? "not a zip archive (a .docx, .odt or .epub is one); "
                                  "truncated or not this format"
                                : "damaged zip archive: " + why);
  }
  zip_error_fini(&error);
  zip_int64_t n = zip_get_num_entries(impl_->zip, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* member = zip_get_name(impl_->zip, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
    if (member != nullptr && unsafe_path(member))
      throw InputError(name_, std::string("zip member with an unsafe path '") + member +
                                  "'; refusing the archive");
  }
}

ZipArchive::~ZipArchive() = default;

bool ZipArchive::has(std::string_view member) const {
  return zip_name_locate(impl_->zip, std::string(member).c_str(), ZIP_FL_ENC_RAW) >= 0;
}

std::string ZipArchive::read(std::string_view member) const {
  const std::string m(member);
  zip_int64_t index = zip_name_locate(impl_->zip, m.c_str(), ZIP_FL_ENC_RAW);
  if (index < 0) throw InputError(name_, "zip archive has no member '" + m + "'");
  zip_stat_t st;
  zip_stat_init(&st);
  uint64_t compressed = 0;
  if (zip_stat_index(impl_->zip, static_cast<zip_uint64_t>(index), 0, &st) == 0 &&
      (st.valid & ZIP_STAT_COMP_SIZE))
    compressed = st.comp_size;
  zip_file_t* file = zip_fopen_index(impl_->zip, static_cast<zip_uint64_t>(index), 0);
  if (file == nullptr)
    throw InputError(name_, "cannot read zip member '" + m +
                                "': " + zip_error_strerror(zip_get_error(impl_->zip)));
  // The declared size may lie: read in chunks and stop at the caps.
  const uint64_t ratio_cap =
      std::max(limits_.ratio_free_bytes, compressed * std::max<uint64_t>(1, limits_.max_ratio));
  std::string out;
  char buffer[1 << 16];
  std::string failure;
  for (;;) {
    zip_int64_t got = zip_fread(file, buffer, sizeof buffer);
    if (got < 0) {
      failure =
          "cannot read zip member '" + m + "': " + zip_error_strerror(zip_file_get_error(file));
      break;
    }
    if (got == 0) break;
    out.append(buffer, static_cast<size_t>(got));
    if (out.size() > limits_.max_member_bytes) {
      failure = "zip member '" + m + "' inflates past " +
                std::to_string(limits_.max_member_bytes >> 20) + " MB; refusing it";
      break;
    }
    if (out.size() > ratio_cap) {
      failure = "zip member '" + m + "' inflates more than " + std::to_string(limits_.max_ratio) +
                " times its compressed size (a zip bomb?); refusing it";
      break;
    }
  }
  int closed = zip_fclose(file);
  if (failure.empty() && closed != 0)
    failure = "cannot read zip member '" + m + "': " + error_text(closed);
  if (!failure.empty()) throw InputError(name_, failure);
  return out;
}

}  // namespace alinea::align::markup
