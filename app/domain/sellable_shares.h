#pragma once
// How many shares of a stock a SELL may still close: the long position minus what open sell
// orders already offer. A SELL never sells more, so it never opens a short.

#include "domain/account.h"

#include <string_view>
#include <vector>

namespace cg {

struct Sellable {
    double held = 0.0;        // long shares (0 when flat or short)
    double inOpenSells = 0.0; // shares of open sell orders not yet filled
    double available() const { return held > inOpenSells ? held - inOpenSells : 0.0; }
};

Sellable sellableShares(const std::vector<Position> &positions, const std::vector<Order> &open,
                        std::string_view symbol);

} // namespace cg
