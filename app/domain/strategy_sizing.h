#pragma once
// Units of a multi-leg strategy to trade. Defined risk: floor(budget / max loss per unit in
// dollars), capped by options buying power the same way (Alpaca holds the max loss of a
// spread as its requirement). Undefined risk (short straddle, short strangle): by buying
// power, against a requirement of 20 % of the underlying per unit (the usual naked-option
// margin), within the budget as well.

#include "domain/strategy_figures.h"

#include <string>

namespace cg {

struct StrategySizingInput {
    double budget = 0.0;                  // dollars
    std::optional<double> maxLossPerUnit; // dollars (x multiplier); empty: undefined risk
    double spot = 0.0;                    // for undefined risk
    double multiplier = 100.0;
    std::optional<double> optionsBuyingPower;
    int maxContracts = 0;     // 0 = no limit; caps units x contractsPerUnit
    int contractsPerUnit = 1; // every leg's ratio added: a condor's unit is 4 contracts
};

struct StrategySizingResult {
    int qty = 0;
    double riskPerUnit = 0.0; // max loss, or the buying-power requirement, per unit
    bool cappedByBuyingPower = false;
    bool cappedByMaxContracts = false;
    bool byBuyingPower = false; // undefined risk
    // Empty when qty > 0; otherwise "position size below one unit: max loss $520.00 per unit
    // against a budget of $500.00", "insufficient options buying power for one unit", ...
    std::string reason;
};

StrategySizingResult sizeStrategy(const StrategySizingInput &in);

} // namespace cg
