#pragma once
// A multi-leg strategy as one value: its legs, each a contract with a side, a ratio and
// Alpaca's position_intent. Prices are per share, signed as Alpaca signs an mleg limit price:
// a debit (paid) is positive, a credit (received) negative.

#include "domain/account.h"
#include "domain/contract.h"
#include "domain/strategy_template.h"

#include <optional>
#include <string>
#include <vector>

namespace cg {

struct StrategyLeg {
    OptionContract contract;
    OrderSide side = OrderSide::Buy;
    int ratio = 1; // Alpaca's ratio_qty: contracts of this leg per unit of the strategy
    PositionIntent intent = PositionIntent::BuyToOpen;

    // +ratio for a bought leg, -ratio for a sold one: the leg's weight in every net figure.
    int signedRatio() const { return side == OrderSide::Buy ? ratio : -ratio; }
};

struct MultiLegStrategy {
    StrategyTemplate kind = StrategyTemplate::BullCallSpread;
    std::string underlying;
    std::vector<StrategyLeg> legs;
    std::string explanation; // how the builder placed the legs, for the record and the ticket
    // The template the legs were placed from, kept when they are edited by hand (kind Custom):
    // its settings (budget, combination limit) still size the order.
    std::optional<StrategyTemplate> placedFrom;
};

// The legs' intents, in order: what a ticket showed, to compare at its confirmation.
std::vector<PositionIntent> legIntents(const MultiLegStrategy &s);

// An opening leg: buy_to_open for a buy, sell_to_open for a sell.
StrategyLeg openingLeg(const OptionContract &c, OrderSide side, int ratio = 1);

// "buy 1 SPY250411C00580000" (ratio, then the OCC symbol), for explanations and logs.
std::string describeLeg(const StrategyLeg &leg);

// The contract multiplier the legs share (100 normally); the first leg's.
double strategyMultiplier(const MultiLegStrategy &s);

// Contracts in one unit of the strategy: every leg's ratio added (a condor's 4, a 1x2 ratio's 3),
// what the max contracts per order limit counts.
int contractsPerUnit(const MultiLegStrategy &s);

// The first sold leg not covered by bought legs of its type that expire with it or later
// ("sell 1 SPY260306C00697000: ..."), or nothing; `only` looks at calls or puts alone. A short
// covered by a long that expires first is naked from then on: a reversed calendar's sold far call
// loses without bound once the near call is gone. Alpaca takes no uncovered short. Legs that
// close (a *_to_close intent) are left out: a sale that closes a long is not a short.
std::optional<std::string> uncoveredShortLeg(const MultiLegStrategy &s,
                                             std::optional<OptionType> only = std::nullopt);

// Why Alpaca cannot take these legs as one order (a contract twice, a ratio below 1, ratios that
// share a factor: API.md "2-4 unique legs, ratio GCD 1"), or nothing. Checked before an order is
// proposed, so that nothing reaches the wire for Alpaca (or the encoder) to refuse.
std::optional<std::string> legsProblem(const MultiLegStrategy &s);

} // namespace cg
