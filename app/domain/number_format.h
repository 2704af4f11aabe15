#pragma once
// Locale-independent number text for reasons a trader reads. std::to_chars, not printf: the Qt
// front ends call setlocale(), and "5,07%" in a log or a JSON reason would be a bug.

#include <chrono>
#include <string>

namespace cg {

// Fixed notation with exactly `decimals` digits after the point: 1.2 -> "1.20".
std::string formatFixed(double x, int decimals);
// At most `maxDecimals` digits, trailing zeros dropped: 10 -> "10", 12.40 -> "12.4".
std::string formatTrimmed(double x, int maxDecimals);
// A price: two decimals, more (up to four) only when the value has sub-cent digits.
std::string formatPrice(double x);
// Dollars, two decimals, thousands separated by commas: "$8,801.00", "-$120.50"; never
// "-$0.00". "$?" when not finite.
std::string formatMoney(double amount);
// A size limit in bytes: 67108864 -> "64 MB", 1024 -> "1 KB", 300 -> "300 B".
std::string formatByteSize(long long bytes);
// A date as YYYY-MM-DD (the format Alpaca and the database use).
std::string formatDate(int year, unsigned month, unsigned day);
std::string formatDate(std::chrono::year_month_day d);

} // namespace cg
