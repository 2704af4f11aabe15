#pragma once
// Everything the dispatcher's decisions depend on, with the defaults of DESIGN.md section 3.
// Plain values: the front ends load and edit them, the dispatcher copies them per decision.

#include "dispatch/order_precautions.h"
#include "dispatch/risk_limits.h"
#include "domain/account.h"
#include "domain/gates.h"
#include "domain/strategy.h"

#include <array>

namespace cg {

struct DispatcherSettings {
    GateThresholds gates;
    std::array<StrategyParams, 3> strategies{defaultParams(Strategy::DayTrade),
                                             defaultParams(Strategy::Swing),
                                             defaultParams(Strategy::Conservative)};
    RiskLimits risk;
    Precautions precautions; // fat-finger checks of a ticket; the trader may override them

    // Options: a limit at mid rounded to the tick (default) or a market order.
    OrderType orderType = OrderType::Limit;
    bool pennyProgram = true; // tick table for the limit price (domain/quote.h optionTick)

    // Only strikes within +-strikeBandPct of the live underlying price are fetched.
    double strikeBandPct = 15.0;

    // An OTM call whose delta is above this (or put below minus this) is deep in the money
    // whatever the strike says: the underlying price used must be wrong, so no order.
    double maxOtmAbsDelta = 0.75;

    int ticketMaxAgeSec = 120;      // manual mode: a ticket older than this expires
    int timerIntervalSec = 60;      // timer mode
    int orderPollIntervalMs = 2000; // order status reconciliation
    int orderPollMaxTries = 900;    // then the record keeps its last status until the next start
    // An order whose fate is unknown (its answer was lost) is looked up for this long, from the
    // decision, before "not found" counts as not placed: a late acceptance is still adopted.
    int unknownOrderWindowMin = 10;
    // At start, ChainGate orders on the account from this many days back that have no record are
    // adopted and recorded.
    int reconcileDays = 3;

    // Live trading is refused unless this is set (and the front end confirmed it).
    bool liveTradingEnabled = false;

    bool operator==(const DispatcherSettings &) const = default;

    const StrategyParams &params(Strategy s) const { return strategies[static_cast<int>(s)]; }
    StrategyParams &params(Strategy s) { return strategies[static_cast<int>(s)]; }
};

} // namespace cg
