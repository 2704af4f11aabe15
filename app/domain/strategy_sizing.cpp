#include "domain/strategy_sizing.h"

#include "domain/number_format.h"

#include <algorithm>
#include <cmath>

namespace cg {

namespace {
constexpr double kNakedRequirement = 0.20; // of the underlying per unit
}

StrategySizingResult sizeStrategy(const StrategySizingInput &in) {
    StrategySizingResult r;
    if (!(in.budget > 0.0)) {
        r.reason = "the strategy's budget must be above $0";
        return r;
    }
    if (in.maxLossPerUnit) {
        r.riskPerUnit = *in.maxLossPerUnit;
    } else {
        r.byBuyingPower = true;
        r.riskPerUnit = kNakedRequirement * in.spot * in.multiplier;
    }
    if (!(r.riskPerUnit > 0.0)) {
        r.reason = "no risk per unit to size against (max loss $0)";
        return r;
    }
    long long qty = static_cast<long long>(std::floor(in.budget / r.riskPerUnit + 1e-9));
    if (qty < 1) {
        r.reason = std::string("position size below one unit: ") +
                   (r.byBuyingPower ? "a requirement of " : "max loss ") +
                   formatMoney(r.riskPerUnit) + " per unit against a budget of " +
                   formatMoney(in.budget);
        return r;
    }
    if (in.optionsBuyingPower) {
        const auto byBp =
            static_cast<long long>(std::floor(*in.optionsBuyingPower / r.riskPerUnit + 1e-9));
        if (byBp < qty) {
            qty = byBp;
            r.cappedByBuyingPower = true;
        }
        if (qty < 1) {
            r.reason = "insufficient options buying power for one unit (" +
                       formatMoney(r.riskPerUnit) + " needed)";
            return r;
        }
    }
    if (in.maxContracts > 0) {
        const long long cap = in.maxContracts / std::max(1, in.contractsPerUnit);
        if (cap < qty) {
            qty = cap;
            r.cappedByMaxContracts = true;
        }
        if (qty < 1) {
            r.reason = "a unit is " + std::to_string(in.contractsPerUnit) +
                       " contracts (every leg counted) and the limit of " +
                       std::to_string(in.maxContracts) +
                       " contracts per order allows none: raise the limit to at least " +
                       std::to_string(in.contractsPerUnit);
            return r;
        }
    }
    r.qty = static_cast<int>(std::min<long long>(qty, 1'000'000));
    return r;
}

} // namespace cg
