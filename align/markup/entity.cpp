// Character references decoded by gumbo, whose table is HTML5's (2,231
// names) and whose rules are a browser's (Windows-1252 for &#128;..&#159;,
// U+FFFD for NUL, surrogates and values beyond U+10FFFF, named references
// without ';' where HTML allows them). This file only finds where a
// reference ends in the source, so that the decoded text maps onto exactly
// its own bytes; gumbo reports positions per node, not per reference.
#include <gumbo.h>

#include <cctype>
#include <string>
#include <unordered_map>

#include "align/markup/marked_text.h"

namespace alinea::align::markup {

namespace {

// Longer than any reference HTML5 names ("&CounterClockwiseContourIntegral;"
// is 33 bytes) or any useful numeric one.
constexpr size_t kMaxReference = 40;

// The text gumbo makes of `reference` alone in a document body.
std::string gumbo_decode(const std::string& reference) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  GumboOutput* output = gumbo_parse_with_options(&options, reference.data(), reference.size());
  std::string text;
  // document > html > (head, body) > text
  const GumboNode* html = output->root;
  for (unsigned i = 0; i < html->v.element.children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(html->v.element.children.data[i]);
    if (child->type != GUMBO_NODE_ELEMENT || child->v.element.tag != GUMBO_TAG_BODY) continue;
    for (unsigned k = 0; k < child->v.element.children.length; ++k) {
      const auto* t = static_cast<const GumboNode*>(child->v.element.children.data[k]);
      if (t->type == GUMBO_NODE_TEXT || t->type == GUMBO_NODE_WHITESPACE) text += t->v.text.text;
    }
  }
  gumbo_destroy_output(&options, output);
  return text;
}

}  // namespace

size_t decode_character_reference(std::string_view bytes, std::string& out) {
  if (bytes.size() < 2 || bytes[0] != '&') return 0;
  // The reference as the HTML5 tokenizer delimits it: "&#" digits, "&#x" hex
  // digits, or "&" alphanumerics, each with an optional ';'.
  size_t end = 1;
  auto is = [&](auto pred) {
    return end < bytes.size() && pred(static_cast<unsigned char>(bytes[end]));
  };
  if (bytes[1] == '#') {
    ++end;
    bool hex = end < bytes.size() && (bytes[end] == 'x' || bytes[end] == 'X');
    if (hex) ++end;
    size_t digits = end;
    while (is([hex](unsigned char c) { return (hex ? std::isxdigit(c) : std::isdigit(c)) != 0; }))
      ++end;
    if (end == digits) return 0;
  } else {
    while (is([](unsigned char c) { return std::isalnum(c) != 0; })) ++end;
    if (end == 1) return 0;
  }
  if (end < bytes.size() && bytes[end] == ';') ++end;
  if (end > kMaxReference) return 0;

  // A parse per distinct reference, then a table look-up: documents use a
  // few references many times.
  thread_local std::unordered_map<std::string, std::string> cache;
  std::string reference(bytes.substr(0, end));
  auto it = cache.find(reference);
  if (it == cache.end()) {
    if (cache.size() > 4096) cache.clear();
    it = cache.emplace(reference, gumbo_decode(reference)).first;
  }
  if (it->second == reference) return 0;  // not a reference gumbo knows
  out += it->second;
  return end;
}

}  // namespace alinea::align::markup
