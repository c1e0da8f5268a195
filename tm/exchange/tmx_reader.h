// Streaming TMX 1.1-1.4 reader: calls back once per <tu>, holding only the
// unit being read.
//
//   tm::ReadOptions options;               // skip_bad = false: throw on the first bad <tu>
//   auto tx = store.begin();
//   tm::ReadReport report = tm::read_tmx("trados.tmx", options,
//       [&](tm::TranslationUnit&& u) { tx.add(u); });
//   tx.commit();                           // not reached if read_tmx threw
//
// What it reads: UTF-8 or UTF-16 (with or without BOM, as Trados writes),
// `xml:lang` or the older `lang`; from each <tu> the first Spanish and the
// first English <tuv> (any region: "es-CL", "EN-us"; tags come back
// normalised, "es-CL", "en-US"), other languages are counted in
// ReadReport::extra_variants. A <seg> with inline elements (bpt, ept, it, ph,
// hi, ut, sub) keeps them in Variant::markup as canonical inner XML (what
// TmxWriter writes back) while Variant::text has the plain text without the
// native codes of bpt/ept/it/ph/ut. Props x-document, x-position,
// x-confidence, x-status, x-context-prev and x-context-next fill the unit's
// fields; other props (of the <tu> or its <tuv>s) go to properties; notes are
// joined with '\n' into note. creation/change date and id come from the <tu>,
// or, where it has none, from its <tuv>s (as OmegaT writes them).
// Unit ids (tuid) are not kept: the Store assigns its own.
//
// Safety: DOCTYPEs are tolerated but never loaded; any entity declaration
// or non-predefined entity reference is an error (so no external entities,
// no parameter entities, no "billion laughs"); no file or network access
// happens beyond the one input file (the libxml2 external entity loader of
// the process is replaced by one that refuses everything); segments,
// props and notes are bounded by ReadOptions::max_segment_bytes and inline
// nesting by max_inline_depth.
//
// Errors: tm::InputError `FILE:LINE:COL: message` for input that is not
// well-formed XML (always) or a bad <tu> (unless skip_bad): no Spanish or
// English <tuv>, bad date, bad x-status/x-confidence/x-position, unknown or
// too deep inline element, oversized segment. Exceptions thrown by the
// callback pass through unchanged.
#pragma once

#include <istream>
#include <string>

#include "tm/exchange/exchange.h"

namespace alinea::tm {

ReadReport read_tmx(const std::string& path, const ReadOptions& options,
                    const UnitCallback& on_unit);

// The same from an open stream (e.g. stdin); `name` is used in messages.
ReadReport read_tmx(std::istream& in, const std::string& name, const ReadOptions& options,
                    const UnitCallback& on_unit);

}  // namespace alinea::tm
