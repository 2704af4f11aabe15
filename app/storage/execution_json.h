#pragma once
// An execution record as a JSON object (the outbox's payload and `executions --json`).
// Keys are the dispatcher_execution column names; explain_json is embedded as an object.

#include "domain/result.h"
#include "domain/signal.h"

#include <QJsonArray>
#include <QJsonObject>

#include <vector>

namespace cg {

QJsonObject executionToJson(const ExecutionRecord &r);
Result<ExecutionRecord> executionFromJson(const QJsonObject &o);
// A multi-leg execution's legs ("legs" of the JSON above, present only when there are legs).
QJsonArray legsToJson(const std::vector<ExecutionLegRecord> &legs);
std::vector<ExecutionLegRecord> legsFromJson(const QJsonArray &a);
// "buy 1 SPY260206P00660000 @1.12; sell 1 SPY260206P00665000 (mid 1.62)": each leg's side,
// ratio and contract, at its fill (or its mid at decision time while unfilled). Empty for none.
QString legsSummary(const std::vector<ExecutionLegRecord> &legs);

// The column names in the order executionToJson writes them (CSV header).
const QStringList &executionColumns();

// ISO-8601 UTC with milliseconds: 2026-01-02T14:30:00.000Z
QString isoTime(Timestamp t);

} // namespace cg
