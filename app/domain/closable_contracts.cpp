#include "domain/closable_contracts.h"

#include <cmath>

namespace cg {

Closable closableContracts(const std::vector<Position> &positions, const std::vector<Order> &open,
                           std::string_view contract) {
    Closable c;
    double signedHeld = 0.0;
    for (const Position &p : positions) {
        if (p.symbol == contract)
            signedHeld = p.qty;
    }
    c.held = std::abs(signedHeld);
    if (signedHeld == 0.0)
        return c;
    const OrderSide closing = signedHeld > 0.0 ? OrderSide::Sell : OrderSide::Buy;
    for (const Order &o : open) {
        if (o.symbol != contract || o.side != closing || isFinalOrderStatus(o.status) ||
            o.qty <= o.filledQty)
            continue;
        c.inOpenCloses += o.qty - o.filledQty;
        if (c.firstOrderId.empty())
            c.firstOrderId = o.id;
    }
    return c;
}

} // namespace cg
