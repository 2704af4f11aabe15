#pragma once
// Executions as CSV (RFC 4180): every dispatcher_execution column in executionColumns() order,
// explain_json as compact JSON text. Shared by `chaingate-cli executions --csv` and the window's
// Executions export, so both files read the same.

#include "domain/signal.h"

#include <QString>

#include <vector>

namespace cg {

// Header line plus one line per record, CRLF line ends. Text a spreadsheet would run as a formula
// (=, +, -, @, tab, CR first) gets a leading apostrophe.
QString executionsCsv(const std::vector<ExecutionRecord> &rows);

} // namespace cg
