#include "models/payoff_curve.h"

#include "domain/american_option.h"
#include "domain/black_scholes.h"
#include "domain/market_calendar.h"

#include <algorithm>
#include <chrono>

namespace cg::models {

PayoffCurves payoffCurves(const OptionContract &c, double premium, double spot, double rate,
                          Timestamp now, int points) {
    PayoffCurves out;
    out.premium = premium;
    const bool call = c.type == OptionType::Call;
    out.breakeven = call ? c.strike + premium : c.strike - premium;
    // The contract's IV (from the feed, or computed from the mid); without one there is no
    // "today" curve: a made-up volatility would draw a confident wrong line.
    out.volUsed = c.impliedVol && *c.impliedVol > 0.0 ? *c.impliedVol : 0.0;
    out.model = volModelOf(c);
    const double centre = spot > 0.0 ? spot : c.strike;
    const double lo = std::max(0.01, std::min({centre, c.strike, out.breakeven}) * 0.9);
    const double hi = std::max({centre, c.strike, out.breakeven}) * 1.1;
    const double years =
        std::max(0.0, std::chrono::duration<double>(optionExpiryInstant(c.expiry) - now).count() /
                          (365.0 * 24 * 3600));
    points = std::max(points, 2);
    out.spot.reserve(points);
    out.atExpiry.reserve(points);
    out.today.reserve(out.volUsed > 0.0 ? points : 0);
    for (int i = 0; i < points; ++i) {
        const double s = lo + (hi - lo) * i / (points - 1);
        const double intrinsic = call ? std::max(0.0, s - c.strike) : std::max(0.0, c.strike - s);
        BsInput in;
        in.type = c.type;
        in.spot = s;
        in.strike = c.strike;
        in.years = years;
        in.rate = rate;
        in.vol = out.volUsed;
        out.spot.push_back(s);
        out.atExpiry.push_back((intrinsic - premium) * c.multiplier);
        if (out.volUsed > 0.0)
            out.today.push_back((priceWith(out.model, in) - premium) * c.multiplier);
    }
    return out;
}

} // namespace cg::models
