#pragma once
// Black-Scholes-Merton for European options with a continuous dividend yield, and an
// implied-volatility solver. Units are stated on every field.

#include "domain/option_type.h"
#include "domain/result.h"

#include <optional>

namespace cg {

struct BsInput {
    OptionType type = OptionType::Call;
    double spot = 0.0;
    double strike = 0.0;
    double years = 0.0;    // time to expiry in years (calendar days / 365)
    double rate = 0.0;     // continuously compounded, 0.05 = 5 %
    double vol = 0.0;      // annualised, 0.20 = 20 %
    double dividend = 0.0; // continuous yield, 0.01 = 1 %
};

struct BsResult {
    double price = 0.0;
    double delta = 0.0;
    double gamma = 0.0;        // per $1 of spot
    double thetaPerYear = 0.0; // price change per year of time passing
    double thetaPerDay = 0.0;  // thetaPerYear / 365
    double vega = 0.0;         // per 1.0 of vol (100 vol points)
    double vegaPerPoint = 0.0; // per 1 vol point (vega / 100)
    double rho = 0.0;          // per 1.0 of rate
    double rhoPerPoint = 0.0;  // per 1 rate point (rho / 100)
};

// At expiry (years <= 0) or zero vol: intrinsic value (discounted forward for vol 0), delta 0/1.
// Greeks use the usual sign conventions: theta is negative for a long option that decays, put
// delta and put rho are negative. Invalid input (spot or strike not above 0, negative vol,
// NaN) gives NaN in every field; use blackScholesChecked for a readable error instead.
BsResult blackScholes(const BsInput &in);
// As blackScholes, or an Error ("Cannot price the option: spot price must be above 0").
Result<BsResult> blackScholesChecked(const BsInput &in);

// The vol at which blackScholes(...).price equals `price`; `in.vol` is ignored. Newton steps
// guarded by a bisection bracket, at most 200 iterations. Errors whose message starts with
// "no solution:": price below the (discounted) intrinsic value, price with no time value (vol
// undetermined), price at or above the upper bound (discounted spot for a call, discounted
// strike for a put), expired option; and "Cannot solve for implied volatility: ..." for bad
// inputs.
Result<double> impliedVolatility(const BsInput &in, double price);
// impliedVolatility's refusals of its inputs, in its words: bad input, an expired option, a price
// that is not a number 0 or above; nullopt where a solve can start (`in.vol` is ignored). The
// American solver (american_option.h) refuses the same inputs the same way.
std::optional<Error> impliedVolInputError(const BsInput &in, double price);

double normalCdf(double x);
double normalPdf(double x);

} // namespace cg
