#include "domain/risk_profile.h"

#include "domain/american_option.h"
#include "domain/black_scholes.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace cg {

namespace {

double yearsBetween(Timestamp from, Timestamp to) {
    using namespace std::chrono;
    return duration<double>(to - from).count() / (365.0 * 86400.0);
}

double legValue(const RiskLeg &leg, double spot, Timestamp at, double volShift, double rate) {
    if (!leg.isOption)
        return spot * leg.qty * leg.multiplier;
    BsInput in;
    in.type = leg.type;
    in.spot = spot;
    in.strike = leg.strike;
    in.years = std::max(0.0, yearsBetween(at, leg.expiry));
    in.rate = rate;
    in.vol = std::max(0.0, leg.vol + volShift);
    return priceWith(leg.model, in) * leg.qty * leg.multiplier;
}

} // namespace

double riskValue(std::span<const RiskLeg> legs, double spot, Timestamp at, double volShift,
                 double rate) {
    double v = 0.0;
    for (const RiskLeg &l : legs)
        v += legValue(l, spot, at, volShift, rate);
    return v;
}

double riskPnl(std::span<const RiskLeg> legs, double spot, Timestamp at, double volShift,
               double rate) {
    double cost = 0.0;
    for (const RiskLeg &l : legs)
        cost += l.entryPrice * l.qty * l.multiplier;
    return riskValue(legs, spot, at, volShift, rate) - cost;
}

std::optional<Timestamp> firstExpiry(std::span<const RiskLeg> legs) {
    std::optional<Timestamp> first;
    for (const RiskLeg &l : legs)
        if (l.isOption && (!first || l.expiry < *first))
            first = l.expiry;
    return first;
}

std::vector<double> breakEvens(std::span<const RiskLeg> legs, Timestamp at, double volShift,
                               double rate, double low, double high) {
    std::vector<double> roots;
    if (!(low > 0.0) || !(high > low))
        return roots;
    // Nodes: a fine grid plus every strike, so that at expiry each interval is one straight
    // segment and regula falsi lands on the root in one step.
    std::vector<double> nodes;
    constexpr int kGrid = 400;
    for (int i = 0; i <= kGrid; ++i)
        nodes.push_back(low + (high - low) * i / kGrid);
    for (const RiskLeg &l : legs)
        if (l.isOption && l.strike > low && l.strike < high)
            nodes.push_back(l.strike);
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    const auto f = [&](double s) { return riskPnl(legs, s, at, volShift, rate); };
    // A P&L within a millionth of a dollar of zero is zero (rounding of the cost).
    const auto sign = [](double v) { return std::abs(v) < 1e-6 ? 0 : (v > 0 ? 1 : -1); };

    double a = nodes.front();
    double fa = f(a);
    bool lastWasRoot = false;
    if (sign(fa) == 0) {
        roots.push_back(a);
        lastWasRoot = true;
    }
    for (size_t i = 1; i < nodes.size(); ++i) {
        const double b = nodes[i];
        const double fb = f(b);
        if (sign(fb) == 0) {
            if (!lastWasRoot)
                roots.push_back(b);
            lastWasRoot = true;
        } else {
            if (sign(fa) != 0 && sign(fa) != sign(fb)) {
                // Regula falsi with the Illinois step, kept inside [lo, hi].
                double lo = a, hi = b, flo = fa, fhi = fb, x = a;
                int side = 0;
                for (int it = 0; it < 100; ++it) {
                    x = (lo * fhi - hi * flo) / (fhi - flo);
                    const double fx = f(x);
                    if (sign(fx) == 0 || hi - lo < 1e-12 * std::max(1.0, std::abs(x)))
                        break;
                    if ((fx > 0) == (flo > 0)) {
                        lo = x;
                        flo = fx;
                        if (side == -1)
                            fhi /= 2;
                        side = -1;
                    } else {
                        hi = x;
                        fhi = fx;
                        if (side == 1)
                            flo /= 2;
                        side = 1;
                    }
                }
                roots.push_back(x);
            }
            lastWasRoot = false;
        }
        a = b;
        fa = fb;
    }
    return roots;
}

RiskProfile riskProfile(std::span<const RiskLeg> legs, const RiskScenario &scenario, double low,
                        double high, int points) {
    using namespace std::chrono;
    RiskProfile p;
    const std::optional<Timestamp> expiry = firstExpiry(legs);
    p.expiryInstant = expiry ? std::max(*expiry, scenario.now) : scenario.now;
    const auto forward = duration_cast<Timestamp::duration>(
        duration<double>(std::max(0.0, scenario.daysForward) * 86400.0));
    p.dateInstant = std::min(scenario.now + forward, p.expiryInstant);
    points = std::max(points, 2);
    for (int i = 0; i < points; ++i) {
        const double s = low + (high - low) * i / (points - 1);
        p.spot.push_back(s);
        p.today.push_back(riskPnl(legs, s, scenario.now, scenario.volShift, scenario.rate));
        p.atDate.push_back(riskPnl(legs, s, p.dateInstant, scenario.volShift, scenario.rate));
        p.atExpiry.push_back(riskPnl(legs, s, p.expiryInstant, scenario.volShift, scenario.rate));
    }
    p.expiryBreakEvens =
        breakEvens(legs, p.expiryInstant, scenario.volShift, scenario.rate, low, high);
    p.dateBreakEvens = breakEvens(legs, p.dateInstant, scenario.volShift, scenario.rate, low, high);
    return p;
}

RiskLeg rescaleLeg(RiskLeg leg, double spot, double base) {
    if (!(spot > 0.0) || !(base > 0.0))
        return leg;
    const double k = base / spot;
    leg.strike *= k;
    leg.entryPrice *= k;
    leg.multiplier /= k;
    return leg;
}

double volExpectedMove(double spot, double vol, double years) {
    return spot * vol * std::sqrt(std::max(0.0, years));
}

} // namespace cg
