// End to end: the dispatcher with the real Alpaca client against the fake Alpaca server on
// loopback (simulated market, the seed's day), recording into a real SQLite store.

#include "alpaca/alpaca_client.h"
#include "alpaca/stream/alpaca_trade_updates.h"
#include "dispatch/dispatcher.h"
#include "domain/eastern_time.h"
#include "fake_alpaca/fake_alpaca_server.h"
#include "market/simulated_market.h"
#include "storage/execution_store.h"
#include "support/demo_client_config.h"
#include "support/scenario.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace cg;
using namespace cg::test;

namespace {

struct Rig {
    FixedClock clock{seedNow()};
    market::SimulatedMarket market{seedNow()};
    fake::FakeAlpacaServer server{&market};
    std::unique_ptr<alpaca::AlpacaClient> client;
    ExecutionStore store;
    std::unique_ptr<Dispatcher> dispatcher;

    Rig() {
        server.setClock(&clock);
        server.setFillInterval(std::chrono::milliseconds{10});
        if (!server.listen())
            qFatal("fake server did not listen: %s", qPrintable(server.errorString()));
        const alpaca::AlpacaConfig c = test::demoClientConfig(server.baseUrl(), 5000);
        client = std::make_unique<alpaca::AlpacaClient>(c);
        if (auto r = store.open(QStringLiteral("sqlite::memory:")); !r)
            qFatal("store: %s", r.error().message.c_str());
        dispatcher =
            std::make_unique<Dispatcher>(*client, *client, store, clock, ExecutionMode::Demo);
        DispatcherSettings s;
        s.orderPollIntervalMs = 20;
        dispatcher->setSettings(s);
        dispatcher->start();
    }
    ~Rig() {
        dispatcher.reset();
        client.reset();
    }

    Signal signal(SignalAction a, Strategy st = Strategy::DayTrade) {
        Signal s;
        s.symbol = "SPY";
        s.action = a;
        s.strategy = st;
        s.source = "e2e";
        s.createdAt = clock.now();
        s.id = store.signals().enqueue(s).value();
        return s;
    }
    Decision dispatch(const Signal &s) {
        bool done = false;
        Decision out;
        dispatcher->dispatch(s, {}, [&](Decision d) {
            out = std::move(d);
            done = true;
        });
        if (!waitFor([&] { return done; }, 20000))
            qFatal("dispatch never answered");
        return out;
    }
    OptionChain chain(const ChainQuery &q) {
        bool done = false;
        Result<OptionChain> out = Error::make("none");
        client->optionChain(q, [&](Result<OptionChain> r) {
            out = std::move(r);
            done = true;
        });
        if (!waitFor([&] { return done; }, 20000) || !out)
            qFatal("chain failed");
        return out.value();
    }
    int ordersFor(const std::string &cid) {
        int n = 0;
        for (const auto &o : market.orders())
            n += o.clientOrderId == cid;
        return n;
    }
};

} // namespace

class TestDispatchE2E : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void seedDayTradeCallGoesToLowestPassingStrikeAboveTarget() {
        Rig rig;
        const Signal s = rig.signal(SignalAction::Call);
        const Decision d = rig.dispatch(s);
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QVERIFY(d.underlyingPrice && d.contract);
        QVERIFY(std::abs(*d.underlyingPrice - kSeedSpot) < 1.0);
        const double target = *d.underlyingPrice * 1.015;
        QVERIFY(d.contract->strike >= target);

        // Independently: among the calls 1-7 days out that pass all five gates and are at or
        // above the target, the nearest expiry's lowest strike.
        const ChainQuery q =
            chainQueryFor("SPY", OptionType::Call, *d.underlyingPrice,
                          defaultParams(Strategy::DayTrade), 15.0, rig.clock.now());
        const OptionChain chain = rig.chain(q);
        std::optional<std::pair<int, double>> best;
        for (const OptionContract &c : chain.contracts) {
            const int dte = daysToExpiry(c.expiry, rig.clock.now());
            if (dte < 1 || dte > 7 || c.strike < target)
                continue;
            if (!evaluateGates(c, GateThresholds{}, rig.clock.now()).tradeable())
                continue;
            const std::pair<int, double> key{dte, c.strike};
            if (!best || key < *best)
                best = key;
        }
        QVERIFY(best);
        QCOMPARE(d.contract->strike, best->second);
        QCOMPARE(daysToExpiry(d.contract->expiry, rig.clock.now()), best->first);

        // The order is on the server, exactly once, and the record says so.
        QCOMPARE(rig.ordersFor(d.clientOrderId), 1);
        const auto recs = rig.store.records().executions(ExecutionFilter{}).value();
        QCOMPARE(recs.size(), size_t(1));
        QVERIFY(recs.front().mode == ExecutionMode::Demo);
        QCOMPARE(recs.front().orderId, d.orderId);
        const QJsonObject e =
            QJsonDocument::fromJson(QByteArray::fromStdString(recs.front().explainJson)).object();
        QCOMPARE(e.value("alpaca_order_id").toString(), QString::fromStdString(d.orderId));
        QVERIFY(e.value("api_bid").isDouble());
        QVERIFY(e.value("api_ask").isDouble());

        // A limit at mid waits on the book once accepted (the market only moves with the fixed
        // clock); the record learns the broker's status.
        rig.clock.advance(std::chrono::seconds(1));
        QVERIFY2(
            waitFor(
                [&] {
                    return rig.store.records()
                               .executions(ExecutionFilter{})
                               .value()
                               .front()
                               .orderStatus == "new";
                },
                20000),
            rig.store.records().executions(ExecutionFilter{}).value().front().orderStatus.c_str());
    }

    void marketOrderFillReachesTheRecord() {
        Rig rig;
        DispatcherSettings st = rig.dispatcher->settings();
        st.orderType = OrderType::Market;
        rig.dispatcher->setSettings(st);
        QSignalSpy updated(&rig.dispatcher->tracker(), &OrderTracker::orderUpdated);
        const Decision d = rig.dispatch(rig.signal(SignalAction::Call));
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(rig.store.records().executions(ExecutionFilter{}).value().size(), size_t(1));
        QVERIFY(d.order->type == OrderType::Market);
        // Simulated time moves on so the paper account accepts, then fills.
        QVERIFY2(
            waitFor(
                [&] {
                    rig.clock.advance(std::chrono::milliseconds(200));
                    return rig.store.records()
                               .executions(ExecutionFilter{})
                               .value()
                               .front()
                               .orderStatus == "filled";
                },
                20000),
            rig.store.records().executions(ExecutionFilter{}).value().front().orderStatus.c_str());
        const auto rec = rig.store.records().executions(ExecutionFilter{}).value().front();
        QVERIFY(rec.fillPrice && rec.bid && rec.ask);
        QVERIFY(*rec.fillPrice >= *rec.bid && *rec.fillPrice <= *rec.ask);
        // Slippage against the mid at decision time came with the fill.
        QVERIFY(!updated.isEmpty());
        const double slippage = updated.last().at(3).toDouble();
        QVERIFY(std::abs(slippage - (*rec.fillPrice - (*rec.bid + *rec.ask) / 2)) < 1e-9);
    }

    // The fake server's trade_updates stream, read by the real AlpacaTradeUpdates: the fill
    // reaches the record with polling paused (a 60 s interval that never ticks in this test).
    void fillArrivesByTheTradeUpdatesStream() {
        Rig rig;
        DispatcherSettings st = rig.dispatcher->settings();
        st.orderType = OrderType::Market;
        st.orderPollIntervalMs = 60000;
        rig.dispatcher->setSettings(st);
        alpaca::stream::AlpacaTradeUpdates updates(rig.client->config());
        rig.dispatcher->tracker().setTradeUpdates(&updates);
        updates.start();
        QVERIFY(waitFor([&] { return rig.dispatcher->tracker().streamLive(); }, 10000));
        const Decision d = rig.dispatch(rig.signal(SignalAction::Call));
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(rig.store.records().executions(ExecutionFilter{}).value().size(), size_t(1));
        QVERIFY2(
            waitFor(
                [&] {
                    rig.clock.advance(std::chrono::milliseconds(200));
                    return rig.store.records()
                               .executions(ExecutionFilter{})
                               .value()
                               .front()
                               .orderStatus == "filled";
                },
                20000),
            rig.store.records().executions(ExecutionFilter{}).value().front().orderStatus.c_str());
        const auto rec = rig.store.records().executions(ExecutionFilter{}).value().front();
        QVERIFY(rec.fillPrice && rec.slippage && rec.bid && rec.ask);
        QVERIFY(std::abs(*rec.slippage - (*rec.fillPrice - (*rec.bid + *rec.ask) / 2)) < 1e-9);
        rig.dispatcher->tracker().setTradeUpdates(nullptr);
        updates.stop();
    }

    void droppedOrderResponseLeavesExactlyOneOrder() {
        Rig rig;
        auto f = fake::FaultSpec::parse(QStringLiteral("drop-order-response=1"));
        QVERIFY(f);
        rig.server.setFaults(*f);
        const Signal s = rig.signal(SignalAction::Put);
        const Decision d = rig.dispatch(s);
        QVERIFY2(d.placesOrder(), (d.fallbackReason + d.error).c_str());
        QCOMPARE(rig.ordersFor(d.clientOrderId), 1);
        QCOMPARE(static_cast<int>(rig.market.orders().size()), 1);
        QVERIFY(!d.orderId.empty());
        // Again: still one.
        rig.dispatch(s);
        QCOMPARE(static_cast<int>(rig.market.orders().size()), 1);
    }

    void killSwitchCancelsOpenOrdersOnTheServer() {
        Rig rig;
        const Decision d = rig.dispatch(rig.signal(SignalAction::Call));
        QVERIFY(d.placesOrder());
        QVERIFY(rig.market.hasOpenOrders()); // the fixed clock has not let it fill
        bool done = false;
        int cancelled = -1;
        rig.dispatcher->killSwitch().engage("e2e", [&](Result<int> r) {
            cancelled = r ? *r : -1;
            done = true;
        });
        QVERIFY(waitFor([&] { return done; }, 20000));
        QCOMPARE(cancelled, 1);
        QVERIFY(waitFor([&] { return !rig.market.hasOpenOrders(); }, 20000));
    }
};

QTEST_GUILESS_MAIN(TestDispatchE2E)
#include "tst_dispatch_e2e.moc"
