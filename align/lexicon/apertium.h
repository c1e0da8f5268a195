// Reader for Apertium bilingual dictionaries printed by lttoolbox.
//
//   $ lt-print /usr/share/apertium/apertium-eng-spa/spa-eng.autobil.bin > spa-eng.att
//   SourceReport r;
//   auto pairs = read_apertium_att("spa-eng.att", Language::Spanish, {}, &r);
//
// lt-print writes each section of a transducer as an AT&T-style table:
// `from TAB to TAB input TAB output [TAB weight]` per transition, `state
// [TAB weight]` per final state, `--` between sections (each numbers its
// states from 0), `ε` for the empty symbol. A path from state 0 to a final
// state spells `lemma<tag><tag>` on each side (`#` marks where the rest of a
// multi-word lemma goes, a space separates words).
//
// Regex-like entries (numbers, any-capitalised-word patterns) make loops,
// and enumerating their paths never ends. States on a cycle (strongly
// connected components, found with Tarjan's algorithm) are therefore not
// entered: what remains is acyclic, and its paths are the ordinary word and
// multi-word entries. A length and a count bound guard against blow-ups.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "align/language.h"
#include "align/lexicon/lexicon.h"
#include "align/lexicon/source_report.h"

namespace alinea::align {

struct ApertiumOptions {
  size_t max_path_symbols = 256;  // longer paths are cut and counted as truncated
  size_t max_paths_per_section = 2'000'000;
  // Generated families (century ranges "siglos lx-xxiii a. c", number words)
  // are acyclic but combinatorial: some state is reached by many prefixes
  // AND continues into many suffixes, so its paths form a cross product.
  // Paths through a state with at least this many prefixes and suffixes are
  // skipped; an ordinary dictionary shares prefixes or suffixes, rarely both.
  uint64_t cross_product_fanout = 12;
};

// `input_language` is the language of the transducer's input side
// (Spanish for spa-eng.autobil.bin). Pairs get source Apertium and the first
// input-side tag as part of speech. Malformed lines are counted and skipped;
// throws ResourceError only when the file cannot be read.
std::vector<LexiconPair> read_apertium_att(const std::string& att_path, Language input_language,
                                           const ApertiumOptions& options = {},
                                           SourceReport* report = nullptr);

// Splits one side of a path ("hacer# caso<vblex><pri>") into the lemma
// ("hacer caso") and the first tag ("vblex"). Exposed for tests.
struct ApertiumSide {
  std::string lemma;
  std::string first_tag;
};
ApertiumSide split_apertium_side(std::string_view spelled);

}  // namespace alinea::align
