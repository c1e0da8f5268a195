// The bilingual lexicon as the CLI uses it: loaded once from the data
// directory when present, optional everywhere but `alinea lexicon`.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "align/lexicon/lexicon.h"
#include "cli/context.h"

namespace alinea::cli {

class LexiconAccess {
 public:
  // nullptr (and a note with -v) when no lexicon has been built.
  static std::shared_ptr<const LexiconAccess> try_load(const Context& ctx);
  // Throws UsageError saying how to build one.
  static std::shared_ptr<const LexiconAccess> load(const Context& ctx);

  const align::Lexicon& lexicon() const { return lexicon_; }
  const std::string& path() const { return path_; }
  // SHA-256 (hex) of the file's bytes as they were loaded.
  const std::string& sha256() const { return sha256_; }
  // Translations of a word or phrase in `lang` ("es"/"en"), direct then via
  // stem, as plain strings.
  std::vector<std::string> translations(std::string_view term, const std::string& lang) const;

 private:
  LexiconAccess(align::Lexicon lexicon, std::string path, std::string sha256)
      : lexicon_(std::move(lexicon)), path_(std::move(path)), sha256_(std::move(sha256)) {}
  align::Lexicon lexicon_;
  std::string path_;
  std::string sha256_;
};

// Case- and accent-insensitive comparison key.
std::string fold_key(std::string_view text);

// "es" or "en" for a short term: the lexicon knows the word on one side
// only, else the language detector decides, else "es".
std::string guess_term_language(std::string_view term, const LexiconAccess* lexicon);

}  // namespace alinea::cli
