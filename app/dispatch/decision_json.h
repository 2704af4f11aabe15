#pragma once
// JSON views of a decision: the document `dispatch --json` prints (docs/command-line.md, "JSON
// shapes") and the explain_json stored with every execution (the seed's verification query reads
// its alpaca_order_id, api_bid and api_ask keys).

#include "dispatch/decision.h"

#include <QJsonObject>

namespace cg {

// signal, underlying_price, strategy, target_strike, selected, qty, limit_price, cost, budget,
// execution_mode, fallback_reason, client_order_id, order_id, order_status (+ a few extras, among
// them "record": where the decision's record is).
QJsonObject decisionJson(const Decision &d);
// Everything a reviewer needs to re-check the decision, as one JSON object.
QJsonObject explainJson(const Decision &d);

} // namespace cg
