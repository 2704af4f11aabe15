#pragma once
// A multi-leg strategy with its figures and gates as JSON: what `strategy --json` prints and
// what a multi-leg decision records. Prices per share, signed as Alpaca's mleg limit (debit
// positive, credit negative); dollar figures per unit (x the multiplier). Unknown or unlimited
// values are null, with *_unlimited saying which; where the risk figures are not known at all
// (priced only: a later leg without IV), not_valued says why, they are null and break_evens empty.

#include "domain/combo_gate.h"
#include "domain/strategy_figures.h"

#include <QJsonObject>

#include <vector>

namespace cg {

// {template, explanation, legs: [contract (contractJson) + side, ratio_qty, position_intent],
//  net_mid, net_natural, combined_spread, price_type ("debit"/"credit"), not_valued, max_profit,
//  max_profit_unlimited, max_loss, max_loss_unlimited, max_profit_dollars, max_loss_dollars,
//  break_evens, probability_of_profit, greeks {delta, gamma, theta, vega, rho}, multiplier,
//  combo_gate {pass, value, threshold, reason}, tradeable}
QJsonObject strategyJson(const MultiLegStrategy &s, const StrategyFigures &f,
                         const std::vector<GateReport> &legGates, const ComboGateResult &combo);

} // namespace cg
