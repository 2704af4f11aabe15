#pragma once
// Test scenarios for the dispatcher: the seed's day (SPY at 697.12 on 2026-01-28, 10:30 New
// York) with a chain priced by Black-Scholes, and helpers to wait for asynchronous answers.

#include "domain/black_scholes.h"
#include "domain/contract.h"
#include "domain/market_calendar.h"
#include "domain/occ_symbol.h"

#include <QTest>

#include <chrono>
#include <cmath>

namespace cg::test {

using namespace std::chrono;

inline constexpr double kSeedSpot = 697.12;

inline Timestamp seedNow() {
    // 2026-01-28 15:30 UTC = 10:30 EST, a Wednesday.
    return time_point_cast<milliseconds>(sys_days{2026y / January / 28} + 15h + 30min);
}

inline double round2(double x) {
    return std::round(x * 100.0) / 100.0;
}

// A contract priced by Black-Scholes (vol 15 %, rate 4 %) with a 4 % spread and healthy
// volume and open interest: it passes all five gates unless a test spoils it.
inline OptionContract pricedContract(const std::string &underlying, OptionType type,
                                     year_month_day expiry, double strike, double spot,
                                     Timestamp now, double vol = 0.15) {
    OptionContract c;
    c.symbol = formatOccSymbol(underlying, expiry, type, strike);
    c.root = underlying;
    c.underlying = underlying;
    c.type = type;
    c.strike = strike;
    c.expiry = expiry;
    const double years = std::max(0.0, duration<double>(optionExpiryInstant(expiry) - now).count() /
                                           (365.0 * 86400));
    const BsResult bs = blackScholes(BsInput{type, spot, strike, years, 0.04, vol, 0.0});
    const double price = std::max(bs.price, 0.10);
    const double half = std::max(0.01, price * 0.02);
    c.quote = Quote{round2(price - half), round2(price + half), 10, 10, now};
    c.volume = 500;
    c.openInterest = 1000;
    c.greeks = Greeks{bs.delta, bs.gamma, bs.thetaPerDay, bs.vegaPerPoint, bs.rhoPerPoint};
    c.impliedVol = vol;
    return c;
}

// SPY calls and puts, strikes 600-800, expiring 2026-01-28 (0 days: outside every window),
// 2026-01-30 (2 days) and 2026-02-06 (9 days). The 708 call of 01-30 fails the volume gate, so
// the day_trade call is the 709 of 01-30: the lowest passing strike >= 697.12 x 1.015 = 707.58
// on the nearest expiry 1-7 days out. The seed's 609 call has its quote and delta 0.987.
inline std::vector<OptionContract> seedChain() {
    std::vector<OptionContract> out;
    const Timestamp now = seedNow();
    for (auto expiry : {2026y / January / 28, 2026y / January / 30, 2026y / February / 6}) {
        for (int k = 600; k <= 800; ++k) {
            for (auto type : {OptionType::Call, OptionType::Put})
                out.push_back(pricedContract("SPY", type, expiry, k, kSeedSpot, now));
        }
    }
    for (auto &c : out) {
        if (c.expiry == 2026y / January / 30 && c.type == OptionType::Call) {
            if (c.strike == 708)
                c.volume = 40;
            if (c.strike == 609) {
                c.quote->bid = 85.78;
                c.quote->ask = 90.24;
                c.greeks->delta = 0.987;
            }
        }
    }
    return out;
}

// Waits (spinning the event loop) until `flag` is set; false after the timeout.
template <class F> bool waitFor(F &&ready, int timeoutMs = 5000) {
    return QTest::qWaitFor(std::forward<F>(ready), timeoutMs);
}

} // namespace cg::test
