#include "cli/review_page.h"

#include <cstdio>

namespace alinea::cli {
namespace {

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Where a side starts in a .docx, .odt, .epub or .pdf, small beside its
// text ("¶12 · p. 3"), so that a person can find it again in the file; the
// characters in its tooltip. Nothing for text formats.
std::string location_note(const std::vector<align::Segment>& segments, align::SegmentRange range) {
  const auto& first = segments[range.begin].location;
  if (!first) return {};
  uint64_t end = first->char_end;
  for (uint32_t i = range.begin + 1; i < range.end(); ++i) {
    const auto& next = segments[i].location;
    if (!next || next->paragraph != first->paragraph) break;
    end = next->char_end;
  }
  const std::string paragraph = std::to_string(first->paragraph);
  const std::string page = first->page ? std::to_string(first->page) : std::string();
  return "<span class=\"loc\" title=\"paragraph " + paragraph + ", characters " +
         std::to_string(first->char_begin + 1) + "-" + std::to_string(end) +
         (page.empty() ? "" : ", page " + page) + "\">\u00b6" + paragraph +
         (page.empty() ? "" : " \u00b7 p. " + page) + "</span>";
}

std::string side_cell(const std::vector<align::Segment>& segments, align::SegmentRange range,
                      const char* lang) {
  if (range.empty())
    return std::string("<td class=\"side missing\" lang=\"") + lang +
           "\"><span class=\"gap\">(nothing on this side)</span></td>";
  std::string cell = std::string("<td class=\"side\" lang=\"") + lang + "\">";
  for (uint32_t i = range.begin; i < range.end(); ++i) {
    cell += "<span class=\"sent\" title=\"segment " + std::to_string(i) + "\">" +
            html_escape(segments[i].text) + "</span> ";
  }
  return cell + location_note(segments, range) + "</td>";
}

uint32_t first_paragraph(const align::Bead& bead, const std::vector<align::Segment>& src,
                         const std::vector<align::Segment>& tgt, bool source_side) {
  if (source_side) return bead.src.empty() ? UINT32_MAX : src[bead.src.begin].paragraph;
  return bead.tgt.empty() ? UINT32_MAX : tgt[bead.tgt.begin].paragraph;
}

}  // namespace

const char* confidence_class(const align::Bead& bead, double threshold) {
  if (bead.src.empty() || bead.tgt.empty()) return "omission";
  if (bead.confidence >= 0.8) return "good";
  if (bead.confidence >= threshold) return "fair";
  return "doubtful";
}

void write_review_page(std::ostream& out, const ReviewPageInfo& info,
                       const std::vector<align::Segment>& src,
                       const std::vector<align::Segment>& tgt, const align::Alignment& alignment) {
  size_t doubtful = 0, omissions = 0;
  for (const align::Bead& bead : alignment.beads) {
    std::string cls = confidence_class(bead, info.threshold);
    if (cls == "doubtful") ++doubtful;
    if (cls == "omission") ++omissions;
  }
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<title>Alignment review: " << html_escape(info.src_name) << " / "
      << html_escape(info.tgt_name) << "</title>\n"
      << "<style>\n"
         "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}\n"
         "table{border-collapse:collapse;width:100%;table-layout:fixed}\n"
         "td{vertical-align:top;padding:.4em .6em;border-bottom:1px solid #ddd}\n"
         "td.num{color:#666;font-size:.85em;text-align:right}\n"
         "td.conf{font-variant-numeric:tabular-nums;text-align:right}\n"
         "tr.good td.conf{background:#c8ecc8}\n"
         "tr.fair td.conf{background:#f7e7a6}\n"
         "tr.doubtful td{background:#fbd3d0}\n"
         "tr.omission td{background:#e4e4f7}\n"
         "td.missing{background:repeating-linear-gradient(45deg,#eee,#eee 6px,#fff 6px,#fff 12px)"
         "!important;color:#a00;font-style:italic}\n"
         "tr.paragraph td{border-top:3px solid #888}\n"
         ".loc{color:#777;font-size:.75em;white-space:nowrap;margin-left:.3em}\n"
         ".legend span{display:inline-block;padding:.1em .5em;margin-right:.5em}\n"
         "</style>\n</head>\n<body>\n";
  const bool ids = !info.unit_ids.empty();
  out << "<h1>Alignment review</h1>\n<p><b>" << html_escape(info.src_name) << "</b> ("
      << info.src_lang << ") &harr; <b>" << html_escape(info.tgt_name) << "</b> (" << info.tgt_lang
      << "): " << alignment.beads.size() << " pairs, <span id=\"doubtful\">" << doubtful
      << "</span> below the review threshold " << info.threshold << ", <span id=\"omissions\">"
      << omissions << "</span> with nothing on one side.</p>\n"
      << "<p class=\"legend\"><span style=\"background:#c8ecc8\">confident</span>"
         "<span style=\"background:#f7e7a6\">fair</span>"
         "<span style=\"background:#fbd3d0\">doubtful: check</span>"
         "<span style=\"background:#e4e4f7\">omission</span>"
         "Thick lines mark paragraph breaks; \u00b612 \u00b7 p. 3: paragraph and page "
         "in the file.</p>\n"
      << "<table>\n<colgroup><col style=\"width:3.5em\">"
      << (ids ? "<col style=\"width:4.5em\">" : "")
      << "<col><col><col style=\"width:4.5em\"></colgroup>\n<thead><tr><th>#</th>"
      << (ids ? "<th title=\"TM unit id: alinea show ID, alinea edit ID\">unit</th>" : "") << "<th>"
      << info.src_lang << "</th><th>" << info.tgt_lang
      << "</th><th>conf.</th></tr></thead>\n<tbody>\n";
  uint32_t last_src_par = UINT32_MAX, last_tgt_par = UINT32_MAX;
  size_t index = 0;
  for (const align::Bead& bead : alignment.beads) {
    uint32_t sp = first_paragraph(bead, src, tgt, true);
    uint32_t tp = first_paragraph(bead, src, tgt, false);
    bool new_paragraph = index > 0 && ((sp != UINT32_MAX && sp != last_src_par) ||
                                       (tp != UINT32_MAX && tp != last_tgt_par));
    if (sp != UINT32_MAX) last_src_par = src[bead.src.end() - 1].paragraph;
    if (tp != UINT32_MAX) last_tgt_par = tgt[bead.tgt.end() - 1].paragraph;
    std::string cls = confidence_class(bead, info.threshold);
    char conf[16];
    std::snprintf(conf, sizeof conf, "%.2f", bead.confidence);
    out << "<tr class=\"" << cls << (new_paragraph ? " paragraph" : "") << "\" data-confidence=\""
        << conf << "\"><td class=\"num\">" << index << "</td>";
    if (ids) {
      const int64_t id = index < info.unit_ids.size() ? info.unit_ids[index] : 0;
      out << "<td class=\"num unit\">" << (id ? std::to_string(id) : std::string()) << "</td>";
    }
    out << side_cell(src, bead.src, info.src_lang.c_str())
        << side_cell(tgt, bead.tgt, info.tgt_lang.c_str()) << "<td class=\"conf\">" << conf
        << "</td></tr>\n";
    ++index;
  }
  out << "</tbody>\n</table>\n</body>\n</html>\n";
}

}  // namespace alinea::cli
