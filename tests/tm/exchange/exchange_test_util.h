// Helpers shared by the exchange tests.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tm/exchange/tmx_reader.h"
#include "tm/exchange/tmx_writer.h"
#include "tm/unit.h"

namespace alinea::tm {
// For Boost.Test messages.
inline std::ostream& operator<<(std::ostream& os, UnitStatus s) { return os << status_name(s); }
}  // namespace alinea::tm

namespace alinea::tm::testing {

inline std::string data_path(const std::string& name) {
  return std::string(ALINEA_TEST_DATA) + "/tmx/" + name;
}

// A fresh directory under the system temp dir, removed at scope exit.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("alinea-exchange-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& content) const {
    const std::string p = file(name);
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

 private:
  std::filesystem::path path_;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<TranslationUnit> read_all(const std::string& path, ReadReport* report = nullptr,
                                             ReadOptions options = {}) {
  std::vector<TranslationUnit> units;
  ReadReport r =
      read_tmx(path, options, [&](TranslationUnit&& u) { units.push_back(std::move(u)); });
  if (report != nullptr) *report = r;
  return units;
}

inline std::string write_tmx(const std::vector<TranslationUnit>& units, TmxHeader header = {}) {
  std::ostringstream out;
  TmxWriter w(out, header);
  for (const auto& u : units) w.write(u);
  w.finish();
  return out.str();
}

// A unit with every field set, as an alignment + review would leave it.
inline TranslationUnit full_unit(int n) {
  TranslationUnit u;
  u.id = n;
  u.source = {"es-CL", "Los pobladores de la toma " + std::to_string(n) + " & \"compañeros\"", {}};
  u.target = {"en", "The settlers of takeover " + std::to_string(n) + " & \"comrades\"", {}};
  u.document = "poblaciones/la-victoria.txt";
  u.position = n * 3;
  u.confidence = 0.1 * (n % 10) + 0.0123;
  u.status = n % 3 == 0   ? UnitStatus::Reviewed
             : n % 3 == 1 ? UnitStatus::Aligned
                          : UnitStatus::Rejected;
  u.created_at = 1000000000 + n;  // 2001-09-09
  u.changed_at = 1700000000 + n;
  u.created_by = "ana";
  u.changed_by = "bea";
  u.note = "revisar <fecha>\ncon el comité";
  u.context_prev = "Antes.";
  u.context_next = "Después.";
  u.properties = {{"x-origin", "gettext:tar"}, {"client", "Población <La Legua>"}};
  return u;
}

}  // namespace alinea::tm::testing
