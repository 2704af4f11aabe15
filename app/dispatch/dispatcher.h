#pragma once
// The dispatcher: turns a signal into an order or a recorded fallback, and keeps the orders it
// placed reconciled. Every decision, taken or not, is written to the execution store (except in
// dry-run mode, which computes everything and records nothing). Manual mode (ConfirmationQueue)
// and timer mode (AutoDispatcher) are built on propose/place/record.
// No order without a record (dispatcher_records.cpp): an order's intent is recorded before it is
// sent, and nothing is sent when that fails; at start and before a signal is decided again, the
// book's orders on the account that have no record are adopted and recorded.

#include "broker/broker.h"
#include "broker/market_data.h"
#include "dispatch/decision.h"
#include "dispatch/decision_pipeline.h"
#include "dispatch/dispatcher_settings.h"
#include "dispatch/kill_switch.h"
#include "dispatch/manual_order.h"
#include "dispatch/manual_strategy.h"
#include "dispatch/order_tracker.h"
#include "domain/clock.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace cg {

class ExecutionStore;
class InlineStoreRunner;
struct Adoption;
struct IntentWrite;
class StoreRunner;

struct DispatchOptions {
    bool dryRun = false;
};

class Dispatcher : public QObject {
    Q_OBJECT
public:
    // `orderMode` is recorded for placed orders: ALPACA_PAPER or ALPACA_LIVE by the broker's
    // endpoint, DEMO against the demo backend. Broker, market data, store and clock must outlive
    // the dispatcher.
    Dispatcher(Broker &broker, MarketData &marketData, ExecutionStore &store, const Clock &clock,
               ExecutionMode orderMode, QObject *parent = nullptr);
    ~Dispatcher() override;

    // Where the store calls of an order's way run (intent, completion, order updates, the kill
    // switch, the signal claims): the window's StoreWorker, off its thread; by default at once on
    // this thread. Not owned; nullptr: back to the default.
    void setStoreRunner(StoreRunner *runner);
    StoreRunner &storeRunner() const { return *m_runner; }

    void setSettings(const DispatcherSettings &settings);
    const DispatcherSettings &settings() const { return m_settings; }
    ExecutionMode orderMode() const { return m_orderMode; }
    const Clock &clock() const { return m_clock; }
    // Makes client order ids unique per book (database): "cg-<tag>-sig-<id>".
    void setBookTag(const std::string &tag) { m_bookTag = tag; }
    const std::string &currentBookTag() const { return m_bookTag; }
    std::string clientOrderIdFor(const Signal &s) const;

    // Loads the kill switch and starts reconciling records whose order is not final (read on
    // the store runner). `done` gets the number of orders being reconciled. Then the account's
    // recent orders of this book without a record are adopted (accountReconciled); decisions
    // wait for that pass, so none is decided before the kill switch is read.
    void start(std::function<void(Result<int>)> done = {});
    // A dry run's start: the kill switch and the book's tag are read, nothing is written (no
    // tag created, no unsettled order followed, no order of the account adopted or recorded).
    void startReadOnly(std::function<void()> done);
    // Runs `f` once the pass over the account at start is done (at once when it is).
    void afterAccountReconciled(std::function<void()> f);

    // One decision, now: propose, then place the order or record the fallback.
    // A signal that already has a record is not dispatched again (alreadyDispatched).
    void dispatch(const Signal &signal, DispatchOptions options, DecisionCallback done);

    // The building blocks of manual mode.
    void propose(const Signal &signal, DecisionCallback done, bool dryRun = false);
    // A trade by hand on one contract (dispatch/manual_order.h): the proposal for a ticket, with
    // a fresh manual client order id of this book.
    void proposeManual(const ManualOrder &order, DecisionCallback done);
    // A multi-leg trade by hand (dispatch/manual_strategy.h): the proposal for the multi-leg
    // ticket (Decision::multiLeg set), with a fresh manual client order id of this book.
    void proposeManualStrategy(const ManualStrategyOrder &order, DecisionCallback done);
    // Sends a proposal (intent recorded first), or records it as a fallback. A multi-leg ticket's
    // proposal is re-checked first on fresh quotes: sent as shown; refused and recorded (kill
    // switch, day limits, account); or held: nothing sent or recorded, `fallbackReason` says
    // what changed and the answer carries the refreshed figures (e.g. a new net limit) to
    // propose again.
    void place(Decision proposal, DecisionCallback done);
    Decision record(Decision decision);
    // record() through the store runner: `done` gets the decision as recorded.
    void recordThen(Decision d, DecisionCallback done);

    // Records whose order has no final status: polled until they have one.
    Result<int> reconcile();
    // Before a signal is decided (again): the order its client order id names, if it is on the
    // account, is adopted and recorded whatever a new decision would be. `done` gets that
    // decision; nullopt when there is no such order (decide); a decision with an error when the
    // account could not be asked (nothing decided, nothing recorded).
    void reconcileSignal(const Signal &signal, std::function<void(std::optional<Decision>)> done);
    Result<int> ordersToday() const;
    // The same count through the store runner; refused at once while the database is known to
    // be unreachable.
    void countOrdersToday(std::function<void(Result<int>)> done);
    Result<std::optional<ExecutionRecord>> existingExecution(const Signal &signal) const;

    KillSwitch &killSwitch() { return *m_killSwitch; }
    OrderTracker &tracker() { return *m_tracker; }
    MarketData &marketData() { return m_marketData; }
    Broker &broker() { return m_broker; }
    ExecutionStore &store() { return m_store; }
    int inFlight() const { return m_inFlight; } // orders sent whose answer has not come

Q_SIGNALS:
    void decisionRecorded(qint64 executionId, const QString &summary);
    // The pass over the account's recent orders at start is done: `adopted` ChainGate orders of
    // this book had no record and were recorded; `error` when the orders could not be listed.
    void accountReconciled(int adopted, const QString &error);

private:
    // start() and startReadOnly(): the pass that reads the kill switch and the book first.
    void startPass(bool readOnly, std::function<void(Result<int>)> done);
    // No order without a record (dispatcher_records.cpp).
    void sendRecorded(Decision d, DecisionCallback done);
    void sendAfterIntent(Decision d, const Result<IntentWrite> &intent, Timestamp now,
                         DecisionCallback done);
    void completeRecord(Decision d, DecisionCallback done);
    Decision noteRecord(Decision d, const Result<std::int64_t> &id, bool completion);
    void trackPlaced(const Decision &d, Timestamp sentAt);
    void resumeIntent(const Signal &signal, const ExecutionRecord &intent, DecisionCallback done);
    void adoptOrder(std::int64_t signalId, const std::optional<Signal> &signal, const Order &o,
                    DecisionCallback done);
    Decision adoptedDecision(std::int64_t signalId, const std::optional<Signal> &signal,
                             const Order &o, const Adoption &adoption);
    void reconcileAccount();
    void finishAccountPass(int adopted, const QString &error);
    Result<int> trackUnsettled(const Result<std::vector<ExecutionRecord>> &records);
    void proposeNow(const Signal &signal, DecisionCallback done, bool dryRun);
    void decide(const Signal &signal, DispatchOptions options, DecisionCallback done);
    void placeManualStrategy(Decision proposal, DecisionCallback done);

    enum class AccountPass { NotStarted, Running, Done };
    AccountPass m_accountPass = AccountPass::NotStarted;
    std::vector<std::function<void()>> m_afterAccountPass;

    Broker &m_broker;
    MarketData &m_marketData;
    ExecutionStore &m_store;
    std::unique_ptr<InlineStoreRunner> m_inlineRunner;
    StoreRunner *m_runner = nullptr;
    const Clock &m_clock;
    ExecutionMode m_orderMode;
    DispatcherSettings m_settings;
    std::string m_bookTag;
    KillSwitch *m_killSwitch = nullptr;
    OrderTracker *m_tracker = nullptr;
    int m_inFlight = 0; // orders sent whose answer has not come (their intents are recorded)
};

// A one-line summary of a decision for logs and the status bar.
QString decisionSummary(const Decision &d);

} // namespace cg
