// The dispatcher with a real SQLite store: records, idempotency, a lost order answer, order
// status reconciliation and the kill switch.

#include "dispatch/auto_dispatcher.h"
#include "dispatch_fixture.h"
#include "storage/store_runner.h"
#include "support/fake_trade_updates.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace cg;
using namespace cg::test;

namespace {

// A runner on the fixture's store that can say the database is known to be unreachable (as the
// window's StoreWorker does during a partition), and counts the jobs it ran.
class SwitchableRunner final : public StoreRunner {
public:
    explicit SwitchableRunner(ExecutionStore &store)
        : m_inline(store) {}
    void post(Job job, QObject *context) override {
        ++jobs;
        m_inline.post(std::move(job), context);
    }
    bool reachable() const override { return up; }
    bool up = true;
    int jobs = 0;

private:
    InlineStoreRunner m_inline;
};

// The fill of the order `s` will be sent as, as the stream can deliver it before the submit
// answer: the fake broker's first id, 1 contract at 2.22.
Order earlyFill(DispatchFixture &f, const Signal &s) {
    Order early;
    early.id = "ord-1";
    early.clientOrderId = f.dispatcher->clientOrderIdFor(s);
    early.status = "filled";
    early.qty = 1;
    early.filledQty = 1;
    early.filledAvgPrice = 2.22;
    return early;
}

} // namespace

class TestDispatcher : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void placesOrderAndRecordsEverything() {
        DispatchFixture f;
        const Signal s = f.addSignal("SPY", SignalAction::Call);
        const Decision d = f.dispatch(s);
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(f.broker.book.size(), size_t(1));
        const Order &o = f.broker.book.front();
        QCOMPARE(o.symbol, std::string("SPY260130C00709000"));
        QCOMPARE(d.orderId, o.id);
        QCOMPARE(d.clientOrderId, f.dispatcher->clientOrderIdFor(s));
        QVERIFY(
            QString::fromStdString(d.clientOrderId).endsWith(QStringLiteral("sig-%1").arg(s.id)));
        QVERIFY(f.broker.submitted.front().intent == PositionIntent::BuyToOpen);
        QCOMPARE(f.broker.submitted.front().timeInForce, std::string("day"));

        const auto recs = f.records();
        QCOMPARE(recs.size(), size_t(1));
        const ExecutionRecord &r = recs.front();
        QCOMPARE(r.id, d.executionId);
        QVERIFY(r.mode == ExecutionMode::AlpacaPaper);
        QCOMPARE(r.ticker, std::string("SPY"));
        QCOMPARE(r.action, std::string("CALL"));
        QCOMPARE(r.instrumentType, std::string("OPTION"));
        QCOMPARE(r.optionSymbol, o.symbol);
        QCOMPARE(*r.signalId, s.id);
        QCOMPARE(r.orderId, o.id);
        QCOMPARE(r.clientOrderId, d.clientOrderId);
        QCOMPARE(*r.underlyingPrice, kSeedSpot);
        QVERIFY(r.delta && r.theta && r.gamma && r.vega && r.iv);
        QVERIFY(r.bid && r.ask && r.spreadPct && r.openInterest && r.volume);
        QCOMPARE(r.expiry, std::string("2026-01-30"));
        const QJsonObject e =
            QJsonDocument::fromJson(QByteArray::fromStdString(r.explainJson)).object();
        QCOMPARE(e.value("alpaca_order_id").toString(), QString::fromStdString(o.id));
        QCOMPARE(e.value("api_bid").toDouble(), *r.bid);
        QCOMPARE(e.value("api_ask").toDouble(), *r.ask);
        QCOMPARE(e.value("gates").toObject().size(), 5);
        QCOMPARE(e.value("underlying_price").toDouble(), kSeedSpot);
        QCOMPARE(e.value("strategy").toString(), QStringLiteral("day_trade"));
        QVERIFY(e.value("sizing").toObject().contains("budget"));
        QVERIFY(e.value("fallback_reason").isNull());
    }

    // The pick came without greeks (about 2 % of a chain does): the decision computes them from
    // the mid, says so, and the record keeps them with their source.
    void greeksComputedWhenTheFeedSentNone() {
        DispatchFixture f;
        OptionContract *pick = f.md.find("SPY260130C00709000");
        QVERIFY(pick && pick->greeks);
        const double feedDelta = pick->greeks->delta;
        pick->greeks.reset();
        pick->impliedVol.reset();
        const Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(d.contract->symbol, std::string("SPY260130C00709000"));
        QVERIFY(d.contract->greeksSource == GreeksSource::Computed);
        const auto recs = f.records();
        QCOMPARE(recs.size(), size_t(1));
        const ExecutionRecord &r = recs.front();
        QVERIFY(r.delta && r.gamma && r.theta && r.vega && r.iv);
        // The seed prices at 15 % vol and 4 %: the mid (on cents) gives nearly the same back.
        QVERIFY2(std::abs(*r.delta - feedDelta) < 0.02, qPrintable(QString::number(*r.delta)));
        QVERIFY2(std::abs(*r.iv - 0.15) < 0.01, qPrintable(QString::number(*r.iv)));
        QCOMPARE(r.greeksSource, std::string("computed"));
        const QJsonObject greeks = QJsonDocument::fromJson(QByteArray::fromStdString(r.explainJson))
                                       .object()
                                       .value("greeks")
                                       .toObject();
        QCOMPARE(greeks.value("source").toString(), QStringLiteral("computed"));
        QVERIFY(greeks.value("source_note")
                    .toString()
                    .startsWith(QStringLiteral("Computed from the mid ")));
        // Greeks from the feed are recorded as such.
        DispatchFixture g;
        g.dispatch(g.addSignal("SPY", SignalAction::Call));
        QCOMPARE(g.records().front().greeksSource, std::string("feed"));
    }

    void fallbackIsRecordedWithReason() {
        DispatchFixture f;
        f.broker.acct.equity = 400.0; // $20 budget, a contract costs $29
        f.broker.acct.lastEquity = 400.0;
        const Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QCOMPARE(d.fallbackReason, std::string("position size below one contract"));
        QVERIFY(f.broker.submitted.empty());
        const auto recs = f.records();
        QCOMPARE(recs.size(), size_t(1));
        QVERIFY(recs.front().mode == ExecutionMode::SimulatedFallback);
        QCOMPARE(recs.front().fallbackReason, std::string("position size below one contract"));
        QVERIFY(recs.front().clientOrderId.empty());
        // A simulated fill at mid.
        QCOMPARE(*recs.front().fillPrice, (*recs.front().bid + *recs.front().ask) / 2);
        const QJsonObject e =
            QJsonDocument::fromJson(QByteArray::fromStdString(recs.front().explainJson)).object();
        QCOMPARE(e.value("fallback_reason").toString(),
                 QStringLiteral("position size below one contract"));
    }

    void dryRunPlacesAndRecordsNothing() {
        DispatchFixture f;
        const Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call), true);
        QVERIFY(d.dryRun);
        QVERIFY(d.placesOrder()); // it would
        QVERIFY(f.broker.submitted.empty());
        QVERIFY(f.records().empty());
    }

    void sameSignalTwiceGivesOneOrder() {
        DispatchFixture f;
        const Signal s = f.addSignal("SPY", SignalAction::Call);
        const Decision first = f.dispatch(s);
        const Decision second = f.dispatch(s);
        QVERIFY(second.alreadyDispatched);
        // Printed with its contract (the record holds no order request) and as a re-run.
        QVERIFY(first.order);
        const QString summary = decisionSummary(second);
        QVERIFY2(summary.contains(QString::fromStdString(first.order->symbol)) &&
                     summary.contains(QStringLiteral("already dispatched")),
                 qPrintable(summary));
        QCOMPARE(second.orderId, first.orderId);
        QCOMPARE(second.executionId, first.executionId);
        QCOMPARE(f.broker.submitted.size(), size_t(1));
        QCOMPARE(f.broker.book.size(), size_t(1));
        QCOMPARE(f.records().size(), size_t(1));
    }

    void droppedOrderResponseLeavesExactlyOneOrder() {
        DispatchFixture f;
        f.broker.dropSubmitResponses = 1; // the order is made, its answer lost
        const Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QCOMPARE(f.broker.book.size(), size_t(1));
        QCOMPARE(f.broker.submitted.size(), size_t(1));
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QVERIFY(d.adoptedExistingOrder);
        QCOMPARE(d.orderId, f.broker.book.front().id);
        const auto recs = f.records();
        QCOMPARE(recs.size(), size_t(1));
        QCOMPARE(recs.front().orderId, f.broker.book.front().id);
    }

    void lostAnswerAndLostLookupReconcilesLater() {
        DispatchFixture f;
        f.broker.dropSubmitResponses = 1;
        // The check before sending works; the one after the lost answer fails too.
        const Signal s = f.addSignal("SPY", SignalAction::Call);
        bool done = false;
        Decision d;
        f.dispatcher->dispatch(s, {}, [&](Decision x) {
            d = std::move(x);
            done = true;
        });
        // Let the pre-check pass, then break lookups for the post-error check.
        QVERIFY(waitFor([&] { return !f.broker.submitted.empty(); }));
        f.broker.failLookups = 1;
        QVERIFY(waitFor([&] { return done; }));
        QCOMPARE(d.orderStatus, std::string("unknown"));
        QVERIFY(d.orderId.empty());
        QCOMPARE(f.broker.book.size(), size_t(1));
        // The tracker asks by client order id and finds the order.
        f.broker.fill(d.clientOrderId, 2.5);
        QVERIFY(waitFor([&] {
            const auto r = f.records();
            return !r.empty() && r.front().orderStatus == "filled";
        }));
        QCOMPARE(*f.records().front().fillPrice, 2.5);
        // The order id learned by reconciliation is back-filled, in the column and explain_json,
        // with the slippage against the mid at decision time.
        const ExecutionRecord rec = f.records().front();
        QCOMPARE(rec.orderId, f.broker.book.front().id);
        const QJsonObject explain =
            QJsonDocument::fromJson(QByteArray::fromStdString(rec.explainJson)).object();
        QCOMPARE(explain.value(QStringLiteral("alpaca_order_id")).toString(),
                 QString::fromStdString(f.broker.book.front().id));
        QVERIFY(rec.slippage);
        QVERIFY(std::abs(*rec.slippage - (2.5 - *d.contractMid())) < 1e-9);
        QCOMPARE(explain.value(QStringLiteral("slippage")).toDouble(), *rec.slippage);
        // Dispatching the signal again never sends a second order.
        f.dispatch(s);
        QCOMPARE(f.broker.book.size(), size_t(1));
    }

    void crashAfterSubmitBeforeRecordAdoptsTheOrder() {
        DispatchFixture f;
        const Signal s = f.addSignal("SPY", SignalAction::Call);
        // A previous run sent the order and died before recording it.
        Order o;
        o.id = "ord-earlier";
        o.clientOrderId = f.dispatcher->clientOrderIdFor(s);
        o.symbol = "SPY260130C00709000";
        o.status = "new";
        o.qty = 10;
        f.broker.book.push_back(o);
        const Decision d = f.dispatch(s);
        QVERIFY(d.adoptedExistingOrder);
        QCOMPARE(d.orderId, std::string("ord-earlier"));
        QVERIFY(f.broker.submitted.empty());
        QCOMPARE(f.records().size(), size_t(1));
    }

    // The market moved between the crash and the restart, so this decision picks another
    // contract: the order that exists is still adopted and recorded, none is sent.
    void crashedOrderForAnotherContractIsAdopted() {
        DispatchFixture f;
        const Signal s = f.addSignal("SPY", SignalAction::Call);
        Order o;
        o.id = "ord-before-crash";
        o.clientOrderId = f.dispatcher->clientOrderIdFor(s);
        o.symbol = "SPY260130C00715000";
        o.status = "new";
        o.qty = 3;
        o.limitPrice = 0.12;
        f.broker.book.push_back(o);
        const Decision d = f.dispatch(s);
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QVERIFY(d.adoptedExistingOrder);
        QVERIFY(f.broker.submitted.empty());
        const auto recs = f.records();
        QCOMPARE(recs.size(), size_t(1));
        QCOMPARE(recs.front().orderId, std::string("ord-before-crash"));
        QCOMPARE(recs.front().optionSymbol, std::string("SPY260130C00715000"));
        QVERIFY(recs.front().strike && recs.front().qty);
        QCOMPARE(*recs.front().strike, 715.0);
        QCOMPARE(*recs.front().qty, 3);
        QVERIFY(recs.front().mode == ExecutionMode::AlpacaPaper);
    }

    // An order found at the broker whose quantity no int holds: an error naming it, and a record
    // of the order without a quantity, never a number cast into nonsense.
    void adoptedOrderWithAQuantityBeyondAnIntIsAnError() {
        DispatchFixture f;
        const Signal s = f.addSignal("SPY", SignalAction::Call);
        Order o;
        o.id = "ord-huge";
        o.clientOrderId = f.dispatcher->clientOrderIdFor(s);
        o.symbol = "SPY260130C00715000";
        o.status = "new";
        o.qty = 1e10;
        f.broker.book.push_back(o);
        const Decision d = f.dispatch(s);
        QVERIFY(d.adoptedExistingOrder);
        QVERIFY(f.broker.submitted.empty());
        QCOMPARE(d.orderId, std::string("ord-huge"));
        QCOMPARE(d.qty, 0);
        QCOMPARE(d.error, std::string("Order ord-huge at the broker has a quantity of 10000000000, "
                                      "not a whole number of contracts ChainGate can record"));
        const auto recs = f.records();
        QCOMPARE(recs.size(), size_t(1));
        QCOMPARE(recs.front().orderId, std::string("ord-huge"));
        QVERIFY(!recs.front().qty);
    }

    // A quote older than the limit is not traded on; the refusal names the contract and its age.
    void staleQuoteIsNotTradedOn() {
        DispatchFixture f;
        f.clock.advance(std::chrono::seconds(75)); // the chain was quoted at seedNow()
        const Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QCOMPARE(d.fallbackReason,
                 std::string("Quote of SPY260130C00709000 is 75 s old, above the 60 s limit"));
        QVERIFY(!d.placesOrder());
        QVERIFY(f.broker.submitted.empty());
        const auto recs = f.records();
        QCOMPARE(recs.size(), size_t(1));
        QCOMPARE(recs.front().fallbackReason, d.fallbackReason);
        QCOMPARE(recs.front().optionSymbol, std::string("SPY260130C00709000"));
        // The limit is a setting.
        DispatcherSettings st = f.dispatcher->settings();
        st.maxQuoteAgeSec = 90;
        f.dispatcher->setSettings(st);
        const Decision fresh = f.dispatch(f.addSignal("SPY", SignalAction::Put));
        QVERIFY2(fresh.placesOrder(), fresh.fallbackReason.c_str());
    }

    // After the close the freshest quote is the close's: by default not traded on (the order
    // would wait for the open); a trader who queues orders for the open raises the off-hours
    // limit, and the session's limit stays as it was.
    void closingQuoteIsNotTradedOnAfterHours() {
        DispatchFixture f;
        const Timestamp close = easternInstant(2026y / January / 28, 16, 0);
        for (OptionContract &c : f.md.contracts)
            c.quote->time = close;
        f.clock.set(close + std::chrono::hours(2) + std::chrono::minutes(30));
        const Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QCOMPARE(d.fallbackReason, std::string("Quote of SPY260130C00709000 is 2 h 30 min old, "
                                               "above the 60 s limit outside regular hours"));
        QVERIFY(f.broker.submitted.empty());
        DispatcherSettings st = f.dispatcher->settings();
        st.maxQuoteAgeOffHoursSec = 16 * 3600;
        f.dispatcher->setSettings(st);
        const Decision queued = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QVERIFY2(queued.placesOrder(), queued.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.size(), size_t(1));
    }

    void brokerRefusalIsRecordedAsFallback() {
        DispatchFixture f;
        f.broker.submitError = Error{"insufficient buying power", 403, 40310000};
        const Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QCOMPARE(d.fallbackReason, std::string("Order not placed: insufficient buying power"));
        QVERIFY(d.mode == ExecutionMode::SimulatedFallback);
        QVERIFY(f.broker.book.empty());
        QCOMPARE(f.records().size(), size_t(1));
    }

    // "client_order_id must be unique" says the order exists (a re-sent POST whose first try
    // arrived): not a refusal even when the look-up cannot find it yet. Before the fix it was
    // recorded "not placed" and the order it named was never followed.
    void aDuplicateClientOrderIdIsNoRefusal() {
        DispatchFixture f;
        f.broker.submitError = Error{"client_order_id must be unique", 422, 40010001};
        const Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QVERIFY2(d.sentStateUnknown(), d.fallbackReason.c_str());
        QVERIFY(d.mode != ExecutionMode::SimulatedFallback);
    }

    void orderStatusReachesTheRecord() {
        DispatchFixture f;
        const Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QVERIFY2(d.placesOrder() && d.limitPrice, d.fallbackReason.c_str());
        QCOMPARE(f.records().size(), size_t(1));
        QSignalSpy updated(&f.dispatcher->tracker(), &OrderTracker::orderUpdated);
        f.broker.fill(d.clientOrderId, *d.limitPrice + 0.01, 4);
        QVERIFY(waitFor([&] { return f.records().front().orderStatus == "partially_filled"; }));
        f.broker.fill(d.clientOrderId, *d.limitPrice + 0.02);
        QVERIFY(waitFor([&] { return f.records().front().orderStatus == "filled"; }));
        QVERIFY(waitFor([&] { return f.dispatcher->tracker().pendingCount() == 0; }));
        QCOMPARE(*f.records().front().fillPrice, *d.limitPrice + 0.02);
        // Slippage against the mid at decision time is reported with the fill.
        QVERIFY(!updated.isEmpty());
        const double slippage = updated.last().at(3).toDouble();
        QVERIFY(std::abs(slippage - (*d.limitPrice + 0.02 - *d.contractMid())) < 1e-9);
        QVERIFY(f.records().front().slippage);
        QVERIFY(std::abs(*f.records().front().slippage - slippage) < 1e-9);
    }

    void rejectedAndCanceledReachTheRecord() {
        DispatchFixture f;
        const Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QVERIFY(f.broker.byClientId(d.clientOrderId));
        QCOMPARE(f.records().size(), size_t(1));
        f.broker.byClientId(d.clientOrderId)->status = "rejected";
        QVERIFY(waitFor([&] { return f.records().front().orderStatus == "rejected"; }));
        const Decision p = f.dispatch(f.addSignal("SPY", SignalAction::Put));
        QVERIFY2(p.placesOrder(), p.fallbackReason.c_str());
        QVERIFY(f.broker.byClientId(p.clientOrderId));
        f.broker.byClientId(p.clientOrderId)->status = "canceled";
        QVERIFY(waitFor([&] {
            for (const auto &r : f.records())
                if (r.clientOrderId == p.clientOrderId)
                    return r.orderStatus == "canceled";
            return false;
        }));
    }

    // A session in another mode on the same book (DEMO, no keys, on the book a paper service
    // writes) follows none of the other account's orders: asked of the simulator they are not
    // found, and their records were written "not placed" or "unknown".
    void ordersOfAnotherModeAreNotFollowed() {
        DispatchFixture f;
        const Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(f.records().size(), size_t(1));
        f.makeDispatcher(ExecutionMode::Demo);
        auto followed = f.dispatcher->reconcile();
        QVERIFY(followed.ok());
        QCOMPARE(*followed, 0);
        f.makeDispatcher(ExecutionMode::AlpacaPaper);
        followed = f.dispatcher->reconcile();
        QVERIFY(followed.ok());
        QCOMPARE(*followed, 1);
    }

    // With a Live trade-updates stream, partial fills, fills, rejects and cancels reach the
    // record as they arrive (the broker's polled state never changes here), and polling pauses.
    void tradeUpdatesRecordedAsTheyArrive() {
        DispatchFixture f;
        FakeTradeUpdates stream;
        f.dispatcher->tracker().setTradeUpdates(&stream);
        QVERIFY(f.dispatcher->tracker().streamLive());
        const Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QVERIFY2(d.placesOrder() && d.limitPrice, d.fallbackReason.c_str());
        QVERIFY(f.broker.byClientId(d.clientOrderId));
        QCOMPARE(f.records().size(), size_t(1));
        QCOMPARE(f.dispatcher->tracker().pendingCount(), 1);
        const int lookups = f.broker.lookups;
        QTest::qWait(60); // 6 poll intervals: none polls while the stream is Live
        QCOMPARE(f.broker.lookups, lookups);

        QSignalSpy finished(&f.dispatcher->tracker(), &OrderTracker::orderFinished);
        Order o = *f.broker.byClientId(d.clientOrderId);
        o.status = "partially_filled";
        o.filledQty = 4;
        o.filledAvgPrice = *d.limitPrice + 0.01;
        stream.push("partial_fill", o, o.filledAvgPrice);
        ExecutionRecord rec = f.records().front(); // synchronously: no event loop in between
        QCOMPARE(rec.orderStatus, std::string("partially_filled"));
        QCOMPARE(*rec.fillPrice, *d.limitPrice + 0.01);
        o.status = "filled";
        o.filledQty = o.qty;
        o.filledAvgPrice = *d.limitPrice + 0.02;
        stream.push("fill", o, *d.limitPrice + 0.03);
        rec = f.records().front();
        QCOMPARE(rec.orderStatus, std::string("filled"));
        QCOMPARE(*rec.fillPrice, *d.limitPrice + 0.02); // the order's average, not the last lot
        QVERIFY(std::abs(*rec.slippage - (*d.limitPrice + 0.02 - *d.contractMid())) < 1e-9);
        const QJsonObject explain =
            QJsonDocument::fromJson(QByteArray::fromStdString(rec.explainJson)).object();
        QCOMPARE(explain.value(QStringLiteral("filled_qty")).toDouble(), o.qty);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(f.dispatcher->tracker().pendingCount(), 0);
        QCOMPARE(f.broker.byClientId(d.clientOrderId)->status, std::string("pending_new"));

        // Rejected and canceled, from the stream alone.
        const Decision p = f.dispatch(f.addSignal("SPY", SignalAction::Put));
        QVERIFY2(p.placesOrder(), p.fallbackReason.c_str());
        QVERIFY(f.broker.byClientId(p.clientOrderId));
        Order rejected = *f.broker.byClientId(p.clientOrderId);
        rejected.status.clear(); // the event name alone says it
        stream.push("rejected", rejected);
        f.md.prices["AAPL"] = 250.0;
        const Decision c = f.dispatch(f.addSignal("AAPL", SignalAction::Buy));
        QVERIFY2(c.placesOrder(), c.fallbackReason.c_str());
        QVERIFY(f.broker.byClientId(c.clientOrderId));
        Order canceled = *f.broker.byClientId(c.clientOrderId);
        canceled.status = "canceled";
        stream.push("canceled", canceled);
        for (const ExecutionRecord &r : f.records()) {
            if (r.clientOrderId == p.clientOrderId)
                QCOMPARE(r.orderStatus, std::string("rejected"));
            if (r.clientOrderId == c.clientOrderId)
                QCOMPARE(r.orderStatus, std::string("canceled"));
        }
        QCOMPARE(f.dispatcher->tracker().pendingCount(), 0);

        // Someone else's order on the same account is not ours to record.
        Order foreign = canceled;
        foreign.clientOrderId = "placed-by-hand";
        stream.push("fill", foreign);
        QCOMPARE(f.records().size(), size_t(3));
    }

    // Events that come late, twice or out of order never move an order back: a `new` after its
    // `fill`, a repeated `partial_fill` after it, and (tracked) a poll's stale `new` answered
    // after a streamed `partial_fill`. Before the fix each put the record back to an open status.
    void lateEventsNeverMoveAnOrderBack() {
        DispatchFixture f;
        FakeTradeUpdates stream;
        f.dispatcher->tracker().setTradeUpdates(&stream);
        const Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QVERIFY2(d.placesOrder() && d.limitPrice, d.fallbackReason.c_str());
        Order o = *f.broker.byClientId(d.clientOrderId);
        const Order asSent = o;

        o.status = "partially_filled";
        o.filledQty = 2;
        o.filledAvgPrice = *d.limitPrice;
        stream.push("partial_fill", o, o.filledAvgPrice);
        QCOMPARE(f.records().front().orderStatus, std::string("partially_filled"));
        Order stale = asSent; // a poll sent before the partial fill, answered after it
        stale.status = "new";
        stale.filledQty = 0;
        stream.push("new", stale);
        QCOMPARE(f.records().front().orderStatus, std::string("partially_filled"));
        QCOMPARE(f.dispatcher->tracker().pendingCount(), 1);

        Order filled = o;
        filled.status = "filled";
        filled.filledQty = filled.qty;
        filled.filledAvgPrice = *d.limitPrice + 0.01;
        stream.push("fill", filled, filled.filledAvgPrice);
        QCOMPARE(f.records().front().orderStatus, std::string("filled"));
        QCOMPARE(f.dispatcher->tracker().pendingCount(), 0);

        stream.push("new", stale);
        stream.push("partial_fill", o, o.filledAvgPrice);
        const ExecutionRecord rec = f.records().front();
        QCOMPARE(rec.orderStatus, std::string("filled"));
        QCOMPARE(*rec.fillPrice, *d.limitPrice + 0.01);
    }

    // An event can beat the submit answer: kept until the order is tracked, then recorded.
    void eventBeforeTheOrderIsTracked() {
        DispatchFixture f;
        FakeTradeUpdates stream;
        f.dispatcher->tracker().setTradeUpdates(&stream);
        const Signal s = f.addSignal("SPY", SignalAction::Call);
        const Order early = earlyFill(f, s);
        stream.push("fill", early);
        QVERIFY(f.records().empty());
        const Decision d = f.dispatch(s);
        QCOMPARE(d.clientOrderId, early.clientOrderId);
        QCOMPARE(f.records().size(), size_t(1));
        const ExecutionRecord rec = f.records().front();
        QCOMPARE(rec.orderStatus, std::string("filled"));
        QVERIFY(rec.fillPrice);
        QCOMPARE(*rec.fillPrice, 2.22);
        QCOMPARE(f.dispatcher->tracker().pendingCount(), 0);
    }

    // Early events of orders this console never tracks (another console's on the same account)
    // are let go after a few minutes: before the fix they filled the 256 places for good, and
    // the next order whose fill beat its submit answer lost it.
    void earlyEventsOfOtherOrdersAreLetGo() {
        DispatchFixture f;
        FakeTradeUpdates stream;
        f.dispatcher->tracker().setTradeUpdates(&stream);
        const auto other = [&](int i) {
            Order o;
            o.id = "other-" + std::to_string(i);
            o.clientOrderId = "cg-other-console-" + std::to_string(i);
            o.status = "new";
            stream.push("new", o);
        };
        for (int i = 0; i < 10; ++i)
            other(i);
        QCOMPARE(f.dispatcher->tracker().earlyEventCount(), std::size_t(10));
        f.clock.advance(std::chrono::minutes{6});
        other(10);
        QCOMPARE(f.dispatcher->tracker().earlyEventCount(), std::size_t(1)); // the 10 let go
        for (int i = 11; i < 300; ++i)
            other(i);
        QCOMPARE(f.dispatcher->tracker().earlyEventCount(), std::size_t(256)); // bounded

        // The next order whose fill beats its submit answer is still recorded filled.
        for (OptionContract &c : f.md.contracts)
            if (c.quote)
                c.quote->time = f.clock.now();
        f.broker.now = f.clock.now();
        const Signal s = f.addSignal("SPY", SignalAction::Call);
        const Order early = earlyFill(f, s);
        stream.push("fill", early);
        const Decision d = f.dispatch(s);
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(d.clientOrderId, early.clientOrderId);
        QCOMPARE(f.records().front().orderStatus, std::string("filled"));
    }

    // An event the client cannot read (a fill whose order fails to parse) is lost: the tracker
    // asks the broker at once rather than at the live poll, every 15 intervals (30 s at the
    // default 2 s). The fill waited for that poll.
    void anUnreadableEventIsReadFromTheBrokerAtOnce() {
        DispatchFixture f;
        DispatcherSettings s = f.dispatcher->settings();
        s.orderPollIntervalMs = 1000; // live: every 15 s
        f.dispatcher->setSettings(s);
        FakeTradeUpdates stream;
        f.dispatcher->tracker().setTradeUpdates(&stream);
        const Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        f.broker.fill(d.clientOrderId, 2.75);
        stream.pushUnreadable("Alpaca's trade update has an order without \"id\"");
        QVERIFY2(waitFor([&] { return f.records().front().orderStatus == "filled"; }, 2000),
                 f.records().front().orderStatus.c_str());
    }

    // Not Live: polling as before; losing the stream polls at once.
    void pollingWhenTheStreamIsNotLive() {
        DispatchFixture f;
        FakeTradeUpdates stream;
        stream.current.health = StreamHealth::Reconnecting;
        f.dispatcher->tracker().setTradeUpdates(&stream);
        QVERIFY(!f.dispatcher->tracker().streamLive());
        Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(f.records().size(), size_t(1));
        f.broker.fill(d.clientOrderId, 2.75);
        QVERIFY(waitFor([&] { return f.records().front().orderStatus == "filled"; }));

        stream.setHealth(StreamHealth::Live);
        d = f.dispatch(f.addSignal("SPY", SignalAction::Put));
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(f.records().size(), size_t(2));
        f.broker.fill(d.clientOrderId, 1.5);
        QTest::qWait(30);
        QCOMPARE(f.records().front().orderStatus, std::string("pending_new")); // not polled
        const int lookups = f.broker.lookups;
        stream.setHealth(StreamHealth::Silent); // a pass at once, not after an interval
        QVERIFY(f.broker.lookups > lookups);
        QVERIFY(waitFor([&] { return f.records().front().orderStatus == "filled"; }));
        f.dispatcher->tracker().setTradeUpdates(nullptr);
    }

    void reconcileAtStartFindsUnfinishedOrders() {
        QTemporaryDir dir;
        const QString url = "sqlite:" + dir.filePath("book.db");
        std::string cid;
        {
            DispatchFixture f(url);
            const Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
            QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
            cid = d.clientOrderId;
        }
        DispatchFixture g(url);
        QCOMPARE(g.records().size(), size_t(1));
        // The broker of the first run is gone; this one knows the order as filled.
        Order o;
        o.id = "ord-1";
        o.clientOrderId = cid;
        o.symbol = "SPY260130C00709000";
        o.status = "filled";
        o.filledAvgPrice = 2.34;
        g.broker.book.push_back(o);
        int count = -1;
        g.dispatcher->start([&](Result<int> r) { count = r ? *r : -2; });
        QCOMPARE(count, 1);
        QVERIFY(waitFor([&] { return g.records().front().orderStatus == "filled"; }));
        QVERIFY(g.records().front().fillPrice);
        QCOMPARE(*g.records().front().fillPrice, 2.34);
    }

    // A new broker (a fresh DEMO market) whose order id names another order: that order's fill
    // must not land in this record.
    void reusedOrderIdIsNotTakenForOurs() {
        QTemporaryDir dir;
        const QString url = "sqlite:" + dir.filePath("book.db");
        std::string cid, orderId;
        {
            DispatchFixture f(url);
            const Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
            QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
            QCOMPARE(f.records().size(), size_t(1));
            cid = d.clientOrderId;
            QVERIFY(waitFor([&] { return !f.records().front().orderId.empty(); }));
            orderId = f.records().front().orderId;
        }
        DispatchFixture g(url);
        Order other;
        other.id = orderId;
        other.clientOrderId = "cg-other-sig-99";
        other.symbol = "QQQ260130C00600000";
        other.status = "filled";
        other.filledAvgPrice = 7.45;
        g.broker.book.push_back(other);
        QSignalSpy finished(&g.dispatcher->tracker(), &OrderTracker::orderFinished);
        int count = -1;
        g.dispatcher->start([&](Result<int> r) { count = r ? *r : -2; });
        QCOMPARE(count, 1);
        QVERIFY(waitFor([&] { return !finished.isEmpty(); }));
        QCOMPARE(finished.last().at(1).toString(), QStringLiteral("unknown"));
        QCOMPARE(g.records().size(), size_t(1));
        const ExecutionRecord rec = g.records().front();
        QCOMPARE(rec.clientOrderId, cid);
        QVERIFY(rec.orderStatus != "filled");
        QVERIFY(!rec.fillPrice);
    }

    void killSwitchRefusesCancelsAndPersists() {
        QTemporaryDir dir;
        const QString url = "sqlite:" + dir.filePath("book.db");
        {
            DispatchFixture f(url);
            f.dispatcher->start();
            f.dispatch(f.addSignal("SPY", SignalAction::Call));
            f.dispatch(f.addSignal("SPY", SignalAction::Put));
            QCOMPARE(f.broker.book.size(), size_t(2));
            AutoDispatcher timer(*f.dispatcher, "test");
            timer.setInterval(std::chrono::hours(1));
            QVERIFY(timer.start());
            QVERIFY(timer.isActive());

            bool done = false;
            int cancelled = -1;
            f.dispatcher->killSwitch().engage("test", [&](Result<int> r) {
                cancelled = r ? *r : -1;
                done = true;
            });
            QVERIFY(waitFor([&] { return done; }));
            QCOMPARE(cancelled, 2);
            for (const Order &o : f.broker.book)
                QCOMPARE(o.status, std::string("canceled"));
            QVERIFY(!timer.isActive());
            QVERIFY(!timer.start());

            const Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
            QVERIFY(!d.placesOrder());
            QVERIFY(d.fallbackReason.rfind("Kill switch is on", 0) == 0);
            QCOMPARE(f.broker.book.size(), size_t(2));
        }
        {
            // After a restart the switch is still on.
            DispatchFixture g(url);
            g.dispatcher->start();
            QVERIFY(g.dispatcher->killSwitch().engaged());
            const Decision d = g.dispatch(g.addSignal("SPY", SignalAction::Call));
            QVERIFY(d.fallbackReason.rfind("Kill switch is on", 0) == 0);
            QVERIFY(g.broker.submitted.empty());
            QVERIFY(g.dispatcher->killSwitch().release());
        }
        {
            DispatchFixture h(url);
            h.dispatcher->start();
            QVERIFY(!h.dispatcher->killSwitch().engaged());
            QVERIFY(h.dispatch(h.addSignal("SPY", SignalAction::Call)).placesOrder());
        }
    }

    void dailyOrderLimitCountsRecordedOrders() {
        DispatchFixture f;
        DispatcherSettings s = f.dispatcher->settings();
        s.risk.maxOrdersPerDay = 2;
        f.dispatcher->setSettings(s);
        QVERIFY(f.dispatch(f.addSignal("SPY", SignalAction::Call)).placesOrder());
        QVERIFY(f.dispatch(f.addSignal("SPY", SignalAction::Put)).placesOrder());
        const Decision third = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QCOMPARE(third.fallbackReason, std::string("Daily order limit reached: 2 of 2"));
        // A new day in New York resets the count.
        f.clock.advance(std::chrono::hours(24));
        QVERIFY(f.dispatcher->ordersToday().value() == 0);
    }

    void demoAndLiveModes() {
        DispatchFixture f;
        f.makeDispatcher(ExecutionMode::Demo);
        Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QVERIFY(d.mode == ExecutionMode::Demo);
        QCOMPARE(f.records().size(), size_t(1));
        QVERIFY(f.records().front().mode == ExecutionMode::Demo);
        f.makeDispatcher(ExecutionMode::AlpacaLive);
        d = f.dispatch(f.addSignal("SPY", SignalAction::Put));
        QVERIFY(!d.placesOrder());
        QVERIFY(d.fallbackReason.rfind("Live trading is off", 0) == 0);
        DispatcherSettings s = f.dispatcher->settings();
        s.liveTradingEnabled = true;
        f.dispatcher->setSettings(s);
        d = f.dispatch(f.addSignal("SPY", SignalAction::Put));
        QVERIFY(d.mode == ExecutionMode::AlpacaLive);
        QVERIFY(d.placesOrder());
    }

    // Through a runner (the window's worker): the same order and record. Once the database is
    // known to be unreachable, an order about to be placed is refused at once with a reason the
    // trader can read, nothing is sent, and the refusal is recorded (the outbox in the window).
    void unreachableDatabaseRefusesTheIntentAtOnce() {
        DispatchFixture f;
        SwitchableRunner runner(f.store);
        f.dispatcher->setStoreRunner(&runner);
        const Decision placed = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QVERIFY2(placed.placesOrder(), placed.fallbackReason.c_str());
        QVERIFY(runner.jobs >= 3); // at least the check, the intent and its completion
        QCOMPARE(f.broker.submitted.size(), size_t(1));

        const Signal s = f.addSignal("SPY", SignalAction::Put);
        std::optional<Decision> proposal;
        f.dispatcher->propose(s, [&](Decision d) { proposal = std::move(d); });
        QVERIFY(waitFor([&] { return proposal.has_value(); }));
        QVERIFY2(proposal->placesOrder(), proposal->fallbackReason.c_str());
        runner.up = false;
        std::optional<Decision> answer;
        f.dispatcher->place(*proposal, [&](Decision d) { answer = std::move(d); });
        QVERIFY(answer.has_value()); // at once: nothing waits for the database
        QVERIFY(!answer->placesOrder());
        QCOMPARE(answer->fallbackReason, std::string("Order not sent: the database is unreachable, "
                                                     "so its record could not be written first"));
        QCOMPARE(f.broker.submitted.size(), size_t(1));
        const auto recs = f.records();
        QCOMPARE(recs.size(), size_t(2));
        QCOMPARE(int(std::count_if(recs.begin(), recs.end(),
                                   [](const ExecutionRecord &r) {
                                       return r.mode == ExecutionMode::SimulatedFallback;
                                   })),
                 1);
    }

    void stockSignalPlacesStockOrder() {
        DispatchFixture f;
        f.md.prices["AAPL"] = 250.0;
        const Decision d = f.dispatch(f.addSignal("AAPL", SignalAction::Buy));
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(f.broker.book.size(), size_t(1));
        QCOMPARE(f.records().size(), size_t(1));
        QCOMPARE(f.broker.book.back().symbol, std::string("AAPL"));
        QCOMPARE(f.records().front().instrumentType, std::string("STOCK"));
        // Slippage of a stock order: against the price it was decided at.
        f.broker.fill(d.clientOrderId, 250.05);
        QVERIFY(waitFor([&] { return f.records().front().orderStatus == "filled"; }));
        QVERIFY(f.records().front().slippage);
        QVERIFY(std::abs(*f.records().front().slippage - 0.05) < 1e-9);
    }
};

QTEST_GUILESS_MAIN(TestDispatcher)
#include "tst_dispatcher.moc"
