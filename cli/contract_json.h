#pragma once
// One option contract with its five gates as JSON, in DESIGN.md section 6's shape. Shared by
// `chain --json` (every contract) and `dispatch --json` ("selected").

#include "domain/contract.h"
#include "domain/gates.h"

#include <QJsonObject>
#include <QJsonValue>

#include <optional>

namespace cg::cli {

// {symbol, root, type, strike, expiration, bid, ask, mid, spread_pct, volume, open_interest,
//  delta, gamma, theta, vega, iv, tradeable, gates: {quote_valid, spread, not_expired,
//  open_interest, volume}}; unknown values are null.
QJsonObject contractJson(const OptionContract &contract, const GateReport &gates);
// {"pass", "value", "threshold", "reason"}
QJsonObject gateJson(const GateResult &gate);
// The gates object alone, keyed by gateKey().
QJsonObject gatesJson(const GateReport &gates);

QJsonValue jsonNumber(std::optional<double> v);

} // namespace cg::cli
