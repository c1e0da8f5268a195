// Snowball stems of folded words, for the store's inflection-aware term
// search: "contraseñas" and "contraseña" meet as "contrasen".
//
//   StemCache stems("es");
//   stems.stem("cordones") == stems.stem("cordon")   // "cordon"
//
// Private to tm/store. Input is a folded word (text::fold); words of one or
// two letters, numbers and languages without a stemmer come back unchanged.
// Not thread-safe (Snowball keeps its work buffer in the object, and the
// cache grows): make one per query.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace alinea::tm::text {

class StemCache {
 public:
  // lang: a language tag; "es" and "en" (any region) are stemmed.
  explicit StemCache(std::string_view lang);
  ~StemCache();
  StemCache(StemCache&&) noexcept;
  StemCache& operator=(StemCache&&) noexcept;
  StemCache(const StemCache&) = delete;
  StemCache& operator=(const StemCache&) = delete;

  const std::string& stem(const std::string& folded_word);
  bool stems() const;  // false: stem() is the identity

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::unordered_map<std::string, std::string> cache_;
};

}  // namespace alinea::tm::text
