#include "align/segment/paragraph.h"

namespace alinea::align::detail {

std::vector<Paragraph> read_subtitles(std::string_view bytes, DocumentFormat, const std::string&,
                                      const SegmentOptions& options) {
  return read_text(bytes, options);
}

}  // namespace alinea::align::detail
