#include "domain/strike_selection.h"

#include "domain/eastern_time.h"
#include "domain/number_format.h"

#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace cg {

namespace {

constexpr std::string_view kNothing = "No suitable option contract found";

// Slack for "strike >= target": a strike exactly on a target like 1000 x 0.985 must not be
// lost to binary noise in the product.
double slack(double target) {
    return 1e-9 * std::max(1.0, std::abs(target));
}

// Which side of the target a candidate must be on: +1 at or above, -1 at or below, 0 either.
int requiredSide(OptionType type, Moneyness m) {
    if (m == Moneyness::ATM)
        return 0;
    const bool above = (m == Moneyness::OTM) == (type == OptionType::Call);
    return above ? 1 : -1;
}

bool onSide(double strike, double target, int side) {
    if (side > 0)
        return strike >= target - slack(target);
    if (side < 0)
        return strike <= target + slack(target);
    return true;
}

double spreadOrWorst(const OptionContract &c) {
    const auto s = c.quote ? spreadPct(*c.quote) : std::nullopt;
    return s && std::isfinite(*s) ? *s : std::numeric_limits<double>::infinity();
}

std::string plural(int n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

} // namespace

double targetStrike(OptionType type, double spot, const StrategyParams &p) {
    const double f = p.moneynessPct / 100.0;
    switch (requiredSide(type, p.moneyness)) {
    case 1:
        return spot * (1.0 + f);
    case -1:
        return spot * (1.0 - f);
    default:
        return spot;
    }
}

bool isInTheMoney(OptionType type, double strike, double spot) {
    return type == OptionType::Call ? strike < spot : strike > spot;
}

SelectionResult selectStrike(std::span<const OptionContract> contracts,
                             std::span<const GateReport> reports, OptionType type, double spot,
                             const StrategyParams &params, Timestamp now) {
    std::vector<GateMask> failures;
    failures.reserve(reports.size());
    for (const GateReport &report : reports)
        failures.push_back(report.failures());
    return selectStrike(contracts, failures, type, spot, params, now);
}

namespace {

// The selection over `count` contracts, the i-th read as contractAt(i): a chain kept elsewhere
// (the session's entries) is read in place instead of copied.
template <class ContractAt>
SelectionResult selectAmong(std::size_t count, ContractAt contractAt,
                            std::span<const GateMask> masks, OptionType type, double spot,
                            const StrategyParams &params, Timestamp now) {
    SelectionResult r;
    if (!std::isfinite(spot) || !(spot > 0.0)) {
        r.reason =
            std::string(kNothing) + ": the underlying price " + formatPrice(spot) + " is not valid";
        return r;
    }
    r.targetStrike = targetStrike(type, spot, params);
    if (masks.size() != count) {
        r.reason = std::string(kNothing) + ": internal error, " + std::to_string(masks.size()) +
                   " gate reports for " + std::to_string(count) + " contracts";
        return r;
    }

    const int side = requiredSide(type, params.moneyness);
    const std::string_view typeName = type == OptionType::Call ? "call" : "put";
    const std::string_view typeNames = type == OptionType::Call ? "calls" : "puts";
    int ofType = 0;
    int inWindow = 0;
    int passing = 0;
    std::array<int, kGateCount> failures{};

    // Key of the best candidate so far: (days to expiry, distance to the target, spread,
    // strike). Lexicographic order is the rule in the header, steps 3 to 5.
    struct Key {
        int dte;
        double distance;
        double strike;
        double spread;
        const std::string *symbol;
    };
    std::optional<Key> best;
    const auto better = [](const Key &a, const Key &b) {
        if (a.dte != b.dte)
            return a.dte < b.dte;
        if (a.distance != b.distance)
            return a.distance < b.distance;
        if (a.spread != b.spread)
            return a.spread < b.spread;
        if (a.strike != b.strike)
            return a.strike < b.strike;
        return *a.symbol < *b.symbol;
    };

    // daysToExpiry's New York date of `now`, once for the chain.
    const std::chrono::sys_days today{easternDate(now)};
    for (std::size_t i = 0; i < count; ++i) {
        const OptionContract &c = contractAt(i);
        if (c.type != type)
            continue;
        ++ofType;
        if (!c.expiry.ok())
            continue;
        const int dte = static_cast<int>((std::chrono::sys_days{c.expiry} - today).count());
        if (dte < params.minDte || dte > params.maxDte)
            continue;
        ++inWindow;
        if (const GateMask failed = masks[i]) {
            for (int g = 0; g < kGateCount; ++g)
                failures[static_cast<std::size_t>(g)] += (failed >> g) & 1;
            continue;
        }
        ++passing;
        if (!std::isfinite(c.strike) || !onSide(c.strike, r.targetStrike, side))
            continue;
        ++r.candidates;
        const Key k{dte, std::abs(c.strike - r.targetStrike), c.strike, spreadOrWorst(c),
                    &c.symbol};
        if (!best || better(k, *best)) {
            best = k;
            r.index = i;
        }
    }
    if (r.index)
        return r;

    const std::string window =
        std::to_string(params.minDte) + "-" + std::to_string(params.maxDte) + " days";
    if (ofType == 0) {
        r.reason = std::string(kNothing) + ": the chain has no " + std::string(typeNames);
    } else if (inWindow == 0) {
        r.reason = std::string(kNothing) + ": none of the " + plural(ofType, typeName, typeNames) +
                   " expires in " + window;
    } else if (passing == 0) {
        int worst = 0;
        for (int g = 1; g < kGateCount; ++g) {
            if (failures[static_cast<std::size_t>(g)] > failures[static_cast<std::size_t>(worst)])
                worst = g;
        }
        r.reason = std::string(kNothing) + ": " + plural(inWindow, typeName, typeNames) +
                   (inWindow == 1 ? " expires in " : " expire in ") + window +
                   " but none passes all five gates (most failed: " +
                   std::string(gateKey(static_cast<GateId>(worst))) + ", " +
                   std::to_string(failures[static_cast<std::size_t>(worst)]) + ")";
    } else {
        r.reason = std::string(kNothing) + ": " + plural(passing, typeName, typeNames) +
                   (passing == 1 ? " expires in " : " expire in ") + window +
                   (passing == 1 ? " and passes" : " and pass") +
                   " all five gates, but none is at or " + (side > 0 ? "above" : "below") +
                   " the target strike " + formatFixed(r.targetStrike, 2);
    }
    return r;
}

} // namespace

SelectionResult selectStrike(std::span<const OptionContract> contracts,
                             std::span<const GateMask> failures, OptionType type, double spot,
                             const StrategyParams &params, Timestamp now) {
    return selectAmong(
        contracts.size(),
        [contracts](std::size_t i) -> const OptionContract & { return contracts[i]; }, failures,
        type, spot, params, now);
}

SelectionResult selectStrike(std::span<const OptionContract *const> contracts,
                             std::span<const GateMask> failures, OptionType type, double spot,
                             const StrategyParams &params, Timestamp now) {
    return selectAmong(
        contracts.size(),
        [contracts](std::size_t i) -> const OptionContract & { return *contracts[i]; }, failures,
        type, spot, params, now);
}

} // namespace cg
