// The trading models: account, positions and orders from the DEMO server (the real client) and
// from an in-process broker (exact dataChanged ranges); executions from a temporary SQLite store
// with the filter proxy and the CSV export; the decision explanation of a known explain_json;
// the metrics of a known set of rows.

#include "alpaca/alpaca_client.h"
#include "dispatch/decision_pipeline.h"
#include "domain/black_scholes_greeks.h"
#include "domain/market_calendar.h"
#include "fake_alpaca/demo_backend.h"
#include "models/account_model.h"
#include "models/broker_refresher.h"
#include "models/console_session.h"
#include "models/execution_explanation.h"
#include "models/execution_filter_proxy_model.h"
#include "models/execution_metrics.h"
#include "models/executions_model.h"
#include "models/order_history_model.h"
#include "models/orders_model.h"
#include "models/positions_model.h"
#include "models/ticket_live_quote.h"
#include "storage/execution_csv.h"
#include "storage/execution_store.h"
#include "support/down_broker.h"
#include "support/fake_broker.h"
#include "support/fake_market_data.h"
#include "support/fake_trade_updates.h"

#include <QElapsedTimer>
#include <QFont>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace cg;
using namespace cg::models;

namespace {

const Timestamp kBase = Timestamp{std::chrono::milliseconds{1767364200000}}; // 2026-01-02 14:30Z

// explain_json as the dispatcher writes it (dispatch/decision_json.cpp), trimmed to what the
// explanation reads.
const char *kExplain = R"({
 "signal": {"id": 7, "symbol": "SPY", "action": "CALL", "strategy": "day_trade", "source": "ui"},
 "decided_at": "2026-01-02T14:30:00.000Z", "strategy": "day_trade",
 "strategy_params": {"moneyness": "OTM", "moneyness_pct": 1.5, "min_dte": 1, "max_dte": 7,
                     "risk_pct": 5},
 "underlying_price": 697.12, "target_strike": 707.58, "chain_size": 1206, "candidates": 14,
 "gates": {
  "quote_valid": {"pass": true, "value": null, "threshold": null,
                  "reason": "Bid 2.40 and ask 2.52 are valid"},
  "spread": {"pass": true, "value": 4.88, "threshold": 10,
             "reason": "Spread 4.88% is below the 10% limit"},
  "not_expired": {"pass": true, "value": 4, "threshold": 0,
                  "reason": "Expires 2026-01-06, 4 days left"},
  "open_interest": {"pass": true, "value": 1500, "threshold": 100,
                    "reason": "Open interest 1500 meets the minimum of 100"},
  "volume": {"pass": false, "value": 42, "threshold": 100,
             "reason": "Volume 42 is below the minimum of 100"}},
 "contract": {"symbol": "SPY260106C00708000", "strike": 708, "expiration": "2026-01-06"},
 "api_bid": 2.40, "api_ask": 2.52, "mid": 2.46, "spread_pct": 4.88,
 "greeks": {"delta": 0.3121, "gamma": 0.0212, "theta": -0.4511, "vega": 0.3012, "iv": 0.1834},
 "sizing": {"equity": 100000, "risk_pct": 5, "budget": 5000, "options_buying_power": 90000,
            "price": 2.46, "order_type": "limit", "qty": 20, "cost": 4920,
            "cost_per_contract": 246, "capped_by_buying_power": false,
            "capped_by_max_contracts": false, "reason": null},
 "daily_pnl": -120.5, "limit_price": 2.46, "qty": 20, "execution_mode": "ALPACA_PAPER",
 "reason": "All checks passed", "fallback_reason": null, "client_order_id": "cg-sig-7",
 "alpaca_order_id": "ord-77", "order_status": "filled"})";

ExecutionRecord record(int i, const std::string &ticker, ExecutionMode mode) {
    ExecutionRecord r;
    r.executionUid = "uid-" + std::to_string(i);
    r.signalId = 100 + i;
    r.ticker = ticker;
    r.action = "CALL";
    r.instrumentType = "OPTION";
    r.mode = mode;
    r.strategy = "day_trade";
    r.optionSymbol = ticker + "260109C00200000";
    r.strike = 200.0;
    r.expiry = "2026-01-09";
    r.qty = 2;
    r.limitPrice = 2.0;
    r.bid = 1.9;
    r.ask = 2.1;
    r.spreadPct = 10.0;
    r.createdAt = kBase + std::chrono::hours(24 * i);
    if (mode == ExecutionMode::SimulatedFallback) {
        r.fallbackReason = "Spread 12.4% is above the 10% limit";
        r.fillPrice = 2.0;
    } else {
        r.clientOrderId = "cg-sig-" + std::to_string(100 + i);
        r.orderId = "ord-" + std::to_string(i);
        r.orderStatus = "filled";
        r.fillPrice = 2.05;
    }
    return r;
}

QList<QPair<int, int>> columnRanges(const QSignalSpy &spy) {
    QList<QPair<int, int>> out;
    for (const auto &args : spy)
        out << qMakePair(args.at(0).toModelIndex().column(), args.at(1).toModelIndex().column());
    return out;
}

} // namespace

class TestTradingModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void accountOrdersPositionsFromDemoServer();
    void refreshChangesOnlyChangedCells();
    void positionMarksOnATick();
    void totalsCountWhatClosedTodayAndKeepGammaPerUnderlying();
    void orderHistoryReadsMultiLegOrdersByLeg();
    void positionMarkIsTheNewerOfChainAndBroker();
    void positionGreeksFromMarkOutsideChain();
    void brokerErrorIsKeptAndCleared();
    void aTradeUpdateRefreshesTheDocksAtOnce();
    void executionsFilterAndCsv();
    void executionsReloadInsertsNewRowsOnTop();
    void explanationOfKnownDecision();
    void explanationOfFallbackAndBadJson();
    void metricsOfKnownRows();
    void metricsCountAReplacedOrderOnce();
    void metricsSlippageOfAnOptionSale();
    void metricsPeriod();
    void ticketPricesAndWhyNot();
};

void TestTradingModels::accountOrdersPositionsFromDemoServer() {
    fake::DemoBackend::Options o;
    o.tick = std::chrono::milliseconds(50);
    fake::DemoBackend backend(o);
    QVERIFY2(backend.isListening(), qPrintable(backend.errorString()));
    alpaca::AlpacaConfig config;
    config.tradingUrl = backend.baseUrl();
    config.dataUrl = backend.baseUrl();
    config.keyId = backend.keyId();
    config.secret = backend.secret();
    config.timeoutMs = 5000;
    alpaca::AlpacaClient client(config);

    AccountModel account;
    PositionsModel positions;
    OrdersModel orders;
    BrokerRefresher refresher(client, &account, &positions, &orders);
    refresher.setInterval(100);
    QSignalSpy refreshed(&refresher, &BrokerRefresher::refreshed);
    refresher.start();
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() >= 1, 5000);
    QVERIFY2(refresher.lastError().isEmpty(), qPrintable(refresher.lastError()));
    QVERIFY(account.account().has_value());
    QVERIFY(account.account()->equity > 0);
    QCOMPARE(account.rowCount(), 1);
    QVERIFY(account.index(0, AccountModel::Equity).data().toString().startsWith('$'));

    // An order placed at the broker shows up, fills, and becomes a position.
    OrderRequest req;
    req.symbol = "SPY";
    req.qty = 3;
    req.type = OrderType::Market;
    req.clientOrderId = "panels-test-1";
    bool submitted = false;
    client.submitOrder(req, [&](Result<Order> r) {
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        submitted = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(submitted, 5000);
    const auto orderRow = [&] {
        for (int r = 0; r < orders.rowCount(); ++r) {
            if (orders.index(r, OrdersModel::ClientOrderId).data().toString() ==
                QLatin1String("panels-test-1"))
                return r;
        }
        return -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(orderRow() >= 0, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(orders.index(orderRow(), OrdersModel::Status).data().toString(),
                              QStringLiteral("Filled"), 5000);
    const auto positionRow = [&] {
        for (int r = 0; r < positions.rowCount(); ++r) {
            if (positions.index(r, PositionsModel::Symbol).data().toString() ==
                QLatin1String("SPY"))
                return r;
        }
        return -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(positionRow() >= 0, 5000);
    QCOMPARE(positions.index(positionRow(), PositionsModel::Qty).data().toString(),
             QStringLiteral("3"));
    QVERIFY(positions.index(positionRow(), PositionsModel::AvgPrice).data(kValueRole).toDouble() >
            0);
}

void TestTradingModels::refreshChangesOnlyChangedCells() {
    test::FakeBroker broker;
    Position p;
    p.symbol = "SPY260106C00708000";
    p.assetClass = "us_option";
    p.qty = 2;
    p.avgEntryPrice = 2.46;
    p.currentPrice = 2.50;
    p.marketValue = 500;
    p.costBasis = 492;
    p.unrealizedPl = 8;
    p.unrealizedPlPct = 8.0 / 492;
    broker.positionList = {p};
    OrderRequest req;
    req.symbol = "SPY260106C00708000";
    req.qty = 2;
    req.limitPrice = 2.46;
    req.clientOrderId = "cg-sig-7";
    broker.submitOrder(req, [](Result<Order>) {});

    AccountModel account;
    PositionsModel positions;
    OrdersModel orders;
    BrokerRefresher refresher(broker, &account, &positions, &orders);
    QSignalSpy refreshed(&refresher, &BrokerRefresher::refreshed);
    refresher.refresh();
    QTRY_COMPARE(refreshed.count(), 1);
    QCOMPARE(account.rowCount(), 1);
    QCOMPARE(positions.rowCount(), 1);
    QCOMPARE(orders.rowCount(), 1);
    QCOMPARE(orders.index(0, OrdersModel::Status).data().toString(), QStringLiteral("Pending new"));

    // Equity moves: equity, day P&L and day P&L % change; cash and buying power do not.
    QSignalSpy accountChanged(&account, &QAbstractItemModel::dataChanged);
    QSignalSpy positionsChanged(&positions, &QAbstractItemModel::dataChanged);
    QSignalSpy ordersChanged(&orders, &QAbstractItemModel::dataChanged);
    QSignalSpy ordersInserted(&orders, &QAbstractItemModel::rowsInserted);
    QSignalSpy ordersReset(&orders, &QAbstractItemModel::modelReset);
    broker.acct.equity = 100250.0;
    broker.positionList[0].currentPrice = 2.60;
    broker.positionList[0].marketValue = 520;
    broker.positionList[0].unrealizedPl = 28;
    broker.positionList[0].unrealizedPlPct = 28.0 / 492;
    broker.fill("cg-sig-7", 2.45);
    refresher.refresh();
    QTRY_COMPARE(refreshed.count(), 2);

    QCOMPARE(columnRanges(accountChanged),
             (QList<QPair<int, int>>{{AccountModel::Equity, AccountModel::Equity},
                                     {AccountModel::DayPnl, AccountModel::DayPnlPct}}));
    QCOMPARE(account.index(0, AccountModel::DayPnl).data().toString(), QStringLiteral("+$250.00"));
    QCOMPARE(columnRanges(positionsChanged),
             (QList<QPair<int, int>>{{PositionsModel::CurrentPrice, PositionsModel::PnlPct}}));
    QCOMPARE(positions.index(0, PositionsModel::Pnl).data().toString(), QStringLiteral("+$28.00"));
    // Filled quantity, then average fill price and status (Type and Limit did not change).
    QCOMPARE(columnRanges(ordersChanged),
             (QList<QPair<int, int>>{{OrdersModel::Filled, OrdersModel::Filled},
                                     {OrdersModel::AvgFill, OrdersModel::Status}}));
    QCOMPARE(orders.index(0, OrdersModel::Status).data().toString(), QStringLiteral("Filled"));
    QCOMPARE(ordersInserted.count(), 0);
    QCOMPARE(ordersReset.count(), 0);

    // Nothing changed: no signal at all.
    accountChanged.clear();
    positionsChanged.clear();
    ordersChanged.clear();
    refresher.refresh();
    QTRY_COMPARE(refreshed.count(), 3);
    QCOMPARE(accountChanged.count() + positionsChanged.count() + ordersChanged.count(), 0);

    // A new order arrives on top; the position closes and its row goes.
    req.clientOrderId = "cg-sig-8";
    broker.submitOrder(req, [](Result<Order>) {});
    broker.book.back().createdAt = broker.book.front().createdAt + std::chrono::seconds(5);
    broker.positionList.clear();
    QSignalSpy positionsRemoved(&positions, &QAbstractItemModel::rowsRemoved);
    refresher.refresh();
    QTRY_COMPARE(refreshed.count(), 4);
    QCOMPARE(ordersInserted.count(), 1);
    QCOMPARE(ordersInserted.at(0).at(1).toInt(), 0);
    QCOMPARE(orders.index(0, OrdersModel::ClientOrderId).data().toString(),
             QStringLiteral("cg-sig-8"));
    QCOMPARE(positionsRemoved.count(), 1);
    QCOMPARE(positions.rowCount(), 0);
    QCOMPARE(ordersReset.count(), 0);
}

// A fill pushed on the trade_updates stream shows in Orders and Positions at once, not at the
// next poll (5 s by default, here a minute): the ticket said "filled" while Orders still said
// "new" and Positions lacked the contract. The stream coming back after a gap reads them too.
void TestTradingModels::aTradeUpdateRefreshesTheDocksAtOnce() {
    test::FakeBroker broker;
    test::FakeMarketData market;
    ExecutionStore store;
    QVERIFY(store.open(QStringLiteral("sqlite::memory:")).ok());
    FixedClock clock(Timestamp{std::chrono::milliseconds{1'767'366'000'000}});
    ConsoleSession::Options o;
    o.brokerPollMs = 60000;
    o.trading.signalPollMs = 60000;
    o.trading.accountPollMs = 60000;
    ConsoleSession console(broker, market, store, clock, o);
    test::FakeTradeUpdates updates;
    console.setTradeUpdates(&updates);
    Order working = test::FakeBroker::workingStockSell("ord-1", "SPY", 10);
    working.clientOrderId = "by-hand-1";
    broker.book = {working};
    QVERIFY(console.start().ok());
    QTRY_COMPARE(console.ordersModel()->rowCount(), 1);
    QTRY_VERIFY(!console.refresher()->isBusy());
    const int status = OrdersModel::Status;
    QCOMPARE(console.ordersModel()->index(0, status).data().toString(), QStringLiteral("New"));

    broker.book.front().status = "filled";
    broker.book.front().filledQty = 10;
    broker.positionList = {test::FakeBroker::shares("SPY", -10)};
    QSignalSpy fills(&console, &ConsoleSession::fillReported); // the activities are read again
    updates.push("fill", broker.book.front(), 600.0);
    QCOMPARE(fills.count(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(console.ordersModel()->index(0, status).data().toString(),
                              QStringLiteral("Filled"), 2000);
    QTRY_COMPARE_WITH_TIMEOUT(console.positionsModel()->rowCount(), 1, 2000);

    // A busy account's events ask for a round at most every 3 s: 50 events 100 ms apart make
    // one round, then one more for each 3 s they last (3 requests each), not one after each
    // round (a round every ~350 ms, 500 requests a minute against Alpaca's 200), and one more
    // is allowed for any other cause. The bound is taken from the time the events really took:
    // on a loaded machine 5 s of waits last longer (a fixed 3 failed once under ctest -j6).
    QTRY_VERIFY(!console.refresher()->isBusy());
    QSignalSpy rounds(console.refresher(), &BrokerRefresher::refreshed);
    QElapsedTimer events;
    events.start();
    for (int i = 0; i < 50; ++i) {
        updates.push("new", broker.book.front());
        QTest::qWait(100);
    }
    const qsizetype most = 2 + events.elapsed() / 3000;
    QVERIFY2(rounds.count() >= 1 && rounds.count() <= most,
             qPrintable(QStringLiteral("%1 rounds in %2 ms, at most %3")
                            .arg(rounds.count())
                            .arg(events.elapsed())
                            .arg(most)));
    QCOMPARE(fills.count(), 1); // "new" is no fill

    // Back after a gap: what changed meanwhile is read.
    QTRY_VERIFY(!console.refresher()->isBusy());
    updates.setHealth(StreamHealth::Reconnecting);
    broker.positionList.clear();
    updates.setHealth(StreamHealth::Live);
    QTRY_COMPARE_WITH_TIMEOUT(console.positionsModel()->rowCount(), 0, 6000);
}

void TestTradingModels::brokerErrorIsKeptAndCleared() {
    test::DownBroker down;
    AccountModel account;
    PositionsModel positions;
    OrdersModel orders;
    BrokerRefresher refresher(down, &account, &positions, &orders);
    QSignalSpy errors(&refresher, &BrokerRefresher::errorChanged);
    refresher.refresh();
    QCOMPARE(errors.count(), 1);
    QCOMPARE(refresher.lastError(),
             QStringLiteral("Account: Could not reach Alpaca: connection refused"));
    QVERIFY(!account.account());
    QVERIFY(!refresher.isBusy());
    refresher.refresh(); // the same error again: no new signal
    QCOMPARE(errors.count(), 1);

    test::FakeBroker up;
    BrokerRefresher again(up, &account, &positions, &orders);
    QSignalSpy refreshed(&again, &BrokerRefresher::refreshed);
    again.refresh();
    QTRY_COMPARE(refreshed.count(), 1);
    QVERIFY(again.lastError().isEmpty());
    QVERIFY(again.lastUpdate().isValid());

    // Each list keeps its own error: the orders failing does not make the positions (read,
    // and empty) "unavailable".
    up.failOrderLists = 1;
    QSignalSpy changed(&again, &BrokerRefresher::errorChanged);
    again.refresh();
    QTRY_COMPARE(refreshed.count(), 2);
    QCOMPARE(changed.count(), 1);
    QVERIFY(again.positionsError().isEmpty());
    QVERIFY2(again.ordersError().contains(QStringLiteral("internal server error")),
             qPrintable(again.ordersError()));
    again.refresh();
    QTRY_COMPARE(refreshed.count(), 3);
    QVERIFY(again.ordersError().isEmpty());
    QCOMPARE(changed.count(), 2);
}

void TestTradingModels::executionsFilterAndCsv() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ExecutionStore store;
    store.setOutboxPath(dir.filePath(QStringLiteral("outbox.db")));
    QVERIFY(store.open(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("x.db"))).ok());
    std::vector<ExecutionRecord> in = {
        record(0, "SPY", ExecutionMode::AlpacaPaper),
        record(1, "QQQ", ExecutionMode::SimulatedFallback),
        record(2, "SPY", ExecutionMode::SimulatedFallback),
        record(3, "SPY", ExecutionMode::AlpacaPaper),
    };
    in[3].fallbackReason.clear();
    in[3].explainJson = R"({"reason":"=cmd|' /C calc'!A0, \"quoted\""})";
    for (const auto &r : in)
        QVERIFY(store.records().recordExecution(r).ok());

    ExecutionsModel model;
    model.setStore(&store);
    QVERIFY(model.reload());
    QCOMPARE(model.rowCount(), 4);
    // Newest first.
    QCOMPARE(model.index(0, ExecutionsModel::Time).data(kValueRole).toLongLong(),
             in[3].createdAt.time_since_epoch().count());
    QCOMPARE(model.index(1, ExecutionsModel::Mode).data().toString(),
             QStringLiteral("Simulated fallback"));
    QCOMPARE(model.index(1, ExecutionsModel::Note).data().toString(),
             QStringLiteral("Spread 12.4% is above the 10% limit"));

    ExecutionFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSymbol(QStringLiteral(" spy "));
    QCOMPARE(proxy.rowCount(), 3);
    proxy.setMode(ExecutionMode::SimulatedFallback);
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setMode(std::nullopt);
    // Days 1 and 2 only (to is exclusive): record 2 is the only SPY one.
    const auto ms = [](Timestamp t) {
        return QDateTime::fromMSecsSinceEpoch(t.time_since_epoch().count(), Qt::UTC);
    };
    proxy.setTimeRange(ms(in[1].createdAt), ms(in[3].createdAt));
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setSymbol(QString());
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setTimeRange({}, {});
    QCOMPARE(proxy.rowCount(), 4);

    proxy.setSymbol(QStringLiteral("SPY"));
    proxy.sort(ExecutionsModel::Time, Qt::AscendingOrder);
    const std::vector<ExecutionRecord> shown = proxy.visibleRecords();
    QCOMPARE(shown.size(), size_t(3));
    QCOMPARE(shown.front().executionUid, std::string("uid-0"));

    const QString csv = executionsCsv(shown);
    const QStringList lines = csv.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4); // header + 3
    QVERIFY(lines[0].startsWith(QStringLiteral("id,")) ||
            lines[0].contains(QStringLiteral("ticker")));
    QVERIFY(lines[0].contains(QStringLiteral("execution_mode")));
    QVERIFY(lines[1].contains(QStringLiteral("ALPACA_PAPER")));
    QVERIFY(lines[2].contains(QStringLiteral("SIMULATED_FALLBACK")));
    // explain_json with quotes and a formula-looking reason is one quoted field.
    QVERIFY2(lines[3].contains(QStringLiteral(",\"{\"\"")), qPrintable(lines[3]));
    QVERIFY2(lines[3].contains(QStringLiteral("\"\"reason\"\":\"\"=cmd|")), qPrintable(lines[3]));
    QVERIFY(!lines[1].contains(QStringLiteral("QQQ")));
}

void TestTradingModels::executionsReloadInsertsNewRowsOnTop() {
    QTemporaryDir dir;
    ExecutionStore store;
    store.setOutboxPath(dir.filePath(QStringLiteral("outbox.db")));
    QVERIFY(store.open(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("x.db"))).ok());
    ExecutionRecord first = record(0, "SPY", ExecutionMode::AlpacaPaper);
    first.orderStatus = "accepted";
    first.fillPrice.reset();
    QVERIFY(store.records().recordExecution(first).ok());
    ExecutionsModel model;
    model.setStore(&store);
    QVERIFY(model.reload());
    QCOMPARE(model.rowCount(), 1);

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QVERIFY(
        store.records().recordExecution(record(1, "QQQ", ExecutionMode::SimulatedFallback)).ok());
    QVERIFY(store.records().updateOrderStatus(first.clientOrderId, "filled", 2.04).ok());
    QVERIFY(model.reload());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(reset.count(), 0);
    // The first record's fill and status: columns Fill .. Status, nothing else.
    QCOMPARE(changed.count(), 2);
    QCOMPARE(model.index(1, ExecutionsModel::Status).data().toString(), QStringLiteral("filled"));
    QCOMPARE(model.index(1, ExecutionsModel::Fill).data().toString(), QStringLiteral("2.04"));

    ExecutionsModel none;
    QVERIFY(!none.reload());
    QCOMPARE(none.lastError(), QStringLiteral("No database is open."));
}

void TestTradingModels::explanationOfKnownDecision() {
    ExecutionRecord r = record(0, "SPY", ExecutionMode::AlpacaPaper);
    r.optionSymbol = "SPY260106C00708000";
    r.strike = 708;
    r.expiry = "2026-01-06";
    r.qty = 20;
    r.limitPrice = 2.46;
    r.fillPrice = 2.50;
    r.bid = 2.40;
    r.ask = 2.52;
    r.spreadPct = 4.878;
    r.underlyingPrice = 697.12;
    r.orderId = "ord-77";
    r.clientOrderId = "cg-sig-7";
    r.explainJson = kExplain;
    const ExecutionExplanation e = explainExecution(r);
    const QString text = explanationText(e);
    QCOMPARE(e.headline, QStringLiteral("Order placed (Alpaca paper): buy to open 20 \u00d7 "
                                        "SPY260106C00708000, limit 2.46"));
    QCOMPARE(e.reason, QStringLiteral("All checks passed"));
    QVERIFY(e.gatesEvaluated);
    QCOMPARE(int(e.gates.size()), 5);
    QVERIFY2(text.contains(QStringLiteral("PASS Spread: Spread 4.88% is below the 10% limit")),
             qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("FAIL Volume: Volume 42 is below the minimum of 100")));
    QVERIFY(text.contains(QStringLiteral("PASS Not expired: Expires 2026-01-06, 4 days left")));
    QVERIFY(text.contains(QStringLiteral("Underlying price: 697.12")));
    QVERIFY(text.contains(QStringLiteral("Target strike: 707.58")));
    QVERIFY(text.contains(
        QStringLiteral("Chain: 1,206 contracts fetched, 14 candidates passed the gates")));
    QVERIFY(text.contains(QStringLiteral("Bid / ask / mid: 2.40 / 2.52 / 2.46")));
    QVERIFY(text.contains(QStringLiteral("Slippage vs mid: +0.04 per share (+1.63%)")));
    QVERIFY(text.contains(QStringLiteral("Delta: 0.3121")));
    QVERIFY(text.contains(QStringLiteral("Implied volatility: 18.3%")));
    QVERIFY(
        text.contains(QStringLiteral("Target: OTM 1.5%, 1\u20137 days to expiry, 5% of equity")));
    QVERIFY(text.contains(QStringLiteral("Budget: $5,000.00 (5% of equity)")));
    QVERIFY(text.contains(QStringLiteral("Cost per contract: $246.00")));
    QVERIFY(text.contains(QStringLiteral("Day P&L at decision: -$120.50")));
    QVERIFY(text.contains(QStringLiteral("Alpaca order id: ord-77")));
    // Readable, not JSON.
    QVERIFY(!text.contains(QLatin1Char('{')));
    QVERIFY(!text.contains(QStringLiteral("\"pass\"")));
    const QString html = explanationHtml(e);
    QVERIFY(html.contains(QStringLiteral("\u2718 FAIL")));
    QVERIFY(html.contains(QStringLiteral("Volume 42 is below the minimum of 100")));

    // A multi-leg close records no budget (null): no "Budget" line, not "$? (5% of equity)".
    {
        QJsonObject explain = QJsonDocument::fromJson(QByteArray(kExplain)).object();
        QJsonObject sizing = explain.value(QStringLiteral("sizing")).toObject();
        sizing.insert(QStringLiteral("budget"), QJsonValue::Null);
        explain.insert(QStringLiteral("sizing"), sizing);
        ExecutionRecord close = r;
        close.explainJson = QJsonDocument(explain).toJson(QJsonDocument::Compact).toStdString();
        const QString closeText = explanationText(explainExecution(close));
        QVERIFY2(!closeText.contains(QStringLiteral("Budget")), qPrintable(closeText));
        QVERIFY(closeText.contains(QStringLiteral("Cost per contract: $246.00")));
    }

    // The same order never placed (Alpaca had none under its id): not "Order placed ... All
    // checks passed", but what happened, in the record's words.
    r.orderId.clear();
    r.fillPrice.reset();
    r.orderStatus = "not_placed";
    r.fallbackReason = "Not placed: Alpaca has no order cg-sig-7 10 min after it was sent, so the "
                       "request never arrived; nothing was bought or sold";
    const ExecutionExplanation never = explainExecution(r);
    QCOMPARE(never.headline, QStringLiteral("Order not placed (Alpaca paper): buy to open 20 "
                                            "\u00d7 SPY260106C00708000, limit 2.46"));
    QCOMPARE(never.reason, QString::fromStdString(r.fallbackReason));
}

void TestTradingModels::explanationOfFallbackAndBadJson() {
    ExecutionRecord r = record(1, "QQQ", ExecutionMode::SimulatedFallback);
    r.explainJson = R"({"gates": {"spread": {"pass": false,
        "reason": "Spread 12.4% is above the 10% limit"}},
        "fallback_reason": "Spread 12.4% is above the 10% limit"})";
    ExecutionExplanation e = explainExecution(r);
    QCOMPARE(e.headline,
             QStringLiteral("No order (simulated fallback at mid) for QQQ260109C00200000"));
    QCOMPARE(e.reason, QStringLiteral("Spread 12.4% is above the 10% limit"));
    QCOMPARE(int(e.gates.size()), 1);
    QVERIFY(!e.gates[0].pass);

    r.explainJson = "{not json";
    e = explainExecution(r);
    QVERIFY(!e.warning.isEmpty());
    QCOMPARE(e.reason, QStringLiteral("Spread 12.4% is above the 10% limit")); // from the column
    QVERIFY(!e.gatesEvaluated);
    QVERIFY(explanationText(e).contains(QStringLiteral("Not evaluated")));

    ExecutionRecord stock = record(2, "AAPL", ExecutionMode::RejectedByUser);
    stock.action = "SELL";
    stock.instrumentType = "STOCK";
    stock.optionSymbol.clear();
    stock.fallbackReason = "Rejected in the ticket";
    e = explainExecution(stock);
    QCOMPARE(e.headline,
             QStringLiteral("Rejected by the trader: sell 2 \u00d7 AAPL, limit 2.00 was not sent"));

    // A multi-leg execution lists its legs, at their fills or mids.
    ExecutionRecord spread = record(3, "SPY", ExecutionMode::Demo);
    spread.optionSymbol.clear();
    spread.strategy = "bull_call_spread";
    ExecutionLegRecord buy;
    buy.optionSymbol = "SPY260130C00700000";
    buy.side = "buy";
    buy.fillPrice = 2.46;
    ExecutionLegRecord sell;
    sell.legIndex = 1;
    sell.optionSymbol = "SPY260130C00705000";
    sell.side = "sell";
    sell.mid = 1.3;
    spread.legs = {buy, sell};
    const QString legs = explanationText(explainExecution(spread));
    QVERIFY2(legs.contains(QStringLiteral("Leg 1: buy 1 SPY260130C00700000, filled at 2.46")),
             qPrintable(legs));
    QVERIFY(legs.contains(QStringLiteral("Leg 2: sell 1 SPY260130C00705000, mid 1.30")));
}

// A decision whose order was replaced twice (PATCH: three rows at Alpaca, one trade) is one
// decision and one order, filled when its last order filled; the replacing rows are not
// decisions of their own (they made the mode mix and the fill rate 3 orders, 1 filled).
void TestTradingModels::metricsCountAReplacedOrderOnce() {
    std::vector<ExecutionRecord> rows;
    for (int i = 0; i < 3; ++i) {
        ExecutionRecord r = record(i, "SPY", ExecutionMode::AlpacaPaper);
        r.clientOrderId = "cg-a" + std::string(i ? "-r" + std::to_string(i) : "");
        r.orderId = "o" + std::to_string(i);
        r.replacesOrderId = i ? "o" + std::to_string(i - 1) : "";
        r.orderStatus = i < 2 ? "replaced" : "filled";
        r.spreadPct = 3.0;
        if (i == 2)
            r.fillPrice = 2.02;
        rows.push_back(r);
    }
    const ExecutionMetrics m = computeExecutionMetrics(rows);
    QCOMPARE(m.total, 1);
    QCOMPARE(m.count(ExecutionMode::AlpacaPaper), 1);
    QCOMPARE(m.ordersPlaced, 1);
    QCOMPARE(m.filled, 1);
    QCOMPARE(m.open, 0);
    QCOMPARE(int(m.entrySpreads.size()), 1);
    QCOMPARE(int(m.slippagesPct.size()), 1);
    QVERIFY(std::abs(*m.avgSlippagePct() - 1.0) < 1e-9); // 2.02 against the mid 2.00
}

// An option sold (to close: its action is still CALL) at the bid 1.90 against the mid 2.00
// costs 5 %: it showed as 5 % better than the mid.
void TestTradingModels::metricsSlippageOfAnOptionSale() {
    ExecutionRecord sold = record(5, "SPY", ExecutionMode::AlpacaPaper);
    sold.fillPrice = 1.90;
    sold.explainJson = R"({"side":"sell","position_intent":"sell_to_close"})";
    const ExecutionMetrics s = computeExecutionMetrics({sold});
    QCOMPARE(int(s.slippagesPct.size()), 1);
    QVERIFY2(std::abs(s.slippagesPct.front() - 5.0) < 1e-9,
             qPrintable(QString::number(s.slippagesPct.front())));
}

void TestTradingModels::metricsOfKnownRows() {
    // 10 decisions: 7 paper orders (5 filled, 1 open, 1 canceled), 2 fallbacks, 1 rejection.
    std::vector<ExecutionRecord> rows;
    const double spreads[] = {2.0, 4.0, 6.0, 8.0, 5.0, 3.0, 7.0};
    const double fills[] = {2.02, 1.98, 2.00, 2.10, 2.04};
    for (int i = 0; i < 7; ++i) {
        ExecutionRecord r = record(i, "SPY", ExecutionMode::AlpacaPaper);
        r.bid = 1.9;
        r.ask = 2.1; // mid 2.00
        r.spreadPct = spreads[i];
        r.orderStatus = i < 5 ? "filled" : i == 5 ? "accepted" : "canceled";
        r.fillPrice = i < 5 ? std::optional(fills[i]) : std::nullopt;
        r.explainJson = R"({"gates":{"quote_valid":{"pass":true},"spread":{"pass":true},
            "not_expired":{"pass":true},"open_interest":{"pass":true},"volume":{"pass":true}}})";
        rows.push_back(r);
    }
    for (int i = 7; i < 9; ++i) {
        ExecutionRecord r = record(i, "QQQ", ExecutionMode::SimulatedFallback);
        r.explainJson = R"({"gates":{"quote_valid":{"pass":true},"spread":{"pass":false},
            "not_expired":{"pass":true},"open_interest":{"pass":false},"volume":{"pass":true}}})";
        rows.push_back(r);
    }
    rows.push_back(record(9, "IWM", ExecutionMode::RejectedByUser));
    rows.back().spreadPct = 50.0; // not an entry: never counted in the spread figures

    const ExecutionMetrics m = computeExecutionMetrics(rows);
    QCOMPARE(m.total, 10);
    QCOMPARE(m.count(ExecutionMode::AlpacaPaper), 7);
    QCOMPARE(m.count(ExecutionMode::SimulatedFallback), 2);
    QCOMPARE(m.count(ExecutionMode::RejectedByUser), 1);
    QCOMPARE(*m.modeSharePct(ExecutionMode::AlpacaPaper), 70.0);
    QCOMPARE(m.decided, 9);
    QCOMPARE(m.ordersPlaced, 7);
    QVERIFY(std::abs(*m.orderSharePct() - 700.0 / 9) < 1e-9); // 77.8 %: below the target
    QVERIFY(!m.meetsOrderShareTarget());
    QCOMPARE(m.filled, 5);
    QCOMPARE(m.open, 1);
    QVERIFY(std::abs(*m.fillRatePct() - 500.0 / 7) < 1e-9);
    QCOMPARE(*m.avgSpreadPct(), 5.0); // (2+4+6+8+5+3+7)/7
    QCOMPARE(*m.maxSpreadPct(), 8.0);
    QVERIFY(m.meetsSpreadTarget());
    // Slippage vs mid 2.00: +1%, -1%, 0, +5%, +2% -> avg +1.4 %, worst +5 %.
    QCOMPARE(int(m.slippagesPct.size()), 5);
    QVERIFY(std::abs(*m.avgSlippagePct() - 1.4) < 1e-9);
    QVERIFY(std::abs(*m.worstSlippagePct() - 5.0) < 1e-9);
    QVERIFY(std::abs(*m.avgSlippageDollars() - 0.028) < 1e-9);
    // Gates: 9 decisions with gates; spread and OI failed twice.
    QCOMPARE(m.gates[0].evaluated, 9);
    QCOMPARE(*m.gates[0].pct(), 100.0);
    QCOMPARE(m.gates[1].passed, 7);
    QVERIFY(std::abs(*m.gates[1].pct() - 700.0 / 9) < 1e-9);
    QCOMPARE(m.gates[3].passed, 7);
    QCOMPARE(*m.gates[4].pct(), 100.0);

    // A period keeps only its rows: days 7.. are the fallbacks and the rejection.
    const ExecutionMetrics late =
        computeExecutionMetrics(rows, kBase + std::chrono::hours(24 * 7), std::nullopt);
    QCOMPARE(late.total, 3);
    QCOMPARE(late.ordersPlaced, 0);
    QVERIFY(!late.fillRatePct());
    QVERIFY(!late.avgSpreadPct());
    QCOMPARE(*late.orderSharePct(), 0.0);
    const ExecutionMetrics empty = computeExecutionMetrics({});
    QCOMPARE(empty.total, 0);
    QVERIFY(!empty.orderSharePct());

    // Split by source: rows 0 and 1 by hand, the rest the dispatcher's.
    rows[0].source = "manual";
    rows[1].source = "manual";
    const ExecutionMetrics manual =
        computeExecutionMetrics(rows, std::nullopt, std::nullopt, "manual");
    QCOMPARE(manual.total, 2);
    QCOMPARE(manual.ordersPlaced, 2);
    QCOMPARE(manual.filled, 2);
    QCOMPARE(*manual.avgSpreadPct(), 3.0); // (2+4)/2
    const ExecutionMetrics signal =
        computeExecutionMetrics(rows, std::nullopt, std::nullopt, "signal");
    QCOMPARE(signal.total, 8);
    QCOMPARE(signal.ordersPlaced, 5);
    QCOMPARE(manual.total + signal.total, m.total);
}

void TestTradingModels::metricsPeriod() {
    // 2026-01-02 14:30Z is 09:30 in New York (EST): today starts at 05:00Z.
    QCOMPARE(periodStart(MetricsPeriod::Today, kBase)->time_since_epoch().count(),
             kBase.time_since_epoch().count() - (9 * 3600 + 1800) * 1000LL);
    QCOMPARE(*periodStart(MetricsPeriod::Last7Days, kBase), kBase - std::chrono::days(7));
    QVERIFY(!periodStart(MetricsPeriod::AllTime, kBase));
}

// A long call marked at the live mid: a tick (mid 3.50 -> 3.60, delta 0.55 -> 0.60, SPY 600 ->
// 602) changes the mark, P&L, delta and moneyness cells and nothing else; totals follow.
// The chain's price marks a position only when it is at least as new as the broker's answer.
// A chain loaded at 10:00 and not polled since (auto-refresh is off outside DEMO) marked SPY
// shares at 10:00's price at 14:00, over the broker's price read 5 s before.
void TestTradingModels::positionMarkIsTheNewerOfChainAndBroker() {
    Position p;
    p.symbol = "SPY";
    p.assetClass = "us_equity";
    p.qty = 10;
    p.avgEntryPrice = 600.0;
    p.currentPrice = 640.0; // the broker's, read now
    p.lastdayPrice = 630.0;
    FixedClock clock(easternInstant(std::chrono::year{2026} / 12 / 4, 14, 0));
    PositionMarket market;
    market.liveMid = market.underlyingPrice = 610.0; // the chain's, at 10:00
    market.priceAsOf = clock.now() - std::chrono::hours(4);
    PositionsModel positions;
    positions.setClock(&clock);
    positions.setMarketLookup([&market](const Position &) { return market; });
    positions.setPositions({p});
    const auto text = [&](int column) { return positions.index(0, column).data().toString(); };
    QCOMPARE(text(PositionsModel::CurrentPrice), QStringLiteral("640.00"));
    QCOMPARE(text(PositionsModel::Pnl), QStringLiteral("+$400.00"));

    // A chain price a few seconds older than the broker's read is as current (a streamed
    // quote's time, the stream Silent a moment): the chain's marks it, no flip at each read.
    market.liveMid = market.underlyingPrice = 639.0;
    market.priceAsOf = clock.now() - std::chrono::seconds(3);
    positions.refreshMarks();
    QCOMPARE(text(PositionsModel::CurrentPrice), QStringLiteral("639.00"));

    // A poll lands after the positions were read: the chain's price is the newer one.
    clock.advance(std::chrono::seconds(2));
    market.liveMid = market.underlyingPrice = 641.0;
    market.priceAsOf = clock.now();
    positions.refreshMarks();
    QCOMPARE(text(PositionsModel::CurrentPrice), QStringLiteral("641.00"));
}

// A contract bought and sold today is no longer held, but its -$400 is the day's: the totals
// count it (they showed the other positions' +$150). One partly held at the previous close is
// not known: the day is partial. Gamma (shares per $1 of an underlying) is shown per underlying,
// never summed across them.
void TestTradingModels::totalsCountWhatClosedTodayAndKeepGammaPerUnderlying() {
    const auto held = [](const char *symbol, double qty, double gamma) {
        Position p;
        p.symbol = symbol;
        p.assetClass = "us_option";
        p.qty = qty;
        p.avgEntryPrice = 1.00;
        p.currentPrice = 1.50;
        p.lastdayPrice = 1.50;
        return std::pair{p, gamma};
    };
    const auto spy = held("SPY261218C00600000", 3, 0.02);
    const auto iwm = held("IWM261218C00220000", 1, -0.10);
    PositionsModel positions;
    positions.setMarketLookup([&](const Position &p) {
        PositionMarket m;
        m.greeks = Greeks{0.5, p.symbol == spy.first.symbol ? spy.second : iwm.second, 0, 0, 0};
        m.underlyingPrice = 100.0;
        return m;
    });
    positions.setPositions({spy.first, iwm.first});
    QCOMPARE(positions.portfolioTotals().day, 0.0);
    positions.setTodayFills({{"QQQ261218C00500000", {{5, 2.00}, {-5, 1.20}}}});
    PositionTotals all = positions.portfolioTotals();
    QCOMPARE(all.day, -400.0);
    QVERIFY(all.dayComplete);
    const QString text = positions.totalsText();
    QVERIFY2(text.contains(QStringLiteral("QQQ: P&L $0.00, day -$400.00")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("SPY: P&L +$150.00, day $0.00, \u0394 150 sh")),
             qPrintable(text));
    const QString portfolio = text.section(QStringLiteral("Portfolio"), 1);
    QVERIFY2(!portfolio.contains(QStringLiteral("\u0393")), qPrintable(portfolio));
    QVERIFY2(text.contains(QStringLiteral("\u0393 6.0")), qPrintable(text)); // SPY: 0.02 x 3 x 100
    positions.setTodayFills({{"QQQ261218C00500000", {{-5, 1.20}}}});
    all = positions.portfolioTotals();
    QVERIFY(!all.dayComplete);
    QVERIFY(positions.totalsText().contains(QStringLiteral("(partial)")));
}

// A multi-leg order has no symbol and a net price; its legs are the fills. Realized P&L matches
// each leg's contract, its value is the legs' cash (x 100), and a stock sale without its
// opening in the history is unknown, not a short that a later buy covers at a made-up profit.
void TestTradingModels::orderHistoryReadsMultiLegOrdersByLeg() {
    using namespace std::chrono;
    const Timestamp t0 = sys_days{2026y / December / 1} + hours{15};
    const std::string lo = "SPY261218C00600000";
    const std::string hi = "SPY261218C00605000";
    // A filled order of `qty` at `price`, `hoursIn` after t0.
    const auto filled = [t0](const char *id, const std::string &symbol, OrderSide side,
                             PositionIntent intent, double qty, double price, int hoursIn) {
        Order o;
        o.id = id;
        o.symbol = symbol;
        o.side = side;
        o.intent = intent;
        o.qty = qty;
        o.filledQty = qty;
        o.filledAvgPrice = price;
        o.status = "filled";
        o.submittedAt = t0 + hours{hoursIn};
        o.filledAt = o.submittedAt;
        return o;
    };
    const auto leg = [](const std::string &symbol, OrderSide side, PositionIntent intent,
                        double price) {
        OrderLeg l;
        l.symbol = symbol;
        l.side = side;
        l.intent = intent;
        l.qty = 1;
        l.filledQty = 1;
        l.filledAvgPrice = price;
        return l;
    };
    Order spread = filled("mleg-1", "", OrderSide::Buy, PositionIntent::None, 1, 1.28, 0);
    spread.orderClass = "mleg";
    spread.legs = {leg(lo, OrderSide::Buy, PositionIntent::BuyToOpen, 1.71),
                   leg(hi, OrderSide::Sell, PositionIntent::SellToOpen, 0.43)};
    const Order close =
        filled("close-1", lo, OrderSide::Sell, PositionIntent::SellToClose, 1, 2.08, 1);
    // Shares from an exercise: no opening order in the history.
    const Order sale = filled("sell-1", "SPY", OrderSide::Sell, PositionIntent::None, 100, 610, 2);
    const Order buy = filled("buy-1", "SPY", OrderSide::Buy, PositionIntent::None, 100, 605, 3);

    OrderHistoryModel m;
    m.setOrders({spread, close, sale, buy});
    const auto rowOf = [&m](const std::string &id) {
        for (int r = 0; r < m.rowCount(); ++r)
            if (m.orderAt(r)->id == id)
                return r;
        return -1;
    };
    const auto cell = [&m](int row, int column) { return m.index(row, column).data().toString(); };
    const int s = rowOf("mleg-1");
    QCOMPARE(cell(s, OrderHistoryModel::Value), QStringLiteral("-$128.00"));
    QCOMPARE(cell(s, OrderHistoryModel::Symbol), QString::fromStdString(lo + " / " + hi));
    QCOMPARE(cell(s, OrderHistoryModel::Side), QStringLiteral("Multi-leg"));
    QCOMPARE(cell(s, OrderHistoryModel::Realized), QString());
    const int c = rowOf("close-1");
    QCOMPARE(m.realizedAt(c).value_or(0.0), 37.0); // (2.08 - 1.71) x 100
    QCOMPARE(cell(rowOf("sell-1"), OrderHistoryModel::Realized), QStringLiteral("unknown"));
    QVERIFY(!m.realizedAt(rowOf("buy-1"))); // opens: nothing realized
    QCOMPARE(cell(rowOf("buy-1"), OrderHistoryModel::Realized), QString());
}

void TestTradingModels::positionMarksOnATick() {
    Position p;
    p.symbol = "SPY261218C00600000";
    p.assetClass = "us_option";
    p.qty = 2;
    p.avgEntryPrice = 3.00;
    p.currentPrice = 3.40;
    p.lastdayPrice = 3.10;
    PositionMarket market;
    market.liveMid = 3.50;
    market.greeks = Greeks{0.55, 0.02, -0.05, 0.12, 0.0};
    market.underlyingPrice = 600.0;
    const FixedClock clock(easternInstant(std::chrono::year{2026} / 12 / 5, 10, 30));

    PositionsModel positions;
    positions.setClock(&clock);
    positions.setMarketLookup([&market](const Position &) { return market; });
    positions.setPositions({p});
    const auto text = [&](int column) { return positions.index(0, column).data().toString(); };
    QCOMPARE(text(PositionsModel::CurrentPrice), QStringLiteral("3.50"));
    QCOMPARE(text(PositionsModel::Pnl), QStringLiteral("+$100.00"));   // (3.50 - 3.00) x 200
    QCOMPARE(text(PositionsModel::DayPnl), QStringLiteral("+$80.00")); // (3.50 - 3.10) x 200
    QCOMPARE(text(PositionsModel::CostBasis), QStringLiteral("$600.00"));
    QCOMPARE(text(PositionsModel::DeltaShares), QStringLiteral("110")); // 0.55 x 200
    QCOMPARE(text(PositionsModel::DeltaDollars), QStringLiteral("+$66,000.00"));
    QCOMPARE(text(PositionsModel::Theta), QStringLiteral("-$10.00"));
    QCOMPARE(text(PositionsModel::Dte), QStringLiteral("13"));
    QCOMPARE(text(PositionsModel::Distance), QStringLiteral("OTM 0.0%"));

    QSignalSpy changed(&positions, &QAbstractItemModel::dataChanged);
    QSignalSpy totals(&positions, &PositionsModel::totalsChanged);
    market.liveMid = 3.60;
    market.greeks->delta = 0.60;
    market.underlyingPrice = 602.0;
    positions.refreshMarks();
    QCOMPARE(columnRanges(changed),
             (QList<QPair<int, int>>{{PositionsModel::CurrentPrice, PositionsModel::DayPnl},
                                     {PositionsModel::DeltaShares, PositionsModel::DeltaDollars},
                                     {PositionsModel::Distance, PositionsModel::Distance}}));
    QCOMPARE(text(PositionsModel::Pnl), QStringLiteral("+$120.00"));
    QCOMPARE(text(PositionsModel::DayPnl), QStringLiteral("+$100.00"));
    QCOMPARE(text(PositionsModel::DeltaShares), QStringLiteral("120"));
    QCOMPARE(text(PositionsModel::DeltaDollars), QStringLiteral("+$72,240.00")); // 120 x 602
    QCOMPARE(text(PositionsModel::Distance), QStringLiteral("ITM -0.3%"));
    QCOMPARE(totals.count(), 1);
    const PositionTotals all = positions.portfolioTotals();
    QCOMPARE(all.unrealized, 120.0);
    QCOMPARE(all.deltaDollars, 72240.0);
    QVERIFY(positions.totalsText().contains(QStringLiteral("SPY: P&L +$120.00")));

    // The contract leaves the chain shown: the broker's price marks it, greeks are blank and
    // say why.
    market = PositionMarket{};
    market.greeksNote = QStringLiteral("No greeks: the chain shown does not hold this contract");
    positions.refreshMarks();
    QCOMPARE(text(PositionsModel::CurrentPrice), QStringLiteral("3.40"));
    QCOMPARE(text(PositionsModel::DeltaShares), QString());
    QCOMPARE(positions.index(0, PositionsModel::DeltaShares).data(Qt::ToolTipRole).toString(),
             market.greeksNote);
    QCOMPARE(positions.portfolioTotals().withoutGreeks, 1);
}

// A call whose expiry is not the chain shown: greeks from its mark. By hand: S = K = 100 (the
// account's own SPY shares), T = 0.25 year (91.25 days to 16:00 New York on the expiry),
// r = 0.04, vol 0.20 -> d1 = (0 + (0.04 + 0.02) x 0.25) / (0.20 x 0.5) = 0.15, d2 = 0.05,
// call = 100 N(0.15) - 100 e^-0.01 N(0.05) = 55.96177 - 99.00498 x 0.51994 = 4.48524. Marked at
// 4.48524, the solve gives back 0.20 and delta N(0.15) = 0.559618: 2 contracts = 111.92 shares.
void TestTradingModels::positionGreeksFromMarkOutsideChain() {
    using namespace std::chrono;
    const year_month_day expiry = year{2027} / 3 / 19;
    const FixedClock clock(optionExpiryInstant(expiry) - seconds{7'884'000}); // 91.25 days
    Position call;
    call.symbol = "SPY270319C00100000";
    call.assetClass = "us_option";
    call.qty = 2;
    call.avgEntryPrice = 4.00;
    call.currentPrice = 4.485236;
    Position shares;
    shares.symbol = "SPY";
    shares.assetClass = "us_equity";
    shares.qty = 10;
    shares.avgEntryPrice = 95.0;
    shares.currentPrice = 100.0;
    const QString note = QStringLiteral("No greeks: the chain shown does not hold this contract");
    PositionsModel positions;
    positions.setClock(&clock);
    positions.setMarketLookup([&](const Position &) {
        PositionMarket m;
        m.greeksNote = note; // what the window's lookup says for an expiry not shown
        return m;
    });
    positions.setPositions({call, shares});
    const int row = positions.rowOfKey(QString::fromStdString(call.symbol));
    QVERIFY(row >= 0);
    const PositionRow &r = positions.rows()[std::size_t(row)];
    QVERIFY(r.market.greeks);
    QVERIFY(r.market.greeksComputed);
    QVERIFY2(std::abs(r.market.greeks->delta - 0.559618) < 1e-5,
             qPrintable(QString::number(r.market.greeks->delta, 'f', 7)));
    QVERIFY(r.greeks);
    QVERIFY(std::abs(r.greeks->deltaShares - 111.9235) < 1e-3);
    QVERIFY(std::abs(r.greeks->deltaDollars.value_or(0) - 11192.35) < 0.1);
    // The risk graph's solve: the same IV.
    const auto iv = impliedVolFromMark(OptionType::Call, 100.0, optionExpiryInstant(expiry), 100.0,
                                       4.485236, clock.now());
    QVERIFY(iv && std::abs(*iv - 0.20) < 1e-5);
    const QModelIndex delta = positions.index(row, PositionsModel::DeltaShares);
    QCOMPARE(delta.data().toString(), QStringLiteral("112"));
    QVERIFY(delta.data(Qt::FontRole).value<QFont>().italic());
    const QString tip = delta.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QLatin1String("Computed from the mark 4.4852 and SPY at 100.00")) &&
                 tip.contains(QLatin1String("IV 20.0%")),
             qPrintable(tip));
    QCOMPARE(positions.portfolioTotals().withoutGreeks, 0);

    // Without an underlying price there is nothing to solve: blank, the lookup's note.
    positions.setPositions({call});
    QCOMPARE(positions.index(0, PositionsModel::DeltaShares).data().toString(), QString());
    QCOMPARE(positions.index(0, PositionsModel::DeltaShares).data(Qt::ToolTipRole).toString(),
             note);
}

// The ticket's Mid, Bid and Ask on the quote shown: each price, or why there is none.
void TestTradingModels::ticketPricesAndWhyNot() {
    Decision d;
    d.contract.emplace();
    d.contract->symbol = "SPY261204C00600000";
    d.contract->root = d.contract->underlying = "SPY";
    d.order.emplace();
    d.order->side = OrderSide::Buy;
    const DispatcherSettings settings;
    const auto at = [&](double bid, double ask) {
        d.contract->quote = Quote{bid, ask, 1, 1, Timestamp{}};
    };
    at(1.10, 1.20);
    QCOMPARE(livePriceFor(d, LimitChoice::Bid, settings).price, std::optional(1.10));
    QCOMPARE(livePriceFor(d, LimitChoice::Ask, settings).price, std::optional(1.20));
    QCOMPARE(livePriceFor(d, LimitChoice::Mid, settings).price,
             std::optional(limitPriceAtMid(*d.contract->quote, "SPY", OrderSide::Buy, settings)));
    QVERIFY(livePriceFor(d, LimitChoice::Mid, settings).gap == QuoteGap::None);
    at(0.0, 0.05); // a cheap far-out contract: no bid, so no mid
    QVERIFY(livePriceFor(d, LimitChoice::Bid, settings).gap == QuoteGap::NoBid);
    QVERIFY(livePriceFor(d, LimitChoice::Mid, settings).gap == QuoteGap::NoBid);
    QCOMPARE(livePriceFor(d, LimitChoice::Ask, settings).price, std::optional(0.05));
    at(1.10, 0.0);
    QVERIFY(livePriceFor(d, LimitChoice::Mid, settings).gap == QuoteGap::NoAsk);
    QVERIFY(livePriceFor(d, LimitChoice::Ask, settings).gap == QuoteGap::NoAsk);
    at(1.30, 1.20); // crossed: a bid and an ask, but no mid to trust
    QVERIFY(livePriceFor(d, LimitChoice::Mid, settings).gap == QuoteGap::Crossed);
    QCOMPARE(livePriceFor(d, LimitChoice::Bid, settings).price, std::optional(1.30));
    d.contract->quote.reset();
    QVERIFY(livePriceFor(d, LimitChoice::Mid, settings).gap == QuoteGap::NoQuote);
    QVERIFY(!livePriceFor(d, LimitChoice::Bid, settings).price);
}

QTEST_GUILESS_MAIN(TestTradingModels)
#include "tst_trading_models.moc"
