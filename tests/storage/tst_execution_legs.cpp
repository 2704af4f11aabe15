// The legs of a multi-leg execution (execution_leg, schema version 6) on SQLite and on a real
// PostgreSQL (CG_TEST_DATABASE=postgresql): written with the execution, read back in leg order,
// replaced whole by a repeated write, fills updated per leg, and the seed's verification query
// still one row per execution.

#include "storage/execution_legs.h"
#include "storage/execution_store.h"
#include "support/pg_fixture.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace cg;

namespace {

const Timestamp kBase = Timestamp{std::chrono::milliseconds{1767364200000}}; // 2026-01-02 14:30Z

// An iron condor's execution: one dispatcher_execution row, four legs.
ExecutionRecord condor(const std::string &uid) {
    ExecutionRecord r;
    r.executionUid = uid;
    r.ticker = "SPY";
    r.action = "NEUTRAL";
    r.instrumentType = "OPTION";
    r.mode = ExecutionMode::Demo;
    r.strategy = "iron_condor";
    r.qty = 2;
    r.limitPrice = -1.25;
    r.clientOrderId = "coid-" + uid;
    r.orderId = "order-" + uid;
    r.explainJson = R"({"alpaca_order_id": "order-)" + uid +
                    R"(", "strategy": {"template": "iron_condor", "max_loss": 3.75}})";
    r.createdAt = kBase;
    return r;
}

std::vector<ExecutionLegRecord> condorLegs() {
    std::vector<ExecutionLegRecord> legs;
    const struct {
        const char *symbol, *type, *side, *intent;
        double strike, bid, ask, delta;
    } rows[] = {
        {"SPY260206P00660000", "put", "buy", "buy_to_open", 660, 1.10, 1.14, -0.10},
        {"SPY260206P00665000", "put", "sell", "sell_to_open", 665, 1.60, 1.64, -0.16},
        {"SPY260206C00725000", "call", "sell", "sell_to_open", 725, 1.50, 1.54, 0.16},
        {"SPY260206C00730000", "call", "buy", "buy_to_open", 730, 0.95, 0.99, 0.10},
    };
    int i = 0;
    for (const auto &r : rows) {
        ExecutionLegRecord l;
        l.legIndex = i++;
        l.optionSymbol = r.symbol;
        l.optionType = r.type;
        l.strike = r.strike;
        l.expiry = "2026-02-06";
        l.side = r.side;
        l.positionIntent = r.intent;
        l.bid = r.bid;
        l.ask = r.ask;
        l.mid = (r.bid + r.ask) / 2;
        l.delta = r.delta;
        l.iv = 0.18;
        legs.push_back(l);
    }
    return legs;
}

} // namespace

class TestExecutionLegs : public QObject {
    Q_OBJECT

    bool pg() const { return test::onPostgreSQL(); }
    QString freshUrl() {
        ++m_count;
        if (!pg())
            return QStringLiteral("sqlite:") +
                   m_tmp.filePath(QStringLiteral("legs_%1.db").arg(m_count));
        QString err;
        const QString url = m_fixture.createDatabase(&err);
        if (url.isEmpty())
            qWarning().noquote() << err;
        return url;
    }
    bool openFresh(ExecutionStore &store) {
        store.setOutboxPath(m_tmp.filePath(QStringLiteral("outbox_%1.db").arg(++m_count)));
        auto r = store.open(freshUrl());
        if (!r)
            qWarning().noquote() << QString::fromStdString(r.error().message);
        return r.ok();
    }

    cg::test::PgFixture m_fixture;
    QTemporaryDir m_tmp;
    int m_count = 0;

private Q_SLOTS:
    void initTestCase() {
        QLoggingCategory::setFilterRules(QStringLiteral("chaingate.storage.info=false"));
        QVERIFY(m_tmp.isValid());
        if (pg()) {
            CG_REQUIRE_POSTGRESQL();
            const QString err = m_fixture.start();
            QVERIFY2(err.isEmpty(), qPrintable(err));
        }
    }
    void cleanupTestCase() { m_fixture.shutdown(); }

    void legsRoundTripInOrder() {
        ExecutionStore store;
        QVERIFY(openFresh(store));
        QVERIFY(store.schemaVersion() >= 6); // execution_leg arrived in version 6
        QVERIFY(store.records().recordExecution(condor("ic-1")).ok());
        ExecutionLegs legs(store);
        const auto written = condorLegs();
        auto ok = legs.recordLegs("ic-1", written);
        QVERIFY2(ok.ok(), ok.ok() ? "" : ok.error().message.c_str());
        auto read = legs.legs("ic-1");
        QVERIFY(read.ok());
        QCOMPARE(read->size(), std::size_t(4));
        QVERIFY(*read == written);
        QVERIFY(legs.legs("no-such")->empty());

        // A repeated write (an outbox replay) replaces, never doubles.
        auto again = written;
        again[1].fillPrice = 1.61;
        QVERIFY(legs.recordLegs("ic-1", again).ok());
        read = legs.legs("ic-1");
        QCOMPARE(read->size(), std::size_t(4));
        QCOMPARE(read->at(1).fillPrice.value_or(0), 1.61);

        QVERIFY(legs.updateLegFill("ic-1", "SPY260206C00730000", 0.97).ok());
        QCOMPARE(legs.legs("ic-1")->at(3).fillPrice.value_or(0), 0.97);
    }

    void refusesALegWithoutItsExecutionOrBadValues() {
        ExecutionStore store;
        QVERIFY(openFresh(store));
        QVERIFY(store.records().recordExecution(condor("ic-2")).ok());
        ExecutionLegs legs(store);
        auto bad = condorLegs();
        bad[2].ratioQty = 0; // CHECK (ratio_qty >= 1)
        QVERIFY(!legs.recordLegs("ic-2", bad).ok());
        QVERIFY(legs.legs("ic-2")->empty()); // nothing half-written
        bad = condorLegs();
        bad[0].side = "hold";
        QVERIFY(!legs.recordLegs("ic-2", bad).ok());
        QVERIFY(legs.recordLegs("ic-2", condorLegs()).ok());
    }

    // The seed's verification query: one row per execution however many legs each has.
    void seedQueryStillOneRowPerExecution() {
        ExecutionStore store;
        QVERIFY(openFresh(store));
        ExecutionLegs legs(store);
        for (const char *uid : {"ic-a", "ic-b"}) {
            QVERIFY(store.records().recordExecution(condor(uid)).ok());
            QVERIFY(legs.recordLegs(uid, condorLegs()).ok());
        }
        QSqlQuery q(store.database());
        const QString seed =
            pg() ? QStringLiteral("SELECT ticker, action, instrument_type, execution_mode, "
                                  "explain_json->>'alpaca_order_id' as order_id, delta, "
                                  "theta, option_symbol, created_at FROM "
                                  "dispatcher_execution ORDER BY created_at DESC LIMIT 5")
                 : QStringLiteral("SELECT ticker, action, instrument_type, execution_mode, "
                                  "json_extract(explain_json, '$.alpaca_order_id') as "
                                  "order_id, delta, theta, option_symbol, created_at FROM "
                                  "dispatcher_execution ORDER BY created_at DESC LIMIT 5");
        QVERIFY2(q.exec(seed), qPrintable(q.lastError().text()));
        int rows = 0;
        while (q.next()) {
            ++rows;
            QVERIFY(q.value(4).toString().startsWith(QLatin1String("order-ic-")));
        }
        QCOMPARE(rows, 2);
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM execution_leg")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 8);
    }
};

QTEST_GUILESS_MAIN(TestExecutionLegs)
#include "tst_execution_legs.moc"
