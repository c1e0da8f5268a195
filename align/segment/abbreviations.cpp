#include "align/segment/abbreviations.h"

#include <string>

#include "align/error.h"
#include "align/text.h"

namespace alinea::align::detail {

extern const char kAbbreviationsEs[];
extern const char kAbbreviationsEn[];

namespace {

void add_language_lists(AbbreviationTable& table, Language language) {
  const char* own = language == Language::Spanish ? kAbbreviationsEs : kAbbreviationsEn;
  const char* foreign = language == Language::Spanish ? kAbbreviationsEn : kAbbreviationsEs;
  table.add_list(own);
  table.add_list(foreign);
}

AbbreviationTable build(Language language) {
  AbbreviationTable table;
  add_language_lists(table, language);
  return table;
}

}  // namespace

const AbbreviationTable& AbbreviationTable::for_language(Language language) {
  static const AbbreviationTable spanish = build(Language::Spanish);
  static const AbbreviationTable english = build(Language::English);
  return language == Language::Spanish ? spanish : english;
}

AbbreviationTable AbbreviationTable::with_additions(Language language, std::string_view list,
                                                    const std::string& list_name) {
  AbbreviationTable table;
  table.add_list(list, list_name);
  add_language_lists(table, language);
  return table;
}

void AbbreviationTable::add_list(std::string_view data, const std::string& list_name) {
  size_t line_no = 0;
  while (!data.empty()) {
    size_t eol = data.find('\n');
    std::string_view line = data.substr(0, eol);
    data.remove_prefix(eol == std::string_view::npos ? data.size() : eol + 1);
    ++line_no;
    line = trim_space(line);
    if (line.empty() || line.front() == '#') continue;
    size_t tab = line.find('\t');
    std::string_view entry = trim_space(line.substr(0, tab));
    std::string_view kind_name = tab == std::string_view::npos ? std::string_view("title")
                                                               : trim_space(line.substr(tab + 1));
    if (entry.empty())
      throw InputError(list_name, "expected ABBREVIATION or ABBREVIATION<TAB>KIND",
                       InputPosition{line_no, std::nullopt, std::nullopt});
    AbbrevKind kind;
    if (kind_name == "title")
      kind = AbbrevKind::Title;
    else if (kind_name == "number")
      kind = AbbrevKind::Number;
    else if (kind_name == "final")
      kind = AbbrevKind::Final;
    else if (kind_name == "label")
      kind = AbbrevKind::Label;
    else
      throw InputError(
          list_name,
          "unknown kind '" + std::string(kind_name) + "' (expected title, number, final or label)",
          InputPosition{line_no, std::nullopt, std::nullopt});
    entries_.emplace(std::string(entry), kind);
    for (size_t space = entry.find(' '); space != std::string_view::npos;
         space = entry.find(' ', space + 1))
      prefixes_.emplace(entry.substr(0, space));
  }
}

std::optional<AbbrevKind> AbbreviationTable::find(std::string_view key) const {
  if (auto it = entries_.find(std::string(key)); it != entries_.end()) return it->second;
  // Sentence-initial capitalisation of a lower-case entry ("Pág. 3", "Etc.").
  if (!key.empty() && key.front() >= 'A' && key.front() <= 'Z') {
    std::string lower(key);
    lower.front() = static_cast<char>(lower.front() - 'A' + 'a');
    if (auto it = entries_.find(lower); it != entries_.end()) return it->second;
    // Text in capitals: "SR. GARCÍA", "DRA. PÉREZ" as "Sr.", "Dra.".
    bool upper = key.size() >= 3;
    for (size_t i = 1; i < key.size() && upper; ++i)
      upper = (key[i] >= 'A' && key[i] <= 'Z') || key[i] == '.';
    if (upper) {
      std::string title(key);
      for (size_t i = 1; i < title.size(); ++i)
        if (title[i] >= 'A' && title[i] <= 'Z') title[i] = static_cast<char>(title[i] - 'A' + 'a');
      if (auto it = entries_.find(title); it != entries_.end()) return it->second;
      title.front() = static_cast<char>(title.front() - 'A' + 'a');
      if (auto it = entries_.find(title); it != entries_.end()) return it->second;
    }
  }
  return std::nullopt;
}

bool AbbreviationTable::is_prefix(std::string_view words) const {
  return prefixes_.count(std::string(words)) > 0;
}

}  // namespace alinea::align::detail
