#include "align/aligner/beads_io.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <istream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>

#include "align/error.h"

namespace alinea::align {
namespace {

InputPosition position(size_t line, size_t index) {
  InputPosition where;
  if (line) where.line = line;
  if (index != std::string_view::npos) where.column = index + 1;
  return where;
}

void skip_spaces(std::string_view s, size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) ++i;
}

SegmentRange parse_side(std::string_view s, size_t& i, const std::string& file, size_t line) {
  auto fail = [&](const std::string& what) {
    throw InputError(file, "bad bead `" + std::string(s) + "`: " + what, position(line, i));
  };
  skip_spaces(s, i);
  if (i >= s.size() || s[i] != '[') fail("expected '['");
  ++i;
  SegmentRange range;
  bool first = true;
  uint64_t previous = 0;
  skip_spaces(s, i);
  while (i < s.size() && s[i] != ']') {
    if (!first) {
      if (s[i] != ',') fail("expected ',' or ']'");
      ++i;
      skip_spaces(s, i);
    }
    if (i >= s.size() || s[i] < '0' || s[i] > '9') fail("expected an index");
    uint64_t value = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      value = value * 10 + static_cast<uint64_t>(s[i] - '0');
      if (value > 0xFFFFFFFEull) fail("index too large");
      ++i;
    }
    if (first) {
      range.begin = static_cast<uint32_t>(value);
    } else if (value != previous + 1) {
      fail("indices of a side must be consecutive");
    }
    previous = value;
    ++range.size;
    first = false;
    skip_spaces(s, i);
  }
  if (i >= s.size()) fail("missing ']'");
  ++i;
  return range;
}

std::string joined(const std::vector<Segment>& side, SegmentRange r) {
  std::string out;
  for (uint32_t k = r.begin; k < r.end(); ++k) {
    if (k > r.begin) out += ' ';
    out += side.at(k).text;
  }
  return out;
}

std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return s;
}

std::string number(double v, int digits) {
  if (!std::isfinite(v)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

}  // namespace

std::string format_bead(const Bead& bead) {
  std::string out = "[";
  auto side = [&out](SegmentRange r) {
    for (uint32_t k = r.begin; k < r.end(); ++k) {
      if (k > r.begin) out.push_back(',');
      out.append(std::to_string(k));
    }
  };
  side(bead.src);
  out.append("]:[");
  side(bead.tgt);
  out.push_back(']');
  return out;
}

Bead parse_bead(std::string_view text, const std::string& file, size_t line) {
  size_t i = 0;
  Bead bead;
  bead.src = parse_side(text, i, file, line);
  skip_spaces(text, i);
  if (i >= text.size() || text[i] != ':')
    throw InputError(file, "bad bead `" + std::string(text) + "`: expected ':'", position(line, i));
  ++i;
  bead.tgt = parse_side(text, i, file, line);
  skip_spaces(text, i);
  if (i != text.size())
    throw InputError(file, "bad bead `" + std::string(text) + "`: trailing text",
                     position(line, i));
  bead.confidence = 1.0;
  return bead;
}

Alignment read_beads(std::istream& in, const std::string& file) {
  Alignment a;
  std::string line;
  size_t number_of_line = 0;
  while (std::getline(in, line)) {
    ++number_of_line;
    std::string_view view(line);
    size_t start = 0;
    skip_spaces(view, start);
    if (start == view.size()) continue;
    a.beads.push_back(parse_bead(view, file, number_of_line));
  }
  return a;
}

Alignment read_beads_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "cannot open file");
  return read_beads(in, path);
}

void write_beads(std::ostream& out, const Alignment& alignment) {
  for (const Bead& b : alignment.beads) out << format_bead(b) << '\n';
}

void write_tsv(std::ostream& out, const Alignment& alignment, const std::vector<Segment>& es,
               const std::vector<Segment>& en) {
  for (const Bead& b : alignment.beads)
    out << one_line(joined(es, b.src)) << '\t' << one_line(joined(en, b.tgt)) << '\t'
        << number(b.confidence, 4) << '\n';
}

void write_json_lines(std::ostream& out, const Alignment& alignment, const std::vector<Segment>& es,
                      const std::vector<Segment>& en) {
  using Json = nlohmann::ordered_json;
  auto indices = [](SegmentRange r) {
    Json a = Json::array();
    for (uint32_t k = r.begin; k < r.end(); ++k) a.push_back(k);
    return a;
  };
  // Four decimals, as the TSV has them; NaN or infinity (never expected) as null.
  auto rounded = [](double v) -> Json {
    if (!std::isfinite(v)) return nullptr;
    return std::round(v * 1e4) / 1e4;
  };
  for (const Bead& b : alignment.beads) {
    const Json line = {{"es", indices(b.src)},         {"en", indices(b.tgt)},
                       {"es_text", joined(es, b.src)}, {"en_text", joined(en, b.tgt)},
                       {"score", rounded(b.score)},    {"confidence", rounded(b.confidence)}};
    out << line.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
  }
}

void check_alignment(const Alignment& alignment, size_t es_count, size_t en_count,
                     const std::string& file) {
  uint64_t x = 0;
  uint64_t y = 0;
  uint64_t index = 0;
  for (const Bead& b : alignment.beads) {
    ++index;
    auto fail = [&](const std::string& what) {
      throw InputError(file, "bead " + std::to_string(index) + " " + format_bead(b) + ": " + what,
                       position(index, std::string_view::npos));
    };
    if (b.src.empty() && b.tgt.empty()) fail("both sides empty");
    if (!b.src.empty() && b.src.begin != x)
      fail("expected Spanish segment " + std::to_string(x) + " next");
    if (!b.tgt.empty() && b.tgt.begin != y)
      fail("expected English segment " + std::to_string(y) + " next");
    x += b.src.size;
    y += b.tgt.size;
  }
  if (x != es_count || y != en_count)
    throw InputError(file, "alignment covers " + std::to_string(x) + " Spanish and " +
                               std::to_string(y) + " English segments, expected " +
                               std::to_string(es_count) + " and " + std::to_string(en_count));
}

}  // namespace alinea::align
