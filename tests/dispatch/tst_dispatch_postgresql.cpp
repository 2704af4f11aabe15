// The dispatcher on PostgreSQL: the seed's verification query runs unchanged on what it records,
// the kill switch survives a restart, and two consoles sharing one book never execute a signal
// twice.

#include "dispatch/auto_dispatcher.h"
#include "dispatch_fixture.h"
#include "support/pg_fixture.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <set>

using namespace cg;
using namespace cg::test;

class TestDispatchPostgres : public QObject {
    Q_OBJECT

    PgFixture pg;

    QString newDatabase() {
        QString err;
        const QString url = pg.createDatabase(&err);
        if (url.isEmpty())
            qFatal("createDatabase: %s", qPrintable(err));
        return url;
    }

private Q_SLOTS:
    void initTestCase() {
        if (PgFixture::binDir().isEmpty()) {
            if (PgFixture::skipRequested())
                QSKIP("CHAINGATE_SKIP_PG=1");
            QFAIL(qPrintable(PgFixture::missingMessage()));
        }
        const QString err = pg.start();
        QVERIFY2(err.isEmpty(), qPrintable(err));
    }

    void seedVerificationQueryRunsUnchanged() {
        const QString url = newDatabase();
        DispatchFixture f(url);
        QVERIFY(f.dispatch(f.addSignal("SPY", SignalAction::Call)).placesOrder());
        f.md.contracts.clear();
        QVERIFY(!f.dispatch(f.addSignal("SPY", SignalAction::Put)).placesOrder());

        const QUrl u(url);
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("seed"));
        db.setHostName(u.host());
        db.setPort(u.port());
        db.setUserName(u.userName());
        db.setPassword(u.password(QUrl::FullyDecoded));
        db.setDatabaseName(u.path().mid(1));
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        {
            QSqlQuery q(db);
            // The seed's query, verbatim.
            QVERIFY2(q.exec(QStringLiteral(
                         "SELECT \n  ticker,\n  action,\n  instrument_type,\n  execution_mode,\n"
                         "  explain_json->>'alpaca_order_id' as order_id,\n"
                         "  explain_json->>'api_bid' as bid,\n"
                         "  explain_json->>'api_ask' as ask,\n  delta,\n  theta,\n"
                         "  option_symbol,\n  created_at\nFROM dispatcher_execution \n"
                         "ORDER BY created_at DESC \nLIMIT 5;")),
                     qPrintable(q.lastError().text()));
            int rows = 0;
            bool sawOrder = false;
            while (q.next()) {
                ++rows;
                if (q.value(3).toString() == QLatin1String("ALPACA_PAPER")) {
                    sawOrder = true;
                    QCOMPARE(q.value(4).toString(), QStringLiteral("ord-1"));
                    QVERIFY(q.value(5).toDouble() > 0);
                    QVERIFY(q.value(6).toDouble() > q.value(5).toDouble());
                    QVERIFY(!q.value(7).isNull());
                    QVERIFY(!q.value(8).isNull());
                    QCOMPARE(q.value(9).toString(), QStringLiteral("SPY260130C00709000"));
                }
            }
            QCOMPARE(rows, 2);
            QVERIFY(sawOrder);
            QVERIFY(q.exec(QStringLiteral(
                "SELECT execution_mode, explain_json->>'fallback_reason' FROM dispatcher_execution "
                "WHERE execution_mode = 'SIMULATED_FALLBACK'")));
            QVERIFY(q.next());
            QVERIFY(
                q.value(1).toString().startsWith(QStringLiteral("No suitable option contract")));
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("seed"));
    }

    void killSwitchSurvivesRestart() {
        const QString url = newDatabase();
        {
            DispatchFixture f(url);
            f.dispatcher->start();
            f.dispatcher->killSwitch().engage("pg test");
        }
        DispatchFixture g(url);
        g.dispatcher->start();
        QVERIFY(g.dispatcher->killSwitch().engaged());
        QVERIFY(!g.dispatch(g.addSignal("SPY", SignalAction::Call)).placesOrder());
        QVERIFY(g.broker.submitted.empty());
    }

    void killSwitchFromAnotherConsoleStopsTheTimer() {
        const QString url = newDatabase();
        DispatchFixture a(url);
        DispatchFixture b(url);
        a.dispatcher->start();
        b.dispatcher->start();
        AutoDispatcher timer(*a.dispatcher, "console-a");
        timer.setInterval(std::chrono::milliseconds(20));
        QVERIFY(timer.start());
        b.dispatcher->killSwitch().engage("from console b");
        QVERIFY(waitFor([&] { return !timer.isActive(); }));
        QVERIFY(a.dispatcher->killSwitch().engaged());
        a.addSignal("SPY", SignalAction::Call);
        QVERIFY(!timer.runOnce());
        QVERIFY(a.broker.submitted.empty());
    }

    // LISTEN/NOTIFY: a console in Auto with an hour-long timer dispatches a row an outside
    // engine INSERTs (plain SQL, the table's defaults) without waiting for the tick, and stops
    // when another console pulls the kill switch.
    void outsideInsertIsDispatchedWithoutTheTimer() {
        const QString url = newDatabase();
        DispatchFixture a(url);
        DispatchFixture b(url);
        a.dispatcher->start();
        b.dispatcher->start();
        AutoDispatcher timer(*a.dispatcher, "console-a");
        timer.setInterval(std::chrono::hours(1));
        QVERIFY(timer.start());
        QVERIFY(waitFor([&] { return timer.isListening() && !timer.isRunning(); }));
        QVERIFY(a.broker.submitted.empty());

        const QUrl u(url);
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("engine"));
        db.setHostName(u.host());
        db.setPort(u.port());
        db.setUserName(u.userName());
        db.setPassword(u.password(QUrl::FullyDecoded));
        db.setDatabaseName(u.path().mid(1));
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        {
            QSqlQuery q(db);
            QVERIFY2(q.exec(QStringLiteral("INSERT INTO dispatch_recommendations "
                                           "(symbol, action, strategy) "
                                           "VALUES ('SPY', 'CALL', 'day_trade')")),
                     qPrintable(q.lastError().text()));
        }
        QVERIFY(waitFor([&] { return a.broker.submitted.size() == 1; }));
        QVERIFY(waitFor([&] { return !timer.isRunning(); }));
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT status FROM dispatch_recommendations")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("DONE"));
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("engine"));

        b.dispatcher->killSwitch().engage("from console b");
        QVERIFY(waitFor([&] { return !timer.isActive(); }));
        QVERIFY(a.dispatcher->killSwitch().engaged());
    }

    void twoConsolesNeverExecuteASignalTwice() {
        const QString url = newDatabase();
        DispatchFixture a(url);
        DispatchFixture b(url);
        // One broker account behind both consoles.
        b.dispatcher = std::make_unique<Dispatcher>(a.broker, b.md, b.store, b.clock,
                                                    ExecutionMode::AlpacaPaper);
        DispatcherSettings s;
        s.risk.maxOrdersPerDay = 0;
        a.dispatcher->setSettings(s);
        b.dispatcher->setSettings(s);
        a.dispatcher->start();
        b.dispatcher->start();
        std::set<std::int64_t> ids;
        for (int i = 0; i < 12; ++i)
            ids.insert(a.addSignal("SPY", i % 2 ? SignalAction::Put : SignalAction::Call).id);
        AutoDispatcher one(*a.dispatcher, "console-a");
        AutoDispatcher two(*b.dispatcher, "console-b");
        int finished = 0;
        RunSummary ra, rb;
        QVERIFY(one.runOnce([&](RunSummary r) {
            ra = r;
            ++finished;
        }));
        QVERIFY(two.runOnce([&](RunSummary r) {
            rb = r;
            ++finished;
        }));
        QVERIFY(waitFor([&] { return finished == 2; }, 30000));
        QCOMPARE(ra.dispatched + rb.dispatched, 12);
        QCOMPARE(a.broker.book.size(), size_t(12));
        std::set<std::string> cids;
        for (const Order &o : a.broker.book)
            cids.insert(o.clientOrderId);
        QCOMPARE(cids.size(), size_t(12));
        QCOMPARE(a.records().size(), size_t(12));
    }
};

QTEST_GUILESS_MAIN(TestDispatchPostgres)
#include "tst_dispatch_postgresql.moc"
