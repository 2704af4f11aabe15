#pragma once
// RFC-3339 timestamps as Alpaca writes them ("2024-04-22T19:59:59.992734208Z",
// "2022-04-19T13:45:04.981350886-04:00"), parsed without allocation: the chain parser calls this
// twice per contract.

#include "domain/quote.h"

#include <optional>
#include <string>
#include <string_view>

namespace cg::alpaca {

// Fractions beyond milliseconds are truncated. Empty on anything malformed or out of range.
std::optional<Timestamp> parseRfc3339(std::string_view text);
// UTC with milliseconds: 2024-04-22T19:59:59.992Z
std::string formatRfc3339(Timestamp t);
// YYYY-MM-DD; empty when malformed.
std::optional<std::chrono::year_month_day> parseIsoDate(std::string_view text);
std::string formatIsoDate(std::chrono::year_month_day d);

} // namespace cg::alpaca
