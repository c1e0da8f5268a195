#include "tm/unit.h"

namespace alinea::tm {

std::string_view status_name(UnitStatus status) {
  switch (status) {
    case UnitStatus::Aligned:
      return "aligned";
    case UnitStatus::Reviewed:
      return "reviewed";
    case UnitStatus::Rejected:
      return "rejected";
  }
  return "aligned";
}

std::optional<UnitStatus> parse_status(std::string_view name) {
  if (name == "aligned") return UnitStatus::Aligned;
  if (name == "reviewed") return UnitStatus::Reviewed;
  if (name == "rejected") return UnitStatus::Rejected;
  return std::nullopt;
}

}  // namespace alinea::tm
