#include "support/fake_market_data.h"

#include "domain/occ_symbol.h"

#include <QTimer>

#include <algorithm>
#include <cmath>

namespace cg::test {

void FakeMarketData::answer(std::function<void()> reply) {
    if (hold)
        m_held.push_back(std::move(reply));
    else
        QTimer::singleShot(0, this, std::move(reply));
}

void FakeMarketData::release() {
    hold = false;
    auto held = std::move(m_held);
    m_held.clear();
    for (auto &reply : held)
        reply();
}

void FakeMarketData::underlyingPrice(const std::string &symbol, Callback<UnderlyingPrice> done) {
    ++priceCalls;
    Result<UnderlyingPrice> r = Error::make("no price for " + symbol);
    if (priceError)
        r = *priceError;
    else if (auto e = priceErrors.find(symbol); e != priceErrors.end())
        r = e->second;
    else if (auto p = prices.find(symbol); p != prices.end())
        r = UnderlyingPrice{symbol, p->second, {}};
    else if (price)
        r = UnderlyingPrice{symbol, *price, {}};
    answer([done = std::move(done), r] { done(r); });
}

void FakeMarketData::stockBars(const BarsQuery &q, Callback<std::vector<PriceBar>> done) {
    barsQueries.push_back(q);
    if (barsError) {
        answer([done = std::move(done), err = *barsError] { done(err); });
        return;
    }
    std::vector<PriceBar> out;
    for (const PriceBar &b : bars) {
        if ((!q.start || b.time >= *q.start) && (!q.end || b.time <= *q.end))
            out.push_back(b);
    }
    answer([done = std::move(done), out = std::move(out)] { done(out); });
}

void FakeMarketData::optionChain(const ChainQuery &q, Callback<OptionChain> done) {
    queries.push_back(q);
    if (chainError) {
        answer([done = std::move(done), err = *chainError] { done(err); });
        return;
    }
    OptionChain chain;
    if (!preparedChains.empty()) {
        chain = std::move(preparedChains.front());
        preparedChains.pop_front();
    } else {
        chain = chainFor(q);
    }
    answer(
        [done = std::move(done), chain = std::move(chain)]() mutable { done(std::move(chain)); });
}

OptionChain FakeMarketData::chainFor(const ChainQuery &q) const {
    OptionChain chain;
    chain.underlying = q.underlying;
    for (const OptionContract &c : contracts) {
        if ((q.type && c.type != *q.type) || c.underlying != q.underlying)
            continue;
        if ((q.strikeMin && c.strike < *q.strikeMin) || (q.strikeMax && c.strike > *q.strikeMax))
            continue;
        if ((q.expiryFrom && c.expiry < *q.expiryFrom) || (q.expiryTo && c.expiry > *q.expiryTo))
            continue;
        chain.contracts.push_back(c);
    }
    return chain;
}

OptionContract *FakeMarketData::find(const std::string &symbol) {
    for (auto &c : contracts) {
        if (c.symbol == symbol)
            return &c;
    }
    return nullptr;
}

OptionContract makeContract(const std::string &underlying, OptionType type, double strike,
                            std::chrono::year_month_day expiry, double bid, double ask,
                            std::int64_t openInterest, std::int64_t volume) {
    OptionContract c;
    c.symbol = formatOccSymbol(underlying, expiry, type, strike);
    c.root = underlying;
    c.underlying = underlying;
    c.type = type;
    c.strike = strike;
    c.expiry = expiry;
    c.quote = Quote{bid, ask, 10, 10, {}};
    c.lastPrice = (bid + ask) / 2;
    c.openInterest = openInterest;
    c.volume = volume;
    const double d = type == OptionType::Call ? 0.5 : -0.5;
    c.greeks = Greeks{d, 0.05, -0.04, 0.1, 0.02};
    c.impliedVol = 0.2;
    return c;
}

std::vector<OptionContract> makeChain(const std::string &underlying,
                                      std::chrono::year_month_day expiry, double first, double step,
                                      int count, double spot) {
    std::vector<OptionContract> out;
    for (int i = 0; i < count; ++i) {
        const double k = first + step * i;
        for (OptionType t : {OptionType::Call, OptionType::Put}) {
            const double intrinsic =
                t == OptionType::Call ? std::max(0.0, spot - k) : std::max(0.0, k - spot);
            const double m = intrinsic + 1.0;
            out.push_back(makeContract(underlying, t, k, expiry, m - 0.02, m + 0.02));
        }
    }
    return out;
}

} // namespace cg::test
