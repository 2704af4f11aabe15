#include "models/fake_market_data.h"

#include "domain/occ_symbol.h"

#include <QTimer>

#include <algorithm>
#include <cmath>

namespace cg::test {

void FakeMarketData::answer(std::function<void()> reply) {
    if (hold) {
        m_held.push_back(std::move(reply));
        return;
    }
    QTimer::singleShot(0, [reply = std::move(reply)] { reply(); });
}

void FakeMarketData::release() {
    auto held = std::move(m_held);
    m_held.clear();
    for (auto &r : held)
        r();
}

void FakeMarketData::underlyingPrice(const std::string &symbol, Callback<UnderlyingPrice> done) {
    auto err = priceError;
    const double p = price;
    answer([symbol, done = std::move(done), err, p] {
        if (err)
            done(*err);
        else
            done(UnderlyingPrice{symbol, p, {}});
    });
}

void FakeMarketData::optionChain(const ChainQuery &query, Callback<OptionChain> done) {
    queries.push_back(query);
    if (chainError) {
        answer([done = std::move(done), err = *chainError] { done(err); });
        return;
    }
    OptionChain chain;
    chain.underlying = query.underlying;
    for (const OptionContract &c : contracts) {
        if (c.underlying != query.underlying)
            continue;
        if (query.expiryFrom && c.expiry < *query.expiryFrom)
            continue;
        if (query.expiryTo && c.expiry > *query.expiryTo)
            continue;
        if (query.type && c.type != *query.type)
            continue;
        chain.contracts.push_back(c);
    }
    answer([done = std::move(done), chain = std::move(chain)] { done(chain); });
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
