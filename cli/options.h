// Option types several subcommands share, parsed once here so every
// subcommand spells and checks them the same way.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "align/language.h"
#include "align/segment/segmenter.h"

namespace alinea::cli {

// --lang es|en (any region accepted) into an optional Language.
CLI::Option* add_language_option(CLI::App& sub, const std::string& name,
                                 std::optional<align::Language>& target, const std::string& help);

// --input-format text|markdown|html|srt|webvtt (default: from the extension).
CLI::Option* add_input_format_option(CLI::App& sub, std::optional<align::DocumentFormat>& target);

}  // namespace alinea::cli
