// alinea align: two documents in, sentence pairs out (and into the TM with
// --doc); alinea score: an alignment against a gold one.
#include <array>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "align/aligner/aligner.h"
#include "align/aligner/beads_io.h"
#include "align/aligner/score.h"
#include "align/error.h"
#include "align/lexicon/build.h"
#include "align/lexicon/subword.h"
#include "align/segment/segmenter.h"
#include "cli/commands.h"
#include "cli/document_pairs.h"
#include "cli/json_shapes.h"
#include "cli/lexicon_access.h"
#include "cli/options.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "cli/review_page.h"
#include "cli/sha256.h"
#include "cli/tm_open.h"
#include "tm/exchange/tmx_writer.h"
#include "tm/exchange/tsv.h"

namespace alinea::cli {
namespace fs = std::filesystem;

namespace {

struct AlignCmdOptions {
  std::string first, second;
  std::string src_tag, tgt_tag;  // as given, e.g. "es-CL"; empty = detect
  std::optional<align::DocumentFormat> input_format;
  bool presegmented = false;
  std::string format = "tsv";
  std::string output = "-";
  std::string document;
  bool store_all = false;
  bool no_lexicon = false;
  bool force = false;  // keep --src/--tgt even when the text looks otherwise
  // The flags bind to these fields directly (review_threshold,
  // subword_weight, self_train; the segmentation settings).
  align::AlignOptions aligner;
  align::SegmentOptions segmentation;
};

// One side of the alignment: its file, language tag and segments.
struct Side {
  std::string path;
  std::string tag;  // BCP 47 as stored in the TM
  align::Language language = align::Language::Spanish;
  std::vector<align::Segment> segments;
  std::optional<align::Language> detected;  // what the text looks like
  std::string sha256;                       // of the bytes that were segmented
  std::string format;                       // "text", "markdown", ..., "presegmented"
};

std::string language_name(align::Language language) {
  return language == align::Language::Spanish ? "Spanish" : "English";
}

// Reads and segments one file. Without a tag the language is detected;
// `detected` stays empty when the text carries too little evidence (the
// caller then says which flags to give), and the segments are Spanish ones.
Side read_side(const std::string& path, const std::string& tag, const AlignCmdOptions& opt) {
  Side side;
  side.path = path;
  std::optional<align::Language> given;
  if (!tag.empty()) {
    given = align::parse_language(tag);
    if (!given) throw UsageError("'" + tag + "' is not a Spanish or English language tag");
  }
  // Read once: the segments and the digest stored with the document come
  // from the same bytes, even if the file changes meanwhile.
  const std::string bytes = align::read_input(path);
  side.sha256 = sha256_hex(bytes);
  const align::DocumentFormat format = opt.input_format.value_or(
      align::format_from_extension(path).value_or(align::DocumentFormat::Text));
  side.format = opt.presegmented ? "presegmented" : std::string(align::format_name(format));
  const align::SegmentOptions& seg = opt.segmentation;
  if (opt.presegmented) {
    side.segments = align::presegmented_from_text(bytes, path);
    side.detected = align::detect_segments_language(side.segments, seg);
  } else if (given) {
    side.segments = align::segment_text(bytes, path, given, format, seg).segments;
    side.detected = align::detect_segments_language(side.segments, seg);
  } else {
    try {
      align::SegmentedDocument doc = align::segment_text(bytes, path, std::nullopt, format, seg);
      side.detected = doc.language;
      side.segments = std::move(doc.segments);
    } catch (const align::InputError& e) {
      // segment_text asks for segment's --lang when the text does not say;
      // align spells that --src/--tgt, which run_align() asks for.
      if (std::string_view(e.what()).find("cannot tell whether") == std::string_view::npos) throw;
      side.segments =
          align::segment_text(bytes, path, align::Language::Spanish, format, seg).segments;
    }
  }
  side.language = given ? *given : side.detected.value_or(align::Language::Spanish);
  side.tag = tag.empty() ? std::string(align::language_code(side.language)) : tag;
  return side;
}

// The languages of the two files, or a UsageError saying what to give.
void check_languages(const AlignCmdOptions& opt, const Side& first, const Side& second) {
  if (!opt.src_tag.empty()) {
    // Labels given: refuse those the detector contradicts (--force keeps them).
    if (opt.force) return;
    std::string problems;
    using Labelled = std::pair<const Side*, const char*>;
    for (const auto& [side, flag] : {Labelled{&first, "--src"}, Labelled{&second, "--tgt"}}) {
      if (side->detected && *side->detected != side->language)
        problems += std::string(problems.empty() ? "" : "; ") + side->path + " looks " +
                    language_name(*side->detected) + " but " + flag + " says " + side->tag;
    }
    if (!problems.empty())
      throw UsageError("align: " + problems +
                       "; swap --src and --tgt (or the files), or give --force to keep them");
    return;
  }
  if (first.detected && second.detected) {
    if (*first.detected == *second.detected)
      throw UsageError("align: both " + opt.first + " and " + opt.second + " look " +
                       language_name(*first.detected) +
                       "; align a Spanish document with an English one (--src and --tgt "
                       "say which is which when the detector is wrong)");
    return;
  }
  auto unknown = [](const Side& side) {
    return side.path + (side.segments.empty() ? " (it has no text)" : "");
  };
  std::string which = !first.detected && !second.detected
                          ? "either " + unknown(first) + " or " + unknown(second) + " is"
                      : !first.detected ? unknown(first) + " is"
                                        : unknown(second) + " is";
  throw UsageError("align: cannot tell whether " + which +
                   " Spanish or English; give both languages with --src and --tgt "
                   "(e.g. --src es --tgt en)");
}

// The share of each side's sentences the alignment leaves without a
// counterpart: most of either unmatched means the files do not look like
// translations of each other.
void warn_if_mostly_unmatched(const Context& ctx, const align::Alignment& alignment, const Side& es,
                              const Side& en) {
  size_t es_unmatched = 0, en_unmatched = 0;
  for (const align::Bead& b : alignment.beads) {
    if (b.tgt.size == 0) es_unmatched += b.src.size;
    if (b.src.size == 0) en_unmatched += b.tgt.size;
  }
  auto share = [](size_t part, size_t whole) { return whole ? 100.0 * part / whole : 0.0; };
  auto mostly = [](size_t part, size_t whole) { return whole > 0 && 2 * part > whole; };
  if (!mostly(es_unmatched, es.segments.size()) && !mostly(en_unmatched, en.segments.size()))
    return;
  std::ostringstream m;
  m << std::fixed << std::setprecision(0) << es_unmatched << " of " << es.segments.size() << " "
    << es.tag << " sentences (" << share(es_unmatched, es.segments.size()) << "%) and "
    << en_unmatched << " of " << en.segments.size() << " " << en.tag << " sentences ("
    << share(en_unmatched, en.segments.size()) << "%) have no counterpart: " << es.path << " and "
    << en.path << " may not be translations of each other";
  ctx.warn(m.str());
}

struct LoadedSubwords {
  align::SubwordModel model;
  std::string path;
  std::string sha256;  // of the bytes loaded
};

// A subword model trained for this TM (train-subwords writes it beside the
// TM) before the data directory's.
std::optional<LoadedSubwords> load_subwords(const Context& ctx) {
  std::vector<fs::path> candidates;
  try {
    fs::path tm_dir = fs::path(ctx.tm_path()).parent_path();
    candidates.push_back((tm_dir.empty() ? fs::path(".") : tm_dir) / align::kSubwordModelFile);
  } catch (const UsageError&) {
    // A TM that is no file (a URL) has no directory: only --doc needs it.
  }
  if (std::string data = ctx.data_dir(); !data.empty())
    candidates.push_back(fs::path(data) / align::kSubwordModelFile);
  for (const fs::path& model : candidates) {
    std::error_code ec;
    if (!fs::is_regular_file(model, ec)) continue;
    ctx.detail("subword model: " + model.string());
    // Read once: the digest recorded with a document is that of the bytes used.
    const std::string bytes = align::read_input(model.string());
    return LoadedSubwords{align::SubwordModel::from_bytes(bytes, model.string()), model.string(),
                          sha256_hex(bytes)};
  }
  return std::nullopt;
}

std::string bead_type(const align::Bead& b) {
  return std::to_string(b.src.size) + "-" + std::to_string(b.tgt.size);
}

// Everything a run depended on, recorded with the document (`alinea docs
// --json` shows it): the settings, the input formats, and which lexicon and
// subword model (with their digests) were used.
std::string options_json(const AlignCmdOptions& opt, const Side& es, const Side& en,
                         const LexiconAccess* lexicon, const LoadedSubwords* subwords) {
  const align::AlignOptions& a = opt.aligner;
  auto resource = [](const std::string& path, const std::string& sha256) -> nlohmann::json {
    return {{"path", path}, {"sha256", sha256}};
  };
  nlohmann::json o = {
      {"aligner", std::string("alinea ") + ALINEA_VERSION},
      {"review_threshold", a.review_threshold},
      {"self_train", a.self_train},
      {"subword_weight", a.subword_weight},
      {"max_bead_side", a.max_bead_side},
      {"max_bead_segments", a.max_bead_segments},
      {"store_all", opt.store_all},
      {"presegmented", opt.presegmented},
      {"input_format", {{"es", es.format}, {"en", en.format}}},
      {"segmentation", segmentation_json(opt.segmentation)},
      {"lexicon", lexicon ? resource(lexicon->path(), lexicon->sha256()) : nlohmann::json()},
      {"subwords", subwords ? resource(subwords->path, subwords->sha256) : nlohmann::json()}};
  return o.dump();
}

// Stores every pair of the alignment with its place, keeping what a person
// decided on an earlier alignment of the document, and says what happened.
// The stored unit of each bead (0 where a kept decision covers it otherwise).
std::vector<int64_t> unit_ids(const align::Alignment& alignment, const tm::DocumentAlignment& doc,
                              bool english_source) {
  std::map<std::array<uint32_t, 4>, int64_t> by_place;
  for (const auto& p : doc.pairs) {
    const tm::SentenceRange es = english_source ? p.unit.place->target : p.unit.place->source;
    const tm::SentenceRange en = english_source ? p.unit.place->source : p.unit.place->target;
    by_place[{es.begin, es.end, en.begin, en.end}] = p.unit.id;
  }
  std::vector<int64_t> ids;
  for (const align::Bead& b : alignment.beads) {
    auto it = by_place.find({b.src.begin, b.src.end(), b.tgt.begin, b.tgt.end()});
    ids.push_back(it == by_place.end() ? 0 : it->second);
  }
  return ids;
}

// What storing gave back: the document as the TM now holds it (a person's
// earlier decisions included), and the stored unit of each bead.
struct StoredDocument {
  tm::DocumentAlignment document;
  std::vector<int64_t> unit_ids;
};

StoredDocument store_document(const AlignCmdOptions& opt, const Context& ctx, const Side& es,
                              const Side& en, bool english_source,
                              const align::Alignment& alignment, const align::Aligner& aligner,
                              std::string options) {
  const Side& src = english_source ? en : es;
  const Side& tgt = english_source ? es : en;
  tm::DocumentRecord record;
  record.name = opt.document;
  record.src_file = src.path;
  record.tgt_file = tgt.path;
  record.src_sha256 = src.sha256;
  record.tgt_sha256 = tgt.sha256;
  record.src_lang = src.tag;
  record.tgt_lang = tgt.tag;
  record.options = std::move(options);
  record.source_sentences = tm_sentences(src.segments);
  record.target_sentences = tm_sentences(tgt.segments);

  tm::Store store = open_tm_for_writing(ctx);
  std::optional<tm::DocumentAlignment> previous;
  if (auto info = store.document(opt.document);
      info && (info->src_sha256 != record.src_sha256 || info->tgt_sha256 != record.tgt_sha256))
    previous = store.document_alignment(opt.document);
  DocumentSides sides{es.segments, en.segments, es.tag, en.tag, english_source};
  PairPlan plan =
      plan_pairs(sides, alignment, {opt.aligner.review_threshold, opt.store_all},
                 previous ? &*previous : nullptr,
                 [&aligner](const std::vector<align::Segment>& a,
                            const std::vector<align::Segment>& b) { return aligner.align(a, b); });

  Progress storing(ctx, "storing");
  tm::DocumentImportResult r = store.store_alignment(
      record, plan.pairs, [&storing](size_t done, size_t total) { storing.update(done, total); });
  storing.finish();
  using Outcome = tm::DocumentImportResult::Outcome;
  if (r.outcome == Outcome::Unchanged) {
    ctx.info("TM " + store.path() + ": document '" + opt.document +
             "' unchanged (already stored from these files): nothing written");
    auto stored = store.document_alignment(opt.document);
    auto ids = unit_ids(alignment, stored, english_source);
    return {std::move(stored), std::move(ids)};
  }
  std::ostringstream line;
  line << "TM " << store.path() << ": document '" << opt.document << "' "
       << (r.outcome == Outcome::Replaced ? "re-aligned" : "added") << ": " << plan.machine
       << " machine pairs stored (" << r.inserted << " new units, " << r.merged
       << " duplicates merged), " << plan.doubtful << " of them doubtful";
  if (!opt.store_all) line << " and pending review";
  line << " (" << plan.omissions << " omissions, kept out of search and export until reviewed)";
  if (r.outcome == Outcome::Replaced)
    line << "; " << r.removed << " old machine pairs replaced, " << r.kept_decisions
         << " of your decisions kept";
  ctx.info(line.str());
  for (const LostDecision& lost : plan.lost)
    ctx.warn("could not keep unit " + std::to_string(lost.unit_id) + " ('" + lost.text +
             "') in place: " + lost.reason + "; it stays in the TM (alinea show " +
             std::to_string(lost.unit_id) + ")");
  auto stored = store.document_alignment(opt.document);
  auto ids = unit_ids(alignment, stored, english_source);
  return {std::move(stored), std::move(ids)};
}

void run_align(AlignCmdOptions opt, const Context& ctx) {
  load_abbreviations(opt.segmentation);
  if (opt.document.empty() == false && (opt.first == "-" || opt.second == "-"))
    throw UsageError("align: --doc needs real files (their digests identify the document)");
  Side first = read_side(opt.first, opt.src_tag, opt);
  Side second = read_side(opt.second, opt.tgt_tag, opt);
  check_languages(opt, first, second);
  if (first.language == second.language)
    throw UsageError("align: --src and --tgt both say " + language_name(first.language) +
                     "; one document must be Spanish and the other English");
  // Either order of files works: the aligner always sees Spanish first.
  bool first_is_spanish = first.language == align::Language::Spanish;
  const Side& es = first_is_spanish ? first : second;
  const Side& en = first_is_spanish ? second : first;
  // The TM's source side is Spanish unless the user named English the source.
  bool english_source = !opt.src_tag.empty() && first.language == align::Language::English;

  std::shared_ptr<const LexiconAccess> lexicon;
  if (!opt.no_lexicon) lexicon = LexiconAccess::try_load(ctx);
  if (!lexicon && !opt.no_lexicon)
    ctx.warn(
        "no lexicon found: aligning on length, numbers, names and cognates only "
        "(build it with `bash .ci/setup.sh build`, or see --data-dir)");
  std::optional<LoadedSubwords> subwords;
  if (opt.aligner.subword_weight > 0) subwords = load_subwords(ctx);

  align::AlignOptions aopt = opt.aligner;
  // The aligner reports each pass from 0 to its end: name the pass, so the
  // bar filling again is not taken for the same work starting over.
  Progress progress(ctx, aopt.self_train ? "aligning: first pass" : "aligning",
                    opt.format != "json" || opt.output != "-");
  size_t pass = 1, last_done = 0;
  aopt.progress = [&](size_t done, size_t total) {
    if (done < last_done) {
      ++pass;
      progress.set_label(pass == 2 && aopt.self_train
                             ? "aligning: second pass"
                             : "aligning: pass " + std::to_string(pass) + " (wider band)");
    }
    last_done = done;
    progress.update(done, total);
  };
  align::Aligner aligner(
      {lexicon ? &lexicon->lexicon() : nullptr, subwords ? &subwords->model : nullptr}, aopt);
  align::Alignment alignment = aligner.align(es.segments, en.segments);
  progress.finish();

  // Summary on stderr.
  std::map<std::string, size_t> types;
  size_t doubtful_pairs = 0;
  for (const align::Bead& b : alignment.beads) {
    ++types[bead_type(b)];
    if (doubtful(b, opt.aligner.review_threshold)) ++doubtful_pairs;
  }
  std::ostringstream summary;
  summary << "aligned " << es.segments.size() << " " << es.tag << " and " << en.segments.size()
          << " " << en.tag << " sentences into " << alignment.beads.size() << " pairs (";
  bool first_type = true;
  for (const auto& [type, count] : types) {
    summary << (first_type ? "" : ", ") << type << ": " << count;
    first_type = false;
  }
  summary << "); " << doubtful_pairs << " doubtful (below the review threshold "
          << opt.aligner.review_threshold << ", or an omission)";
  ctx.info(summary.str());
  warn_if_mostly_unmatched(ctx, alignment, es, en);

  // Stored first, so that the review page can show each pair's unit id.
  std::optional<StoredDocument> stored;
  if (!opt.document.empty())
    stored =
        store_document(opt, ctx, es, en, english_source, alignment, aligner,
                       options_json(opt, es, en, lexicon.get(), subwords ? &*subwords : nullptr));

  // Output.
  OutputFile out(opt.output);
  if (opt.format == "tsv" && stored) {
    // The document as the TM holds it, a person's earlier decisions
    // included, with their status: corrected in a spreadsheet, it loads back
    // with `alinea import FILE --doc NAME --replace`, and a row left alone
    // changes nothing.
    tm::TableOptions table;
    table.srclang = english_source ? "en" : "es";  // the TM's source column first
    tm::TableWriter writer(out.stream(), table);
    for (const auto& p : stored->document.pairs) writer.write(p.unit);
    writer.finish();
  } else if (opt.format == "tsv") {
    // A header row naming the columns, so the file (corrected in a
    // spreadsheet) imports back with `alinea import FILE --doc NAME --replace`.
    out.stream() << es.tag << '\t' << en.tag << "\tconfidence\n";
    align::write_tsv(out.stream(), alignment, es.segments, en.segments);
  } else if (opt.format == "json") {
    align::write_json_lines(out.stream(), alignment, es.segments, en.segments);
  } else if (opt.format == "beads") {
    align::write_beads(out.stream(), alignment);
  } else if (opt.format == "tmx") {
    tm::TmxHeader header;
    header.srclang = english_source ? "en" : "es";
    header.creationtoolversion = ALINEA_VERSION;
    tm::TmxWriter writer(out.stream(), header);
    DocumentSides sides{es.segments, en.segments, es.tag, en.tag, english_source};
    PairPlan plan = plan_pairs(sides, alignment, {opt.aligner.review_threshold, true}, nullptr, {});
    for (auto& p : plan.pairs) {
      auto& u = std::get<tm::TranslationUnit>(p);
      if (u.omission()) continue;  // TMX has no place for a sentence without its translation
      u.document = opt.document.empty() ? std::optional<std::string>() : opt.document;
      writer.write(u);
    }
    writer.finish();
  } else if (opt.format == "html") {
    ReviewPageInfo info{es.path,
                        en.path,
                        es.tag,
                        en.tag,
                        opt.aligner.review_threshold,
                        stored ? stored->unit_ids : std::vector<int64_t>{}};
    write_review_page(out.stream(), info, es.segments, en.segments, alignment);
  }
  out.commit();
}

// ---- score ----

struct ScoreCmdOptions {
  std::string gold, predicted;
  bool json = false;
};

// GOLD and PRED files, or directories whose *.align files pair up by
// relative path.
std::vector<std::pair<std::string, std::string>> score_cases(const ScoreCmdOptions& opt) {
  std::vector<std::pair<std::string, std::string>> cases;
  if (!fs::is_directory(opt.gold)) {
    if (fs::is_directory(opt.predicted))
      throw UsageError("score: GOLD is a file but PRED is a directory");
    cases.emplace_back(opt.gold, opt.predicted);
    return cases;
  }
  if (!fs::is_directory(opt.predicted))
    throw UsageError("score: GOLD is a directory, so PRED must be one too");
  for (const auto& entry : fs::recursive_directory_iterator(opt.gold)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".align") continue;
    fs::path relative = fs::relative(entry.path(), opt.gold);
    fs::path predicted = fs::path(opt.predicted) / relative;
    if (!fs::exists(predicted))
      throw UsageError("score: " + predicted.string() + " is missing (gold " +
                       entry.path().string() + ")");
    cases.emplace_back(entry.path().string(), predicted.string());
  }
  std::sort(cases.begin(), cases.end());
  if (cases.empty()) throw UsageError("score: no *.align files under " + opt.gold);
  return cases;
}

void run_score(const ScoreCmdOptions& opt, const Context& ctx) {
  align::ScoreCounts total;
  auto cases = score_cases(opt);
  for (const auto& [gold_path, predicted_path] : cases) {
    align::Alignment gold = align::read_beads_file(gold_path);
    align::Alignment predicted = align::read_beads_file(predicted_path);
    align::ScoreCounts counts = align::count_matches(gold, predicted);
    total += counts;
    if (cases.size() > 1) {
      align::AlignmentScore s = counts.score();
      ctx.detail(gold_path + ": strict F1 " + std::to_string(s.strict.f1) + ", lax F1 " +
                 std::to_string(s.lax.f1));
    }
  }
  align::AlignmentScore s = total.score();
  if (opt.json) {
    const Json o = {{"cases", cases.size()},
                    {"strict_precision", json_number(s.strict.precision)},
                    {"strict_recall", json_number(s.strict.recall)},
                    {"strict_f1", json_number(s.strict.f1)},
                    {"lax_precision", json_number(s.lax.precision)},
                    {"lax_recall", json_number(s.lax.recall)},
                    {"lax_f1", json_number(s.lax.f1)}};
    std::cout << json_line(o) << '\n';
    return;
  }
  std::cout << std::fixed << std::setprecision(4) << "cases:  " << cases.size() << '\n'
            << "strict: precision " << s.strict.precision << "  recall " << s.strict.recall
            << "  F1 " << s.strict.f1 << '\n'
            << "lax:    precision " << s.lax.precision << "  recall " << s.lax.recall << "  F1 "
            << s.lax.f1 << '\n';
}

}  // namespace

void add_align_command(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<AlignCmdOptions>();
  CLI::App* sub =
      app.add_subcommand("align", "Align a Spanish and an English document sentence by sentence");
  sub->add_option("FILE1", opt->first,
                  "One document (text, Markdown, HTML, SRT, WebVTT, .docx, .odt, .epub, .pdf)")
      ->required();
  sub->add_option("FILE2", opt->second, "The other document, in either order")->required();
  auto* src = sub->add_option("--src", opt->src_tag,
                              "Language of FILE1: es or en, with region if known (es-CL)")
                  ->group("Input");
  auto* tgt = sub->add_option("--tgt", opt->tgt_tag, "Language of FILE2 (default: detected)")
                  ->group("Input");
  src->needs(tgt);
  tgt->needs(src);
  add_input_format_option(*sub, opt->input_format)->group("Input");
  sub->add_flag("--force", opt->force,
                "Keep --src/--tgt even when the text looks like the other language")
      ->group("Input");
  sub->add_flag("--presegmented", opt->presegmented,
                "Files hold one segment a line; a blank line marks a paragraph break")
      ->group("Input");
  add_segmentation_options(*sub, opt->segmentation);
  sub->add_option("--format,-f", opt->format,
                  "Output: tsv, json (JSON Lines), beads, tmx, html (review page)")
      ->check(CLI::IsMember({"tsv", "json", "beads", "tmx", "html"}))
      ->capture_default_str()
      ->group("Output");
  sub->add_option("-o,--output", opt->output, "Write the output here instead of stdout")
      ->group("Output");
  add_tm_option(*sub, ctx);
  sub->add_option("--doc", opt->document, "Also store the pairs in the TM under this document name")
      ->group("TM");
  sub->add_option("--threshold", opt->aligner.review_threshold,
                  "Review threshold: pairs below this confidence are doubtful")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str()
      ->group("TM");
  sub->add_flag("--store-all", opt->store_all,
                "Trust the machine: store doubtful pairs as ordinary ones, not pending review")
      ->group("TM");
  sub->add_flag("--no-lexicon", opt->no_lexicon, "Do not use the bilingual lexicon")
      ->group("Model");
  sub->add_option(
         "--subword-weight", opt->aligner.subword_weight,
         "Weight of subword (SentencePiece) overlap; 0 leaves the model out (slower when on)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str()
      ->group("Model");
  add_off_flag(*sub, "--no-self-train", opt->aligner.self_train,
               "One pass only: no translation table learnt from the document")
      ->group("Model");
  sub->footer(
      "Output shapes: tsv = es<TAB>en<TAB>confidence; json = "
      "{\"es\":[i..],\"en\":[j..],\"es_text\",\n"
      "\"en_text\",\"score\",\"confidence\"} per pair; beads = [0,1]:[2] lines (omissions "
      "[]:[3]).\n"
      "Examples:\n"
      "  alinea align entrevista.es.txt entrevista.en.txt\n"
      "  alinea align es.md en.md --doc entrevista-rosa --format html -o review.html\n"
      "  alinea align transcripcion.docx translation.pdf --doc rosa\n"
      "  alinea align --presegmented es.sent en.sent --format beads > pred.align");
  sub->callback([opt, &ctx] { run_align(*opt, ctx); });
}

void add_score_command(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<ScoreCmdOptions>();
  CLI::App* sub = app.add_subcommand(
      "score", "Strict and lax precision, recall and F1 of an alignment against gold");
  sub->add_option("GOLD", opt->gold, "Gold beads file, or a directory of *.align files")
      ->required()
      ->check(CLI::ExistingPath);
  sub->add_option("PRED", opt->predicted,
                  "Predicted beads, or a directory with the same relative paths")
      ->required()
      ->check(CLI::ExistingPath);
  sub->add_flag("--json", opt->json, "One JSON object: cases, strict_/lax_ precision, recall, f1");
  sub->footer(
      "Strict: a predicted bead counts only if gold has the identical bead. Lax: it shares a\n"
      "source-target link with gold. As vecalign's score.py: counts are summed over cases.\n"
      "Examples:\n  alinea score gold.align pred.align\n  alinea score corpora/ predictions/ "
      "--json");
  sub->callback([opt, &ctx] { run_score(*opt, ctx); });
}

}  // namespace alinea::cli
