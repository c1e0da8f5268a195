// Streaming TMX 1.4b writer: one <tu> per TranslationUnit, nothing kept in
// memory but a small output buffer.
//
//   std::ofstream out("memoria.tmx", std::ios::binary);
//   tm::TmxHeader header;
//   header.srclang = "en";                 // English <tuv> first
//   tm::TmxWriter writer(out, header);     // writes the prolog and <header>
//   store.for_each_unit(filter, [&](const tm::TranslationUnit& u) { writer.write(u); });
//   writer.finish();                       // closes <body>/<tmx> and flushes
//
// Each <tu> carries tuid (the unit id, or its 1-based position when the unit
// has no id yet), srclang when its source <tuv> is more specific than the
// header's ("es-CL" under "es"), creationdate/creationid, changedate/changeid, the props
// x-document, x-position, x-confidence, x-status, x-context-prev,
// x-context-next, then the unit's own properties, its note, and the two
// <tuv>s, the one in `srclang` first (Translate Toolkit and others take the
// first <tuv> as the source whatever the header says).
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>

#include "tm/unit.h"

namespace alinea::tm {

struct TmxHeader {
  // "es" or "en": which side is the source. Decides the <tuv> order.
  std::string srclang = "es";
  std::string adminlang = "en";
  std::string creationtool = "Alinea";
  std::string creationtoolversion = "0.1.0";
  std::string segtype = "sentence";
  std::string datatype = "plaintext";
  std::string o_tmf = "Alinea";
  int64_t creationdate = 0;  // Unix seconds; 0 = no creationdate attribute
  std::string creationid;    // empty = no creationid attribute
};

class TmxWriter {
 public:
  // Writes the XML declaration, <tmx> and <header>. `out` must outlive the
  // writer; open it in binary mode (the file is UTF-8 with LF line ends).
  TmxWriter(std::ostream& out, const TmxHeader& header);
  TmxWriter(const TmxWriter&) = delete;
  TmxWriter& operator=(const TmxWriter&) = delete;
  // Does not finish: an export that failed half-way must not look complete.
  ~TmxWriter() = default;

  // Throws tm::Error if the stream fails. A variant with an empty lang is
  // taken as "es" (source) or "en" (target). Invalid UTF-8 and characters
  // XML 1.0 cannot carry are written as U+FFFD and counted in replaced().
  void write(const TranslationUnit& unit);
  // Closes the document and flushes. Call once, after the last write().
  void finish();

  size_t count() const { return count_; }        // units written
  size_t replaced() const { return replaced_; }  // characters mapped to U+FFFD

 private:
  void write_variant(const Variant& v, const char* fallback_lang, const Annotations& annotations);
  void flush_if_full();

  std::ostream& out_;
  std::string srclang_;      // primary subtag of header.srclang
  std::string srclang_tag_;  // header.srclang normalised, as written
  std::string buf_;
  size_t count_ = 0;
  size_t replaced_ = 0;
  bool finished_ = false;
};

}  // namespace alinea::tm
