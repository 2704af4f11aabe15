#pragma once
// A trade the trader asks for by hand, on one contract of the chain or one position: the same
// decision a signal gets (live underlying price, the contract's quote, the five gates, account,
// risk limits, an order request with Alpaca's position_intent), but on the contract clicked, not
// the strategy's pick. The intent follows the position held (choosePositionIntent); opening
// obeys the account's options level and buying power (intentRefusal). The result is a proposal
// for the same ticket, confirmation, re-check and records as a signal's (source "manual").
// Gates: a manual trade needs a valid quote and an unexpired contract; spread, open interest and
// volume are the strategy's filters for picking and are shown, not enforced.

#include "broker/broker.h"
#include "broker/market_data.h"
#include "dispatch/decision.h"
#include "dispatch/decision_pipeline.h"
#include "dispatch/dispatcher_settings.h"
#include "dispatch/ticket_inputs.h"

#include <optional>
#include <string>

namespace cg {

struct ManualOrder {
    std::string contract; // OCC symbol; a stock's for the close of its position (stock_close.h)
    OrderSide side = OrderSide::Buy;
    int qty = 0; // 0: one contract to open; to close, what is held less what open orders close
    LimitChoice limit = LimitChoice::Mid;
    std::optional<double> typedLimit;       // LimitChoice::Typed
    Strategy strategy = Strategy::DayTrade; // whose budget the precautions use
    // Recorded as: the trader (manual) or the expiry-day rule (closes without a ticket).
    DecisionSource source = DecisionSource::Manual;
    // A close asked for (the Positions dock's Close, the expiry-day rule, a roll's close): the
    // positions are read again, and where what is held now would make the order an opening one
    // (the position closed or turned since it was shown), it is refused, never opened.
    bool closeOnly = false;
};

using ManualInputs = TicketInputs<ManualOrder>;

void proposeManual(MarketData &marketData, Broker &broker, ManualInputs inputs,
                   DecisionCallback done);

// The decision every trade by hand starts from (an option's, a stock's close): who asked and
// when, its client order id, the strategy whose budget the precautions use, a limit order.
Decision manualDecision(const ManualInputs &in);

// The limit a choice gives on the contract's quote: the mid (on the class's tick, toward the
// passive side), the bid, the ask, or the typed price; nullopt when the quote has no such price.
std::optional<double> manualLimit(LimitChoice choice, std::optional<double> typed, const Quote &q,
                                  std::string_view optionClass, OrderSide side,
                                  const DispatcherSettings &settings);

} // namespace cg
