#pragma once
// US/Eastern civil time without a tz database (libstdc++ 12 has none): the US rule since 2007,
// DST from the second Sunday of March 02:00 local to the first Sunday of November 02:00 local.

#include "domain/quote.h"

#include <chrono>

namespace cg {

// Offset of US/Eastern from UTC at that instant: -4 h (EDT) or -5 h (EST).
std::chrono::hours easternUtcOffset(Timestamp t);
// Local calendar date in New York at that instant.
std::chrono::year_month_day easternDate(Timestamp t);
// Minutes since local midnight in New York.
int easternMinuteOfDay(Timestamp t);
// The instant of hh:mm New York time on that date. On the November change the repeated hour is
// read as its first (EDT) occurrence; the March gap (02:xx) maps to 03:xx EDT.
Timestamp easternInstant(std::chrono::year_month_day date, int hour, int minute);
// Calendar days from today's New York date to the expiry date (0 on expiry day).
int daysToExpiry(std::chrono::year_month_day expiry, Timestamp now);

} // namespace cg
