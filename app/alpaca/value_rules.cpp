#include "alpaca/value_rules.h"

#include <charconv>
#include <cmath>

namespace cg::alpaca::detail {

std::optional<double> numberFromText(std::string_view text) {
    double d = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), d);
    if (text.empty() || r.ec != std::errc{} || r.ptr != text.data() + text.size())
        return std::nullopt;
    if (!std::isfinite(d))
        return std::nullopt;
    return d;
}

std::optional<std::int64_t> countFromNumber(double d) {
    if (!(d >= 0 && d < 9.0e18) || d != std::floor(d))
        return std::nullopt;
    return static_cast<std::int64_t>(d);
}

std::optional<double> *greekSlot(GreekReadings &g, std::string_view key) {
    return key == "delta"   ? &g.delta
           : key == "gamma" ? &g.gamma
           : key == "theta" ? &g.theta
           : key == "vega"  ? &g.vega
           : key == "rho"   ? &g.rho
                            : nullptr;
}

void applyGreeks(OptionContract &c, const GreekReadings &g) {
    if (g.delta)
        c.greeks = Greeks{*g.delta, g.gamma.value_or(0.0), g.theta.value_or(0.0),
                          g.vega.value_or(0.0), g.rho.value_or(0.0)};
}

} // namespace cg::alpaca::detail
