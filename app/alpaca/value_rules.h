#pragma once
// The rules a value must meet to be read, shared by the DOM readers (simdjson_read.cpp,
// chain_parser_simdjson.cpp) and the JSON cursor's chain reader (chain_parser_cursor.cpp), so that
// both read a page alike. Internal to the alpaca library.

#include "domain/contract.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace cg::alpaca::detail {

// A numeric string as a number: the whole text, finite; empty for "", "12abc", "inf", "nan".
std::optional<double> numberFromText(std::string_view text);
// A number as a count: non-negative, whole and within int64 (12.0 counts); empty otherwise.
std::optional<std::int64_t> countFromNumber(double d);

// A snapshot's greeks as they are read, each absent until its key is met.
struct GreekReadings {
    std::optional<double> delta, gamma, theta, vega, rho;
};
// Where the value of `key` goes; nullptr for a key the chain does not read.
std::optional<double> *greekSlot(GreekReadings &g, std::string_view key);
// The contract's greeks once the object is read: known when delta is, the others 0 when absent.
void applyGreeks(OptionContract &c, const GreekReadings &g);

} // namespace cg::alpaca::detail
