#include "dispatch/stop_trigger.h"

#include "domain/number_format.h"

namespace cg {

std::optional<std::string> stopTriggersAtOnce(OrderSide side, double stop, double market,
                                              const std::string &marketName) {
    if (!(market > 0.0))
        return std::nullopt;
    const bool sell = side == OrderSide::Sell;
    // 1e-9: prices are decimals held in doubles; a stop at the market triggers.
    const bool waits = sell ? stop < market - 1e-9 : stop > market + 1e-9;
    if (waits)
        return std::nullopt;
    return std::string(sell ? "A sell stop at " : "A buy stop at ") + formatPrice(stop) +
           (sell ? " is not below " : " is not above ") + marketName + " " + formatPrice(market) +
           ": it would trigger at once, and Alpaca refuses a stop on the near side of the market";
}

std::optional<std::string> stopTriggersAtOnce(OrderSide side, double stop, const Quote &quote) {
    const bool sell = side == OrderSide::Sell;
    return stopTriggersAtOnce(side, stop, sell ? quote.ask : quote.bid,
                              sell ? "the ask" : "the bid");
}

} // namespace cg
