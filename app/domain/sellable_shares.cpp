#include "domain/sellable_shares.h"

#include "domain/closable_contracts.h"
#include "domain/number_format.h"

namespace cg {

Sellable sellableShares(const std::vector<Position> &positions, const std::vector<Order> &open,
                        std::string_view symbol) {
    // A long position's close, counted as a stock close counts it (a replace in flight, the
    // shares short calls hold).
    Sellable s;
    const double held = stockPosition(positions, symbol);
    if (held <= 0.0)
        return s;
    const Closable c = closableShares(positions, open, symbol);
    s.held = held;
    s.inOpenSells = c.inOpenCloses;
    s.coveringShortCalls = c.coveringShortCalls;
    return s;
}

std::string describeSellable(const Sellable &s, std::string_view symbol) {
    std::string what = formatTrimmed(s.held, 4) + " " + std::string(symbol) + " shares held, " +
                       formatTrimmed(s.inOpenSells, 4) + " of them in open sell orders";
    if (s.coveringShortCalls > 0.0)
        what += ", " + formatTrimmed(s.coveringShortCalls, 4) + kCoveringShortCallsWords;
    return what;
}

} // namespace cg
