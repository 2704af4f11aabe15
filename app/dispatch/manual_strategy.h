#pragma once
// A multi-leg trade by hand: the legs the trader built in the window's strategy builder (or a
// template placed on the chain), one quantity and one net limit. It gets the decision a
// multi-leg signal gets (every leg through the five gates, the combination through its
// natural-to-mid gate, sizing by max loss for defined risk, fat-finger limits, kill switch and
// risk limits) and becomes a proposal for the multi-leg ticket; Dispatcher::place sends it as one
// mleg order after the trader confirms, re-checked at confirmation (source "manual").

#include "domain/strategy_leg.h"

#include <optional>
#include <string>
#include <vector>

namespace cg {

struct ManualStrategyOrder {
    MultiLegStrategy strategy;
    int qty = 0; // units of the strategy; 0: sized by max loss (defined risk) or buying power
    // Net per share, Alpaca's mleg sign: a debit positive, a credit negative. nullopt: the net
    // mid on the tick, toward the passive side.
    std::optional<double> netLimit;
    // False when netLimit is the proposal's own mid, shown back unchanged: the re-check then
    // proposes a new mid once the market leaves it, as it does for a limit the trader did not type.
    bool netLimitTyped = true;
    std::string timeInForce = "day";
    // The trader's deliberate second step past a fat-finger precaution (limit far through the
    // natural price, risk above the budget); risk limits are never overridden.
    bool overridePrecautions = false;
    // The precautions that override was given for (PrecautionKind bits, from the hold the
    // trader saw); one tripped since is held again. Unset: every one.
    std::optional<unsigned> overriddenPrecautions;
    // A signal's ticket: every leg is held to the five gates that picked it (a ticket built by
    // hand: a valid quote and an unexpired contract, the others shown).
    bool allGates = false;
    // The legs' intents on the ticket confirmed (the proposal's, from the positions then). When
    // the positions now give others (the spread closed elsewhere: a close would go out to open),
    // the order is held with the new ones shown, not sent.
    std::optional<std::vector<PositionIntent>> shownIntents;
};

} // namespace cg
