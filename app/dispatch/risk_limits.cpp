#include "dispatch/risk_limits.h"

#include "domain/number_format.h"

#include <cmath>

namespace cg {

std::optional<std::string> checkRiskState(const RiskLimits &limits, const RiskState &state) {
    if (state.killSwitch)
        return std::string("Kill switch is on: no new orders until it is released");
    if (limits.maxDailyLoss > 0.0 && std::isfinite(state.dailyPnl) &&
        -state.dailyPnl >= limits.maxDailyLoss)
        return "Daily loss limit reached: " + formatMoney(-state.dailyPnl) + " lost today, limit " +
               formatMoney(limits.maxDailyLoss);
    if (limits.maxOrdersPerDay > 0 && state.ordersToday >= limits.maxOrdersPerDay)
        return "Daily order limit reached: " + std::to_string(state.ordersToday) + " of " +
               std::to_string(limits.maxOrdersPerDay);
    return std::nullopt;
}

std::optional<std::string> checkCloseRiskState(const RiskState &state) {
    if (state.killSwitch)
        return std::string("Kill switch is on: no new orders until it is released");
    return std::nullopt;
}

std::optional<std::string> checkRiskLimits(const RiskLimits &limits, const RiskState &state,
                                           const ProposedOrder &order) {
    if (auto refusal = checkRiskState(limits, state))
        return refusal;
    if (order.qty <= 0)
        return "Order quantity " + std::to_string(order.qty) + " is not a positive whole number";
    if (order.isOption && limits.maxContractsPerOrder > 0 &&
        order.qty > limits.maxContractsPerOrder)
        return "Order of " + std::to_string(order.qty) + " contracts is above the limit of " +
               std::to_string(limits.maxContractsPerOrder) + " per order";
    const double notional = order.notional();
    if (!std::isfinite(notional) || !(order.price > 0.0))
        return std::string("Order has no valid price");
    if (limits.maxNotionalPerOrder > 0.0 && notional > limits.maxNotionalPerOrder + 1e-9)
        return "Order value " + formatMoney(notional) + " is above the " +
               formatMoney(limits.maxNotionalPerOrder) + " per-order limit";
    return std::nullopt;
}

} // namespace cg
