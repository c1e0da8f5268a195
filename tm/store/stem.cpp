#include "tm/store/stem.h"

#include <libstemmer.h>

#include "tm/error.h"
#include "tm/store/text.h"

namespace alinea::tm::text {
namespace {

// Snowball's Spanish rules name accented suffixes ("-ación"), which folding
// removed: restore the accent where that is unambiguous, so that "ocupacion"
// and "ocupaciones" share the stem "ocup".
std::string reaccent_spanish(std::string_view w) {
  for (auto [folded, accented] :
       {std::pair<std::string_view, std::string_view>{"cion", "ci\xc3\xb3n"},
        {"sion", "si\xc3\xb3n"}}) {
    if (w.size() > folded.size() + 1 && w.ends_with(folded))
      return std::string(w.substr(0, w.size() - folded.size())) + std::string(accented);
  }
  return std::string(w);
}

}  // namespace

struct StemCache::Impl {
  sb_stemmer* stemmer = nullptr;
  bool spanish = false;
  ~Impl() {
    if (stemmer) sb_stemmer_delete(stemmer);
  }
};

StemCache::StemCache(std::string_view lang) : impl_(std::make_unique<Impl>()) {
  const std::string primary = primary_lang(lang);
  const char* algorithm = primary == "es" ? "spanish" : primary == "en" ? "english" : nullptr;
  impl_->spanish = primary == "es";
  if (algorithm) {
    impl_->stemmer = sb_stemmer_new(algorithm, "UTF_8");
    if (!impl_->stemmer)
      throw Error(std::string("libstemmer has no UTF-8 stemmer for ") + algorithm);
  }
}

StemCache::~StemCache() = default;
StemCache::StemCache(StemCache&&) noexcept = default;
StemCache& StemCache::operator=(StemCache&&) noexcept = default;

bool StemCache::stems() const { return impl_ && impl_->stemmer; }

const std::string& StemCache::stem(const std::string& folded_word) {
  if (auto it = cache_.find(folded_word); it != cache_.end()) return it->second;
  std::string result = folded_word;
  // Short words carry too little to stem, and Snowball would merge function
  // words ("as" -> "a").
  if (stems() && folded_word.size() > 2) {
    const std::string word = impl_->spanish ? reaccent_spanish(folded_word) : folded_word;
    const sb_symbol* out =
        sb_stemmer_stem(impl_->stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                        static_cast<int>(word.size()));
    if (out) {
      result = fold(std::string_view(reinterpret_cast<const char*>(out),
                                     static_cast<size_t>(sb_stemmer_length(impl_->stemmer))));
      // Folding hides the accent of -ía/-ío: Snowball then keeps an "i" that
      // separates singular from plural (principio/principios): drop it.
      if (impl_->spanish && result.size() > 3 && result.back() == 'i' &&
          (folded_word.ends_with("io") || folded_word.ends_with("ia") ||
           folded_word.ends_with("ios") || folded_word.ends_with("ias")))
        result.pop_back();
    }
  }
  return cache_.emplace(folded_word, std::move(result)).first->second;
}

}  // namespace alinea::tm::text
