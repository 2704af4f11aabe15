#pragma once
// A trade signal (a row of dispatch_recommendations) and the decision recorded for it (a row of
// dispatcher_execution).

#include "domain/execution_leg.h"
#include "domain/quote.h"
#include "domain/strategy.h"
#include "domain/strategy_template.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cg {

// NEUTRAL names a multi-leg strategy without a direction (SPY:NEUTRAL:iron_condor).
enum class SignalAction { Call, Put, Buy, Sell, Neutral };
enum class SignalStatus { Pending, Claimed, Done, Failed };

std::string_view toString(SignalAction a); // CALL, PUT, BUY, SELL, NEUTRAL
std::optional<SignalAction> parseSignalAction(std::string_view s);
std::string_view toString(SignalStatus s); // PENDING, CLAIMED, DONE, FAILED
std::optional<SignalStatus> parseSignalStatus(std::string_view s);

struct Signal {
    std::int64_t id = 0;
    std::string symbol;
    SignalAction action = SignalAction::Call;
    Strategy strategy = Strategy::DayTrade;
    // A multi-leg signal: the template named where a single leg names its strategy (the
    // strategy column holds "iron_condor"); decided by dispatch/strategy_decision.h.
    std::optional<StrategyTemplate> multiLeg;
    SignalStatus status = SignalStatus::Pending;
    std::string source; // "cli", "ui", or an outside engine's name
    Timestamp createdAt{};
    std::string claimedBy; // dispatcher id holding the claim
    std::optional<std::int64_t> executionId;
    std::string error; // why it FAILED
};

// The action a template's signal names: CALL (bullish), PUT (bearish) or NEUTRAL.
SignalAction signalActionFor(StrategyTemplate t);
// The signal's third part as stored (the strategy column): day_trade, ... or a template name.
std::string_view strategyName(const Signal &s);
// Reads the third part into the signal: a single-leg strategy or a multi-leg template (whose
// action must be the template's: "bull_call_spread is a CALL strategy: SPY:CALL:..."). The
// sentence says what is wrong; nullopt when it fits. Empty text is day_trade.
std::optional<std::string> setStrategyName(Signal &s, std::string_view text);

enum class ExecutionMode { AlpacaPaper, AlpacaLive, SimulatedFallback, RejectedByUser, Demo };

std::string_view toString(ExecutionMode m); // ALPACA_PAPER, ALPACA_LIVE, SIMULATED_FALLBACK, ...
std::optional<ExecutionMode> parseExecutionMode(std::string_view s);
// A decision in this mode sends (or sent) an order to a broker: Alpaca paper or live, or the
// DEMO server. The others place nothing.
bool isOrderMode(ExecutionMode m);

// One decision, taken or not. Optional fields are NULL in the database when unknown.
struct ExecutionRecord {
    std::int64_t id = 0;      // assigned by the store
    std::string executionUid; // unique id, makes outbox replays idempotent
    std::optional<std::int64_t> signalId;
    std::string ticker;         // underlying
    std::string action;         // CALL, PUT, BUY, SELL
    std::string instrumentType; // OPTION or STOCK
    ExecutionMode mode = ExecutionMode::SimulatedFallback;
    std::string strategy; // day_trade, swing, conservative
    std::string optionSymbol;
    std::optional<double> strike;
    std::string expiry; // YYYY-MM-DD
    std::optional<int> qty;
    std::optional<double> limitPrice;
    std::optional<double> fillPrice;
    std::optional<double> slippage; // fillPrice - mid at decision time, dollars per share
    std::optional<double> bid;
    std::optional<double> ask;
    std::optional<double> spreadPct;
    std::optional<double> delta;
    std::optional<double> gamma;
    std::optional<double> theta;
    std::optional<double> vega;
    std::optional<double> iv;
    // Where delta..iv come from: "feed", "computed" (from the mid, domain/black_scholes_greeks.h)
    // or "none"; empty for a stock, and for rows written before schema version 5.
    std::string greeksSource;
    // The order this row's order replaced (PATCH /v2/orders/{id}); empty for an order sent anew.
    std::string replacesOrderId;
    std::optional<std::int64_t> openInterest;
    std::optional<std::int64_t> volume;
    std::optional<double> underlyingPrice;
    std::string clientOrderId;
    std::string orderId; // alpaca_order_id
    std::string orderStatus;
    std::string fallbackReason;
    std::string explainJson; // valid JSON object text: gates, prices, greeks, sizing, reason
    Timestamp createdAt{};
    std::string source = "signal"; // who asked: "signal" (the dispatcher) or "manual" (a trader)
    // A multi-leg execution's legs (execution_leg), written with the record by the store; empty
    // for a single leg and when read back (ExecutionLegs reads them).
    std::vector<ExecutionLegRecord> legs;
};

} // namespace cg
