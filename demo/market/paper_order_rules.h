// What the paper account's order checks share, for single-leg and multi-leg orders alike:
// Alpaca's error codes, its decimal text, and the close a day order works until.
#pragma once

#include "domain/market_calendar.h"
#include "domain/quote.h"
#include "domain/result.h"

#include <optional>
#include <string>

namespace cg::market {

inline constexpr long long kInvalidRequest = 40010001;
inline constexpr long long kUnprocessable = 42210000;
inline constexpr long long kForbidden = 40310000;
inline constexpr long long kNotFound = 40410000;

// A request Alpaca refuses as malformed: 422 with code 40010001.
Error invalidRequest(std::string message);

// A decimal as Alpaca accepts it: plain digits with an optional point and sign, nothing after.
std::optional<double> parseDecimal(const std::string &text);

// A quantity in Alpaca's messages: "3", or "2.500000" for a fraction.
std::string qtyText(double q);

// The close a day order works until is cg::sessionCloseFor (domain/market_calendar.h).
using cg::sessionCloseFor;

} // namespace cg::market
