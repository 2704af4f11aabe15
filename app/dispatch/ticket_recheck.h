#pragma once
// The checks a manual order ticket passes again when the trader confirms it: the live
// underlying price and the contract's quote are fetched again, the five gates and the moneyness
// check re-run, the limit price re-set at the new mid (unless the trader set one), and the
// trader's quantity or limit changes are held to buying power and the risk limits.
// `done` gets a decision that places an order, or a fallback saying what changed.

#include "broker/broker.h"
#include "broker/market_data.h"
#include "dispatch/decision.h"
#include "dispatch/dispatcher_settings.h"

#include <functional>
#include <optional>

namespace cg {

struct TicketChanges {
    std::optional<int> qty;
    std::optional<double> limitPrice;
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

void recheckTicket(MarketData &marketData, Broker &broker, RecheckInputs inputs,
                   std::function<void(Decision)> done);

} // namespace cg
