// The counts of stats() that every backend asks the same SQL for, private to
// tm/store: each backend passes how it runs a query.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "tm/store/store.h"

namespace alinea::tm {

// Runs a query that answers one integer.
using ScalarQuery = std::function<int64_t(const char* sql)>;
// Runs a query that answers rows of (text, integer), calling `row` for each.
using TextCountQuery =
    std::function<void(const char* sql, const std::function<void(std::string, int64_t)>& row)>;

// Units by status, documents, merged duplicates, manual, pending and
// omitted units, and the first and last change.
void count_unit_stats(TmStats& t, const ScalarQuery& scalar, const TextCountQuery& rows);

}  // namespace alinea::tm
