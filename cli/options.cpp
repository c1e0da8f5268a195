#include "cli/options.h"

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
          throw CLI::ValidationError("input format",
                                     "'" + value + "' is not text, markdown, html, srt or webvtt");
        target = format;
      },
      "Input format: text, markdown, html, srt, webvtt (default: from the file extension)");
}

}  // namespace alinea::cli
