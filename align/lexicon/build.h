// Building the language resources once, at set-up time: the lexicon from
// FreeDict and Apertium, and the subword model.
//
//   // after: lt-print .../spa-eng.autobil.bin > DIR/spa-eng.autobil.att (and eng-spa)
//   ResourceInputs in = ResourceInputs::debian("DIR");
//   BuildReport r = build_resources(in, "build/resources");
//   // -> build/resources/lexicon.bin, lexicon.tsv, subwords.model (+ .vocab,
//   //    .model.json, subwords.train.txt)
//   std::cout << to_json(r);
//
// A missing input is skipped with a note in the report, so the build works
// on a machine that lacks some of the packages.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "align/lexicon/apertium.h"
#include "align/lexicon/lexicon.h"
#include "align/lexicon/source_report.h"

namespace alinea::align {

// File names inside a resource directory.
inline constexpr std::string_view kLexiconFile = "lexicon.bin";
inline constexpr std::string_view kLexiconTsvFile = "lexicon.tsv";
inline constexpr std::string_view kSubwordPrefix = "subwords";  // subwords.model ...
inline constexpr std::string_view kSubwordModelFile = "subwords.model";
inline constexpr std::string_view kSubwordTrainingText = "subwords.train.txt";

struct ResourceInputs {
  // dictd files of dict-freedict-spa-eng / dict-freedict-eng-spa.
  std::string freedict_spa_eng_index, freedict_spa_eng_dict;
  std::string freedict_eng_spa_index, freedict_eng_spa_dict;
  // `lt-print` output of apertium-eng-spa's spa-eng.autobil.bin (Spanish
  // input) and eng-spa.autobil.bin (English input).
  std::string apertium_spa_eng_att, apertium_eng_spa_att;
  ApertiumOptions apertium;
  // Subword training text: HTML pages (tags stripped, e.g. debian-reference
  // es and en), plain text files, and the FreeDict entries' own text.
  std::vector<std::string> subword_html;
  std::vector<std::string> subword_text;
  bool subword_dictionary_text = true;
  int subword_vocab_size = 4000;
  bool build_subwords = true;

  // The paths Debian installs, with the lt-print output expected in
  // `att_dir` as spa-eng.autobil.att and eng-spa.autobil.att. HTML pages are
  // those of /usr/share/debian-reference/*.{es,en}.html present now.
  static ResourceInputs debian(const std::string& att_dir);
};

struct BuildReport {
  std::vector<SourceReport> sources;  // one per input read, in order
  LexiconStats lexicon;
  std::string lexicon_file, tsv_file;
  std::string subword_model_file, subword_info_file, subword_training_text;
  size_t subword_pieces = 0;
  size_t subword_training_lines = 0;
  std::vector<std::string> notes;  // skipped inputs and steps, with the reason
};

// (done, total) steps; called from the building thread.
using BuildProgress = std::function<void(size_t done, size_t total)>;

// Reads every available dictionary into one lexicon (no files written).
Lexicon build_lexicon(const ResourceInputs& inputs, BuildReport* report = nullptr,
                      const BuildProgress& progress = {});

// build_lexicon + lexicon.bin and lexicon.tsv + the subword model, in
// `out_dir` (created if needed). Throws ResourceError when out_dir cannot
// be written or subword training fails; missing inputs only add notes.
BuildReport build_resources(const ResourceInputs& inputs, const std::string& out_dir,
                            const BuildProgress& progress = {});

// HTML to training text by the markup layer (gumbo): the head, script,
// style and pre dropped, each block and each <br> line on a line of its own,
// character references decoded, white space collapsed, blank lines dropped.
std::string html_to_text(std::string_view html);

// One JSON object each (stable keys): to_json(stats) has "entries" (= pairs),
// "es_keys", "en_keys", "multiword", "by_source" {name: pairs},
// "only_from_source" {name: pairs}.
std::string to_json(const LexiconStats& stats);
std::string to_json(const BuildReport& report);

}  // namespace alinea::align
