// The trading session's "Dispatch now" when nothing can be decided: the signal goes back to the
// queue (as the timer's and the CLI's do), not FAILED for good.

#include "dispatch/decision.h"
#include "dispatch/dispatcher.h"
#include "dispatch/order_tracker.h"
#include "dispatch/replace_check.h"
#include "models/trading_session.h"
#include "storage/execution_store.h"
#include "support/fake_broker.h"
#include "support/fake_market_data.h"
#include "support/scenario.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <QTest>
#include <functional>

using namespace cg;
using namespace cg::models;

namespace {

// A session on the in-process broker and market, with orders placed in the broker's book.
struct Rig {
    test::FakeBroker broker;
    test::FakeMarketData market;
    FixedClock clock{test::seedNow()};
    ExecutionStore store;
    std::unique_ptr<TradingSession> session;
    QStringList messages;

    // On `dbUrl` (a file where a test writes behind the store's back), `tweak` changing the
    // session's options.
    explicit Rig(const QString &dbUrl = QStringLiteral("sqlite::memory:"),
                 const std::function<void(TradingSession::Options &)> &tweak = {}) {
        market.prices["SPY"] = test::kSeedSpot;
        market.contracts = test::seedChain();
        broker.now = clock.now();
        if (!store.open(dbUrl).ok())
            qFatal("no store");
        TradingSession::Options o;
        o.signalPollMs = 60000;
        o.accountPollMs = 60000;
        if (tweak)
            tweak(o);
        session = std::make_unique<TradingSession>(broker, market, store, clock, o);
        if (!session->start().ok())
            qFatal("the session did not start");
        QObject::connect(session.get(), &TradingSession::message, session.get(),
                         [this](const QString &m) { messages << m; });
    }
    // A working buy of one SPY share at `limit`, this book's (a manual order's client id).
    void working(const std::string &id, const std::string &clientOrderId, double limit = 600.0) {
        Order o;
        o.id = id;
        o.clientOrderId = clientOrderId;
        o.symbol = "SPY";
        o.side = OrderSide::Buy;
        o.type = OrderType::Limit;
        o.qty = 1;
        o.limitPrice = limit;
        o.status = "new";
        broker.book.push_back(o);
    }
    // Its execution row, as the ticket that placed it wrote it.
    void recorded(const std::string &clientOrderId, const std::string &orderId) {
        ExecutionRecord r;
        r.executionUid = "uid-" + clientOrderId;
        r.ticker = "SPY";
        r.action = "BUY";
        r.instrumentType = "STOCK";
        r.mode = ExecutionMode::AlpacaPaper;
        r.strategy = "day_trade";
        r.qty = 1;
        r.limitPrice = 600.0;
        r.clientOrderId = clientOrderId;
        r.orderId = orderId;
        r.orderStatus = "new";
        r.source = "manual";
        r.underlyingPrice = 600.5; // a stock order's slippage base: the price decided at
        r.createdAt = clock.now();
        if (!store.records().recordExecution(r).ok())
            qFatal("not recorded");
    }
    // A copy of the row of `clientOrderId`, under a new uid, to be written as another order's.
    ExecutionRecord another(const std::string &clientOrderId, const std::string &uid) {
        ExecutionFilter f;
        f.clientOrderId = clientOrderId;
        ExecutionRecord r = store.records().executions(f).value().front();
        r.id = 0;
        r.executionUid = uid;
        return r;
    }
    Order *order(const std::string &id) {
        for (Order &o : broker.book)
            if (o.id == id)
                return &o;
        return nullptr;
    }
};

} // namespace

class TestTradingSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A console on another host crashed with a ticket open: once its lease runs out, this
    // console (in Manual, where no timer run sweeps) puts the signal back to PENDING. It stayed
    // CLAIMED, and "Dispatch now" said "not PENDING: nothing to dispatch" for good.
    void aDeadConsolesClaimIsReleasedInManual() {
        Rig rig(QStringLiteral("sqlite::memory:"),
                [](TradingSession::Options &o) { o.claimSweepMs = 200; });
        QCOMPARE(rig.session->mode(), TradingSession::Mode::Manual);
        Signal s;
        s.symbol = "SPY";
        s.action = SignalAction::Call;
        s.source = "test";
        s.createdAt = rig.clock.now();
        const auto id = rig.store.signals().enqueue(s);
        QVERIFY(id.ok());
        rig.store.signals().setLeaseSeconds(1);
        QVERIFY(*rig.store.signals().claim(*id, "otherhost/chaingate-ticket/4242/1"));
        QTRY_VERIFY_WITH_TIMEOUT((*rig.store.signals().byId(*id))->status == SignalStatus::Pending,
                                 5000);
    }

    // "Dispatch now" on a row an outside engine wrote badly (an action ChainGate does not know)
    // fails it with its reason, as the timer's claim does: it read as a CALL (the action's
    // default) and bought calls for a SELL_SHORT row, without a prompt in Auto.
    void dispatchNowFailsAMalformedRow() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("book.db"));
        Rig rig(QStringLiteral("sqlite:") + file);
        QVERIFY(rig.session->setMode(TradingSession::Mode::Auto));
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"),
                                                         QStringLiteral("outside-engine"));
            raw.setDatabaseName(file);
            QVERIFY(raw.open());
            QSqlQuery q(raw);
            QVERIFY2(q.exec(QStringLiteral("INSERT INTO dispatch_recommendations (symbol, action) "
                                           "VALUES ('SPY', 'SELL_SHORT')")),
                     qPrintable(q.lastError().text()));
            // A sound row put back to PENDING by hand, its old error still stored.
            QVERIFY2(q.exec(QStringLiteral("INSERT INTO dispatch_recommendations (symbol, action, "
                                           "error) VALUES ('SPY', 'CALL', 'Spread 12.4% is above "
                                           "the 10% limit')")),
                     qPrintable(q.lastError().text()));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("outside-engine"));
        const auto list = rig.store.signals().list(10);
        QVERIFY(list.ok() && list->size() == 2);
        const std::int64_t id = list->back().id; // the older: the malformed one
        const std::int64_t requeued = list->front().id;
        const Result<Unit> r = rig.session->dispatchSignal(id);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.find("Unknown action 'SELL_SHORT'") != std::string::npos,
                 r.error().message.c_str());
        QTest::qWait(50);
        QVERIFY2(rig.broker.submitted.empty(), "a SELL_SHORT row bought calls");
        const auto after = rig.store.signals().byId(id);
        QVERIFY(after.ok() && after->has_value());
        QVERIFY2((*after)->status == SignalStatus::Failed, toString((*after)->status).data());
        // The sound row is dispatched: its stored error is a previous run's.
        const Result<Unit> sent = rig.session->dispatchSignal(requeued);
        QVERIFY2(sent.ok(), sent.ok() ? "" : sent.error().message.c_str());
        QTRY_VERIFY(!rig.broker.submitted.empty());
    }

    // Alpaca answers the order lookup with an error (connection refused) before the decision:
    // nothing is decided or recorded, the signal is PENDING again and says why in a message.
    void dispatchNowWithTheAccountUncheckableLeavesTheSignalPending() {
        test::FakeBroker broker;
        broker.failLookups = 1;
        test::FakeMarketData market;
        market.prices["SPY"] = test::kSeedSpot;
        market.contracts = test::seedChain();
        FixedClock clock{test::seedNow()};
        broker.now = clock.now();
        ExecutionStore store;
        QVERIFY(store.open(QStringLiteral("sqlite::memory:")).ok());
        TradingSession::Options o;
        o.signalPollMs = 60000;
        o.accountPollMs = 60000;
        TradingSession session(broker, market, store, clock, o);
        QVERIFY(session.start().ok());
        QVERIFY(session.setMode(TradingSession::Mode::Auto));
        Signal s;
        s.symbol = "SPY";
        s.action = SignalAction::Call;
        s.source = "test";
        s.createdAt = clock.now();
        const auto id = store.signals().enqueue(s);
        QVERIFY(id.ok());
        QSignalSpy messages(&session, &TradingSession::message);
        QVERIFY(session.dispatchSignal(*id).ok());
        QTRY_VERIFY(!messages.isEmpty());
        QVERIFY2(messages.last().at(0).toString().contains(QLatin1String("back in the queue")),
                 qPrintable(messages.last().at(0).toString()));
        const auto after = store.signals().byId(*id);
        QVERIFY(after.ok() && after->has_value());
        QVERIFY2((*after)->status == SignalStatus::Pending, toString((*after)->status).data());
        QVERIFY(broker.submitted.empty());
    }

    // The DELETE reached Alpaca and cancelled the order, its answer was lost, and the retry met
    // "order is not cancelable": the order is read again and the cancel reported as done (it
    // said "not cancelled" of a cancelled order).
    void cancelWhoseAnswerIsLostIsReportedDone() {
        Rig rig;
        rig.working("o1", "cg-man-aaaaaaaaaaaa");
        rig.broker.loseCancelAnswers = 1;
        std::optional<Result<Unit>> answer;
        rig.session->cancelOrder(QStringLiteral("o1"),
                                 [&](Result<Unit> r) { answer = std::move(r); });
        QTRY_VERIFY(answer.has_value());
        QVERIFY2(answer->ok(), qPrintable(rig.messages.join(QLatin1String(" | "))));
        QVERIFY2(rig.messages.last().contains(QLatin1String("Cancel of order o1 accepted")),
                 qPrintable(rig.messages.last()));
    }

    // Cancel all, one order filled between the list and its DELETE: the message names it and
    // says why (it gave a count alone).
    void cancelAllSaysWhatWasNotCancelled() {
        Rig rig;
        const std::string tag = rig.session->dispatcher().currentBookTag();
        rig.working("o1", manualClientOrderId(tag));
        rig.working("o2", manualClientOrderId(tag));
        rig.broker.onCancel = [&rig](const std::string &id) {
            if (id == "o2")
                rig.order("o2")->status = "filled";
        };
        std::optional<Result<int>> answer;
        rig.session->cancelAllOwnOrders([&](Result<int> r) { answer = std::move(r); });
        QTRY_VERIFY(answer.has_value());
        QCOMPARE(answer->value(), 1);
        const QString said = rig.messages.last();
        QVERIFY2(said.contains(QLatin1String("1 ChainGate order(s) cancelled")), qPrintable(said));
        QVERIFY2(said.contains(QLatin1String("o2")) && said.contains(QLatin1String("filled")),
                 qPrintable(said));
    }

    // A stock order's new limit is judged against its price, as its ticket's is: 50% above
    // SPY's price was replaced without a word. The override sends it.
    void stockReplaceFarThroughThePriceIsHeld() {
        Rig rig;
        rig.working("o1", "cg-man-aaaaaaaaaaaa", 1.00);
        const double fat = std::round(test::kSeedSpot * 150.0) / 100.0;
        std::optional<Result<Order>> answer;
        rig.session->replaceOrder(QStringLiteral("o1"), QStringLiteral("cg-man-aaaaaaaaaaaa"),
                                  std::nullopt, fat, false,
                                  [&](Result<Order> o) { answer = std::move(o); });
        QTRY_VERIFY(answer.has_value());
        QVERIFY2(!answer->ok(), "replaced 50% above the price");
        QCOMPARE(answer->error().code, kReplaceOverridable);
        QVERIFY2(answer->error().message.find("above the last price") != std::string::npos,
                 answer->error().message.c_str());
        QVERIFY(rig.broker.replaced.empty());
    }

    // A replace's new order is followed to its fill like any placed order (it was written and
    // never tracked), also when the PATCH's answer is lost: the new order is found by its client
    // order id, recorded and tracked (it said "not replaced" of a replaced order). It stays one
    // order of the day's limit (it counted as two).
    void replacingOrderIsRecordedAndTrackedEvenWhenItsAnswerIsLost() {
        for (const bool lost : {false, true}) {
            Rig rig;
            rig.working("o1", "cg-man-aaaaaaaaaaaa");
            rig.recorded("cg-man-aaaaaaaaaaaa", "o1");
            rig.broker.loseReplaceAnswers = lost ? 1 : 0;
            std::optional<Result<Order>> answer;
            rig.session->replaceOrder(QStringLiteral("o1"), QStringLiteral("cg-man-aaaaaaaaaaaa"),
                                      std::nullopt, 601.0, false,
                                      [&](Result<Order> o) { answer = std::move(o); });
            QTRY_VERIFY(answer.has_value());
            QVERIFY2(answer->ok(), qPrintable(rig.messages.join(QLatin1String(" | "))));
            const Order replacing = answer->value();
            QCOMPARE(replacing.replaces, std::string("o1"));
            QTRY_COMPARE(rig.store.records().executions({}).value().size(), std::size_t(2));
            QVERIFY2(rig.session->dispatcher().tracker().isTracking(replacing.clientOrderId),
                     "the replacing order is not followed to its fill");
            // One trade for the day's limit and the risk meter, not two: the replacing row names
            // the order it replaced (its notional is the replacing order's alone: 1 x 601).
            QCOMPARE(rig.session->dispatcher().ordersToday().value(), 1);
            rig.session->refreshRiskBudget();
            QTRY_COMPARE(rig.session->riskBudget().notionalToday, 601.0);
            // Its fill is measured against the decision the replaced order was placed on, as
            // that order's would have been (it had no slippage: tracked without a base).
            Order *now = rig.order(replacing.id);
            QVERIFY(now);
            now->status = "filled";
            now->filledQty = now->qty;
            now->filledAvgPrice = 601.0;
            rig.session->dispatcher().tracker().pollNow();
            const auto slippageOf = [&rig, &replacing]() -> std::optional<double> {
                ExecutionFilter f;
                f.clientOrderId = replacing.clientOrderId;
                const auto rows = rig.store.records().executions(f);
                return rows && !rows->empty() ? rows->front().slippage : std::nullopt;
            };
            QTRY_VERIFY(slippageOf().has_value());
            QCOMPARE(*slippageOf(), 0.5);
        }
    }

    // A replace beaten by a fill: Alpaca rejects the replacing order and the original fills.
    // The risk meter counts the order that worked (it counted the rejected one: 650 for 600).
    void riskMeterCountsTheOrderThatWorked() {
        Rig rig;
        rig.recorded("cg-man-aaaaaaaaaaaa", "o1");
        ExecutionRecord replacing = rig.another("cg-man-aaaaaaaaaaaa", "uid-replacing");
        replacing.clientOrderId = "cg-man-aaaaaaaaaaaa-r1";
        replacing.orderId = "o2";
        replacing.replacesOrderId = "o1";
        replacing.limitPrice = 650.0;
        replacing.orderStatus = "rejected";
        QVERIFY(rig.store.records().recordExecution(replacing).ok());
        QVERIFY(rig.store.records().updateOrderStatus("cg-man-aaaaaaaaaaaa", "filled", 600.0).ok());
        rig.session->refreshRiskBudget();
        QTRY_COMPARE(rig.session->riskBudget().notionalToday, 600.0);
        QCOMPARE(rig.session->dispatcher().ordersToday().value(), 1);
    }

    // The risk meter's biggest order is set against the per-order limit, which holds opening
    // orders only: a close of 100 SPY ($60,050) is in the day's notional, not the biggest order
    // (it showed $69,660 in red against $25,000 after a buy to cover).
    void riskMetersBiggestOrderLeavesClosesOut() {
        Rig rig;
        rig.recorded("cg-man-aaaaaaaaaaaa", "o1"); // 1 x 600, an opening buy
        ExecutionRecord cover = rig.another("cg-man-aaaaaaaaaaaa", "uid-cover");
        cover.clientOrderId = "cg-man-bbbbbbbbbbbb";
        cover.orderId = "o2";
        cover.qty = 100;
        cover.limitPrice = 600.5;
        cover.explainJson = R"({"side":"buy","position_intent":"none","closes_position":true})";
        QVERIFY(rig.store.records().recordExecution(cover).ok());
        rig.session->refreshRiskBudget();
        QTRY_COMPARE(rig.session->riskBudget().notionalToday, 600.0 + 60050.0);
        QCOMPARE(rig.session->riskBudget().largestOrderToday, 600.0);
    }

    // The PATCH's answer lost and the lookup failing too (the same outage): the outcome is not
    // known, and the message says so, not "not replaced" of an order Alpaca may have replaced.
    // Found after a lost answer, the new order's status is said with it ("rejected").
    void lostReplaceAnswerSaysWhatIsKnown() {
        {
            Rig rig;
            rig.working("o1", "cg-man-aaaaaaaaaaaa");
            rig.recorded("cg-man-aaaaaaaaaaaa", "o1");
            rig.broker.loseReplaceAnswers = 1;
            rig.broker.failLookups = 1;
            std::optional<Result<Order>> answer;
            rig.session->replaceOrder(QStringLiteral("o1"), QStringLiteral("cg-man-aaaaaaaaaaaa"),
                                      std::nullopt, 601.0, false,
                                      [&](Result<Order> o) { answer = std::move(o); });
            QTRY_VERIFY(answer.has_value());
            QVERIFY(!answer->ok());
            const QString said = rig.messages.last();
            QVERIFY2(!said.contains(QLatin1String("not replaced")) &&
                         said.contains(QLatin1String("may have been replaced")),
                     qPrintable(said));
            // The replacing order has no row yet: the old one, replaced, still counts its trade.
            QVERIFY(rig.store.records()
                        .updateOrderStatus("cg-man-aaaaaaaaaaaa", "replaced", std::nullopt)
                        .ok());
            QCOMPARE(rig.session->dispatcher().ordersToday().value(), 1);
        }
        {
            Rig rig;
            rig.working("o1", "cg-man-aaaaaaaaaaaa");
            rig.broker.loseReplaceAnswers = 1;
            rig.broker.initialStatus = "rejected";
            std::optional<Result<Order>> answer;
            rig.session->replaceOrder(QStringLiteral("o1"), QStringLiteral("cg-man-aaaaaaaaaaaa"),
                                      std::nullopt, 601.0, false,
                                      [&](Result<Order> o) { answer = std::move(o); });
            QTRY_VERIFY(answer.has_value());
            const QString said = rig.messages.last();
            QVERIFY2(said.contains(QLatin1String("replaced by ord-2")) &&
                         said.contains(QLatin1String("rejected")),
                     qPrintable(said));
        }
    }
};

QTEST_GUILESS_MAIN(TestTradingSession)
#include "tst_trading_session.moc"
