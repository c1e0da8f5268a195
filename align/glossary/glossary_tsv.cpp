// Glossary files: TSV reading and writing, and removal of duplicate pairs.
#include <algorithm>
#include <istream>
#include <ostream>
#include <unordered_set>

#include "align/error.h"
#include "align/glossary/gloss_words.h"
#include "align/glossary/glossary.h"
#include "align/text.h"

namespace alinea::align {
namespace {

std::string tsv_field(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (true) {
    size_t tab = line.find('\t', pos);
    out.push_back(line.substr(pos, tab == std::string_view::npos ? line.npos : tab - pos));
    if (tab == std::string_view::npos) return out;
    pos = tab + 1;
  }
}

}  // namespace

void deduplicate_glossary(std::vector<GlossaryEntry>& entries) {
  std::unordered_set<std::string> seen;
  std::erase_if(entries, [&](const GlossaryEntry& e) {
    return !seen.insert(fold(e.es) + '\t' + fold(e.en)).second;
  });
}

void write_glossary_tsv(std::ostream& out, const std::vector<GlossaryEntry>& entries) {
  out << "es\ten\tfile\tcontext\n";
  for (const GlossaryEntry& e : entries)
    out << tsv_field(e.es) << '\t' << tsv_field(e.en) << '\t' << tsv_field(e.file) << '\t'
        << tsv_field(e.context) << '\n';
}

std::vector<GlossaryEntry> read_glossary_tsv(std::istream& in, const std::string& file_name) {
  std::vector<GlossaryEntry> out;
  std::string line;
  uint64_t line_no = 0;
  std::optional<size_t> es_col, en_col, file_col, context_col;
  size_t columns = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_no == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    std::vector<std::string_view> fields = split_tabs(line);
    if (line_no == 1) {
      for (size_t i = 0; i < fields.size(); ++i) {
        std::string name = lower_latin(trim_space(fields[i]));
        if (name == "es") es_col = i;
        if (name == "en") en_col = i;
        if (name == "file") file_col = i;
        if (name == "context") context_col = i;
      }
      if (!es_col || !en_col)
        throw InputError(file_name, "header needs an `es` and an `en` column",
                         InputPosition{1, std::nullopt, std::nullopt});
      columns = std::max(*es_col, *en_col) + 1;
      continue;
    }
    if (trim_space(line).empty()) continue;
    if (fields.size() < columns)
      throw InputError(file_name,
                       "expected at least " + std::to_string(columns) + " tab-separated fields",
                       InputPosition{line_no, std::nullopt, std::nullopt});
    if (size_t bad = find_invalid_utf8(line); bad != std::string::npos)
      throw InputError(file_name, "not valid UTF-8", InputPosition{line_no, bad + 1, std::nullopt});
    GlossaryEntry e;
    e.es = std::string(fields[*es_col]);
    e.en = std::string(fields[*en_col]);
    if (file_col && *file_col < fields.size()) e.file = std::string(fields[*file_col]);
    if (context_col && *context_col < fields.size()) e.context = std::string(fields[*context_col]);
    out.push_back(std::move(e));
  }
  if (line_no == 0) throw InputError(file_name, "empty glossary: no header row");
  return out;
}

}  // namespace alinea::align
