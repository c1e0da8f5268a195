// Reading and writing alignments.
//
//   Alignment gold = read_beads_file("case/gold.align");   // `[0,1]:[2]` lines
//   write_beads(std::cout, alignment);
//   write_tsv(std::cout, alignment, es, en);    // es<TAB>en<TAB>confidence
//   write_json_lines(std::cout, alignment, es, en);
//
// Bead format: one bead per line, `[i,j,...]:[k,...]` with 0-based segment
// indices of the Spanish (left) and English (right) side; `[]:[3]` and `[4]:[]`
// are omissions. This is the format of vecalign and of the shared corpora.
//
// JSON Lines shape (stable): one object per bead,
//   {"es":[0,1],"en":[2],"es_text":"...","en_text":"...","score":1.25,"confidence":0.973}
// texts of several segments are joined by one space.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "align/types.h"

namespace alinea::align {

// "[0,1]:[2]"
std::string format_bead(const Bead& bead);

// Parses one line in bead format (surrounding spaces allowed). Indices of a
// side must be consecutive. Throws InputError naming `file` and `line`.
Bead parse_bead(std::string_view text, const std::string& file = "-", size_t line = 0);

// Blank lines are skipped. Throws InputError (file, line) on a bad line.
Alignment read_beads(std::istream& in, const std::string& file = "-");
Alignment read_beads_file(const std::string& path);

void write_beads(std::ostream& out, const Alignment& alignment);

// Segments must be the ones aligned (indices are checked; throws
// std::out_of_range otherwise). Tabs and line breaks inside texts become
// spaces so that every bead stays one TSV line.
void write_tsv(std::ostream& out, const Alignment& alignment, const std::vector<Segment>& es,
               const std::vector<Segment>& en);
void write_json_lines(std::ostream& out, const Alignment& alignment, const std::vector<Segment>& es,
                      const std::vector<Segment>& en);

// Throws InputError when the beads are not monotone or do not cover
// [0, es_count) and [0, en_count) exactly once; `file` names the source.
void check_alignment(const Alignment& alignment, size_t es_count, size_t en_count,
                     const std::string& file = "-");

}  // namespace alinea::align
