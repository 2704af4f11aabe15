#include "domain/strategy_leg.h"

#include <algorithm>
#include <numeric>

namespace cg {

StrategyLeg openingLeg(const OptionContract &c, OrderSide side, int ratio) {
    StrategyLeg leg;
    leg.contract = c;
    leg.side = side;
    leg.ratio = ratio;
    leg.intent = side == OrderSide::Buy ? PositionIntent::BuyToOpen : PositionIntent::SellToOpen;
    return leg;
}

std::vector<PositionIntent> legIntents(const MultiLegStrategy &s) {
    std::vector<PositionIntent> out;
    out.reserve(s.legs.size());
    for (const StrategyLeg &leg : s.legs)
        out.push_back(leg.intent);
    return out;
}

std::string describeLeg(const StrategyLeg &leg) {
    return std::string(leg.side == OrderSide::Buy ? "buy " : "sell ") + std::to_string(leg.ratio) +
           " " + leg.contract.symbol;
}

double strategyMultiplier(const MultiLegStrategy &s) {
    return s.legs.empty() ? 100.0 : s.legs.front().contract.multiplier;
}

int contractsPerUnit(const MultiLegStrategy &s) {
    int n = 0;
    for (const StrategyLeg &leg : s.legs)
        n += std::max(0, leg.ratio);
    return std::max(1, n);
}

std::optional<std::string> uncoveredShortLeg(const MultiLegStrategy &s,
                                             std::optional<OptionType> only) {
    for (OptionType type : {OptionType::Call, OptionType::Put}) {
        if (only && *only != type)
            continue;
        // From the latest expiry down: a long covers any short that expires with it or before,
        // so the longs gathered so far cover the next short as well as any later one could.
        std::vector<const StrategyLeg *> legs;
        for (const StrategyLeg &leg : s.legs) {
            // A leg that closes is neither a short to cover nor a long that covers one.
            const bool opens =
                leg.intent == PositionIntent::BuyToOpen || leg.intent == PositionIntent::SellToOpen;
            if (leg.contract.type == type && opens)
                legs.push_back(&leg);
        }
        std::stable_sort(legs.begin(), legs.end(), [](const StrategyLeg *a, const StrategyLeg *b) {
            if (a->contract.expiry != b->contract.expiry)
                return a->contract.expiry > b->contract.expiry;
            return a->side == OrderSide::Buy && b->side != OrderSide::Buy; // longs of a day first
        });
        int longs = 0;
        for (const StrategyLeg *leg : legs) {
            if (leg->side == OrderSide::Buy) {
                longs += leg->ratio;
                continue;
            }
            if (leg->ratio > longs)
                return describeLeg(*leg) + ": not covered by bought " +
                       (type == OptionType::Call ? "calls" : "puts") +
                       " that expire with it or later";
            longs -= leg->ratio;
        }
    }
    return std::nullopt;
}

std::optional<std::string> legsProblem(const MultiLegStrategy &s) {
    int divisor = 0;
    for (std::size_t i = 0; i < s.legs.size(); ++i) {
        const StrategyLeg &leg = s.legs[i];
        for (std::size_t j = 0; j < i; ++j)
            if (s.legs[j].contract.symbol == leg.contract.symbol)
                return leg.contract.symbol + " is in the order twice (legs " +
                       std::to_string(j + 1) + " and " + std::to_string(i + 1) +
                       "): each leg is one contract";
        if (leg.ratio < 1)
            return "Leg " + std::to_string(i + 1) + " needs a ratio of at least 1";
        divisor = std::gcd(divisor, leg.ratio);
    }
    if (divisor > 1) {
        std::string ratios;
        for (const StrategyLeg &leg : s.legs)
            ratios += (ratios.empty() ? "" : ":") + std::to_string(leg.ratio);
        return "The leg ratios " + ratios + " share a factor of " + std::to_string(divisor) +
               ", which Alpaca refuses: divide them by it and multiply the quantity instead";
    }
    return std::nullopt;
}

} // namespace cg
