// A request a server refuses: `status` is the HTTP status to answer with
// (400 bad request, 404 not found, 409 conflict, ...), `kind` a stable word
// for scripts, what() one line for a person. Thrown by the workbench's logic
// and by the TM service, answered by each as JSON through json_error().
#pragma once

#include <stdexcept>
#include <string>

namespace alinea::cli {

class RequestError : public std::runtime_error {
 public:
  RequestError(int status, std::string kind, const std::string& message)
      : std::runtime_error(message), status_(status), kind_(std::move(kind)) {}
  int status() const { return status_; }
  const std::string& kind() const { return kind_; }

 private:
  int status_;
  std::string kind_;
};

}  // namespace alinea::cli
