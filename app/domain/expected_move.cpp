#include "domain/expected_move.h"

#include "domain/black_scholes.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace cg {

namespace {

std::optional<double> usableMid(const OptionContract &c) {
    if (!c.quote || !(c.quote->bid > 0.0) || !(c.quote->ask >= c.quote->bid))
        return std::nullopt;
    return mid(*c.quote);
}

} // namespace

void StraddleLegs::add(const OptionContract &c) {
    if (const auto m = usableMid(c))
        (c.type == OptionType::Call ? calls : puts).push_back({c.strike, *m});
}

std::optional<ExpectedMove> straddleExpectedMove(StraddleLegs legs, double spot,
                                                 std::chrono::year_month_day expiry) {
    if (!std::isfinite(spot) || !(spot > 0.0))
        return std::nullopt;
    using Leg = StraddleLegs::Leg;
    const auto byStrike = [](const Leg &a, const Leg &b) { return a.strike < b.strike; };
    // Stable: of two legs at one strike the later stays last, and the last one is the one read.
    for (std::vector<Leg> *side : {&legs.calls, &legs.puts})
        if (!std::is_sorted(side->begin(), side->end(), byStrike))
            std::stable_sort(side->begin(), side->end(), byStrike);
    std::optional<ExpectedMove> best;
    const std::vector<Leg> &calls = legs.calls;
    const std::vector<Leg> &puts = legs.puts;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < calls.size() && j < puts.size()) {
        const double strike = calls[i].strike;
        if (strike < puts[j].strike) {
            ++i;
            continue;
        }
        if (puts[j].strike < strike) {
            ++j;
            continue;
        }
        while (i + 1 < calls.size() && !(strike < calls[i + 1].strike))
            ++i;
        while (j + 1 < puts.size() && !(strike < puts[j + 1].strike))
            ++j;
        // Ascending strikes: a later strike wins only when strictly nearer (ties: the lower).
        if (!best || std::abs(strike - spot) < std::abs(best->strike - spot))
            best =
                ExpectedMove{expiry, strike, calls[i].mid, puts[j].mid, calls[i].mid + puts[j].mid};
        ++i;
        ++j;
    }
    return best;
}

std::optional<ExpectedMove> straddleExpectedMove(std::span<const OptionContract> contracts,
                                                 double spot, std::chrono::year_month_day expiry) {
    StraddleLegs legs;
    for (const OptionContract &c : contracts)
        if (c.expiry == expiry)
            legs.add(c);
    return straddleExpectedMove(std::move(legs), spot, expiry);
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
