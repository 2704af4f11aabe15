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

// Where a contract's greeks and IV come from. One byte: a chain holds thousands of contracts.
// The values after Computed say why a contract the feed sent no greeks for has none.
enum class GreeksSource : std::uint8_t {
    Feed,            // as the snapshot sent them (none when it sent none and nothing was computed)
    Computed,        // IV solved from the mid, greeks from that IV (domain/black_scholes_greeks.h)
    NoMid,           // none: no bid (or no quote), so no mid to solve from
    NoUnderlying,    // none: the underlying price is unknown
    Expired,         // none: no time left, the price has no volatility in it
    NoTimeValue,     // none: the mid is at or below the intrinsic value
    AboveMaximum,    // none: the mid is at or above what any volatility can give
    VolBelowMinimum, // none: the mid implies a volatility below the solver's 0.5 %
    Unsolved,        // none: the solver found no volatility
};

struct OptionContract {
    // Provided, so that value-initialization (a parser's emplace_back()) runs the initializers
    // below without first zeroing all 272 bytes (a rep stos a contract: 20 % of a page's loop).
    OptionContract() noexcept {} // NOLINT(modernize-use-equals-default): see above

    std::string symbol;     // OCC, e.g. SPY260130C00609000
    std::string root;       // from the symbol; not always the underlying (AAPL1, SPXW)
    std::string underlying; // e.g. SPY
    OptionType type = OptionType::Call;
    GreeksSource greeksSource = GreeksSource::Feed; // with `type` and `expiry`: one word
    std::chrono::year_month_day expiry{};
    double strike = 0.0;
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
