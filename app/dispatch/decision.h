#pragma once
// One decision of the dispatcher for one signal: what it saw, what it chose and why, and what
// became of the order. `dispatch --json` prints it; the execution record is built from it.

#include "dispatch/strategy_decision.h"
#include "domain/account.h"
#include "domain/contract.h"
#include "domain/gates.h"
#include "domain/position_sizing.h"
#include "domain/signal.h"
#include "domain/strategy.h"

#include <cstdint>
#include <optional>
#include <string>

namespace cg {

// Where a decision's record is: in the database, waiting in the local outbox (written when the
// database can be written again), or nowhere (a dry run, or the store failed).
enum class RecordState { NotRecorded, Recorded, Queued };

// Who asked for the order: a trade signal (the dispatcher chose the contract), or the trader by
// hand on a contract of the chain or a position (recorded as source "manual"), or the expiry-day
// rule closing a position that expires today (source "expiry_rule").
enum class DecisionSource { Signal, Manual, ExpiryRule };

// Where a limit price comes from: the mid on the tick (the dispatcher's), the bid, the ask, or
// the trader's typing (a trade by hand, dispatch/manual_order.h).
enum class LimitChoice { Mid, Bid, Ask, Typed };
std::string_view toString(DecisionSource s); // signal, manual, expiry_rule

struct Decision {
    Signal signal;
    Timestamp decidedAt{};
    bool dryRun = false;
    std::string clientOrderId; // "cg-sig-<id>": a retry never places a second order
    DecisionSource source = DecisionSource::Signal;
    double heldQty = 0.0; // manual: the signed position in the contract when proposed
    // A manual close: what is left to close (held less what open orders close), whole contracts
    // (or shares: a stock's close, stock_close.h).
    std::optional<int> closableQty;
    std::string closableWords; // why that many: "3 SPY... held, 1 of them in open orders..."

    // What the decision saw.
    std::optional<double> underlyingPrice; // live, at decision time
    Timestamp underlyingTime{};
    StrategyParams params;
    std::optional<double> targetStrike;
    int chainSize = 0;  // contracts fetched
    int candidates = 0; // passing gates, window and side

    // The chosen contract; or, when every candidate failed a gate, the best of them with the
    // gate that blocked it (contractSelected false).
    std::optional<OptionContract> contract;
    bool contractSelected = false;
    std::optional<GateReport> gates;
    // A multi-leg decision (a strategy signal or a multi-leg ticket): its legs, per-leg gates,
    // combo gate, figures and sizing; `order` then carries the legs (order_class mleg).
    std::optional<StrategyDecision> multiLeg;

    // Account and sizing.
    std::optional<double> equity;
    std::optional<double> optionsBuyingPower;
    std::optional<double> dailyPnl;
    std::optional<SizingResult> sizing;
    OrderType orderType = OrderType::Limit;
    int qty = 0;
    std::optional<double> limitPrice;           // limit orders
    LimitChoice limitChoice = LimitChoice::Mid; // where the limit came from (a signal's: the mid)
    double price = 0.0; // the price sized with: limit, or the ask for market
    double cost = 0.0;  // qty x price x multiplier
    double budget = 0.0;

    // Outcome.
    ExecutionMode mode = ExecutionMode::SimulatedFallback;
    std::optional<OrderRequest> order; // what is (or would be) sent
    std::string fallbackReason;        // why no order
    std::string error;                 // the decision could not be made (data unavailable)
    // Nothing was decided nor recorded (the account or the store could not be checked for an
    // order of the signal): the signal goes back to the queue, not FAILED.
    bool undecided = false;
    bool adoptedExistingOrder = false; // the order was found by client_order_id, not sent again
    bool alreadyDispatched = false;    // the signal had a record: nothing done again
    bool quoteTooOld = false;          // refused for the quote's age alone: worth trying again
    std::string orderId;
    std::string orderStatus;
    std::optional<double> fillPrice;
    std::int64_t executionId = 0;
    std::string executionUid; // the record's uid: an order's intent is completed under it
    RecordState recordState = RecordState::NotRecorded;
    std::string recordError; // why it is not (yet) in the database

    bool isOption() const {
        return signal.action == SignalAction::Call || signal.action == SignalAction::Put ||
               signal.multiLeg.has_value() || multiLeg.has_value();
    }
    bool placesOrder() const { return order.has_value() && fallbackReason.empty(); }
    // Sent, but no answer came back and the order was not found by its client order id: it may
    // still be working. Never "not sent": a trader would send it again.
    bool sentStateUnknown() const { return placesOrder() && orderStatus == "unknown"; }
    // The order closes a position: an option's *_to_close, or a stock's close by hand.
    bool closesPosition() const {
        return order && (order->intent == PositionIntent::SellToClose ||
                         order->intent == PositionIntent::BuyToClose ||
                         (!isOption() && closableQty.has_value()));
    }
    // What only the kill switch holds (the day's loss and order limits stop new risk): a close,
    // or a SELL signal's sale (of shares held, never a short).
    bool reducesRisk() const {
        return closesPosition() || (order && !isOption() && signal.action == SignalAction::Sell &&
                                    order->side == OrderSide::Sell);
    }
    bool recorded() const { return recordState == RecordState::Recorded; }
    // Quote mid of the contract, when known (the simulated fill of a fallback, slippage base).
    std::optional<double> contractMid() const;
};

// "cg-sig-<id>", or "cg-<book>-sig-<id>" when the book (database) has a tag: two books trading
// one Alpaca account never collide. Empty for a signal without an id.
std::string clientOrderIdFor(std::int64_t signalId, const std::string &bookTag = {});
// What every client order id of the book's signals starts with: "cg-<book>-sig-" ("cg-sig-").
std::string clientOrderIdPrefix(const std::string &bookTag);
// A manual order's: "cg-<book>-man-<12 hex>" ("cg-man-..."), unique per order.
std::string manualClientOrderId(const std::string &bookTag);
// Whether a client order id is this book's, a signal's or a manual one (the kill switch and
// "cancel all ChainGate orders" cancel these). Without a tag any ChainGate order ("cg-...")
// counts: the kill switch errs on cancelling more.
bool isBookClientOrderId(const std::string &clientOrderId, const std::string &bookTag);
// The signal id in a client order id of this book, a replacing order's ("<id>-r<digits>", the
// Orders dock's replace) too; nullopt for another book's order, one placed by hand or by another
// program.
std::optional<std::int64_t> signalIdOf(const std::string &clientOrderId,
                                       const std::string &bookTag);

// The order status of a record written before its order is sent (the order's intent): the order
// may or may not be on its way.
inline constexpr char kSendingStatus[] = "sending";

} // namespace cg
