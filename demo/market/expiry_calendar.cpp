#include "market/expiry_calendar.h"

#include "domain/market_calendar.h"

namespace cg::market {

using namespace std::chrono;

namespace {

constexpr int kDailyWindowDays = 14;
constexpr int kWeeklyWindowDays = 60;
constexpr int kMonthlyWindowDays = 120;

} // namespace

bool isTradingDay(year_month_day d) {
    return marketHours(d).has_value();
}

bool isThirdFriday(year_month_day d) {
    return d == year_month_day{d.year() / d.month() / Friday[3]};
}

std::vector<Expiry> listExpiries(ExpirySchedule schedule, year_month_day today) {
    std::vector<Expiry> out;
    const sys_days first{today};
    for (int i = 0; i <= kMonthlyWindowDays; ++i) {
        const sys_days day = first + days{i};
        const year_month_day d{day};
        const bool monthly = isThirdFriday(d);
        const bool friday = weekday{day} == Friday;
        bool listed = monthly;
        if (friday && i <= kWeeklyWindowDays)
            listed = true;
        if (schedule == ExpirySchedule::Daily && i <= kDailyWindowDays && isTradingDay(d))
            listed = true;
        if (!listed)
            continue;
        year_month_day on = d;
        while (!isTradingDay(on)) // Good Friday's expiries trade until the Thursday
            on = year_month_day{sys_days{on} - days{1}};
        if (sys_days{on} < first)
            continue;
        if (!out.empty() && sys_days{out.back().date} == sys_days{on})
            out.back().monthly = out.back().monthly || monthly; // a moved monthly stays one
        else if (out.empty() || sys_days{out.back().date} < sys_days{on})
            out.push_back(Expiry{on, monthly});
    }
    return out;
}

} // namespace cg::market
