#pragma once
// Everything the dispatcher's decisions depend on, with the defaults of docs/trading-rules.md.
// Plain values: the front ends load and edit them, the dispatcher copies them per decision.

#include "dispatch/order_precautions.h"
#include "dispatch/risk_limits.h"
#include "domain/account.h"
#include "domain/gates.h"
#include "domain/strategy.h"
#include "domain/strategy_settings.h"
#include "domain/tick_table.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace cg {

// Where a limit at the mid goes when the mid is between two ticks.
enum class LimitRounding {
    Passive, // a buy rounds down, a sell up: a one-tick market does not pay the far side
    Nearest, // half away from zero, whatever the side
};

// Expiry-day rule (dispatch/expiry_rule.h): off by default.
struct ExpiryRuleSettings {
    bool enabled = false;
    int minutesBefore = 15; // before the close (16:00 New York, 13:00 early)
    bool operator==(const ExpiryRuleSettings &) const = default;
};

struct DispatcherSettings {
    GateThresholds gates;
    std::array<StrategyParams, 3> strategies{defaultParams(Strategy::DayTrade),
                                             defaultParams(Strategy::Swing),
                                             defaultParams(Strategy::Conservative)};
    RiskLimits risk;
    Precautions precautions; // fat-finger checks of a ticket; the trader may override them

    // Options: a limit at mid rounded to the tick of the contract's class (default) or a market
    // order.
    OrderType orderType = OrderType::Limit;
    LimitRounding limitRounding = LimitRounding::Passive;
    // Penny classes beyond the shipped program list (resources/penny_program.txt), e.g. one added
    // to the program since: $0.01 under $3, $0.05 from $3. OCC roots in capitals.
    std::vector<std::string> extraPennyClasses;

    // Only strikes within +-strikeBandPct of the live underlying price are fetched for a
    // single-leg signal (widened to reach its target); a multi-leg signal fetches its expiry
    // window whole (its legs go by delta and width).
    double strikeBandPct = 15.0;

    // An OTM call whose delta is above this (or put below minus this) is deep in the money
    // whatever the strike says: the underlying price used must be wrong, so no order.
    double maxOtmAbsDelta = 0.75;

    // A contract's quote older than this is not traded on: the limit would be priced on a market
    // that has moved since. In the regular session (09:30 to the close, New York, trading days)
    // quotes of a tradeable contract change every few seconds, so a minute-old one means a
    // stalled feed.
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
    // An order whose fate is unknown (its answer was lost) is looked up for this long, from the
    // decision, before "not found" counts as not placed: a late acceptance is still adopted.
    int unknownOrderWindowMin = 10;
    // At start, ChainGate orders on the account from this many days back that have no record are
    // adopted and recorded.
    int reconcileDays = 3;

    ExpiryRuleSettings expiryRule;

    // Multi-leg templates whose settings (expiry window, short-leg delta or OTM %, width,
    // budget %) differ from defaultStrategySettings(); one entry per template at most.
    std::vector<StrategySettings> multiLeg;

    // Live trading is refused unless this is set (and the front end confirmed it).
    bool liveTradingEnabled = false; // the settings' opt-in; chaingate-cli also needs --live

    bool operator==(const DispatcherSettings &) const = default;

    // The option ticks every limit price follows: the program's list plus the extra classes.
    TickTable tickTable() const { return TickTable{}.withPennyClasses(extraPennyClasses); }
    // The market data's quotes are the exchanges' (OPRA): one off a class's listed grid proves a
    // finer tick (TickTable::tier). Set by the dispatcher from its market data; never saved.
    bool quotesOnExchangeTicks = false;
    // `q` where it may prove a class's tick, else nothing.
    std::optional<Quote> tickEvidence(const std::optional<Quote> &q) const {
        return quotesOnExchangeTicks ? q : std::nullopt;
    }

    const StrategyParams &params(Strategy s) const { return strategies[static_cast<int>(s)]; }
    StrategyParams &params(Strategy s) { return strategies[static_cast<int>(s)]; }
    // A template's settings: its entry in multiLeg, else the defaults.
    StrategySettings strategySettings(StrategyTemplate t) const {
        for (const StrategySettings &s : multiLeg) {
            if (s.build.kind == t)
                return s;
        }
        return defaultStrategySettings(t);
    }
};

// Why an order on a live account fell back: said the same way by every order path.
inline constexpr char kLiveTradingOffReason[] =
    "Live trading is off: in the window, turn it on in Settings (live endpoint, confirmed); from "
    "chaingate-cli, the settings file's dispatcher/live_trading and --live";

} // namespace cg
