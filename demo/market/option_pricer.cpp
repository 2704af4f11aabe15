#include "market/option_pricer.h"

#include "domain/black_scholes.h"
#include "domain/market_calendar.h"
#include "market/sim_random.h"

#include <algorithm>
#include <cmath>

namespace cg::market {

namespace {

constexpr double kMsPerYear = 365.0 * 24 * 3600 * 1000;
constexpr char kExchanges[] = "ABCEHIJMNPQWXZ";

} // namespace

const TickTable &exchangeTicks() {
    static const TickTable ticks;
    return ticks;
}

double yearsToExpiry(std::chrono::year_month_day expiry, Timestamp now) {
    return static_cast<double>((optionExpiryInstant(expiry) - now).count()) / kMsPerYear;
}

double moneynessScore(double atmVol, double spot, double strike, double years) {
    const double t = std::max(years, 1.0 / 365.0);
    return std::log(strike / spot) / (atmVol * std::sqrt(t));
}

namespace {
double shortEndBoost(double years) {
    return 1.0 + 0.08 * std::exp(-12.0 * std::max(years, 1.0 / 365.0));
}
// The smile at moneyness score x.
double smileAt(double atmVol, double x, double boost) {
    const double v = atmVol * (1.0 - 0.07 * x + 0.025 * x * x) * boost;
    return std::clamp(v, 0.5 * atmVol, 3.0 * atmVol);
}
} // namespace

double smileVol(double atmVol, double spot, double strike, double years) {
    return smileAt(atmVol, moneynessScore(atmVol, spot, strike, years), shortEndBoost(years));
}

ExpiryTerms expiryTerms(std::chrono::year_month_day expiry, Timestamp now) {
    ExpiryTerms t;
    t.expiry = expiry;
    t.years = yearsToExpiry(expiry, now);
    t.shortEndBoost = shortEndBoost(t.years);
    return t;
}

void priceContract(SimContract &c, const UnderlyingSpec &spec, const PricingContext &ctx) {
    priceContract(c, spec, ctx, expiryTerms(c.expiry, ctx.now));
}

void priceContract(SimContract &c, const UnderlyingSpec &spec, const PricingContext &ctx,
                   const ExpiryTerms &terms) {
    const double years = terms.years;
    const double score = moneynessScore(spec.vol, ctx.spot, c.strike, years);
    BsInput in;
    in.type = c.type;
    in.spot = ctx.spot;
    in.strike = c.strike;
    in.years = std::max(years, 0.0);
    in.rate = ctx.rate;
    in.dividend = spec.dividend;
    in.vol = smileAt(spec.vol, score, terms.shortEndBoost);
    const BsResult bs = blackScholes(in);

    c.iv = in.vol;
    c.theo = std::isfinite(bs.price) ? std::max(bs.price, 0.0) : 0.0;
    c.delta = bs.delta;
    c.gamma = bs.gamma;
    c.theta = bs.thetaPerDay;
    c.vega = bs.vegaPerPoint;
    c.rho = bs.rhoPerPoint;

    // Spread: a few percent at the money for the most liquid names, wider away from it and for
    // thin strikes, plus a cent of dealer edge; cheap far-out contracts end up with a zero bid.
    const double x = std::abs(score);
    const double thin = c.liquidity < 0.02 ? 2.5 : (c.liquidity < 0.1 ? 1.6 : 1.0);
    const double pct =
        (0.012 + 0.03 * std::min(x, 4.0)) / std::sqrt(spec.liquidity) * thin * c.spreadNoise;
    // Deep in the money the dollar width follows the intrinsic value much less than the time
    // value: dealers hedge it with the stock.
    const double intrinsic =
        std::max(0.0, c.type == OptionType::Call ? ctx.spot - c.strike : c.strike - ctx.spot);
    const double timeValue = std::max(c.theo - intrinsic, 0.0);
    const double width = timeValue * pct + intrinsic * 0.006 * thin * c.spreadNoise + 0.01;
    // Every price on the tick of its class at that price (a non-penny class's $2.95 bid may
    // face a $3.10 ask).
    const PennyTier tier = exchangeTicks().tier(c.root);
    const auto onTick = [tier](double price, TickRounding how) {
        return roundToTick(price, optionTick(tier, price), how);
    };
    const auto tickAbove = [&](double price) {
        return onTick(price + optionTick(tier, price), TickRounding::Nearest);
    };
    const double minTick = optionTick(tier, 0.0);
    double bid = onTick(c.theo - width / 2.0, TickRounding::Down);
    double ask = onTick(c.theo + width / 2.0, TickRounding::Up);
    if (bid < minTick)
        bid = 0.0;
    ask = std::max(ask, minTick);
    if (ask <= bid)
        ask = tickAbove(bid);

    const std::uint64_t h = splitmix64(c.traitHash ^ ctx.tick);
    const int depth = 1 + static_cast<int>(std::min(c.liquidity, 1.5) * 300.0);
    Quote q;
    q.bid = bid;
    q.ask = ask;
    q.bidSize = bid > 0.0 ? 1 + static_cast<int>(h % static_cast<std::uint64_t>(depth)) : 0;
    q.askSize = 1 + static_cast<int>((h >> 20) % static_cast<std::uint64_t>(depth));
    q.time = ctx.now;
    switch (c.quirk) {
    case QuoteQuirk::Crossed:
        q.bid = tickAbove(q.ask);
        q.bidSize = std::max(q.bidSize, 1);
        break;
    case QuoteQuirk::Empty:
        q.bid = q.ask = 0.0;
        q.bidSize = q.askSize = 0;
        break;
    case QuoteQuirk::None:
        break;
    }
    c.quote = q;
    c.bidExchange = kExchanges[(h >> 40) % (sizeof(kExchanges) - 1)];
    c.askExchange = kExchanges[(h >> 48) % (sizeof(kExchanges) - 1)];

    // Volume accrues through the session; each new print is a trade near the value.
    const auto volumeNow = static_cast<std::int64_t>(std::floor(
        static_cast<double>(c.fullDayVolume) * std::clamp(ctx.volumeFraction, 0.0, 1.0)));
    if (volumeNow > c.volume) {
        const double price = std::max(onTick(c.theo, TickRounding::Nearest), minTick);
        const int size = static_cast<int>(
            std::min<std::int64_t>(volumeNow - c.volume, 1 + static_cast<std::int64_t>(h % 25)));
        if (c.volume == 0 || c.dailyBar.volume == 0) {
            c.dailyBar.open = c.dailyBar.high = c.dailyBar.low = price;
            c.dailyBar.vwap = price;
        }
        c.dailyBar.high = std::max(c.dailyBar.high, price);
        c.dailyBar.low = std::min(c.dailyBar.low, price);
        c.dailyBar.close = price;
        c.dailyBar.vwap = (c.dailyBar.vwap * static_cast<double>(c.volume) +
                           price * static_cast<double>(volumeNow - c.volume)) /
                          static_cast<double>(volumeNow);
        c.dailyBar.volume = volumeNow;
        c.dailyBar.trades = std::max<std::int64_t>(1, volumeNow / 4);
        c.volume = volumeNow;
        c.dailyBar.time = ctx.barTime;
        c.lastTrade =
            SimTrade{price, size, ctx.tradeTime, kExchanges[(h >> 8) % (sizeof(kExchanges) - 1)]};
    }
}

} // namespace cg::market
