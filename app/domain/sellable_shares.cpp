#include "domain/sellable_shares.h"

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
    return s;
}

} // namespace cg
