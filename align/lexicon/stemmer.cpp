#include "align/lexicon/stemmer.h"

#include <libstemmer.h>

#include "align/error.h"
#include "align/text.h"

namespace alinea::align {
namespace {

// Snowball's Spanish rules name accented suffixes ("-ación", "-logía"), so a
// folded word would keep them ("ocupacion" but "ocupación" -> "ocup").
// Restore the accent of the few suffixes where folding loses it without
// ambiguity, so that folded and accented spellings share a stem.
std::string reaccent_spanish(std::string_view w) {
  struct Rule {
    std::string_view folded, accented;
  };
  static constexpr Rule kRules[] = {{"cion", "ci\xc3\xb3n"},
                                    {"sion", "si\xc3\xb3n"},
                                    {"logia",
                                     "log\xc3\xad"
                                     "a"},
                                    {"logias",
                                     "log\xc3\xad"
                                     "as"}};
  for (const Rule& r : kRules)
    if (w.size() > r.folded.size() + 1 && w.ends_with(r.folded))
      return std::string(w.substr(0, w.size() - r.folded.size())) + std::string(r.accented);
  // Second person plural -éis (habéis, comeréis); "seis" and other short
  // words keep their -eis.
  if (w.size() > 5 && w.ends_with("eis"))
    return std::string(w.substr(0, w.size() - 3)) + "\xc3\xa9is";
  return std::string(w);
}

}  // namespace

struct Stemmer::Impl {
  sb_stemmer* stemmer = nullptr;
  ~Impl() { sb_stemmer_delete(stemmer); }
};

Stemmer::Stemmer(Language language) : language_(language), impl_(std::make_unique<Impl>()) {
  const char* algorithm = language == Language::Spanish ? "spanish" : "english";
  impl_->stemmer = sb_stemmer_new(algorithm, "UTF_8");
  if (impl_->stemmer == nullptr)
    throw ResourceError(std::string("libstemmer has no UTF-8 stemmer for ") + algorithm);
}

Stemmer::~Stemmer() = default;
Stemmer::Stemmer(Stemmer&&) noexcept = default;
Stemmer& Stemmer::operator=(Stemmer&&) noexcept = default;

std::string Stemmer::stem(std::string_view folded_word) const {
  // Snowball would strip "-s" from two-letter words ("as" -> "a") and so
  // merge function words; short words carry too little to stem anyway.
  if (folded_word.size() <= 2 || !impl_) return std::string(folded_word);
  std::string word =
      language_ == Language::Spanish ? reaccent_spanish(folded_word) : std::string(folded_word);
  const sb_symbol* out =
      sb_stemmer_stem(impl_->stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                      static_cast<int>(word.size()));
  if (out == nullptr) return std::string(folded_word);  // out of memory inside Snowball
  std::string_view stem(reinterpret_cast<const char*>(out),
                        static_cast<size_t>(sb_stemmer_length(impl_->stemmer)));
  std::string result = fold(stem);  // a restored accent survives when its suffix stays
  // Folding also hides the accent of -ía/-ió (había, respondió): Snowball
  // then removes only the final vowel and leaves "habi", "respondi", apart
  // from "haber", "responder". Dropping that "i" after -io/-ia(s) brings them
  // together and keeps singular and plural of nouns in -io/-ia together too
  // (principio(s) -> "princip", familia(s) -> "famil").
  if (language_ == Language::Spanish && result.size() > 3 && result.back() == 'i' &&
      (folded_word.ends_with("io") || folded_word.ends_with("ia") || folded_word.ends_with("ios") ||
       folded_word.ends_with("ias") || folded_word.ends_with("ian")))
    result.pop_back();
  return result;
}

std::string Stemmer::stem_phrase(std::string_view folded_phrase) const {
  std::string out;
  size_t i = 0;
  while (i < folded_phrase.size()) {
    while (i < folded_phrase.size() && folded_phrase[i] == ' ') ++i;
    size_t j = i;
    while (j < folded_phrase.size() && folded_phrase[j] != ' ') ++j;
    if (j > i) {
      if (!out.empty()) out += ' ';
      out += stem(folded_phrase.substr(i, j - i));
    }
    i = j;
  }
  return out;
}

}  // namespace alinea::align
