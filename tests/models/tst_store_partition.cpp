// The window's trading session on PostgreSQL with a StoreWorker (as ui/main.cpp wires it): while
// the server is stopped with SIGSTOP the session's polls (signals, risk figures) keep the event
// loop turning, the worker says "Database unreachable, N records in the outbox", and after
// SIGCONT a signal inserted meanwhile by another client reaches the signal list.

#include "domain/eastern_time.h"
#include "models/signals_model.h"
#include "models/trading_session.h"
#include "storage/execution_store.h"
#include "storage/store_worker.h"
#include "support/fake_broker.h"
#include "support/fake_market_data.h"
#include "support/pg_fixture.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace cg;
using namespace cg::models;

class TestStorePartition : public QObject {
    Q_OBJECT
    test::PgFixture m_pg;
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void cleanupTestCase() {
        (void)m_pg.resumeServer();
        m_pg.shutdown();
    }

    void sessionPollsNeverStopTheEventLoop() {
        CG_REQUIRE_POSTGRESQL();
        QVERIFY(m_tmp.isValid());
        const QString started = m_pg.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
        QString dbErr;
        const QString url = m_pg.createDatabase(&dbErr);
        QVERIFY2(!url.isEmpty(), qPrintable(dbErr));

        ExecutionStore store;
        store.setOutboxPath(m_tmp.filePath(QStringLiteral("outbox.db")));
        QVERIFY(store.open(url));
        test::FakeBroker broker;
        test::FakeMarketData market;
        const FixedClock clock(easternInstant(std::chrono::year{2026} / 12 / 4, 10, 30));
        TradingSession::Options o;
        o.signalPollMs = 100;
        o.accountPollMs = 100;
        TradingSession session(broker, market, store, clock, o);
        StoreWorker::Options wo;
        wo.probeMs = 200;
        wo.stallMs = 1500;
        StoreWorker worker(store, wo);
        worker.start(url);
        session.setStoreWorker(&worker);
        QVERIFY(session.start());
        QSignalSpy reloaded(&session, &TradingSession::signalsReloaded);
        QTRY_VERIFY_WITH_TIMEOUT(reloaded.count() >= 3, 20000);

        QElapsedTimer sinceTick;
        qint64 longestGap = 0;
        QTimer heartbeat;
        heartbeat.setInterval(20);
        connect(&heartbeat, &QTimer::timeout, this, [&] {
            if (sinceTick.isValid())
                longestGap = std::max(longestGap, sinceTick.elapsed());
            sinceTick.restart();
        });
        heartbeat.start();

        const QString paused = m_pg.pauseServer();
        QVERIFY2(paused.isEmpty(), qPrintable(paused));
        QFile loadavg(QStringLiteral("/proc/loadavg"));
        const QByteArray load =
            loadavg.open(QIODevice::ReadOnly) ? loadavg.readAll().trimmed() : QByteArray();
        QElapsedTimer partition;
        partition.start();
        longestGap = 0;
        QTRY_COMPARE_WITH_TIMEOUT(worker.statusText(),
                                  QStringLiteral("Database unreachable, 0 records in the outbox"),
                                  30000);
        QTest::qWait(3000); // polls keep firing every 100 ms, the event loop keeps turning
        const qint64 gap = longestGap;
        const qint64 partitionMs = partition.elapsed();

        // Another client inserts a signal; it shows once the server answers again.
        const QString resumed = m_pg.resumeServer();
        QVERIFY2(resumed.isEmpty(), qPrintable(resumed));
        ExecutionStore other;
        other.setOutboxPath(m_tmp.filePath(QStringLiteral("other-outbox.db")));
        QVERIFY(other.open(url));
        Signal s;
        s.symbol = "QQQ";
        s.action = SignalAction::Put;
        s.source = "outside";
        s.createdAt = clock.now();
        auto id = other.signals().enqueue(s);
        QVERIFY(id);
        QTRY_VERIFY_WITH_TIMEOUT(session.signalsModel()->rowOf(*id) >= 0, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(worker.statusText(), QString(), 30000);
        QCOMPARE(store.health(), StoreHealth::Connected);

        std::printf("SESSION PARTITION: %lld ms stopped, longest event-loop gap %lld ms "
                    "(timer 20 ms, polls every 100 ms); loadavg %s\n",
                    static_cast<long long>(partitionMs), static_cast<long long>(gap),
                    load.constData());
        std::fflush(stdout);
        QVERIFY2(gap < 2000 && gap * 2 < partitionMs,
                 qPrintable(QStringLiteral("event loop stopped for %1 ms").arg(gap)));
    }
};

QTEST_GUILESS_MAIN(TestStorePartition)
#include "tst_store_partition.moc"
