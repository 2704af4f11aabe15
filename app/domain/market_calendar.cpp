#include "domain/market_calendar.h"

#include <limits>

namespace cg {

using namespace std::chrono;

namespace {

constexpr int kEarlyCloseMinute = 13 * 60;

bool isWeekend(year_month_day d) {
    const weekday wd{sys_days{d}};
    return wd == Saturday || wd == Sunday;
}

// Easter Sunday of the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher).
year_month_day easterSunday(year y) {
    const int Y = static_cast<int>(y);
    const int a = Y % 19, b = Y / 100, c = Y % 100, d = b / 4, e = b % 4;
    const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return y / std::chrono::month{static_cast<unsigned>(month)} /
           std::chrono::day{static_cast<unsigned>(day)};
}

// The weekday a fixed-date holiday is kept on: Saturday's the Friday before, Sunday's the Monday
// after.
year_month_day observed(year_month_day d) {
    const weekday wd{sys_days{d}};
    if (wd == Saturday)
        return year_month_day{sys_days{d} - days{1}};
    if (wd == Sunday)
        return year_month_day{sys_days{d} + days{1}};
    return d;
}

bool earlyClose(year_month_day d) {
    const weekday wd{sys_days{d}};
    const bool mondayToThursday = wd != Friday && !isWeekend(d);
    if (d.month() == July && d.day() == std::chrono::day{3})
        return mondayToThursday;
    if (d.month() == December && d.day() == std::chrono::day{24})
        return mondayToThursday;
    const year_month_day thanksgiving{d.year() / November / Thursday[4]};
    return sys_days{d} == sys_days{thanksgiving} + days{1};
}

} // namespace

MarketHoliday marketHoliday(year_month_day d) {
    if (!d.ok() || isWeekend(d))
        return MarketHoliday::None;
    const year y = d.year();
    const auto is = [&](sys_days h) { return sys_days{d} == h; };
    // New Year's Day on a Sunday is kept the Monday after; on a Saturday it is not kept at all.
    const year_month_day newYear{y / January / 1};
    if (weekday{sys_days{newYear}} != Saturday && is(sys_days{observed(newYear)}))
        return MarketHoliday::NewYearsDay;
    if (is(y / January / Monday[3]))
        return MarketHoliday::MartinLutherKingDay;
    if (is(y / February / Monday[3]))
        return MarketHoliday::WashingtonsBirthday;
    if (is(sys_days{easterSunday(y)} - days{2}))
        return MarketHoliday::GoodFriday;
    if (is(y / May / Monday[last]))
        return MarketHoliday::MemorialDay;
    if (y >= year{2022} && is(sys_days{observed(y / June / 19)}))
        return MarketHoliday::Juneteenth;
    if (is(sys_days{observed(y / July / 4)}))
        return MarketHoliday::IndependenceDay;
    if (is(y / September / Monday[1]))
        return MarketHoliday::LaborDay;
    if (is(y / November / Thursday[4]))
        return MarketHoliday::Thanksgiving;
    if (is(sys_days{observed(y / December / 25)}))
        return MarketHoliday::Christmas;
    return MarketHoliday::None;
}

std::string_view holidayName(MarketHoliday holiday) {
    switch (holiday) {
    case MarketHoliday::None:
        return {};
    case MarketHoliday::NewYearsDay:
        return "New Year's Day";
    case MarketHoliday::MartinLutherKingDay:
        return "Martin Luther King Jr. Day";
    case MarketHoliday::WashingtonsBirthday:
        return "Washington's Birthday";
    case MarketHoliday::GoodFriday:
        return "Good Friday";
    case MarketHoliday::MemorialDay:
        return "Memorial Day";
    case MarketHoliday::Juneteenth:
        return "Juneteenth";
    case MarketHoliday::IndependenceDay:
        return "Independence Day";
    case MarketHoliday::LaborDay:
        return "Labor Day";
    case MarketHoliday::Thanksgiving:
        return "Thanksgiving Day";
    case MarketHoliday::Christmas:
        return "Christmas Day";
    }
    return {};
}

std::optional<MarketHours> marketHours(year_month_day d) {
    if (!d.ok() || isWeekend(d) || marketHoliday(d) != MarketHoliday::None)
        return std::nullopt;
    MarketHours h;
    if (earlyClose(d))
        h.closeMinute = kEarlyCloseMinute;
    return h;
}

year_month_day nextMarketDay(year_month_day d) {
    // At most four days apart (a Friday holiday before a weekend, then Monday), so the loop ends.
    do {
        d = year_month_day{sys_days{d} + days{1}};
    } while (!marketHours(d));
    return d;
}

year_month_day previousMarketDay(year_month_day d) {
    do {
        d = year_month_day{sys_days{d} - days{1}};
    } while (!marketHours(d));
    return d;
}

Timestamp marketCloseInstant(year_month_day d) {
    // Every contract's gates ask (optionExpiryInstant), and a chain's contracts come expiry by
    // expiry: the last date's answer is kept, a thread's own (the calendar is pure).
    thread_local sys_days lastDay{days{std::numeric_limits<int>::min()}};
    thread_local Timestamp lastClose{};
    const sys_days day{d};
    if (day == lastDay && d.ok())
        return lastClose;
    const int close = marketHours(d).value_or(MarketHours{}).closeMinute;
    const Timestamp at = easternInstant(d, close / 60, close % 60);
    if (d.ok()) {
        lastDay = day;
        lastClose = at;
    }
    return at;
}

std::string marketCloseText(year_month_day d) {
    const int close = marketHours(d).value_or(MarketHours{}).closeMinute;
    char text[6] = {char('0' + close / 600),     char('0' + close / 60 % 10), ':',
                    char('0' + close % 60 / 10), char('0' + close % 10),      '\0'};
    return text;
}

Timestamp optionExpiryInstant(year_month_day expiry) {
    return marketCloseInstant(expiry);
}

bool isRegularSession(Timestamp t) {
    const auto hours = marketHours(easternDate(t));
    if (!hours)
        return false;
    const int m = easternMinuteOfDay(t);
    return m >= hours->openMinute && m < hours->closeMinute;
}

Timestamp sessionCloseFor(Timestamp t) {
    const year_month_day today = easternDate(t);
    if (const auto hours = marketHours(today); hours && easternMinuteOfDay(t) < hours->closeMinute)
        return marketCloseInstant(today);
    return marketCloseInstant(nextMarketDay(today));
}

Timestamp nextSessionOpen(Timestamp t) {
    const year_month_day today = easternDate(t);
    const auto hours = marketHours(today);
    const year_month_day day =
        hours && easternMinuteOfDay(t) < hours->openMinute ? today : nextMarketDay(today);
    const int open = MarketHours{}.openMinute;
    return easternInstant(day, open / 60, open % 60);
}

} // namespace cg
