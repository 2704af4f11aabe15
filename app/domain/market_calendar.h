#pragma once
// The US equity and options market's calendar from the NYSE's published rules, so the session, a
// day order's end and the expiry-day rule know holidays and early closes without asking the
// broker: the ten holidays (Juneteenth from 2022), a Saturday holiday observed the Friday before
// (except New Year's Day: the last trading day of the year stays open) and a Sunday one the Monday
// after; a 13:00 close on the day after Thanksgiving, and on 3 July and 24 December when they fall
// Monday to Thursday. Closures announced at short notice (a national day of mourning) are not
// rules and are not here.

#include "domain/eastern_time.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cg {

enum class MarketHoliday {
    None,
    NewYearsDay,
    MartinLutherKingDay,
    WashingtonsBirthday,
    GoodFriday,
    MemorialDay,
    Juneteenth,
    IndependenceDay,
    LaborDay,
    Thanksgiving,
    Christmas,
};

// The holiday the market is closed for on that date (None on a weekend or a trading day).
MarketHoliday marketHoliday(std::chrono::year_month_day date);
// "Christmas Day", "Good Friday", ...; empty for None.
std::string_view holidayName(MarketHoliday holiday);

// A trading day's regular session, in minutes after midnight New York time.
struct MarketHours {
    int openMinute = 9 * 60 + 30;
    int closeMinute = 16 * 60;
    bool earlyClose() const { return closeMinute < 16 * 60; }
};

// The regular session on that date; nullopt on a weekend or a holiday.
std::optional<MarketHours> marketHours(std::chrono::year_month_day date);
// The first trading day after `date`.
std::chrono::year_month_day nextMarketDay(std::chrono::year_month_day date);
// The last trading day before `date`.
std::chrono::year_month_day previousMarketDay(std::chrono::year_month_day date);
// The instant a trading day's regular session ends: 16:00 New York, 13:00 on an early close. On a
// date the market does not trade, 16:00 (the time an option dated that day would have expired).
Timestamp marketCloseInstant(std::chrono::year_month_day date);
// The instant an option stops trading on its expiry date: that day's close (16:00 New York, 13:00
// on an early close).
Timestamp optionExpiryInstant(std::chrono::year_month_day expiry);
// "16:00", or "13:00" on an early close: the close of `date`'s session, New York time.
std::string marketCloseText(std::chrono::year_month_day date);
// In the regular session: a trading day, from its open until its close.
bool isRegularSession(Timestamp t);
// The close of the session `t` is in or, outside one, of the next session (the end of a day
// order sent at `t`).
Timestamp sessionCloseFor(Timestamp t);
// The next session's open after `t` (09:30 New York of the next trading day, or today's when `t`
// is before it).
Timestamp nextSessionOpen(Timestamp t);

} // namespace cg
