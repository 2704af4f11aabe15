#pragma once
// The three strategies and their parameters (defaults in docs/trading-rules.md, "Strike selection";
// all in settings).

#include "domain/result.h"

#include <optional>
#include <string>
#include <string_view>

namespace cg {

enum class Strategy { DayTrade, Swing, Conservative };
enum class Moneyness { OTM, ATM, ITM };

struct StrategyParams {
    Moneyness moneyness = Moneyness::OTM;
    double moneynessPct = 1.5; // distance of the target from spot, percent (ignored for ATM)
    int minDte = 1;            // expiry window in calendar days, inclusive
    int maxDte = 7;
    double riskPct = 5.0; // budget as percent of equity
    bool operator==(const StrategyParams &) const = default;
};

StrategyParams defaultParams(Strategy s);
std::string_view toString(Strategy s); // day_trade, swing, conservative
std::optional<Strategy> parseStrategy(std::string_view s);
std::string_view toString(Moneyness m); // OTM, ATM, ITM

} // namespace cg
