#include "market/strike_grid.h"

#include <algorithm>
#include <cmath>

namespace cg::market {

namespace {

// Snaps to a multiple of the step without binary noise (2.5 x 91 = 227.5 exactly).
double onGrid(double steps, double step) {
    return std::round(steps * step * 1000.0) / 1000.0;
}

} // namespace

std::vector<double> listStrikes(const UnderlyingSpec &spec, double spot, double years) {
    const double sd = spec.vol * std::sqrt(std::max(years, 1.0 / 365.0));
    const double inner = std::clamp(3.0 * sd, 0.05, kInnerBandMax);
    const double outer = std::clamp(5.0 * sd, 0.10, kOuterBandMax);

    std::vector<double> strikes;
    const auto addBand = [&](double step, double lowPct, double highPct) {
        const double lo = spot * (1.0 - highPct);
        const double hi = spot * (1.0 + highPct);
        for (double k = std::ceil(lo / step); k * step <= hi; k += 1.0) {
            const double strike = onGrid(k, step);
            const double dist = std::abs(strike / spot - 1.0);
            if (strike > 0.0 && dist >= lowPct)
                strikes.push_back(strike);
        }
    };
    addBand(spec.innerStep, 0.0, inner);
    addBand(spec.outerStep, inner, outer);
    std::sort(strikes.begin(), strikes.end());
    strikes.erase(std::unique(strikes.begin(), strikes.end()), strikes.end());
    return strikes;
}

} // namespace cg::market
