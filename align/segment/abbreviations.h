// Internal: the abbreviation lists of align/data, embedded at build time.
//
//   const AbbreviationTable& t = AbbreviationTable::for_language(Language::Spanish);
//   t.find("Sr.");               // AbbrevKind::Title
//   t.find("EE. UU.");           // AbbrevKind::Final
//   t.is_prefix("EE.");          // true: "EE." alone is the start of "EE. UU."
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "align/language.h"

namespace alinea::align::detail {

// What may follow an abbreviation without it ending the sentence.
enum class AbbrevKind {
  Title,   // anything: it never ends a sentence ("Sr.", "p. ej.")
  Number,  // a number ("pág. 12", "Jan. 5")
  Final,   // only a lower-case word; it may end a sentence ("etc.", "EE. UU.")
  Label,   // not an abbreviation: a word that numbers a heading ("Tabla 3.")
};

class AbbreviationTable {
 public:
  // The language's own list, then the other language's for entries the
  // first lacks (English titles turn up in Spanish text and vice versa).
  // Built once, on first use; thread-safe.
  static const AbbreviationTable& for_language(Language language);

  // The language's tables after a user's list (its entries win).
  static AbbreviationTable with_additions(Language language, std::string_view list,
                                          const std::string& list_name);

  // Parses the data file format: `ENTRY<TAB>KIND` lines (KIND title, number,
  // final or label; an entry without a kind is a title), `#` comments.
  // Later entries do not override earlier ones. A malformed line throws
  // InputError naming `list_name` and the line.
  void add_list(std::string_view data, const std::string& list_name = "built-in abbreviations");

  // `key` is one token or several joined by single spaces, NFC. A capitalised
  // form of a lower-case entry ("Pág." for "pág.") is found too.
  std::optional<AbbrevKind> find(std::string_view key) const;
  // True when `words` are the leading words of a multi-word entry.
  bool is_prefix(std::string_view words) const;

 private:
  std::unordered_map<std::string, AbbrevKind> entries_;
  std::unordered_set<std::string> prefixes_;
};

}  // namespace alinea::align::detail
