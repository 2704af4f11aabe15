// Store calls off the GUI thread (StoreWorker) against a real PostgreSQL: jobs answer on the
// caller's thread, connections carry keepalives and a statement timeout, and a partition (the
// server stopped with SIGSTOP: connections stay open, nothing answers) never stops the event
// loop: the status says "Database unreachable, N records in the outbox", writes wait in the
// outbox, and after SIGCONT the outbox drains.

#include "storage/execution_store.h"
#include "storage/store_worker.h"
#include "support/pg_fixture.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cstdio>
#include <optional>

using namespace cg;

namespace {

ExecutionRecord record(int i) {
    ExecutionRecord r;
    r.executionUid = "partition-" + std::to_string(i);
    r.ticker = "SPY";
    r.action = "CALL";
    r.instrumentType = "OPTION";
    r.mode = ExecutionMode::SimulatedFallback;
    r.strategy = "day_trade";
    r.fallbackReason = "written during a partition";
    r.explainJson = "{}";
    r.createdAt = Timestamp{std::chrono::milliseconds{1767364200000LL + i}};
    return r;
}

QString loadAverage() {
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).trimmed() : QString();
}

} // namespace

class TstStoreWorker : public QObject {
    Q_OBJECT
private:
    test::PgFixture m_pg;
    QTemporaryDir m_tmp;
    QString m_url;

private Q_SLOTS:
    void initTestCase() {
        CG_REQUIRE_POSTGRESQL();
        QVERIFY(m_tmp.isValid());
        const QString err = m_pg.start();
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QString dbErr;
        m_url = m_pg.createDatabase(&dbErr);
        QVERIFY2(!m_url.isEmpty(), qPrintable(dbErr));
    }

    void cleanupTestCase() {
        (void)m_pg.resumeServer(); // never leave a stopped server behind a failed test
        m_pg.shutdown();
    }

    // Jobs run on the worker thread, answer on this one, with the Result the job returned.
    void jobsRunOnTheWorkerAndAnswerHere() {
        ExecutionStore gui;
        gui.setOutboxPath(m_tmp.filePath(QStringLiteral("jobs-outbox.db")));
        QVERIFY(gui.open(m_url));
        StoreWorker worker(gui);
        worker.start(m_url);

        QThread *const here = QThread::currentThread();
        QThread *ranOn = nullptr;
        QThread *answeredOn = nullptr;
        std::optional<Result<int>> answer;
        worker.run<int>(
            [&ranOn](ExecutionStore &s) -> Result<int> {
                ranOn = QThread::currentThread();
                auto n = s.records().countOrders(Timestamp{});
                return n;
            },
            this,
            [&](Result<int> r) {
                answeredOn = QThread::currentThread();
                answer = std::move(r);
            });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 20000);
        QVERIFY2(bool(*answer), bool(*answer) ? "" : answer->error().message.c_str());
        QCOMPARE(**answer, 0);
        QVERIFY(ranOn != nullptr && ranOn != here);
        QCOMPARE(answeredOn, here);

        // A failing job's error comes back as a value.
        std::optional<Result<int>> failed;
        worker.run<int>([](ExecutionStore &) -> Result<int> { return Error::make("refused"); },
                        this, [&](Result<int> r) { failed = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(failed.has_value(), 20000);
        QVERIFY(!*failed);
        QCOMPARE(failed->error().message, std::string("refused"));
        QVERIFY(worker.isReachable());
        QCOMPARE(worker.statusText(), QString());
    }

    // Every PostgreSQL connection: TCP keepalives in its options, a statement timeout set.
    void connectionsCarryKeepalivesAndAStatementTimeout() {
        ExecutionStore store;
        store.setOutboxPath(m_tmp.filePath(QStringLiteral("timeout-outbox.db")));
        QVERIFY(store.open(m_url));
        const QString options = store.database().connectOptions();
        QVERIFY2(options.contains(QLatin1String("keepalives=1")), qPrintable(options));
        QVERIFY2(options.contains(QLatin1String("keepalives_idle=")), qPrintable(options));
        QVERIFY2(options.contains(QLatin1String("tcp_user_timeout=")), qPrintable(options));
        QSqlQuery q(store.database());
        QVERIFY(q.exec(QStringLiteral("SHOW statement_timeout")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("30s"));
        // The server this test starts inherits libfaketime in the moved-clock stage
        // (scripts/faketime-tests.sh), whose timer interception keeps the server's statement
        // timer from firing: the setting is checked above, its effect only on a real clock.
        if (qEnvironmentVariableIsSet("FAKETIME"))
            return;
        // A statement longer than the timeout fails instead of holding its thread.
        QVERIFY(q.exec(QStringLiteral("SET statement_timeout = 200")));
        QVERIFY(!q.exec(QStringLiteral("SELECT pg_sleep(5)")));
        QVERIFY2(q.lastError().text().contains(QLatin1String("statement timeout")),
                 qPrintable(q.lastError().text()));
    }

    // A job that waited out a stall and answers on a connection that holds proves the database
    // is back: its answer already sees the worker reachable (a claim's answer goes on to count
    // today's orders, which is refused while unreachable), without waiting for the next ping.
    void aJobAnsweredAfterAStallMakesTheWorkerReachable() {
        ExecutionStore gui;
        gui.setOutboxPath(m_tmp.filePath(QStringLiteral("answer-outbox.db")));
        QVERIFY(gui.open(m_url));
        StoreWorker::Options options;
        options.probeMs = 600000; // one ping at start, none after: only the job can tell
        options.stallMs = 1000;
        StoreWorker worker(gui, options);
        worker.start(m_url);
        QTRY_VERIFY_WITH_TIMEOUT(worker.oldestWaitMs() == 0 && worker.isReachable(), 20000);
        QTest::qWait(100);

        const QString paused = m_pg.pauseServer();
        QVERIFY2(paused.isEmpty(), qPrintable(paused));
        std::optional<bool> reachableInAnswer;
        worker.run<std::vector<Signal>>([](ExecutionStore &s) { return s.signals().list(10); },
                                        this,
                                        [&](Result<std::vector<Signal>> r) {
                                            QVERIFY2(r, r ? "" : r.error().message.c_str());
                                            reachableInAnswer = worker.reachable();
                                        });
        const bool stalled = QTest::qWaitFor([&] { return !worker.isReachable(); }, 30000);
        const QString resumed = m_pg.resumeServer();
        QVERIFY2(resumed.isEmpty(), qPrintable(resumed));
        QVERIFY(stalled);
        QTRY_VERIFY_WITH_TIMEOUT(reachableInAnswer.has_value(), 30000);
        QVERIFY2(*reachableInAnswer, "the job's answer was refused as unreachable");
        QVERIFY(!worker.statusText().contains(QLatin1String("unreachable")));
        QCOMPARE(gui.health(), StoreHealth::Connected);
    }

    // The partition: SIGSTOP on the server. The event loop keeps turning (a 20 ms timer's gaps
    // stay far below the statement timeout and the stall limit), the status names the outage and
    // the outbox, a write waits in the outbox; after SIGCONT the outbox drains into PostgreSQL.
    void partitionKeepsTheEventLoopTurningAndTheOutboxDrains() {
        ExecutionStore gui;
        gui.setOutboxPath(m_tmp.filePath(QStringLiteral("partition-outbox.db")));
        QVERIFY(gui.open(m_url));
        StoreWorker::Options options;
        options.probeMs = 200;
        options.stallMs = 1500;
        StoreWorker worker(gui, options);
        QSignalSpy status(&worker, &StoreWorker::statusChanged);
        worker.start(m_url);
        QTRY_VERIFY_WITH_TIMEOUT(worker.oldestWaitMs() == 0 && worker.isReachable(), 20000);
        // A statement prepared on this thread's connection (as the window's are): letting go of
        // the connection during the partition must not wait for the server.
        QVERIFY(gui.records().countOrders(Timestamp{}));

        // A periodic read such as the window's signal poll, always through the worker.
        int pollsAnswered = 0;
        bool pollInFlight = false;
        QTimer poll;
        poll.setInterval(100);
        connect(&poll, &QTimer::timeout, this, [&] {
            if (pollInFlight)
                return;
            pollInFlight = true;
            worker.run<std::vector<Signal>>([](ExecutionStore &s) { return s.signals().list(50); },
                                            this,
                                            [&](Result<std::vector<Signal>>) {
                                                pollInFlight = false;
                                                ++pollsAnswered;
                                            });
        });
        poll.start();

        // The event loop's heartbeat: the longest gap between two ticks of a 20 ms timer.
        QElapsedTimer sinceTick;
        qint64 longestGap = 0;
        int ticks = 0;
        QTimer heartbeat;
        heartbeat.setInterval(20);
        connect(&heartbeat, &QTimer::timeout, this, [&] {
            if (sinceTick.isValid())
                longestGap = std::max(longestGap, sinceTick.elapsed());
            sinceTick.restart();
            ++ticks;
        });
        heartbeat.start();
        QTRY_VERIFY_WITH_TIMEOUT(pollsAnswered >= 3, 20000);

        const QString paused = m_pg.pauseServer();
        QVERIFY2(paused.isEmpty(), qPrintable(paused));
        const QString load = loadAverage();
        longestGap = 0;
        ticks = 0;
        QElapsedTimer partition;
        partition.start();

        // Detected by the stall limit, while the poll's job waits on the stopped server.
        QTRY_VERIFY_WITH_TIMEOUT(!worker.isReachable(), 30000);
        QCOMPARE(gui.health(), StoreHealth::Outbox);
        // A write during the partition: to the outbox, at once, without the network.
        QElapsedTimer write;
        write.start();
        auto queued = gui.records().recordExecution(record(1));
        const qint64 writeMs = write.elapsed();
        QVERIFY2(queued, queued ? "" : queued.error().message.c_str());
        QCOMPARE(*queued, std::int64_t(0)); // 0: queued, not in the database
        QCOMPARE(gui.outboxSize().value(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(worker.statusText(),
                                  QStringLiteral("Database unreachable, 1 record in the outbox"),
                                  5000);
        // A reader on this thread fails at once too (no reconnection attempt of its own).
        QElapsedTimer read;
        read.start();
        QVERIFY(!gui.signals().list(10));
        const qint64 readMs = read.elapsed();
        // Keep the partition for a while, the event loop turning all along.
        QTest::qWait(4000);
        const qint64 partitionMs = partition.elapsed();
        const qint64 gapDuringPartition = longestGap;
        const int ticksDuringPartition = ticks;

        const QString resumed = m_pg.resumeServer();
        QVERIFY2(resumed.isEmpty(), qPrintable(resumed));
        QTRY_VERIFY_WITH_TIMEOUT(worker.isReachable(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(gui.outboxSize().value(), 0, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(gui.health(), StoreHealth::Connected, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!worker.statusText().contains(QLatin1String("unreachable")),
                                 10000);
        ExecutionFilter f;
        f.limit = 10;
        auto rows = gui.records().executions(f);
        QVERIFY(rows);
        bool found = false;
        for (const ExecutionRecord &r : *rows)
            found = found || r.executionUid == "partition-1";
        QVERIFY2(found, "the record written during the partition reached PostgreSQL");
        const int pollsBefore = pollsAnswered;
        QTRY_VERIFY_WITH_TIMEOUT(pollsAnswered > pollsBefore, 20000);
        bool sawUnreachable = false;
        for (const QList<QVariant> &args : status)
            sawUnreachable = sawUnreachable || args.at(0).toString().startsWith(
                                                   QLatin1String("Database unreachable"));
        QVERIFY(sawUnreachable);

        std::printf("PARTITION: %lld ms stopped, %d heartbeats, longest event-loop gap %lld ms "
                    "(timer 20 ms), queued write %lld ms, failed read %lld ms; loadavg %s\n",
                    static_cast<long long>(partitionMs), ticksDuringPartition,
                    static_cast<long long>(gapDuringPartition), static_cast<long long>(writeMs),
                    static_cast<long long>(readMs), qPrintable(load));
        std::fflush(stdout);
        // Generous: a loaded machine delays timers, never by a good fraction of the 30 s
        // statement timeout. Without the worker the loop would stop for the whole partition.
        QVERIFY2(
            gapDuringPartition < 2000 && gapDuringPartition * 2 < partitionMs,
            qPrintable(QStringLiteral("event loop stopped for %1 ms").arg(gapDuringPartition)));
        QVERIFY(ticksDuringPartition > 20);
    }
};

QTEST_GUILESS_MAIN(TstStoreWorker)
#include "tst_store_worker.moc"
