#pragma once
// How many contracts (or shares) of a position a close may still take: those held less what open
// orders on the same contract already close (a working sell to close of a long, a buy to close
// of a short), a multi-leg order's legs included. Alpaca refuses a close beyond it
// ("insufficient qty available for order").

#include "domain/account.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cg {

struct Closable {
    double held = 0.0;         // contracts held, long or short (absolute)
    double inOpenCloses = 0.0; // of them, what open closing orders still offer
    std::string firstOrderId;  // one of those orders, to name it
    // Of a long stock position: the shares short calls written on it hold (Alpaca locks them;
    // selling them would leave the calls naked). 0 for an option.
    double coveringShortCalls = 0.0;
    double available() const {
        const double taken = inOpenCloses + coveringShortCalls;
        return held > taken ? held - taken : 0.0;
    }
};

Closable closableContracts(const std::vector<Position> &positions, const std::vector<Order> &open,
                           std::string_view contract);

// The signed stock position in `symbol` (its option contracts left out); 0 when none.
double stockPosition(const std::vector<Position> &positions, std::string_view symbol);

// The shares of `symbol` that short calls written on it hold: 100 a contract.
inline constexpr const char *kCoveringShortCallsWords =
    " covering short calls (buy them back to free the shares)";
double sharesCoveringShortCalls(std::span<const Position> positions, std::string_view symbol);

// closableContracts for a stock position: a long's shares that cover short calls are not closable.
Closable closableShares(const std::vector<Position> &positions, const std::vector<Order> &open,
                        std::string_view symbol);

// "3 SPY261218C00600000 held, 1 of them in open orders to close (order o1)" ("short" for a
// short position): what a close may take, in a trader's words.
std::string describeClosable(const Closable &c, std::string_view symbol, bool shortPosition);

// Why an order of `side` on `symbol` would not close what is held now (`held`, signed: the
// position closed or turned since it was shown): "Nothing to close: ..."; nullopt when it closes.
std::optional<std::string> nothingToClose(std::string_view symbol, OrderSide side, double held);

} // namespace cg
