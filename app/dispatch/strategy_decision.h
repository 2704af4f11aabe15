#pragma once
// A multi-leg signal ("SPY:CALL:bull_call_spread", "SPY:NEUTRAL:iron_condor") decided the way a
// single leg is, deterministically and explained: the template placed on the chain by its
// settings (domain/strategy_builder.h), every leg through the five gates, the combination
// through its natural-to-mid gate, then qty = floor(budget / max loss per unit) for defined
// risk (by buying power otherwise), and a net limit at the mid on the tick, toward the passive
// side. Anything that fails falls back with the reason (leg and gate named).

#include "domain/account.h"
#include "domain/combo_gate.h"
#include "domain/execution_leg.h"
#include "domain/strategy_builder.h"
#include "domain/strategy_figures.h"
#include "domain/strategy_settings.h"
#include "domain/strategy_sizing.h"
#include "domain/tick_table.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cg {

// The direction a signal names for a template: CALL (bullish), PUT (bearish) or NEUTRAL.
std::string_view strategyDirection(StrategyTemplate t);

struct StrategySignal {
    std::string symbol;
    std::string direction; // CALL, PUT, NEUTRAL
    StrategyTemplate kind = StrategyTemplate::IronCondor;
};
// "SPY:NEUTRAL:iron_condor"; the direction must be the template's ("bull_call_spread is a CALL
// strategy: SPY:CALL:bull_call_spread"). Empty when the third part is not a template name (a
// single-leg signal), an error when it is one but the rest does not fit.
std::optional<Result<StrategySignal>> parseStrategySignal(std::string_view text);

struct StrategyDecisionInput {
    std::span<const OptionContract> chain;
    std::string underlying;
    double spot = 0.0;
    double equity = 0.0;
    std::optional<double> optionsBuyingPower;
    int maxContracts = 0;
    StrategySettings settings;
    GateThresholds gates;
    TickTable ticks;
    Timestamp now{};
};

struct StrategyDecision {
    std::optional<MultiLegStrategy> strategy;
    std::optional<StrategyFigures> figures;
    std::vector<GateReport> legGates;
    ComboGateResult combo;
    StrategySizingResult sizing;
    double budget = 0.0;
    std::optional<double> limitPrice; // net per share, debit positive, on the tick
    std::string fallbackReason;       // empty: send
    // A multi-leg ticket: held only by the fat-finger precautions (the trader may send it anyway
    // after a deliberate second step), or proposed with that step taken (kept to the re-check).
    bool precautionsTripped = false;
    bool precautionsOverridden = false;
    unsigned precautionKinds = 0;       // held: the PrecautionKind bits tripped
    unsigned overriddenPrecautions = 0; // overridden: the bits the override covers
    // A ticket's net limit typed by the trader: the re-check keeps it (a limit left at the mid
    // is re-checked against the fresh net bid/natural).
    bool limitTyped = false;
    // The legs' intents were chosen from the positions read (chooseLegIntents): what a ticket
    // that shows them compares at Confirm. False for a decision held before the positions were
    // read (its legs then say "to open" for want of knowing).
    bool intentsChosen = false;
    bool sendable() const { return fallbackReason.empty() && sizing.qty > 0 && limitPrice; }
};

StrategyDecision decideStrategy(const StrategyDecisionInput &in);

// The mleg order for a decision (legs, qty, net limit, day).
OrderRequest strategyOrderRequest(const StrategyDecision &d, const std::string &clientOrderId);

// The legs to record (execution_leg), with their quotes and greeks at decision time.
std::vector<ExecutionLegRecord> executionLegRecords(const MultiLegStrategy &s);

} // namespace cg
