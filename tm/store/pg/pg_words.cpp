#include "tm/store/pg/pg_words.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "tm/store/text.h"

namespace alinea::tm::pg {
namespace {

// PostgreSQL's limits (tsearch/ts_type.h): a lexeme's length, a position,
// and positions kept per lexeme.
constexpr std::size_t kMaxWordBytes = 2046;
constexpr uint32_t kMaxPosition = 16383;
constexpr std::size_t kMaxPositions = 256;

}  // namespace

std::string tsvector_of(std::string_view text) {
  std::vector<std::pair<std::string, uint32_t>> words;  // (folded, position)
  uint32_t position = 0;
  for (auto& token : text::tokenize(text)) {
    if (position == kMaxPosition) break;
    ++position;
    if (token.folded.empty() || token.folded.size() > kMaxWordBytes) continue;
    words.emplace_back(std::move(token.folded), position);
  }
  std::stable_sort(words.begin(), words.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const bool first = i == 0 || words[i].first != words[i - 1].first;
    if (first) {
      kept = 0;
      if (i) out += ' ';
      out += '\'';
      for (char c : words[i].first) {
        // Folded words hold letters and digits only; quoted all the same.
        if (c == '\'' || c == '\\') out += c;
        out += c;
      }
      out += "':";
    } else if (kept < kMaxPositions) {
      out += ',';
    }
    if (kept++ < kMaxPositions) out += std::to_string(words[i].second);
  }
  return out;
}

}  // namespace alinea::tm::pg
