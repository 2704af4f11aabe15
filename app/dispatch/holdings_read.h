#pragma once
// What a close or a sale reads of the account, in the one order that keeps a fill between the two
// reads from being offered again: the open orders first, then the positions. A close that fills
// in between is then counted twice (less is offered), never offered again: a stock order has no
// position intent, so a sale of shares no longer held would open a short, and an option close of
// more than is held is refused.

#include "broker/broker.h"

#include <functional>
#include <vector>

namespace cg {

struct Holdings {
    std::vector<Order> open; // read first
    std::vector<Position> positions;
};

// The error names the read that failed: "Could not read the open orders: ..." or "Could not read
// the positions: ...".
void readHoldings(Broker &broker, std::function<void(Result<Holdings>)> done);

} // namespace cg
