#include "reliability_util.h"

#include <algorithm>
#include <stdexcept>

namespace alinea::test {

std::string make_units_tsv(const std::string& tag, size_t n) {
  std::string tsv = "es\ten\n";
  tsv.reserve(n * 110);
  for (size_t i = 0; i < n; ++i) {
    std::string k = std::to_string(i);
    tsv += tag + "-" + k + ": los pobladores de la toma número " + k +
           " levantaron el campamento.\t" + tag + "-" + k +
           ": the settlers of land takeover number " + k + " raised the camp.\n";
  }
  return tsv;
}

bool one_line_error(const std::string& err) {
  return err.rfind("alinea: error: ", 0) == 0 && std::count(err.begin(), err.end(), '\n') == 1 &&
         err.back() == '\n';
}

std::string export_tsv(const std::string& tm) {
  Run r = run_alinea({"export", "--tm", tm, "--format", "tsv", "-q"});
  if (r.exit_code != 0) throw std::runtime_error("export failed: " + r.err);
  return r.out;
}

}  // namespace alinea::test
