#pragma once
// How many contracts of an option position a close may still take: those held less what open
// orders on the same contract already close (a working sell to close of a long, a buy to close
// of a short), a multi-leg order's legs included. Alpaca refuses a close beyond it
// ("insufficient qty available for order").

#include "domain/account.h"

#include <string>
#include <string_view>
#include <vector>

namespace cg {

struct Closable {
    double held = 0.0;         // contracts held, long or short (absolute)
    double inOpenCloses = 0.0; // of them, what open closing orders still offer
    std::string firstOrderId;  // one of those orders, to name it
    double available() const { return held > inOpenCloses ? held - inOpenCloses : 0.0; }
};

Closable closableContracts(const std::vector<Position> &positions, const std::vector<Order> &open,
                           std::string_view contract);

} // namespace cg
