#include "harnesses.h"

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>

#include "align/aligner/aligner.h"
#include "align/error.h"
#include "align/segment/segmenter.h"
#include "align/text.h"
#include "cli/review_server.h"
#include "cli/tm_server.h"
#include "cli/workbench.h"
#include "tm/error.h"
#include "tm/exchange/tmx_reader.h"
#include "tm/exchange/tsv.h"

namespace alinea::fuzz {
namespace {

void check(bool ok, const std::string& what) {
  if (!ok) throw InvariantViolation(what);
}

bool valid_utf8(std::string_view s) {
  return align::find_invalid_utf8(s) == std::string_view::npos;
}

// Errors reach the user as one line "alinea: error: FILE:LINE:COL: message".
void check_message(std::string_view what) {
  check(what.find('\n') == std::string_view::npos && what.find('\r') == std::string_view::npos,
        "error message spans lines: " + std::string(what));
  check(what.size() < 1000, "error message longer than 1000 bytes");
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool lang_is(const std::string& tag, std::string_view base) {
  return tag.size() >= base.size() && tag.compare(0, base.size(), base) == 0 &&
         (tag.size() == base.size() || tag[base.size()] == '-');
}

void check_unit(const tm::TranslationUnit& u, size_t max_bytes) {
  bool es_en = lang_is(u.source.lang, "es") && lang_is(u.target.lang, "en");
  bool en_es = lang_is(u.source.lang, "en") && lang_is(u.target.lang, "es");
  check(es_en || en_es, "unit languages are not es/en: " + u.source.lang + " " + u.target.lang);
  for (const tm::Variant* v : {&u.source, &u.target}) {
    check(valid_utf8(v->text), "unit text is not valid UTF-8");
    check(valid_utf8(v->markup), "unit markup is not valid UTF-8");
    check(v->text.size() <= max_bytes && v->markup.size() <= max_bytes,
          "unit segment larger than max_segment_bytes");
  }
  check(valid_utf8(u.note), "unit note is not valid UTF-8");
  if (u.confidence)
    check(std::isfinite(*u.confidence) && *u.confidence >= 0 && *u.confidence <= 1,
          "unit confidence outside [0, 1]");
}

struct Outcome {
  bool ok = false;
  tm::ReadReport report;
  std::vector<tm::TranslationUnit> units;
};

template <typename Read>
Outcome read_all(Read read) {
  Outcome o;
  try {
    o.report = read([&](tm::TranslationUnit&& u) { o.units.push_back(std::move(u)); });
    o.ok = true;
  } catch (const tm::InputError& e) {
    check_message(e.what());
  }
  return o;
}

// Strict and lenient reading of the same bytes must agree: what the strict
// reader accepts whole, the lenient one accepts with nothing skipped.
template <typename Read>
void check_strict_and_lenient(Read read, size_t max_bytes) {
  tm::ReadOptions strict;
  strict.max_segment_bytes = max_bytes;
  tm::ReadOptions lenient = strict;
  lenient.skip_bad = true;
  Outcome s = read_all([&](const tm::UnitCallback& cb) { return read(strict, cb); });
  Outcome l = read_all([&](const tm::UnitCallback& cb) { return read(lenient, cb); });
  for (const Outcome* o : {&s, &l}) {
    if (!o->ok) continue;
    check(o->report.units == o->units.size(), "ReadReport::units differs from callbacks");
    check(o->report.problems.size() == o->report.skipped, "problems and skipped disagree");
    for (const std::string& p : o->report.problems) check_message(p);
    for (const auto& u : o->units) check_unit(u, max_bytes);
  }
  check(!s.ok || s.report.skipped == 0, "strict read skipped units");
  if (s.ok) {
    check(l.ok, "lenient read failed where the strict one succeeded");
    check(l.units.size() == s.units.size() && l.report.skipped == 0,
          "lenient read differs from a successful strict read");
    for (size_t i = 0; i < s.units.size(); ++i)
      check(l.units[i].source.text == s.units[i].source.text &&
                l.units[i].target.text == s.units[i].target.text,
            "lenient and strict units differ");
  }
}

// Small bounds so that the fuzzer reaches the limits with small inputs.
constexpr size_t kMaxBytes = 512;

void fuzz_tmx(std::string_view bytes) {
  check_strict_and_lenient(
      [&](const tm::ReadOptions& options, const tm::UnitCallback& cb) {
        std::istringstream in{std::string(bytes)};
        return tm::read_tmx(in, "fuzz.tmx", options, cb);
      },
      kMaxBytes);
}

void fuzz_table(std::string_view bytes) {
  for (tm::TableFormat format : {tm::TableFormat::Tsv, tm::TableFormat::Csv}) {
    check_strict_and_lenient(
        [&](const tm::ReadOptions& options, const tm::UnitCallback& cb) {
          std::istringstream in{std::string(bytes)};
          return tm::read_table(in, "fuzz.tsv", format, options, cb);
        },
        kMaxBytes);
  }
}

void fuzz_segment(std::string_view bytes, align::DocumentFormat format) {
  align::SegmentedDocument doc;
  try {
    doc = align::segment_text(bytes, "fuzz", align::Language::Spanish, format);
  } catch (const align::InputError& e) {
    check_message(e.what());
    return;
  }
  bool timed = format == align::DocumentFormat::Srt || format == align::DocumentFormat::WebVtt;
  uint32_t paragraph = 0;
  for (const align::Segment& s : doc.segments) {
    check(!s.text.empty(), "empty segment");
    check(valid_utf8(s.text), "segment text is not valid UTF-8");
    // DOCX/ODT/PDF spans index the paragraph's text, which the zip may hold
    // compressed: their check is the location's.
    if (s.location)
      check(
          s.location->char_begin < s.location->char_end && s.location->paragraph == s.paragraph + 1,
          "location empty or before its paragraph");
    if (s.location)
      check((s.location->page > 0) == (format == align::DocumentFormat::Pdf),
            "no page on a PDF segment, or a page on another format's");
    else
      check(s.bytes.begin <= s.bytes.end && s.bytes.end <= bytes.size(),
            "segment span out of range");
    check(s.paragraph >= paragraph, "paragraph numbers go backwards");
    paragraph = s.paragraph;
    check(s.time.has_value() == timed, "time set on a non-subtitle segment or missing");
    if (s.time) check(s.time->start_ms <= s.time->end_ms, "cue ends before it starts");
  }
}

void check_spans(std::string_view text, const std::vector<align::Span>& spans,
                 const std::vector<size_t>& forced) {
  uint64_t last_end = 0;
  for (const align::Span& s : spans) {
    check(s.begin < s.end && s.end <= text.size(), "span empty or out of range");
    check(s.begin >= last_end, "spans overlap or go backwards");
    check(!is_space(text[s.begin]) && !is_space(text[s.end - 1]), "span not trimmed");
    check(valid_utf8(text.substr(s.begin, s.end - s.begin)), "span cuts a UTF-8 sequence");
    for (size_t f : forced) check(!(s.begin < f && f < s.end), "span crosses a forced break");
    last_end = s.end;
  }
}

void fuzz_splitter(std::string_view bytes) {
  if (bytes.empty()) return;
  // The splitter's contract is valid UTF-8 without NUL (segment_text checks
  // that at the boundary); the first byte picks the language.
  align::Language language = (bytes[0] & 1) ? align::Language::English : align::Language::Spanish;
  bytes.remove_prefix(1);
  if (!valid_utf8(bytes) || bytes.find('\0') != std::string_view::npos) return;
  static const align::SentenceSplitter es(align::Language::Spanish);
  static const align::SentenceSplitter en(align::Language::English);
  const align::SentenceSplitter& split = language == align::Language::Spanish ? es : en;
  check_spans(bytes, split.split(bytes), {});
  std::vector<size_t> forced;
  for (size_t i = 0; i < bytes.size(); ++i)
    if (bytes[i] == '\n' && i + 1 < bytes.size()) forced.push_back(i + 1);
  check_spans(bytes, split.split(bytes, forced), forced);
}

void check_alignment(const align::Alignment& a, size_t n_es, size_t n_en, int max_side) {
  uint32_t src = 0, tgt = 0;
  for (const align::Bead& b : a.beads) {
    check(b.src.begin == src && b.tgt.begin == tgt, "beads not contiguous");
    check(!(b.src.empty() && b.tgt.empty()), "empty bead");
    check(b.src.size <= static_cast<uint32_t>(max_side) &&
              b.tgt.size <= static_cast<uint32_t>(max_side),
          "bead wider than max_bead_side");
    check(std::isfinite(b.score), "bead score not finite");
    check(std::isfinite(b.confidence) && b.confidence >= 0 && b.confidence <= 1,
          "bead confidence outside [0, 1]");
    src = b.src.end();
    tgt = b.tgt.end();
  }
  check(src == n_es && tgt == n_en, "beads do not cover both documents");
}

void fuzz_aligner(std::string_view bytes) {
  // Two pre-segmented documents separated by a 0xFF byte (never valid UTF-8,
  // so never inside either text); at most 48 segments each.
  size_t cut = bytes.find('\xff');
  if (cut == std::string_view::npos) return;
  std::vector<align::Segment> es, en;
  try {
    es = align::presegmented_from_text(bytes.substr(0, cut), "es");
    en = align::presegmented_from_text(bytes.substr(cut + 1), "en");
  } catch (const align::InputError& e) {
    check_message(e.what());
    return;
  }
  constexpr size_t kMaxSegments = 48;
  if (es.size() > kMaxSegments) es.resize(kMaxSegments);
  if (en.size() > kMaxSegments) en.resize(kMaxSegments);
  static const align::Aligner aligner{align::AlignResources{}};
  align::Alignment a = aligner.align(es, en);
  check_alignment(a, es.size(), en.size(), aligner.options().max_bead_side);
  align::Alignment again = aligner.align(es, en);
  check(again.beads.size() == a.beads.size(), "alignment not deterministic");
  for (size_t i = 0; i < a.beads.size(); ++i)
    check(again.beads[i].src == a.beads[i].src && again.beads[i].tgt == a.beads[i].tgt &&
              again.beads[i].confidence == a.beads[i].confidence,
          "alignment not deterministic");
}

// The workbench's request handling: a request is "METHOD PATH\nTOKEN\nBODY".
// Whatever it is, the answer is 2xx or 4xx (a 5xx, an exception or a
// sanitizer report is a bug), and a 200 carries the document as JSON.
void fuzz_workbench(std::string_view bytes) {
  auto line = [&bytes]() {
    const auto end = bytes.find('\n');
    std::string_view l = bytes.substr(0, end);
    bytes = end == std::string_view::npos ? std::string_view() : bytes.substr(end + 1);
    return std::string(l);
  };
  std::string request = line();
  const auto space = request.find(' ');
  const std::string method = request.substr(0, space);
  const std::string path = space == std::string::npos ? "/" : request.substr(space + 1);
  std::string token = line();
  const std::string kToken(32, 'a');
  if (token == "T") token = kToken;  // short for the right token, so the fuzzer gets past it
  // A fresh TM for every input: two short documents' worth of pairs.
  auto store = tm::Store::open(":memory:", tm::OpenMode::ReadWrite, "fuzz");
  tm::DocumentRecord record{"d", "es.txt", "en.txt", "1", "2", "es", "en", "{}"};
  const char* es[] = {"Uno.", "Dos.", "Tres.", "Cuatro.", "Cinco."};
  const char* en[] = {"One.", "Two.", "Three and four.", "Five."};
  for (const char* s : es) record.source_sentences.push_back({s, 0, std::nullopt});
  for (const char* s : en) record.target_sentences.push_back({s, 1, std::nullopt});
  std::vector<tm::TranslationUnit> units;
  auto pair = [&](std::string a, std::string b, tm::Place place) {
    tm::TranslationUnit u;
    u.source = {"es", std::move(a), {}};
    u.target = {"en", std::move(b), {}};
    u.place = place;
    u.confidence = 0.5;
    units.push_back(std::move(u));
  };
  pair("Uno.", "One.", {{0, 1}, {0, 1}});
  pair("Dos.", "", {{1, 2}, {1, 1}});
  pair("", "Two.", {{2, 2}, {1, 2}});
  pair("Tres. Cuatro.", "Three and four.", {{2, 4}, {2, 3}});
  pair("Cinco.", "Five.", {{4, 5}, {3, 4}});
  store.import_document(record, units);
  cli::Workbench bench(store, "d");
  const cli::HttpResponse r =
      cli::handle_request(bench, kToken, method, path, token, std::string(bytes));
  check(r.status >= 200 && r.status < 500, "status " + std::to_string(r.status) + ": " + r.body);
  if (r.status == 200 && r.content_type == "application/json") {
    auto doc = nlohmann::json::parse(r.body, nullptr, false);
    check(!doc.is_discarded() && doc.contains("pairs"), "a 200 without the document");
  }
  check(store.check().empty(), "the TM is damaged after a request");
}

// `alinea serve`'s request handling: a request is "METHOD PATH[?QUERY]\nTOKEN\nBODY"
// (TOKEN "T" stands for the right bearer token, anything else is sent as
// it is, an empty line sends none). Whatever it is, the answer is 2xx or 4xx
// (a 5xx, an exception or a sanitizer report is a bug), a JSON answer parses,
// and the TM stays sound.
void fuzz_serve(std::string_view bytes) {
  auto line = [&bytes]() {
    const auto end = bytes.find('\n');
    std::string_view l = bytes.substr(0, end);
    bytes = end == std::string_view::npos ? std::string_view() : bytes.substr(end + 1);
    return std::string(l);
  };
  const std::string kToken(32, 'a');
  // One TM and one service for the whole run, as a server has: state left
  // by earlier requests (writes) is part of what is fuzzed. Removed at exit.
  struct Served {
    std::string dir =
        (std::filesystem::temp_directory_path() / "alinea-fuzz-serve-XXXXXX").string();
    std::unique_ptr<cli::TmService> service;
    explicit Served(const std::string& token) {
      if (!mkdtemp(dir.data())) throw std::runtime_error("cannot make a temporary directory");
      const std::string path = dir + "/team.tm";
      {
        auto store = tm::Store::open(path, tm::OpenMode::ReadWrite, "fuzz");
        auto tx = store.begin();
        const char* pairs[][2] = {{"La toma empezó al amanecer.", "The takeover began at dawn."},
                                  {"Los pobladores levantaron la olla común.",
                                   "The shantytown dwellers set up the common pot."},
                                  {"El poder popular crecía en los cordones industriales.",
                                   "Popular power grew in the industrial belts."}};
        for (auto& p : pairs) {
          tm::TranslationUnit u;
          u.source = {"es", p[0], {}};
          u.target = {"en", p[1], {}};
          u.document = "fuzz";
          tx.add(u);
        }
        tx.commit();
      }
      cli::TmServiceOptions options;
      options.tm_path = path;
      options.token = token;
      service = std::make_unique<cli::TmService>(options);
    }
    ~Served() {
      service.reset();
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  };
  static Served served(kToken);

  cli::HttpRequest request;
  std::string first = line();
  const auto space = first.find(' ');
  request.method = first.substr(0, space);
  std::string target = space == std::string::npos ? "/" : first.substr(space + 1);
  const auto question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string::npos) {
    std::string_view query = std::string_view(target).substr(question + 1);
    while (!query.empty()) {
      const auto amp = query.find('&');
      std::string_view item = query.substr(0, amp);
      const auto eq = item.find('=');
      request.params.emplace_back(
          std::string(item.substr(0, eq)),
          eq == std::string_view::npos ? "" : std::string(item.substr(eq + 1)));
      query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
  }
  std::string token = line();
  if (token == "T") token = kToken;
  if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
  request.body = std::string(bytes);
  const cli::HttpResponse r = served.service->handle(request);
  check(r.status >= 200 && r.status < 500, "status " + std::to_string(r.status) + ": " + r.body);
  if (r.content_type.starts_with("application/json")) {
    auto doc = nlohmann::json::parse(r.body, nullptr, false);
    check(!doc.is_discarded(), "a JSON answer that does not parse: " + r.body.substr(0, 200));
  }
}

}  // namespace

const std::vector<std::string>& harness_names() {
  static const std::vector<std::string> names = {
      "tmx",          "table",       "segment_text",   "segment_markdown",
      "segment_html", "segment_srt", "segment_webvtt", "segment_docx",
      "segment_odt",  "segment_pdf", "splitter",       "aligner",
      "workbench",    "serve"};
  return names;
}

void run(std::string_view harness, const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (harness == "tmx") return fuzz_tmx(bytes);
  if (harness == "table") return fuzz_table(bytes);
  if (harness == "segment_text") return fuzz_segment(bytes, align::DocumentFormat::Text);
  if (harness == "segment_markdown") return fuzz_segment(bytes, align::DocumentFormat::Markdown);
  if (harness == "segment_html") return fuzz_segment(bytes, align::DocumentFormat::Html);
  if (harness == "segment_srt") return fuzz_segment(bytes, align::DocumentFormat::Srt);
  if (harness == "segment_webvtt") return fuzz_segment(bytes, align::DocumentFormat::WebVtt);
  if (harness == "segment_docx") return fuzz_segment(bytes, align::DocumentFormat::Docx);
  if (harness == "segment_odt") return fuzz_segment(bytes, align::DocumentFormat::Odt);
  if (harness == "segment_pdf") return fuzz_segment(bytes, align::DocumentFormat::Pdf);
  if (harness == "splitter") return fuzz_splitter(bytes);
  if (harness == "aligner") return fuzz_aligner(bytes);
  if (harness == "workbench") return fuzz_workbench(bytes);
  if (harness == "serve") return fuzz_serve(bytes);
  throw std::invalid_argument("no fuzz harness named '" + std::string(harness) + "'");
}

}  // namespace alinea::fuzz
