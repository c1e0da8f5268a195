// The lexicon as TSV (es, en, sources, pos): what `lexicon build` writes
// beside the binary file and what --from-tsv reads.
#include <fstream>

#include "align/error.h"
#include "align/lexicon/lexicon_format.h"
#include "align/text.h"

namespace alinea::align {
namespace {

std::string join_sources(LexiconSourceMask mask) {
  std::string out;
  for (size_t s = 0; s < kLexiconSourceCount; ++s) {
    if (mask & (1u << s)) {
      if (!out.empty()) out += ',';
      out += kSourceNames[s];
    }
  }
  return out;
}

}  // namespace

Lexicon Lexicon::load_tsv(const std::string& path, TsvReadReport* report) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ResourceError(path + ": cannot open lexicon TSV file");
  TsvReadReport counts;
  std::vector<LexiconPair> pairs;
  std::string line;
  std::vector<std::string_view> fields;
  while (std::getline(in, line)) {
    ++counts.lines;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    fields.clear();
    for (size_t start = 0;;) {
      size_t tab = line.find('\t', start);
      fields.push_back(std::string_view(line).substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    bool ok = fields.size() >= 2 && fields.size() <= 4 &&
              find_invalid_utf8(line) == std::string_view::npos;
    std::string es, en;
    if (ok) {
      es = lexicon_key(fields[0]);
      en = lexicon_key(fields[1]);
      ok = !es.empty() && !en.empty();
    }
    LexiconSourceMask mask = source_bit(LexiconSource::User);
    if (ok && fields.size() >= 3 && !fields[2].empty()) {
      mask = 0;
      std::string_view list = fields[2];
      for (size_t start = 0; ok;) {
        size_t comma = list.find(',', start);
        auto source = parse_source(list.substr(start, comma - start));
        if (!source)
          ok = false;
        else
          mask |= source_bit(*source);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
    }
    if (!ok) {
      ++counts.malformed;
      continue;
    }
    std::string pos = fields.size() >= 4 ? std::string(fields[3]) : std::string();
    for (size_t s = 0; s < kLexiconSourceCount; ++s)
      if (mask & (1u << s)) pairs.push_back({es, en, static_cast<LexiconSource>(s), pos});
  }
  if (in.bad()) throw ResourceError(path + ": read error");
  Lexicon lexicon = from_pairs(std::move(pairs));
  counts.pairs = lexicon.size();
  if (report) *report = counts;
  return lexicon;
}

void Lexicon::save_tsv(const std::string& path) const {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw ResourceError(path + ": cannot write lexicon TSV file");
  out << "# es\ten\tsources\tpos\n";
  for_each_entry([&](const LexiconEntry& e) {
    out << e.es << '\t' << e.en << '\t' << join_sources(e.sources);
    if (!e.pos.empty()) out << '\t' << e.pos;
    out << '\n';
  });
  out.close();
  if (!out) throw ResourceError(path + ": error writing lexicon TSV file");
}

}  // namespace alinea::align
