#include "domain/strategy_figures.h"

#include "domain/black_scholes.h"
#include "domain/market_calendar.h"
#include "domain/strategy_payoff.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

namespace cg {

namespace {

using PnlFn = std::function<double(double)>;

struct Extremes {
    std::optional<double> maxProfit;
    std::optional<double> maxLoss;
    std::vector<double> breakEvens;
};

// Same expiry: exact, from the kinks.
Extremes piecewiseExtremes(const MultiLegStrategy &s, const PnlFn &pnl) {
    std::vector<double> xs{0.0};
    for (const auto &leg : s.legs)
        xs.push_back(leg.contract.strike);
    std::sort(xs.begin(), xs.end());
    xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
    double slope = 0.0; // beyond the last strike only calls move
    for (const auto &leg : s.legs)
        if (leg.contract.type == OptionType::Call)
            slope += leg.signedRatio();
    std::vector<double> ys;
    for (const double x : xs)
        ys.push_back(pnl(x));
    Extremes e;
    const double hi = *std::max_element(ys.begin(), ys.end());
    const double lo = *std::min_element(ys.begin(), ys.end());
    if (slope <= 0.0)
        e.maxProfit = hi;
    if (slope >= 0.0)
        e.maxLoss = -lo;
    for (std::size_t i = 0; i + 1 < xs.size(); ++i) {
        const double a = ys[i], b = ys[i + 1];
        if ((a < 0.0 && b >= 0.0) || (a > 0.0 && b <= 0.0)) {
            if (b == 0.0 && i + 2 < xs.size() && ((a < 0.0) == (ys[i + 2] < 0.0)))
                continue; // touches zero at a kink without crossing
            e.breakEvens.push_back(xs[i] + (xs[i + 1] - xs[i]) * (-a) / (b - a));
        }
    }
    const double last = ys.back();
    if (slope != 0.0 && last * slope < 0.0)
        e.breakEvens.push_back(xs.back() - last / slope);
    std::sort(e.breakEvens.begin(), e.breakEvens.end());
    e.breakEvens.erase(std::unique(e.breakEvens.begin(), e.breakEvens.end(),
                                   [](double a, double b) { return std::abs(a - b) < 1e-9; }),
                       e.breakEvens.end());
    return e;
}

// Calendars and diagonals: on a grid, roots refined by bisection. Beyond the grid's top every
// call, near or far, moves one for one with the underlying (a far call's delta tends to 1), so
// the calls' net ratio says whether profit or loss grows without bound, as for one expiry.
Extremes numericExtremes(const MultiLegStrategy &s, double spot, const PnlFn &pnl) {
    constexpr int kSteps = 2000;
    const double from = 0.2 * spot, to = 3.0 * spot;
    Extremes e;
    double slope = 0.0;
    for (const auto &leg : s.legs)
        if (leg.contract.type == OptionType::Call)
            slope += leg.signedRatio();
    // Below the grid down to a worthless underlying (a put-heavy mix is at its extreme there).
    double hi = pnl(1e-6 * spot), lo = hi;
    for (const auto &leg : s.legs) { // the kinks of the near legs, exactly
        const double y = pnl(leg.contract.strike);
        hi = std::max(hi, y);
        lo = std::min(lo, y);
    }
    double prevX = from, prevY = pnl(from);
    for (int i = 0; i <= kSteps; ++i) {
        const double x = from + (to - from) * i / kSteps;
        const double y = i == 0 ? prevY : pnl(x);
        hi = std::max(hi, y);
        lo = std::min(lo, y);
        if (i > 0 && ((prevY < 0.0) != (y < 0.0))) {
            double a = prevX, b = x, fa = prevY;
            for (int k = 0; k < 60; ++k) {
                const double m = 0.5 * (a + b), fm = pnl(m);
                if ((fm < 0.0) == (fa < 0.0)) {
                    a = m;
                    fa = fm;
                } else {
                    b = m;
                }
            }
            e.breakEvens.push_back(0.5 * (a + b));
        }
        prevX = x;
        prevY = y;
    }
    if (slope <= 0.0)
        e.maxProfit = hi;
    if (slope >= 0.0)
        e.maxLoss = -lo;
    return e;
}

// The near-expiry legs' IV by strike: linear between legs, flat beyond.
std::optional<std::function<double(double)>> volSmile(const MultiLegStrategy &s) {
    const auto nearInstant = nearExpiryInstant(s);
    std::map<double, std::pair<double, int>> byStrike;
    for (const auto &leg : s.legs) {
        if (optionExpiryInstant(leg.contract.expiry) != nearInstant)
            continue;
        if (!leg.contract.impliedVol)
            return std::nullopt;
        auto &[sum, n] = byStrike[leg.contract.strike];
        sum += *leg.contract.impliedVol;
        ++n;
    }
    std::vector<std::pair<double, double>> pts;
    for (const auto &[k, sn] : byStrike)
        pts.emplace_back(k, sn.first / sn.second);
    if (pts.empty())
        return std::nullopt;
    return [pts](double x) {
        if (x <= pts.front().first)
            return pts.front().second;
        if (x >= pts.back().first)
            return pts.back().second;
        for (std::size_t i = 0; i + 1 < pts.size(); ++i)
            if (x <= pts[i + 1].first) {
                const double t = (x - pts[i].first) / (pts[i + 1].first - pts[i].first);
                return pts[i].second + t * (pts[i + 1].second - pts[i].second);
            }
        return pts.back().second;
    };
}

// The first leg the figures price with its implied volatility and that has none, in an error's
// words. At the near expiry a leg that expires then is worth its intrinsic value; one that expires
// later is priced by its model, which needs one (a worthless near leg without one is valued).
std::optional<std::string> unvaluedLeg(const MultiLegStrategy &s) {
    const Timestamp near = nearExpiryInstant(s);
    for (const auto &leg : s.legs)
        if (!leg.contract.impliedVol && optionExpiryInstant(leg.contract.expiry) != near)
            return "Cannot value " + describeLeg(leg) +
                   " at the near expiry: no implied volatility";
    return std::nullopt;
}

// The figures' prices (net mid and natural, the spread between them, the multiplier), nothing else.
Result<StrategyFigures> pricedFigures(const MultiLegStrategy &s) {
    const auto prices = netPrices(s);
    if (!prices)
        return prices.error();
    StrategyFigures f;
    f.multiplier = strategyMultiplier(s);
    f.netMid = prices->mid;
    f.netNatural = prices->natural;
    f.combinedSpread = f.netNatural - f.netMid;
    return f;
}

} // namespace

double lognormalCdf(double x, double spot, double years, double rate, double vol) {
    if (x <= 0.0)
        return 0.0;
    if (years <= 0.0 || vol <= 0.0)
        return spot <= x ? 1.0 : 0.0;
    const double sd = vol * std::sqrt(years);
    const double z = (std::log(x / spot) - (rate - 0.5 * vol * vol) * years) / sd;
    return normalCdf(z);
}

Result<NetPrices> netPrices(const MultiLegStrategy &s) {
    if (s.legs.empty())
        return Error::make("The strategy has no legs");
    NetPrices n;
    for (const auto &leg : s.legs) {
        const auto &q = leg.contract.quote;
        // A leg bought is priced at its ask, so an ask with no bid prices it (a worthless short
        // bought back); a leg sold needs a bid. Whether such a buy may open is the leg's
        // quote-valid gate's question, not the price's.
        const bool priced =
            q && q->ask >= q->bid &&
            (leg.side == OrderSide::Buy ? q->ask > 0.0 && q->bid >= 0.0 : q->bid > 0.0);
        if (!priced)
            return Error::make("Cannot price " + describeLeg(leg) + ": no valid quote");
        const int r = leg.signedRatio();
        n.mid += r * mid(*q);
        n.natural += leg.side == OrderSide::Buy ? leg.ratio * q->ask : -leg.ratio * q->bid;
    }
    return n;
}

Result<StrategyFigures> strategyFigures(const MultiLegStrategy &s, double spot, Timestamp now,
                                        double rate) {
    auto priced = pricedFigures(s);
    if (!priced)
        return priced.error();
    StrategyFigures f = std::move(priced).value();

    const bool spans = [&] {
        for (const auto &leg : s.legs)
            if (leg.contract.expiry != s.legs.front().contract.expiry)
                return true;
        return false;
    }();
    if (const auto why = unvaluedLeg(s))
        return Error::make(*why);
    const PnlFn pnl = [&](double x) {
        return pnlAtExpiry(s, std::max(x, 1e-6), f.netMid, rate).value_or(NAN);
    };
    const Extremes e = spans ? numericExtremes(s, spot, pnl) : piecewiseExtremes(s, pnl);
    f.maxProfit = e.maxProfit;
    f.maxLoss = e.maxLoss;
    // Figures at the near expiry cannot see a far call sold against a near one bought: naked
    // once the near one expires, so the loss has no bound.
    if (uncoveredShortLeg(s, OptionType::Call))
        f.maxLoss.reset();
    f.breakEvens = e.breakEvens;

    if (const auto smile = volSmile(s)) {
        const auto near = nearExpiryInstant(s);
        const double years =
            std::chrono::duration<double, std::ratio<86400>>(near - now).count() / 365.0;
        auto cdf = [&](double x) { return lognormalCdf(x, spot, years, rate, (*smile)(x)); };
        // Profitable stretches between consecutive break-evens, judged at their midpoints.
        std::vector<double> edges{0.0};
        edges.insert(edges.end(), e.breakEvens.begin(), e.breakEvens.end());
        double pop = 0.0;
        for (std::size_t i = 0; i < edges.size(); ++i) {
            const double a = edges[i];
            const bool open = i + 1 == edges.size();
            const double b = open ? INFINITY : edges[i + 1];
            const double probe = open ? (a > 0.0 ? a * 1.5 + 1.0 : spot) : 0.5 * (a + b);
            if (!(pnl(probe) > 0.0))
                continue;
            pop += (open ? 1.0 : cdf(b)) - (a > 0.0 ? cdf(a) : 0.0);
        }
        f.probabilityOfProfit = std::clamp(pop, 0.0, 1.0);
    }

    Greeks g;
    bool allGreeks = true;
    for (const auto &leg : s.legs) {
        if (!leg.contract.greeks) {
            allGreeks = false;
            break;
        }
        const int r = leg.signedRatio();
        g.delta += r * leg.contract.greeks->delta;
        g.gamma += r * leg.contract.greeks->gamma;
        g.theta += r * leg.contract.greeks->theta;
        g.vega += r * leg.contract.greeks->vega;
        g.rho += r * leg.contract.greeks->rho;
    }
    if (allGreeks)
        f.greeks = g;
    return f;
}

Result<StrategyFigures> strategyFiguresOrPrices(const MultiLegStrategy &s, double spot,
                                                Timestamp now, double rate) {
    const auto why = unvaluedLeg(s);
    if (!why)
        return strategyFigures(s, spot, now, rate);
    auto f = pricedFigures(s);
    if (f)
        f.value().notValued = *why;
    return f;
}

} // namespace cg
