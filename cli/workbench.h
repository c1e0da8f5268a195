// The review workbench's logic, apart from HTTP: one stored document as the
// page sees it (JSON), and a person's operations on its alignment turned into
// store writes. Each operation is one transaction; a pair changed since the
// page loaded it gives a conflict, never a lost update.
//
//   Workbench bench(store, "entrevista");
//   nlohmann::json doc = bench.document();
//   doc =
//   bench.apply(nlohmann::json::parse(R"({"op":"accept","pairs":[{"key":"u12","revision":3}]})"));
//   doc = bench.undo();
//
// The shapes are documented in README.md ("The review workbench").
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "cli/request_error.h"
#include "tm/store/store.h"

namespace alinea::cli {

// A request the workbench refuses (a bad operation, a pair not found, a
// conflict with a newer revision).
using WorkbenchError = RequestError;

class Workbench {
 public:
  // NotFoundError when the TM has no such document.
  Workbench(tm::Store& store, std::string document);

  nlohmann::json document() const;
  // Applies one operation ({"op": ..., "pairs": [...], ...}) and returns the
  // document as it is afterwards.
  nlohmann::json apply(const nlohmann::json& operation);
  nlohmann::json undo();

  const std::string& name() const { return document_; }

 private:
  tm::Store& store_;
  std::string document_;
  double threshold_ = 0.5;
};

}  // namespace alinea::cli
