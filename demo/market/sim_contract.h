#pragma once
// One listed option contract in the simulated market: identity, the traits fixed for the session
// (liquidity, open interest, day volume) and the live quote, greeks and last trade.

#include "domain/option_type.h"
#include "domain/quote.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace cg::market {

// Deliberately broken quotes, one or two per chain, so the quote gate has something to catch.
enum class QuoteQuirk {
    None,
    Crossed, // bid above ask
    Empty,   // no bid and no ask (0 / 0)
};

struct SimTrade {
    double price = 0.0;
    int size = 0;
    Timestamp time{};
    char exchange = 'C';
};

struct SimBar {
    Timestamp time{}; // session date, midnight New York time
    double open = 0.0;
    double high = 0.0;
    double low = 0.0;
    double close = 0.0;
    std::int64_t volume = 0;
    std::int64_t trades = 0;
    double vwap = 0.0;
};

struct SimContract {
    // Identity.
    std::string symbol; // OCC, e.g. SPY261127C00700000
    std::string root;
    std::string underlying;
    std::string id; // the contract's asset id (UUID)
    OptionType type = OptionType::Call;
    double strike = 0.0;
    std::chrono::year_month_day expiry{};
    bool monthly = false;

    // Traits for the session; they fall off away from the money.
    std::uint64_t traitHash = 0;
    double liquidity = 0.0;                   // 0 (nobody trades it) .. ~1.5 (ATM SPY monthly)
    double spreadNoise = 1.0;                 // per-contract widening of the spread
    std::optional<std::int64_t> openInterest; // unknown for a few contracts, as on Alpaca
    std::int64_t fullDayVolume = 0;           // contracts a whole session trades
    std::optional<double> closePrice;         // previous close; none when it did not trade
    bool publishesGreeks = true;              // Alpaca leaves greeks out for some contracts
    QuoteQuirk quirk = QuoteQuirk::None;

    // Live, refreshed whenever the underlying moves.
    double theo = 0.0; // Black-Scholes value at the smile vol
    double iv = 0.0;
    double delta = 0.0;
    double gamma = 0.0;
    double theta = 0.0; // per calendar day
    double vega = 0.0;  // per vol point
    double rho = 0.0;   // per rate point
    Quote quote;
    char bidExchange = 'C';
    char askExchange = 'C';
    std::int64_t volume = 0; // today's volume so far
    std::optional<SimTrade> lastTrade;
    SimBar dailyBar;
    std::uint64_t pricedRound = 0; // the chain's pricing round it was last priced in; 0: never

    bool hasGreeks() const {
        return publishesGreeks && quirk == QuoteQuirk::None && quote.bid > 0.0;
    }
    bool hasDailyBar() const { return volume > 0; }
};

} // namespace cg::market
