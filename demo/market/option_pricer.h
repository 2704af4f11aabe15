#pragma once
// Prices a simulated contract: Black-Scholes at a smile vol, then a bid/ask around the value
// whose width grows away from the money and with illiquidity, on the option tick grid.

#include "domain/tick_table.h"
#include "market/sim_contract.h"
#include "market/underlying_spec.h"

#include <cstdint>

namespace cg::market {

struct PricingContext {
    double spot = 0.0;
    Timestamp now{};
    double rate = 0.045;
    double volumeFraction = 1.0; // share of the day's volume traded so far
    Timestamp tradeTime{};       // time stamped on new prints (the session's close if over)
    Timestamp barTime{};         // the daily bar's date, midnight New York time
    std::uint64_t tick = 0;      // pricing round, varies the displayed sizes
};

// Implied vol of the smile: put skew plus curvature, slightly higher at the short end.
double smileVol(double atmVol, double spot, double strike, double years);
// Standardised distance from the money: ln(K/S) / (vol x sqrt(T)).
double moneynessScore(double atmVol, double spot, double strike, double years);
// Years from `now` to the expiry date's close, optionExpiryInstant (negative once expired).
double yearsToExpiry(std::chrono::year_month_day expiry, Timestamp now);

// The exchanges' ticks every simulated option price sits on: the shipped Penny Interval Program
// list (a trader's extra classes are the trader's, not the exchange's).
const TickTable &exchangeTicks();

// What pricing reads of an expiry, the same for each of its contracts in a round: a chain is
// priced an expiry at a time, so it is worked out once an expiry, not once a contract.
struct ExpiryTerms {
    std::chrono::year_month_day expiry{};
    double years = 0.0;         // yearsToExpiry
    double shortEndBoost = 1.0; // the smile's lift at the short end
};
ExpiryTerms expiryTerms(std::chrono::year_month_day expiry, Timestamp now);

void priceContract(SimContract &c, const UnderlyingSpec &spec, const PricingContext &ctx);
// The same with the contract's expiry terms already worked out.
void priceContract(SimContract &c, const UnderlyingSpec &spec, const PricingContext &ctx,
                   const ExpiryTerms &terms);

} // namespace cg::market
