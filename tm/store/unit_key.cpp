// Validation and the duplicate key of a unit, whatever the backend.
#include "tm/store/unit_key.h"

#include <ctime>

#include "tm/error.h"
#include "tm/store/store.h"
#include "tm/store/text.h"

namespace alinea::tm {

int64_t dup_key(std::string_view src_primary, std::string_view nsrc, std::string_view tgt_primary,
                std::string_view ntgt) {
  return static_cast<int64_t>(
      text::hash64({src_primary, "\x1f", nsrc, "\x1f", tgt_primary, "\x1f", ntgt}));
}

void check_utf8(std::string_view s, const char* what) {
  if (!text::valid_utf8(s)) throw Error(std::string("unit ") + what + " is not valid UTF-8");
}

void validate_unit(const TranslationUnit& u) {
  check_utf8(u.source.text, "source text");
  check_utf8(u.target.text, "target text");
  check_utf8(u.source.markup, "source markup");
  check_utf8(u.target.markup, "target markup");
  check_utf8(u.source.lang, "source language");
  check_utf8(u.target.lang, "target language");
  check_utf8(u.context_prev, "context");
  check_utf8(u.context_next, "context");
  check_utf8(u.note, "note");
  if (u.document) check_utf8(*u.document, "document name");
  if (u.source.text.empty() && u.target.text.empty())
    throw Error("a unit needs text on at least one side");
  if (u.place &&
      (u.place->source.end < u.place->source.begin || u.place->target.end < u.place->target.begin))
    throw Error("a unit's sentence range ends before it begins");
  for (const Annotations* a : {&u.source_annotations, &u.target_annotations})
    check_utf8(a->note, "note");
  for (const auto* props :
       {&u.properties, &u.source_annotations.properties, &u.target_annotations.properties})
    for (const auto& p : *props) {
      check_utf8(p.type, "property");
      check_utf8(p.value, "property");
    }
}

UnitKey unit_key(const TranslationUnit& u) {
  validate_unit(u);
  UnitKey k;
  std::string src_buf, tgt_buf;
  const std::string_view nsrc = text::normalize(u.source.text, src_buf);
  const std::string_view ntgt = text::normalize(u.target.text, tgt_buf);
  k.src_primary = text::primary_lang(u.source.lang);
  k.tgt_primary = text::primary_lang(u.target.lang);
  k.key = dup_key(k.src_primary, nsrc, k.tgt_primary, ntgt);
  if (nsrc.data() != u.source.text.data()) k.nsrc = std::string(nsrc);
  if (ntgt.data() != u.target.text.data()) k.ntgt = std::string(ntgt);
  return k;
}

int64_t now_seconds() { return static_cast<int64_t>(std::time(nullptr)); }

UnitStatus status_from_db(std::string_view t) {
  return parse_status(t).value_or(UnitStatus::Aligned);
}

int64_t apply_unit_edit(TranslationUnit& unit, const UnitEdit& edit) {
  if (edit.source_text) unit.source.text = *edit.source_text;
  if (edit.target_text) unit.target.text = *edit.target_text;
  if (edit.source_lang) unit.source.lang = *edit.source_lang;
  if (edit.target_lang) unit.target.lang = *edit.target_lang;
  if (edit.status) unit.status = *edit.status;
  if (edit.note) unit.note = *edit.note;
  validate_unit(unit);
  return dup_key(text::primary_lang(unit.source.lang), text::normalize(unit.source.text),
                 text::primary_lang(unit.target.lang), text::normalize(unit.target.text));
}

const UnitKey& key_to_add(const TranslationUnit& unit, const UnitKey* given, UnitKey& own) {
  if (given) return *given;
  own = unit_key(unit);
  return own;
}

std::string_view compared_source(const TranslationUnit& unit, const UnitKey& key) {
  return key.nsrc ? std::string_view(*key.nsrc) : std::string_view(unit.source.text);
}

std::string_view compared_target(const TranslationUnit& unit, const UnitKey& key) {
  return key.ntgt ? std::string_view(*key.ntgt) : std::string_view(unit.target.text);
}

}  // namespace alinea::tm
