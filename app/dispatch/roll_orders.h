#pragma once
// A roll: close a held option and open the same type, with the same direction and quantity, at a
// later expiry (the trader picks the expiry and strike). Two orders, each through the ticket,
// re-check, risk limits, kill switch and records of any manual order. Alpaca's multi-leg
// (order_class "mleg") would send both legs at once; it is not used here.

#include "dispatch/manual_order.h"
#include "domain/account.h"
#include "domain/result.h"

#include <string>

namespace cg {

struct RollOrders {
    // Sell to close a long, buy to close a short: what is left to close (open orders may close
    // part of it already); close only.
    ManualOrder close;
    // Buy (long) or sell (short) the later contract: the whole position here; the session opens
    // as many as the close's proposal closes, and nothing when the close is refused.
    ManualOrder open;
};

// Refused with a sentence when the position is not a whole number of option contracts, or the
// new contract is not the same root and type at a later expiry.
Result<RollOrders> rollOrders(const Position &held, const std::string &toContract,
                              Strategy strategy);

} // namespace cg
