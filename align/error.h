// Errors raised by alinea_align.
//
//   throw InputError("notes.srt", "not valid UTF-8", {.byte_offset = 1234});
//
// cli/ catches them once and prints `alinea: error: <what()>`.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace alinea::align {

// Where in an input file something went wrong. Line and column are 1-based;
// the byte offset is 0-based. Any of them may be unknown.
struct InputPosition {
  std::optional<uint64_t> line;
  std::optional<uint64_t> column;
  std::optional<uint64_t> byte_offset;
};

// The root of everything alinea_align throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad user input: a file that cannot be read or parsed. what() is one line:
// `FILE:LINE:COL: message` or `FILE: byte N: message`.
class InputError : public Error {
 public:
  InputError(std::string file, const std::string& message, InputPosition where = {});
  const std::string& file() const { return file_; }
  const InputPosition& position() const { return where_; }

 private:
  std::string file_;
  InputPosition where_;
};

// A resource the library needs is missing, unreadable or failing: a
// language resource (lexicon, subword model) or an ICU service.
class ResourceError : public Error {
 public:
  using Error::Error;
};

}  // namespace alinea::align
