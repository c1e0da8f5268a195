// A translation unit as stored in the TM and exchanged as TMX/TSV.
//
//   TranslationUnit u;
//   u.source = {"es-CL", "La toma de terreno.", {}};
//   u.target = {"en", "The land takeover.", {}};
//   u.status = UnitStatus::Reviewed;
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alinea::tm {

enum class UnitStatus { Aligned, Reviewed, Rejected };

std::string_view status_name(UnitStatus status);  // "aligned", "reviewed", "rejected"
std::optional<UnitStatus> parse_status(std::string_view name);

// A TMX <prop type="...">value</prop> that Alinea does not model itself.
struct Property {
  std::string type;
  std::string value;
};

// One language side of a unit.
struct Variant {
  std::string lang;  // BCP 47 with region where known: "es", "es-CL", "en-GB"
  std::string text;  // plain text, what search and matching see
  // The TMX <seg> content with inline markup (bpt/ept/ph/...) exactly as it
  // should be written back, when the segment had any; empty otherwise.
  std::string markup;
};

// The <note> and <prop> elements of one language's <tuv> in TMX: kept apart
// from the unit's own, so that an export writes them back on that <tuv>.
struct Annotations {
  std::string note;  // several <note>s joined by newlines
  std::vector<Property> properties;
  bool empty() const { return note.empty() && properties.empty(); }
};

// A run of a document's sentences on one side: [begin, end). Empty on one
// side of an omission.
struct SentenceRange {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
  bool empty() const { return end == begin; }
  friend bool operator==(const SentenceRange&, const SentenceRange&) = default;
};

// Where a unit sits in its aligned document: the sentences it covers on each
// side (indices into the document's stored sentences).
struct Place {
  SentenceRange source;
  SentenceRange target;
  friend bool operator==(const Place&, const Place&) = default;
};

// Where a run of sentences stands in a file whose byte offsets mean nothing
// to a person (.docx, .odt, .epub, .pdf), so that they can find it again:
// the paragraph (from 1, footnotes after the body), the first and
// past-the-end character (code point) within that paragraph, and the page
// (from 1) it starts on, 0 where the format has no pages. A run that goes on
// into the next paragraph ends, here, where its first paragraph's part does.
struct Location {
  uint32_t paragraph = 0;
  uint64_t char_start = 0;
  uint64_t char_end = 0;
  uint32_t page = 0;
  friend bool operator==(const Location&, const Location&) = default;
};

// Another place an exact duplicate was seen: the store keeps one unit and
// records each further origin (filled by the store; ignored when adding).
struct Origin {
  std::optional<std::string> document;  // empty = added by hand / from a file
  std::optional<int64_t> position;
  std::optional<Place> place;  // its sentences in that document
  // Where those sentences are in the document's files, when the files had
  // locations (filled by the store from the document's sentences).
  std::optional<Location> source_location, target_location;
  int64_t added_at = 0;
  std::string added_by;
};

struct TranslationUnit {
  int64_t id = 0;  // 0 until stored
  Variant source;
  Variant target;
  std::optional<std::string> document;  // document name, if from an alignment
  std::optional<int64_t> position;      // bead index within the document
  std::string context_prev;             // source text of the previous unit
  std::string context_next;             // source text of the next unit
  std::optional<double> confidence;     // aligner confidence in [0, 1]
  UnitStatus status = UnitStatus::Aligned;
  int64_t created_at = 0;  // Unix seconds, UTC; 0 = now when stored
  int64_t changed_at = 0;
  std::string created_by;  // user name; empty = current user when stored
  std::string changed_by;
  std::string note;                  // the unit's notes (TMX: on the <tu>)
  std::vector<Property> properties;  // the unit's other props (TMX: on the <tu>)
  Annotations source_annotations;    // TMX: on the source language's <tuv>
  Annotations target_annotations;    // TMX: on the target language's <tuv>
  std::vector<Origin> origins;       // extra origins of merged duplicates, oldest first
  // The sentences of its document the unit covers, when it comes from an
  // alignment stored with the document's sentences.
  std::optional<Place> place;
  // Where the place's sentences are in the document's files, when the files
  // had locations (filled by the store from the document's sentences;
  // ignored when adding).
  std::optional<Location> source_location, target_location;
  // A machine pair a person should look at first (below the review
  // threshold, or an omission): stored with its document, but kept out of
  // search, match, terms and export until reviewed.
  bool pending = false;
  // Bumped by the store on every change of the unit (filled by the store;
  // ignored when adding): a write based on an older revision is refused.
  int64_t revision = 0;

  // One side is empty: a sentence the other side leaves out.
  bool omission() const { return source.text.empty() || target.text.empty(); }
};

}  // namespace alinea::tm
