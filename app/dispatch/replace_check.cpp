#include "dispatch/replace_check.h"

#include "dispatch/order_precautions.h"
#include "dispatch/position_intent.h"
#include "dispatch/risk_limits.h"
#include "domain/number_format.h"
#include "domain/occ_symbol.h"

#include <cmath>

namespace cg {

namespace {
constexpr const char *kNothingReplaced = " Nothing was replaced.";
} // namespace

std::optional<Error> checkReplace(const DispatcherSettings &settings, const ReplaceCheckInput &in) {
    const Order &o = in.order;
    if (!o.legs.empty() || o.orderClass == "mleg")
        return Error::make("A multi-leg order cannot be replaced (Alpaca refuses it): cancel it "
                           "and place the strategy again." +
                           std::string(kNothingReplaced));
    // Alpaca's replace quantity is the order's total, the filled part included.
    if (o.filledQty > 0.0 && !(in.qty > o.filledQty + 1e-9))
        return Error::make("Quantity " + std::to_string(in.qty) + " is not above the " +
                           formatTrimmed(o.filledQty, 4) +
                           " already filled: a replace's quantity is the order's total, the "
                           "filled part included." +
                           kNothingReplaced);
    const bool option = parseOccSymbol(o.symbol).ok();
    // An opening order is held by the per-order limits, as at its ticket; a close reduces risk
    // (a stock's buy to cover: a buy while the stock is held short, as its ticket proposed it).
    // Only as far as the short goes: more than that buys a long (and is held as one).
    const bool covers = in.stockPosition < 0.0 && in.qty - o.filledQty <= -in.stockPosition + 1e-9;
    const bool opening = o.intent != PositionIntent::None ? isOpening(o.intent)
                                                          : o.side == OrderSide::Buy && !covers;
    if (opening) {
        // Priced at the limit; an order without one (stop, market) at its stop, else the live
        // quote's crossing side when read: the contracts cap holds whatever the price.
        double price = 0.0;
        if (in.limit)
            price = *in.limit;
        else if (o.stopPrice)
            price = *o.stopPrice;
        else if (in.quote)
            price = o.side == OrderSide::Buy ? in.quote->ask : in.quote->bid;
        // No price known (a market order, no quote read): the contracts cap alone, at a cent,
        // which no notional cap refuses.
        const ProposedOrder po{in.qty, price > 0.0 ? price : 0.01, option ? 100.0 : 1.0, option};
        // More of it (contracts, or a buy's limit raised): the day's loss limit holds it as it
        // holds a new order; a replace that only lowers what it risks is never held for the day.
        const bool more =
            in.qty > std::lround(o.qty) || (o.side == OrderSide::Buy && in.limit && o.limitPrice &&
                                            *in.limit > *o.limitPrice + 1e-9);
        RiskState day;
        if (more) {
            day = in.risk;
            day.ordersToday = 0;
        }
        if (auto refusal = checkRiskLimits(settings.risk, day, po))
            return Error::make(*refusal + "." + kNothingReplaced);
    }
    // A new limit, or more contracts at the old one (which the market may have left far behind),
    // is judged against the live quote; a smaller order buys or sells nothing new.
    const bool raised = in.qty > std::lround(o.qty);
    if ((!in.limitChanged && !raised) || !in.limit)
        return std::nullopt;
    if (in.limitChanged && in.tick > 0.0) {
        const double onTick = roundToTick(*in.limit, in.tick);
        if (std::abs(onTick - *in.limit) > 1e-9)
            return Error::make("Limit " + formatPrice(*in.limit) + " is not on the option's " +
                               formatPrice(in.tick) + " tick; the nearest is " +
                               formatPrice(onTick) + "." + kNothingReplaced);
    }
    if (in.overridePrecautions)
        return std::nullopt;
    PrecautionInput pi;
    pi.side = o.side;
    pi.limitPrice = in.limit;
    if (o.type == OrderType::StopLimit)
        pi.stopPrice = o.stopPrice; // its limit works once triggered: judged against the stop
    pi.quote = in.quote;
    pi.lastPrice = in.lastPrice;
    const auto tripped = checkPrecautions(settings.precautions, pi);
    if (tripped.empty())
        return std::nullopt;
    std::string why;
    for (const std::string &t : tripped)
        why += t + ". ";
    Error e = Error::make(why + "Nothing was replaced. To replace it anyway, tick the override "
                                "and replace again.");
    e.code = kReplaceOverridable;
    return e;
}

} // namespace cg
