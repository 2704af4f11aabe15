#pragma once
// An in-process MarketData for model and UI tests: answers asynchronously (next event-loop turn)
// from a list of contracts, or with a configured error; can hold answers to show "loading".

#include "broker/market_data.h"

#include <functional>
#include <optional>
#include <vector>

namespace cg::test {

class FakeMarketData final : public MarketData {
public:
    std::vector<OptionContract> contracts;
    double price = 100.0;
    std::optional<Error> chainError;
    std::optional<Error> priceError;
    bool hold = false; // keep answers until release()
    std::vector<ChainQuery> queries;

    void underlyingPrice(const std::string &symbol, Callback<UnderlyingPrice> done) override;
    void optionChain(const ChainQuery &query, Callback<OptionChain> done) override;
    // Answers every held call, in order.
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
