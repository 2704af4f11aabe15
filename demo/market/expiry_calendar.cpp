#include "market/expiry_calendar.h"

namespace cg::market {

using namespace std::chrono;

namespace {

constexpr int kDailyWindowDays = 14;
constexpr int kWeeklyWindowDays = 60;
constexpr int kMonthlyWindowDays = 120;

} // namespace

bool isWeekday(year_month_day d) {
    const weekday wd{sys_days{d}};
    return wd != Saturday && wd != Sunday;
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
        if (schedule == ExpirySchedule::Daily && i <= kDailyWindowDays && isWeekday(d))
            listed = true;
        if (listed)
            out.push_back(Expiry{d, monthly});
    }
    return out;
}

} // namespace cg::market
