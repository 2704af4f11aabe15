// chaingate-cli signal / executions against a SQLite file: validation messages, JSON, CSV quoting
// (parsed back field by field), --db versus CHAINGATE_DB, and no password in any error.

#include "storage/execution_store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace cg;

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

// RFC 4180: fields separated by commas, quoted when needed, "" for a quote, CRLF between rows.
QList<QStringList> parseCsv(const QString &text) {
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() &&
                text.at(i + 1) == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\r') && i + 1 < text.size() &&
                   text.at(i + 1) == QLatin1Char('\n')) {
            row << field;
            rows << row;
            row.clear();
            field.clear();
            ++i;
        } else {
            field += c;
        }
    }
    return rows;
}

} // namespace

class TestStorageCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_db;

    Run cli(const QStringList &args, const QString &envDb = {}) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("CHAINGATE_DB"));
        if (!envDb.isEmpty())
            env.insert(QStringLiteral("CHAINGATE_DB"), envDb);
        env.insert(QStringLiteral("HOME"), m_tmp.path()); // the default database stays here
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_tmp.filePath(QStringLiteral("data")));
        // Nor the window's settings file (read without --config).
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_tmp.filePath(QStringLiteral("config")));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CHAINGATE_CLI_PATH), args);
        Run r;
        if (!p.waitForFinished(60000))
            return r;
        r.code = p.exitCode();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_db = QStringLiteral("sqlite:") + m_tmp.filePath(QStringLiteral("cli.db"));
    }

    void signalAddValidates() {
        const Run bad = cli({QStringLiteral("signal"), QStringLiteral("add"), QStringLiteral("A;B"),
                             QStringLiteral("CALL"), QStringLiteral("--db"), m_db});
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.err.contains(QStringLiteral("is not a ticker symbol")), qPrintable(bad.err));
        const Run action =
            cli({QStringLiteral("signal"), QStringLiteral("add"), QStringLiteral("AAPL"),
                 QStringLiteral("STRADDLE"), QStringLiteral("--db"), m_db});
        QCOMPARE(action.code, 1);
        QVERIFY(action.err.contains(QStringLiteral("CALL, PUT, BUY or SELL")));
        const Run strategy =
            cli({QStringLiteral("signal"), QStringLiteral("add"), QStringLiteral("AAPL"),
                 QStringLiteral("CALL"), QStringLiteral("yolo"), QStringLiteral("--db"), m_db});
        QCOMPARE(strategy.code, 1);
        QVERIFY(strategy.err.contains(QStringLiteral("day_trade, swing or conservative")));
    }

    void signalAddAndList() {
        const Run added =
            cli({QStringLiteral("signal"), QStringLiteral("add"), QStringLiteral("brk.b"),
                 QStringLiteral("put"), QStringLiteral("swing"), QStringLiteral("--json")},
                m_db); // CHAINGATE_DB
        QCOMPARE(added.code, 0);
        const QJsonObject s = QJsonDocument::fromJson(added.out.toUtf8())
                                  .object()
                                  .value(QStringLiteral("signal"))
                                  .toObject();
        QCOMPARE(s.value(QStringLiteral("symbol")).toString(), QStringLiteral("BRK.B"));
        QCOMPARE(s.value(QStringLiteral("action")).toString(), QStringLiteral("PUT"));
        QCOMPARE(s.value(QStringLiteral("strategy")).toString(), QStringLiteral("swing"));
        QCOMPARE(s.value(QStringLiteral("status")).toString(), QStringLiteral("PENDING"));

        const Run list = cli({QStringLiteral("signal"), QStringLiteral("list"),
                              QStringLiteral("--json"), QStringLiteral("--db"), m_db});
        QCOMPARE(list.code, 0);
        const QJsonArray rows = QJsonDocument::fromJson(list.out.toUtf8())
                                    .object()
                                    .value(QStringLiteral("signals"))
                                    .toArray();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).toObject().value(QStringLiteral("id")), s.value(QStringLiteral("id")));

        // --db wins over CHAINGATE_DB.
        const QString other =
            QStringLiteral("sqlite:") + m_tmp.filePath(QStringLiteral("other.db"));
        const Run elsewhere = cli({QStringLiteral("signal"), QStringLiteral("list"),
                                   QStringLiteral("--json"), QStringLiteral("--db"), other},
                                  m_db);
        QCOMPARE(elsewhere.code, 0);
        QCOMPARE(QJsonDocument::fromJson(elsewhere.out.toUtf8())
                     .object()
                     .value(QStringLiteral("signals"))
                     .toArray()
                     .size(),
                 0);
    }

    void executionsCsvAndJson() {
        const std::string reason = "Spread, \"wide\"\nsecond line";
        {
            ExecutionStore store;
            QVERIFY(store.open(m_db).ok());
            ExecutionRecord r;
            r.executionUid = "csv-1";
            r.ticker = "AAPL";
            r.action = "CALL";
            r.instrumentType = "OPTION";
            r.mode = ExecutionMode::SimulatedFallback;
            r.optionSymbol = "AAPL260109C00200000";
            r.qty = 2;
            r.bid = 3.4;
            r.ask = 3.5;
            r.theta = -0.12;
            // Arithmetic on prices leaves binary noise: 1.28 - 1.255 is 0.025000000000000022,
            // 0.1 + 0.2 is 0.30000000000000004. The CSV says what a trader means.
            r.slippage = 1.28 - 1.255;
            r.limitPrice = 0.1 + 0.2;
            r.spreadPct = 5.577689243027894;
            r.underlyingPrice = 697.12 * 1.015;
            r.orderStatus = "=HYPERLINK(\"x\")";
            r.fallbackReason = reason;
            r.explainJson = R"({"note":"a, b"})";
            QVERIFY(store.records().recordExecution(r).ok());
            r.executionUid = "csv-2";
            r.ticker = "MSFT";
            r.mode = ExecutionMode::AlpacaPaper;
            QVERIFY(store.records().recordExecution(r).ok());
        }

        const Run csv =
            cli({QStringLiteral("executions"), QStringLiteral("--csv"), QStringLiteral("--symbol"),
                 QStringLiteral("aapl"), QStringLiteral("--db"), m_db});
        QCOMPARE(csv.code, 0);
        const QList<QStringList> rows = parseCsv(csv.out);
        QCOMPARE(rows.size(), 2);
        const QStringList &header = rows.at(0);
        const QStringList &row = rows.at(1);
        QCOMPARE(row.size(), header.size());
        auto cell = [&](const char *name) { return row.at(header.indexOf(QLatin1String(name))); };
        QCOMPARE(cell("execution_uid"), QStringLiteral("csv-1"));
        QCOMPARE(cell("fallback_reason"), QString::fromStdString(reason));
        QCOMPARE(cell("order_status"), QStringLiteral("'=HYPERLINK(\"x\")")); // not a formula
        QCOMPARE(cell("theta"), QStringLiteral("-0.12"));
        QCOMPARE(cell("slippage"), QStringLiteral("0.025"));
        QCOMPARE(cell("limit_price"), QStringLiteral("0.3"));
        QCOMPARE(cell("spread_pct"), QStringLiteral("5.57768924303"));
        QCOMPARE(cell("underlying_price"), QStringLiteral("707.5768"));
        QCOMPARE(cell("bid"), QStringLiteral("3.4"));
        QCOMPARE(cell("qty"), QStringLiteral("2"));
        QCOMPARE(cell("strike"), QString());
        const QJsonObject explain = QJsonDocument::fromJson(cell("explain_json").toUtf8()).object();
        QCOMPARE(explain.value(QStringLiteral("note")).toString(), QStringLiteral("a, b"));

        const Run json =
            cli({QStringLiteral("executions"), QStringLiteral("--json"), QStringLiteral("--mode"),
                 QStringLiteral("alpaca_paper"), QStringLiteral("--db"), m_db});
        QCOMPARE(json.code, 0);
        const QJsonArray list = QJsonDocument::fromJson(json.out.toUtf8())
                                    .object()
                                    .value(QStringLiteral("executions"))
                                    .toArray();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("ticker")).toString(),
                 QStringLiteral("MSFT"));

        const Run text = cli({QStringLiteral("executions"), QStringLiteral("--db"), m_db});
        QCOMPARE(text.code, 0);
        QVERIFY(text.out.contains(QStringLiteral("SIMULATED_FALLBACK")));

        const Run both = cli({QStringLiteral("executions"), QStringLiteral("--csv"),
                              QStringLiteral("--json"), QStringLiteral("--db"), m_db});
        QCOMPARE(both.code, 1);
        const Run mode = cli({QStringLiteral("executions"), QStringLiteral("--mode"),
                              QStringLiteral("nope"), QStringLiteral("--db"), m_db});
        QCOMPARE(mode.code, 1);
        QVERIFY(mode.err.contains(QStringLiteral("SIMULATED_FALLBACK")));
    }

    // A multi-leg execution: one row, its legs in a "legs" column (side, ratio, contract, at the
    // fill or the mid), a "legs" array in JSON and a line under the row in the table.
    void executionsShowTheLegs() {
        {
            ExecutionStore store;
            QVERIFY(store.open(m_db).ok());
            ExecutionRecord r;
            r.executionUid = "legs-1";
            r.ticker = "QQQ";
            r.action = "CALL";
            r.instrumentType = "OPTION";
            r.mode = ExecutionMode::Demo;
            r.strategy = "bull_call_spread";
            r.qty = 1;
            r.limitPrice = 1.23;
            r.clientOrderId = "cg-sig-991";
            r.explainJson = "{}";
            ExecutionLegRecord buy;
            buy.legIndex = 0;
            buy.optionSymbol = "QQQ260109C00580000";
            buy.side = "buy";
            buy.mid = 2.5;
            ExecutionLegRecord sell = buy;
            sell.legIndex = 1;
            sell.optionSymbol = "QQQ260109C00585000";
            sell.side = "sell";
            sell.mid = 1.3;
            r.legs = {buy, sell};
            QVERIFY(store.records().recordExecution(r).ok());
            // The buy leg fills; the sell leg is still at its mid.
            OrderUpdate u;
            u.clientOrderId = r.clientOrderId;
            u.status = "partially_filled";
            u.legFills = {{buy.optionSymbol, 2.46}};
            QVERIFY(store.records().updateOrder(u).ok());
        }
        const Run csv =
            cli({QStringLiteral("executions"), QStringLiteral("--csv"), QStringLiteral("--symbol"),
                 QStringLiteral("QQQ"), QStringLiteral("--db"), m_db});
        QCOMPARE(csv.code, 0);
        const QList<QStringList> rows = parseCsv(csv.out);
        QCOMPARE(rows.size(), 2); // one row per execution
        const int legs = rows.at(0).indexOf(QStringLiteral("legs"));
        QVERIFY(legs >= 0);
        QCOMPARE(rows.at(1).at(legs),
                 QStringLiteral("buy 1 QQQ260109C00580000 @2.46; sell 1 QQQ260109C00585000 (mid "
                                "1.30)"));
        const Run json =
            cli({QStringLiteral("executions"), QStringLiteral("--json"), QStringLiteral("--symbol"),
                 QStringLiteral("QQQ"), QStringLiteral("--db"), m_db});
        QCOMPARE(json.code, 0);
        const QJsonArray list = QJsonDocument::fromJson(json.out.toUtf8())
                                    .object()
                                    .value(QStringLiteral("executions"))
                                    .toArray();
        QCOMPARE(list.size(), 1);
        const QJsonArray legList = list.at(0).toObject().value(QStringLiteral("legs")).toArray();
        QCOMPARE(legList.size(), 2);
        QCOMPARE(legList.at(0).toObject().value(QStringLiteral("fill_price")).toDouble(), 2.46);
        const Run text = cli({QStringLiteral("executions"), QStringLiteral("--symbol"),
                              QStringLiteral("QQQ"), QStringLiteral("--db"), m_db});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains(QStringLiteral("legs: buy 1 QQQ260109C00580000 @2.46")),
                 qPrintable(text.out));
    }

    // An outbox file that cannot be read says so: a 0 (or nothing) would hide records waiting in
    // it, the only copy of them.
    void anUnreadableOutboxIsNamed() {
        const QString path = m_tmp.filePath(QStringLiteral("garbled.db"));
        QFile garbage(path + QStringLiteral("-outbox.db"));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(4096, 'x'));
        garbage.close();
        const QString db = QStringLiteral("sqlite:") + path;
        const Run text = cli({QStringLiteral("status"), QStringLiteral("--db"), db});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains(QStringLiteral("outbox: The local outbox could not be used")),
                 qPrintable(text.out + text.err));
        const Run json =
            cli({QStringLiteral("status"), QStringLiteral("--db"), db, QStringLiteral("--json")});
        QCOMPARE(json.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QVERIFY2(o.value(QStringLiteral("outbox")).isNull(), qPrintable(json.out));
        QVERIFY(o.value(QStringLiteral("outbox_error"))
                    .toString()
                    .contains(QStringLiteral("could not be used")));
    }

    void unreachablePostgreSQLKeepsThePasswordSecret() {
        // Port 1 on loopback: nothing listens there.
        const QString url = QStringLiteral("postgresql://trader:Sup3rS3cret@127.0.0.1:1/book");
        const Run r = cli({QStringLiteral("executions"), QStringLiteral("--db"), url});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("unreachable")), qPrintable(r.err));
        QVERIFY(!r.err.contains(QStringLiteral("Sup3rS3cret")));
        QVERIFY(!r.out.contains(QStringLiteral("Sup3rS3cret")));
        const Run add = cli({QStringLiteral("signal"), QStringLiteral("add"),
                             QStringLiteral("AAPL"), QStringLiteral("CALL")},
                            url);
        QCOMPARE(add.code, 1);
        QVERIFY(!add.err.contains(QStringLiteral("Sup3rS3cret")));
    }
};

QTEST_GUILESS_MAIN(TestStorageCli)
#include "tst_storage_cli.moc"
