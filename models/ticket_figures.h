#pragma once
// The figures an order ticket shows for a quantity and limit price the trader may have changed:
// cost, share of equity and of the strategy's budget, and the largest quantity the risk limits
// and buying power allow at that price (a close: what is left to close). Pure arithmetic over
// the proposal.

#include "dispatch/decision.h"
#include "dispatch/dispatcher_settings.h"

#include <optional>
#include <string>

namespace cg::models {

struct TicketFigures {
    double multiplier = 100.0;
    double cost = 0.0;                 // qty x price x multiplier
    std::optional<double> pctOfEquity; // cost / equity x 100
    std::optional<double> pctOfBudget; // cost / (equity x strategy risk %) x 100
    int maxQty = 0;                    // the most the limits allow at this price (>= 1 if any)
    std::string maxQtyReason;          // which limit sets maxQty
    std::string warning;               // above the strategy's budget, buying power, ...
};

TicketFigures ticketFigures(const Decision &proposal, const DispatcherSettings &settings, int qty,
                            double price);

} // namespace cg::models
