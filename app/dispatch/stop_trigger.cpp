#include "dispatch/stop_trigger.h"

#include "domain/number_format.h"

namespace cg {

std::optional<std::string> stopTriggersAtOnce(OrderSide side, double stop, double base,
                                              const std::string &baseName) {
    if (!(base > 0.0))
        return std::nullopt;
    // Alpaca's margin: a cent beyond the base (1e-9: prices are decimals held in doubles).
    constexpr double kMargin = 0.01;
    const bool sell = side == OrderSide::Sell;
    const bool waits = sell ? stop < base - kMargin + 1e-9 : stop > base + kMargin - 1e-9;
    if (waits)
        return std::nullopt;
    return std::string(sell ? "A sell stop at " : "A buy stop at ") + formatPrice(stop) +
           (sell ? " must be below " : " must be above ") + baseName + " " + formatPrice(base) +
           " by at least 0.01: it would trigger at once, and Alpaca refuses it";
}

} // namespace cg
