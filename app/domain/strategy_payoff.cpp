#include "domain/strategy_payoff.h"

#include "domain/american_option.h"
#include "domain/black_scholes.h"
#include "domain/market_calendar.h"

#include <algorithm>

namespace cg {

Timestamp nearExpiryInstant(const MultiLegStrategy &s) {
    Timestamp first = Timestamp::max();
    for (const auto &leg : s.legs)
        first = std::min(first, optionExpiryInstant(leg.contract.expiry));
    return first;
}

double yearsToExpiry(const StrategyLeg &leg, Timestamp at) {
    using namespace std::chrono;
    const auto left = optionExpiryInstant(leg.contract.expiry) - at;
    const double days = duration<double, std::ratio<86400>>(left).count();
    return std::max(0.0, days) / 365.0;
}

std::optional<double> strategyValue(const MultiLegStrategy &s, double underlying, Timestamp at,
                                    double rate) {
    double value = 0.0;
    for (const auto &leg : s.legs) {
        const auto &c = leg.contract;
        const double years = yearsToExpiry(leg, at);
        double legValue = 0.0;
        if (years <= 0.0) {
            legValue = c.type == OptionType::Call ? std::max(0.0, underlying - c.strike)
                                                  : std::max(0.0, c.strike - underlying);
        } else {
            if (!c.impliedVol)
                return std::nullopt;
            BsInput in;
            in.type = c.type;
            in.spot = underlying;
            in.strike = c.strike;
            in.years = years;
            in.rate = rate;
            in.vol = *c.impliedVol;
            legValue = priceWith(volModelOf(c), in); // by the model its IV came from
        }
        value += leg.signedRatio() * legValue;
    }
    return value;
}

std::optional<double> strategyPnl(const MultiLegStrategy &s, double underlying, Timestamp at,
                                  double netPremium, double rate) {
    const auto v = strategyValue(s, underlying, at, rate);
    if (!v)
        return std::nullopt;
    return *v - netPremium;
}

std::optional<double> pnlAtExpiry(const MultiLegStrategy &s, double underlying, double netPremium,
                                  double rate) {
    return strategyPnl(s, underlying, nearExpiryInstant(s), netPremium, rate);
}

} // namespace cg
