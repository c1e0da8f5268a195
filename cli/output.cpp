#include "cli/output.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <stdexcept>

namespace alinea::cli {

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  if (is_stdout()) return;
  temp_path_ = path_ + ".part-" + std::to_string(getpid());
  file_.open(temp_path_, std::ios::binary | std::ios::trunc);
  if (!file_) throw std::runtime_error(path_ + ": cannot write: " + std::strerror(errno));
}

OutputFile::~OutputFile() {
  if (!is_stdout() && !committed_) {
    file_.close();
    std::remove(temp_path_.c_str());
  }
}

std::ostream& OutputFile::stream() { return is_stdout() ? std::cout : file_; }

void OutputFile::commit() {
  if (is_stdout()) {
    std::cout.flush();
    if (!std::cout) throw std::runtime_error("cannot write to standard output");
    return;
  }
  file_.flush();
  if (!file_) throw std::runtime_error(path_ + ": write failed (disk full?)");
  file_.close();
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0)
    throw std::runtime_error(path_ +
                             ": cannot move the output into place: " + std::strerror(errno));
  committed_ = true;
}

}  // namespace alinea::cli
