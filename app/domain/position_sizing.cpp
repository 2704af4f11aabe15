#include "domain/position_sizing.h"

#include <algorithm>
#include <cmath>

namespace cg {

namespace {

// floor(a / b) for a count of contracts. The slack keeps an exact fit (5000 / (0.5 x 100))
// from flooring to 99 through binary noise; the cap keeps the double -> int cast defined.
int wholeContracts(double amount, double costPerContract) {
    const double n = std::floor(amount / costPerContract + 1e-9);
    if (!(n > 0.0))
        return 0;
    return static_cast<int>(std::min(n, 1e9));
}

SizingResult zero(SizingResult r, std::string reason) {
    r.qty = 0;
    r.totalCost = 0.0;
    r.reason = std::move(reason);
    return r;
}

} // namespace

SizingResult sizePosition(const SizingInput &in) {
    SizingResult r;
    r.budget = in.equity * in.riskPct / 100.0;
    r.costPerContract = in.price * in.multiplier;

    if (!std::isfinite(in.price) || !(in.price > 0.0))
        return zero(r, "no valid price: the option price must be above 0");
    if (!std::isfinite(in.multiplier) || !(in.multiplier > 0.0))
        return zero(r, "no valid contract multiplier: it must be above 0");
    if (!std::isfinite(in.equity) || !(in.equity > 0.0))
        return zero(r, "account equity must be above 0");
    if (!std::isfinite(in.riskPct) || !(in.riskPct > 0.0))
        return zero(r, "risk budget must be above 0% of equity");

    int qty = wholeContracts(r.budget, r.costPerContract);
    if (qty == 0)
        return zero(r, "position size below one contract");

    if (in.optionsBuyingPower) {
        const double bp = *in.optionsBuyingPower;
        const int bpQty = std::isfinite(bp) ? wholeContracts(bp, r.costPerContract) : 0;
        if (bpQty < qty) {
            qty = bpQty;
            r.cappedByBuyingPower = true;
        }
        if (qty == 0)
            return zero(r, "insufficient options buying power for one contract");
    }
    if (in.maxContracts > 0 && qty > in.maxContracts) {
        qty = in.maxContracts;
        r.cappedByMaxContracts = true;
    }
    if (in.maxNotional > 0.0 && std::isfinite(in.maxNotional)) {
        const int notionalQty = wholeContracts(in.maxNotional, r.costPerContract);
        if (notionalQty > 0 && notionalQty < qty) {
            qty = notionalQty;
            r.cappedByMaxNotional = true;
        }
    }

    r.qty = qty;
    r.totalCost = qty * r.costPerContract;
    return r;
}

} // namespace cg
