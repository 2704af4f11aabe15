#pragma once
// explain_json: why a decision was taken. The store accepts only a JSON object, cleans its text,
// and fills in the keys the seed's verification query reads (alpaca_order_id, api_bid, api_ask)
// plus fallback_reason, underlying_price and strategy when the dispatcher left them out.

#include "domain/result.h"
#include "domain/signal.h"

#include <QString>

namespace cg {

// Compact JSON text of an object, or an error a trader can read. Empty text counts as {}.
Result<QString> normalizeExplainJson(const ExecutionRecord &r);

} // namespace cg
