#pragma once
// Dollar amounts in refusal reasons a trader reads: "$8,801.00". Locale-independent, like
// domain/number_format.h.

#include <string>

namespace cg {

// "$8,801.00", "-$120.50"; two decimals, thousands separated by commas.
std::string formatMoney(double amount);

} // namespace cg
