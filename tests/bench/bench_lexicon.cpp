// Lexicon benchmark: builds the lexicon from the installed Debian packages
// (FreeDict, Apertium via lt-print), prints entries per source, coverage of
// the shared corpora, load time and lookup rates.
//
//   bench_lexicon [ATT_DIR]
//
// ATT_DIR holds spa-eng.autobil.att / eng-spa.autobil.att (lt-print output);
// when absent they are printed into a temporary directory if lt-print is
// installed, else Apertium is left out (and said so).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "align/lexicon/build.h"
#include "align/lexicon/coverage.h"
#include "align/lexicon/lexicon.h"
#include "align/lexicon/stemmer.h"
#include "align/lexicon/subword.h"
#include "align/text.h"

using namespace alinea::align;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Prints the Apertium tables into `dir` with lt-print when they are missing.
void ensure_att(const fs::path& dir) {
  const std::string apertium = "/usr/share/apertium/apertium-eng-spa/";
  for (const char* name : {"spa-eng", "eng-spa"}) {
    fs::path att = dir / (std::string(name) + ".autobil.att");
    if (fs::exists(att)) continue;
    std::string bin = apertium + name + ".autobil.bin";
    if (!fs::exists(bin)) continue;
    std::string cmd = "lt-print '" + bin + "' > '" + att.string() + "' 2>/dev/null";
    if (std::system(cmd.c_str()) != 0) fs::remove(att);
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    fs::path att_dir =
        argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path() / "alinea-bench-lexicon";
    fs::create_directories(att_dir);
    ensure_att(att_dir);

    // Build.
    ResourceInputs in = ResourceInputs::debian(att_dir.string());
    BuildReport report;
    auto t0 = Clock::now();
    Lexicon built = build_lexicon(in, &report);
    double build_ms = ms_since(t0);
    std::printf("== build (%.0f ms)\n", build_ms);
    for (const SourceReport& s : report.sources)
      std::printf("  %-18s records %7zu  pairs %7zu  malformed %zu  skipped %zu  truncated %zu\n",
                  s.source.c_str(), s.records, s.pairs, s.malformed, s.skipped, s.truncated);
    for (const std::string& n : report.notes) std::printf("  note: %s\n", n.c_str());
    const LexiconStats& st = report.lexicon;
    std::printf("  distinct pairs %zu (es keys %zu, en keys %zu, multi-word %zu)\n", st.pairs,
                st.es_keys, st.en_keys, st.multiword_pairs);
    for (size_t i = 0; i < kLexiconSourceCount; ++i)
      std::printf("  %-18s %7zu pairs, %7zu only from it\n",
                  std::string(source_name(static_cast<LexiconSource>(i))).c_str(),
                  st.pairs_by_source[i], st.only_from_source[i]);

    // Save / load.
    fs::path bin = att_dir / "lexicon.bin";
    built.save(bin.string());
    std::vector<double> loads;
    Lexicon lex;
    for (int i = 0; i < 5; ++i) {
      t0 = Clock::now();
      lex = Lexicon::load(bin.string());
      loads.push_back(ms_since(t0));
    }
    std::sort(loads.begin(), loads.end());
    std::printf("== load %s (%.1f MB): median %.2f ms, min %.2f ms\n", bin.c_str(),
                static_cast<double>(fs::file_size(bin)) / 1e6, loads[2], loads[0]);

    // Coverage on the shared corpora.
    fs::path corpora = ALINEA_SHARED_CORPORA;
    std::vector<fs::path> cases;
    for (const char* group : {"bible", "udhr", "debref"}) {
      std::error_code ec;
      if (!fs::is_directory(corpora / group, ec)) continue;
      for (const auto& e : fs::directory_iterator(corpora / group))
        if (fs::exists(e.path() / "es.txt") && fs::exists(e.path() / "en.txt"))
          cases.push_back(e.path());
    }
    std::sort(cases.begin(), cases.end());
    std::vector<std::string> all_es, all_en;
    if (cases.empty())
      std::printf("== coverage: no corpora at %s\n", corpora.c_str());
    else
      std::printf("== coverage (word tokens with an entry: direct + via stem)\n");
    for (const fs::path& c : cases) {
      all_es.push_back(read_text(c / "es.txt"));
      all_en.push_back(read_text(c / "en.txt"));
      TokenCoverage es = lexicon_coverage(lex, Language::Spanish, {all_es.back()});
      TokenCoverage en = lexicon_coverage(lex, Language::English, {all_en.back()});
      std::printf(
          "  %-16s es %6.1f%% (%5.1f%% direct, %7zu tokens)   en %6.1f%% (%5.1f%% direct, %7zu "
          "tokens)\n",
          (c.parent_path().filename() / c.filename()).c_str(), 100 * es.share(),
          100 * es.direct_share(), es.tokens, 100 * en.share(), 100 * en.direct_share(), en.tokens);
    }
    if (!cases.empty()) {
      std::vector<std::string_view> es_views(all_es.begin(), all_es.end());
      std::vector<std::string_view> en_views(all_en.begin(), all_en.end());
      t0 = Clock::now();
      TokenCoverage es = lexicon_coverage(lex, Language::Spanish, es_views);
      TokenCoverage en = lexicon_coverage(lex, Language::English, en_views);
      std::printf("  %-16s es %6.1f%% (%5.1f%% direct)   en %6.1f%% (%5.1f%% direct)   [%.0f ms]\n",
                  "all", 100 * es.share(), 100 * es.direct_share(), 100 * en.share(),
                  100 * en.direct_share(), ms_since(t0));
    }

    // Lookup rates on running folded tokens (or the keys themselves).
    std::vector<std::string> queries;
    for (const std::string& text : all_es)
      for (const std::string& t : word_tokens(text)) queries.push_back(fold(t));
    if (queries.empty())
      lex.for_each_pair(
          [&](std::string_view es, std::string_view, LexiconSource) { queries.emplace_back(es); });
    if (queries.size() > 2'000'000) queries.resize(2'000'000);
    size_t found = 0, translations = 0;
    t0 = Clock::now();
    for (const std::string& q : queries) found += lex.has_es(q);
    double has_ms = ms_since(t0);
    t0 = Clock::now();
    for (const std::string& q : queries) translations += lex.translations_of_es(q).size();
    double tr_ms = ms_since(t0);
    Stemmer stemmer(Language::Spanish);
    std::vector<std::string> stems;
    stems.reserve(queries.size());
    t0 = Clock::now();
    for (const std::string& q : queries) stems.push_back(stemmer.stem(q));
    double stem_ms = ms_since(t0);
    size_t stem_translations = 0;
    t0 = Clock::now();
    for (const std::string& s : stems) stem_translations += lex.translations_of_es_stem(s).size();
    double stem_tr_ms = ms_since(t0);
    auto rate = [&](double ms) {
      return static_cast<double>(queries.size()) / (ms / 1000.0) / 1e6;
    };
    std::printf("== lookups over %zu Spanish tokens (%zu found)\n", queries.size(), found);
    std::printf("  has_es                  %6.2f M/s\n", rate(has_ms));
    std::printf("  translations_of_es      %6.2f M/s (%zu translations)\n", rate(tr_ms),
                translations);
    std::printf("  Stemmer::stem           %6.2f M/s\n", rate(stem_ms));
    std::printf("  translations_of_es_stem %6.2f M/s (%zu translations)\n", rate(stem_tr_ms),
                stem_translations);

    // The subword model, when the set-up has built one.
    fs::path model = fs::path(ALINEA_BUILD_DATA_DIR) / kSubwordModelFile;
    if (fs::exists(model) && !all_es.empty()) {
      SubwordModel sw = SubwordModel::load(model.string());
      size_t pieces = 0, bytes = 0;
      t0 = Clock::now();
      for (const std::string& text : all_es) {
        pieces += sw.encode_ids(text).size();
        bytes += text.size();
      }
      double ms = ms_since(t0);
      std::printf("== subwords %s: %zu pieces; Spanish corpora %.1f MB -> %zu ids, %.1f MB/s\n",
                  model.c_str(), sw.piece_count(), static_cast<double>(bytes) / 1e6, pieces,
                  static_cast<double>(bytes) / 1e6 / (ms / 1000.0));
    } else {
      std::printf("== subwords: no model at %s (built by the set-up)\n", model.c_str());
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_lexicon: error: %s\n", e.what());
    return 1;
  }
}
