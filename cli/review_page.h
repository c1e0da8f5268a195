// The self-contained HTML review page of an alignment: both texts side by
// side, one row a bead, coloured by confidence, paragraph breaks shown,
// omissions on either side marked, doubtful pairs counted at the top.
//
//   write_review_page(out, {es_name, en_name, threshold}, es, en, alignment);
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "align/types.h"

namespace alinea::cli {

struct ReviewPageInfo {
  std::string src_name;
  std::string tgt_name;
  std::string src_lang = "es";
  std::string tgt_lang = "en";
  double threshold = 0.5;  // below: doubtful, to review
  // The TM unit of each bead, when the pairs were stored (0: none); empty
  // when they were not.
  std::vector<int64_t> unit_ids;
};

// Confidence classes used for colours; also what the tests look for.
// "good" >= 0.8, "fair" >= threshold, "doubtful" below threshold,
// "omission" for beads with an empty side.
const char* confidence_class(const align::Bead& bead, double threshold);

void write_review_page(std::ostream& out, const ReviewPageInfo& info,
                       const std::vector<align::Segment>& src,
                       const std::vector<align::Segment>& tgt, const align::Alignment& alignment);

}  // namespace alinea::cli
