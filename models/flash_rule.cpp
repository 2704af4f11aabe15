#include "models/flash_rule.h"

#include <cmath>

namespace cg::models {

FlashRule flashRule(ChainField f) {
    switch (f) {
    case ChainField::Bid:
    case ChainField::Ask:
    case ChainField::Mid:
    case ChainField::Last:
        return FlashRule::Tick;
    case ChainField::SpreadPct:
        return FlashRule::SpreadTick;
    case ChainField::Volume:
    case ChainField::OpenInterest:
        return FlashRule::AnyChange;
    default:
        return FlashRule::Never;
    }
}

bool movedByTick(std::optional<double> before, std::optional<double> after, double tick) {
    if (before.has_value() != after.has_value())
        return true;
    if (!before)
        return false;
    // 0.01 is not exact in binary: a one-cent move may come out a hair below 0.01.
    return std::abs(*after - *before) >= tick * (1.0 - 1e-6);
}

} // namespace cg::models
