#pragma once
// The gate a combination adds to its legs' five: natural-to-mid spread,
// (net natural - net mid) / |net mid| x 100, within the limit (inclusive, like the other
// limits; default 25 %). A net mid of 0 fails: no price to measure against.

#include "domain/gates.h"
#include "domain/strategy_leg.h"

#include <string>
#include <vector>

namespace cg {

// Natural-to-mid is half the legs' summed spreads over the (small) net of the combination: a
// four-leg condor on 7 % legs measures about 20 %. The default leaves room for that.
inline constexpr double kDefaultMaxComboSpreadPct = 25.0;

struct ComboGateResult {
    bool pass = false;
    std::optional<double> value; // percent
    double threshold = kDefaultMaxComboSpreadPct;
    // "Natural-to-mid 4.2% of the net 1.20 is within the 10% limit", "... is above ...",
    // "net mid 0.00: no price to measure the spread against", a leg without a valid quote.
    std::string reason;
};

ComboGateResult comboSpreadGate(const MultiLegStrategy &s,
                                double maxPct = kDefaultMaxComboSpreadPct);

// Every leg's five gates, in leg order.
std::vector<GateReport> legGates(const MultiLegStrategy &s, const GateThresholds &t, Timestamp now);

// The first failure among the legs' gates and the combo gate, as a fallback reason:
// "leg 2 (sell 1 SPY...): Spread 12.4% is above the 10% limit"; empty when all pass.
std::string firstStrategyGateFailure(const MultiLegStrategy &s, const std::vector<GateReport> &legs,
                                     const ComboGateResult &combo);

} // namespace cg
