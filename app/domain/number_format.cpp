#include "domain/number_format.h"

#include <array>
#include <charconv>
#include <cmath>

namespace cg {

std::string formatFixed(double x, int decimals) {
    if (std::isnan(x))
        return "NaN";
    if (std::isinf(x))
        return x > 0 ? "inf" : "-inf";
    if (x == 0.0)
        x = 0.0; // no "-0.00"
    std::array<char, 512> buf{};
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), x, std::chars_format::fixed,
                                 decimals < 0 ? 0 : decimals);
    if (r.ec != std::errc{})
        return "?";
    std::string s(buf.data(), r.ptr);
    if (s.starts_with('-') && s.find_first_not_of("-0.") == std::string::npos)
        s.erase(0, 1); // -0.001 at 2 decimals is "0.00", not "-0.00"
    return s;
}

std::string formatTrimmed(double x, int maxDecimals) {
    std::string s = formatFixed(x, maxDecimals);
    if (s.find('.') == std::string::npos || !std::isfinite(x))
        return s;
    while (s.ends_with('0'))
        s.pop_back();
    if (s.ends_with('.'))
        s.pop_back();
    return s;
}

std::string formatPrice(double x) {
    if (std::isfinite(x) && std::abs(x * 100.0 - std::round(x * 100.0)) > 1e-6) {
        std::string s = formatTrimmed(x, 4);
        if (s.find('.') != std::string::npos && s.size() - s.find('.') - 1 >= 2)
            return s;
    }
    return formatFixed(x, 2);
}

std::string formatMoney(double amount) {
    if (!std::isfinite(amount))
        return "$?";
    std::string digits = formatFixed(std::abs(amount), 2); // "8801.00"
    // A loss that rounds to zero cents reads "$0.00", not "-$0.00".
    const bool negative = amount < 0.0 && digits.find_first_not_of("0.") != std::string::npos;
    const auto point = digits.find('.');
    std::string whole = digits.substr(0, point);
    const std::string cents = point == std::string::npos ? std::string() : digits.substr(point);
    for (auto i = static_cast<long>(whole.size()) - 3; i > 0; i -= 3)
        whole.insert(static_cast<std::size_t>(i), ",");
    return (negative ? "-$" : "$") + whole + cents;
}

std::string formatByteSize(long long bytes) {
    constexpr long long kKB = 1024;
    constexpr long long kMB = kKB * 1024;
    if (bytes >= kMB && bytes % kMB == 0)
        return std::to_string(bytes / kMB) + " MB";
    if (bytes >= kMB)
        return formatTrimmed(static_cast<double>(bytes) / kMB, 1) + " MB";
    if (bytes >= kKB && bytes % kKB == 0)
        return std::to_string(bytes / kKB) + " KB";
    return std::to_string(bytes) + " B";
}

std::string formatDate(int year, unsigned month, unsigned day) {
    std::string s;
    const auto pad = [&s](long v, int width) {
        std::string d = std::to_string(v < 0 ? -v : v);
        if (v < 0)
            s += '-';
        for (int i = static_cast<int>(d.size()); i < width; ++i)
            s += '0';
        s += d;
    };
    pad(year, 4);
    s += '-';
    pad(static_cast<long>(month), 2);
    s += '-';
    pad(static_cast<long>(day), 2);
    return s;
}

std::string formatDate(std::chrono::year_month_day d) {
    return formatDate(static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                      static_cast<unsigned>(d.day()));
}

} // namespace cg
