#pragma once
// In-process MarketData for dispatcher unit tests: a price per symbol and a list of contracts,
// filtered by the chain query like the real endpoint. Answers from the event loop (never inside
// the call), can fail on request, and can hold answers back to test overlapping runs.

#include "broker/market_data.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <map>
#include <vector>

namespace cg::test {

class FakeMarketData : public QObject, public MarketData {
public:
    std::map<std::string, double> prices;
    std::vector<OptionContract> contracts;
    std::map<std::string, Error> priceErrors; // symbol -> error answered instead of a price
    std::optional<Error> chainError;
    std::vector<ChainQuery> queries;
    int priceCalls = 0;
    bool hold = false; // keep answers until release()

    void underlyingPrice(const std::string &symbol, Callback<UnderlyingPrice> done) override {
        ++priceCalls;
        Result<UnderlyingPrice> r = Error::make("no price for " + symbol);
        if (auto e = priceErrors.find(symbol); e != priceErrors.end())
            r = e->second;
        else if (auto p = prices.find(symbol); p != prices.end())
            r = UnderlyingPrice{symbol, p->second, {}};
        answer([done, r] { done(r); });
    }

    void optionChain(const ChainQuery &q, Callback<OptionChain> done) override {
        queries.push_back(q);
        if (chainError) {
            const Error e = *chainError;
            answer([done, e] { done(e); });
            return;
        }
        OptionChain chain;
        chain.underlying = q.underlying;
        for (const OptionContract &c : contracts) {
            if (c.underlying != q.underlying || (q.type && c.type != *q.type))
                continue;
            if ((q.strikeMin && c.strike < *q.strikeMin) ||
                (q.strikeMax && c.strike > *q.strikeMax))
                continue;
            if ((q.expiryFrom && c.expiry < *q.expiryFrom) ||
                (q.expiryTo && c.expiry > *q.expiryTo))
                continue;
            chain.contracts.push_back(c);
        }
        answer([done, chain] { done(chain); });
    }

    OptionContract *find(const std::string &symbol) {
        for (auto &c : contracts) {
            if (c.symbol == symbol)
                return &c;
        }
        return nullptr;
    }

    void release() {
        hold = false;
        auto pending = std::move(m_held);
        m_held.clear();
        for (auto &f : pending)
            QTimer::singleShot(0, this, f);
    }
    int heldCount() const { return static_cast<int>(m_held.size()); }

private:
    void answer(std::function<void()> f) {
        if (hold)
            m_held.push_back(std::move(f));
        else
            QTimer::singleShot(0, this, std::move(f));
    }
    std::vector<std::function<void()>> m_held;
};

} // namespace cg::test
