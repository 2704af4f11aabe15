#include "domain/expected_move.h"

#include "domain/black_scholes.h"

#include <cmath>
#include <map>
#include <set>

namespace cg {

namespace {

std::optional<double> usableMid(const OptionContract &c) {
    if (!c.quote || !(c.quote->bid > 0.0) || !(c.quote->ask >= c.quote->bid))
        return std::nullopt;
    return mid(*c.quote);
}

} // namespace

std::optional<ExpectedMove> straddleExpectedMove(std::span<const OptionContract> contracts,
                                                 double spot, std::chrono::year_month_day expiry) {
    if (!std::isfinite(spot) || !(spot > 0.0))
        return std::nullopt;
    // strike -> (call mid, put mid)
    std::map<double, std::pair<std::optional<double>, std::optional<double>>> byStrike;
    for (const OptionContract &c : contracts) {
        if (c.expiry != expiry)
            continue;
        const auto m = usableMid(c);
        if (!m)
            continue;
        auto &legs = byStrike[c.strike];
        (c.type == OptionType::Call ? legs.first : legs.second) = *m;
    }
    std::optional<ExpectedMove> best;
    for (const auto &[strike, legs] : byStrike) {
        if (!legs.first || !legs.second)
            continue;
        // Ascending strikes: a later strike wins only when strictly nearer (ties: the lower).
        if (best && !(std::abs(strike - spot) < std::abs(best->strike - spot)))
            continue;
        best = ExpectedMove{expiry, strike, *legs.first, *legs.second, *legs.first + *legs.second};
    }
    return best;
}

std::optional<ExpectedMove> nearestExpectedMove(std::span<const OptionContract> contracts,
                                                double spot, std::chrono::year_month_day today) {
    std::set<std::chrono::year_month_day> expiries;
    for (const OptionContract &c : contracts) {
        if (c.expiry >= today)
            expiries.insert(c.expiry);
    }
    for (const auto &e : expiries) {
        if (auto em = straddleExpectedMove(contracts, spot, e))
            return em;
    }
    return std::nullopt;
}

std::optional<double> probabilityItm(const ItmInput &in) {
    const bool finite = std::isfinite(in.spot) && std::isfinite(in.strike) &&
                        std::isfinite(in.years) && std::isfinite(in.vol) &&
                        std::isfinite(in.rate) && std::isfinite(in.dividend);
    if (!finite || !(in.spot > 0.0) || !(in.strike > 0.0) || in.vol < 0.0)
        return std::nullopt;
    const bool call = in.type == OptionType::Call;
    if (in.years <= 0.0)
        return (call ? in.spot > in.strike : in.spot < in.strike) ? 1.0 : 0.0;
    const double drift = (in.rate - in.dividend) * in.years;
    if (in.vol == 0.0) {
        const double forward = in.spot * std::exp(drift);
        return (call ? forward > in.strike : forward < in.strike) ? 1.0 : 0.0;
    }
    const double sd = in.vol * std::sqrt(in.years);
    const double d2 =
        (std::log(in.spot / in.strike) + drift - 0.5 * in.vol * in.vol * in.years) / sd;
    return call ? normalCdf(d2) : normalCdf(-d2);
}

} // namespace cg
