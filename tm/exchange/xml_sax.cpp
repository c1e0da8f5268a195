// GCC 12 reports a false -Wrestrict in std::string concatenation inlined from
// tm::InputError's constructor (GCC bug 105651); it must be silenced before
// <string> is included.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "tm/exchange/xml_sax.h"

#include <libxml/entities.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>

#include "tm/error.h"
#include "tm/exchange/xml_text.h"

namespace alinea::tm::xml {
namespace {

constexpr size_t kChunkBytes = 1 << 18;
constexpr int kMaxDepth = 256;
// Options: no entity substitution (no XML_PARSE_NOENT), no DTD loading or
// validation (no XML_PARSE_DTDLOAD/DTDATTR/DTDVALID), no network, and libxml2's
// own size limits kept (no XML_PARSE_HUGE). CDATA arrives as plain text.
constexpr int kParseOptions = XML_PARSE_NONET | XML_PARSE_NOCDATA;

std::atomic<uint64_t> g_refused{0};

xmlParserInputPtr refuse_everything(const char*, const char*, xmlParserCtxtPtr) {
  g_refused.fetch_add(1, std::memory_order_relaxed);
  return nullptr;
}

void ignore_generic(void*, const char*, ...) {}

enum class Encoding { Utf8, Utf16LE, Utf16BE, Unsupported };

// From the first bytes (XML 1.0 appendix F). UTF-16 is decoded here rather
// than by libxml2: libxml2 2.9's push parser dereferences a null buffer when
// its UTF-16 decoder meets an unpaired surrogate near the start of a file.
Encoding detect(std::string_view head, size_t& bom) {
  auto at = [&](std::string_view sig) { return head.substr(0, sig.size()) == sig; };
  bom = 0;
  using namespace std::string_view_literals;
  if (at("\x00\x00\xFE\xFF"sv) || at("\xFF\xFE\x00\x00"sv) || at("\x00\x00\x00\x3C"sv) ||
      at("\x3C\x00\x00\x00"sv) || at("\x4C\x6F\xA7\x94"sv))
    return Encoding::Unsupported;  // UCS-4, EBCDIC
  if (at("\xFF\xFE"sv)) {
    bom = 2;
    return Encoding::Utf16LE;
  }
  if (at("\xFE\xFF"sv)) {
    bom = 2;
    return Encoding::Utf16BE;
  }
  if (at("\x3C\x00\x3F\x00"sv)) return Encoding::Utf16LE;
  if (at("\x00\x3C\x00\x3F"sv)) return Encoding::Utf16BE;
  return Encoding::Utf8;
}

// The encoding named by the XML declaration at the start of `head`, if any;
// `closed` tells whether the declaration ends within `head`.
std::optional<std::string> declared_encoding(std::string_view head, bool& closed) {
  closed = true;
  if (!head.starts_with("<?xml")) return std::nullopt;
  const size_t end = head.find("?>");
  closed = end != std::string_view::npos;
  const std::string_view decl = head.substr(0, end);
  const size_t key = decl.find("encoding");
  if (key == std::string_view::npos) return std::nullopt;
  size_t i = key + 8;
  auto skip_space = [&] {
    while (i < decl.size() &&
           (decl[i] == ' ' || decl[i] == '\t' || decl[i] == '\r' || decl[i] == '\n'))
      ++i;
  };
  skip_space();
  if (i >= decl.size() || decl[i] != '=') return std::nullopt;
  ++i;
  skip_space();
  if (i >= decl.size() || (decl[i] != '"' && decl[i] != '\'')) return std::nullopt;
  const size_t close = decl.find(decl[i], i + 1);
  if (close == std::string_view::npos) return std::nullopt;
  std::string name(decl.substr(i + 1, close - i - 1));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

// Declared encodings handed to libxml2: UTF-8 and the single-byte ones that
// old TMX exports use. libxml2 2.9's push parser crashes (null dereference in
// xmlSwitchToEncoding) when the declaration names a multi-byte or
// ASCII-incompatible encoding it takes from iconv (UTF-7, UTF-32, Shift_JIS,
// EBCDIC), so those are refused before it sees them.
bool supported_encoding(const std::string& name) {
  auto digits_after = [&](std::string_view prefix) {
    if (!name.starts_with(prefix) || name.size() == prefix.size() ||
        name.size() > prefix.size() + 4)
      return false;
    for (size_t i = prefix.size(); i < name.size(); ++i)
      if (!std::isdigit(static_cast<unsigned char>(name[i]))) return false;
    return true;
  };
  return name == "utf-8" || name == "utf8" || name == "us-ascii" || name == "ascii" ||
         name == "latin1" || digits_after("iso-8859-") || digits_after("iso8859-") ||
         digits_after("iso_8859-") || digits_after("windows-") || digits_after("cp");
}

// Streaming UTF-16 to UTF-8, strict about surrogates; tracks line and
// column for its own errors.
class Utf16Decoder {
 public:
  explicit Utf16Decoder(bool big_endian) : big_(big_endian) {}

  // Appends the UTF-8 of data (continuing earlier calls) to out; false on
  // an unpaired surrogate, with error() set.
  bool decode(const char* data, size_t n, std::string& out) {
    for (size_t i = 0; i < n; ++i) {
      if (!have_byte_) {
        byte_ = static_cast<unsigned char>(data[i]);
        have_byte_ = true;
        continue;
      }
      have_byte_ = false;
      const auto b = static_cast<unsigned char>(data[i]);
      const char16_t unit =
          big_ ? static_cast<char16_t>(byte_ << 8 | b) : static_cast<char16_t>(b << 8 | byte_);
      if (high_ != 0) {
        if (unit < 0xDC00 || unit > 0xDFFF) return bad();
        emit(0x10000 + ((static_cast<char32_t>(high_) - 0xD800) << 10) + (unit - 0xDC00), out);
        high_ = 0;
      } else if (unit >= 0xD800 && unit <= 0xDBFF) {
        high_ = unit;
      } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
        return bad();
      } else {
        emit(unit, out);
      }
    }
    return true;
  }
  bool finish() { return (have_byte_ || high_ != 0) ? bad("truncated UTF-16") : true; }
  const std::string& error() const { return error_; }
  Position where() const { return {line_, col_}; }

 private:
  bool bad(const char* what = "invalid UTF-16: unpaired surrogate") {
    error_ = what;
    return false;
  }
  void emit(char32_t cp, std::string& out) {
    if (cp == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool big_;
  bool have_byte_ = false;
  unsigned char byte_ = 0;
  char16_t high_ = 0;
  uint64_t line_ = 1, col_ = 1;
  std::string error_;
};

std::string_view sv(const xmlChar* s) {
  return s == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(s));
}

}  // namespace

uint64_t refused_external_loads() { return g_refused.load(); }

void install_refusing_entity_loader() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    xmlSetExternalEntityLoader(refuse_everything);
  });
}

struct SaxParser::Impl {
  SaxParser* self = nullptr;
  xmlParserCtxtPtr ctxt = nullptr;
  xmlSAXHandler sax{};
  bool failed = false;
  std::string message;
  Position pos;
  std::exception_ptr exception;
  std::vector<Attr> attrs;
  std::vector<std::string> decoded;
  int depth = 0;

  void stop() {
    if (ctxt != nullptr) xmlStopParser(ctxt);
  }

  void record(const std::string& msg, Position p) {
    if (failed || exception) return;
    failed = true;
    message = xml::one_line(msg);
    pos = p;
    stop();
  }

  template <typename F>
  void guarded(F&& f) {
    if (failed || exception) return;
    try {
      f();
    } catch (...) {
      exception = std::current_exception();
      stop();
    }
  }

  static Impl* of(void* ctx) { return static_cast<Impl*>(ctx); }

  static void start(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar*, int,
                    const xmlChar**, int nb_attributes, int, const xmlChar** attributes) {
    Impl* impl = of(ctx);
    // libxml2's push parser does not bound nesting (its 256 limit lives in
    // the pull parser): do it here, before the stacks grow with the input.
    if (++impl->depth > kMaxDepth) {
      impl->record("elements nested deeper than " + std::to_string(kMaxDepth),
                   impl->self->position());
      return;
    }
    impl->guarded([&] {
      impl->attrs.clear();
      if (impl->decoded.size() < static_cast<size_t>(nb_attributes))
        impl->decoded.resize(static_cast<size_t>(nb_attributes));
      for (int i = 0; i < nb_attributes; ++i) {
        const xmlChar** a = attributes + 5 * i;
        std::string_view value(reinterpret_cast<const char*>(a[3]),
                               static_cast<size_t>(a[4] - a[3]));
        // Without entity substitution libxml2 hands '&' in attribute values
        // over as "&#38;" (for a tree builder to decode): undo that here.
        if (value.find('&') != std::string_view::npos) {
          std::string& out = impl->decoded[static_cast<size_t>(i)];
          out.clear();
          for (size_t k = 0; k < value.size(); ++k) {
            if (value.compare(k, 5, "&#38;") == 0) {
              out += '&';
              k += 4;
            } else {
              out += value[k];
            }
          }
          value = out;
        }
        impl->attrs.push_back(Attr{sv(a[1]), sv(a[0]), value});
      }
      (void)prefix;
      impl->self->on_start(sv(localname), impl->attrs);
    });
  }

  static void end(void* ctx, const xmlChar* localname, const xmlChar*, const xmlChar*) {
    Impl* impl = of(ctx);
    --impl->depth;
    impl->guarded([&] { impl->self->on_end(sv(localname)); });
  }

  static void text(void* ctx, const xmlChar* ch, int len) {
    Impl* impl = of(ctx);
    impl->guarded([&] {
      impl->self->on_text(
          std::string_view(reinterpret_cast<const char*>(ch), static_cast<size_t>(len)));
    });
  }

  static void entity_decl(void* ctx, const xmlChar* name, int, const xmlChar*, const xmlChar*,
                          xmlChar*) {
    Impl* impl = of(ctx);
    impl->record("entity declaration '" + std::string(sv(name)) +
                     "' refused: TMX needs no entities (external entity / entity expansion "
                     "attack?)",
                 impl->self->position());
  }

  static void unparsed_entity_decl(void* ctx, const xmlChar* name, const xmlChar*, const xmlChar*,
                                   const xmlChar*) {
    entity_decl(ctx, name, 0, nullptr, nullptr, nullptr);
  }

  static xmlEntityPtr get_entity(void*, const xmlChar* name) {
    return xmlGetPredefinedEntity(name);
  }

  static xmlEntityPtr get_parameter_entity(void*, const xmlChar*) { return nullptr; }

  static void reference(void* ctx, const xmlChar* name) {
    Impl* impl = of(ctx);
    impl->record("entity reference &" + std::string(sv(name)) + "; refused (undeclared)",
                 impl->self->position());
  }

  static xmlParserInputPtr resolve_entity(void* ctx, const xmlChar*, const xmlChar* system_id) {
    Impl* impl = of(ctx);
    g_refused.fetch_add(1, std::memory_order_relaxed);
    impl->record("external resource '" + std::string(sv(system_id)) + "' refused",
                 impl->self->position());
    return nullptr;
  }

  static void subset(void*, const xmlChar*, const xmlChar*, const xmlChar*) {}

  static void structured_error(void* ctx, xmlErrorPtr err) {
    Impl* impl = of(ctx);
    if (err == nullptr || err->level < XML_ERR_ERROR) return;
    std::string msg = err->message != nullptr ? err->message : "XML error";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    Position p = impl->self->position();
    if (err->line > 0) {
      p.line = static_cast<uint64_t>(err->line);
      p.column = err->int2 > 0 ? static_cast<uint64_t>(err->int2) : p.column;
    }
    impl->record(msg, p);
  }
};

SaxParser::SaxParser(std::string name) : name_(std::move(name)), impl_(std::make_unique<Impl>()) {
  impl_->self = this;
  xmlSAXHandler& s = impl_->sax;
  s.initialized = XML_SAX2_MAGIC;
  s.startElementNs = &Impl::start;
  s.endElementNs = &Impl::end;
  s.characters = &Impl::text;
  s.ignorableWhitespace = &Impl::text;
  s.cdataBlock = &Impl::text;
  s.entityDecl = &Impl::entity_decl;
  s.unparsedEntityDecl = &Impl::unparsed_entity_decl;
  s.getEntity = &Impl::get_entity;
  s.getParameterEntity = &Impl::get_parameter_entity;
  s.reference = &Impl::reference;
  s.resolveEntity = &Impl::resolve_entity;
  s.internalSubset = &Impl::subset;
  s.externalSubset = &Impl::subset;
  s.serror = &Impl::structured_error;
}

SaxParser::~SaxParser() {
  if (impl_->ctxt == nullptr) return;
  // libxml2 builds a stand-in document when it meets entity declarations in
  // SAX mode ("expat compatibility"); the context does not own it.
  if (impl_->ctxt->myDoc != nullptr) xmlFreeDoc(impl_->ctxt->myDoc);
  xmlFreeParserCtxt(impl_->ctxt);
}

Position SaxParser::position() const {
  const xmlParserCtxtPtr c = impl_->ctxt;
  if (c == nullptr || c->input == nullptr) return {};
  return {static_cast<uint64_t>(std::max(c->input->line, 0)),
          static_cast<uint64_t>(std::max(c->input->col, 0))};
}

Position SaxParser::tag_position() const {
  Position p = position();
  const xmlParserCtxtPtr c = impl_->ctxt;
  if (c == nullptr || c->input == nullptr || c->input->cur == nullptr) return p;
  // The start tag is still in the input buffer, and '<' cannot occur inside
  // it (not even in attribute values): find it backwards. Columns count
  // characters, as libxml2's do.
  const xmlChar* base = c->input->base;
  const xmlChar* cur = c->input->cur;
  if (cur <= base) return p;
  const auto* lt =
      static_cast<const xmlChar*>(::memrchr(base, '<', static_cast<size_t>(cur - base)));
  if (lt == nullptr) return p;
  auto chars = [](const xmlChar* b, const xmlChar* e) {
    uint64_t n = 0;
    for (; b < e; ++b) n += (*b & 0xC0) != 0x80;
    return n;
  };
  const auto* nl = static_cast<const xmlChar*>(::memchr(lt, '\n', static_cast<size_t>(cur - lt)));
  if (nl == nullptr) {
    const uint64_t span = chars(lt + 1, cur);
    if (p.column > span) p.column -= span + 1;
    return p;
  }
  // The tag spans lines: count them, then the column of '<' on its line.
  uint64_t newlines = 0;
  for (const xmlChar* q = nl; q < cur; ++q) newlines += *q == '\n';
  p.line -= newlines;
  const xmlChar* line_start = lt;
  while (line_start > base && line_start[-1] != '\n') --line_start;
  p.column = chars(line_start, lt) + 1;
  return p;
}

void SaxParser::fail(const std::string& message, Position pos) { impl_->record(message, pos); }

bool SaxParser::failed() const { return impl_->failed || impl_->exception; }

namespace {

// libxml2 reports some errors (encoding conversion) through its per-thread
// global handlers, which print to stderr by default: route them to us for
// the duration of a parse.
class ErrorHandlerScope {
 public:
  ErrorHandlerScope(void* ctx, xmlStructuredErrorFunc handler)
      : prev_structured_(xmlStructuredError),
        prev_structured_ctx_(xmlStructuredErrorContext),
        prev_generic_(xmlGenericError),
        prev_generic_ctx_(xmlGenericErrorContext) {
    xmlSetStructuredErrorFunc(ctx, handler);
    xmlSetGenericErrorFunc(nullptr, &ignore_generic);
  }
  ~ErrorHandlerScope() {
    xmlSetStructuredErrorFunc(prev_structured_ctx_, prev_structured_);
    xmlSetGenericErrorFunc(prev_generic_ctx_, prev_generic_);
  }
  ErrorHandlerScope(const ErrorHandlerScope&) = delete;
  ErrorHandlerScope& operator=(const ErrorHandlerScope&) = delete;

 private:
  xmlStructuredErrorFunc prev_structured_;
  void* prev_structured_ctx_;
  xmlGenericErrorFunc prev_generic_;
  void* prev_generic_ctx_;
};

}  // namespace

void SaxParser::parse(std::istream& in, uint64_t total, const ProgressCallback& progress) {
  install_refusing_entity_loader();
  ErrorHandlerScope scope(impl_.get(), &Impl::structured_error);
  std::vector<char> buf(kChunkBytes);
  uint64_t done = 0;

  auto read_chunk = [&]() -> size_t {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const auto n = static_cast<size_t>(in.gcount());
    if (in.bad()) throw InputError(name_, "read error");
    done += n;
    return n;
  };
  auto check = [&](int rc) {
    drain();
    if (impl_->exception) std::rethrow_exception(impl_->exception);
    if (impl_->failed) throw InputError(name_, impl_->message, impl_->pos.line, impl_->pos.column);
    if (rc != 0) {
      const Position p = position();
      throw InputError(name_,
                       rc == XML_ERR_INVALID_ENCODING || rc == XML_ERR_INVALID_CHAR
                           ? "invalid character encoding (bad UTF-8 or UTF-16?)"
                           : "XML parse error " + std::to_string(rc),
                       p.line, p.column);
    }
    if (progress) progress(done, total);
  };

  size_t n = read_chunk();
  // libxml2 would say "Extra content at the end of the document" or
  // "Document is empty" with a position; neither tells a user what happened.
  if (n == 0) throw InputError(name_, "the file is empty");
  if (in.eof() &&
      std::all_of(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n),
                  [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }))
    throw InputError(name_, "the file holds only white space, no XML");
  size_t bom = 0;
  const Encoding enc = detect(std::string_view(buf.data(), n), bom);
  if (enc == Encoding::Unsupported)
    throw InputError(name_, "unsupported encoding (UCS-4 or EBCDIC); use UTF-8 or UTF-16", 1, 1);
  std::optional<Utf16Decoder> utf16;
  std::string converted;
  if (enc != Encoding::Utf8) utf16.emplace(enc == Encoding::Utf16BE);
  // The bytes libxml2 sees: UTF-8 (or an ASCII-compatible declared
  // encoding libxml2 converts itself).
  auto feed = [&](const char* data, size_t size) -> std::string_view {
    if (!utf16) return {data, size};
    converted.clear();
    if (!utf16->decode(data, size, converted)) {
      const Position p = utf16->where();
      throw InputError(name_, utf16->error(), p.line, p.column);
    }
    return converted;
  };

  std::string_view first = feed(buf.data() + bom, n - bom);
  if (!utf16) {
    bool closed = true;
    const auto declared = declared_encoding(first, closed);
    if (!closed)
      throw InputError(name_, "XML declaration not closed within its first 256 kB", 1, 1);
    if (declared && !supported_encoding(*declared))
      throw InputError(name_,
                       "unsupported encoding '" + one_line(*declared, 40) +
                           "' in the XML declaration; convert the file to UTF-8",
                       1, 1);
  }
  // The first bytes decide the encoding ("<?xml" in UTF-8 or ASCII).
  const size_t head = std::min<size_t>(first.size(), 4);
  impl_->ctxt = xmlCreatePushParserCtxt(&impl_->sax, impl_.get(), first.data(),
                                        static_cast<int>(head), name_.c_str());
  if (impl_->ctxt == nullptr) throw Error("libxml2: cannot create a parser");
  // Decoded UTF-16 still says encoding="UTF-16" in its declaration.
  xmlCtxtUseOptions(impl_->ctxt, kParseOptions | (utf16 ? XML_PARSE_IGNORE_ENC : 0));
  check(0);
  int rc = 0;
  if (first.size() > head) {
    rc = xmlParseChunk(impl_->ctxt, first.data() + head, static_cast<int>(first.size() - head), 0);
    check(rc);
  }
  while (n == buf.size()) {
    n = read_chunk();
    if (n == 0) break;
    const std::string_view more = feed(buf.data(), n);
    rc = xmlParseChunk(impl_->ctxt, more.data(), static_cast<int>(more.size()), 0);
    check(rc);
  }
  if (utf16 && !utf16->finish()) {
    const Position p = utf16->where();
    throw InputError(name_, utf16->error(), p.line, p.column);
  }
  rc = xmlParseChunk(impl_->ctxt, nullptr, 0, 1);
  check(rc);
}

}  // namespace alinea::tm::xml
