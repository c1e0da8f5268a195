// A Spanish-English word and phrase lexicon with hash lookups both ways and
// via Snowball stems.
//
//   Lexicon lex = Lexicon::load("resources/lexicon.bin");   // one read, ~ms
//   for (std::string_view en : lex.translations_of_es("ocupacion")) ...
//   Stemmer es_stem(Language::Spanish);
//   lex.translations_of_es_stem(es_stem.stem("ocupaciones"));  // "occupation", ...
//   lex.lookup(Language::Spanish, "Ocupaciones");  // fold + direct + via stem
//
// Keys are lookup keys: lower-cased and accent-folded with align::fold, inner
// whitespace collapsed to one space (lexicon_key() makes one from any text).
// A Lexicon is immutable once built; copies share the same storage, reads are
// thread-safe, and the string_views it returns live as long as any copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "align/language.h"

namespace alinea::align {

enum class LexiconSource : uint8_t { FreeDictSpaEng, FreeDictEngSpa, Apertium, User };
inline constexpr size_t kLexiconSourceCount = 4;

// "freedict-spa-eng", "freedict-eng-spa", "apertium", "user"
std::string_view source_name(LexiconSource source);
std::optional<LexiconSource> parse_source(std::string_view name);

// A set of sources: bit (1 << source). A pair found in several dictionaries
// is stored once with all of them.
using LexiconSourceMask = uint8_t;
inline constexpr LexiconSourceMask source_bit(LexiconSource s) {
  return static_cast<LexiconSourceMask>(1u << static_cast<unsigned>(s));
}

// es/en are keys (see above), single- or multi-word; pos is a part-of-speech
// tag as the source gives it ("n", "vblex", "adj"), possibly empty.
struct LexiconPair {
  std::string es;
  std::string en;
  LexiconSource source = LexiconSource::User;
  std::string pos;
};

// One stored pair as seen through for_each_entry().
struct LexiconEntry {
  std::string_view es;
  std::string_view en;
  LexiconSourceMask sources = 0;
  std::string_view pos;
};

// One answer of Lexicon::lookup(). `key` is the stored key in the language
// looked up from; `via_stem` is true when only its stem matched the query's.
struct LexiconMatch {
  std::string_view key;
  std::string_view translation;
  LexiconSourceMask sources = 0;
  std::string_view pos;
  bool via_stem = false;
};

struct LexiconStats {
  size_t pairs = 0;  // distinct es-en pairs
  size_t es_keys = 0;
  size_t en_keys = 0;
  size_t multiword_pairs = 0;                         // es or en has a space
  size_t pairs_by_source[kLexiconSourceCount] = {};   // pairs each source gave
  size_t only_from_source[kLexiconSourceCount] = {};  // pairs no other source gave
};

// Counts from reading a TSV file.
struct TsvReadReport {
  size_t lines = 0;
  size_t pairs = 0;
  size_t malformed = 0;  // skipped: < 2 fields, empty key, bad UTF-8, unknown source
};

// Lower case, accent folding and whitespace collapsing of `text` (valid
// UTF-8): the form every key is stored and looked up in.
std::string lexicon_key(std::string_view text);

class Lexicon {
 public:
  Lexicon();  // empty

  // The compact binary file written by save(). Reads it in one go and checks
  // magic, version (newer versions are refused) and a CRC; throws
  // ResourceError naming the file otherwise.
  static Lexicon load(const std::string& path);
  // The same from the file's bytes already in memory (the caller read them,
  // e.g. to take their digest); `name` names them in errors.
  static Lexicon from_bytes(std::string_view bytes, const std::string& name);
  // Lines `es<TAB>en[<TAB>sources[<TAB>pos]]`, sources a comma list of
  // source_name()s (default "user"); `#` lines are comments. Malformed lines
  // are skipped and counted in *report. Throws ResourceError if unreadable.
  static Lexicon load_tsv(const std::string& path, TsvReadReport* report = nullptr);
  // Keys are normalised with lexicon_key(); pairs with an empty side are
  // dropped, duplicates merged (sources united, first non-empty pos kept).
  static Lexicon from_pairs(std::vector<LexiconPair> pairs);

  size_t size() const;  // number of distinct es-en pairs
  bool empty() const { return size() == 0; }
  LexiconStats stats() const;

  // Direct hash lookups of a key. Views point into the lexicon.
  std::vector<std::string_view> translations_of_es(std::string_view folded_es) const;
  std::vector<std::string_view> translations_of_en(std::string_view folded_en) const;
  std::vector<std::string_view> translations(Language from, std::string_view key) const;
  bool has_es(std::string_view folded_es) const;
  bool has_en(std::string_view folded_en) const;

  // Lookups by stem key (Stemmer::stem_phrase of a folded key): the
  // translations of every stored key with that stem, without duplicates.
  std::vector<std::string_view> translations_of_es_stem(std::string_view es_stem) const;
  std::vector<std::string_view> translations_of_en_stem(std::string_view en_stem) const;
  bool has_es_stem(std::string_view es_stem) const;
  bool has_en_stem(std::string_view en_stem) const;

  // For people (the CLI): folds `text`, returns direct matches first, then
  // matches via stem (keys already matched directly are not repeated).
  std::vector<LexiconMatch> lookup(Language from, std::string_view text) const;

  // Every pair once, ordered by es key then en key; `source` is the first
  // source of the pair (for all of them use for_each_entry).
  void for_each_pair(const std::function<void(std::string_view es, std::string_view en,
                                              LexiconSource source)>& callback) const;
  void for_each_entry(const std::function<void(const LexiconEntry&)>& callback) const;

  // Binary format (save/load) and readable dump (save_tsv/load_tsv). Throw
  // ResourceError when the file cannot be written.
  void save(const std::string& path) const;
  void save_tsv(const std::string& path) const;

 private:
  struct Impl;
  explicit Lexicon(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

}  // namespace alinea::align
