#include "domain/realized_pnl.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>

namespace cg {

namespace {

constexpr double kEps = 1e-9;

struct Lot {
    double qty = 0.0; // signed: > 0 long, < 0 short
    double price = 0.0;
};

} // namespace

std::vector<RealizedPnl> realizedPnlFifo(std::span<const Fill> fills) {
    std::vector<RealizedPnl> out(fills.size());
    std::map<std::string, std::deque<Lot>> lots;
    for (std::size_t i = 0; i < fills.size(); ++i) {
        const Fill &f = fills[i];
        RealizedPnl &r = out[i];
        if (!(f.qty > 0.0) || !std::isfinite(f.qty) || !std::isfinite(f.price))
            continue;
        const double sign = f.side == OrderSide::Buy ? 1.0 : -1.0;
        std::deque<Lot> &queue = lots[f.symbol];
        double left = f.qty;
        // Lots on the other side are closed, oldest first.
        while (left > kEps && !queue.empty() && queue.front().qty * sign < 0.0) {
            Lot &lot = queue.front();
            const double take = std::min(left, std::abs(lot.qty));
            // A long closed by a sell gains exit - entry; a short closed by a buy entry - exit.
            r.realized +=
                (f.price - lot.price) * take * f.multiplier * (lot.qty > 0.0 ? 1.0 : -1.0);
            r.closedQty += take;
            left -= take;
            lot.qty += sign * take;
            if (std::abs(lot.qty) < kEps)
                queue.pop_front();
        }
        if (left <= kEps)
            continue;
        if (f.closing) {
            r.unmatchedQty = left;
            continue;
        }
        queue.push_back(Lot{sign * left, f.price});
        r.openedQty = left;
    }
    return out;
}

} // namespace cg
