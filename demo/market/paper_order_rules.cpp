#include "market/paper_order_rules.h"

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

std::string qtyText(double q) {
    if (q == std::floor(q))
        return std::to_string(static_cast<long long>(q));
    return std::to_string(q);
}

} // namespace cg::market
