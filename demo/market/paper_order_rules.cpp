#include "market/paper_order_rules.h"

#include "domain/eastern_time.h"
#include "market/expiry_calendar.h"

#include <charconv>
#include <cmath>

namespace cg::market {

Error invalidRequest(std::string message) {
    return Error{std::move(message), 422, kInvalidRequest};
}

std::optional<double> parseDecimal(const std::string &text) {
    if (text.empty() || text.size() > 32)
        return std::nullopt;
    double v = 0.0;
    const char *end = text.data() + text.size();
    const auto r = std::from_chars(text.data(), end, v, std::chars_format::fixed);
    if (r.ec != std::errc{} || r.ptr != end || !std::isfinite(v))
        return std::nullopt;
    return v;
}

Timestamp sessionCloseFor(Timestamp t) {
    using namespace std::chrono;
    year_month_day d = easternDate(t);
    if (isWeekday(d) && easternMinuteOfDay(t) < 16 * 60)
        return easternInstant(d, 16, 0);
    do {
        d = year_month_day{sys_days{d} + days{1}};
    } while (!isWeekday(d));
    return easternInstant(d, 16, 0);
}

} // namespace cg::market
