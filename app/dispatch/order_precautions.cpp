#include "dispatch/order_precautions.h"

#include "domain/number_format.h"

#include <cmath>

namespace cg {

TrippedPrecautions judgePrecautions(const Precautions &p, const PrecautionInput &in) {
    TrippedPrecautions t;
    const auto trip = [&t](PrecautionKind kind, std::string reason) {
        t.kinds |= kind;
        t.reasons.push_back(std::move(reason));
    };
    if (in.limitPrice && p.maxThroughMarketPct > 0.0) {
        const double limit = *in.limitPrice;
        const bool buy = in.side == OrderSide::Buy;
        const std::string pct = formatTrimmed(p.maxThroughMarketPct, 2) + "%";
        if (in.stopPrice && *in.stopPrice > 0.0) {
            // A stop limit works once its stop triggers: the limit is judged against the stop.
            const double stop = *in.stopPrice;
            const double through = buy ? limit - stop : stop - limit;
            if (through > p.maxThroughMarketPct / 100.0 * stop + 1e-9)
                trip(kThroughMarket, "Limit " + formatPrice(limit) + " is " + formatPrice(through) +
                                         (buy ? " above" : " below") + " the stop " +
                                         formatPrice(stop) + ", more than " + pct +
                                         " of the stop price through it");
        } else if (in.quote && in.quote->bid > 0.0 && in.quote->ask >= in.quote->bid) {
            const double m = mid(*in.quote);
            const double allowed = p.maxThroughMarketPct / 100.0 * m;
            const double far = buy ? in.quote->ask : in.quote->bid;
            const double through = buy ? limit - far : far - limit;
            if (through > allowed + 1e-9)
                trip(kThroughMarket, "Limit " + formatPrice(limit) + " is " + formatPrice(through) +
                                         (buy ? " above the ask " : " below the bid ") +
                                         formatPrice(far) + ", more than " + pct + " of the mid " +
                                         formatTrimmed(m, 4) + " through the market");
        } else if (in.lastPrice && *in.lastPrice > 0.0) {
            const double last = *in.lastPrice;
            const double through = buy ? limit - last : last - limit;
            if (through > p.maxThroughMarketPct / 100.0 * last + 1e-9)
                trip(kThroughMarket, "Limit " + formatPrice(limit) + " is " + formatPrice(through) +
                                         (buy ? " above" : " below") + " the last price " +
                                         formatPrice(last) + ", more than " + pct +
                                         " through the market");
        }
    }
    if (p.budgetIsCap && in.budget > 0.0 && in.cost > in.budget + 1e-9)
        trip(kOverBudget, "Cost " + formatMoney(in.cost) + " is " +
                              formatTrimmed(in.cost / in.budget * 100.0, 0) +
                              "% of the strategy's budget " + formatMoney(in.budget));
    return t;
}

std::vector<std::string> checkPrecautions(const Precautions &p, const PrecautionInput &in) {
    return judgePrecautions(p, in).reasons;
}

} // namespace cg
