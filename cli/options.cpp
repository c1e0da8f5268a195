#include "cli/options.h"

#include <nlohmann/json.hpp>

namespace alinea::cli {

CLI::Option* add_language_option(CLI::App& sub, const std::string& name,
                                 std::optional<align::Language>& target, const std::string& help) {
  return sub.add_option_function<std::string>(
      name,
      [&target](const std::string& value) {
        auto language = align::parse_language(value);
        if (!language) throw CLI::ValidationError("language", "'" + value + "' is not es or en");
        target = language;
      },
      help);
}

CLI::Option* add_input_format_option(CLI::App& sub, std::optional<align::DocumentFormat>& target) {
  return sub.add_option_function<std::string>(
      "--input-format",
      [&target](const std::string& value) {
        auto format = align::parse_format(value);
        if (!format)
          throw CLI::ValidationError(
              "input format",
              "'" + value + "' is not text, markdown, html, srt, webvtt, docx, odt, epub or pdf");
        target = format;
      },
      "Input format: text, markdown, html, srt, webvtt, docx, odt, epub, pdf (default: from the "
      "file extension)");
}

CLI::Option* add_off_flag(CLI::App& sub, const std::string& name, bool& target,
                          const std::string& help) {
  return sub.add_flag_callback(
      name, [&target] { target = false; }, help);
}

void add_segmentation_options(CLI::App& sub, align::SegmentOptions& target) {
  // Every option below lands in the help's "Segmentation" group.
  CLI::OptionDefaults* defaults = sub.option_defaults();
  const std::string previous_group = defaults->get_group();
  defaults->group("Segmentation");
  sub.add_option("--abbreviations", target.extra_abbreviations_name,
                 "FILE of your own abbreviations (one a line, or ABBREV<TAB>title|number|final|"
                 "label), consulted before the built-in lists")
      ->check(CLI::ExistingFile);
  add_off_flag(sub, "--no-abbreviations", target.use_abbreviations,
               "Ignore abbreviation lists: a period followed by a capital ends a sentence");
  add_off_flag(sub, "--no-initials", target.join_initials,
               "Do not treat \"J. Pérez\"-like initials as part of a name");
  add_off_flag(sub, "--no-line-structure", target.break_at_line_structure,
               "Do not start a sentence at list items and speaker turns (\"P:\", \"- \")");
  add_off_flag(sub, "--no-headings", target.detect_headings,
               "Plain text: do not take a short first line of a paragraph for a heading");
  sub.add_flag("--keep-code", target.keep_code_blocks,
               "Markdown and HTML: keep code blocks (dropped by default)");
  add_off_flag(sub, "--keep-boilerplate", target.drop_html_boilerplate,
               "HTML: keep <nav>, <header>, <footer>, <aside> and <form>");
  sub.add_option("--subtitle-gap", target.subtitle_paragraph_gap_ms,
                 "Subtitles: a pause of at least MS milliseconds starts a paragraph (0: never)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  defaults->group(previous_group);
}

void load_abbreviations(align::SegmentOptions& target) {
  if (target.extra_abbreviations_name.empty()) return;
  target.extra_abbreviations = align::read_input(target.extra_abbreviations_name);
}

nlohmann::json segmentation_json(const align::SegmentOptions& o) {
  nlohmann::json j = {{"use_abbreviations", o.use_abbreviations},
                      {"abbreviations_file", o.extra_abbreviations_name},
                      {"join_initials", o.join_initials},
                      {"break_at_line_structure", o.break_at_line_structure},
                      {"detect_headings", o.detect_headings},
                      {"max_heading_chars", o.max_heading_chars},
                      {"drop_html_boilerplate", o.drop_html_boilerplate},
                      {"keep_code_blocks", o.keep_code_blocks},
                      {"subtitle_paragraph_gap_ms", o.subtitle_paragraph_gap_ms},
                      {"detect_sample_bytes", o.detect_sample_bytes}};
  return j;
}

}  // namespace alinea::cli
