// Where a command's data goes: stdout for "-", else a file written under a
// temporary name and renamed into place by commit(), so a command that fails
// half-way never leaves a truncated file that looks complete. What is not a
// regular file (/dev/null, /dev/stdout, a named pipe) is written as it is:
// renaming onto it would replace the device or pipe with a plain file. A
// symbolic link to a file is followed, and the file it names replaced.
#pragma once

#include <fstream>
#include <ostream>
#include <string>

namespace alinea::cli {

class OutputFile {
 public:
  explicit OutputFile(std::string path);
  ~OutputFile();  // removes the temporary file unless committed
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::ostream& stream();
  // Flushes, checks for write errors and moves the file into place.
  void commit();
  bool is_stdout() const { return path_ == "-"; }

 private:
  std::string path_;
  std::string temp_path_;   // empty: written in place
  std::string final_path_;  // where the temporary file is renamed to
  std::ofstream file_;
  bool committed_ = false;
};

}  // namespace alinea::cli
