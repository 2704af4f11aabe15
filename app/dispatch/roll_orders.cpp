#include "dispatch/roll_orders.h"

#include "domain/occ_symbol.h"

#include <cmath>

namespace cg {

Result<RollOrders> rollOrders(const Position &held, const std::string &toContract,
                              Strategy strategy) {
    const auto from = parseOccSymbol(held.symbol);
    if (!from)
        return Error::make(held.symbol + " is not an option contract: only options roll");
    const auto to = parseOccSymbol(toContract);
    if (!to)
        return Error::make("Not an option contract: " + toContract);
    const auto qty = wholeQuantity(std::abs(held.qty));
    if (!qty || *qty < 1)
        return Error::make("No whole number of contracts of " + held.symbol + " is held");
    if (to->root != from->root || to->type != from->type)
        return Error::make("A roll keeps the underlying and the type: " + toContract +
                           " is not a " + from->root + " " +
                           (from->type == OptionType::Call ? "call" : "put"));
    if (!(std::chrono::sys_days{to->expiry} > std::chrono::sys_days{from->expiry}))
        return Error::make("A roll goes to a later expiry: " + toContract +
                           " does not expire after " + held.symbol);
    const bool longHeld = held.qty > 0;
    RollOrders out;
    out.close.contract = held.symbol;
    out.close.side = longHeld ? OrderSide::Sell : OrderSide::Buy;
    out.close.qty = 0; // what is held less what open orders already close (manual_order.h)
    out.close.limit = LimitChoice::Mid;
    out.close.strategy = strategy;
    out.close.closeOnly = true;
    out.open.contract = toContract;
    out.open.side = longHeld ? OrderSide::Buy : OrderSide::Sell;
    out.open.qty = *qty;
    out.open.limit = LimitChoice::Mid;
    out.open.strategy = strategy;
    return out;
}

} // namespace cg
