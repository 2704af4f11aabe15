#pragma once
// The trading side of the console, wired for the window: the dispatcher, the manual
// confirmation queue, the timer (AutoDispatcher) and the kill switch over one Broker, one
// MarketData and one execution store. It owns the Manual/Auto switch, the signal list
// (SignalsModel), the risk-budget figures, and keeps each signal's status in step with the
// ticket or the run that handled it. No widgets: the window and the tests drive it alike.

#include "broker/broker.h"
#include "broker/market_data.h"
#include "dispatch/dispatcher_settings.h"
#include "dispatch/manual_order.h"
#include "domain/clock.h"
#include "domain/result.h"
#include "domain/signal.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace cg {
class AutoDispatcher;
class ExpiryRule;
class TradeUpdates;
struct Decision;
class ConfirmationQueue;
class Dispatcher;
class ExecutionStore;
class KillSwitch;
class StoreWorker;
} // namespace cg

namespace cg::models {

class SignalsModel;

// What the risk limits have used up today, for the risk-budget meter.
struct RiskBudget {
    int ordersToday = 0;
    int maxOrdersPerDay = 0;        // 0 = no limit
    double notionalToday = 0.0;     // all orders placed today, dollars
    double largestOrderToday = 0.0; // the biggest opening one (the per-order limit holds no close)
    double maxNotionalPerOrder = 0.0; // 0 = no limit
    std::optional<double> dailyPnl;   // equity - last equity, once the account answered
    double maxDailyLoss = 0.0;        // 0 = no limit
    std::optional<double> equity;
    std::optional<double> optionsBuyingPower;
    QString error; // a figure could not be read
};

class TradingSession : public QObject {
    Q_OBJECT
public:
    enum class Mode { Manual, Auto };
    Q_ENUM(Mode)

    struct Options {
        ExecutionMode orderMode = ExecutionMode::AlpacaPaper; // recorded for placed orders
        // Names this console's timer in signal claims; empty: "<host>/chaingate/<pid>".
        std::string dispatcherId;
        // Holds the claim of a signal whose ticket waits; empty: "<host>/chaingate-ticket/<pid>"
        // (apart from the timer's, so the timer never takes a ticket's signal as its own).
        std::string ticketClaimId;
        DispatcherSettings settings;
        int signalPollMs = 5000;   // outside engines insert signals: re-read this often
        int accountPollMs = 15000; // daily P&L for the risk meter
        // Claims whose lease ran out (a console that crashed with a ticket open, on any host)
        // go back to PENDING this often, in Manual too (Auto runs release them as well).
        int claimSweepMs = 30000;
    };

    // Broker, market data, store and clock must outlive the session.
    TradingSession(Broker &broker, MarketData &marketData, ExecutionStore &store,
                   const Clock &clock, Options options, QObject *parent = nullptr);
    ~TradingSession() override;

    // Loads the kill switch (persisted), starts reconciling orders without a final status,
    // releases signals a dead console left claimed in an unconfirmed ticket, reads the signals.
    Result<Unit> start();

    Dispatcher &dispatcher() const { return *m_dispatcher; }
    ConfirmationQueue &queue() const { return *m_queue; }
    AutoDispatcher &autoDispatcher() const { return *m_auto; }
    // The expiry-day rule (settings.expiryRule): checks on its own timer once started.
    ExpiryRule &expiryRule() const { return *m_expiryRule; }
    KillSwitch &killSwitch() const;
    ExecutionStore &store() const { return m_store; }
    Broker &broker() const { return m_broker; }
    MarketData &marketData() const { return m_marketData; }
    const Clock &clock() const { return m_clock; }
    SignalsModel *signalsModel() const { return m_signals; }
    ExecutionMode orderMode() const { return m_options.orderMode; }
    const std::string &dispatcherId() const { return m_options.dispatcherId; }
    const std::string &ticketClaimId() const { return m_options.ticketClaimId; }

    void setSettings(const DispatcherSettings &settings);
    const DispatcherSettings &settings() const;
    // Fills as they happen (Alpaca's trade_updates stream); polling stays the fallback. Not
    // owned: it must outlive the session or be replaced by nullptr first.
    void setTradeUpdates(TradeUpdates *updates);
    // The periodic reads (signals, risk figures) go through `worker`, off this thread, so a
    // database that stops answering never stops the window. Not owned; nullptr: on this thread.
    // The engine's own store calls (claims, intents, completions, order updates, the kill
    // switch) run there too.
    void setStoreWorker(StoreWorker *worker);

    // Queues a signal (source "ui"); `done` gets its id once inserted on the store runner (at
    // once with the inline runner; a ticker that is not one, or a database known to be
    // unreachable, answers at once with the reason).
    // `multiLeg`: a multi-leg signal (its template in place of the strategy; the action must be
    // the template's, e.g. NEUTRAL for iron_condor).
    void addSignal(const QString &symbol, SignalAction action, Strategy strategy,
                   std::optional<StrategyTemplate> multiLeg,
                   std::function<void(Result<qint64>)> done);
    // Claims a PENDING signal and handles it now. Manual: proposes it, which opens a ticket
    // (ticketOpened) or records the fallback. Auto: dispatches it without a prompt.
    Result<Unit> dispatchSignal(qint64 signalId);
    // Ctrl+T in the chain: a new signal for that underlying and side, dispatched once inserted;
    // `done` gets its id, or why there is no ticket.
    void requestTicket(const QString &symbol, SignalAction action, Strategy strategy,
                       std::function<void(Result<qint64>)> done);
    // A trade by hand on one contract (the chain's context menu, B/S, a position's Close): a
    // ticket through the same confirmation as a signal's (ticketOpened), or the refusal with its
    // reason (manualRefused), recorded with source "manual".
    void tradeContract(const ManualOrder &order);
    // A roll (dispatch/roll_orders.h): two tickets, the close of `held` and the open of
    // `toContract` at the same quantity; an error (nothing proposed) when it is not a roll.
    Result<Unit> rollPosition(const Position &held, const QString &toContract, Strategy strategy);
    // Orders dock. Cancel: DELETE /v2/orders/{id}. Cancel all: every open order of this book
    // (client order id "cg-<book>-..."), never another program's; `done` gets how many were
    // cancelled. Replace: PATCH with a new quantity and/or limit (refused while the kill switch
    // is on); the new order keeps a client order id of this book. Exercise: the whole long
    // position. Each answers once, with Alpaca's reason when refused.
    void cancelOrder(const QString &orderId, std::function<void(Result<Unit>)> done = {});
    void cancelAllOwnOrders(std::function<void(Result<int>)> done = {});
    // A replace is first held as a new order at its ticket (dispatch/replace_check.h): the
    // order read again from Alpaca, a new limit checked against the option's tick and its live
    // quote; a refusal whose Error::code is kReplaceOverridable goes with
    // `overridePrecautions`. A replace accepted by the broker writes an execution row for the
    // replacing order (replacementRecord), copied from the replaced order's record with its new
    // ids.
    void replaceOrder(const QString &orderId, const QString &clientOrderId, std::optional<int> qty,
                      std::optional<double> limit, bool overridePrecautions = false,
                      std::function<void(Result<Order>)> done = {});
    void exercise(const QString &contract, std::function<void(Result<Unit>)> done = {});
    // The signal a waiting ticket belongs to (0 when unknown).
    qint64 signalOfTicket(int ticketId) const;

    Mode mode() const { return m_mode; }
    // PENDING signals in the queue: what switching to Auto dispatches at once. Counted on the
    // store runner; refused at once while the database is known to be unreachable.
    void pendingSignalCount(std::function<void(Result<int>)> done);
    // Auto is refused (false, with a message) while the kill switch is on.
    bool setMode(Mode mode);
    void setInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds interval() const;
    // Milliseconds to the next timer run; -1 when the timer is off.
    qint64 msToNextRun() const;
    bool isRunning() const;
    QString lastRunText() const { return m_lastRun; }

    // Engages at once (persisted, then ChainGate's open orders for this book cancelled, or every
    // open order on the account with `allOrders`; the timer stops).
    void engageKillSwitch(const QString &reason, bool allOrders = false);
    // `done` gets the answer once the store has the released state.
    void releaseKillSwitch(std::function<void(Result<Unit>)> done);
    bool killSwitchEngaged() const;
    // start() has run: the kill switch's state is the store's.
    bool isStarted() const { return m_started; }

    const RiskBudget &riskBudget() const { return m_risk; }
    // Orders and notional from the store now; the P&L when the account answers.
    void refreshRiskBudget();
    // An account read elsewhere (the account bar's refresher): the risk meter shows the same
    // Day P&L as the account bar at the same moment (cg::dayPnl, one definition).
    void setAccountSnapshot(const Account &account);
    // Re-reads the signals on the next turn of the event loop (several calls, one read).
    void refreshSignals();
    Result<Unit> reloadSignalsNow();

Q_SIGNALS:
    void ticketOpened(int ticketId);
    void modeChanged(cg::models::TradingSession::Mode mode);
    void runStarted();
    void runFinished(const QString &summary);
    // Also when the engaged state is saved or could not be (KillSwitch::saved()).
    void killSwitchChanged(bool engaged, const QString &reason);
    void riskBudgetChanged();
    // setSettings() applied new settings (the timer's interval among them).
    void settingsApplied();
    // Every account this session reads, for the account bar to show the same snapshot.
    void accountRead(const cg::Account &account);
    void signalsReloaded();
    // An order this console placed changed at the broker (OrderTracker::orderUpdated): fill
    // price and slippage are NaN when unknown.
    void orderUpdated(const QString &clientOrderId, const QString &status, double fillPrice,
                      double slippage);
    // A manual trade that became no ticket: the contract and why (options level, buying power,
    // a risk limit, the kill switch ...).
    void manualRefused(const QString &contract, const QString &reason);
    // Orders changed by hand (cancel, replace, exercise): the docks refresh.
    void ordersChangedByHand();
    // Something the trader should read in the status bar (a decision, a refusal, an error).
    void message(const QString &text);

private:
    // The PATCH of a replace that passed its checks.
    void sendReplace(const QString &orderId, const QString &clientOrderId, std::optional<int> qty,
                     std::optional<double> limit, std::function<void(Result<Order>)> done);
    // The replacing order's row, after the replaced order's, then followed to its fill.
    void recordReplacement(const std::string &oldClientOrderId, const Order &replacing);
    // A cancel's answer settled (dispatch/cancel_outcome.h): `then` gets done for a cancelled
    // order and the reason ("it is filled") for one that finished otherwise.
    void settleCancel(const std::string &orderId, Result<Unit> answer,
                      std::function<void(Result<Unit>)> then);
    void onTicketAdded(int ticketId);
    void finishTicket(int ticketId, qint64 executionId, const QString &what);
    // A roll's close ticket finished: its open proposed when it was sent, else nothing.
    void settleRoll(int closeTicketId, bool sent, const QString &what);
    void finishSignal(qint64 signalId, const Decision &d);
    void finishOnRunner(qint64 signalId, SignalStatus status, std::optional<std::int64_t> exec,
                        const std::string &error);
    // A write to the signal's row on the store runner; the list is read again once it is done.
    void updateSignalOnRunner(qint64 signalId,
                              std::function<Result<Unit>(ExecutionStore &)> update);
    void releaseDeadTicketClaims();
    void refreshRiskFiguresOffThread();
    // A claimed signal (or why not) handled now; `existing`: the record it already has.
    Result<Unit> dispatchClaimed(Mode mode, const Result<Signal> &claimed,
                                 std::optional<std::int64_t> existing);

    Broker &m_broker;
    MarketData &m_marketData;
    ExecutionStore &m_store;
    const Clock &m_clock;
    Options m_options;
    Dispatcher *m_dispatcher;
    ConfirmationQueue *m_queue;
    AutoDispatcher *m_auto;
    ExpiryRule *m_expiryRule;
    SignalsModel *m_signals;
    Mode m_mode = Mode::Manual;
    std::map<int, qint64> m_ticketSignals; // waiting ticket -> its signal
    // A roll waiting on its close's ticket: the open is proposed once the close is sent, for as
    // many contracts as it sent; a close rejected, refused or expired opens nothing.
    struct PendingRoll {
        ManualOrder open;
        QString from, to;
        std::string closeClientOrderId;
    };
    std::map<int, PendingRoll> m_rolls; // by the close's ticket id
    QElapsedTimer m_sinceTick;          // the timer's last tick (for the countdown)
    QString m_lastRun;
    RiskBudget m_risk;
    QTimer m_signalPoll;
    QTimer m_accountPoll;
    QTimer m_claimSweep;
    bool m_refreshQueued = false;
    bool m_accountInFlight = false;
    StoreWorker *m_worker = nullptr;
    bool m_signalsReadInFlight = false;
    bool m_riskReadInFlight = false;
    bool m_ticketLeaseInFlight = false;
    bool m_started = false;
};

} // namespace cg::models
