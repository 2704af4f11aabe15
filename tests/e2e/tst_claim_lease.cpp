// Claims are leases, proven with the real binaries: `chaingate-cli dispatch --once` is killed
// (SIGKILL, CHAINGATE_CRASH_AT=after_order_answer) with its order out at the fake server and not
// recorded. Its claim is made to look like a holder on another machine that has the same host
// name (so no pid check applies here). While that lease runs, the next run leaves the signal
// alone; once it expired the run releases it, takes it again, finds the order by its client order
// id and completes the killed run's record with it: one order at the broker, one record (with
// the order's id, which the killed run never learnt), the signal DONE.

#include "dispatch/claim_owner.h"
#include "dispatch/decision.h"
#include "storage/execution_store.h"
#include "support/cli_processes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace cg;

class TestClaimLease : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QProcess m_server;
    QString m_url;
    QString m_db;
    ExecutionStore m_store;

    QProcessEnvironment env(const QString &crashAt = {}) const {
        QProcessEnvironment e = test::cliEnvironment(m_dir.path());
        if (!crashAt.isEmpty())
            e.insert(QStringLiteral("CHAINGATE_CRASH_AT"), crashAt);
        return e;
    }

    // dispatch --once; true when it was killed (by the crash hook).
    bool dispatchOnce(const QString &crashAt = {}, QByteArray *err = nullptr) {
        const test::CliRun run =
            test::runCli(QStringLiteral(CHAINGATE_CLI),
                         QStringList{QStringLiteral("dispatch"), QStringLiteral("--once"),
                                     QStringLiteral("--wait"), QStringLiteral("0")} +
                             test::cliEndpoints(m_url, m_db),
                         env(crashAt));
        if (err)
            *err = run.err;
        return run.killed;
    }

    QJsonArray serverOrders() {
        const auto run = test::runCli(
            QStringLiteral(CHAINGATE_CLI),
            QStringList{QStringLiteral("orders"), QStringLiteral("--status"), QStringLiteral("all"),
                        QStringLiteral("--json"), QStringLiteral("--trading-url"), m_url,
                        QStringLiteral("--data-url"), m_url},
            env());
        return QJsonDocument::fromJson(run.out).array();
    }

    Signal signalById(std::int64_t id) {
        const auto all = m_store.signals().list(100);
        for (const Signal &s : all.value())
            if (s.id == id)
                return s;
        return {};
    }

    bool exec(const QString &statement) {
        QSqlQuery q(m_store.database());
        if (q.exec(statement))
            return true;
        qWarning().noquote() << q.lastError().text();
        return false;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_db = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("lease.db"));
        auto opened = m_store.open(m_db);
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
        QString error;
        m_url = test::startDemoServer(m_server, QStringLiteral(CHAINGATE_CLI), m_dir.path(), {},
                                      &error);
        QVERIFY2(!m_url.isEmpty(), qPrintable(error));
    }

    void cleanupTestCase() { test::stopProcess(m_server); }

    void expiredLeaseIsRetakenAndItsOrderAdopted() {
        Signal s;
        s.symbol = "SPY";
        s.action = SignalAction::Buy;
        s.source = "lease-test";
        const std::int64_t id = m_store.signals().enqueue(s).value();

        QByteArray err;
        QVERIFY2(dispatchOnce(QStringLiteral("after_order_answer"), &err), err.right(300));
        const QJsonArray orders = serverOrders();
        QCOMPARE(orders.size(), 1);
        const QString cid =
            orders.first().toObject().value(QStringLiteral("client_order_id")).toString();
        QVERIFY(!cid.isEmpty());
        QVERIFY(signalById(id).status == SignalStatus::Claimed);

        // The holder becomes a process on another machine with this host's name, its lease
        // still running.
        std::string instance = QString::fromStdString(dispatcherIdForThisProcess("x"))
                                   .split(QLatin1Char('/'))
                                   .at(3)
                                   .toStdString();
        instance[0] = instance[0] == 'f' ? '0' : 'f';
        const QString twin = QSysInfo::machineHostName() + QStringLiteral("/chaingate-cli/1234/") +
                             QString::fromStdString(instance);
        QVERIFY(!claimHolderIsDead(twin.toStdString()));
        QVERIFY(exec(QStringLiteral("UPDATE dispatch_recommendations SET claimed_by = '%1', "
                                    "lease_expires_at = '2999-01-01T00:00:00.000Z' WHERE id = %2")
                         .arg(twin)
                         .arg(id)));

        QVERIFY2(!dispatchOnce({}, &err), err.right(300));
        QVERIFY(signalById(id).status == SignalStatus::Claimed); // the lease runs: left alone
        QCOMPARE(signalById(id).claimedBy, twin.toStdString());
        QCOMPARE(serverOrders().size(), 1);

        // Its heartbeat stopped: the lease expires.
        QVERIFY(exec(QStringLiteral("UPDATE dispatch_recommendations SET lease_expires_at = "
                                    "'2000-01-01T00:00:00.000Z' WHERE id = %1")
                         .arg(id)));
        QVERIFY2(!dispatchOnce({}, &err), err.right(300));
        QVERIFY(signalById(id).status == SignalStatus::Done);
        QCOMPARE(serverOrders().size(), 1); // no second order: the client order id found it

        ExecutionFilter f;
        f.signalId = id;
        f.limit = 0;
        const auto rows = m_store.records().executions(f).value();
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(rows.front().clientOrderId), cid);
        QVERIFY(rows.front().mode != ExecutionMode::SimulatedFallback);
        QVERIFY(rows.front().orderStatus != cg::kSendingStatus);
        // The killed run never learnt the order's id: the retaker found it by client order id.
        QCOMPARE(QString::fromStdString(rows.front().orderId),
                 orders.first().toObject().value(QStringLiteral("id")).toString());
    }
};

QTEST_GUILESS_MAIN(TestClaimLease)
#include "tst_claim_lease.moc"
