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
        const double share = p.maxThroughMarketPct / 100.0;
        // The limit beyond `ref` on the side that pays more (above it to buy), by more than
        // `allowed`: "Limit 9.95 is 9.34 above the ask 0.61, more than 10% of the mid ...".
        const auto beyond = [&](double ref, double allowed, const std::string &refName,
                                const std::string &tail) {
            const double through = buy ? limit - ref : ref - limit;
            if (through > allowed + 1e-9)
                trip(kThroughMarket, "Limit " + formatPrice(limit) + " is " + formatPrice(through) +
                                         (buy ? " above " : " below ") + refName + " " +
                                         formatPrice(ref) + ", more than " + pct + tail);
        };
        if (in.stopPrice && *in.stopPrice > 0.0) {
            // A stop limit works once its stop triggers: the limit is judged against the stop.
            beyond(*in.stopPrice, share * *in.stopPrice, "the stop",
                   " of the stop price through it");
        } else if (in.quote && in.quote->bid > 0.0 && in.quote->ask >= in.quote->bid) {
            const double m = mid(*in.quote);
            beyond(buy ? in.quote->ask : in.quote->bid, share * m, buy ? "the ask" : "the bid",
                   " of the mid " + formatTrimmed(m, 4) + " through the market");
        } else if (buy && in.quote && in.quote->ask > 0.0 && !(in.quote->bid > 0.0)) {
            // No bid (a short nearly worthless, bought back on the ask alone): no mid either, so
            // the share is of the ask.
            beyond(in.quote->ask, share * in.quote->ask, "the ask",
                   " of the ask through the market (there is no bid)");
        } else if (in.lastPrice && *in.lastPrice > 0.0) {
            beyond(*in.lastPrice, share * *in.lastPrice, "the last price", " through the market");
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
