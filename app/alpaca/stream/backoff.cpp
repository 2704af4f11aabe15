#include "alpaca/stream/backoff.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cg::alpaca::stream {

std::chrono::milliseconds Backoff::delay(int attempt, double random01) const {
    const double capped = static_cast<double>(std::max<std::int64_t>(max.count(), 1));
    const double exp = std::ldexp(static_cast<double>(std::max<std::int64_t>(base.count(), 1)),
                                  std::clamp(attempt, 0, 40));
    double d = std::min(exp, capped);
    if (jitter)
        d = d / 2.0 + d / 2.0 * std::clamp(random01, 0.0, 1.0);
    return std::chrono::milliseconds{static_cast<std::int64_t>(std::llround(d))};
}

std::string secondsText(std::chrono::milliseconds d) {
    char text[32];
    if (d.count() < 10'000 && d.count() % 1000 != 0)
        std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(d.count()) / 1000.0);
    else
        std::snprintf(
            text, sizeof text, "%lld s",
            static_cast<long long>(std::llround(static_cast<double>(d.count()) / 1000.0)));
    return text;
}

} // namespace cg::alpaca::stream
