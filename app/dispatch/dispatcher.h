#pragma once
// The dispatcher: turns a signal into an order or a recorded fallback, and keeps the orders it
// placed reconciled. Every decision, taken or not, is written to the execution store (except in
// dry-run mode, which computes everything and records nothing). Manual mode (ConfirmationQueue)
// and timer mode (AutoDispatcher) are built on propose/place/record.

#include "broker/broker.h"
#include "broker/market_data.h"
#include "dispatch/decision.h"
#include "dispatch/decision_pipeline.h"
#include "dispatch/dispatcher_settings.h"
#include "dispatch/kill_switch.h"
#include "dispatch/order_tracker.h"
#include "domain/clock.h"

#include <QObject>

#include <functional>
#include <memory>

namespace cg {

class ExecutionStore;

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

    void setSettings(const DispatcherSettings &settings);
    const DispatcherSettings &settings() const { return m_settings; }
    ExecutionMode orderMode() const { return m_orderMode; }
    const Clock &clock() const { return m_clock; }
    // Makes client order ids unique per book (database): "cg-<tag>-sig-<id>".
    void setBookTag(const std::string &tag) { m_bookTag = tag; }
    std::string clientOrderIdFor(const Signal &s) const;

    // Loads the kill switch and starts reconciling records whose order is not final.
    // `done` gets the number of orders being reconciled.
    void start(std::function<void(Result<int>)> done = {});

    // One decision, now: propose, then place the order or record the fallback.
    // A signal that already has a record is not dispatched again (alreadyDispatched).
    void dispatch(const Signal &signal, DispatchOptions options, DecisionCallback done);

    // The building blocks of manual mode.
    void propose(const Signal &signal, DecisionCallback done, bool dryRun = false);
    void place(Decision proposal, DecisionCallback done);
    Decision record(Decision decision);

    // Records whose order has no final status: polled until they have one.
    Result<int> reconcile();
    Result<int> ordersToday() const;
    Result<std::optional<ExecutionRecord>> existingExecution(const Signal &signal) const;

    KillSwitch &killSwitch() { return *m_killSwitch; }
    OrderTracker &tracker() { return *m_tracker; }
    MarketData &marketData() { return m_marketData; }
    Broker &broker() { return m_broker; }
    ExecutionStore &store() { return m_store; }
    int inFlight() const { return m_inFlight; }

Q_SIGNALS:
    void decisionRecorded(qint64 executionId, const QString &summary);

private:
    Broker &m_broker;
    MarketData &m_marketData;
    ExecutionStore &m_store;
    const Clock &m_clock;
    ExecutionMode m_orderMode;
    DispatcherSettings m_settings;
    std::string m_bookTag;
    KillSwitch *m_killSwitch = nullptr;
    OrderTracker *m_tracker = nullptr;
    int m_inFlight = 0; // orders sent and not yet recorded
};

// A one-line summary of a decision for logs and the status bar.
QString decisionSummary(const Decision &d);

} // namespace cg
