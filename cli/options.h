// Option types several subcommands share, parsed once here so every
// subcommand spells and checks them the same way.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json_fwd.hpp>
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

// A flag that turns a setting off: "--no-headings" sets `target` to false.
// (CLI11's "--no-headings{false}" form would show "{false}" in --help.)
CLI::Option* add_off_flag(CLI::App& sub, const std::string& name, bool& target,
                          const std::string& help);

// The segmentation settings a user may want to change, bound to the fields
// of `target` (segment and align share them): --abbreviations FILE,
// --no-abbreviations, --no-initials, --no-line-structure, --no-headings,
// --keep-code, --keep-boilerplate, --subtitle-gap MS. Call
// load_abbreviations() before segmenting: the file is read then.
void add_segmentation_options(CLI::App& sub, align::SegmentOptions& target);

// Reads the --abbreviations file named in target.extra_abbreviations_name
// into target.extra_abbreviations (InputError naming it if unreadable).
void load_abbreviations(align::SegmentOptions& target);

// The settings as JSON (what a document records of its segmentation).
nlohmann::json segmentation_json(const align::SegmentOptions& options);

}  // namespace alinea::cli
