// The two languages Alinea aligns, as a closed type.
//
//   Language l = parse_language("es-CL");   // Language::Spanish
//   language_code(l);                      // "es"
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace alinea::align {

enum class Language { Spanish, English };

// "es", "en"
std::string_view language_code(Language language);
// Accepts "es", "en", with a region ("es-CL", "en_GB") and any case;
// nullopt for anything else.
std::optional<Language> parse_language(std::string_view code);
Language other(Language language);

// Guesses Spanish or English from running text by function-word and
// orthography evidence. Returns nullopt when the text carries too little
// evidence either way (e.g. a list of names).
std::optional<Language> detect_language(std::string_view utf8_text);

// How much of a text detect_language() reads (a bounded prefix keeps it cheap
// on a whole book): callers gathering a sample need gather no more.
inline constexpr size_t kDetectionSampleBytes = 20000;

}  // namespace alinea::align
