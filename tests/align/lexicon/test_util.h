// Helpers shared by the lexicon tests.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
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

// dictd and lt-print test files.
inline std::string dictd_number(size_t v) {
  static const char* kDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  do {
    out.insert(out.begin(), kDigits[v % 64]);
    v /= 64;
  } while (v > 0);
  return out;
}

inline void write_gzip(const std::string& path, const std::string& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  BOOST_REQUIRE(f != nullptr);
  BOOST_REQUIRE(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())) ==
                static_cast<int>(bytes.size()));
  gzclose(f);
}

// A dictd dictionary from (headword, entry text) records, plus raw extra
// index lines (for malformed ones).
inline void write_dictd(const std::string& index_path, const std::string& dict_path,
                        const std::vector<std::pair<std::string, std::string>>& entries,
                        const std::string& extra_index_lines) {
  std::string dict, index;
  for (const auto& [head, text] : entries) {
    index += head + "\t" + dictd_number(dict.size()) + "\t" + dictd_number(text.size()) + "\n";
    dict += text;
  }
  index += extra_index_lines;
  write_file(index_path, index);
  write_gzip(dict_path, dict);
}

inline bool has_pair(const std::vector<alinea::align::LexiconPair>& pairs, std::string_view es,
                     std::string_view en) {
  return std::any_of(pairs.begin(), pairs.end(),
                     [&](const alinea::align::LexiconPair& p) { return p.es == es && p.en == en; });
}

// Symbols of one side: tags whole, otherwise one UTF-8 code point each.
inline std::vector<std::string> symbols(std::string_view s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    size_t n = 1;
    if (s[i] == '<')
      n = s.find('>', i) - i + 1;
    else if ((static_cast<unsigned char>(s[i]) & 0xe0) == 0xc0)
      n = 2;
    else if ((static_cast<unsigned char>(s[i]) & 0xf0) == 0xe0)
      n = 3;
    out.emplace_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// Transitions spelling `in`:`out` from state 0 to a new final state, as
// lt-print would print an unminimised path (input first, then output).
inline std::string att_path(int& next_state, std::string_view in, std::string_view out) {
  std::string lines;
  int from = 0;
  auto step = [&](const std::string& a, const std::string& b) {
    int to = ++next_state;
    lines +=
        std::to_string(from) + "\t" + std::to_string(to) + "\t" + a + "\t" + b + "\t0.000000\t\n";
    from = to;
  };
  for (const auto& sym : symbols(in)) step(sym, "\xce\xb5");
  for (const auto& sym : symbols(out)) step("\xce\xb5", sym);
  lines += std::to_string(from) + "\t0.000000\n";
  return lines;
}
