#pragma once
// Risk limits the dispatcher enforces before any order (docs/trading-rules.md, "Risk limits and the
// kill switch"). Pure code: the caller gathers the state (orders placed today, the account's P&L,
// the kill switch) and asks. A refusal is a reason a trader reads, e.g. "Daily order limit reached:
// 20 of 20".

#include <optional>
#include <string>

namespace cg {

struct RiskLimits {
    int maxOrdersPerDay = 20;             // orders placed since midnight US/Eastern; 0 = no limit
    int maxContractsPerOrder = 10;        // 0 = no limit
    double maxNotionalPerOrder = 25000.0; // qty x price x multiplier, dollars; 0 = no limit
    double maxDailyLoss = 5000.0;         // equity below the previous close, dollars; 0 = no limit
    bool operator==(const RiskLimits &) const = default;
};

struct RiskState {
    bool killSwitch = false;
    int ordersToday = 0;
    double dailyPnl = 0.0; // equity - last_equity (negative is a loss)
};

struct ProposedOrder {
    int qty = 0;
    double price = 0.0; // limit price, or the ask for a market order
    double multiplier = 1.0;
    bool isOption = true;

    double notional() const { return qty * price * multiplier; }
};

// The first limit the order would break, or nullopt when it may go. Checked in this order: kill
// switch, daily loss, orders per day, contracts per order (options only), notional per order.
std::optional<std::string> checkRiskLimits(const RiskLimits &limits, const RiskState &state,
                                           const ProposedOrder &order);

// The limits that do not depend on an order (kill switch, daily loss, order count): a decision
// can stop early, before fetching a chain, when one of these already refuses.
std::optional<std::string> checkRiskState(const RiskLimits &limits, const RiskState &state);

// What holds an order that closes a position: the kill switch only. The day's loss and order
// limits stop new risk, not the way out of it (a loss limit that kept a trader in, or left ITM
// calls to be exercised at the close, would add to the loss it is there to cap).
std::optional<std::string> checkCloseRiskState(const RiskState &state);

} // namespace cg
