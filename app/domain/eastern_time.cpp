#include "domain/eastern_time.h"

namespace cg {

using namespace std::chrono;

namespace {

// DST starts the second Sunday of March at 02:00 EST (07:00 UTC) and ends the first Sunday of
// November at 02:00 EDT (06:00 UTC). Neither is near New Year, so the UTC year picks the rule.
bool isDaylightTime(Timestamp t) {
    const year y = year_month_day{floor<days>(t)}.year();
    const auto start = sys_days{y / March / Sunday[2]} + hours{7};
    const auto end = sys_days{y / November / Sunday[1]} + hours{6};
    return t >= start && t < end;
}

local_time<milliseconds> toEastern(Timestamp t) {
    return local_time<milliseconds>{t.time_since_epoch() + easternUtcOffset(t)};
}

} // namespace

hours easternUtcOffset(Timestamp t) {
    return isDaylightTime(t) ? hours{-4} : hours{-5};
}

year_month_day easternDate(Timestamp t) {
    return year_month_day{floor<days>(toEastern(t))};
}

int easternMinuteOfDay(Timestamp t) {
    const auto local = toEastern(t);
    return static_cast<int>(floor<minutes>(local - floor<days>(local)).count());
}

Timestamp easternInstant(year_month_day date, int hour, int minute) {
    const auto local = sys_days{date} + hours{hour} + minutes{minute};
    // Try daylight time first: in the repeated hour of November that picks the first (EDT)
    // occurrence; the missing hour of March (02:xx) falls through to EST, i.e. 03:xx EDT.
    const Timestamp asEdt = time_point_cast<milliseconds>(local + hours{4});
    if (isDaylightTime(asEdt))
        return asEdt;
    return time_point_cast<milliseconds>(local + hours{5});
}

int daysToExpiry(year_month_day expiry, Timestamp now) {
    return static_cast<int>((sys_days{expiry} - sys_days{easternDate(now)}).count());
}

} // namespace cg
