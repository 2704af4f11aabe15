#pragma once
// A stock position closed by hand (the Positions dock's Close): a sell of a long, or a buy to
// cover a short, of what is held less what open orders already close, at a limit at the last
// price (to the cent). As an option's close, it never opens: a position gone or turned since it
// was shown is refused ("Nothing to close: ..."), at the proposal and again at confirmation
// (ticket_recheck.cpp). Closing reduces risk: only the kill switch and the day's limits hold it.
// The proposal goes to the same ticket, re-check and records as every manual order (source
// "manual"; recorded as a SELL or a BUY of the stock).

#include "broker/broker.h"
#include "broker/market_data.h"
#include "dispatch/manual_order.h"

namespace cg {

// `inputs.order.contract` is the stock's symbol; `side` sells a long or buys a short back.
void proposeStockClose(MarketData &marketData, Broker &broker, ManualInputs inputs,
                       DecisionCallback done);

} // namespace cg
