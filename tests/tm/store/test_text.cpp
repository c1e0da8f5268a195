// Case and accent folding (tm/store/text.h): words of Latin letters are
// folded without ICU, and must fold exactly as ICU folds them, since the
// full-text indexes, the fuzzy matcher and the stored words all compare
// folded forms.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <boost/test/unit_test.hpp>
#include <random>
#include <string>
#include <vector>

#include "tm/store/text.h"

using namespace alinea::tm;

namespace {

// The folding as ICU gives it, written out here as the reference: NFD,
// combining marks dropped, case folded.
std::string icu_fold(const std::string& word) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  BOOST_REQUIRE(U_SUCCESS(status));
  icu::UnicodeString d = nfd->normalize(icu::UnicodeString::fromUTF8(word), status);
  icu::UnicodeString kept;
  for (int32_t i = 0; i < d.length();) {
    const UChar32 c = d.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) != U_NON_SPACING_MARK) kept.append(c);
  }
  kept.foldCase();
  std::string out;
  kept.toUTF8String(out);
  return out;
}

std::string utf8(UChar32 c) {
  char buf[4];
  int32_t n = 0;
  U8_APPEND_UNSAFE(buf, n, c);
  return std::string(buf, static_cast<size_t>(n));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(text_folding)

BOOST_AUTO_TEST_CASE(words_fold_to_lower_case_without_accents) {
  BOOST_TEST(text::fold("Educación") == "educacion");
  BOOST_TEST(text::fold("ÑANDÚ") == "nandu");
  BOOST_TEST(text::fold("Straße") == "strasse");
  BOOST_TEST(text::fold("Pobladores") == "pobladores");
  BOOST_TEST(text::fold("ΑΘΗΝΑ") == "αθηνα");
}

BOOST_AUTO_TEST_CASE(every_latin_letter_and_any_mix_fold_as_icu_folds_them) {
  for (UChar32 c = 0x20; c < 0x300; ++c) {
    const std::string s = utf8(c);
    BOOST_TEST(text::fold(s) == icu_fold(s), "U+" << std::hex << c);
  }
  // Words mixing ASCII, Latin letters, other scripts, combining marks and
  // bytes that are not UTF-8.
  const std::vector<std::string> pieces = {"a", "Z", "9", "é",        "Ñ",    "ß",    "İ", "ǅ", "ŉ",
                                           "Ø", "α", "Ж", "\xcc\x81", "\xff", "\xc3", "ﬁ", "Ǻ"};
  std::mt19937 rng(3);
  for (int n = 0; n < 2000; ++n) {
    std::string word;
    for (int k = 0, len = 1 + static_cast<int>(rng() % 8); k < len; ++k)
      word += pieces[rng() % pieces.size()];
    BOOST_TEST(text::fold(word) == icu_fold(word), word);
  }
}

BOOST_AUTO_TEST_SUITE_END()
