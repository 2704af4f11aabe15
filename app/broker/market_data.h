#pragma once
// Where quotes come from. Asynchronous: each call answers exactly once through its callback, on
// the thread that made the call (the implementation's event loop).

#include "domain/contract.h"
#include "domain/result.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cg {

struct ChainQuery {
    std::string underlying;
    std::optional<OptionType> type;
    std::optional<double> strikeMin;
    std::optional<double> strikeMax;
    std::optional<std::chrono::year_month_day> expiryFrom; // inclusive
    std::optional<std::chrono::year_month_day> expiryTo;   // inclusive
    bool withOpenInterest = true; // also read /v2/options/contracts for OI and multiplier

    // Only this contract (its strike, side and expiry), e.g. to re-read its quote.
    static ChainQuery forContract(const std::string &underlying, const OptionContract &c) {
        ChainQuery q;
        q.underlying = underlying;
        q.type = c.type;
        q.strikeMin = c.strike;
        q.strikeMax = c.strike;
        q.expiryFrom = c.expiry;
        q.expiryTo = c.expiry;
        return q;
    }
};

// One bar of a stock's price history. Daily and longer bars are stamped at New York midnight.
struct PriceBar {
    Timestamp time{}; // the bar's start
    double open = 0.0;
    double high = 0.0;
    double low = 0.0;
    double close = 0.0;
    std::int64_t volume = 0;
    std::int64_t trades = 0;
    double vwap = 0.0;
};

struct BarsQuery {
    std::string symbol;
    std::string timeframe = "1Day"; // Alpaca's: 1Min, 5Min, 15Min, 1Hour, 1Day, 1Week, 1Month
    std::optional<Timestamp> start; // Alpaca's default: the beginning of today
    std::optional<Timestamp> end;   // Alpaca's default: now
    int maxBars = 10000;            // across pages; the oldest are kept when there are more
};

class MarketData {
public:
    virtual ~MarketData() = default;
    template <class T> using Callback = std::function<void(Result<T>)>;

    virtual void underlyingPrice(const std::string &symbol, Callback<UnderlyingPrice> done) = 0;
    virtual void optionChain(const ChainQuery &query, Callback<OptionChain> done) = 0;
    // The stock's bars in the query's range, oldest first.
    virtual void stockBars(const BarsQuery &query, Callback<std::vector<PriceBar>> done) = 0;
    // Whether option quotes are the exchanges' own (OPRA), which sit on each class's ticks: a
    // quote off a class's listed grid then proves a finer tick (domain/tick_table.h). Alpaca's
    // indicative feed modifies its quotes, so it proves nothing.
    virtual bool quotesOnExchangeTicks() const { return false; }
};

} // namespace cg
