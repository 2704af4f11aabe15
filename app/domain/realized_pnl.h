#pragma once
// Realized P&L of closing fills, first in first out: each symbol's opening fills form a queue of
// lots; a fill on the other side closes the oldest lots first, and what it closes beyond them
// opens a lot of its own (a long sold through to a short). Pure: the fills come in time order.

#include "domain/account.h"

#include <span>
#include <string>
#include <vector>

namespace cg {

struct Fill {
    std::string symbol;
    OrderSide side = OrderSide::Buy;
    double qty = 0.0;        // contracts or shares, > 0
    double price = 0.0;      // per share (an option's premium per share)
    double multiplier = 1.0; // 100 for a standard option contract
    // The order's position_intent closes (sell_to_close, buy_to_close): what it closes beyond
    // the known lots closed a position opened before the fills given, so it opens nothing.
    bool closing = false;
};

struct RealizedPnl {
    double closedQty = 0.0;    // matched against earlier opening lots
    double realized = 0.0;     // (exit - entry) x closed x multiplier, signed for the trader
    double unmatchedQty = 0.0; // closing quantity with no known opening lot (not in the fills)
    double openedQty = 0.0;    // what the fill opened
    bool closes() const { return closedQty > 0.0; }
};

// One answer per fill, in the order given. A closing fill's quantity beyond the opening lots in
// `fills` (its opening is older than the history read) is counted as unmatched, never given a
// price; without a closing intent that excess opens the other side.
std::vector<RealizedPnl> realizedPnlFifo(std::span<const Fill> fills);

} // namespace cg
