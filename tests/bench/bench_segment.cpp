// Segmentation benchmark: throughput on a large input and boundary
// precision/recall/F1 against gold sentence files.
//
//   bench_segment [--repeat N]
//
// Throughput: every {es,en}.txt under the shared corpora, concatenated per
// language (and repeated), segmented as plain text on one core; then the
// same text wrapped as HTML paragraphs and read as Markdown, which times
// the markup readers, and as a .docx and an .odt (a stored zip written
// here, so the figure is the XML reading and segmentation, not inflating),
// and as a PDF (Helvetica pages written here, read through poppler).
// Accuracy: a document (.txt, .md, .html) against a file with one gold unit
// per line. Boundaries are compared as offsets in the text with white space
// removed, so both sides must carry the same characters (checked). Boundaries
// at paragraph breaks are trivially right and reported apart: "inner" counts
// only cuts the segmenter had to find inside a paragraph.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "align/error.h"
#include "align/segment/segmenter.h"
#include "text_pdf.h"

namespace fs = std::filesystem;
using namespace alinea::align;

namespace {

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> read_lines(const fs::path& path) {
  std::vector<std::string> out;
  std::istringstream in(read(path));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

size_t visible_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') ++n;
  return n;
}

// Cumulative visible lengths: the cut after each unit but the last.
std::vector<size_t> cuts(const std::vector<std::string>& units) {
  std::vector<size_t> out;
  size_t at = 0;
  for (const std::string& u : units) {
    at += visible_length(u);
    out.push_back(at);
  }
  if (!out.empty()) out.pop_back();
  return out;
}

struct Score {
  size_t tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp ? double(tp) / double(tp + fp) : 1.0; }
  double recall() const { return tp + fn ? double(tp) / double(tp + fn) : 1.0; }
  double f1() const {
    double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
  Score& operator+=(const Score& o) {
    tp += o.tp, fp += o.fp, fn += o.fn;
    return *this;
  }
};

struct Evaluation {
  Score all, inner;
  size_t gold_units = 0, system_units = 0;
  bool comparable = true;
  std::vector<std::string> examples;  // first few errors, for the reader
};

Evaluation evaluate(const fs::path& doc, const fs::path& gold_path, Language language) {
  Evaluation ev;
  SegmentedDocument d = segment_file(doc.string(), language, std::nullopt);
  std::vector<std::string> system;
  std::set<size_t> paragraph_cuts;
  size_t at = 0;
  for (size_t i = 0; i < d.segments.size(); ++i) {
    if (i > 0 && d.segments[i].paragraph != d.segments[i - 1].paragraph) paragraph_cuts.insert(at);
    system.push_back(d.segments[i].text);
    at += visible_length(d.segments[i].text);
  }
  const std::vector<std::string> gold = read_lines(gold_path);
  ev.gold_units = gold.size();
  ev.system_units = system.size();
  size_t gold_total = 0;
  for (const auto& g : gold) gold_total += visible_length(g);
  if (gold_total != at) {
    ev.comparable = false;
    return ev;
  }
  std::vector<size_t> sys_cuts = cuts(system), gold_cuts = cuts(gold);
  std::set<size_t> s(sys_cuts.begin(), sys_cuts.end()), g(gold_cuts.begin(), gold_cuts.end());
  for (size_t c : s) {
    bool para = paragraph_cuts.count(c) > 0;
    if (g.count(c)) {
      ++ev.all.tp;
      if (!para) ++ev.inner.tp;
    } else {
      ++ev.all.fp;
      if (!para) ++ev.inner.fp;
    }
  }
  for (size_t c : g) {
    if (s.count(c)) continue;
    ++ev.all.fn;
    if (!paragraph_cuts.count(c)) ++ev.inner.fn;
  }
  // A few misses and false cuts, shown with the system segment around them.
  size_t shown = 0, pos = 0;
  for (size_t i = 0; i < system.size() && shown < 3; ++i) {
    pos += visible_length(system[i]);
    if (i + 1 < system.size() && !g.count(pos)) {
      ev.examples.push_back("  false cut: ..." +
                            system[i].substr(system[i].size() > 40 ? system[i].size() - 40 : 0) +
                            " | " + system[i + 1].substr(0, 30) + "...");
      ++shown;
    }
  }
  shown = 0;
  pos = 0;
  for (size_t i = 0; i < gold.size() && shown < 3; ++i) {
    pos += visible_length(gold[i]);
    if (i + 1 < gold.size() && !s.count(pos)) {
      ev.examples.push_back("  missed:    ..." +
                            gold[i].substr(gold[i].size() > 40 ? gold[i].size() - 40 : 0) + " | " +
                            gold[i + 1].substr(0, 30) + "...");
      ++shown;
    }
  }
  return ev;
}

void print_row(const std::string& name, const Evaluation& ev, bool examples) {
  if (!ev.comparable) {
    std::printf("%-34s  (text differs from gold; not comparable)\n", name.c_str());
    return;
  }
  std::printf("%-34s %6zu %6zu   %.4f %.4f %.4f   %.4f %.4f %.4f\n", name.c_str(), ev.gold_units,
              ev.system_units, ev.all.precision(), ev.all.recall(), ev.all.f1(),
              ev.inner.precision(), ev.inner.recall(), ev.inner.f1());
  if (examples)
    for (const auto& e : ev.examples) std::printf("%s\n", e.c_str());
}

void header(const char* title) {
  std::printf("\n%s\n%-34s %6s %6s   %-20s   %-20s\n", title, "case", "gold", "system",
              "all: P      R      F1", "inner: P    R      F1");
}

// Paragraphs (blank-line separated) as <p> elements, with &amp; &lt; &gt;.
std::string as_html(std::string_view text) {
  std::string out = "<!DOCTYPE html>\n<html><body>\n";
  out.reserve(text.size() * 11 / 10);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find("\n\n", pos);
    if (end == std::string_view::npos) end = text.size();
    out += "<p>";
    for (char c : text.substr(pos, end - pos)) {
      if (c == '&')
        out += "&amp;";
      else if (c == '<')
        out += "&lt;";
      else if (c == '>')
        out += "&gt;";
      else
        out += c;
    }
    out += "</p>\n";
    pos = end + 2;
  }
  return out + "</body></html>\n";
}

// Paragraphs (blank-line separated) as XML elements: `open` + text with
// &amp; &lt; &gt; + `close`, between `head` and `tail`.
std::string as_xml(std::string_view text, std::string_view head, std::string_view open,
                   std::string_view close, std::string_view tail) {
  std::string out(head);
  out.reserve(text.size() * 12 / 10);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find("\n\n", pos);
    if (end == std::string_view::npos) end = text.size();
    out += open;
    for (char c : text.substr(pos, end - pos)) {
      if (c == '&')
        out += "&amp;";
      else if (c == '<')
        out += "&lt;";
      else if (c == '>')
        out += "&gt;";
      else if (c == '\n')
        out += ' ';
      else
        out += c;
    }
    out += close;
    pos = end + 2;
  }
  return out += tail;
}

uint32_t crc32(std::string_view bytes) {
  static const auto table = [] {
    std::vector<uint32_t> t(256);
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

// A zip of one member, stored (not compressed): just enough to feed the
// package readers a large document.
std::string stored_zip(const std::string& name, std::string_view data) {
  auto le = [](std::string& out, uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  };
  const uint32_t crc = crc32(data);
  std::string out;
  le(out, 0x04034b50, 4);  // local file header
  for (uint64_t v : {20, 0, 0, 0, 0}) le(out, v, 2);
  le(out, crc, 4);
  le(out, data.size(), 4);
  le(out, data.size(), 4);
  le(out, name.size(), 2);
  le(out, 0, 2);
  out += name;
  out += data;
  const size_t central = out.size();
  le(out, 0x02014b50, 4);  // central directory
  for (uint64_t v : {20, 20, 0, 0, 0, 0}) le(out, v, 2);
  le(out, crc, 4);
  le(out, data.size(), 4);
  le(out, data.size(), 4);
  le(out, name.size(), 2);
  for (uint64_t v : {0, 0, 0, 0}) le(out, v, 2);
  le(out, 0, 4);
  le(out, 0, 4);
  out += name;
  const size_t central_size = out.size() - central;
  le(out, 0x06054b50, 4);  // end of central directory
  for (uint64_t v : {0, 0, 1, 1}) le(out, v, 2);
  le(out, central_size, 4);
  le(out, central, 4);
  le(out, 0, 2);
  return out;
}

void throughput(int repeat) {
  std::printf("Throughput (plain text, then HTML, Markdown, DOCX, ODT and PDF; one core)\n");
  const fs::path root = ALINEA_SHARED_CORPORA;
  for (const char* lang : {"es", "en"}) {
    std::string all;
    if (fs::is_directory(root)) {
      std::vector<fs::path> files;
      for (const auto& set : fs::directory_iterator(root)) {
        if (!set.is_directory()) continue;
        for (const auto& c : fs::directory_iterator(set.path())) {
          fs::path f = c.path() / (std::string(lang) + ".txt");
          if (fs::exists(f)) files.push_back(f);
        }
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) all += read(f) + "\n\n";
    }
    if (all.empty()) {
      // No corpora: a synthetic text so the figure still means something.
      std::string para = std::string(lang) == "es"
                             ? "El Sr. García llegó a EE. UU. el 11 de sept. de 1973. ¿Qué pasó? "
                               "—preguntó. Los pobladores se tomaron el sitio... y se quedaron.\n\n"
                             : "Mr. Smith moved to the U.S. on Jan. 5. He said so. What happened? "
                               "The settlers took the site... and stayed.\n\n";
      while (all.size() < 4'000'000) all += para;
    }
    std::string input;
    input.reserve(all.size() * static_cast<size_t>(repeat));
    for (int i = 0; i < repeat; ++i) input += all;
    Language language = std::string(lang) == "es" ? Language::Spanish : Language::English;
    segment_text(all.substr(0, all.find("\n", 100000)), "warmup", language, DocumentFormat::Text);
    // CPU time of this process: the machine may be shared, and the target
    // is per core.
    auto cpu = [] { return double(std::clock()) / CLOCKS_PER_SEC; };
    auto t0 = std::chrono::steady_clock::now();
    double c0 = cpu();
    SegmentedDocument d = segment_text(input, lang, language, DocumentFormat::Text);
    double c1 = cpu();
    auto t1 = std::chrono::steady_clock::now();
    double seconds = std::chrono::duration<double>(t1 - t0).count();
    double mb = double(input.size()) / 1e6;
    std::printf("  %s: %.1f MB, %zu segments: %.1f MB/s per CPU second (%.1f MB/s wall)\n", lang,
                mb, d.segments.size(), mb / (c1 - c0), mb / seconds);
    // The splitter alone, on the same text cut at blank lines.
    SentenceSplitter splitter(language);
    size_t count = 0;
    c0 = cpu();
    for (size_t pos = 0; pos < input.size();) {
      size_t end = input.find("\n\n", pos);
      if (end == std::string::npos) end = input.size();
      count += splitter.split(std::string_view(input).substr(pos, end - pos)).size();
      pos = end + 2;
    }
    c1 = cpu();
    std::printf(
        "  %s: SentenceSplitter alone (no reader, no copies): %zu spans, %.1f MB/s per CPU "
        "second\n",
        lang, count, mb / (c1 - c0));
    // The same text as the markup readers see it: every paragraph a <p>
    // (entities for the three reserved characters) and as Markdown, where
    // the paragraphs are the same blank-line-separated blocks.
    for (DocumentFormat format : {DocumentFormat::Html, DocumentFormat::Markdown}) {
      std::string marked = format == DocumentFormat::Html ? as_html(input) : input;
      double m0 = cpu();
      SegmentedDocument md = segment_text(marked, lang, language, format);
      double m1 = cpu();
      double marked_mb = double(marked.size()) / 1e6;
      std::printf("  %s: as %s: %.1f MB, %zu segments: %.1f MB/s per CPU second\n", lang,
                  std::string(format_name(format)).c_str(), marked_mb, md.segments.size(),
                  marked_mb / (m1 - m0));
    }
    // The same paragraphs as Word and LibreOffice documents. MB are those
    // of the XML part, comparable with the HTML figure.
    for (DocumentFormat format : {DocumentFormat::Docx, DocumentFormat::Odt}) {
      const bool docx = format == DocumentFormat::Docx;
      std::string xml =
          docx ? as_xml(input,
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\""
                        "http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>",
                        "<w:p><w:r><w:t xml:space=\"preserve\">", "</w:t></w:r></w:p>\n",
                        "</w:body></w:document>")
               : as_xml(input,
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content "
                        "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
                        "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">"
                        "<office:body><office:text>",
                        "<text:p>", "</text:p>\n",
                        "</office:text></office:body></office:document-content>");
      std::string package = stored_zip(docx ? "word/document.xml" : "content.xml", xml);
      double m0 = cpu();
      SegmentedDocument pd = segment_text(package, lang, language, format);
      double m1 = cpu();
      double xml_mb = double(xml.size()) / 1e6;
      std::printf("  %s: as %s: %.1f MB of XML, %zu segments: %.1f MB/s per CPU second\n", lang,
                  std::string(format_name(format)).c_str(), xml_mb, pd.segments.size(),
                  xml_mb / (m1 - m0));
    }
    // The same paragraphs as a PDF. Text extraction and layout cost far
    // more per byte than XML, so one copy of the corpora (not `repeat`);
    // MB are those of the text in it, comparable with the plain text
    // figure, and the file's own size is shown beside.
    std::string pdf = alinea::bench::text_pdf(all);
    double p0 = cpu();
    SegmentedDocument pd = segment_text(pdf, lang, language, DocumentFormat::Pdf);
    double p1 = cpu();
    double text_mb = double(all.size()) / 1e6;
    std::printf(
        "  %s: as pdf: %.1f MB of text (a %.1f MB file), %zu segments: %.2f MB/s per CPU "
        "second\n",
        lang, text_mb, double(pdf.size()) / 1e6, pd.segments.size(), text_mb / (p1 - p0));
  }
}

}  // namespace

int main(int argc, char** argv) {
  int repeat = 5;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--repeat") == 0) repeat = std::max(1, std::atoi(argv[i + 1]));
  try {
    throughput(repeat);

    header("Ordinary prose (boundaries; targets F1 >= 0.98)");
    const fs::path tests = fs::path(ALINEA_TEST_DATA) / "segment";
    Score prose_es, prose_en;
    for (const char* lang : {"es", "en"}) {
      Language language = std::string(lang) == "es" ? Language::Spanish : Language::English;
      Score& total = language == Language::Spanish ? prose_es : prose_en;
      for (const char* stem : {"gold_", "article_"}) {
        fs::path doc = tests / (stem + std::string(lang) + ".txt");
        if (!fs::exists(doc)) continue;
        Evaluation ev = evaluate(doc, tests / (stem + std::string(lang) + ".sent"), language);
        print_row(std::string("tests/") + stem + lang, ev, true);
        if (ev.comparable) total += ev.inner;
      }
      const fs::path entrevista = fs::path(ALINEA_CORPORA) / "entrevista";
      fs::path etxt = entrevista / (std::string(lang) + ".txt");
      if (fs::exists(etxt)) {
        Evaluation ev = evaluate(etxt, entrevista / (std::string(lang) + ".sent"), language);
        print_row(std::string("corpora/entrevista/") + lang + ".txt", ev, true);
        if (ev.comparable) total += ev.inner;
      }
    }
    std::printf("%-34s inner F1: es %.4f (P %.4f R %.4f), en %.4f (P %.4f R %.4f)\n",
                "ordinary prose, pooled", prose_es.f1(), prose_es.precision(), prose_es.recall(),
                prose_en.f1(), prose_en.precision(), prose_en.recall());

    // The Markdown and HTML renderings of the entrevista carry the same
    // sentences as en.sent plus one heading; compare against the text
    // segmentation of en.txt to check the readers keep sentences intact.
    const fs::path entrevista = fs::path(ALINEA_CORPORA) / "entrevista";
    if (fs::exists(entrevista / "en.md")) {
      std::printf("\nMarkup readers (entrevista en.md / en.html against en.sent)\n");
      for (const char* variant : {"en.md", "en.html"}) {
        SegmentedDocument d =
            segment_file((entrevista / variant).string(), Language::English, std::nullopt);
        std::vector<std::string> gold = read_lines(entrevista / "en.sent");
        size_t matched = 0;
        std::multiset<std::string> g(gold.begin(), gold.end());
        for (const Segment& s : d.segments)
          if (auto it = g.find(s.text); it != g.end()) {
            ++matched;
            g.erase(it);
          }
        std::printf("%-34s %zu segments, %zu of %zu gold sentences reproduced exactly\n", variant,
                    d.segments.size(), matched, gold.size());
      }
    }

    const fs::path shared = ALINEA_SHARED_CORPORA;
    if (fs::is_directory(shared)) {
      header("Shared corpora (units are NOT all sentences: read with care)");
      for (const char* set : {"udhr", "debref", "bible", "bible_noisy"}) {
        if (!fs::is_directory(shared / set)) continue;
        Score es, en;
        std::vector<fs::path> cases;
        for (const auto& c : fs::directory_iterator(shared / set)) cases.push_back(c.path());
        std::sort(cases.begin(), cases.end());
        for (const auto& c : cases) {
          for (const char* lang : {"es", "en"}) {
            Language language = std::string(lang) == "es" ? Language::Spanish : Language::English;
            if (!fs::exists(c / (std::string(lang) + ".txt"))) continue;
            Evaluation ev = evaluate(c / (std::string(lang) + ".txt"),
                                     c / (std::string(lang) + ".sent"), language);
            print_row(std::string(set) + "/" + c.filename().string() + "/" + lang, ev, false);
            if (ev.comparable) (language == Language::Spanish ? es : en) += ev.all;
          }
        }
        std::printf("%-34s all-boundary F1: es %.4f, en %.4f\n",
                    (std::string(set) + " pooled").c_str(), es.f1(), en.f1());
      }
      std::printf(
          "\nNotes: bible units are verses (a verse may hold several sentences, and a sentence "
          "may\n"
          "run over several verses), so precision there measures verse-internal sentence ends, "
          "not\n"
          "errors. udhr and debref units are block elements (headings, list items, paragraphs),\n"
          "one per paragraph of the .txt, so a sentence cut inside a block counts as a false "
          "cut.\n");
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_segment: %s\n", e.what());
    return 1;
  }
  return 0;
}
