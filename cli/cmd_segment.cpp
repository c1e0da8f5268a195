// alinea segment: a document cut into sentences, one a line or as JSON.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "align/segment/segmenter.h"
#include "cli/commands.h"
#include "cli/json_shapes.h"
#include "cli/options.h"

namespace alinea::cli {
namespace {

struct SegmentCmdOptions {
  std::string file;
  std::optional<align::Language> language;
  std::optional<align::DocumentFormat> input_format;
  std::string format = "text";
  align::SegmentOptions segmentation;
};

void run_segment(SegmentCmdOptions opt, const Context& ctx) {
  load_abbreviations(opt.segmentation);
  align::SegmentedDocument doc =
      align::segment_file(opt.file, opt.language, opt.input_format, opt.segmentation);
  ctx.detail(opt.file + ": " + std::string(align::format_name(doc.format)) + ", " +
             std::string(align::language_code(doc.language)));
  for (size_t i = 0; i < doc.segments.size(); ++i) {
    const align::Segment& s = doc.segments[i];
    if (opt.format == "json") {
      Json o = {{"index", i}, {"paragraph", s.paragraph}};
      if (s.location) {
        // A byte of a zip means nothing to a person: paragraph and characters.
        o["location"] = {{"paragraph", s.location->paragraph},
                         {"char_start", s.location->char_begin},
                         {"char_end", s.location->char_end}};
        if (s.location->page != 0) o["location"]["page"] = s.location->page;
      } else {
        o["start"] = s.bytes.begin;
        o["end"] = s.bytes.end;
      }
      o["text"] = s.text;
      if (s.time) {
        o["start_ms"] = s.time->start_ms;
        o["end_ms"] = s.time->end_ms;
      }
      std::cout << json_line(o) << '\n';
    } else {
      std::cout << s.text << '\n';
    }
  }
  ctx.info(opt.file + ": " + std::to_string(doc.segments.size()) + " sentences (" +
           std::string(align::language_code(doc.language)) + ")");
}

}  // namespace

void add_segment_command(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<SegmentCmdOptions>();
  CLI::App* sub = app.add_subcommand("segment", "Cut a document into sentences");
  sub->add_option(
         "FILE", opt->file,
         "Text, Markdown, HTML, SRT, WebVTT, .docx, .odt, .epub or .pdf file (- for stdin)")
      ->required();
  add_language_option(*sub, "--lang,-l", opt->language,
                      "Document language: es or en (detected when omitted)");
  add_input_format_option(*sub, opt->input_format);
  sub->add_option("--format,-f", opt->format,
                  "Output: text (one sentence a line) or json (JSON Lines)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  add_segmentation_options(*sub, opt->segmentation);
  sub->footer(
      "JSON Lines fields: index, paragraph, start, end (byte offsets in FILE), text, and\n"
      "start_ms/end_ms for subtitles. For .docx, .odt, .epub, .pdf, location {paragraph (from\n"
      "1), char_start, char_end (characters within it), and for .pdf page (from 1)} instead\n"
      "of start and end.\n"
      "Examples:\n  alinea segment entrevista.txt --lang es\n"
      "  alinea segment talk.srt --format json\n  alinea segment transcripcion.docx -f json\n  "
      "alinea segment article.html -l en\n  alinea segment article.pdf -f json\n"
      "  alinea segment acta.txt --abbreviations mis-abreviaturas.txt");
  sub->callback([opt, &ctx] { run_segment(*opt, ctx); });
}

}  // namespace alinea::cli
