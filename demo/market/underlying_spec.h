#pragma once
// The underlyings the simulated market lists, with the parameters that shape their chains.

#include <cstdint>
#include <string>
#include <vector>

namespace cg::market {

enum class ExpirySchedule {
    Daily,  // index ETFs: every weekday ~2 weeks out, Fridays to ~60 days, monthlies to ~120
    Weekly, // single names: Fridays to ~60 days, monthlies to ~120
};

struct UnderlyingSpec {
    std::string symbol;
    double startPrice = 100.0;
    double vol = 0.25;     // at-the-money implied vol, also the random walk's vol
    double dividend = 0.0; // continuous yield
    ExpirySchedule schedule = ExpirySchedule::Weekly;
    double innerStep = 1.0; // strike step near the money
    double outerStep = 5.0; // strike step further out
    double liquidity = 1.0; // scales open interest, volume and spread tightness (SPY = 1)
    std::int64_t shareVolume = 1'000'000; // a full session of the stock itself
};

// SPY (starting at 697.12), QQQ, AAPL, TSLA, IWM, NVDA.
const std::vector<UnderlyingSpec> &defaultUnderlyings();

} // namespace cg::market
