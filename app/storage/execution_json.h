#pragma once
// An execution record as a JSON object (the outbox's payload and `executions --json`).
// Keys are the dispatcher_execution column names; explain_json is embedded as an object.

#include "domain/result.h"
#include "domain/signal.h"

#include <QJsonObject>

namespace cg {

QJsonObject executionToJson(const ExecutionRecord &r);
Result<ExecutionRecord> executionFromJson(const QJsonObject &o);

// The column names in the order executionToJson writes them (CSV header).
const QStringList &executionColumns();

// ISO-8601 UTC with milliseconds: 2026-01-02T14:30:00.000Z
QString isoTime(Timestamp t);

} // namespace cg
