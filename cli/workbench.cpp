#include "cli/workbench.h"

#include <algorithm>
#include <optional>

#include "cli/json_shapes.h"
#include "tm/error.h"

namespace alinea::cli {
namespace {

using nlohmann::json;
using tm::PlacedPair;
using tm::SentenceRange;

// Longest text the page may send for one side of a pair.
constexpr std::size_t kMaxText = 64 * 1024;

std::string key_of(const PlacedPair& p) {
  return p.origin_id ? "o" + std::to_string(p.origin_id) : "u" + std::to_string(p.unit.id);
}

WorkbenchError bad(const std::string& message) { return {400, "bad_request", message}; }

std::string join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + " " + b;
}

std::string sentences_text(const std::vector<tm::Sentence>& sentences, SentenceRange r) {
  std::string text;
  for (uint32_t i = r.begin; i < r.end && i < sentences.size(); ++i)
    text = join(text, sentences[i].text);
  return text;
}

bool paragraph_starts(const std::vector<tm::Sentence>& sentences, SentenceRange r) {
  if (r.empty() || r.begin >= sentences.size()) return false;
  return r.begin == 0 || sentences[r.begin].paragraph != sentences[r.begin - 1].paragraph;
}

// The document as loaded for one operation, with the pairs it names.
struct Loaded {
  tm::DocumentAlignment doc;
  std::vector<std::size_t> indices;  // of the named pairs in doc.pairs (or unplaced: npos)
  std::vector<const PlacedPair*> pairs;
};

class Operation {
 public:
  Operation(tm::Store& store, const std::string& document, const json& request)
      : store_(store), document_(document), request_(request) {
    if (!request_.is_object()) throw bad("the request must be a JSON object");
    name_ = string_field("op");
    loaded_.doc = store_.document_alignment(document_);
    const json& pairs = field("pairs");
    if (!pairs.is_array() || pairs.empty() || pairs.size() > 2)
      throw bad("'pairs' must list one or two pairs");
    for (const json& p : pairs) name_pair(p);
  }

  void run() {
    if (name_ == "accept") return change({.status = tm::UnitStatus::Reviewed});
    if (name_ == "reject") return change({.status = tm::UnitStatus::Rejected});
    if (name_ == "edit") return edit();
    if (name_ == "merge") return merge();
    if (name_ == "split") return split();
    if (name_ == "move") return move();
    if (name_ == "unpair") return unpair();
    if (name_ == "pair") return pair();
    throw bad("unknown operation '" + name_ + "'");
  }

 private:
  const json& field(const char* name) const {
    auto it = request_.find(name);
    if (it == request_.end()) throw bad(std::string("the request has no '") + name + "'");
    return *it;
  }
  std::string string_field(const char* name) const {
    const json& f = field(name);
    if (!f.is_string()) throw bad(std::string("'") + name + "' must be a string");
    return f.get<std::string>();
  }
  bool source_side() const {
    const std::string side = string_field("side");
    if (side != "src" && side != "tgt") throw bad("'side' must be src or tgt");
    return side == "src";
  }

  // Finds a pair the page named by key, at the revision the page saw.
  void name_pair(const json& p) {
    if (!p.is_object() || !p.contains("key") || !p["key"].is_string() || !p.contains("revision") ||
        !p["revision"].is_number_integer())
      throw bad("each pair needs a 'key' and a 'revision'");
    const std::string key = p["key"].get<std::string>();
    const auto revision = p["revision"].get<int64_t>();
    const auto& doc = loaded_.doc;
    auto find_in = [&](const std::vector<PlacedPair>& list) -> std::optional<std::size_t> {
      for (std::size_t i = 0; i < list.size(); ++i)
        if (key_of(list[i]) == key) return i;
      return std::nullopt;
    };
    const PlacedPair* found = nullptr;
    std::size_t index = std::string::npos;
    if (auto i = find_in(doc.pairs)) {
      found = &doc.pairs[*i];
      index = *i;
    } else if (auto j = find_in(doc.unplaced)) {
      found = &doc.unplaced[*j];
    }
    const std::string changed =
        "this pair was changed in another window or by another user; "
        "the page now shows it as it is";
    if (!found || found->unit.revision != revision) throw WorkbenchError(409, "conflict", changed);
    loaded_.pairs.push_back(found);
    loaded_.indices.push_back(index);
  }

  const PlacedPair& one() const {
    if (loaded_.pairs.size() != 1) throw bad("'" + name_ + "' takes one pair");
    return *loaded_.pairs[0];
  }
  // Two pairs, the second right after the first in the document.
  std::pair<const PlacedPair*, const PlacedPair*> two() const {
    if (loaded_.pairs.size() != 2) throw bad("'" + name_ + "' takes a pair and the next one");
    const std::size_t a = loaded_.indices[0], b = loaded_.indices[1];
    if (a == std::string::npos || b == std::string::npos || b != a + 1)
      throw WorkbenchError(409, "conflict",
                           "these two pairs are no longer next to each other; the page now "
                           "shows the document as it is");
    return {loaded_.pairs[0], loaded_.pairs[1]};
  }
  const tm::Place& place_of(const PlacedPair& p) const {
    if (!p.unit.place)
      throw bad(
          "this pair has no place in the document (align the document again to work on "
          "its sentences)");
    return *p.unit.place;
  }

  void change(const tm::UnitEdit& edit) { store_.change_pair(document_, one().ref(), edit, name_); }

  void edit() {
    const PlacedPair& p = one();
    const bool source = source_side();
    std::string text = string_field("text");
    if (text.size() > kMaxText)
      throw WorkbenchError(413, "too_large", "the text is longer than 64 KB");
    const std::string& now = source ? p.unit.source.text : p.unit.target.text;
    if (text.empty() && !now.empty())
      throw bad("a side with text cannot be emptied; use 'unpair' to make an omission");
    tm::UnitEdit edit;
    (source ? edit.source_text : edit.target_text) = std::move(text);
    edit.status = tm::UnitStatus::Reviewed;
    change(edit);
  }

  // A new pair made by a person: reviewed, with no machine confidence.
  tm::TranslationUnit made(const PlacedPair& like, std::string source, std::string target,
                           tm::Place place) const {
    tm::TranslationUnit u;
    u.source = {like.unit.source.lang, std::move(source), {}};
    u.target = {like.unit.target.lang, std::move(target), {}};
    if (u.source.lang.empty()) u.source.lang = loaded_.doc.info.src_lang;
    if (u.target.lang.empty()) u.target.lang = loaded_.doc.info.tgt_lang;
    u.status = tm::UnitStatus::Reviewed;
    u.place = place;
    return u;
  }

  void replace(std::vector<const PlacedPair*> old, std::vector<tm::TranslationUnit> made) {
    std::vector<tm::PairRef> refs;
    for (const auto* p : old) refs.push_back(p->ref());
    store_.replace_pairs(document_, refs, std::move(made), name_);
  }

  void merge() {
    auto [a, b] = two();
    const tm::Place& pa = place_of(*a);
    const tm::Place& pb = place_of(*b);
    tm::Place place{{pa.source.begin, pb.source.end}, {pa.target.begin, pb.target.end}};
    replace({a, b}, {made(*a, join(a->unit.source.text, b->unit.source.text),
                          join(a->unit.target.text, b->unit.target.text), place)});
  }

  // The side's text must still be its sentences: an operation that moves
  // sentences would otherwise drop a person's edit.
  void require_unedited(const PlacedPair& p, bool source) const {
    const auto& sentences = source ? loaded_.doc.source_sentences : loaded_.doc.target_sentences;
    const tm::Place& place = place_of(p);
    const std::string& text = source ? p.unit.source.text : p.unit.target.text;
    if (text != sentences_text(sentences, source ? place.source : place.target))
      throw bad(
          "this pair's text was edited; moving its sentences would lose the edit (undo "
          "the edit, or edit the pairs after splitting)");
  }

  std::string side_text(bool source, SentenceRange r) const {
    return sentences_text(source ? loaded_.doc.source_sentences : loaded_.doc.target_sentences, r);
  }

  void split() {
    const PlacedPair& p = one();
    const std::string side = string_field("side");
    if (side != "src" && side != "tgt" && side != "both")
      throw bad("'side' must be src, tgt or both");
    const bool src = side != "tgt", tgt = side != "src";
    const tm::Place& place = place_of(p);
    if ((src && place.source.size() < 2) || (tgt && place.target.size() < 2))
      throw bad("that side holds a single sentence: there is nothing to split");
    if (src) require_unedited(p, true);
    if (tgt) require_unedited(p, false);
    tm::Place first = place,
              second{{place.source.end, place.source.end}, {place.target.end, place.target.end}};
    if (src) first.source.end -= 1, second.source.begin = first.source.end;
    if (tgt) first.target.end -= 1, second.target.begin = first.target.end;
    auto text = [&](bool source, const tm::Place& pl, const std::string& unchanged) {
      const bool moved = source ? src : tgt;
      return moved ? side_text(source, source ? pl.source : pl.target) : unchanged;
    };
    replace({&p}, {made(p, text(true, first, p.unit.source.text),
                        text(false, first, p.unit.target.text), first),
                   made(p, text(true, second, ""), text(false, second, ""), second)});
  }

  void move() {
    auto [a, b] = two();
    const bool source = source_side();
    const std::string direction = string_field("direction");
    if (direction != "down" && direction != "up") throw bad("'direction' must be down or up");
    tm::Place pa = place_of(*a), pb = place_of(*b);
    SentenceRange& ra = source ? pa.source : pa.target;
    SentenceRange& rb = source ? pb.source : pb.target;
    if (direction == "down") {
      if (ra.empty()) throw bad("this pair has no sentence on that side to move");
      ra.end -= 1;
      rb.begin = ra.end;
    } else {
      if (rb.empty()) throw bad("the next pair has no sentence on that side to move");
      rb.begin += 1;
      ra.end = rb.begin;
    }
    require_unedited(*a, source);
    require_unedited(*b, source);
    std::vector<tm::TranslationUnit> result;
    for (auto [p, pl] : {std::pair{a, pa}, std::pair{b, pb}}) {
      std::string s = source ? side_text(true, pl.source) : p->unit.source.text;
      std::string t = source ? p->unit.target.text : side_text(false, pl.target);
      if (!s.empty() || !t.empty()) result.push_back(made(*p, s, t, pl));
    }
    replace({a, b}, std::move(result));
  }

  void unpair() {
    const PlacedPair& p = one();
    const tm::Place& place = place_of(p);
    if (p.unit.omission()) throw bad("this pair is already an omission");
    tm::Place source_only{place.source, {place.target.begin, place.target.begin}};
    tm::Place target_only{{place.source.end, place.source.end}, place.target};
    replace({&p}, {made(p, p.unit.source.text, "", source_only),
                   made(p, "", p.unit.target.text, target_only)});
  }

  void pair() {
    auto [a, b] = two();
    const bool complementary = (a->unit.target.text.empty() && b->unit.source.text.empty()) ||
                               (a->unit.source.text.empty() && b->unit.target.text.empty());
    if (!complementary)
      throw bad(
          "'pair' joins a sentence left without counterpart with the next one from the "
          "other side");
    const tm::Place& pa = place_of(*a);
    const tm::Place& pb = place_of(*b);
    tm::Place place{{pa.source.begin, pb.source.end}, {pa.target.begin, pb.target.end}};
    replace({a, b}, {made(*a, join(a->unit.source.text, b->unit.source.text),
                          join(a->unit.target.text, b->unit.target.text), place)});
  }

  tm::Store& store_;
  const std::string& document_;
  const json& request_;
  std::string name_;
  Loaded loaded_;
};

json pair_json(const PlacedPair& p, const tm::DocumentAlignment& doc, double threshold) {
  const auto& u = p.unit;
  const bool omission = u.omission();
  const bool doubtful = u.status == tm::UnitStatus::Aligned &&
                        (u.pending || omission || (u.confidence && *u.confidence < threshold));
  json j = {{"key", key_of(p)},
            {"id", u.id},
            {"revision", u.revision},
            {"src_text", u.source.text},
            {"tgt_text", u.target.text},
            {"confidence", u.confidence ? json(*u.confidence) : json(nullptr)},
            {"status", tm::status_name(u.status)},
            {"doubtful", doubtful},
            {"omission", omission},
            {"src_location", location_json(u.source_location)},
            {"tgt_location", location_json(u.target_location)}};
  if (u.place) {
    j["src"] = {u.place->source.begin, u.place->source.end};
    j["tgt"] = {u.place->target.begin, u.place->target.end};
    j["src_sentences"] = u.place->source.size();
    j["tgt_sentences"] = u.place->target.size();
    j["src_paragraph_start"] = paragraph_starts(doc.source_sentences, u.place->source);
    j["tgt_paragraph_start"] = paragraph_starts(doc.target_sentences, u.place->target);
  } else {
    j["src"] = nullptr;
    j["tgt"] = nullptr;
    j["src_sentences"] = 0;
    j["tgt_sentences"] = 0;
    j["src_paragraph_start"] = false;
    j["tgt_paragraph_start"] = false;
  }
  return j;
}

}  // namespace

Workbench::Workbench(tm::Store& store, std::string document)
    : store_(store), document_(std::move(document)) {
  auto info = store_.document(document_);
  if (!info) throw tm::NotFoundError("no document named '" + document_ + "' in the TM");
  // The threshold the document was aligned with, as recorded.
  const json options = json::parse(info->options, nullptr, /*allow_exceptions=*/false);
  if (options.is_object() && options.contains("review_threshold") &&
      options["review_threshold"].is_number())
    threshold_ = options["review_threshold"].get<double>();
}

json Workbench::document() const {
  tm::DocumentAlignment doc = store_.document_alignment(document_);
  json pairs = json::array();
  json summary = {{"pairs", 0},    {"doubtful", 0}, {"omissions", 0},
                  {"reviewed", 0}, {"rejected", 0}, {"unplaced", doc.unplaced.size()}};
  auto count = [&](const json& p) {
    summary["pairs"] = summary["pairs"].get<int64_t>() + 1;
    if (p["doubtful"].get<bool>()) summary["doubtful"] = summary["doubtful"].get<int64_t>() + 1;
    if (p["omission"].get<bool>()) summary["omissions"] = summary["omissions"].get<int64_t>() + 1;
    const std::string status = p["status"];
    if (status == "reviewed") summary["reviewed"] = summary["reviewed"].get<int64_t>() + 1;
    if (status == "rejected") summary["rejected"] = summary["rejected"].get<int64_t>() + 1;
  };
  for (const auto& p : doc.pairs) {
    pairs.push_back(pair_json(p, doc, threshold_));
    count(pairs.back());
  }
  json unplaced = json::array();
  for (const auto& p : doc.unplaced) unplaced.push_back(pair_json(p, doc, threshold_));
  auto last = store_.last_change(document_);
  return {{"name", doc.info.name},
          {"src_lang", doc.info.src_lang},
          {"tgt_lang", doc.info.tgt_lang},
          {"src_file", doc.info.src_file},
          {"tgt_file", doc.info.tgt_file},
          {"threshold", threshold_},
          {"summary", summary},
          {"can_undo", last.has_value()},
          {"undo_label", last ? last->action : ""},
          {"pairs", pairs},
          {"unplaced", unplaced}};
}

json Workbench::apply(const json& operation) {
  try {
    Operation(store_, document_, operation).run();
  } catch (const tm::ConflictError& e) {
    throw WorkbenchError(409, "conflict", e.what());
  } catch (const json::exception& e) {
    throw bad(std::string("malformed request: ") + e.what());
  }
  return document();
}

json Workbench::undo() {
  try {
    store_.undo_last(document_);
  } catch (const tm::ConflictError& e) {
    throw WorkbenchError(409, "conflict", e.what());
  } catch (const tm::NotFoundError& e) {
    throw WorkbenchError(409, "nothing_to_undo", e.what());
  }
  return document();
}

}  // namespace alinea::cli
