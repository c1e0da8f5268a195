#include "tm/store/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <cctype>
#include <cstring>
#include <string>
#include <unordered_set>

namespace alinea::tm::text {
namespace {

bool is_token_char(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if (u_isalnum(c)) return true;
  auto mask = U_GET_GC_MASK(c);
  return (mask & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK | U_GC_CO_MASK)) != 0;
}

bool is_space(UChar32 c) {
  if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0d) || c < 0x20 || c == 0x7f;
  return u_isUWhiteSpace(c) || u_isISOControl(c) || c == 0x200B || c == 0xFEFF;
}

bool ascii_only(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// Case and accent folding through ICU: canonical decomposition, combining
// marks dropped, then case folding.
std::string fold_by_icu(std::string_view word) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  icu::UnicodeString d = U_SUCCESS(status) ? nfd->normalize(s, status) : s;
  if (U_FAILURE(status)) d = s;
  icu::UnicodeString kept;
  for (int32_t i = 0; i < d.length();) {
    UChar32 c = d.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    kept.append(c);
  }
  kept.foldCase();
  std::string out;
  kept.toUTF8String(out);
  return out;
}

// The Latin letters of Spanish, Portuguese, French and their neighbours
// (U+0080 to U+024F): folded one by one through ICU, once. None of them
// is a combining mark nor takes part in another's decomposition, and case
// folding looks at no context, so a word of them folds as its letters do.
constexpr UChar32 kLatinEnd = 0x250;

const std::array<std::string, kLatinEnd - 0x80>& latin_folds() {
  static const auto table = [] {
    std::array<std::string, kLatinEnd - 0x80> t;
    for (UChar32 c = 0x80; c < kLatinEnd; ++c) {
      char buf[4];
      int32_t n = 0;
      U8_APPEND_UNSAFE(buf, n, c);
      t[static_cast<size_t>(c - 0x80)] = fold_by_icu(std::string_view(buf, static_cast<size_t>(n)));
    }
    return t;
  }();
  return table;
}

}  // namespace

std::string fold(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  const auto* s = reinterpret_cast<const uint8_t*>(word.data());
  const auto n = static_cast<int32_t>(word.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c >= 0 && c < 0x80) {
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    } else if (c >= 0x80 && c < kLatinEnd) {
      out += latin_folds()[static_cast<size_t>(c - 0x80)];
    } else {
      // Other scripts, combining marks, invalid bytes: the whole word
      // through ICU.
      return fold_by_icu(word);
    }
  }
  return out;
}

std::vector<Token> tokenize(std::string_view text, bool punct) {
  std::vector<Token> tokens;
  // About a token every five bytes in both languages: one allocation, not a
  // doubling series of them, for most texts.
  tokens.reserve(text.size() / 5 + 2);
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  int32_t word_begin = -1;
  bool all_digits = true;
  bool ascii = true;  // the word so far
  auto close_word = [&](int32_t end) {
    if (word_begin < 0) return;
    Token& t = tokens.emplace_back();
    t.begin = static_cast<uint32_t>(word_begin);
    t.end = static_cast<uint32_t>(end);
    t.kind = all_digits ? TokenKind::Number : TokenKind::Word;
    const std::string_view word = text.substr(t.begin, t.end - t.begin);
    if (ascii) {
      // Letters and digits only: lower case is the whole of folding.
      t.folded.assign(word);
      for (char& ch : t.folded)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    } else {
      t.folded = fold(word);
    }
    word_begin = -1;
    all_digits = true;
    ascii = true;
  };
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    // ASCII first: this runs for every character of every text compared.
    if (s[i] < 0x80)
      c = s[i++];
    else
      U8_NEXT(s, i, n, c);
    if (c >= 0 && is_token_char(c)) {
      if (word_begin < 0) word_begin = start;
      if (c >= 0x80) ascii = false;
      if (all_digits && !(c < 0x80 ? c >= '0' && c <= '9' : u_isdigit(c))) all_digits = false;
      continue;
    }
    close_word(start);
    if (punct && c >= 0 && !is_space(c)) {
      Token& t = tokens.emplace_back();
      t.begin = static_cast<uint32_t>(start);
      t.end = static_cast<uint32_t>(i);
      t.kind = TokenKind::Punct;
      t.folded.assign(text.substr(t.begin, t.end - t.begin));
    }
  }
  close_word(n);
  return tokens;
}

namespace {

// True when text is ASCII with single spaces between words and none at the
// ends: then it is its own normal form (the usual case for English).
bool plain_ascii(std::string_view text) {
  if (text.empty()) return true;
  if (text.front() == ' ' || text.back() == ' ') return false;
  char prev = 0;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || (c < 0x20 && c != 0) || c == 0x7f) return false;
    if (c == ' ' && prev == ' ') return false;
    prev = ch;
  }
  return true;
}

// True when white space in text is already as normalize leaves it: single
// ' ' between non-space characters.
bool canonical_spaces(std::string_view text) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const auto len = static_cast<int32_t>(text.size());
  bool prev_space = true;  // a space at the start is not canonical
  for (int32_t i = 0; i < len;) {
    bool space;
    bool plain = false;
    if (p[i] < 0x80) {
      const uint8_t c = p[i++];
      plain = c == ' ';
      space = plain || (c >= 0x09 && c <= 0x0d);
    } else {
      UChar32 c;
      U8_NEXT(p, i, len, c);
      space = c >= 0 && u_isUWhiteSpace(c);
    }
    if (space && (!plain || prev_space)) return false;
    prev_space = space;
  }
  return !prev_space || len == 0;
}

}  // namespace

std::string normalize(std::string_view text) {
  std::string buf;
  const std::string_view v = normalize(text, buf);
  if (v.data() == buf.data()) return buf;
  return std::string(v);
}

std::string_view normalize(std::string_view text, std::string& buf) {
  if (plain_ascii(text)) return text;
  std::string_view nfc = text;
  std::string converted;
  if (!ascii_only(text)) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
    const icu::StringPiece piece(text.data(), static_cast<int32_t>(text.size()));
    // Most text arrives in NFC: check on the UTF-8 bytes, convert only if not.
    if (!(U_SUCCESS(status) && n->isNormalizedUTF8(piece, status) && U_SUCCESS(status))) {
      status = U_ZERO_ERROR;
      icu::UnicodeString s = icu::UnicodeString::fromUTF8(piece);
      if (n) {
        icu::UnicodeString d = n->normalize(s, status);
        if (U_SUCCESS(status)) s = d;
      }
      s.toUTF8String(converted);
      nfc = converted;
    }
  }
  if (nfc.data() == text.data() && canonical_spaces(nfc)) return text;
  std::string& out = buf;
  out.clear();
  out.reserve(nfc.size());
  const auto* p = reinterpret_cast<const uint8_t*>(nfc.data());
  const auto len = static_cast<int32_t>(nfc.size());
  bool pending_space = false;
  for (int32_t i = 0; i < len;) {
    const int32_t start = i;
    bool space;
    if (p[i] < 0x80) {
      const uint8_t c = p[i++];
      space = c == ' ' || (c >= 0x09 && c <= 0x0d);
    } else {
      UChar32 c;
      U8_NEXT(p, i, len, c);
      space = c >= 0 && u_isUWhiteSpace(c);
    }
    if (space) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.append(nfc.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
  }
  return out;
}

bool valid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());
  if (text.size() > 0x7fffffff) return false;
  for (int32_t i = 0; i < n;) {
    // Eight ASCII bytes at a time: most text is mostly ASCII.
    if (n - i >= 8) {
      uint64_t w;
      std::memcpy(&w, s + i, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

std::string primary_lang(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

bool lang_matches(std::string_view unit_lang, std::string_view wanted) {
  if (wanted.empty()) return true;
  if (unit_lang.size() < wanted.size()) return false;
  for (size_t i = 0; i < wanted.size(); ++i) {
    char a = static_cast<char>(std::tolower(static_cast<unsigned char>(unit_lang[i])));
    char b = static_cast<char>(std::tolower(static_cast<unsigned char>(wanted[i])));
    if (a == '_') a = '-';
    if (b == '_') b = '-';
    if (a != b) return false;
  }
  return unit_lang.size() == wanted.size() || unit_lang[wanted.size()] == '-' ||
         unit_lang[wanted.size()] == '_';
}

bool valid_lang_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 35) return false;
  for (char c : tag)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  return true;
}

bool is_stopword(std::string_view folded) {
  static const std::unordered_set<std::string_view> words = {
      // English
      "the", "a", "an", "of", "to", "in", "on", "at", "for", "and", "or", "s", "is", "are", "was",
      "were", "be", "by", "with", "from", "as", "that", "this", "it", "its", "their", "his", "her",
      "our", "t", "not", "if", "do", "can", "will", "you", "your", "he", "they",
      // Spanish
      "el", "la", "los", "las", "lo", "un", "una", "unos", "unas", "de", "del", "al", "y", "e", "o",
      "u", "en", "por", "para", "con", "sin", "que", "se", "su", "sus", "es", "son", "fue", "no",
      "si", "mas", "como", "este", "esta", "esto", "le", "les", "me", "mi", "nos"};
  return words.count(folded) > 0;
}

uint64_t hash64(std::string_view data, uint64_t seed) { return hash64({data}, seed); }

uint64_t hash64(std::initializer_list<std::string_view> parts, uint64_t seed) {
  // FNV-1a followed by a murmur finaliser: fast, and well mixed for an
  // index. Stored in TMs (units.dup_key): never change the result.
  uint64_t h = 0xcbf29ce484222325ULL ^ (seed * 0x9E3779B97F4A7C15ULL);
  for (std::string_view data : parts)
    for (unsigned char c : data) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

}  // namespace alinea::tm::text
