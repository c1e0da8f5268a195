// Errors raised by alinea_tm. cli/ catches them once and maps them to exit
// codes: InputError and subclasses -> 1 (user's file or query), others -> 2.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace alinea::tm {

// Anything that went wrong inside the TM layer.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An SQLite failure; keeps the extended result code.
class DbError : public Error {
 public:
  DbError(const std::string& message, int extended_code) : Error(message), code_(extended_code) {}
  int code() const { return code_; }

 private:
  int code_;
};

// The database is locked by another writer past the busy timeout.
class BusyError : public DbError {
 public:
  using DbError::DbError;
};

// The file is not an Alinea TM, is from a newer schema, or is corrupt. The
// file is left untouched.
class NotATmError : public Error {
 public:
  using Error::Error;
};

// A user's input file (TMX, TSV, CSV) is malformed. what() is one line:
// `FILE:LINE:COL: message`.
class InputError : public Error {
 public:
  InputError(std::string file, const std::string& message, std::optional<uint64_t> line = {},
             std::optional<uint64_t> column = {});
  const std::string& file() const { return file_; }
  std::optional<uint64_t> line() const { return line_; }
  std::optional<uint64_t> column() const { return column_; }

 private:
  std::string file_;
  std::optional<uint64_t> line_;
  std::optional<uint64_t> column_;
};

// A write based on what a person saw refers to a pair that has changed or
// gone since (another window, another user): nothing was written.
class ConflictError : public Error {
 public:
  using Error::Error;
};

// A unit id, document name or similar does not exist.
class NotFoundError : public Error {
 public:
  using Error::Error;
};

// A TM that had to be empty (the receiving end of a migrate) holds units
// or documents: nothing was written.
class NotEmptyError : public Error {
 public:
  using Error::Error;
};

}  // namespace alinea::tm
