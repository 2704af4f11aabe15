#include "domain/strategy.h"

#include <algorithm>
#include <string>

namespace cg {

StrategyParams defaultParams(Strategy s) {
    switch (s) {
    case Strategy::DayTrade:
        return StrategyParams{Moneyness::OTM, 1.5, 1, 7, 5.0};
    case Strategy::Swing:
        return StrategyParams{Moneyness::ATM, 0.0, 7, 45, 10.0};
    case Strategy::Conservative:
        return StrategyParams{Moneyness::ITM, 1.5, 30, 90, 10.0};
    }
    return StrategyParams{};
}

std::string_view toString(Strategy s) {
    switch (s) {
    case Strategy::DayTrade:
        return "day_trade";
    case Strategy::Swing:
        return "swing";
    case Strategy::Conservative:
        return "conservative";
    }
    return "unknown";
}

std::optional<Strategy> parseStrategy(std::string_view s) {
    // Case-insensitive, '-' accepted for '_': people type "Day-Trade" on a command line.
    std::string k(s);
    // ASCII only: std::tolower follows the C locale the GUI may have set (Turkish 'I').
    std::transform(k.begin(), k.end(), k.begin(), [](char c) {
        if (c == '-')
            return '_';
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    });
    if (k == "day_trade")
        return Strategy::DayTrade;
    if (k == "swing")
        return Strategy::Swing;
    if (k == "conservative")
        return Strategy::Conservative;
    return std::nullopt;
}

std::string_view toString(Moneyness m) {
    switch (m) {
    case Moneyness::OTM:
        return "OTM";
    case Moneyness::ATM:
        return "ATM";
    case Moneyness::ITM:
        return "ITM";
    }
    return "unknown";
}

} // namespace cg
