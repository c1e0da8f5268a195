#include "cli/terminal.h"

#include <cstdlib>

namespace alinea::cli {

bool use_color(const Context& ctx, ColorMode mode) {
  if (mode == ColorMode::Always) return true;
  if (mode == ColorMode::Never) return false;
  // https://no-color.org: an empty NO_COLOR does not count.
  if (const char* no = std::getenv("NO_COLOR"); no && *no) return false;
  return ctx.stdout_is_terminal;
}

}  // namespace alinea::cli
