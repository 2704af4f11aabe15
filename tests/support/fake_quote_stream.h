#pragma once
// An in-process QuoteStream for model and UI tests: records subscriptions, and lets the test
// push quote and trade batches and health changes synchronously, as a real stream's frames would
// arrive.

#include "broker/quote_stream.h"

#include <string>
#include <vector>

namespace cg::test {

class FakeQuoteStream final : public QuoteStream {
public:
    int limit = 1000;
    int starts = 0;
    int stops = 0;
    std::vector<std::vector<std::string>> subscriptions; // every setSymbols() call
    StreamStatus current;

    void start() override {
        ++starts;
        setStatus(StreamHealth::Live);
    }
    void stop() override {
        ++stops;
        setStatus(StreamHealth::Off);
    }
    // As Alpaca's stream does: the first `limit` kept.
    void setSymbols(const std::vector<std::string> &symbols) override {
        subscriptions.push_back(symbols);
        if (static_cast<int>(symbols.size()) > limit)
            subscriptions.back().resize(static_cast<std::size_t>(limit));
    }
    int symbolLimit() const override { return limit; }
    StreamStatus status() const override { return current; }

    std::vector<std::string> symbols() const {
        return subscriptions.empty() ? std::vector<std::string>{} : subscriptions.back();
    }
    void setStatus(StreamHealth health, std::string detail = {}) {
        current = {health, std::move(detail)};
        if (onStatus)
            onStatus(current);
    }
    void push(const std::vector<OptionQuoteTick> &ticks) {
        if (onQuotes)
            onQuotes(ticks);
    }
    void pushTrades(const std::vector<OptionTradeTick> &trades) {
        if (onTrades)
            onTrades(trades);
    }
};

} // namespace cg::test
