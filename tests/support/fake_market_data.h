#pragma once
// An in-process MarketData for dispatcher, model and UI tests: prices and a list of contracts,
// filtered by the chain query like the real endpoint. Answers from the event loop (never inside
// the call), fails on request, and can hold answers back (to show "loading", or to test
// overlapping runs) until release().

#include "broker/market_data.h"

#include <QObject>

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cg::test {

class FakeMarketData final : public QObject, public MarketData {
public:
    std::vector<OptionContract> contracts;
    std::map<std::string, double> prices;     // by symbol
    std::optional<double> price;              // any other symbol's; unset: "no price for X"
    std::map<std::string, Error> priceErrors; // by symbol, answered instead of a price
    std::optional<Error> priceError;          // answered for every symbol
    std::optional<Error> chainError;
    // Answered first, in order, moved out: a benchmark builds its answers outside the timed part
    // (a parsed network answer also arrives moved), so it times the caller, not this fake's copy.
    std::deque<OptionChain> preparedChains;
    bool hold = false; // keep answers until release()
    std::vector<ChainQuery> queries;
    int priceCalls = 0;
    std::vector<PriceBar> bars; // answered for any symbol, filtered by the query's range
    std::optional<Error> barsError;
    std::vector<BarsQuery> barsQueries;

    void underlyingPrice(const std::string &symbol, Callback<UnderlyingPrice> done) override;
    void optionChain(const ChainQuery &query, Callback<OptionChain> done) override;
    void stockBars(const BarsQuery &query, Callback<std::vector<PriceBar>> done) override;
    bool exchangeQuotes = true; // as OPRA's: a quote off a class's grid proves its tick
    bool quotesOnExchangeTicks() const override { return exchangeQuotes; }

    // The chain the query would be answered with: `contracts` filtered like the real endpoint.
    OptionChain chainFor(const ChainQuery &query) const;
    OptionContract *find(const std::string &symbol);
    // Stops holding and answers every held call now, in order.
    void release();
    int pending() const { return static_cast<int>(m_held.size()); }

private:
    void answer(std::function<void()> reply);
    std::vector<std::function<void()>> m_held;
};

// A contract with a quote, greeks and the given open interest and volume.
OptionContract makeContract(const std::string &underlying, OptionType type, double strike,
                            std::chrono::year_month_day expiry, double bid, double ask,
                            std::int64_t openInterest = 500, std::int64_t volume = 300);
// Calls and puts at strikes first, first + step, ... for one expiry, with quotes that pass.
std::vector<OptionContract> makeChain(const std::string &underlying,
                                      std::chrono::year_month_day expiry, double first, double step,
                                      int count, double spot);

} // namespace cg::test
