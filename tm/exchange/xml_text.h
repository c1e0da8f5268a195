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

// `message` made fit for a one-line error: control characters (line breaks
// from libxml2 or from a quoted attribute value) become spaces, and text
// beyond `max_bytes` is cut at a character boundary and marked "...".
std::string one_line(std::string_view message, size_t max_bytes = 400);

}  // namespace alinea::tm::xml
