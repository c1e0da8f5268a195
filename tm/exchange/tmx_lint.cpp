// GCC 12 reports a false -Wrestrict in std::string concatenation inlined from
// tm::InputError's constructor (GCC bug 105651); it must be silenced before
// <string> is included.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "tm/exchange/tmx_lint.h"

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/valid.h>
#include <libxml/xmlerror.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "tm/error.h"
#include "tm/exchange/input_file.h"
#include "tm/exchange/xml_sax.h"
#include "tm/exchange/xml_text.h"

namespace alinea::tm {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class Linter final : public xml::SaxParser {
 public:
  Linter(const std::string& name, size_t max_problems) : SaxParser(name), max_(max_problems) {}
  std::vector<LintProblem> problems;

 private:
  using Attrs = std::vector<Attr>;

  static const Attr* find(const Attrs& attrs, std::string_view name, std::string_view prefix = {}) {
    for (const auto& a : attrs)
      if (a.name == name && a.prefix == prefix) return &a;
    return nullptr;
  }

  void problem(xml::Position pos, std::string message) {
    if (problems.size() >= max_) {
      fail("too many problems", pos);
      return;
    }
    problems.push_back({pos.line, pos.column, std::move(message)});
  }

  void check_dates(std::string_view element, const Attrs& attrs, xml::Position pos) {
    for (const char* d : {"creationdate", "changedate", "lastusagedate"}) {
      const Attr* a = find(attrs, d);
      if (a != nullptr && !xml::parse_tmx_date(a->value))
        problem(pos, "<" + std::string(element) + "> " + d + "=\"" + std::string(a->value) +
                         "\" is not YYYYMMDDThhmmssZ");
    }
  }

  void on_start(std::string_view name, const Attrs& attrs) override {
    ++depth_;
    const xml::Position pos = tag_position();
    if (depth_ == 1) {
      const Attr* v = find(attrs, "version");
      if (name != "tmx")
        problem(pos, "root element is <" + std::string(name) + ">, not <tmx>");
      else if (v == nullptr || v->value != "1.4")
        problem(pos, "<tmx> must have version=\"1.4\"");
      return;
    }
    check_dates(name, attrs, pos);
    if (name == "header" && depth_ == 2) {
      saw_header_ = true;
      for (const char* req : {"creationtool", "creationtoolversion", "segtype", "o-tmf",
                              "adminlang", "srclang", "datatype"}) {
        const Attr* a = find(attrs, req);
        if (a == nullptr || a->value.empty())
          problem(pos, std::string("<header> lacks the required attribute ") + req);
      }
      if (const Attr* s = find(attrs, "segtype"); s != nullptr && !s->value.empty() &&
                                                  s->value != "block" && s->value != "paragraph" &&
                                                  s->value != "sentence" && s->value != "phrase")
        problem(pos, "<header> segtype \"" + std::string(s->value) +
                         "\" is not block, paragraph, sentence or phrase");
      if (const Attr* s = find(attrs, "srclang")) header_srclang_ = lower(s->value);
    } else if (name == "tu") {
      in_tu_ = true;
      tu_pos_ = pos;
      const Attr* s = find(attrs, "srclang");
      tu_srclang_ = s != nullptr ? lower(s->value) : header_srclang_;
      tu_has_source_ = false;
    } else if (name == "tuv" && in_tu_) {
      const Attr* l = find(attrs, "lang", "xml");
      if (l == nullptr) l = find(attrs, "lang");
      if (l == nullptr)
        problem(pos, "<tuv> without xml:lang");
      else if (lower(l->value) == tu_srclang_)
        tu_has_source_ = true;
    } else if (name == "seg") {
      open_.clear();
    } else if (name == "bpt" || name == "ept") {
      const Attr* i = find(attrs, "i");
      if (i == nullptr) {
        problem(pos, "<" + std::string(name) + "> without the attribute i");
      } else if (name == "bpt") {
        if (open_.count(std::string(i->value)) != 0)
          problem(pos, "<bpt i=\"" + std::string(i->value) + "\"> while one with that i is open");
        else
          open_.emplace(std::string(i->value), pos);
      } else {
        auto it = open_.find(std::string(i->value));
        if (it == open_.end())
          problem(pos, "<ept i=\"" + std::string(i->value) + "\"> without an open <bpt>");
        else
          open_.erase(it);
      }
    }
  }

  void on_end(std::string_view name) override {
    --depth_;
    if (name == "seg") {
      for (const auto& [i, pos] : open_)
        problem(pos, "<bpt i=\"" + i + "\"> has no <ept> in its <seg>");
      open_.clear();
    } else if (name == "tu" && in_tu_) {
      in_tu_ = false;
      if (tu_srclang_ != "*all*" && !tu_has_source_)
        problem(tu_pos_, "<tu> has no <tuv> in its source language \"" + tu_srclang_ + "\"");
    } else if (name == "tmx" && !saw_header_) {
      problem(position(), "no <header>");
    }
  }

  void on_text(std::string_view) override {}

  size_t max_;
  int depth_ = 0;
  bool saw_header_ = false;
  std::string header_srclang_;
  bool in_tu_ = false;
  xml::Position tu_pos_;
  std::string tu_srclang_;
  bool tu_has_source_ = false;
  std::map<std::string, xml::Position> open_;  // open bpt by i
};

struct ValidationErrors {
  std::vector<LintProblem> problems;
  static void on_error(void* ctx, xmlErrorPtr err) {
    auto* self = static_cast<ValidationErrors*>(ctx);
    if (err == nullptr || err->level < XML_ERR_ERROR) return;
    std::string msg = err->message != nullptr ? err->message : "error";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    self->problems.push_back({static_cast<uint64_t>(err->line > 0 ? err->line : 0),
                              static_cast<uint64_t>(err->int2 > 0 ? err->int2 : 0), msg});
  }
};

void ignore_generic(void*, const char*, ...) {}

}  // namespace

std::vector<LintProblem> lint_tmx(const std::string& path, size_t max_problems) {
  InputFile file = open_input_file(path);
  Linter linter(path, max_problems);
  try {
    linter.parse(file.stream, 0, {});
  } catch (const InputError& e) {
    if (linter.problems.size() >= max_problems) return linter.problems;
    // what() is "FILE:LINE:COL: message"; keep the message.
    std::string prefix = path;
    if (e.line()) prefix += ":" + std::to_string(*e.line());
    if (e.line() && e.column()) prefix += ":" + std::to_string(*e.column());
    prefix += ": ";
    std::string message = e.what();
    if (message.starts_with(prefix)) message.erase(0, prefix.size());
    linter.problems.push_back({e.line().value_or(0), e.column().value_or(0), message});
  }
  return linter.problems;
}

std::vector<LintProblem> validate_tmx_dtd(const std::string& path, const std::string& dtd_text) {
  xml::install_refusing_entity_loader();
  InputFile file = open_input_file(path);
  std::ostringstream content;
  content << file.stream.rdbuf();
  const std::string data = content.str();

  ValidationErrors errors;
  const xmlStructuredErrorFunc prev_s = xmlStructuredError;
  void* const prev_s_ctx = xmlStructuredErrorContext;
  const xmlGenericErrorFunc prev_g = xmlGenericError;
  void* const prev_g_ctx = xmlGenericErrorContext;
  xmlSetStructuredErrorFunc(&errors, &ValidationErrors::on_error);
  xmlSetGenericErrorFunc(nullptr, &ignore_generic);
  struct Restore {
    xmlStructuredErrorFunc s;
    void* sc;
    xmlGenericErrorFunc g;
    void* gc;
    ~Restore() {
      xmlSetStructuredErrorFunc(sc, s);
      xmlSetGenericErrorFunc(gc, g);
    }
  } restore{prev_s, prev_s_ctx, prev_g, prev_g_ctx};

  xmlParserInputBufferPtr buf = xmlParserInputBufferCreateMem(
      dtd_text.data(), static_cast<int>(dtd_text.size()), XML_CHAR_ENCODING_NONE);
  if (buf == nullptr) throw Error("libxml2: cannot buffer the DTD");
  std::unique_ptr<xmlDtd, void (*)(xmlDtdPtr)> dtd(
      xmlIOParseDTD(nullptr, buf, XML_CHAR_ENCODING_NONE), &xmlFreeDtd);  // frees buf
  if (!dtd) throw Error("cannot parse the DTD");

  // No entity substitution, no DTD loading, no network; the document's own
  // DOCTYPE is ignored in favour of `dtd`.
  std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> doc(
      xmlReadMemory(data.data(), static_cast<int>(data.size()), path.c_str(), nullptr,
                    XML_PARSE_NONET | XML_PARSE_BIG_LINES),
      &xmlFreeDoc);
  if (!doc) {
    const LintProblem p = errors.problems.empty() ? LintProblem{0, 0, "not well-formed XML"}
                                                  : errors.problems.front();
    throw InputError(path, p.message, p.line, p.column);
  }
  errors.problems.clear();
  std::unique_ptr<xmlValidCtxt, void (*)(xmlValidCtxtPtr)> vctxt(xmlNewValidCtxt(),
                                                                 &xmlFreeValidCtxt);
  if (!vctxt) throw Error("libxml2: cannot create a validation context");
  xmlValidateDtd(vctxt.get(), doc.get(), dtd.get());
  return errors.problems;
}

}  // namespace alinea::tm
