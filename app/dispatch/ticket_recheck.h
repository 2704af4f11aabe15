#pragma once
// The checks a manual order ticket passes again when the trader confirms it. What the ticket
// showed is what is sent: its quantity and limit, never a price re-set behind the trader's back.
// The live underlying price and the contract's quote are fetched again, the gates, the moneyness
// check, the risk limits and the fat-finger precautions re-run; then one of three verdicts:
//   Send   - the order as shown may go;
//   Hold   - the market or the figures moved (the shown limit is outside the bid/ask, a gate or
//            a per-order limit now fails, a precaution trips): nothing is sent, the ticket keeps
//            waiting with the refreshed proposal and says what changed, so the trader decides
//            again (a precaution alone may be overridden by a deliberate second confirm);
//   Refuse - no order may go for this signal now (kill switch, day limits, blocked account,
//            contract no longer listed, a manual trade's options level or cover no longer
//            there): recorded as a fallback.
// An order that takes no limit (market, stop) is checked at the price it would cross: the ask
// to buy, the bid to sell (a stop: its stop price when that is the worse).

#include "broker/broker.h"
#include "broker/market_data.h"
#include "dispatch/decision.h"
#include "dispatch/dispatcher_settings.h"

#include <functional>
#include <optional>
#include <string>

namespace cg {

// What the ticket showed when the trader pressed Confirm. Empty fields: the proposal's figures.
struct TicketChanges {
    std::optional<int> qty;
    std::optional<double> limitPrice;
    // The order type and time in force the trader chose (Alpaca's: market, limit, stop,
    // stop_limit; day or gtc for options), and the stop price a stop needs.
    std::optional<OrderType> orderType{};
    std::optional<std::string> timeInForce{};
    std::optional<double> stopPrice{};
    // The price the ticket costed an order without a limit at (market, stop): the ask to buy,
    // the bid to sell, a stop's price when worse. A worse price at the re-check holds the order.
    std::optional<double> shownPrice{};
    // A stock's limit is its last price (the ticket's Last button), not a typed one: the
    // re-check moves it with the price as it moves the proposal's.
    bool limitFromPrice = false;
    bool overridePrecautions = false; // the trader's deliberate second step
    // The precautions that override was given for (PrecautionKind bits, from the hold the
    // trader saw); one tripped since is held again. Unset: every one (a caller without a hold).
    std::optional<unsigned> overriddenPrecautions{};
};

struct TicketVerdict {
    enum class Kind { Send, Hold, Refuse };
    Kind kind = Kind::Refuse;
    // Send: the order to place (after placing: the recorded decision). Hold: the refreshed
    // proposal the ticket shows next. Refuse: the fallback to record (or as recorded).
    Decision decision;
    std::string why;          // Hold: what changed and what the trader may do now
    bool overridable = false; // Hold only because of precautions
    unsigned precautions = 0; // an overridable hold: the PrecautionKind bits it was held for
    // Hold: the quantity was set to decision.qty (what can be sold or closed), and `why` says
    // so. Otherwise the ticket keeps the quantity the trader typed.
    bool quantitySet = false;
};

struct RecheckInputs {
    Decision proposal; // as proposed (placesOrder())
    TicketChanges changes;
    DispatcherSettings settings;
    Timestamp now{};
    bool killSwitch = false;
    int ordersToday = 0;
    std::string preRefusal; // known before the re-check (e.g. the order count is unreadable)
};

// A stock limit that was not typed is refreshed when the price moved more than this since the
// ticket was shown.
inline constexpr double kStockLimitDriftPct = 0.5;

void recheckTicket(MarketData &marketData, Broker &broker, RecheckInputs inputs,
                   std::function<void(TicketVerdict)> done);

} // namespace cg
