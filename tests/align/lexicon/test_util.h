// Helpers shared by the lexicon tests.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "align/lexicon/lexicon.h"

using Strings = std::vector<std::string_view>;

inline Strings sorted(Strings v) {
  std::sort(v.begin(), v.end());
  return v;
}

// A fresh directory removed at scope exit.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() /
           ("alinea-lexicon-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

inline void write_file(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every entry as "es|en|sources|pos" lines, for comparing lexicons.
inline std::string dump(const alinea::align::Lexicon& lex) {
  std::string out;
  lex.for_each_entry([&](const alinea::align::LexiconEntry& e) {
    out += std::string(e.es) + "|" + std::string(e.en) + "|" + std::to_string(e.sources) + "|" +
           std::string(e.pos) + "\n";
  });
  return out;
}
