#include "domain/sellable_shares.h"

#include "domain/closable_contracts.h"
#include "domain/number_format.h"

namespace cg {

Sellable sellableShares(const std::vector<Position> &positions, const std::vector<Order> &open,
                        std::string_view symbol) {
    Sellable s;
    for (const Position &p : positions) {
        if (p.symbol == symbol && p.assetClass != "us_option" && p.qty > 0.0)
            s.held += p.qty;
    }
    for (const Order &o : open) {
        if (o.symbol == symbol && o.side == OrderSide::Sell && !isFinalOrderStatus(o.status) &&
            o.qty > o.filledQty)
            s.inOpenSells += o.qty - o.filledQty;
    }
    if (s.held > 0.0)
        s.coveringShortCalls = sharesCoveringShortCalls(positions, symbol);
    return s;
}

std::string describeSellable(const Sellable &s, std::string_view symbol) {
    std::string what = formatTrimmed(s.held, 4) + " " + std::string(symbol) + " shares held, " +
                       formatTrimmed(s.inOpenSells, 4) + " of them in open sell orders";
    if (s.coveringShortCalls > 0.0)
        what += ", " + formatTrimmed(s.coveringShortCalls, 4) + kCoveringShortCallsWords;
    return what;
}

} // namespace cg
