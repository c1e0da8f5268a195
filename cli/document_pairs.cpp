#include "cli/document_pairs.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <unordered_map>

#include "align/text.h"

namespace alinea::cli {
namespace {

using tm::SentenceRange;

// Texts compare with runs of white space folded to one space, ends trimmed.
std::string folded(std::string_view text) { return align::collapse_space(text); }

std::string joined(const std::vector<align::Segment>& segments, uint32_t begin, uint32_t end) {
  std::string text;
  for (uint32_t i = begin; i < end; ++i) {
    if (!text.empty()) text += ' ';
    text += segments[i].text;
  }
  return text;
}

// Finds the run of sentences whose joined text is `wanted` (folded), the one
// starting nearest to `near`.
std::optional<SentenceRange> find_run(const std::vector<std::string>& sentences,
                                      const std::string& wanted, double near) {
  if (wanted.empty()) return std::nullopt;
  std::optional<SentenceRange> best;
  double best_distance = std::numeric_limits<double>::infinity();
  for (uint32_t i = 0; i < sentences.size(); ++i) {
    const std::string& first = sentences[i];
    if (first.empty() || wanted.compare(0, first.size(), first) != 0) continue;
    std::size_t at = first.size();
    uint32_t j = i + 1;
    while (at < wanted.size() && j < sentences.size()) {
      if (wanted[at] != ' ' || wanted.compare(at + 1, sentences[j].size(), sentences[j]) != 0)
        break;
      at += 1 + sentences[j].size();
      ++j;
    }
    if (at != wanted.size()) continue;
    const double distance = std::abs(static_cast<double>(i) - near);
    if (distance < best_distance) {
      best_distance = distance;
      best = SentenceRange{i, j};
    }
  }
  return best;
}

// A decision found again in the new sentences. A side that is an omission
// has no range yet (`*_known` false) until it is placed between others.
struct Anchor {
  tm::PairRef ref;
  SentenceRange es, en;
  bool es_known = true, en_known = true;
};

class Planner {
 public:
  Planner(const DocumentSides& sides, const align::Alignment& machine, const PairPolicy& policy,
          const GapAligner& realign)
      : sides_(sides), machine_(machine), policy_(policy), realign_(realign) {
    for (const auto& s : sides.es) es_folded_.push_back(folded(s.text));
    for (const auto& s : sides.en) en_folded_.push_back(folded(s.text));
  }

  PairPlan plan(const tm::DocumentAlignment* previous) {
    std::vector<Anchor> anchors = previous ? find_decisions(*previous) : std::vector<Anchor>{};
    uint32_t es_at = 0, en_at = 0;
    for (const Anchor& a : anchors) {
      fill_gap({es_at, a.es.begin}, {en_at, a.en.begin});
      plan_.pairs.push_back(tm::KeptPair{a.ref, place(a.es, a.en)});
      ++plan_.kept;
      es_at = a.es.end;
      en_at = a.en.end;
    }
    fill_gap({es_at, static_cast<uint32_t>(sides_.es.size())},
             {en_at, static_cast<uint32_t>(sides_.en.size())});
    link_context();
    return std::move(plan_);
  }

 private:
  tm::Place place(SentenceRange es, SentenceRange en) const {
    return sides_.english_source ? tm::Place{en, es} : tm::Place{es, en};
  }

  // The old texts of one side of a decision: its sentences when the
  // document's sentences were stored, else the unit's text.
  std::string old_text(const tm::DocumentAlignment& previous, const tm::PlacedPair& p,
                       bool spanish) const {
    const bool source = spanish != sides_.english_source;
    const auto& unit_text = source ? p.unit.source.text : p.unit.target.text;
    const auto& sentences = source ? previous.source_sentences : previous.target_sentences;
    if (p.unit.place && !sentences.empty()) {
      const SentenceRange r = source ? p.unit.place->source : p.unit.place->target;
      if (r.end <= sentences.size()) {
        std::string text;
        for (uint32_t i = r.begin; i < r.end; ++i) {
          if (!text.empty()) text += ' ';
          text += sentences[i].text;
        }
        // An edited text no longer matches the sentences: they are what
        // the document says.
        return folded(text);
      }
    }
    return folded(unit_text);
  }

  std::vector<Anchor> find_decisions(const tm::DocumentAlignment& previous) {
    std::vector<const tm::PlacedPair*> decisions;
    for (const auto* list : {&previous.pairs, &previous.unplaced})
      for (const auto& p : *list)
        if (p.unit.status != tm::UnitStatus::Aligned) decisions.push_back(&p);
    const double old_es = static_cast<double>(
        std::max<std::size_t>(1, sides_.english_source ? previous.target_sentences.size()
                                                       : previous.source_sentences.size()));
    const double old_en = static_cast<double>(
        std::max<std::size_t>(1, sides_.english_source ? previous.source_sentences.size()
                                                       : previous.target_sentences.size()));
    std::vector<Anchor> both, one_sided;
    for (const tm::PlacedPair* p : decisions) {
      const std::string es_text = old_text(previous, *p, true);
      const std::string en_text = old_text(previous, *p, false);
      auto near = [&](bool spanish) {
        if (!p->unit.place) return 0.0;
        const bool source = spanish != sides_.english_source;
        const double begin = source ? p->unit.place->source.begin : p->unit.place->target.begin;
        return begin / (spanish ? old_es : old_en) *
               static_cast<double>(spanish ? sides_.es.size() : sides_.en.size());
      };
      Anchor a;
      a.ref = p->ref();
      a.es_known = !es_text.empty();
      a.en_known = !en_text.empty();
      if (a.es_known) {
        auto r = find_run(es_folded_, es_text, near(true));
        if (!r) {
          lose(*p, es_text, "its " + language_name(true) + " text is no longer in the document");
          continue;
        }
        a.es = *r;
      }
      if (a.en_known) {
        auto r = find_run(en_folded_, en_text, near(false));
        if (!r) {
          lose(*p, es_text.empty() ? en_text : es_text,
               "its " + language_name(false) + " text is no longer in the document");
          continue;
        }
        a.en = *r;
      }
      (a.es_known && a.en_known ? both : one_sided).push_back(a);
    }
    // Decisions with both sides, in order; one that crosses another is lost.
    std::sort(both.begin(), both.end(), [](const Anchor& a, const Anchor& b) {
      return std::tie(a.es.begin, a.en.begin) < std::tie(b.es.begin, b.en.begin);
    });
    std::vector<Anchor> kept;
    uint32_t es_end = 0, en_end = 0;
    for (const Anchor& a : both) {
      if (a.es.begin < es_end || a.en.begin < en_end) {
        lose_ref(a.ref, joined(sides_.es, a.es.begin, a.es.end),
                 "its sentences now overlap those of another decision");
        continue;
      }
      kept.push_back(a);
      es_end = a.es.end;
      en_end = a.en.end;
    }
    // An omission goes where the machine put its sentences, between the
    // decisions around it.
    for (Anchor a : one_sided) {
      const bool spanish = a.es_known;
      const SentenceRange known = spanish ? a.es : a.en;
      auto next = std::find_if(kept.begin(), kept.end(), [&](const Anchor& k) {
        return (spanish ? k.es.begin : k.en.begin) >= known.end;
      });
      const Anchor* before = next == kept.begin() ? nullptr : &*std::prev(next);
      const uint32_t known_floor = before ? (spanish ? before->es.end : before->en.end) : 0;
      if (known.begin < known_floor) {
        lose_ref(a.ref, joined(spanish ? sides_.es : sides_.en, known.begin, known.end),
                 "its sentences now overlap those of another decision");
        continue;
      }
      const uint32_t lo = before ? (spanish ? before->en.end : before->es.end) : 0;
      const uint32_t hi =
          next != kept.end() ? (spanish ? next->en.begin : next->es.begin)
                             : static_cast<uint32_t>(spanish ? sides_.en.size() : sides_.es.size());
      const uint32_t at = std::clamp(machine_counterpart(known.begin, spanish), lo, hi);
      (spanish ? a.en : a.es) = SentenceRange{at, at};
      kept.insert(next, a);
    }
    return kept;
  }

  // Where the machine's alignment puts the other side of sentence i.
  uint32_t machine_counterpart(uint32_t i, bool spanish) const {
    for (const align::Bead& b : machine_.beads) {
      const align::SegmentRange r = spanish ? b.src : b.tgt;
      if (i >= r.begin && i < r.end()) return spanish ? b.tgt.begin : b.src.begin;
    }
    return 0;
  }

  static std::string language_name(bool spanish) { return spanish ? "Spanish" : "English"; }

  void lose(const tm::PlacedPair& p, const std::string& text, const std::string& reason) {
    plan_.lost.push_back({p.unit.id, text, reason});
  }
  void lose_ref(const tm::PairRef& ref, const std::string& text, const std::string& reason) {
    plan_.lost.push_back({ref.unit_id, text, reason});
  }

  // Machine pairs for the sentences between two decisions: the document's
  // own beads where they fit inside, else the stretch aligned on its own.
  void fill_gap(SentenceRange es, SentenceRange en) {
    if (es.empty() && en.empty()) return;
    std::vector<align::Bead> inside;
    std::size_t es_covered = 0, en_covered = 0;
    for (const align::Bead& b : machine_.beads) {
      if (b.src.begin >= es.begin && b.src.end() <= es.end && b.tgt.begin >= en.begin &&
          b.tgt.end() <= en.end) {
        // An empty side counts only where it sits inside the stretch.
        if ((b.src.empty() && (b.src.begin < es.begin || b.src.begin > es.end)) ||
            (b.tgt.empty() && (b.tgt.begin < en.begin || b.tgt.begin > en.end)))
          continue;
        inside.push_back(b);
        es_covered += b.src.size;
        en_covered += b.tgt.size;
      }
    }
    if (es_covered != es.size() || en_covered != en.size()) {
      inside.clear();
      if (es.empty() || en.empty()) {
        for (uint32_t i = es.begin; i < es.end; ++i)
          inside.push_back({{i, 1}, {en.begin, 0}, 0, 0});
        for (uint32_t i = en.begin; i < en.end; ++i)
          inside.push_back({{es.begin, 0}, {i, 1}, 0, 0});
      } else {
        std::vector<align::Segment> sub_es(sides_.es.begin() + es.begin,
                                           sides_.es.begin() + es.end);
        std::vector<align::Segment> sub_en(sides_.en.begin() + en.begin,
                                           sides_.en.begin() + en.end);
        for (align::Bead b : realign_(sub_es, sub_en).beads) {
          b.src.begin += es.begin;
          b.tgt.begin += en.begin;
          inside.push_back(b);
        }
      }
    }
    for (const align::Bead& b : inside) add_machine_pair(b);
  }

  void add_machine_pair(const align::Bead& b) {
    const bool is_doubtful = doubtful(b, policy_.threshold);
    tm::Variant spanish{sides_.es_tag, joined(sides_.es, b.src.begin, b.src.end()), {}};
    tm::Variant english{sides_.en_tag, joined(sides_.en, b.tgt.begin, b.tgt.end()), {}};
    tm::TranslationUnit u;
    u.source = sides_.english_source ? english : spanish;
    u.target = sides_.english_source ? spanish : english;
    u.confidence = b.confidence;
    u.place = place({b.src.begin, b.src.end()}, {b.tgt.begin, b.tgt.end()});
    u.pending = is_doubtful && !policy_.trust_machine;
    ++plan_.machine;
    if (is_doubtful) ++plan_.doubtful;
    if (b.src.empty() || b.tgt.empty()) ++plan_.omissions;
    plan_.pairs.push_back(std::move(u));
  }

  // Each new unit's context: the source texts of its neighbours.
  void link_context() {
    auto source_of = [](const tm::AlignedPair& p) -> const std::string* {
      if (const auto* u = std::get_if<tm::TranslationUnit>(&p)) return &u->source.text;
      return nullptr;
    };
    for (std::size_t i = 0; i < plan_.pairs.size(); ++i) {
      auto* u = std::get_if<tm::TranslationUnit>(&plan_.pairs[i]);
      if (!u) continue;
      if (i > 0)
        if (const auto* s = source_of(plan_.pairs[i - 1])) u->context_prev = *s;
      if (i + 1 < plan_.pairs.size())
        if (const auto* s = source_of(plan_.pairs[i + 1])) u->context_next = *s;
    }
  }

  const DocumentSides& sides_;
  const align::Alignment& machine_;
  const PairPolicy& policy_;
  const GapAligner& realign_;
  std::vector<std::string> es_folded_, en_folded_;
  PairPlan plan_;
};

std::vector<std::string> folded_sentences(const std::vector<tm::Sentence>& sentences) {
  std::vector<std::string> out;
  out.reserve(sentences.size());
  for (const auto& s : sentences) out.push_back(folded(s.text));
  return out;
}

bool same_texts(const tm::TranslationUnit& row, const tm::TranslationUnit& stored) {
  return folded(row.source.text) == folded(stored.source.text) &&
         folded(row.target.text) == folded(stored.target.text);
}

// The place of a changed row between the places of the rows around it: the
// whole stretch when it is the only changed row there, else where its texts
// are found inside the stretch.
std::optional<tm::Place> place_between(const tm::TranslationUnit& row, tm::Place stretch,
                                       bool alone, const std::vector<std::string>& source,
                                       const std::vector<std::string>& target) {
  if (alone) return stretch;
  auto find_in = [](const std::vector<std::string>& sentences, SentenceRange within,
                    const std::string& text) -> std::optional<SentenceRange> {
    if (text.empty()) return SentenceRange{within.begin, within.begin};
    std::vector<std::string> part(sentences.begin() + within.begin, sentences.begin() + within.end);
    auto r = find_run(part, text, 0);
    if (!r) return std::nullopt;
    return SentenceRange{r->begin + within.begin, r->end + within.begin};
  };
  auto s = find_in(source, stretch.source, folded(row.source.text));
  auto t = find_in(target, stretch.target, folded(row.target.text));
  if (!s || !t) return std::nullopt;
  return tm::Place{*s, *t};
}

}  // namespace

TablePlan plan_table(std::vector<tm::TranslationUnit> rows, const tm::DocumentAlignment* previous) {
  TablePlan plan;
  for (auto& row : rows) {
    row.document.reset();
    row.pending = false;
  }
  if (!previous) {
    // A new document: the table is all it has; its rows are its sentences.
    for (auto& row : rows) {
      auto side = [](std::vector<tm::Sentence>& sentences, const std::string& text) {
        const auto begin = static_cast<uint32_t>(sentences.size());
        if (!text.empty()) sentences.push_back({text, begin, std::nullopt});
        return SentenceRange{begin, static_cast<uint32_t>(sentences.size())};
      };
      SentenceRange s = side(plan.source_sentences, row.source.text);
      SentenceRange t = side(plan.target_sentences, row.target.text);
      row.place = tm::Place{s, t};
      row.status = row.status == tm::UnitStatus::Rejected ? row.status : tm::UnitStatus::Reviewed;
      plan.pairs.push_back(std::move(row));
      ++plan.changed;
    }
    return plan;
  }
  // Rows and stored pairs in order: a row equal to one of the next stored
  // pairs keeps it (the pairs skipped over are not in the table).
  constexpr std::size_t kLookahead = 64;
  const auto& stored = previous->pairs;
  std::vector<std::optional<std::size_t>> match(rows.size());
  std::size_t next = 0;
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = next; j < stored.size() && j < next + kLookahead; ++j)
      if (same_texts(rows[i], stored[j].unit)) {
        match[i] = j;
        next = j + 1;
        break;
      }
  const auto source = folded_sentences(previous->source_sentences);
  const auto target = folded_sentences(previous->target_sentences);
  const auto source_count = static_cast<uint32_t>(source.size());
  const auto target_count = static_cast<uint32_t>(target.size());
  for (std::size_t i = 0; i < rows.size();) {
    if (match[i]) {
      const tm::PlacedPair& p = stored[*match[i]];
      plan.pairs.push_back(tm::KeptPair{p.ref(), *p.unit.place});
      ++plan.unchanged;
      ++i;
      continue;
    }
    // A run of changed rows between two kept ones (or the ends).
    std::size_t end = i;
    while (end < rows.size() && !match[end]) ++end;
    tm::Place stretch{{0, 0}, {0, 0}};
    if (i > 0) {
      const auto& before = *stored[*match[i - 1]].unit.place;
      stretch.source.begin = before.source.end;
      stretch.target.begin = before.target.end;
    }
    stretch.source.end =
        end < rows.size() ? stored[*match[end]].unit.place->source.begin : source_count;
    stretch.target.end =
        end < rows.size() ? stored[*match[end]].unit.place->target.begin : target_count;
    const bool usable = stretch.source.begin <= stretch.source.end &&
                        stretch.target.begin <= stretch.target.end &&
                        stretch.source.end <= source_count && stretch.target.end <= target_count;
    for (std::size_t k = i; k < end; ++k) {
      tm::TranslationUnit row = std::move(rows[k]);
      if (usable) row.place = place_between(row, stretch, end - i == 1, source, target);
      if (row.status != tm::UnitStatus::Rejected) row.status = tm::UnitStatus::Reviewed;
      plan.pairs.push_back(std::move(row));
      ++plan.changed;
    }
    i = end;
  }
  return plan;
}

bool doubtful(const align::Bead& bead, double threshold) {
  return bead.src.empty() || bead.tgt.empty() || bead.confidence < threshold;
}

std::vector<tm::Sentence> tm_sentences(const std::vector<align::Segment>& segments) {
  std::vector<tm::Sentence> out;
  out.reserve(segments.size());
  for (const auto& s : segments) {
    tm::Sentence sentence{s.text, s.paragraph, std::nullopt};
    // Only the file's own locations go to the TM: byte offsets of a text
    // file are for the program, not a person.
    if (s.location)
      sentence.location = tm::Location{s.location->paragraph, s.location->char_begin,
                                       s.location->char_end, s.location->page};
    out.push_back(std::move(sentence));
  }
  return out;
}

PairPlan plan_pairs(const DocumentSides& sides, const align::Alignment& machine,
                    const PairPolicy& policy, const tm::DocumentAlignment* previous,
                    const GapAligner& realign_gap) {
  return Planner(sides, machine, policy, realign_gap).plan(previous);
}

}  // namespace alinea::cli
