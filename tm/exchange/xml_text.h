// Internal to tm/exchange: XML escaping, TMX dates and language tags shared by
// the readers, writers and the checker. The reader builds Variant::markup with
// the same escaping the writer uses, so a round trip is byte-identical.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace alinea::tm::xml {

// Appends `text` escaped for XML 1.0 content (attribute=false) or a
// double-quoted attribute value (attribute=true). Invalid UTF-8 and code
// points XML 1.0 forbids (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF)
// become U+FFFD; returns how many were replaced. CR is written as &#13; (and
// tab/LF too in attributes) so that parsers give the same text back.
size_t append_escaped(std::string& out, std::string_view text, bool attribute);

// Number of code points that append_escaped would replace (0 = clean).
size_t count_invalid(std::string_view text);

// "YYYYMMDDThhmmssZ" (TMX 1.4b, always 16 characters) for Unix seconds.
void append_tmx_date(std::string& out, int64_t unix_seconds);
// The inverse; nullopt unless exactly that form with a valid date and time.
std::optional<int64_t> parse_tmx_date(std::string_view date);

// "ES_cl" -> "es-CL", "en-us" -> "en-US", "zh-hant-tw" -> "zh-Hant-TW".
std::string normalize_lang(std::string_view tag);
// "es-CL" -> "es" (lower case).
std::string primary_language(std::string_view tag);

// UTF-8 validity, for input boundaries (TSV cells).
bool valid_utf8(std::string_view text);
// Appends text with ill-formed UTF-8 sequences replaced by U+FFFD; returns
// how many were replaced.
size_t append_valid_utf8(std::string& out, std::string_view text);

}  // namespace alinea::tm::xml
