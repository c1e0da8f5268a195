// Internal to tm/exchange: a hardened streaming XML parser (libxml2 SAX2 push
// parser) that TMX reading and checking build on. Third-party types stay in
// the .cpp.
//
// Why SAX2 rather than xmlTextReader (which is itself a layer over this
// parser): in the start-tag callback the parser still holds the tag, so every
// problem gets its exact line and column (xmlTextReader keeps only a 16-bit
// line per node, no column, and parses up to a chunk ahead of the node it
// reports); entity declarations are refused the moment they are seen (the
// entityDecl/getEntity/resolveEntity hooks), rather than relying on what
// the reader does with them; and no tree nodes are built and freed per
// element. The hardening is the same as the reader's would be: no
// XML_PARSE_NOENT/DTDLOAD/DTDVALID/HUGE, XML_PARSE_NONET, and a process-wide
// external entity loader that refuses everything.
#pragma once

#include <cstdint>
#include <exception>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tm/exchange/exchange.h"

namespace alinea::tm::xml {

struct Position {
  uint64_t line = 0;
  uint64_t column = 0;
};

class SaxParser {
 public:
  explicit SaxParser(std::string name);
  virtual ~SaxParser();
  SaxParser(const SaxParser&) = delete;
  SaxParser& operator=(const SaxParser&) = delete;

  // Parses the whole stream. After each chunk calls drain(), so that
  // subclasses hand over finished work outside libxml2's call stack. Throws
  // tm::InputError for XML errors and for fail(); rethrows whatever a
  // handler threw.
  void parse(std::istream& in, uint64_t total_bytes, const ProgressCallback& progress);

  const std::string& name() const { return name_; }

  // Exposed for the libxml2 callbacks in the .cpp; not for subclasses.
  struct Impl;

 protected:
  struct Attr {
    std::string_view prefix;  // "xml" for xml:lang
    std::string_view name;
    std::string_view value;  // entity references already decoded
  };
  // Handlers must not throw past themselves into libxml2: SaxParser catches
  // and rethrows from parse().
  virtual void on_start(std::string_view name, const std::vector<Attr>& attrs) = 0;
  virtual void on_end(std::string_view name) = 0;
  virtual void on_text(std::string_view text) = 0;
  virtual void drain() {}

  // Where the current start tag's '<' is (in on_start), or where the parser
  // is (elsewhere).
  Position tag_position() const;
  Position position() const;
  // Stops parsing; parse() throws InputError(name, message, pos).
  void fail(const std::string& message, Position pos);
  bool failed() const;

 private:
  std::string name_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace alinea::tm::xml

namespace alinea::tm::xml {
// How many times libxml2 asked this process's entity loader for a file or
// URL (always refused). For tests that prove no such access happens.
uint64_t refused_external_loads();
// Installs the refusing loader (idempotent; parse() calls it).
void install_refusing_entity_loader();
}  // namespace alinea::tm::xml
