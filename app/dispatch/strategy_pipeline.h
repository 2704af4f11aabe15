#pragma once
// Multi-leg decisions inside the dispatcher, the way a single leg is decided:
//   a strategy signal (Signal::multiLeg): live price -> the chain of the template's expiry
//     window -> decideStrategy (legs placed, five gates per leg, combo gate, sizing by max loss,
//     net limit at the mid) -> options level -> quote age -> risk limits -> one mleg order;
//   a multi-leg ticket (ManualStrategyOrder): fresh quotes of the trader's legs -> valid quote
//     and unexpired per leg, combo gate, figures -> account and options level -> qty (given, or
//     by max loss) -> net limit (given, or the mid) -> risk limits, buying power, fat-finger
//     precautions -> one mleg order (source manual);
//   its re-check at confirmation: the same questions again on fresh quotes, with the ticket's
//     qty and limit; a limit the market left (outside the net bid/natural) is held with the new
//     mid, a changed account or switch refuses.
// Asynchronous: `done` is called exactly once.

#include "dispatch/decision_pipeline.h"
#include "dispatch/manual_strategy.h"
#include "dispatch/order_precautions.h"
#include "dispatch/ticket_inputs.h"
#include "dispatch/ticket_recheck.h"

#include <functional>
#include <string>
#include <vector>

namespace cg {

// The last words of a ticket refused at confirmation (a strategy's or a single leg's).
inline constexpr const char *kNothingSent = " Nothing was sent.";

void proposeStrategySignal(MarketData &marketData, Broker &broker, DecisionInputs inputs,
                           DecisionCallback done);

using ManualStrategyInputs = TicketInputs<ManualStrategyOrder>;

void proposeManualStrategy(MarketData &marketData, Broker &broker, ManualStrategyInputs inputs,
                           DecisionCallback done);

// The multi-leg ticket's re-check (the proposal has multiLeg set): Send with the order as shown,
// Hold with the refreshed proposal and what changed, or Refuse with the fallback to record.
void recheckStrategyTicket(MarketData &marketData, Broker &broker, RecheckInputs inputs,
                           std::function<void(TicketVerdict)> done);

// Alpaca's options level a multi-leg order needs: 3 (spreads) with a sold leg, 2 when every
// leg is bought.
int requiredOptionsLevel(const MultiLegStrategy &s);

// The fat-finger precautions of a net limit (debit positive): the limit more than the allowed %
// of the net mid through the natural price, the money at risk above the budget. Sentences as
// checkPrecautions gives them, with their PrecautionKind bits; none when none trips.
TrippedPrecautions strategyPrecautions(const Precautions &p, const StrategyFigures &f,
                                       double netLimit, double atRisk, double budget);

} // namespace cg
