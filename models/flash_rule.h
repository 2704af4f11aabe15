#pragma once
// Which changes of a chain cell flash. A live chain requotes most contracts every second, and
// most of those moves are noise to a trader (a mid moving by half a cent, a spread % moving
// because both sides moved together): a cell flashes only on a move a trader acts on.
//   Bid, Ask, Mid, Last   a move of at least one tick of the contract's class at that price
//   Spread %              the spread in dollars (ask - bid) moving by at least one tick
//   Volume, open interest any change (a whole contract)
//   IV, greeks, gates     never: they move with every underlying tick, and a gate shows its
//                         state as a colour already

#include "models/chain_field.h"

#include <optional>

namespace cg::models {

enum class FlashRule { Never, AnyChange, Tick, SpreadTick };

FlashRule flashRule(ChainField f);

// True when `before` and `after` differ by at least `tick` (within a rounding tolerance), or
// when exactly one of them is known (a value appeared or went away).
bool movedByTick(std::optional<double> before, std::optional<double> after, double tick);

// The dollar spread of a quote, when both sides are known.
inline std::optional<double> dollarSpread(std::optional<double> bid, std::optional<double> ask) {
    if (!bid || !ask)
        return std::nullopt;
    return *ask - *bid;
}

} // namespace cg::models
