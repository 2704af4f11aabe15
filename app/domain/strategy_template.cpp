#include "domain/strategy_template.h"

#include <array>
#include <utility>

namespace cg {

namespace {

constexpr std::array<std::pair<StrategyTemplate, std::string_view>, 14> kNames{{
    {StrategyTemplate::BullCallSpread, "bull_call_spread"},
    {StrategyTemplate::BearCallSpread, "bear_call_spread"},
    {StrategyTemplate::BullPutSpread, "bull_put_spread"},
    {StrategyTemplate::BearPutSpread, "bear_put_spread"},
    {StrategyTemplate::LongStraddle, "long_straddle"},
    {StrategyTemplate::ShortStraddle, "short_straddle"},
    {StrategyTemplate::LongStrangle, "long_strangle"},
    {StrategyTemplate::ShortStrangle, "short_strangle"},
    {StrategyTemplate::IronCondor, "iron_condor"},
    {StrategyTemplate::IronButterfly, "iron_butterfly"},
    {StrategyTemplate::Butterfly, "butterfly"},
    {StrategyTemplate::Calendar, "calendar"},
    {StrategyTemplate::Diagonal, "diagonal"},
    {StrategyTemplate::Custom, "custom"},
}};

// Every kind but Custom, the last name.
constexpr std::array<StrategyTemplate, kNames.size() - 1> kAll = [] {
    std::array<StrategyTemplate, kNames.size() - 1> all{};
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = kNames[i].first;
    return all;
}();

} // namespace

std::string_view toString(StrategyTemplate t) {
    for (const auto &[value, name] : kNames)
        if (value == t)
            return name;
    return "unknown";
}

std::optional<StrategyTemplate> parseStrategyTemplate(std::string_view s) {
    for (const StrategyTemplate t : kAll)
        if (toString(t) == s)
            return t;
    return std::nullopt;
}

std::span<const StrategyTemplate> allStrategyTemplates() {
    return kAll;
}

bool isDefinedRisk(StrategyTemplate t) {
    return t != StrategyTemplate::ShortStraddle && t != StrategyTemplate::ShortStrangle;
}

bool spansExpiries(StrategyTemplate t) {
    return t == StrategyTemplate::Calendar || t == StrategyTemplate::Diagonal;
}

} // namespace cg
