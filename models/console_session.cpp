#include "models/console_session.h"

#include "models/account_model.h"
#include "models/broker_refresher.h"
#include "models/chain_session.h"
#include "models/executions_model.h"
#include "models/orders_model.h"
#include "models/positions_model.h"

#include <QPointer>

#include <memory>

namespace cg::models {

ConsoleSession::ConsoleSession(Broker &broker, MarketData &marketData, ExecutionStore &store,
                               const Clock &clock, Options options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
    , m_options(std::move(options))
    , m_chain(new ChainSession(marketData, clock, this))
    , m_trading(new TradingSession(broker, marketData, store, clock, m_options.trading, this))
    , m_account(new AccountModel(this))
    , m_positions(new PositionsModel(this))
    , m_orders(new OrdersModel(this))
    , m_executions(new ExecutionsModel(this))
    , m_refresher(new BrokerRefresher(broker, m_account, m_positions, m_orders, this)) {
    if (m_options.chainThresholds)
        m_chain->setThresholds(*m_options.chainThresholds);
    m_chain->setStrategyParams(m_options.trading.settings.strategies);
    m_executions->setStore(&store);
    m_executions->setLimit(m_options.executionsLimit);
    m_refresher->setInterval(m_options.brokerPollMs);
    m_positions->setClock(&m_clock); // days to expiry

    // One account snapshot for the account bar and the risk meter: whichever read is newer is
    // shown by both, so their Day P&L never disagree.
    connect(m_trading, &TradingSession::accountRead, m_account, &AccountModel::setAccount);
    const auto shareAccount = [this] {
        if (const auto a = m_account->account())
            m_trading->setAccountSnapshot(*a);
    };
    connect(m_account, &QAbstractItemModel::dataChanged, m_trading, shareAccount);
    connect(m_account, &QAbstractItemModel::rowsInserted, m_trading, shareAccount);
}

ConsoleSession::~ConsoleSession() {
    delete m_refresher; // it holds the models it feeds: it goes before them
}

Result<Unit> ConsoleSession::start() {
    auto started = m_trading->start();
    m_refresher->start();
    return started;
}

void ConsoleSession::setTradeUpdates(TradeUpdates *updates) {
    m_trading->setTradeUpdates(updates); // the tracker chains itself after what is set now
    if (!updates)
        return;
    QPointer<BrokerRefresher> refresher(m_refresher);
    const auto readSoon = [refresher] {
        if (refresher)
            refresher->refreshSoon();
    };
    QPointer<ConsoleSession> self(this);
    runAfter(updates->onUpdate,
             std::function<void(const TradeUpdate &)>([readSoon, self](const TradeUpdate &u) {
                 readSoon();
                 if (self && (u.event == "fill" || u.event == "partial_fill"))
                     Q_EMIT self->fillReported();
             }));
    runAfter(updates->onUnreadable, std::function<void(const std::string &)>(
                                        [readSoon](const std::string &) { readSoon(); }));
    auto wasLive = std::make_shared<bool>(updates->status().health == StreamHealth::Live);
    runAfter(updates->onStatus,
             std::function<void(const StreamStatus &)>([readSoon, wasLive](const StreamStatus &st) {
                 const bool live = st.health == StreamHealth::Live;
                 if (live && !*wasLive) // events missed while it was away
                     readSoon();
                 *wasLive = live;
             }));
}

void ConsoleSession::setStoreWorker(StoreWorker *worker) {
    m_worker = worker;
    m_trading->setStoreWorker(worker);
    m_executions->setStoreWorker(worker);
}

void ConsoleSession::applySettings(const DispatcherSettings &settings) {
    m_trading->setSettings(settings);
    m_chain->setThresholds(settings.gates);
    m_chain->setStrategyParams(settings.strategies); // the picks are the dispatcher's
}

} // namespace cg::models
