#pragma once
// Fat-finger precautions, after TWS's precautionary settings: a limit too far through the
// market, or a cost above the strategy's budget, is held back with the reason. Unlike the risk
// limits they may be overridden, but only by a deliberate second step of the trader.
// Pure code: the ticket shows the same sentences live that the re-check holds the order with.

#include "domain/account.h"
#include "domain/quote.h"

#include <optional>
#include <string>
#include <vector>

namespace cg {

struct Precautions {
    // A buy limit above ask + this % of the mid (a sell below bid - this %) is held; 0 = off.
    double maxThroughMarketPct = 10.0;
    // A cost above the strategy's budget is held.
    bool budgetIsCap = true;
    bool operator==(const Precautions &) const = default;
};

struct PrecautionInput {
    OrderSide side = OrderSide::Buy;
    std::optional<double> limitPrice; // limit orders
    std::optional<double> stopPrice;  // a stop limit's: its limit is judged against it
    std::optional<Quote> quote;       // options: the contract's live quote
    std::optional<double> lastPrice;  // stocks: the live price (no bid/ask)
    double cost = 0.0;                // qty x price x multiplier, as shown
    double budget = 0.0;              // the strategy's budget for this signal; 0 = unknown
};

// Which precautions an order breaks, a bit each: an override names the ones the trader saw.
enum PrecautionKind : unsigned {
    kThroughMarket = 1u << 0, // a limit too far through the market
    kOverBudget = 1u << 1,    // a cost above the strategy's budget
};

struct TrippedPrecautions {
    unsigned kinds = 0;               // PrecautionKind bits
    std::vector<std::string> reasons; // one sentence each, in the order above
};

// Every precaution the order breaks, as sentences a trader reads ("Limit 10.00 is 9.39 above
// the ask 0.61, more than 10% of the mid 0.585 through the market"); empty when none.
TrippedPrecautions judgePrecautions(const Precautions &p, const PrecautionInput &in);
std::vector<std::string> checkPrecautions(const Precautions &p, const PrecautionInput &in);

} // namespace cg
