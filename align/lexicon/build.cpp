#include "align/lexicon/build.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "align/error.h"
#include "align/lexicon/freedict.h"
#include "align/lexicon/gzip_file.h"
#include "align/lexicon/subword.h"
#include "align/markup/marked_text.h"
#include "align/text.h"

namespace fs = std::filesystem;

namespace alinea::align {
namespace {

constexpr size_t kLexiconSteps = 4;
constexpr size_t kTotalSteps = kLexiconSteps + 2;

bool present(const std::string& path) {
  std::error_code ec;
  return !path.empty() && fs::is_regular_file(path, ec);
}

std::string missing_note(std::string_view what, const std::string& path, std::string_view hint) {
  return std::string(what) +
         " skipped: " + (path.empty() ? std::string("no path given") : path + " not found") + " (" +
         std::string(hint) + ")";
}

// Lines of FreeDict's own text: headwords without pronunciation, senses
// without their numbers.
size_t append_dictionary_text(const std::string& dict_path, std::ofstream& out) {
  const std::string text = read_maybe_gzip(dict_path);
  size_t lines = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    start = end + 1;
    if (line.starts_with("00-database") || line.starts_with("00database")) continue;
    if (size_t slash = line.find(" /"); slash != std::string_view::npos && line.ends_with("/"))
      line = line.substr(0, slash);
    size_t digits = 0;
    while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) ++digits;
    if (digits > 0 && line.substr(digits).starts_with(". ")) line.remove_prefix(digits + 2);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty() || find_invalid_utf8(line) != std::string_view::npos) continue;
    out << line << '\n';
    ++lines;
  }
  return lines;
}

// Keys in the order written, so the reports read the same every time.
using Json = nlohmann::ordered_json;

// Invalid UTF-8 in a file name or note is replaced, not an exception.
std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json source_report_json(const SourceReport& r) {
  return {{"source", r.source},       {"file", r.file},           {"records", r.records},
          {"pairs", r.pairs},         {"malformed", r.malformed}, {"skipped", r.skipped},
          {"truncated", r.truncated}, {"notes", r.notes}};
}

Json stats_json(const LexiconStats& s) {
  Json by_source = Json::object(), only = Json::object();
  for (size_t i = 0; i < kLexiconSourceCount; ++i) {
    const std::string name(source_name(static_cast<LexiconSource>(i)));
    by_source[name] = s.pairs_by_source[i];
    only[name] = s.only_from_source[i];
  }
  return {{"entries", s.pairs},     {"es_keys", s.es_keys},
          {"en_keys", s.en_keys},   {"multiword", s.multiword_pairs},
          {"by_source", by_source}, {"only_from_source", only}};
}

}  // namespace

ResourceInputs ResourceInputs::debian(const std::string& att_dir) {
  ResourceInputs in;
  const std::string dictd = "/usr/share/dictd/";
  in.freedict_spa_eng_index = dictd + "freedict-spa-eng.index";
  in.freedict_spa_eng_dict = dictd + "freedict-spa-eng.dict.dz";
  in.freedict_eng_spa_index = dictd + "freedict-eng-spa.index";
  in.freedict_eng_spa_dict = dictd + "freedict-eng-spa.dict.dz";
  in.apertium_spa_eng_att = (fs::path(att_dir) / "spa-eng.autobil.att").string();
  in.apertium_eng_spa_att = (fs::path(att_dir) / "eng-spa.autobil.att").string();
  std::error_code ec;
  const fs::path reference = "/usr/share/debian-reference";
  if (fs::is_directory(reference, ec)) {
    for (const auto& entry : fs::directory_iterator(reference, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.ends_with(".es.html") || name.ends_with(".en.html"))
        in.subword_html.push_back(entry.path().string());
    }
    std::sort(in.subword_html.begin(), in.subword_html.end());
  }
  return in;
}

std::string html_to_text(std::string_view html) {
  // Site chrome is text too: the model learns words, not documents.
  markup::ReadOptions options;
  options.drop_boilerplate = false;
  std::string out;
  for (const markup::Block& block : markup::read_html(html, options).blocks) {
    std::string_view text = block.text;
    size_t from = 0;
    auto line = [&](size_t to) {
      std::string l = collapse_space(text.substr(from, to - from));
      if (!l.empty()) out += l + '\n';
      from = to;
    };
    for (size_t at : block.line_starts) line(at);
    line(text.size());
  }
  return out;
}

Lexicon build_lexicon(const ResourceInputs& in, BuildReport* report,
                      const BuildProgress& progress) {
  BuildReport local;
  BuildReport& r = report ? *report : local;
  std::vector<LexiconPair> pairs;
  size_t step = 0;
  auto done = [&] {
    ++step;
    if (progress) progress(step, kLexiconSteps);
  };

  struct FreeDictInput {
    LexiconSource source;
    const std::string& index;
    const std::string& dict;
  };
  for (const FreeDictInput& f :
       {FreeDictInput{LexiconSource::FreeDictSpaEng, in.freedict_spa_eng_index,
                      in.freedict_spa_eng_dict},
        FreeDictInput{LexiconSource::FreeDictEngSpa, in.freedict_eng_spa_index,
                      in.freedict_eng_spa_dict}}) {
    const std::string name(source_name(f.source));
    if (!present(f.index) || !present(f.dict)) {
      r.notes.push_back(
          missing_note(name, present(f.index) ? f.dict : f.index, "Debian package dict-" + name));
    } else {
      SourceReport s;
      s.source = name;
      auto got = read_freedict(f.index, f.dict, f.source, &s);
      pairs.insert(pairs.end(), std::make_move_iterator(got.begin()),
                   std::make_move_iterator(got.end()));
      r.sources.push_back(std::move(s));
    }
    done();
  }

  struct ApertiumInput {
    std::string_view name;
    const std::string& att;
    Language input;
    std::string_view bin;
  };
  for (const ApertiumInput& a : {ApertiumInput{"apertium spa-eng", in.apertium_spa_eng_att,
                                               Language::Spanish, "spa-eng.autobil.bin"},
                                 ApertiumInput{"apertium eng-spa", in.apertium_eng_spa_att,
                                               Language::English, "eng-spa.autobil.bin"}}) {
    if (!present(a.att)) {
      r.notes.push_back(missing_note(
          a.name, a.att,
          "create it with: lt-print /usr/share/apertium/apertium-eng-spa/" + std::string(a.bin) +
              " > FILE (packages apertium-eng-spa, lttoolbox-dev)"));
    } else {
      SourceReport s;
      s.source = std::string(a.name);
      auto got = read_apertium_att(a.att, a.input, in.apertium, &s);
      pairs.insert(pairs.end(), std::make_move_iterator(got.begin()),
                   std::make_move_iterator(got.end()));
      r.sources.push_back(std::move(s));
    }
    done();
  }
  Lexicon lexicon = Lexicon::from_pairs(std::move(pairs));
  r.lexicon = lexicon.stats();
  if (lexicon.empty()) r.notes.push_back("the lexicon is empty: no dictionary input was found");
  return lexicon;
}

BuildReport build_resources(const ResourceInputs& in, const std::string& out_dir,
                            const BuildProgress& progress) {
  BuildReport r;
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec || !fs::is_directory(out_dir))
    throw ResourceError(out_dir + ": cannot create resource directory: " + ec.message());
  const fs::path dir(out_dir);

  Lexicon lexicon = build_lexicon(in, &r, [&](size_t done, size_t) {
    if (progress) progress(done, kTotalSteps);
  });
  r.lexicon_file = (dir / kLexiconFile).string();
  r.tsv_file = (dir / kLexiconTsvFile).string();
  lexicon.save(r.lexicon_file);
  lexicon.save_tsv(r.tsv_file);
  if (progress) progress(kLexiconSteps + 1, kTotalSteps);

  if (in.build_subwords) {
    r.subword_training_text = (dir / kSubwordTrainingText).string();
    std::ofstream text(r.subword_training_text, std::ios::binary | std::ios::trunc);
    if (!text) throw ResourceError(r.subword_training_text + ": cannot write");
    size_t lines = 0, es_pages = 0, en_pages = 0, text_files = 0, dict_files = 0;
    for (const std::string& page : in.subword_html) {
      if (!present(page)) {
        r.notes.push_back(
            missing_note("subword HTML page", page, "Debian packages debian-reference-es/-en"));
        continue;
      }
      std::string html = read_maybe_gzip(page);
      if (find_invalid_utf8(html) != std::string::npos) {
        r.notes.push_back(page + ": not valid UTF-8, left out of subword training");
        continue;
      }
      std::string t = html_to_text(html);
      lines += static_cast<size_t>(std::count(t.begin(), t.end(), '\n'));
      text << t;
      if (page.find(".es.") != std::string::npos)
        ++es_pages;
      else if (page.find(".en.") != std::string::npos)
        ++en_pages;
    }
    for (const std::string& file : in.subword_text) {
      if (!present(file)) {
        r.notes.push_back(missing_note("subword text", file, "given as input"));
        continue;
      }
      std::string t = read_maybe_gzip(file);
      if (find_invalid_utf8(t) != std::string::npos) {
        r.notes.push_back(file + ": not valid UTF-8, left out of subword training");
        continue;
      }
      if (!t.empty() && t.back() != '\n') t += '\n';
      lines += static_cast<size_t>(std::count(t.begin(), t.end(), '\n'));
      text << t;
      ++text_files;
    }
    if (in.subword_dictionary_text)
      for (const std::string& dict : {in.freedict_spa_eng_dict, in.freedict_eng_spa_dict})
        if (present(dict)) {
          lines += append_dictionary_text(dict, text);
          ++dict_files;
        }
    text.close();
    if (!text) throw ResourceError(r.subword_training_text + ": error writing");
    r.subword_training_lines = lines;
    if (lines == 0) {
      r.notes.push_back("subword model skipped: no training text found");
    } else {
      const std::string description =
          "joint es+en unigram model; text: " + std::to_string(es_pages) + " Spanish and " +
          std::to_string(en_pages) + " English HTML pages (debian-reference, tags stripped), " +
          std::to_string(text_files) + " plain text file(s), " + std::to_string(dict_files) +
          " FreeDict dictionary text(s); " + std::to_string(lines) + " lines in " +
          std::string(kSubwordTrainingText);
      const std::string prefix = (dir / kSubwordPrefix).string();
      train_subword_model({r.subword_training_text}, prefix, in.subword_vocab_size, description);
      r.subword_model_file = prefix + ".model";
      r.subword_info_file = subword_info_path(prefix);
      r.subword_pieces = SubwordModel::load(r.subword_model_file).piece_count();
    }
  } else {
    r.notes.push_back("subword model not requested");
  }
  if (progress) progress(kTotalSteps, kTotalSteps);
  return r;
}

std::string to_json(const LexiconStats& s) { return dump(stats_json(s)); }

std::string to_json(const BuildReport& r) {
  Json sources = Json::array();
  for (const auto& s : r.sources) sources.push_back(source_report_json(s));
  return dump({{"lexicon", stats_json(r.lexicon)},
               {"sources", sources},
               {"lexicon_file", r.lexicon_file},
               {"tsv_file", r.tsv_file},
               {"subwords",
                {{"model_file", r.subword_model_file},
                 {"info_file", r.subword_info_file},
                 {"training_text", r.subword_training_text},
                 {"training_lines", r.subword_training_lines},
                 {"pieces", r.subword_pieces}}},
               {"notes", r.notes}});
}

}  // namespace alinea::align
