#pragma once
// Everything the dispatcher's decisions depend on, with the defaults of DESIGN.md section 3.
// Plain values: the front ends load and edit them, the dispatcher copies them per decision.

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

    // Options: a limit at mid rounded to the tick (default) or a market order.
    OrderType orderType = OrderType::Limit;
    bool pennyProgram = true; // tick table for the limit price (domain/quote.h optionTick)

    // Only strikes within +-strikeBandPct of the live underlying price are fetched.
    double strikeBandPct = 15.0;

    // An OTM call whose delta is above this (or put below minus this) is deep in the money
    // whatever the strike says: the underlying price used must be wrong, so no order.
    double maxOtmAbsDelta = 0.75;

    // A contract's quote older than this is not traded on: the limit would be priced on a market
    // that has moved since. In the regular session (09:30-16:00 New York, weekdays) quotes of a
    // tradeable contract change every few seconds, so a minute-old one means a stalled feed.
    int maxQuoteAgeSec = 60;
    // Outside the regular session no option trades: the freshest quote is the close's, and an
    // order sent now waits for the open, where the market may gap. So the same minute by default:
    // no order is priced on yesterday's close (DEMO's simulated market keeps quoting, so it still
    // trades). A trader who deliberately queues orders for the open raises this one, not the
    // session's limit.
    int maxQuoteAgeOffHoursSec = 60;

    int ticketMaxAgeSec = 120;      // manual mode: a ticket older than this expires
    int timerIntervalSec = 60;      // timer mode
    int orderPollIntervalMs = 2000; // order status reconciliation
    int orderPollMaxTries = 900;    // then the record keeps its last status until the next start

    // Live trading is refused unless this is set (and the front end confirmed it).
    bool liveTradingEnabled = false;

    bool operator==(const DispatcherSettings &) const = default;

    const StrategyParams &params(Strategy s) const { return strategies[static_cast<int>(s)]; }
    StrategyParams &params(Strategy s) { return strategies[static_cast<int>(s)]; }
};

} // namespace cg
