#include "dispatch/quote_age.h"

#include "domain/market_calendar.h"

#include <chrono>

namespace cg {

std::optional<std::string> quoteAgeRefusal(const OptionContract &c, Timestamp now, int maxAgeSec,
                                           int maxAgeOffHoursSec) {
    if (!c.quote)
        return c.symbol + " has no quote";
    if (c.quote->time == Timestamp{})
        return "Quote of " + c.symbol + " has no time, so its age is unknown";
    const bool session = isRegularSession(now);
    const long long limitSec = session ? maxAgeSec : maxAgeOffHoursSec;
    const long long ageMs = (now - c.quote->time).count(); // negative: clocks apart, fresh
    if (ageMs <= limitSec * 1000)
        return std::nullopt;
    const long long ageSec = (ageMs + 999) / 1000; // 60.5 s shows as 61 s, above a 60 s limit
    return "Quote of " + c.symbol + " is " + ageText(ageSec) + " old, above the " +
           ageText(limitSec) + " limit" + (session ? "" : " outside regular hours");
}

std::string ageText(long long seconds) {
    if (seconds < 120)
        return std::to_string(seconds) + " s";
    const long long minutes = seconds / 60;
    if (minutes < 60)
        return std::to_string(minutes) + " min";
    const long long rest = minutes % 60;
    return std::to_string(minutes / 60) + " h" + (rest ? " " + std::to_string(rest) + " min" : "");
}

} // namespace cg
