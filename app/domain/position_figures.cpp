#include "domain/position_figures.h"

#include "domain/eastern_time.h"

#include <cmath>

namespace cg {

std::optional<double> changeSincePreviousClose(double valueNow,
                                               std::optional<double> valueAtPreviousClose) {
    if (!valueAtPreviousClose || !std::isfinite(*valueAtPreviousClose))
        return std::nullopt;
    return valueNow - *valueAtPreviousClose;
}

double positionMultiplier(const Position &p, std::optional<double> contractMultiplier) {
    if (p.assetClass != "us_option")
        return 1.0;
    return contractMultiplier && *contractMultiplier > 0.0 ? *contractMultiplier : 100.0;
}

PositionPnl positionPnl(const Position &p, std::optional<double> liveMid,
                        std::optional<double> contractMultiplier) {
    PositionPnl r;
    r.multiplier = positionMultiplier(p, contractMultiplier);
    r.liveMark = liveMid && std::isfinite(*liveMid) && *liveMid > 0.0;
    r.mark = r.liveMark ? *liveMid : p.currentPrice;
    const double units = p.qty * r.multiplier;
    r.marketValue = r.mark * units;
    r.costBasis = p.avgEntryPrice * units;
    r.unrealized = r.marketValue - r.costBasis;
    if (p.lastdayPrice > 0.0)
        r.day = changeSincePreviousClose(r.marketValue, p.lastdayPrice * units);
    return r;
}

std::optional<double> dayPnlWithFills(const Position &p, const PositionPnl &pnl,
                                      const std::vector<TodayFill> &fills) {
    double boughtToday = 0.0;
    double cashToday = 0.0; // paid for today's buys minus received for today's sells
    for (const TodayFill &f : fills) {
        boughtToday += f.qty;
        cashToday += f.qty * f.price * pnl.multiplier;
    }
    const double heldAtClose = p.qty - boughtToday;
    double valueAtClose = 0.0;
    if (std::abs(heldAtClose) > 1e-9) {
        if (!(p.lastdayPrice > 0.0))
            return std::nullopt;
        valueAtClose = heldAtClose * p.lastdayPrice * pnl.multiplier;
    }
    return changeSincePreviousClose(pnl.marketValue, valueAtClose + cashToday);
}

std::optional<PositionGreeks> positionGreeks(const Position &p, const std::optional<Greeks> &g,
                                             std::optional<double> underlyingPrice,
                                             std::optional<double> contractMultiplier) {
    PositionGreeks r;
    if (p.assetClass != "us_option") {
        r.deltaShares = p.qty;
        const double price = underlyingPrice.value_or(p.currentPrice);
        if (price > 0.0)
            r.deltaDollars = r.deltaShares * price;
        return r;
    }
    if (!g)
        return std::nullopt;
    const double units = p.qty * positionMultiplier(p, contractMultiplier);
    r.deltaShares = g->delta * units;
    if (underlyingPrice && *underlyingPrice > 0.0)
        r.deltaDollars = r.deltaShares * *underlyingPrice;
    r.gamma = g->gamma * units;
    r.thetaPerDay = g->theta * units;
    r.vega = g->vega * units;
    return r;
}

std::optional<StrikeDistance> strikeDistance(const OccSymbol &occ, double underlyingPrice) {
    if (!(underlyingPrice > 0.0))
        return std::nullopt;
    StrikeDistance m;
    const double strike = occ.strike();
    m.inTheMoney =
        occ.type == OptionType::Call ? underlyingPrice > strike : underlyingPrice < strike;
    m.distancePct = (strike - underlyingPrice) / underlyingPrice * 100.0;
    return m;
}

std::map<std::string, std::vector<TodayFill>> todayFills(const std::vector<Activity> &activities,
                                                         std::chrono::year_month_day today) {
    std::map<std::string, std::vector<TodayFill>> fills;
    for (const Activity &a : activities) {
        if (!a.isTrade() || !a.price || easternDate(a.transactionTime) != today)
            continue;
        // Alpaca's sides: buy, sell, sell_short (API.md): every sale is a "sell..."
        const bool sale = a.side.rfind("sell", 0) == 0;
        fills[a.symbol].push_back({sale ? -a.qty : a.qty, *a.price});
    }
    return fills;
}

std::optional<double> closedTodayPnl(const std::vector<TodayFill> &fills, double multiplier) {
    double qty = 0.0;
    double paid = 0.0;
    for (const TodayFill &f : fills) {
        qty += f.qty;
        paid += f.qty * f.price;
    }
    if (std::abs(qty) > 1e-9)
        return std::nullopt;
    return -paid * multiplier;
}

} // namespace cg
