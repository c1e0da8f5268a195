// Opening the TM the way every subcommand should: read commands read-only
// (a missing TM is a user error), write commands read-write, creating the
// file and its directory on first write. A postgresql:// URL opens a TM in
// that database (created there on first write).
#pragma once

#include "cli/context.h"
#include "tm/store/store.h"

namespace alinea::cli {

tm::Store open_tm_for_reading(const Context& ctx);
tm::Store open_tm_for_writing(const Context& ctx);

// Prints, through ctx, that a TM is being upgraded: an upgrade can keep a
// large TM's open busy for minutes (a PostgreSQL TM going to schema 3
// computes every unit's words), so say why nothing happens. ctx must
// outlive the notice.
tm::UpgradeNotice say_upgrading(const Context& ctx);

}  // namespace alinea::cli
