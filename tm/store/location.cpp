// Where a unit's sentences are in its document's files: worked out from the
// stored sentences when read, never stored with the unit, so that a pair
// the workbench merges, splits or moves has the right location at once.
#include <memory>
#include <utility>

#include "tm/store/document_order.h"
#include "tm/store/document_sql.h"
#include "tm/store/store.h"

namespace alinea::tm {

std::optional<Location> location_of(const std::vector<Sentence>& sentences, SentenceRange range) {
  if (range.empty() || range.end > sentences.size()) return std::nullopt;
  const auto& first = sentences[range.begin].location;
  if (!first) return std::nullopt;
  Location out = *first;
  for (uint32_t i = range.begin + 1; i < range.end; ++i) {
    const auto& next = sentences[i].location;
    if (!next || next->paragraph != out.paragraph) break;
    out.char_end = next->char_end;
  }
  return out;
}

LocationColumns location_columns(const std::optional<Location>& location) {
  if (!location) return {};
  return {location->paragraph, static_cast<int64_t>(location->char_start),
          static_cast<int64_t>(location->char_end),
          location->page ? std::optional<int64_t>(location->page) : std::nullopt};
}

Sentence sentence_from(std::string text, int64_t paragraph, const LocationColumns& location) {
  Sentence s{std::move(text), static_cast<uint32_t>(paragraph), std::nullopt};
  if (location.paragraph && location.char_start && location.char_end)
    s.location = Location{static_cast<uint32_t>(*location.paragraph),
                          static_cast<uint64_t>(*location.char_start),
                          static_cast<uint64_t>(*location.char_end),
                          static_cast<uint32_t>(location.page.value_or(0))};
  return s;
}

void locate_pairs(DocumentAlignment& doc) {
  for (auto* list : {&doc.pairs, &doc.unplaced})
    for (auto& p : *list) {
      if (!p.unit.place) continue;
      p.unit.source_location = location_of(doc.source_sentences, p.unit.place->source);
      p.unit.target_location = location_of(doc.target_sentences, p.unit.place->target);
    }
}

namespace {
// The location of a side's sentences [range], read by `read`; none when
// the document no longer has them all.
std::optional<Location> locate_side(const std::string& document, int side, SentenceRange range,
                                    const SentenceReader& read) {
  if (range.empty()) return std::nullopt;
  const std::vector<Sentence> sentences = read(document, side, range);
  if (sentences.size() != range.size()) return std::nullopt;
  return location_of(sentences, {0, range.size()});
}
}  // namespace

void locate_unit(TranslationUnit& u, const SentenceReader& read) {
  if (u.document && u.place) {
    u.source_location = locate_side(*u.document, 1, u.place->source, read);
    u.target_location = locate_side(*u.document, 2, u.place->target, read);
  }
  for (auto& o : u.origins)
    if (o.document && o.place) {
      o.source_location = locate_side(*o.document, 1, o.place->source, read);
      o.target_location = locate_side(*o.document, 2, o.place->target, read);
    }
}

SentenceReader last_document_reader(
    std::function<DocumentSentences(const std::string& document)> load) {
  struct Cache {
    std::optional<std::string> name;
    DocumentSentences sentences;
  };
  auto cache = std::make_shared<Cache>();
  return
      [cache, load = std::move(load)](const std::string& document, int side, SentenceRange range) {
        if (cache->name != document) {
          cache->sentences = load(document);
          cache->name = document;
        }
        const auto& all = side == 1 ? cache->sentences.source : cache->sentences.target;
        std::vector<Sentence> out;
        for (uint32_t i = range.begin; i < range.end && i < all.size(); ++i) out.push_back(all[i]);
        return out;
      };
}

}  // namespace alinea::tm
