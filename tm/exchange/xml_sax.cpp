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
#include <mutex>

#include "tm/error.h"

namespace alinea::tm::xml {
namespace {

constexpr size_t kChunkBytes = 1 << 18;
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

  void stop() {
    if (ctxt != nullptr) xmlStopParser(ctxt);
  }

  void record(const std::string& msg, Position p) {
    if (failed || exception) return;
    failed = true;
    message = msg;
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

  static void start(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar*,
                    int, const xmlChar**, int nb_attributes, int,
                    const xmlChar** attributes) {
    Impl* impl = of(ctx);
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

  static void unparsed_entity_decl(void* ctx, const xmlChar* name, const xmlChar*,
                                   const xmlChar*, const xmlChar*) {
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
  if (impl_->ctxt != nullptr) xmlFreeParserCtxt(impl_->ctxt);
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
  // it (not even in attribute values): walk back to it. Columns count
  // characters, as libxml2's do.
  const xmlChar* base = c->input->base;
  const xmlChar* q = c->input->cur;
  uint64_t chars = 0, newlines = 0;
  while (q > base) {
    --q;
    if (*q == '<') break;
    if (*q == '\n') ++newlines;
    if ((*q & 0xC0) != 0x80) ++chars;
  }
  if (*q != '<') return p;
  if (newlines == 0) {
    if (p.column > chars) p.column -= chars + 1;
    return p;
  }
  p.line -= newlines;
  uint64_t col = 1;
  while (q > base && q[-1] != '\n') {
    --q;
    if ((*q & 0xC0) != 0x80) ++col;
  }
  p.column = col;
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
  // The first bytes decide the encoding (BOM or "<?xml" in UTF-16/UTF-8).
  const size_t head = std::min<size_t>(n, 4);
  impl_->ctxt = xmlCreatePushParserCtxt(&impl_->sax, impl_.get(), buf.data(),
                                        static_cast<int>(head), name_.c_str());
  if (impl_->ctxt == nullptr) throw Error("libxml2: cannot create a parser");
  xmlCtxtUseOptions(impl_->ctxt, kParseOptions);
  check(0);
  int rc = 0;
  if (n > head) {
    rc = xmlParseChunk(impl_->ctxt, buf.data() + head, static_cast<int>(n - head), 0);
    check(rc);
  }
  while (n == buf.size()) {
    n = read_chunk();
    if (n == 0) break;
    rc = xmlParseChunk(impl_->ctxt, buf.data(), static_cast<int>(n), 0);
    check(rc);
  }
  rc = xmlParseChunk(impl_->ctxt, nullptr, 0, 1);
  check(rc);
}

}  // namespace alinea::tm::xml
