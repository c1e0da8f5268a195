#include "align/lexicon/apertium.h"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "align/lexicon/gzip_file.h"
#include "align/text.h"

namespace alinea::align {
namespace {

constexpr size_t kMaxNotes = 5;
// Beyond this a state number is taken for garbage rather than allocated.
constexpr uint64_t kMaxState = 1u << 26;
constexpr std::string_view kEpsilon = "\xce\xb5";  // ε

struct Edge {
  uint32_t from, to, in, out;  // symbols are ids into Transducer::symbols, 0 = ε
};

// One section of the printed file.
struct Section {
  std::vector<Edge> edges;
  std::vector<uint32_t> finals;
  uint32_t max_state = 0;
  bool empty() const { return edges.empty() && finals.empty(); }
};

class Symbols {
 public:
  Symbols() { names_.emplace_back(); }
  uint32_t id(std::string_view s) {
    if (s == kEpsilon) return 0;
    auto it = ids_.find(std::string(s));
    if (it != ids_.end()) return it->second;
    auto id = static_cast<uint32_t>(names_.size());
    names_.emplace_back(s);
    ids_.emplace(std::string(s), id);
    return id;
  }
  const std::string& name(uint32_t id) const { return names_[id]; }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, uint32_t> ids_;
};

bool parse_number(std::string_view s, uint64_t& out) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

bool parse_weight(std::string_view s) {
  if (s.empty()) return true;
  double w = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), w);
  return ec == std::errc() && end == s.data() + s.size();
}

bool has_letter(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return false;
}

// Marks the states of `s` reachable from 0 that lie on a cycle (iterative
// Tarjan: a strongly connected component of more than one state, or a
// state with a loop to itself).
std::vector<char> cyclic_states(const std::vector<uint32_t>& first, const std::vector<Edge>& edges,
                                uint32_t n_states) {
  std::vector<char> cyclic(n_states, 0);
  std::vector<int64_t> index(n_states, -1), low(n_states, 0);
  std::vector<char> on_stack(n_states, 0);
  std::vector<uint32_t> stack;
  struct Frame {
    uint32_t state, next;
  };
  std::vector<Frame> calls;
  int64_t counter = 0;
  auto enter = [&](uint32_t v) {
    index[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = 1;
    calls.push_back({v, first[v]});
  };
  enter(0);
  while (!calls.empty()) {
    uint32_t v = calls.back().state;
    if (calls.back().next < first[v + 1]) {
      uint32_t w = edges[calls.back().next++].to;
      if (index[w] < 0)
        enter(w);
      else if (on_stack[w])
        low[v] = std::min(low[v], index[w]);
      continue;
    }
    if (low[v] == index[v]) {
      size_t size = 0;
      auto top = stack.end();
      do {
        --top;
        ++size;
      } while (*top != v);
      bool self_loop = false;
      for (uint32_t e = first[v]; e < first[v + 1]; ++e) self_loop |= edges[e].to == v;
      for (auto it = top; it != stack.end(); ++it) {
        on_stack[*it] = 0;
        if (size > 1 || self_loop) cyclic[*it] = 1;
      }
      stack.erase(top, stack.end());
    }
    calls.pop_back();
    if (!calls.empty()) {
      uint32_t u = calls.back().state;
      low[u] = std::min(low[u], low[v]);
    }
  }
  return cyclic;
}

// States of the acyclic part through which paths form a cross product:
// at least `fanout` distinct paths lead into them from the start and at
// least `fanout` lead on to final states.
std::vector<char> cross_product_states_impl(const std::vector<uint32_t>& first,
                                            const std::vector<Edge>& edges,
                                            const std::vector<char>& final,
                                            const std::vector<char>& cyclic, uint64_t fanout) {
  const auto n = static_cast<uint32_t>(final.size());
  constexpr uint64_t kCap = uint64_t{1} << 40;
  // Reverse topological order of the acyclic states reachable from 0.
  std::vector<uint32_t> order;
  std::vector<char> seen(n, 0);
  std::vector<std::pair<uint32_t, uint32_t>> calls{{0, first[0]}};
  seen[0] = 1;
  while (!calls.empty()) {
    auto& [v, next] = calls.back();
    if (next < first[v + 1]) {
      uint32_t w = edges[next++].to;
      if (!cyclic[w] && !seen[w]) {
        seen[w] = 1;
        calls.push_back({w, first[w]});
      }
      continue;
    }
    order.push_back(v);
    calls.pop_back();
  }
  std::vector<uint64_t> out(n, 0), in(n, 0);
  for (uint32_t v : order) {  // successors first
    uint64_t total = final[v] ? 1 : 0;
    for (uint32_t e = first[v]; e < first[v + 1]; ++e)
      if (!cyclic[edges[e].to]) total = std::min(kCap, total + out[edges[e].to]);
    out[v] = total;
  }
  in[0] = 1;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {  // predecessors first
    uint32_t v = *it;
    for (uint32_t e = first[v]; e < first[v + 1]; ++e)
      if (!cyclic[edges[e].to]) in[edges[e].to] = std::min(kCap, in[edges[e].to] + in[v]);
  }
  std::vector<char> product(n, 0);
  for (uint32_t v : order) product[v] = in[v] >= fanout && out[v] >= fanout;
  return product;
}

class SectionWalker {
 public:
  SectionWalker(const Symbols& symbols, Language input_language, const ApertiumOptions& options,
                SourceReport& report, std::vector<LexiconPair>& pairs)
      : symbols_(symbols),
        input_language_(input_language),
        options_(options),
        report_(report),
        pairs_(pairs) {}

  void walk(Section& section) {
    if (section.empty()) return;
    const uint32_t n = section.max_state + 1;
    std::sort(section.edges.begin(), section.edges.end(),
              [](const Edge& a, const Edge& b) { return a.from < b.from; });
    std::vector<uint32_t> first(n + 1, 0);
    for (const Edge& e : section.edges) ++first[e.from + 1];
    for (uint32_t s = 0; s < n; ++s) first[s + 1] += first[s];
    std::vector<char> final(n, 0);
    for (uint32_t f : section.finals) final[f] = 1;
    std::vector<char> cyclic = cyclic_states(first, section.edges, n);
    if (cyclic[0]) {
      report_.notes.push_back(report_.file + ": a section whose start state loops was not walked");
      return;
    }

    std::vector<char> product = cross_product_states_impl(first, section.edges, final, cyclic,
                                                          options_.cross_product_fanout);
    if (auto n = std::count(product.begin(), product.end(), 1); n > 0)
      report_.notes.push_back(report_.file + ": skipped the paths through " + std::to_string(n) +
                              " state(s) of generated families (cross products)");

    struct Frame {
      uint32_t state, next;
      size_t in_len, out_len;
    };
    std::vector<Frame> frames{{0, first[0], 0, 0}};
    std::string in, out;
    size_t paths = 0;
    while (!frames.empty()) {
      Frame& f = frames.back();
      if (f.next == first[f.state + 1]) {
        frames.pop_back();
        continue;
      }
      const Edge& e = section.edges[f.next++];
      if (cyclic[e.to]) {  // into a pattern entry
        ++report_.skipped;
        continue;
      }
      if (product[e.to]) {  // into a generated family: skip it whole
        ++report_.skipped;
        continue;
      }
      if (frames.size() >= options_.max_path_symbols) {
        ++report_.truncated;
        continue;
      }
      in.resize(f.in_len);
      out.resize(f.out_len);
      in += symbols_.name(e.in);
      out += symbols_.name(e.out);
      frames.push_back({e.to, first[e.to], in.size(), out.size()});
      if (final[e.to]) {
        emit(in, out);
        if (++paths >= options_.max_paths_per_section) {
          ++report_.truncated;
          report_.notes.push_back(report_.file + ": stopped a section after " +
                                  std::to_string(paths) + " paths");
          return;
        }
      }
    }
  }

 private:
  void emit(std::string_view in, std::string_view out) {
    ++report_.records;
    if (find_invalid_utf8(in) != std::string_view::npos ||
        find_invalid_utf8(out) != std::string_view::npos) {
      ++report_.malformed;
      return;
    }
    // `+` joins several lemmas into one token ("del" = de+el): not a pair.
    if (in.find('+') != std::string_view::npos || out.find('+') != std::string_view::npos) {
      ++report_.skipped;
      return;
    }
    ApertiumSide a = split_apertium_side(in);
    ApertiumSide b = split_apertium_side(out);
    if (!has_letter(a.lemma) || !has_letter(b.lemma)) {
      ++report_.skipped;
      return;
    }
    LexiconPair p;
    const bool spanish_in = input_language_ == Language::Spanish;
    p.es = spanish_in ? std::move(a.lemma) : std::move(b.lemma);
    p.en = spanish_in ? std::move(b.lemma) : std::move(a.lemma);
    p.source = LexiconSource::Apertium;
    p.pos = std::move(a.first_tag);
    pairs_.push_back(std::move(p));
  }

  const Symbols& symbols_;
  Language input_language_;
  const ApertiumOptions& options_;
  SourceReport& report_;
  std::vector<LexiconPair>& pairs_;
};

}  // namespace

ApertiumSide split_apertium_side(std::string_view spelled) {
  ApertiumSide side;
  std::string lemma;
  for (size_t i = 0; i < spelled.size(); ++i) {
    char c = spelled[i];
    if (c == '<') {
      size_t close = spelled.find('>', i);
      if (close == std::string_view::npos) break;
      std::string_view tag = spelled.substr(i + 1, close - i - 1);
      if (tag == "b" || tag == "b/")
        lemma += ' ';  // a blank written as a tag
      else if (side.first_tag.empty())
        side.first_tag = std::string(tag);
      i = close;
    } else if (c == '#') {
      lemma += ' ';  // the queue of a multi-word lemma follows
    } else {
      lemma += c;
    }
  }
  // Collapse the spaces that '#' and blanks leave, keep the original case
  // (Lexicon folds keys itself).
  bool pending = false;
  for (char c : lemma) {
    if (c == ' ') {
      pending = !side.lemma.empty();
    } else {
      if (pending) side.lemma += ' ';
      pending = false;
      side.lemma += c;
    }
  }
  return side;
}

std::vector<LexiconPair> read_apertium_att(const std::string& att_path, Language input_language,
                                           const ApertiumOptions& options, SourceReport* report) {
  SourceReport local;
  SourceReport& r = report ? *report : local;
  r.file = att_path;
  const std::string text = read_maybe_gzip(att_path);
  std::vector<LexiconPair> pairs;
  Symbols symbols;
  SectionWalker walker(symbols, input_language, options, r, pairs);
  Section section;
  std::vector<std::string_view> fields;
  size_t line_no = 0;
  auto malformed = [&](std::string_view why) {
    ++r.malformed;
    if (r.notes.size() < kMaxNotes)
      r.notes.push_back(att_path + ":" + std::to_string(line_no) + ": " + std::string(why));
  };
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line == "--") {
      walker.walk(section);
      section = Section();
      continue;
    }
    fields.clear();
    for (size_t f = 0;;) {
      size_t tab = line.find('\t', f);
      fields.push_back(line.substr(f, tab - f));
      if (tab == std::string_view::npos) break;
      f = tab + 1;
    }
    if (fields.size() > 1 && fields.back().empty()) fields.pop_back();  // lt-print's trailing tab
    uint64_t from = 0, to = 0;
    if (fields.size() <= 2) {
      if (!parse_number(fields[0], from) || from >= kMaxState ||
          (fields.size() == 2 && !parse_weight(fields[1]))) {
        malformed("not `state [TAB weight]`");
        continue;
      }
      section.finals.push_back(static_cast<uint32_t>(from));
      section.max_state = std::max(section.max_state, static_cast<uint32_t>(from));
      continue;
    }
    if (fields.size() < 4 || fields.size() > 5 || !parse_number(fields[0], from) ||
        !parse_number(fields[1], to) || from >= kMaxState || to >= kMaxState || fields[2].empty() ||
        fields[3].empty() || (fields.size() == 5 && !parse_weight(fields[4]))) {
      malformed("not `from TAB to TAB input TAB output [TAB weight]`");
      continue;
    }
    section.edges.push_back({static_cast<uint32_t>(from), static_cast<uint32_t>(to),
                             symbols.id(fields[2]), symbols.id(fields[3])});
    section.max_state =
        std::max({section.max_state, static_cast<uint32_t>(from), static_cast<uint32_t>(to)});
  }
  walker.walk(section);
  r.pairs = pairs.size();
  return pairs;
}

}  // namespace alinea::align
