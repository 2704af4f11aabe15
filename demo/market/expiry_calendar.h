#pragma once
// Which expiries a chain lists on a given day: trading days only (domain/market_calendar.h), a
// Friday expiry that falls on a holiday moved to the trading day before, as the exchanges do.

#include "market/underlying_spec.h"

#include <chrono>
#include <vector>

namespace cg::market {

struct Expiry {
    std::chrono::year_month_day date;
    bool monthly = false; // third Friday of the month
};

// Expiries on or after `today`, sorted: see ExpirySchedule for the windows.
std::vector<Expiry> listExpiries(ExpirySchedule schedule, std::chrono::year_month_day today);

bool isThirdFriday(std::chrono::year_month_day d);
// A day the market trades (not a weekend, not a holiday).
bool isTradingDay(std::chrono::year_month_day d);

} // namespace cg::market
