#include "align/segment/paragraph.h"

namespace alinea::align::detail {

std::vector<Paragraph> read_html(std::string_view bytes, const SegmentOptions& options) {
  return read_text(bytes, options);
}

}  // namespace alinea::align::detail
