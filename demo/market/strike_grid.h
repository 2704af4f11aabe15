#pragma once
// Strikes listed for one expiry: a fine step near the money and a coarse step further out, the
// bands widening with time to expiry the way exchanges add strikes as an expiry ages.

#include "market/underlying_spec.h"

#include <vector>

namespace cg::market {

inline constexpr double kInnerBandMax = 0.15; // fine step within +-15 % of spot at most
inline constexpr double kOuterBandMax = 0.30; // coarse step out to +-30 %

// Ascending, unique strikes; `years` is the time to expiry.
std::vector<double> listStrikes(const UnderlyingSpec &spec, double spot, double years);

} // namespace cg::market
