// Aligner benchmark: accuracy on every case of the shared corpora, speed,
// peak memory, scaling to Bible-sized documents, an ablation and a
// reliability table of the confidences.
//
//   bench_align                      # everything
//   bench_align --quick              # accuracy only, no scaling run
//   bench_align --only bible_noisy   # one dataset
//   bench_align --lexicon FILE       # .bin or .tsv (default: the built
//                                    # resources/lexicon.bin, else the corpus TSV)
//   bench_align --dump DIR           # write DIR/<dataset>_<case>.align
//   bench_align --scaling-only --scales 1,2,4,8
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "align/aligner/aligner.h"
#include "align/aligner/beads_io.h"
#include "align/aligner/score.h"
#include "align/lexicon/lexicon.h"
#include "align/lexicon/subword.h"

namespace fs = std::filesystem;
using namespace alinea::align;

namespace {

struct Case {
  std::string dataset;
  std::string name;
  std::vector<Segment> es, en;
  Alignment gold;
};

std::vector<std::string> read_lines(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

// Paragraph index of each unit from the .txt file (paragraphs separated by
// blank lines, units of a paragraph joined by one space).
std::vector<Segment> read_side(const fs::path& dir, const std::string& lang) {
  std::vector<std::string> units = read_lines(dir / (lang + ".sent"));
  std::vector<Segment> segs(units.size());
  for (size_t k = 0; k < units.size(); ++k) segs[k].text = units[k];
  std::vector<std::string> txt = read_lines(dir / (lang + ".txt"));
  std::vector<std::string> paragraphs;
  std::string cur;
  for (const std::string& l : txt) {
    if (l.empty()) {
      if (!cur.empty()) paragraphs.push_back(cur);
      cur.clear();
    } else {
      cur += cur.empty() ? l : " " + l;
    }
  }
  if (!cur.empty()) paragraphs.push_back(cur);
  size_t u = 0;
  for (size_t p = 0; p < paragraphs.size() && u < units.size(); ++p) {
    size_t pos = 0;
    const std::string& para = paragraphs[p];
    while (u < units.size() && pos < para.size() &&
           para.compare(pos, units[u].size(), units[u]) == 0) {
      segs[u].paragraph = static_cast<uint32_t>(p);
      pos += units[u].size() + 1;
      ++u;
    }
  }
  for (; u < units.size(); ++u) segs[u].paragraph = static_cast<uint32_t>(paragraphs.size());
  return segs;
}

std::vector<Case> load_cases(const fs::path& root, const std::string& only) {
  std::vector<Case> cases;
  auto add = [&](const std::string& dataset, const fs::path& dir) {
    if (!only.empty() && only != dataset) return;
    if (!fs::exists(dir / "gold.align")) return;
    Case c;
    c.dataset = dataset;
    c.name = dir.filename().string();
    c.es = read_side(dir, "es");
    c.en = read_side(dir, "en");
    c.gold = read_beads_file((dir / "gold.align").string());
    cases.push_back(std::move(c));
  };
  for (const char* ds : {"bible", "bible_noisy", "udhr", "debref"}) {
    if (!fs::exists(root / ds)) continue;
    std::vector<fs::path> dirs;
    for (auto& e : fs::directory_iterator(root / ds))
      if (e.is_directory()) dirs.push_back(e.path());
    std::sort(dirs.begin(), dirs.end());
    for (auto& d : dirs) add(ds, d);
  }
  add("entrevista", fs::path(ALINEA_CORPORA) / "entrevista");
  return cases;
}

long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

struct DatasetResult {
  ScoreCounts counts;
  size_t segments = 0;
  double seconds = 0;
};

std::map<std::string, DatasetResult> run_all(const std::vector<Case>& cases, const Aligner& aligner,
                                            const std::string& dump, bool verbose,
                                            std::vector<std::pair<double, bool>>* reliability) {
  std::map<std::string, DatasetResult> out;
  for (const Case& c : cases) {
    auto t0 = std::chrono::steady_clock::now();
    AlignStats stats;
    Alignment a = aligner.align(c.es, c.en, &stats);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    check_alignment(a, c.es.size(), c.en.size());
    ScoreCounts counts = count_matches(c.gold, a);
    DatasetResult& r = out[c.dataset];
    r.counts += counts;
    r.segments += c.es.size() + c.en.size();
    r.seconds += s;
    if (verbose) {
      AlignmentScore sc = counts.score();
      std::printf("  %-12s %-10s strict F1 %.4f lax F1 %.4f  %.2fs cells %zu anchors %zu learnt %zu ratio %.3f var %.2f del %.2f retries %d\n",
                  c.dataset.c_str(), c.name.c_str(), sc.strict.f1, sc.lax.f1, s,
                  stats.lattice_cells, stats.anchors, stats.learnt_pairs, stats.length_ratio,
                  stats.length_variance, stats.deletion_cost, stats.band_retries);
    }
    if (reliability) {
      std::set<std::pair<std::pair<uint32_t, uint32_t>, std::pair<uint32_t, uint32_t>>> gold;
      for (const Bead& b : c.gold.beads)
        gold.insert({{b.src.empty() ? 0 : b.src.begin, b.src.size},
                     {b.tgt.empty() ? 0 : b.tgt.begin, b.tgt.size}});
      for (const Bead& b : a.beads)
        reliability->push_back(
            {b.confidence, gold.count({{b.src.empty() ? 0 : b.src.begin, b.src.size},
                                       {b.tgt.empty() ? 0 : b.tgt.begin, b.tgt.size}}) > 0});
    }
    if (!dump.empty()) {
      fs::create_directories(dump);
      std::ofstream f(fs::path(dump) / (c.dataset + "_" + c.name + ".align"));
      write_beads(f, a);
    }
  }
  return out;
}

void print_results(const std::map<std::string, DatasetResult>& results) {
  std::printf("%-12s %8s %8s %8s | %8s %8s %8s | %10s\n", "dataset", "P strict", "R strict",
              "F1 strict", "P lax", "R lax", "F1 lax", "segs/s");
  for (const auto& [name, r] : results) {
    AlignmentScore s = r.counts.score();
    std::printf("%-12s %8.4f %8.4f %8.4f | %8.4f %8.4f %8.4f | %10.0f\n", name.c_str(),
                s.strict.precision, s.strict.recall, s.strict.f1, s.lax.precision, s.lax.recall,
                s.lax.f1, r.seconds > 0 ? r.segments / r.seconds : 0.0);
  }
}

// A Bible-sized document: noisy and clean Bible cases concatenated and
// repeated until each side has `target` segments.
void scaling_child(const std::vector<Case>& cases, const Aligner& aligner, size_t target) {
  std::vector<Segment> es, en;
  uint32_t para_es = 0, para_en = 0;
  while (es.size() < target || en.size() < target) {
    for (const Case& c : cases) {
      if (c.dataset != "bible" && c.dataset != "bible_noisy") continue;
      for (const Segment& s : c.es) {
        if (es.size() >= target) break;
        es.push_back(s);
        es.back().paragraph += para_es;
      }
      for (const Segment& s : c.en) {
        if (en.size() >= target) break;
        en.push_back(s);
        en.back().paragraph += para_en;
      }
      para_es = es.empty() ? 0 : es.back().paragraph + 1;
      para_en = en.empty() ? 0 : en.back().paragraph + 1;
    }
  }
  long before = peak_rss_kb();
  auto t0 = std::chrono::steady_clock::now();
  AlignStats stats;
  Alignment a = aligner.align(es, en, &stats);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const double cpu = static_cast<double>(u.ru_utime.tv_sec) + u.ru_utime.tv_usec / 1e6;
  std::printf("  %7zu x %7zu segments: %7.2f s wall, %7.2f s CPU (whole child), peak RSS %6.1f MB (%.1f MB before align), %zu beads, %zu cells (%zu searched), %zu anchors, %d retries\n",
              es.size(), en.size(), s, cpu, peak_rss_kb() / 1024.0, before / 1024.0, a.beads.size(),
              stats.lattice_cells, stats.cells_searched, stats.anchors, stats.band_retries);
  std::fflush(stdout);
}

// The Bible-sized document at each multiple of 31,000 segments a side, each
// in a child process so that every size reports its own peak memory.
void run_scaling(const std::vector<Case>& cases, const Aligner& aligner,
                 const std::vector<size_t>& scales) {
  std::printf("\n== scaling (each size in a child process) ==\n");
  std::fflush(stdout);
  for (size_t k : scales) {
    pid_t pid = fork();
    if (pid == 0) {
      scaling_child(cases, aligner, 31000 * k);
      std::_Exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  bool scaling_only = false;
  bool verbose = false;
  std::string only, dump, lexicon_path, subword_path;
  std::vector<size_t> scales{1, 2, 4, 8};
  AlignOptions options;
  std::map<std::string, double*> knobs{
      {"lexical_weight", &options.lexical_weight},
      {"length_weight", &options.length_weight},
      {"length_variance", &options.length_variance},
      {"variance_floor", &options.variance_floor},
      {"normalise_weight", &options.normalise_weight},
      {"neighbour_mix", &options.neighbour_mix},
      {"merge_penalty", &options.merge_penalty},
      {"many_to_many_penalty", &options.many_to_many_penalty},
      {"deletion_quantile", &options.deletion_quantile},
      {"deletion_scale", &options.deletion_scale},
      {"deletion_floor", &options.deletion_floor},
      {"deletion_cap", &options.deletion_cap},
      {"paragraph_penalty", &options.paragraph_penalty},
      {"punctuation_weight", &options.punctuation_weight},
      {"dice_threshold", &options.dice_threshold},
      {"self_train_quantile", &options.self_train_quantile},
      {"posterior_temperature", &options.posterior_temperature},
      {"band_gap_fraction", &options.band_gap_fraction},
      {"anchor_min_score", &options.anchor_min_score},
      {"band_cells_per_segment", &options.band_cells_per_segment},
      {"number_weight_cap", &options.number_weight_cap},
      {"idf_smoothing", &options.idf_smoothing},
      {"subword_weight", &options.subword_weight}};
  for (int k = 1; k < argc; ++k) {
    std::string a = argv[k];
    if (a == "--set" && k + 1 < argc) {  // --set name=value (tuning experiments)
      std::string kv = argv[++k];
      size_t eq = kv.find('=');
      auto it = knobs.find(kv.substr(0, eq));
      if (eq == std::string::npos || it == knobs.end()) {
        std::fprintf(stderr, "unknown knob %s\n", kv.c_str());
        return 2;
      }
      *it->second = std::stod(kv.substr(eq + 1));
    } else if (a == "--no-self-train") options.self_train = false;
    else if (a == "--retries" && k + 1 < argc) options.band_retries = std::stoi(argv[++k]);
    else if (a == "--band" && k + 1 < argc) options.band_min_width = std::stoi(argv[++k]);
    else if (a == "--anchor-df" && k + 1 < argc) options.anchor_max_df = std::stoi(argv[++k]);
    else if (a == "--full-cells" && k + 1 < argc) options.full_search_cells = std::stoul(argv[++k]);
    else if (a == "--max-segments" && k + 1 < argc) options.max_bead_segments = std::stoi(argv[++k]);
    else if (a == "--max-side" && k + 1 < argc) options.max_bead_side = std::stoi(argv[++k]);
    else if (a == "--quick") quick = true;
    else if (a == "--scaling-only") scaling_only = true;
    else if (a == "-v" || a == "--verbose") verbose = true;
    else if (a == "--only" && k + 1 < argc) only = argv[++k];
    else if (a == "--dump" && k + 1 < argc) dump = argv[++k];
    else if (a == "--lexicon" && k + 1 < argc) lexicon_path = argv[++k];
    else if (a == "--subwords" && k + 1 < argc) subword_path = argv[++k];
    else if (a == "--scales" && k + 1 < argc) {
      scales.clear();
      std::string v = argv[++k];
      for (size_t p = 0; p < v.size();) {
        size_t q = v.find(',', p);
        scales.push_back(std::stoul(v.substr(p, q - p)));
        p = q == std::string::npos ? v.size() : q + 1;
      }
    } else {
      std::fprintf(stderr, "usage: bench_align [--quick] [-v] [--only DATASET] [--dump DIR] [--lexicon FILE] [--scales 1,2,4,8]\n");
      return 2;
    }
  }
  const fs::path root = ALINEA_SHARED_CORPORA;
  if (!fs::exists(root)) {
    std::printf("corpora not found at %s: nothing to do\n", root.c_str());
    return 0;
  }
  if (lexicon_path.empty()) {
    fs::path bin = fs::path(ALINEA_BUILD_DATA_DIR) / "lexicon.bin";
    lexicon_path = fs::exists(bin) ? bin.string() : (root / "lexicon" / "lexicon.tsv").string();
  }
  Lexicon lexicon = lexicon_path.ends_with(".tsv") ? Lexicon::load_tsv(lexicon_path)
                                                   : Lexicon::load(lexicon_path);
  std::printf("lexicon: %s (%zu pairs)\n", lexicon_path.c_str(), lexicon.size());
  if (subword_path.empty()) {
    fs::path model = fs::path(lexicon_path).parent_path() / "subwords.model";
    if (fs::exists(model)) subword_path = model.string();
  }
  std::optional<SubwordModel> subwords;
  if (!subword_path.empty() && subword_path != "none") {
    subwords = SubwordModel::load(subword_path);
    std::printf("subwords: %s (%zu pieces)\n", subword_path.c_str(), subwords->piece_count());
  }
  const SubwordModel* sw = subwords ? &*subwords : nullptr;

  std::vector<Case> cases = load_cases(root, only);
  std::printf("%zu cases loaded, peak RSS %.1f MB\n", cases.size(), peak_rss_kb() / 1024.0);

  Aligner aligner({.lexicon = &lexicon, .subwords = sw}, options);
  if (scaling_only) {
    run_scaling(cases, aligner, scales);
    return 0;
  }
  std::vector<std::pair<double, bool>> reliability;
  auto results = run_all(cases, aligner, dump, verbose, &reliability);
  std::printf("\n== accuracy (all signals) ==\n");
  print_results(results);
  std::printf("peak RSS %.1f MB\n", peak_rss_kb() / 1024.0);

  std::printf("\n== confidence reliability (share of beads identical to gold) ==\n");
  const double edges[] = {0.0, 0.2, 0.5, 0.8, 0.9, 0.95, 0.99, 1.0001};
  for (int b = 0; b + 1 < 8; ++b) {
    size_t total = 0, right = 0;
    for (auto [c, ok] : reliability)
      if (c >= edges[b] && c < edges[b + 1]) {
        ++total;
        right += ok;
      }
    std::printf("  [%.2f, %.2f): %6zu beads, accuracy %.4f\n", edges[b], std::min(1.0, edges[b + 1]),
                total, total ? static_cast<double>(right) / total : 0.0);
  }
  if (quick) return 0;

  std::printf("\n== ablation: strict / lax F1 ==\n");
  struct Variant {
    const char* name;
    AlignResources res;
    AlignOptions opt;
  };
  std::vector<Variant> variants;
  {
    AlignOptions o = options;
    variants.push_back({"no subwords", {.lexicon = &lexicon}, o});
    variants.push_back({"no lexicon", {.subwords = sw}, o});
    variants.push_back({"no lexicon, no subwords", {}, o});
    o.self_train = false;
    variants.push_back({"no self-training", {.lexicon = &lexicon, .subwords = sw}, o});
    variants.push_back({"length+anchors only", {}, o});
  }
  for (const Variant& v : variants) {
    Aligner a(v.res, v.opt);
    auto r = run_all(cases, a, "", false, nullptr);
    std::printf("  %-30s", v.name);
    for (const auto& [name, d] : r) {
      AlignmentScore s = d.counts.score();
      std::printf("  %s %.4f/%.4f", name.c_str(), s.strict.f1, s.lax.f1);
    }
    std::printf("\n");
  }

  run_scaling(cases, aligner, scales);
  return 0;
}
