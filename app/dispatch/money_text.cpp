#include "dispatch/money_text.h"

#include "domain/number_format.h"

#include <cmath>

namespace cg {

std::string formatMoney(double amount) {
    if (!std::isfinite(amount))
        return "$?";
    const bool negative = amount < 0.0;
    std::string digits = formatFixed(std::abs(amount), 2); // "8801.00"
    const auto point = digits.find('.');
    std::string whole = digits.substr(0, point);
    const std::string cents = point == std::string::npos ? std::string() : digits.substr(point);
    for (auto i = static_cast<long>(whole.size()) - 3; i > 0; i -= 3)
        whole.insert(static_cast<std::size_t>(i), ",");
    return (negative ? "-$" : "$") + whole + cents;
}

} // namespace cg
