#pragma once
// One option contract with its five gates as JSON: the shape `chain --json` prints for every
// contract and a decision carries as "selected" (docs/command-line.md, "JSON shapes"). Stated once
// (contract_json.cpp) and written either as a QJsonObject or straight to bytes.

#include "domain/contract.h"
#include "domain/gates.h"

#include <QJsonObject>

namespace cg {

class JsonWriter;

// {symbol, root, type, strike, expiration, bid, ask, mid, spread_pct, volume, open_interest,
//  delta, gamma, theta, vega, iv, greeks_source, multiplier, tradeable, gates}; unknown values
//  are null (greeks_source: "feed", "computed" from the mid, or "none"), and
// tradeable and gates are null when `gates` is.
QJsonObject contractJson(const OptionContract &c, const GateReport *gates);
void writeContractJson(JsonWriter &out, const OptionContract &c, const GateReport *gates);

// {"quote_valid": {"pass", "value", "threshold", "reason"}, "spread": ..., ...}
QJsonObject gatesJson(const GateReport &report);

} // namespace cg
