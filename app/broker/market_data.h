#pragma once
// Where quotes come from. Asynchronous: each call answers exactly once through its callback, on
// the thread that made the call (the implementation's event loop).

#include "domain/contract.h"
#include "domain/result.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>

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

class MarketData {
public:
    virtual ~MarketData() = default;
    template <class T> using Callback = std::function<void(Result<T>)>;

    virtual void underlyingPrice(const std::string &symbol, Callback<UnderlyingPrice> done) = 0;
    virtual void optionChain(const ChainQuery &query, Callback<OptionChain> done) = 0;
};

} // namespace cg
