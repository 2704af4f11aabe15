#pragma once
// How many shares of a stock a SELL may still close: the long position minus what open sell
// orders already offer and what short calls written on it hold. A SELL never sells more, so it
// never opens a short nor leaves a call naked.

#include "domain/account.h"

#include <string>
#include <string_view>
#include <vector>

namespace cg {

struct Sellable {
    double held = 0.0;        // long shares (0 when flat or short)
    double inOpenSells = 0.0; // shares of open sell orders not yet filled
    // Shares short calls written on the stock hold (Alpaca locks them: sold, the calls would be
    // naked).
    double coveringShortCalls = 0.0;
    double available() const {
        const double taken = inOpenSells + coveringShortCalls;
        return held > taken ? held - taken : 0.0;
    }
};

Sellable sellableShares(const std::vector<Position> &positions, const std::vector<Order> &open,
                        std::string_view symbol);

// "12 IWM shares held, 5 of them in open sell orders" (and what short calls hold): a trader's
// words for what a SELL may take.
std::string describeSellable(const Sellable &s, std::string_view symbol);

} // namespace cg
