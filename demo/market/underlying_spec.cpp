#include "market/underlying_spec.h"

namespace cg::market {

const std::vector<UnderlyingSpec> &defaultUnderlyings() {
    static const std::vector<UnderlyingSpec> specs = {
        {"SPY", 697.12, 0.14, 0.012, ExpirySchedule::Daily, 1.0, 5.0, 1.0, 60'000'000},
        {"QQQ", 612.40, 0.19, 0.006, ExpirySchedule::Daily, 1.0, 5.0, 0.8, 40'000'000},
        {"IWM", 246.85, 0.21, 0.011, ExpirySchedule::Weekly, 1.0, 5.0, 0.45, 30'000'000},
        {"AAPL", 276.30, 0.26, 0.004, ExpirySchedule::Weekly, 2.5, 5.0, 0.55, 45'000'000},
        {"TSLA", 412.75, 0.55, 0.0, ExpirySchedule::Weekly, 2.5, 10.0, 0.6, 90'000'000},
        {"NVDA", 183.60, 0.45, 0.0003, ExpirySchedule::Weekly, 2.5, 5.0, 0.6, 180'000'000},
    };
    return specs;
}

} // namespace cg::market
