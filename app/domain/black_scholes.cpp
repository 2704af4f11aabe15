#include "domain/black_scholes.h"

#include "domain/number_format.h"
#include "domain/vector_registers.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
#include <string>

namespace cg {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::optional<std::string> inputError(const BsInput &in) {
    if (!std::isfinite(in.spot) || !(in.spot > 0.0))
        return "spot price must be above 0";
    if (!std::isfinite(in.strike) || !(in.strike > 0.0))
        return "strike must be above 0";
    if (!std::isfinite(in.years))
        return "time to expiry is not a number";
    if (!std::isfinite(in.rate) || !std::isfinite(in.dividend))
        return "interest rate and dividend yield must be numbers";
    if (!std::isfinite(in.vol) || in.vol < 0.0)
        return "volatility must be 0 or above";
    return std::nullopt;
}

BsResult invalidResult() {
    return BsResult{kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN, kNaN};
}

void fillScaled(BsResult &r) {
    r.thetaPerDay = r.thetaPerYear / 365.0;
    r.vegaPerPoint = r.vega / 100.0;
    r.rhoPerPoint = r.rho / 100.0;
}

// At expiry: intrinsic value; the price no longer depends on vol, rate or time.
BsResult atExpiry(const BsInput &in) {
    BsResult r;
    const bool call = in.type == OptionType::Call;
    r.price = std::max(call ? in.spot - in.strike : in.strike - in.spot, 0.0);
    if (call)
        r.delta = in.spot > in.strike ? 1.0 : 0.0;
    else
        r.delta = in.spot < in.strike ? -1.0 : 0.0;
    return r;
}

// Zero vol: the discounted forward intrinsic value, S e^-qT - K e^-rT for a call in the money.
// Theta and rho are the derivatives of that deterministic value, the vol -> 0 limit of BSM.
BsResult zeroVol(const BsInput &in) {
    BsResult r;
    const double sq = in.spot * std::exp(-in.dividend * in.years);
    const double kr = in.strike * std::exp(-in.rate * in.years);
    const bool call = in.type == OptionType::Call;
    const double sign = call ? 1.0 : -1.0;
    if (sign * (sq - kr) > 0.0) {
        r.price = sign * (sq - kr);
        r.delta = sign * std::exp(-in.dividend * in.years);
        r.thetaPerYear = sign * (in.dividend * sq - in.rate * kr);
        r.rho = sign * in.years * kr;
    }
    fillScaled(r);
    return r;
}

} // namespace

// Past this many standard deviations the density and the tail are below DBL_MIN (2.2e-308):
// they are taken as 0 rather than computed as subnormal numbers, whose arithmetic runs ~30 times
// slower on x86 (exp and erfc with a subnormal result took 120 ns against 4: the DEMO server's
// far contracts made Black-Scholes a quarter of a chain fetch).
constexpr double kNormalTail = 37.5;

double normalPdf(double x) {
    constexpr double kInvSqrt2Pi = 0.39894228040143267794;
    if (std::abs(x) > kNormalTail)
        return 0.0;
    return kInvSqrt2Pi * std::exp(-0.5 * x * x);
}

double normalCdf(double x) {
    if (x < -kNormalTail)
        return 0.0;
    if (x > kNormalTail)
        return 1.0;
    // erfc keeps full relative precision in the far left tail, where 1 + erf(x) would not.
    return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

BsResult blackScholes(const BsInput &in) {
    clearUpperVectorRegisters(); // 721 ns a call instead of 90 otherwise: see vector_registers.h
    if (inputError(in))
        return invalidResult();
    if (in.years <= 0.0)
        return atExpiry(in);
    if (in.vol == 0.0)
        return zeroVol(in);

    const double t = in.years;
    const double sqrtT = std::sqrt(t);
    const double volSqrtT = in.vol * sqrtT;
    const double d1 =
        (std::log(in.spot / in.strike) + (in.rate - in.dividend + 0.5 * in.vol * in.vol) * t) /
        volSqrtT;
    const double d2 = d1 - volSqrtT;
    const double dq = std::exp(-in.dividend * t);
    const double dr = std::exp(-in.rate * t);
    const double sq = in.spot * dq;
    const double kr = in.strike * dr;
    const double pdf1 = normalPdf(d1);

    BsResult r;
    r.gamma = dq * pdf1 / (in.spot * volSqrtT);
    r.vega = sq * pdf1 * sqrtT;
    const double decay = -sq * pdf1 * in.vol / (2.0 * sqrtT);
    if (in.type == OptionType::Call) {
        const double n1 = normalCdf(d1);
        const double n2 = normalCdf(d2);
        r.price = sq * n1 - kr * n2;
        r.delta = dq * n1;
        r.thetaPerYear = decay - in.rate * kr * n2 + in.dividend * sq * n1;
        r.rho = t * kr * n2;
    } else {
        const double n1 = normalCdf(-d1);
        const double n2 = normalCdf(-d2);
        r.price = kr * n2 - sq * n1;
        r.delta = -dq * n1;
        r.thetaPerYear = decay + in.rate * kr * n2 - in.dividend * sq * n1;
        r.rho = -t * kr * n2;
    }
    // Cancellation can leave -1e-17 for a worthless option; a price is never negative.
    r.price = std::max(r.price, 0.0);
    fillScaled(r);
    return r;
}

Result<BsResult> blackScholesChecked(const BsInput &in) {
    if (const auto e = inputError(in))
        return Error::make("Cannot price the option: " + *e);
    return blackScholes(in);
}

std::optional<Error> impliedVolInputError(const BsInput &input, double price) {
    BsInput in = input;
    in.vol = 0.0;
    if (const auto e = inputError(in))
        return Error::make("Cannot solve for implied volatility: " + *e);
    if (!(in.years > 0.0))
        return Error::make("no solution: the option has expired, so its price has no "
                           "volatility in it");
    if (!std::isfinite(price) || price < 0.0)
        return Error::make("Cannot solve for implied volatility: the option price must be a "
                           "number, 0 or above");
    return std::nullopt;
}

Result<double> impliedVolatility(const BsInput &input, double price) {
    if (auto e = impliedVolInputError(input, price))
        return *e;
    BsInput in = input;
    in.vol = 0.0;

    // The price rises strictly with vol, from the discounted intrinsic value at vol 0 to the
    // discounted spot (call) or strike (put) as vol grows without bound.
    const double lower = zeroVol(in).price;
    const double upper = in.type == OptionType::Call ? in.spot * std::exp(-in.dividend * in.years)
                                                     : in.strike * std::exp(-in.rate * in.years);
    const double scale = std::max({price, in.spot, in.strike});
    const double tol = 1e-13 * scale;
    // Cents, unless cents would print two different numbers the same.
    const auto pair = [price](double bound) {
        const int d = formatFixed(price, 2) == formatFixed(bound, 2) ? 6 : 2;
        return std::pair{formatFixed(price, d), formatFixed(bound, d)};
    };
    if (price < lower - tol) {
        const auto [p, b] = pair(lower);
        return Error::make("no solution: price " + p + " is below intrinsic value " + b);
    }
    if (price <= lower + tol) {
        const auto [p, b] = pair(lower);
        return Error::make("no solution: price " + p + " has no time value above intrinsic value " +
                           b);
    }
    if (price >= upper) {
        const auto [p, b] = pair(upper);
        return Error::make("no solution: price " + p + " is at or above the maximum " + b);
    }

    const auto f = [&](double vol) {
        in.vol = vol;
        return blackScholes(in);
    };

    // Bracket: f(lo) < price <= f(hi). Vol 0 is below by the checks above; grow hi until above.
    double lo = 0.0;
    double hi = 2.0;
    constexpr double kMaxVol = 1000.0; // 100,000 %: anything beyond is not a market price
    while (f(hi).price < price) {
        lo = hi;
        hi *= 2.0;
        if (hi > kMaxVol)
            return Error::make("no solution: price " + formatFixed(price, 2) +
                               " implies a volatility above 100000%");
    }

    // Newton from a start near the answer (Brenner-Subrahmanyam for the time value), falling
    // back to bisection whenever a step leaves the bracket or vega vanishes. Bounded.
    double vol =
        std::clamp(std::sqrt(2.0 * std::numbers::pi / in.years) * (price - lower) / in.spot, 0.01,
                   std::min(hi, 5.0));
    if (!(vol > lo && vol < hi))
        vol = 0.5 * (lo + hi);
    double bestVol = vol;
    double bestErr = std::numeric_limits<double>::infinity();
    for (int iter = 0; iter < 200; ++iter) {
        const BsResult r = f(vol);
        const double diff = r.price - price;
        if (std::abs(diff) < bestErr) {
            bestErr = std::abs(diff);
            bestVol = vol;
        }
        if (std::abs(diff) <= tol)
            break;
        if (diff > 0.0)
            hi = vol;
        else
            lo = vol;
        if (hi - lo <= 1e-15 * std::max(1.0, hi))
            break;
        double next = r.vega > 0.0 ? vol - diff / r.vega : kNaN;
        if (!(next > lo && next < hi))
            next = 0.5 * (lo + hi);
        vol = next;
    }
    return bestVol;
}

} // namespace cg
