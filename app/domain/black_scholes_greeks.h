#pragma once
// Greeks for a contract the feed sent none for (about 2 % of a chain): the implied volatility
// solved from the mid by the American model (americanImpliedVolatility: a put's early exercise
// counted, a call without a dividend is Black-Scholes) and the greeks from that volatility, marked
// GreeksSource::Computed. When nothing can be computed the contract keeps no greeks and its
// greeksSource says why. Never a default volatility.

#include "domain/contract.h"
#include "domain/result.h"

#include <span>
#include <string>
#include <string_view>

namespace cg {

// The rate computed greeks assume (continuously compounded, 0.04 = 4 %); no dividend yield.
inline constexpr double kComputedGreeksRate = 0.04;

// A contract with greeks from the feed is left alone. Otherwise: the mid of a quote with a bid
// above 0, time to the expiry date's close (calendar days / 365), `spot` the
// underlying price at the same instant. Theta per calendar day, vega and rho per point, as the
// feed sends them.
void completeGreeks(OptionContract &c, double spot, Timestamp now,
                    double rate = kComputedGreeksRate);
void completeGreeks(std::span<OptionContract> contracts, double spot, Timestamp now,
                    double rate = kComputedGreeksRate);

// A held contract priced by its mark (a position's price: the live mid, else the broker's
// current_price), not by a quote: the IV solved from the mark (impliedVolatility, no dividend),
// time to `expiryInstant` in calendar days / 365. The risk graph and the Positions greeks of a
// contract outside the chain shown use the same solve. Errors as impliedVolatility's.
Result<double> impliedVolFromMark(OptionType type, double strike, Timestamp expiryInstant,
                                  double spot, double mark, Timestamp now,
                                  double rate = kComputedGreeksRate);
struct MarkGreeks {
    Greeks greeks; // theta per calendar day, vega and rho per point, as the feed sends them
    double impliedVol = 0.0;
};
Result<MarkGreeks> greeksFromMark(OptionType type, double strike, Timestamp expiryInstant,
                                  double spot, double mark, Timestamp now,
                                  double rate = kComputedGreeksRate);

// "feed", "computed" or "none": the execution record's greeks_source column.
std::string_view greeksSourceKey(const OptionContract &c);
// What a trader reads beside the figures: empty for greeks from the feed; "Computed from the
// mid 0.565 (IV solver); the feed sent no greeks"; "No greeks: the feed sent none and the mid
// 0.40 is not above the intrinsic value (nothing left to solve for)".
std::string greeksSourceNote(const OptionContract &c);

} // namespace cg
