#include "tm/exchange/tmx_writer.h"

#include <charconv>

#include "tm/error.h"
#include "tm/exchange/xml_text.h"

namespace alinea::tm {
namespace {

constexpr size_t kFlushBytes = 1 << 16;

void append_attr(std::string& out, const char* name, std::string_view value, size_t& replaced) {
  out += ' ';
  out += name;
  out += "=\"";
  replaced += xml::append_escaped(out, value, true);
  out += '"';
}

void append_prop(std::string& out, std::string_view type, std::string_view value, size_t& replaced,
                 std::string_view indent = "      ") {
  out += indent;
  out += "<prop type=\"";
  replaced += xml::append_escaped(out, type, true);
  out += "\">";
  replaced += xml::append_escaped(out, value, false);
  out += "</prop>\n";
}

void append_int(std::string& out, int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// x-alinea-location-LANG: where a side is in the .docx, .odt, .epub or .pdf
// it was aligned from, "paragraph:char_start-char_end[:page]" (characters
// [start, end) of the paragraph, as segment --format json counts them).
void append_location(std::string& out, const Variant& side, const std::optional<Location>& at,
                     size_t& replaced) {
  if (!at) return;
  std::string value;
  append_int(value, at->paragraph);
  value += ':';
  append_int(value, static_cast<int64_t>(at->char_start));
  value += '-';
  append_int(value, static_cast<int64_t>(at->char_end));
  if (at->page) {
    value += ':';
    append_int(value, at->page);
  }
  std::string type = "x-alinea-location-";
  type += xml::primary_language(side.lang);
  append_prop(out, type, value, replaced);
}

}  // namespace

TmxWriter::TmxWriter(std::ostream& out, const TmxHeader& h)
    : out_(out),
      srclang_(xml::primary_language(h.srclang)),
      srclang_tag_(xml::normalize_lang(h.srclang)) {
  if (srclang_ != "es" && srclang_ != "en")
    throw Error("TMX srclang must be es or en (with or without region), not '" + h.srclang + "'");
  buf_.reserve(kFlushBytes * 2);
  buf_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n  <header";
  append_attr(buf_, "creationtool", h.creationtool, replaced_);
  append_attr(buf_, "creationtoolversion", h.creationtoolversion, replaced_);
  append_attr(buf_, "segtype", h.segtype, replaced_);
  append_attr(buf_, "o-tmf", h.o_tmf, replaced_);
  append_attr(buf_, "adminlang", h.adminlang, replaced_);
  append_attr(buf_, "srclang", srclang_tag_, replaced_);
  append_attr(buf_, "datatype", h.datatype, replaced_);
  if (h.creationdate != 0) {
    buf_ += " creationdate=\"";
    xml::append_tmx_date(buf_, h.creationdate);
    buf_ += '"';
  }
  if (!h.creationid.empty()) append_attr(buf_, "creationid", h.creationid, replaced_);
  buf_ += "/>\n  <body>\n";
}

void TmxWriter::write(const TranslationUnit& u) {
  if (finished_) throw Error("TmxWriter::write after finish");
  ++count_;
  const std::string src_primary =
      u.source.lang.empty() ? "es" : xml::primary_language(u.source.lang);
  const bool source_first = src_primary == srclang_;
  const Variant& first = source_first ? u.source : u.target;
  const std::string first_lang =
      first.lang.empty() ? (source_first ? "es" : "en") : xml::normalize_lang(first.lang);
  buf_ += "    <tu tuid=\"";
  append_int(buf_, u.id != 0 ? u.id : static_cast<int64_t>(count_));
  buf_ += '"';
  // TMX wants the source <tuv>'s xml:lang to equal srclang exactly: when the
  // unit's is more specific ("es-CL" under "es"), say so on the <tu>.
  if (first_lang != srclang_tag_) append_attr(buf_, "srclang", first_lang, replaced_);
  if (u.created_at != 0) {
    buf_ += " creationdate=\"";
    xml::append_tmx_date(buf_, u.created_at);
    buf_ += '"';
  }
  if (!u.created_by.empty()) append_attr(buf_, "creationid", u.created_by, replaced_);
  if (u.changed_at != 0) {
    buf_ += " changedate=\"";
    xml::append_tmx_date(buf_, u.changed_at);
    buf_ += '"';
  }
  if (!u.changed_by.empty()) append_attr(buf_, "changeid", u.changed_by, replaced_);
  buf_ += ">\n";

  if (u.document) append_prop(buf_, "x-document", *u.document, replaced_);
  if (u.position) {
    buf_ += "      <prop type=\"x-position\">";
    append_int(buf_, *u.position);
    buf_ += "</prop>\n";
  }
  if (u.confidence) {
    // Shortest form that reads back to the same double: round trips exactly.
    char num[32];
    auto [end, ec] = std::to_chars(num, num + sizeof num, *u.confidence);
    append_prop(buf_, "x-confidence", std::string_view(num, static_cast<size_t>(end - num)),
                replaced_);
  }
  append_prop(buf_, "x-status", status_name(u.status), replaced_);
  append_location(buf_, u.source, u.source_location, replaced_);
  append_location(buf_, u.target, u.target_location, replaced_);
  if (!u.context_prev.empty()) append_prop(buf_, "x-context-prev", u.context_prev, replaced_);
  if (!u.context_next.empty()) append_prop(buf_, "x-context-next", u.context_next, replaced_);
  for (const auto& p : u.properties) append_prop(buf_, p.type, p.value, replaced_);
  if (!u.note.empty()) {
    buf_ += "      <note>";
    replaced_ += xml::append_escaped(buf_, u.note, false);
    buf_ += "</note>\n";
  }

  if (source_first) {
    write_variant(u.source, "es", u.source_annotations);
    write_variant(u.target, "en", u.target_annotations);
  } else {
    write_variant(u.target, "en", u.target_annotations);
    write_variant(u.source, "es", u.source_annotations);
  }
  buf_ += "    </tu>\n";
  flush_if_full();
}

void TmxWriter::write_variant(const Variant& v, const char* fallback_lang,
                              const Annotations& annotations) {
  buf_ += "      <tuv xml:lang=\"";
  if (v.lang.empty())
    buf_ += fallback_lang;
  else
    replaced_ += xml::append_escaped(buf_, xml::normalize_lang(v.lang), true);
  buf_ += "\">";
  if (!annotations.empty()) {
    // TMX: <tuv> holds (note|prop)* before its <seg>.
    buf_ += '\n';
    if (!annotations.note.empty()) {
      buf_ += "        <note>";
      replaced_ += xml::append_escaped(buf_, annotations.note, false);
      buf_ += "</note>\n";
    }
    for (const auto& p : annotations.properties)
      append_prop(buf_, p.type, p.value, replaced_, "        ");
    buf_ += "        ";
  }
  buf_ += "<seg>";
  if (v.markup.empty()) {
    replaced_ += xml::append_escaped(buf_, v.text, false);
  } else {
    // Markup is seg inner XML as the reader produced it (already escaped);
    // it is written as is, but never with characters XML 1.0 forbids.
    const size_t bad = xml::count_invalid(v.markup);
    if (bad != 0)
      throw Error("unit " + std::to_string(count_) +
                  ": inline markup holds characters XML 1.0 forbids");
    buf_ += v.markup;
  }
  buf_ += annotations.empty() ? "</seg></tuv>\n" : "</seg>\n      </tuv>\n";
}

void TmxWriter::flush_if_full() {
  if (buf_.size() < kFlushBytes) return;
  out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
  if (!out_) throw Error("cannot write TMX output (disk full or closed stream?)");
}

void TmxWriter::finish() {
  if (finished_) return;
  finished_ = true;
  buf_ += "  </body>\n</tmx>\n";
  out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
  out_.flush();
  if (!out_) throw Error("cannot write TMX output (disk full or closed stream?)");
}

}  // namespace alinea::tm
