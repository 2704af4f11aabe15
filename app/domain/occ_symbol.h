#pragma once
// OCC option symbols as Alpaca writes them: ROOT + YYMMDD + C|P + strike x 1000 in 8 digits.
// Parsed from the right, so roots of 1-6 characters, with digits for adjusted contracts (AAPL1),
// work.

#include "domain/option_type.h"
#include "domain/result.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace cg {

struct OccSymbol {
    std::string root;
    std::chrono::year_month_day expiry{};
    OptionType type = OptionType::Call;
    std::int64_t strikeThousandths = 0; // exact: 162.5 -> 162500

    double strike() const { return static_cast<double>(strikeThousandths) / 1000.0; }
    // The stock the contract is on: the root less the digit a corporate action's adjustment
    // adds (AAPL1 -> AAPL, XOM2 -> XOM; API.md section 12). Stock tickers carry no digits.
    std::string underlying() const;
    bool operator==(const OccSymbol &) const = default;
};

Result<OccSymbol> parseOccSymbol(std::string_view symbol);
std::string formatOccSymbol(const OccSymbol &s);
// Builds a symbol from a strike in dollars (rounded to the nearest tenth of a cent).
std::string formatOccSymbol(std::string_view root, std::chrono::year_month_day expiry,
                            OptionType type, double strike);

} // namespace cg
