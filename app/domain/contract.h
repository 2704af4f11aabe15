#pragma once
// One option contract as the engine sees it: identity from the OCC symbol, the live quote and
// greeks from the snapshot, open interest and multiplier from the contracts endpoint.

#include "domain/occ_symbol.h"
#include "domain/quote.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cg {

struct OptionContract {
    std::string symbol;     // OCC, e.g. SPY260130C00609000
    std::string root;       // from the symbol; not always the underlying (AAPL1, SPXW)
    std::string underlying; // e.g. SPY
    OptionType type = OptionType::Call;
    double strike = 0.0;
    std::chrono::year_month_day expiry{};
    double multiplier = 100.0;

    std::optional<Quote> quote;
    std::optional<double> lastPrice;
    std::optional<std::int64_t> volume;       // today's volume (snapshot dailyBar.v)
    std::optional<std::int64_t> openInterest; // from /v2/options/contracts
    std::optional<Greeks> greeks;
    std::optional<double> impliedVol; // 0.25 = 25 %
};

struct UnderlyingPrice {
    std::string symbol;
    double price = 0.0;
    Timestamp time{};
};

struct OptionChain {
    std::string underlying;
    std::vector<OptionContract> contracts;
};

} // namespace cg
