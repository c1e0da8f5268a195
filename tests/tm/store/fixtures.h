// Helpers shared by the store tests.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tm/store/store.h"

namespace alinea::tm::test {

// A fresh directory, removed with its contents at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "alinea-tm-XXXXXX").string();
    path = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

inline TranslationUnit unit(std::string src, std::string tgt, std::string src_lang = "es-CL",
                            std::string tgt_lang = "en") {
  TranslationUnit u;
  u.source = {std::move(src_lang), std::move(src), {}};
  u.target = {std::move(tgt_lang), std::move(tgt), {}};
  return u;
}

// tests/data/tm/pairs.tsv: es, en, document.
inline std::vector<TranslationUnit> sample_units() {
  std::ifstream in(std::string(ALINEA_TEST_DATA) + "/tm/pairs.tsv");
  std::vector<TranslationUnit> units;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '\t')) f.push_back(field);
    if (f.size() < 3) continue;
    auto u = unit(f[0], f[1]);
    u.document = f[2];
    units.push_back(std::move(u));
  }
  return units;
}

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::vector<TranslationUnit> all_units(const Store& s, const UnitFilter& f = {}) {
  std::vector<TranslationUnit> out;
  s.for_each_unit(f, [&](const TranslationUnit& u) { out.push_back(u); });
  return out;
}

}  // namespace alinea::tm::test
