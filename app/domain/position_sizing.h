#pragma once
// Contracts to buy: floor(budget / (price x multiplier)), capped by options buying power, a
// max-contracts limit and the per-order dollar limit. Zero is a result, with the reason a trader
// reads; a single contract above the dollar limit is left to the risk check to refuse, in its
// words.

#include <optional>
#include <string>

namespace cg {

struct SizingInput {
    double equity = 0.0;
    double riskPct = 5.0; // budget = equity x riskPct / 100
    double price = 0.0;   // limit price, or the ask for a market order
    double multiplier = 100.0;
    std::optional<double> optionsBuyingPower;
    int maxContracts = 0;     // 0 = no limit
    double maxNotional = 0.0; // the per-order dollar limit; 0 = none. Sizes down to it, never to 0
};

struct SizingResult {
    int qty = 0;
    double budget = 0.0;
    double costPerContract = 0.0; // price x multiplier
    double totalCost = 0.0;       // qty x costPerContract
    bool cappedByBuyingPower = false;
    bool cappedByMaxContracts = false;
    bool cappedByMaxNotional = false;
    // Empty when qty > 0. Otherwise exactly one of:
    //   "position size below one contract"        (budget < one contract)
    //   "insufficient options buying power for one contract"
    //   "no valid price: the option price must be above 0"
    //   "no valid contract multiplier: it must be above 0"
    //   "account equity must be above 0", "risk budget must be above 0% of equity"
    std::string reason;
};

SizingResult sizePosition(const SizingInput &in);

} // namespace cg
