#pragma once
// Per-strategy settings of a multi-leg template: where the legs go (expiry window, short-leg
// delta or OTM %, width) and the money at risk (budget % of equity, combination spread limit).
// The dispatcher's settings hold the templates that differ from these defaults.

#include "domain/combo_gate.h"
#include "domain/strategy_builder.h"

namespace cg {

struct StrategySettings {
    StrategyBuildParams build;
    double budgetPct = 5.0; // of equity
    double maxComboSpreadPct = kDefaultMaxComboSpreadPct;
    bool operator==(const StrategySettings &) const = default;
};

// Defaults: 25-45 days; credit structures (credit verticals, condor, short strangle) at
// 0.16 delta, debit verticals at 0.30, strangles 0.16, calendars and diagonals at the money
// (diagonal short at 0.30); width $5; 5 % of equity.
StrategySettings defaultStrategySettings(StrategyTemplate t);

} // namespace cg
