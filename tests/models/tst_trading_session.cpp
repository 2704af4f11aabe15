// The trading session's "Dispatch now" when nothing can be decided: the signal goes back to the
// queue (as the timer's and the CLI's do), not FAILED for good.

#include "models/trading_session.h"
#include "storage/execution_store.h"
#include "support/fake_broker.h"
#include "support/fake_market_data.h"
#include "support/scenario.h"

#include <QSignalSpy>
#include <QTest>

using namespace cg;
using namespace cg::models;

class TestTradingSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
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
};

QTEST_GUILESS_MAIN(TestTradingSession)
#include "tst_trading_session.moc"
