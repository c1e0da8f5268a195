// A fixture for the tests of the aligner's internals: both sides' features
// as the aligner builds them, with the test lexicon.
#pragma once

#include <vector>

#include "align/aligner/features.h"
#include "align/lexicon/lexicon.h"
#include "tests/align/aligner/documents.h"

namespace alinea::test {

struct BuiltSides {
  align::Lexicon lexicon = align::Lexicon::load_tsv(kAlignerData + "lexicon.tsv");
  align::AlignOptions options;
  // Built before `ids`, which numbers a document's own concepts after the
  // relation's.
  align::detail::StemRelation relation = built_relation(lexicon, options);
  align::detail::ConceptIds ids{&relation.base_ids};
  align::detail::SideFeatures es, en;

  BuiltSides(const std::vector<align::Segment>& es_segments,
             const std::vector<align::Segment>& en_segments) {
    es = align::detail::build_side(es_segments, align::Language::Spanish, relation, ids, options);
    en = align::detail::build_side(en_segments, align::Language::English, relation, ids, options);
  }

  static align::detail::StemRelation built_relation(const align::Lexicon& lexicon,
                                                    const align::AlignOptions& options) {
    align::detail::StemRelation relation;
    relation.build(lexicon, options.max_translations);
    return relation;
  }
};

}  // namespace alinea::test
