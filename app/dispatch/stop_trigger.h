#pragma once
// A stop on the near side of the market triggers at once: Alpaca refuses it ("stop price must be
// less than base_price - 0.01" for a sell, its mirror for a buy, the base being the last trade).
// Pure code: the ticket warns with the sentence the re-check holds the order with, so a stop
// typed on the wrong side is said before it is sent, not as a broker's rejection after.

#include "domain/account.h"

#include <optional>
#include <string>

namespace cg {

// Why `stop` would trigger at once against `base` (the last trade; the mid without one):
// "A sell stop at 1.20 must be below the last price 1.10 by at least 0.01: it would trigger at
// once, and Alpaca refuses it". nullopt when it waits, or when there is no base (> 0).
std::optional<std::string> stopTriggersAtOnce(OrderSide side, double stop, double base,
                                              const std::string &baseName);

} // namespace cg
