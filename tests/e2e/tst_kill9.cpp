// kill -9 at any point of a dispatch: `chaingate-cli demo-server` runs as its own process and
// `chaingate-cli dispatch --once` against it, on one SQLite file, is killed with SIGKILL again and
// again: at named steps (CHAINGATE_CRASH_AT: after_claim, before_submit, after_submit_sent,
// after_order_answer, after_record) and after random delays while orders are in flight (the server
// answers late). Then clean runs finish the queue, and: no client_order_id twice on the server,
// every order on the server has its execution row, every signal exactly one execution row, none
// left CLAIMED. A variant pulls the kill switch before the re-run: no new order, and the order
// that was in flight is cancelled and still recorded.

#include "dispatch/decision.h"
#include "storage/execution_store.h"
#include "support/cli_processes.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <map>
#include <set>
#include <sys/types.h>

using namespace cg;

namespace {} // namespace

class TestKill9 : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_server;
    QString m_url;
    QString m_db;
    ExecutionStore m_store;
    std::vector<std::int64_t> m_signals;
    QElapsedTimer m_clock;

    QProcessEnvironment env(const QString &crashAt = {}) const {
        QProcessEnvironment e = test::cliEnvironment(m_dir.path());
        if (!crashAt.isEmpty())
            e.insert(QStringLiteral("CHAINGATE_CRASH_AT"), crashAt);
        return e;
    }

    // dispatch --once; killed by the hook, or by this test after `killAfterMs` (< 0: never).
    test::CliRun dispatchOnce(const QString &crashAt = {}, int killAfterMs = -1,
                              const QStringList &extra = {}) {
        return test::runCli(QStringLiteral(CHAINGATE_CLI),
                            QStringList{QStringLiteral("dispatch"), QStringLiteral("--once"),
                                        QStringLiteral("--wait"), QStringLiteral("0")} +
                                test::cliEndpoints(m_url, m_db) + extra,
                            env(crashAt), killAfterMs);
    }

    // dispatch --kill-switch on|off.
    test::CliRun killSwitch(const QString &what) {
        return test::runCli(
            QStringLiteral(CHAINGATE_CLI),
            QStringList{QStringLiteral("dispatch"), QStringLiteral("--kill-switch"), what} +
                test::cliEndpoints(m_url, m_db),
            env());
    }

    // An execution row that names the order (not a fallback).
    // A record of the order that is not a fallback; `completed`: beyond its intent (the
    // broker's answer is in it), not only the row written before sending.
    bool recordedAsOrder(const std::string &clientOrderId, bool completed = false) {
        ExecutionFilter all;
        all.limit = 0;
        auto rows = m_store.records().executions(all);
        if (!rows)
            return false;
        for (const ExecutionRecord &r : *rows) {
            if (r.clientOrderId == clientOrderId && r.mode != ExecutionMode::SimulatedFallback &&
                (!completed || r.orderStatus != cg::kSendingStatus))
                return true;
        }
        return false;
    }

    void addSignal(const char *symbol, SignalAction action) {
        Signal s;
        s.symbol = symbol;
        s.action = action;
        s.source = "kill9";
        s.createdAt = std::chrono::time_point_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now());
        auto id = m_store.signals().enqueue(s);
        QVERIFY2(id.ok(), id.ok() ? "" : id.error().message.c_str());
        m_signals.push_back(*id);
    }

    QJsonArray serverOrders() {
        const auto run = test::runCli(
            QStringLiteral(CHAINGATE_CLI),
            QStringList{QStringLiteral("orders"), QStringLiteral("--status"), QStringLiteral("all"),
                        QStringLiteral("--limit"), QStringLiteral("500"), QStringLiteral("--json"),
                        QStringLiteral("--trading-url"), m_url, QStringLiteral("--data-url"),
                        m_url},
            env());
        return QJsonDocument::fromJson(run.out).array();
    }

private Q_SLOTS:
    void initTestCase() {
        m_clock.start();
        QVERIFY(m_dir.isValid());
        m_db = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("kill9.db"));
        auto opened = m_store.open(m_db);
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
        // Late answers keep orders in flight long enough for a random kill to land there.
        QString error;
        m_url = test::startDemoServer(m_server, QStringLiteral(CHAINGATE_CLI), m_dir.path(),
                                      {QStringLiteral("--faults"), QStringLiteral("latency=25ms")},
                                      &error);
        QVERIFY2(!m_url.isEmpty(), qPrintable(error));
    }

    void cleanupTestCase() {
        test::stopProcess(m_server);
        qInfo("whole test: %lld ms", static_cast<long long>(m_clock.elapsed()));
    }

    // Killed with the order out and not recorded; the kill switch is pulled before the re-run
    // (runs first, on an empty queue, so the order in flight is this signal's).
    void killSwitchOnAtTheRerun() {
        addSignal("SPY", SignalAction::Buy);
        const test::CliRun killed = dispatchOnce(QStringLiteral("after_order_answer"));
        QVERIFY2(killed.killed, killed.err.right(300).constData());
        const QJsonArray before = serverOrders();
        QCOMPARE(before.size(), 1);
        const QJsonObject order = before.first().toObject();
        const std::string cid =
            order.value(QStringLiteral("client_order_id")).toString().toStdString();
        // The kill landed between the order and its record: only the intent written before
        // sending names it, its status still "sending".
        QVERIFY(!recordedAsOrder(cid, true));

        const test::CliRun on = killSwitch(QStringLiteral("on"));
        QVERIFY2(!on.killed && on.exitCode == 0, on.err.constData());
        const test::CliRun rerun = dispatchOnce();
        QVERIFY2(!rerun.killed, rerun.err.constData());
        const QJsonArray after = serverOrders();
        QCOMPARE(after.size(), 1); // no new order
        // Not left open: cancelled by the switch (unless the market filled it first).
        const QString status = after.first().toObject().value(QStringLiteral("status")).toString();
        QVERIFY2(status == QLatin1String("canceled") || status == QLatin1String("filled"),
                 qPrintable(status));
        // Reconciliation at start completes the order's record whatever the kill switch says.
        QVERIFY2(recordedAsOrder(cid, true), ("order " + cid + " has no completed record").c_str());

        const test::CliRun off = killSwitch(QStringLiteral("off"));
        QVERIFY2(!off.killed && off.exitCode == 0, off.err.constData());
    }

    // Killed with an option order out and not recorded; on the re-run every contract fails the
    // spread gate (a settings file with a 0.01 % maximum): the order that exists is still
    // adopted and recorded, and no second order is sent.
    // The switch is in the database: pulled at once however Alpaca answers. Against a server
    // that accepts and never answers, it used to wait for the pass over the account first (most
    // of a minute at the default timeouts), then failed with only the listing's error, never
    // saying that the switch was on. Its status needs no broker at all.
    void killSwitchIsPulledWhileAlpacaDoesNotAnswer() {
        QTcpServer silent; // the kernel accepts; nothing ever answers
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort());
        const QString db = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("silent.db"));
        const QString ini = m_dir.filePath(QStringLiteral("fast-timeouts.ini"));
        {
            QFile f(ini);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("[endpoints]\ntimeout_ms=1000\n");
        }
        const auto run = [&](const char *what) {
            return test::runCli(
                QStringLiteral(CHAINGATE_CLI),
                QStringList{QStringLiteral("dispatch"), QStringLiteral("--kill-switch"),
                            QString::fromLatin1(what), QStringLiteral("--config"), ini} +
                    test::cliEndpoints(url, db),
                env());
        };
        const test::CliRun on = run("on");
        QCOMPARE(on.exitCode, 1);
        QVERIFY2(on.err.contains("Kill switch: on for every console on this database") &&
                     on.err.contains("open orders NOT all cancelled"),
                 on.err.constData());
        const test::CliRun status = run("status");
        QVERIFY2(status.exitCode == 0, status.err.constData());
        QVERIFY2(status.out.contains("Kill switch: on"), status.out.constData());
    }

    void gatesFailOnTheRerun() {
        const QString strict = m_dir.filePath(QStringLiteral("strict.ini"));
        QFile f(strict);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[gates]\nmax_spread_pct=0.01\n");
        f.close();
        const qsizetype ordersBefore = serverOrders().size();
        addSignal("SPY", SignalAction::Call);
        const test::CliRun killed = dispatchOnce(QStringLiteral("after_order_answer"));
        QVERIFY2(killed.killed, killed.err.right(300).constData());
        const QJsonArray before = serverOrders();
        QCOMPARE(before.size(), ordersBefore + 1);
        QString cidText;
        for (const QJsonValue &v : before) {
            const QString c = v.toObject().value(QStringLiteral("client_order_id")).toString();
            if (!recordedAsOrder(c.toStdString(), true))
                cidText = c;
        }
        QVERIFY2(!cidText.isEmpty(), "the killed run's order has no open record");
        const std::string cid = cidText.toStdString();

        const test::CliRun rerun = dispatchOnce({}, -1, {QStringLiteral("--config"), strict});
        QVERIFY2(!rerun.killed, rerun.err.constData());
        QCOMPARE(serverOrders().size(), ordersBefore + 1); // no second order
        QVERIFY2(recordedAsOrder(cid, true), ("order " + cid + " has no completed record").c_str());
    }

    void killedAtEachStep_data() {
        QTest::addColumn<QString>("step");
        for (const char *step : {"after_claim", "before_submit", "after_submit_sent",
                                 "after_order_answer", "after_record"})
            QTest::newRow(step) << QString::fromLatin1(step);
    }

    // The hook kills the run right after the step; the next run picks up where it died.
    void killedAtEachStep() {
        QFETCH(QString, step);
        addSignal("SPY", SignalAction::Buy);
        const test::CliRun r = dispatchOnce(step);
        QVERIFY2(r.killed, qPrintable(QStringLiteral("exit %1: %2")
                                          .arg(r.exitCode)
                                          .arg(QString::fromUtf8(r.err.right(300)))));
    }

    // Random moments across a whole run, orders in flight (the server answers 25 ms late): a
    // fixed seed so that a failure can be replayed, a different moment each round.
    void killedAtRandomMoments() {
        // A clean run finishes what the step kills left; a second one, for a single signal,
        // sets the time scale.
        const test::CliRun recovery = dispatchOnce();
        QVERIFY2(!recovery.killed && recovery.exitCode == 0, recovery.err.constData());
        addSignal("SPY", SignalAction::Buy);
        QElapsedTimer t;
        t.start();
        const test::CliRun clean = dispatchOnce();
        QVERIFY2(!clean.killed && clean.exitCode == 0, clean.err.constData());
        const int runMs = static_cast<int>(t.elapsed());
        QRandomGenerator random(20261126);
        int killed = 0;
        QStringList moments;
        for (int round = 0; round < 3; ++round) {
            addSignal(round % 3 == 0 ? "QQQ" : "SPY",
                      round % 3 == 0 ? SignalAction::Call : SignalAction::Buy);
            const int ms = runMs / 2 + static_cast<int>(random.bounded(runMs / 2));
            const test::CliRun r = dispatchOnce({}, ms);
            killed += r.killed;
            moments << QString::number(ms);
        }
        qInfo("clean run %d ms; %d of 3 runs killed at %s ms", runMs, killed,
              qPrintable(moments.join(QLatin1Char(','))));
    }

    // Clean runs finish the queue; then the books are checked.
    void nothingDuplicatedLostOrStuck() {
        for (int i = 0; i < 3; ++i) {
            const test::CliRun r = dispatchOnce();
            QVERIFY2(!r.killed, r.err.constData());
            auto signals = m_store.signals().list(1000);
            QVERIFY(signals.ok());
            bool open = false;
            for (const Signal &s : *signals)
                open =
                    open || s.status == SignalStatus::Pending || s.status == SignalStatus::Claimed;
            if (!open)
                break;
        }

        auto signals = m_store.signals().list(1000);
        QVERIFY(signals.ok());
        QCOMPARE(signals->size(), m_signals.size());
        ExecutionFilter all;
        all.limit = 0;
        auto rows = m_store.records().executions(all);
        QVERIFY(rows.ok());
        std::map<std::int64_t, int> rowsPerSignal;
        std::set<std::string> recordedOrders;
        int adopted = 0; // orders found on the server by client order id after a kill
        for (const ExecutionRecord &r : *rows) {
            adopted += QJsonDocument::fromJson(QByteArray::fromStdString(r.explainJson))
                           .object()
                           .value(QStringLiteral("adopted_existing_order"))
                           .toBool();
            if (r.signalId)
                ++rowsPerSignal[*r.signalId];
            if (!r.clientOrderId.empty() && r.mode != ExecutionMode::SimulatedFallback)
                recordedOrders.insert(r.clientOrderId);
        }
        for (const Signal &s : *signals) {
            QVERIFY2(s.status == SignalStatus::Done || s.status == SignalStatus::Failed,
                     qPrintable(QStringLiteral("signal %1 is %2 (%3)")
                                    .arg(s.id)
                                    .arg(QString::fromLatin1(toString(s.status)))
                                    .arg(QString::fromStdString(s.claimedBy))));
            QVERIFY2(rowsPerSignal[s.id] == 1,
                     qPrintable(QStringLiteral("signal %1 has %2 execution rows")
                                    .arg(s.id)
                                    .arg(rowsPerSignal[s.id])));
        }

        const QJsonArray orders = serverOrders();
        QVERIFY(!orders.isEmpty());
        std::set<std::string> seen;
        for (const QJsonValue &v : orders) {
            const std::string cid =
                v.toObject().value(QStringLiteral("client_order_id")).toString().toStdString();
            QVERIFY2(seen.insert(cid).second, ("two orders with client_order_id " + cid).c_str());
            QVERIFY2(recordedOrders.count(cid), ("order " + cid + " has no execution row").c_str());
        }
        qInfo("%zu signals, %zu execution rows, %zu orders on the server, %zu recorded as orders, "
              "%d of them adopted after a kill between the order and its record",
              signals->size(), rows->size(), seen.size(), recordedOrders.size(), adopted);
        // after_order_answer at least (after_submit_sent too, unless the 20 ms timer fired before
        // the request left): the case this test is about.
        QVERIFY(adopted >= 1);
    }
};

QTEST_GUILESS_MAIN(TestKill9)
#include "tst_kill9.moc"
