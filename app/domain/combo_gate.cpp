#include "domain/combo_gate.h"

#include "domain/number_format.h"
#include "domain/strategy_figures.h"

#include <cmath>

namespace cg {

ComboGateResult comboSpreadGate(const MultiLegStrategy &s, double maxPct) {
    ComboGateResult g;
    g.threshold = maxPct;
    const auto prices = netPrices(s);
    if (!prices) {
        g.reason = prices.error().message;
        return g;
    }
    const double net = std::abs(prices->mid);
    if (net < 1e-9) {
        g.reason = "net mid 0.00: no price to measure the spread against";
        return g;
    }
    const double pct = (prices->natural - prices->mid) / net * 100.0;
    g.value = pct;
    g.pass = pct <= maxPct + 1e-9;
    // The net as a trader reads it (Alpaca's sign, credit negative, stays in the order).
    g.reason = "Natural-to-mid " + formatFixed(pct, 2) + "% of the net " +
               (prices->mid < 0.0 ? "credit " : "debit ") + formatFixed(net, 2) +
               (g.pass ? " is within the " : " is above the ") + formatTrimmed(maxPct, 2) +
               "% limit";
    return g;
}

std::vector<GateReport> legGates(const MultiLegStrategy &s, const GateThresholds &t,
                                 Timestamp now) {
    std::vector<GateReport> out;
    out.reserve(s.legs.size());
    for (const auto &leg : s.legs)
        out.push_back(evaluateGates(leg.contract, t, now));
    return out;
}

std::string firstStrategyGateFailure(const MultiLegStrategy &s, const std::vector<GateReport> &legs,
                                     const ComboGateResult &combo) {
    for (std::size_t i = 0; i < legs.size() && i < s.legs.size(); ++i)
        if (const auto *f = legs[i].firstFailure())
            return "leg " + std::to_string(i + 1) + " (" + describeLeg(s.legs[i]) +
                   "): " + f->reason();
    if (!combo.pass)
        return "combination: " + combo.reason;
    return {};
}

} // namespace cg
