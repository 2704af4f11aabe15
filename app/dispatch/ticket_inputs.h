#pragma once
// What a trade by hand is decided with beside the order itself: one contract (ManualOrder,
// dispatch/manual_order.h) or several legs (ManualStrategyOrder, dispatch/strategy_pipeline.h)
// take the same settings, order mode, client order id, instant and risk state.

#include "dispatch/dispatcher_settings.h"
#include "domain/quote.h"
#include "domain/signal.h"

#include <string>

namespace cg {

template <typename Order> struct TicketInputs {
    Order order;
    DispatcherSettings settings;
    ExecutionMode orderMode = ExecutionMode::AlpacaPaper; // recorded when an order is placed
    std::string clientOrderId;
    Timestamp now{};
    // Risk state the caller knows (the account adds the day's P&L).
    bool killSwitch = false;
    int ordersToday = 0;
    // A refusal known before the decision starts (e.g. the order count could not be read).
    std::string preRefusal;
};

} // namespace cg
