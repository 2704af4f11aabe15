#pragma once
// The decision for one signal, up to (never including) the order:
//   live underlying price -> chain for the strategy's expiry window and strike band -> the five
//   gates on every contract -> strike selection -> moneyness check against the live price ->
//   quote age (dispatch/quote_age.h) -> account -> sizing -> risk limits -> an order request, or
//   a fallback with its reason.
// Stock BUY/SELL signals skip the chain: price -> account (-> position for SELL) -> order.
// Asynchronous: `done` is called exactly once. The broker and market data must outlive the call.

#include "broker/broker.h"
#include "broker/market_data.h"
#include "dispatch/decision.h"
#include "dispatch/dispatcher_settings.h"

#include <functional>
#include <span>
#include <string_view>

namespace cg {

struct DecisionInputs {
    Signal signal;
    DispatcherSettings settings;
    ExecutionMode orderMode = ExecutionMode::AlpacaPaper; // recorded when an order is placed
    std::string clientOrderId;
    Timestamp now{};
    bool dryRun = false;
    // Risk state the caller knows (the account adds the day's P&L).
    bool killSwitch = false;
    int ordersToday = 0;
    // A refusal known before the decision starts (e.g. the order count could not be read):
    // applied where the risk limits are, so the record still shows everything else.
    std::string preRefusal;
};

using DecisionCallback = std::function<void(Decision)>;

void proposeDecision(MarketData &marketData, Broker &broker, DecisionInputs inputs,
                     DecisionCallback done);

// The limit price the dispatcher offers: the mid on the tick of the contract's class
// (domain/tick_table.h), by default rounded toward the passive side: a buy never above the mid,
// a sell never below (LimitRounding). At least one tick, even for a mid below it.
double limitPriceAtMid(const Quote &q, std::string_view optionClass, OrderSide side,
                       const DispatcherSettings &settings);

// The chain request for a strategy: its expiry window as explicit New York dates, one option
// type, strikes within +-bandPct of the spot.
ChainQuery chainQueryFor(const std::string &underlying, OptionType type, double spot,
                         const StrategyParams &params, double bandPct, Timestamp now);

// When selection found nothing and contracts on the right side failed gates: the reason of the
// gate that blocked the best of them ("Spread 12.4% is above the 10% limit"), and its index.
// `failures[i]` are the gates contracts[i] fails (GateReport::failures()).
struct BlockingGate {
    std::size_t index = 0;
    std::string reason;
};
std::optional<BlockingGate> blockingGate(std::span<const OptionContract> contracts,
                                         std::span<const GateMask> failures, OptionType type,
                                         double spot, const StrategyParams &params,
                                         const GateThresholds &thresholds, Timestamp now);

// The moneyness check against the live underlying price: empty when consistent, else why the
// contract must not be bought (an "OTM" call with delta 0.987 never passes).
std::optional<std::string> moneynessRefusal(const OptionContract &c, const StrategyParams &params,
                                            double spot, double maxOtmAbsDelta);

} // namespace cg
