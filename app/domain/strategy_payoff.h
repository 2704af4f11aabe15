#pragma once
// What a multi-leg strategy is worth, per unit and per share, at an underlying price and an
// instant: every leg that has expired by then at its intrinsic value, every other leg priced
// with Black-Scholes at its own implied volatility (domain/black_scholes.h). P/L is that value
// less the net premium paid (a credit, negative, adds). "At expiry" is the near expiry: for a
// calendar or diagonal the far leg still has time value then.

#include "domain/black_scholes_greeks.h"
#include "domain/strategy_leg.h"

#include <optional>

namespace cg {

// The instant the first leg expires (its expiry date's close: optionExpiryInstant).
Timestamp nearExpiryInstant(const MultiLegStrategy &s);

// Years from `at` to the leg's expiry instant (calendar days / 365, never negative).
double yearsToExpiry(const StrategyLeg &leg, Timestamp at);

// Value of the legs, signed by side (a sold leg counts against), per unit of the strategy.
// Empty when a leg still has time left at `at` but no implied volatility.
std::optional<double> strategyValue(const MultiLegStrategy &s, double underlying, Timestamp at,
                                    double rate = kComputedGreeksRate);

// strategyValue - netPremium: the P/L per share of one unit.
std::optional<double> strategyPnl(const MultiLegStrategy &s, double underlying, Timestamp at,
                                  double netPremium, double rate = kComputedGreeksRate);

// P/L at the near expiry (every same-expiry structure: pure intrinsic, no volatility needed).
std::optional<double> pnlAtExpiry(const MultiLegStrategy &s, double underlying, double netPremium,
                                  double rate = kComputedGreeksRate);

} // namespace cg
