#include "domain/quote.h"

#include <algorithm>
#include <cmath>

namespace cg {

double mid(const Quote &q) {
    return (q.bid + q.ask) / 2.0;
}

std::optional<double> twoSidedMid(const Quote &q) {
    if (!(q.bid > 0.0) || !(q.ask >= q.bid))
        return std::nullopt;
    return mid(q);
}

std::optional<double> spreadPct(const Quote &q) {
    const double m = mid(q);
    if (!std::isfinite(m) || !(m > 0.0))
        return std::nullopt;
    return (q.ask - q.bid) / m * 100.0;
}

double roundToTick(double price, double tick) {
    return roundToTick(price, tick, TickRounding::Nearest);
}

double nearestTickPrice(double price, double tick) {
    return std::max(tick, roundToTick(price, tick));
}

double roundToTick(double price, double tick, TickRounding how) {
    if (!std::isfinite(price) || !std::isfinite(tick) || !(tick > 0.0))
        return price;
    // 2.675 is stored as 2.67499999..., so price / tick lands a hair below the half (and 0.30 /
    // 0.05 a hair below 6). Snapping the quotient to a millionth of a tick first rounds the
    // decimal value the trader typed.
    double steps = price / tick;
    if (std::abs(steps) < 1e15)
        steps = std::round(steps * 1e6) / 1e6;
    switch (how) {
    case TickRounding::Nearest:
        steps = std::round(steps); // half away from zero
        break;
    case TickRounding::Down:
        steps = std::floor(steps);
        break;
    case TickRounding::Up:
        steps = std::ceil(steps);
        break;
    }
    // Dividing by the integer ticks-per-dollar (100 for a cent) gives the double nearest the
    // decimal result (268 / 100 == 2.68), where multiplying by 0.01 can leave noise.
    const double perUnit = 1.0 / tick;
    const double perUnitRounded = std::round(perUnit);
    if (perUnitRounded >= 1.0 && std::abs(perUnit - perUnitRounded) < 1e-9 * perUnitRounded)
        return steps / perUnitRounded;
    return steps * tick;
}

} // namespace cg
