// `chaingate-cli dispatch --every N` as the systemd service runs it, against a demo-server
// process, on one SQLite file: SIGTERM in the middle of an order (CHAINGATE_TERM_AT: the order is
// on the wire, its answer not back) lets the order finish and be recorded, then exits 0; SIGHUP
// re-reads --config; `chaingate-cli status` shows what the service is doing; under systemd
// (JOURNAL_STREAM) the log lines carry a syslog priority and no timestamp.

#include "dispatch/decision.h"
#include "storage/execution_store.h"
#include "support/cli_processes.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <sys/types.h>

using namespace cg;

class TestDispatchService : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_server;
    QString m_url;
    QString m_db;
    ExecutionStore m_store;

    QProcessEnvironment env() const { return test::cliEnvironment(m_dir.path()); }

    QStringList endpoints() const { return test::cliEndpoints(m_url, m_db); }

    std::int64_t addSignal() {
        Signal s;
        s.symbol = "SPY";
        s.action = SignalAction::Buy;
        s.source = "service-test";
        s.createdAt = std::chrono::time_point_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now());
        auto id = m_store.signals().enqueue(s);
        return id ? *id : -1;
    }

    QJsonObject status() {
        const auto run = test::runCli(
            QStringLiteral(CHAINGATE_CLI),
            QStringList{QStringLiteral("status"), QStringLiteral("--json")} + endpoints(), env());
        return QJsonDocument::fromJson(run.out).object();
    }

    // The service entry of process `pid` in `chaingate-cli status --json`.
    QJsonObject serviceOf(qint64 pid) {
        const QJsonArray services = status().value(QStringLiteral("services")).toArray();
        for (const QJsonValue &v : services) {
            if (v.toObject().value(QStringLiteral("pid")).toInteger() == pid)
                return v.toObject();
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_db = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("service.db"));
        auto opened = m_store.open(m_db);
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
        // Late answers: a SIGTERM 20 ms after the order left lands before its answer.
        QString error;
        m_url = test::startDemoServer(m_server, QStringLiteral(CHAINGATE_CLI), m_dir.path(),
                                      {QStringLiteral("--faults"), QStringLiteral("latency=300ms")},
                                      &error);
        QVERIFY2(!m_url.isEmpty(), qPrintable(error));
    }

    void cleanupTestCase() { test::stopProcess(m_server); }

    // SIGTERM with the order on the wire: the service waits for its answer, records it, finishes
    // the signal, says so in the journal's format, and exits 0.
    void sigtermMidOrderRecordsTheOrderAndExitsZero() {
        const std::int64_t signalId = addSignal();
        QVERIFY(signalId > 0);
        QProcess p;
        QProcessEnvironment e = env();
        e.insert(QStringLiteral("CHAINGATE_TERM_AT"), QStringLiteral("after_submit_sent"));
        e.insert(QStringLiteral("JOURNAL_STREAM"), QStringLiteral("8:12345"));
        p.setProcessEnvironment(e);
        p.start(QStringLiteral(CHAINGATE_CLI),
                QStringList{QStringLiteral("dispatch"), QStringLiteral("--every"),
                            QStringLiteral("3600"), QStringLiteral("--wait"), QStringLiteral("2")} +
                    endpoints());
        QVERIFY(p.waitForStarted(10000));
        const qint64 pid = p.processId();
        test::finishProcess(p);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 0, qPrintable(err.right(600)));

        // The order's record is complete (the broker's answer in it), the signal DONE.
        ExecutionFilter f;
        f.signalId = signalId;
        f.limit = 5;
        auto rows = m_store.records().executions(f);
        QVERIFY(rows);
        QCOMPARE(rows->size(), size_t(1));
        const ExecutionRecord &r = rows->front();
        QVERIFY(!r.clientOrderId.empty());
        QVERIFY2(!r.orderId.empty(), "the order id from the broker's answer is recorded");
        QVERIFY2(r.orderStatus != cg::kSendingStatus, r.orderStatus.c_str());
        auto signalList = m_store.signals().list(50);
        QVERIFY(signalList);
        bool done = false;
        for (const Signal &s : *signalList)
            done = done || (s.id == signalId && s.status == SignalStatus::Done);
        QVERIFY(done);

        // The journal's format: "<priority>category: message", no timestamp.
        QVERIFY2(err.contains(QLatin1String("SIGTERM received: finishing the signal in flight")),
                 qPrintable(err.right(600)));
        const QStringList lines = err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        static const QRegularExpression journalLine(QStringLiteral("^<[0-7]>\\S"));
        static const QRegularExpression timeOfDay(QStringLiteral("\\b\\d\\d:\\d\\d:\\d\\d\\b"));
        for (const QString &line : lines) {
            QVERIFY2(journalLine.match(line).hasMatch(), qPrintable(line));
            if (line.contains(QLatin1String("chaingate.service")))
                QVERIFY2(!timeOfDay.match(line).hasMatch(), qPrintable(line));
        }

        // status: this run, stopped, its last cycle with the order.
        const QJsonObject s = serviceOf(pid);
        QVERIFY2(!s.isEmpty(), "status lists the service");
        QCOMPARE(s.value(QStringLiteral("state")).toString(), QStringLiteral("stopped"));
        QCOMPARE(s.value(QStringLiteral("process")).toString(), QStringLiteral("stopped"));
        QCOMPARE(s.value(QStringLiteral("last_cycle"))
                     .toObject()
                     .value(QStringLiteral("dispatched"))
                     .toInt(),
                 1);
    }

    // `dispatch --signal` is one decision, now: when the account cannot be checked nothing is sent
    // and the signal ends FAILED with the reason. Left PENDING, the next `--once`, `--every` or
    // window in Auto placed it later at that moment's price, one order for every retry.
    void aSignalRunThatDecidesNothingLeavesNothingPending() {
        QProcess faulty;
        QString error;
        const QString url = test::startDemoServer(
            faulty, QStringLiteral(CHAINGATE_CLI), m_dir.filePath(QStringLiteral("faulty")),
            {QStringLiteral("--faults"),
             QStringLiteral("500s=100000,on=/v2/orders:by_client_order_id")},
            &error);
        QVERIFY2(!url.isEmpty(), qPrintable(error));
        const auto run = test::runCli(
            QStringLiteral(CHAINGATE_CLI),
            QStringList{QStringLiteral("dispatch"), QStringLiteral("--signal"),
                        QStringLiteral("SPY:BUY"), QStringLiteral("--wait"), QStringLiteral("0")} +
                test::cliEndpoints(url, m_db),
            env());
        test::stopProcess(faulty);
        QCOMPARE(run.exitCode, 1);
        const QString err = QString::fromUtf8(run.err);
        QVERIFY2(err.contains(QLatin1String("nothing sent")), qPrintable(err.right(600)));
        auto signalList = m_store.signals().list(50);
        QVERIFY(signalList);
        for (const Signal &s : *signalList)
            QVERIFY2(s.status != SignalStatus::Pending, qPrintable(QString::number(s.id)));
        const auto newest =
            std::max_element(signalList->begin(), signalList->end(),
                             [](const Signal &a, const Signal &b) { return a.id < b.id; });
        QVERIFY(newest != signalList->end());
        QVERIFY(newest->status == SignalStatus::Failed);
        QVERIFY(newest->error.find("nothing sent") != std::string::npos);
    }

    // --every's lines carry the whole cycle: a signal put back because the account could not be
    // checked is counted as deferred (every line said 0), and the decision says it was undecided
    // rather than a simulated fallback.
    void everyCountsTheDeferred() {
        QProcess faulty;
        QString error;
        const QString url = test::startDemoServer(
            faulty, QStringLiteral(CHAINGATE_CLI), m_dir.filePath(QStringLiteral("faulty-every")),
            {QStringLiteral("--faults"),
             QStringLiteral("500s=100000,on=/v2/orders:by_client_order_id")},
            &error);
        QVERIFY2(!url.isEmpty(), qPrintable(error));
        const QString db = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("every.db"));
        ExecutionStore store;
        QVERIFY(store.open(db).ok());
        Signal sig;
        sig.symbol = "SPY";
        sig.action = SignalAction::Buy;
        sig.source = "service-test";
        // A fixed instant: the run defers it before anything reads its age.
        sig.createdAt =
            std::chrono::sys_days{std::chrono::year{2026} / 12 / 3} + std::chrono::hours{15};
        QVERIFY(store.signals().enqueue(sig).ok());
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(QStringLiteral(CHAINGATE_CLI),
                QStringList{QStringLiteral("dispatch"), QStringLiteral("--every"),
                            QStringLiteral("3600"), QStringLiteral("--json")} +
                    test::cliEndpoints(url, db));
        QVERIFY(p.waitForStarted(10000));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).contains('\n'), 60000);
        ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
        test::finishProcess(p);
        test::stopProcess(faulty);
        const QJsonObject line = QJsonDocument::fromJson(out.left(out.indexOf('\n'))).object();
        QCOMPARE(line.value(QStringLiteral("deferred")).toInt(), 1);
        QCOMPARE(line.value(QStringLiteral("dispatched")).toInt(), 0);
        const QJsonArray decisions = line.value(QStringLiteral("decisions")).toArray();
        QVERIFY2(!decisions.isEmpty(), out.constData());
        QVERIFY(decisions.first().toObject().value(QStringLiteral("undecided")).toBool());
    }

    // A dry run writes nothing: an earlier order whose record is not settled stays as recorded
    // (the dry run followed it, recorded its fill and waited for it), and no order is adopted.
    void aDryRunWritesNothing() {
        const QString db = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("dry.db"));
        const auto placed = test::runCli(
            QStringLiteral(CHAINGATE_CLI),
            QStringList{QStringLiteral("dispatch"), QStringLiteral("--signal"),
                        QStringLiteral("SPY:BUY"), QStringLiteral("--wait"), QStringLiteral("0")} +
                test::cliEndpoints(m_url, db),
            env());
        QVERIFY2(placed.exitCode == 0, placed.err.constData());
        ExecutionStore store;
        QVERIFY(store.open(db).ok());
        const auto statusOf = [&store] {
            auto rows = store.records().executions({});
            return rows && !rows->empty() ? rows->front().orderStatus : std::string("none");
        };
        const std::string before = statusOf();
        QVERIFY2(before != "filled", before.c_str()); // not settled yet: --wait 0
        QTest::qWait(1500);                           // the fake fills it meanwhile
        const auto dry =
            test::runCli(QStringLiteral(CHAINGATE_CLI),
                         QStringList{QStringLiteral("dispatch"), QStringLiteral("--signal"),
                                     QStringLiteral("SPY:BUY"), QStringLiteral("--dry-run")} +
                             test::cliEndpoints(m_url, db),
                         env());
        QVERIFY2(dry.exitCode == 0, dry.err.constData());
        QCOMPARE(statusOf(), before);
        auto rows = store.records().executions({});
        QVERIFY(rows);
        QCOMPARE(rows->size(), std::size_t(1));
    }

    // An operator whose shell lacks the service's keys can still stop the dispatchers: the
    // switch is pulled in the database, and the output says the orders were not cancelled.
    void theKillSwitchIsPulledWithoutAnAlpacaSession() {
        const QString db =
            QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("no-session.db"));
        const QStringList remote{
            QStringLiteral("--trading-url"), QStringLiteral("https://broker.example.com"),
            QStringLiteral("--data-url"),    QStringLiteral("https://data.example.com"),
            QStringLiteral("--db"),          db};
        const auto on =
            test::runCli(QStringLiteral(CHAINGATE_CLI),
                         QStringList{QStringLiteral("dispatch"), QStringLiteral("--kill-switch"),
                                     QStringLiteral("on")} +
                             remote,
                         env());
        QCOMPARE(on.exitCode, 1);
        const QString err = QString::fromUtf8(on.err);
        QVERIFY2(err.contains(QLatin1String("Kill switch: on")) &&
                     err.contains(QLatin1String("NOT cancelled")),
                 qPrintable(err));
        const auto status =
            test::runCli(QStringLiteral(CHAINGATE_CLI),
                         QStringList{QStringLiteral("dispatch"), QStringLiteral("--kill-switch"),
                                     QStringLiteral("status"), QStringLiteral("--json")} +
                             remote,
                         env());
        QCOMPARE(status.exitCode, 0);
        const QJsonObject said = QJsonDocument::fromJson(status.out).object();
        QVERIFY2(said.value(QStringLiteral("kill_switch")).toBool(), status.out.constData());
        // Why, as the JSON with a session says it (the key was missing here).
        QVERIFY2(said.value(QStringLiteral("reason"))
                     .toString()
                     .startsWith(QLatin1String("engaged from chaingate-cli (no Alpaca session")),
                 status.out.constData());
        // And the dispatchers on that book see it (DEMO, a session this time).
        const auto signal =
            test::runCli(QStringLiteral(CHAINGATE_CLI),
                         QStringList{QStringLiteral("dispatch"), QStringLiteral("--signal"),
                                     QStringLiteral("SPY:CALL")} +
                             test::cliEndpoints(m_url, db),
                         env());
        const QByteArray text = (signal.out + signal.err).toLower();
        QVERIFY2(text.contains("kill switch"), text.constData());
    }

    // A database away at the start: the service says so (not "the kill switch is on", which sent
    // the operator to release a switch nobody pulled) and exits 75, which systemd restarts on.
    void aDatabaseAwayAtTheStartIsNamedAndWorthARestart() {
        const auto run =
            test::runCli(QStringLiteral(CHAINGATE_CLI),
                         QStringList{QStringLiteral("dispatch"), QStringLiteral("--every"),
                                     QStringLiteral("60"), QStringLiteral("--trading-url"), m_url,
                                     QStringLiteral("--data-url"), m_url, QStringLiteral("--db"),
                                     QStringLiteral("postgresql://trader@127.0.0.1:1/book")},
                         env());
        QCOMPARE(run.exitCode, 75);
        const QString err = QString::fromUtf8(run.err);
        QVERIFY2(err.contains(QLatin1String("the database cannot be read")) &&
                     err.contains(QLatin1String("unreachable")),
                 qPrintable(err));
        // --once (a timer's or cron's run) says the same.
        const auto once =
            test::runCli(QStringLiteral(CHAINGATE_CLI),
                         QStringList{QStringLiteral("dispatch"), QStringLiteral("--once"),
                                     QStringLiteral("--trading-url"), m_url,
                                     QStringLiteral("--data-url"), m_url, QStringLiteral("--db"),
                                     QStringLiteral("postgresql://trader@127.0.0.1:1/book")},
                         env());
        QCOMPARE(once.exitCode, 75);
        QVERIFY2(once.err.contains("the database cannot be read"), once.err.constData());
    }

    // SIGHUP re-reads --config (status shows the new limit), a broken file keeps the settings
    // running; status reports the service running with its pending signals and kill switch.
    void sighupRereadsTheSettingsAndStatusShowsTheService() {
        const QString ini = m_dir.filePath(QStringLiteral("service.ini"));
        const auto writeIni = [&ini](const QByteArray &text) {
            QFile f(ini);
            return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) > 0;
        };
        QVERIFY(writeIni("[risk]\nmax_orders_per_day=5\n"));
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(QStringLiteral(CHAINGATE_CLI),
                QStringList{QStringLiteral("dispatch"), QStringLiteral("--every"),
                            QStringLiteral("3600"), QStringLiteral("--config"), ini} +
                    endpoints());
        QVERIFY(p.waitForStarted(10000));
        const qint64 pid = p.processId();
        // Running, one cycle done (nothing pending), the file's limit in force.
        QTRY_VERIFY_WITH_TIMEOUT(serviceOf(pid).value(QStringLiteral("cycles")).toInt() >= 1,
                                 60000);
        QJsonObject s = serviceOf(pid);
        QCOMPARE(s.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        QCOMPARE(s.value(QStringLiteral("process")).toString(), QStringLiteral("alive"));
        QCOMPARE(s.value(QStringLiteral("max_orders_per_day")).toInt(), 5);
        QCOMPARE(s.value(QStringLiteral("settings_file")).toString(), ini);

        // Two signals wait (the timer's next run is an hour away): status counts them.
        QVERIFY(addSignal() > 0);
        QVERIFY(addSignal() > 0);
        const QJsonObject all = status();
        QCOMPARE(all.value(QStringLiteral("pending_signals")).toInt(), 2);
        QCOMPARE(all.value(QStringLiteral("kill_switch"))
                     .toObject()
                     .value(QStringLiteral("engaged"))
                     .toBool(),
                 false);
        QVERIFY(all.contains(QStringLiteral("orders_in_flight")));

        QVERIFY(writeIni("[risk]\nmax_orders_per_day=7\n"));
        QVERIFY(::kill(static_cast<pid_t>(pid), SIGHUP) == 0);
        QTRY_COMPARE_WITH_TIMEOUT(
            serviceOf(pid).value(QStringLiteral("max_orders_per_day")).toInt(), 7, 60000);
        // A file that no longer loads: the running settings stay, the reason is shown.
        QVERIFY(writeIni("[risk]\nmax_orders_per_day=-3\n"));
        QVERIFY(::kill(static_cast<pid_t>(pid), SIGHUP) == 0);
        QTRY_VERIFY_WITH_TIMEOUT(serviceOf(pid).contains(QStringLiteral("settings_error")), 60000);
        QCOMPARE(serviceOf(pid).value(QStringLiteral("max_orders_per_day")).toInt(), 7);
        QCOMPARE(p.state(), QProcess::Running);

        // The human form names the service and its last cycle.
        QProcess text;
        text.setProcessEnvironment(env());
        text.start(QStringLiteral(CHAINGATE_CLI),
                   QStringList{QStringLiteral("status")} + endpoints());
        test::finishProcess(text);
        const QString out = QString::fromUtf8(text.readAllStandardOutput());
        QVERIFY2(out.contains(QLatin1String("pending signals: 2")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("kill switch: off")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("last cycle: ")), qPrintable(out));

        // Idle SIGTERM: exits 0 at once, leaving the signals for the next run.
        QVERIFY(::kill(static_cast<pid_t>(pid), SIGTERM) == 0);
        test::finishProcess(p);
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        QCOMPARE(status().value(QStringLiteral("pending_signals")).toInt(), 2);
    }
};

QTEST_GUILESS_MAIN(TestDispatchService)
#include "tst_dispatch_service.moc"
