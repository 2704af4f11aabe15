#pragma once
// The console's models, built and wired in one place: the chain (ChainSession), the trading side
// (TradingSession: dispatcher, tickets, timer, kill switch), and the account, positions, orders
// and executions tables with the refresher that keeps the broker's three current. The window and
// its docks take their models from here and build none; main.cpp builds this once, tests alike.
// Wiring kept here: one account snapshot for the account bar and the risk meter, and saved
// settings applied to the dispatcher and the chain's gates together. No widgets.

#include "broker/broker.h"
#include "broker/market_data.h"
#include "broker/trade_updates.h"
#include "dispatch/dispatcher_settings.h"
#include "domain/clock.h"
#include "domain/gates.h"
#include "domain/result.h"
#include "models/trading_session.h"

#include <QObject>

#include <optional>

namespace cg {
class ExecutionStore;
class StoreWorker;
} // namespace cg

namespace cg::models {

class AccountModel;
class BrokerRefresher;
class ChainSession;
class ExecutionsModel;
class OrdersModel;
class PositionsModel;

class ConsoleSession : public QObject {
    Q_OBJECT
public:
    struct Options {
        TradingSession::Options trading;
        // The gates the chain judges by; none: the chain's defaults. (The settings file's
        // dispatcher gates, so the chain and the dispatcher agree.)
        std::optional<GateThresholds> chainThresholds;
        int brokerPollMs = 5000;    // account, positions, orders
        int executionsLimit = 2000; // newest rows kept in the Executions table
    };

    // Broker, market data, store and clock must outlive the session. An unopened store shows in
    // the Executions table as an error, never as an empty list.
    ConsoleSession(Broker &broker, MarketData &marketData, ExecutionStore &store,
                   const Clock &clock, Options options, QObject *parent = nullptr);
    ~ConsoleSession() override;

    // The trading session (kill switch, reconciling, signals) and the broker refresher. The
    // refresher starts even when the trading session reports a problem (returned).
    Result<Unit> start();

    ChainSession *chain() const { return m_chain; }
    TradingSession *trading() const { return m_trading; }
    AccountModel *accountModel() const { return m_account; }
    PositionsModel *positionsModel() const { return m_positions; }
    OrdersModel *ordersModel() const { return m_orders; }
    ExecutionsModel *executionsModel() const { return m_executions; }
    BrokerRefresher *refresher() const { return m_refresher; }
    ExecutionStore &store() const { return m_store; }
    const Clock &clock() const { return m_clock; }

    // The periodic reads (signals, risk figures, executions) go through `worker`, off this
    // thread (PostgreSQL: ui/main.cpp). Not owned; it must outlive the session's use of it.
    void setStoreWorker(StoreWorker *worker);
    StoreWorker *storeWorker() const { return m_worker; }

    // Fills as they happen: the trading session's order tracker records them, and the account,
    // positions and orders are read again at once (and after the stream was away), not at the
    // next poll. Not owned; it must outlive the session.
    void setTradeUpdates(TradeUpdates *updates);

    // Saved settings apply at once: to the dispatcher and to the chain's gates.
    void applySettings(const DispatcherSettings &settings);

Q_SIGNALS:
    // A fill or partial fill reported by the trade updates stream (the account's activities,
    // whose fills the day P&L counts, changed).
    void fillReported();

private:
    ExecutionStore &m_store;
    const Clock &m_clock;
    Options m_options;
    ChainSession *m_chain;
    TradingSession *m_trading;
    AccountModel *m_account;
    PositionsModel *m_positions;
    OrdersModel *m_orders;
    ExecutionsModel *m_executions;
    BrokerRefresher *m_refresher;
    StoreWorker *m_worker = nullptr;
};

} // namespace cg::models
