#include "cli/output.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <stdexcept>

namespace alinea::cli {

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  if (is_stdout()) return;
  std::error_code ec;
  const auto status = std::filesystem::status(path_, ec);  // follows links
  if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    if (std::filesystem::is_directory(status))
      throw std::runtime_error(path_ + ": cannot write: it is a directory");
    file_.open(path_, std::ios::binary | std::ios::trunc);
    if (!file_) throw std::runtime_error(path_ + ": cannot write: " + std::strerror(errno));
    return;
  }
  final_path_ = path_;
  if (std::filesystem::is_symlink(std::filesystem::symlink_status(path_, ec))) {
    const auto target = std::filesystem::canonical(path_, ec);
    if (!ec) final_path_ = target.string();
  }
  temp_path_ = final_path_ + ".part-" + std::to_string(getpid());
  file_.open(temp_path_, std::ios::binary | std::ios::trunc);
  if (!file_) throw std::runtime_error(path_ + ": cannot write: " + std::strerror(errno));
}

OutputFile::~OutputFile() {
  if (!is_stdout() && !committed_) {
    file_.close();
    if (!temp_path_.empty()) std::remove(temp_path_.c_str());
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
  if (temp_path_.empty()) {
    if (!file_) throw std::runtime_error(path_ + ": write failed");
    committed_ = true;
    return;
  }
  if (std::rename(temp_path_.c_str(), final_path_.c_str()) != 0)
    throw std::runtime_error(path_ +
                             ": cannot move the output into place: " + std::strerror(errno));
  committed_ = true;
}

}  // namespace alinea::cli
