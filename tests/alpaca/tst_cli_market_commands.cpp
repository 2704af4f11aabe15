// chaingate-cli chain / account / positions / orders run as a user runs them: a child process in
// DEMO mode (no keys: the in-process fake server), JSON checked against docs/command-line.md, and
// failures as a non-zero exit with one line on stderr.

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run cli(const QStringList &args, const QProcessEnvironment &extra = {}) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // The session bus too (its address, and the runtime folder GLib finds it in without one):
    // through it the OS keychain would hand the CLI the developer's keys.
    for (const char *name : {"APCA_API_KEY_ID", "APCA_API_SECRET_KEY", "APCA_API_BASE_URL",
                             "APCA_API_DATA_URL", "DBUS_SESSION_BUS_ADDRESS"})
        env.remove(QLatin1String(name));
    static const QTemporaryDir runtime; // no bus in it
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime.path());
    for (const QString &k : extra.keys())
        env.insert(k, extra.value(k));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CHAINGATE_CLI_PATH), args);
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
    }
    return Run{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
               p.readAllStandardOutput(), p.readAllStandardError()};
}

bool oneLine(const QByteArray &err) {
    return err.trimmed().count('\n') == 0 && !err.trimmed().isEmpty();
}

} // namespace

class TestCliMarketCommands : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void chainJsonHasTheDesignShape() {
        const Run r =
            cli({"chain", "SPY", "--dte-max", "10", "--json", "--as-of", "2026-11-24T15:00:00Z"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QJsonParseError pe{};
        const QJsonObject doc = QJsonDocument::fromJson(r.out, &pe).object();
        QCOMPARE(pe.error, QJsonParseError::NoError);
        QCOMPARE(doc.keys(), (QStringList{"as_of", "contracts", "underlying"}));
        QCOMPARE(doc.value("as_of").toString(), QStringLiteral("2026-11-24T15:00:00.000Z"));
        const QJsonObject under = doc.value("underlying").toObject();
        QCOMPARE(under.value("symbol").toString(), QStringLiteral("SPY"));
        QVERIFY(under.value("price").toDouble() > 0);
        const QJsonArray contracts = doc.value("contracts").toArray();
        QVERIFY(contracts.size() > 50);
        const QStringList contractKeys{"ask",        "bid",           "delta",  "expiration",
                                       "gamma",      "gates",         "iv",     "mid",
                                       "multiplier", "open_interest", "root",   "spread_pct",
                                       "strike",     "symbol",        "theta",  "tradeable",
                                       "type",       "vega",          "volume", "greeks_source"};
        const QStringList gateKeys{"not_expired", "open_interest", "quote_valid", "spread",
                                   "volume"};
        int tradeable = 0;
        for (const QJsonValue &v : contracts) {
            const QJsonObject c = v.toObject();
            QStringList keys = c.keys();
            QStringList expected = contractKeys;
            keys.sort();
            expected.sort();
            QCOMPARE(keys, expected);
            const QJsonObject gates = c.value("gates").toObject();
            QCOMPARE(gates.keys(), gateKeys);
            bool all = true;
            for (const QString &g : gateKeys) {
                const QJsonObject gate = gates.value(g).toObject();
                QCOMPARE(gate.keys(), (QStringList{"pass", "reason", "threshold", "value"}));
                QVERIFY(gate.value("pass").isBool());
                QVERIFY(!gate.value("reason").toString().isEmpty());
                all = all && gate.value("pass").toBool();
            }
            QCOMPARE(c.value("tradeable").toBool(), all);
            tradeable += all;
            // Greeks from the feed or computed from the mid carry a delta; "none" carries none.
            const QString source = c.value("greeks_source").toString();
            QVERIFY2(source == u"feed" || source == u"computed" || source == u"none",
                     qPrintable(source));
            QCOMPARE(c.value("delta").isDouble(), source != u"none");
            QVERIFY(c.value("type") == QJsonValue("call") || c.value("type") == QJsonValue("put"));
            QVERIFY(c.value("expiration").toString() >= QStringLiteral("2026-11-24"));
            QVERIFY(c.value("expiration").toString() <= QStringLiteral("2026-12-04"));
        }
        QVERIFY(tradeable > 0);
    }

    // DEMO replays an instant: --as-of sets the simulated market's clock, so a chain asked for in
    // the past or the future lists that instant's expiries, priced then, and the same instant
    // and seed give the same bytes every time.
    void chainReplaysTheInstant_data() {
        QTest::addColumn<QString>("asOf");
        QTest::addColumn<QString>("firstExpiry"); // SPY lists daily expiries
        QTest::newRow("past Wednesday") << "2025-03-12T14:30:00Z"
                                        << "2025-03-12";
        QTest::newRow("future Friday") << "2028-06-16T15:00:00Z"
                                       << "2028-06-16";
        // Saturday: the first expiry is Monday's.
        QTest::newRow("future Saturday") << "2027-12-04T17:00:00Z"
                                         << "2027-12-06";
    }

    void chainReplaysTheInstant() {
        QFETCH(QString, asOf);
        QFETCH(QString, firstExpiry);
        const QStringList args{"chain", "SPY", "--dte-max", "7", "--json", "--as-of", asOf};
        const Run first = cli(args);
        QVERIFY2(first.exitCode == 0, first.err.constData());
        const Run second = cli(args);
        QVERIFY2(second.exitCode == 0, second.err.constData());
        QVERIFY2(first.out == second.out, "the same instant and seed gave two different chains");

        const QJsonObject doc = QJsonDocument::fromJson(first.out).object();
        const QJsonArray contracts = doc.value("contracts").toArray();
        QVERIFY(contracts.size() > 50);
        QString earliest = QStringLiteral("9999-12-31");
        for (const QJsonValue &v : contracts) {
            const QString e = v.toObject().value("expiration").toString();
            earliest = std::min(earliest, e);
            QVERIFY2(e >= asOf.left(10), qPrintable(e));
        }
        QCOMPARE(earliest, firstExpiry);
        // Quoted at that instant: the quotes carry its time, not today's.
        const Run quote = cli({"chain", "SPY", "--dte-max", "2", "--as-of", asOf});
        QVERIFY2(quote.exitCode == 0, quote.err.constData());
        QVERIFY2(quote.out.contains(firstExpiry.toLatin1()), quote.out.left(400).constData());
    }

    // Priced at the instant asked for: a day later the same contracts have a day less to run.
    void chainIsPricedAtTheInstant() {
        const Run a = cli({"chain", "SPY", "--json", "--as-of", "2027-03-10T15:00:00Z"});
        const Run b = cli({"chain", "SPY", "--json", "--as-of", "2027-03-11T15:00:00Z"});
        QVERIFY2(a.exitCode == 0 && b.exitCode == 0, QByteArray(a.err + b.err).constData());
        QHash<QString, double> thetaA;
        for (const QJsonValue &v : QJsonDocument::fromJson(a.out)["contracts"].toArray())
            thetaA.insert(v["symbol"].toString(), v["theta"].toDouble());
        int common = 0, differ = 0;
        for (const QJsonValue &v : QJsonDocument::fromJson(b.out)["contracts"].toArray()) {
            const auto it = thetaA.constFind(v["symbol"].toString());
            if (it == thetaA.constEnd())
                continue;
            ++common;
            differ += *it != v["theta"].toDouble();
        }
        QVERIFY(common > 50);
        QVERIFY2(differ > common / 2,
                 qPrintable(QStringLiteral("%1 of %2").arg(differ).arg(common)));
    }

    void chainTextAndFilters() {
        const Run r = cli({"chain", "spy", "--type", "put", "--dte-min", "1", "--dte-max", "3",
                           "--as-of", "2026-11-24T15:00:00Z"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.startsWith("SPY "));
        QVERIFY(r.out.contains("SPREAD%"));
        QVERIFY(!r.out.contains(" call "));
    }

    void accountPositionsOrdersJson() {
        Run r = cli({"account", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject a = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(a.value("mode").toString(), QStringLiteral("DEMO"));
        QVERIFY(a.value("equity").toDouble() > 0);
        QVERIFY(a.contains("options_buying_power"));
        r = cli({"positions", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(QJsonDocument::fromJson(r.out).isArray());
        r = cli({"orders", "--status", "all", "--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(QJsonDocument::fromJson(r.out).isArray());
        r = cli({"account"});
        QVERIFY(r.out.contains("options buying power"));
    }

    void failuresAreOneLineAndNonZero_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("words");
        QTest::newRow("no symbol") << QStringList{"chain"} << "needs one SYMBOL";
        QTest::newRow("bad symbol") << QStringList{"chain", "S P Y"} << "not a ticker";
        QTest::newRow("bad type") << QStringList{"chain", "SPY", "--type", "both"} << "call or put";
        QTest::newRow("expiry and dte")
            << QStringList{"chain", "SPY", "--expiry", "2026-12-18", "--dte-max", "3"}
            << "not both";
        QTest::newRow("bad date") << QStringList{"chain", "SPY", "--expiry", "18/12/2026"}
                                  << "YYYY-MM-DD";
        QTest::newRow("bad as-of") << QStringList{"account", "--as-of", "noon"} << "ISO-8601";
        QTest::newRow("unknown option") << QStringList{"account", "--frobnicate"} << "frobnicate";
        QTest::newRow("plain http")
            << QStringList{"account", "--trading-url", "http://paper-api.alpaca.markets"}
            << "plain http";
        QTest::newRow("demo and a url")
            << QStringList{"account", "--demo", "--trading-url", "http://127.0.0.1:9"}
            << "--demo runs the DEMO market in this process";
        QTest::newRow("bad feed") << QStringList{"account", "--feed", "sip"}
                                  << "indicative or opra";
        QTest::newRow("bad status")
            << QStringList{"orders", "--status", "pending"} << "open, closed or all";
        QTest::newRow("nothing listening")
            << QStringList{"account", "--trading-url", "http://127.0.0.1:9", "--data-url",
                           "http://127.0.0.1:9"}
            << "connection refused";
    }
    void failuresAreOneLineAndNonZero() {
        QFETCH(QStringList, args);
        QFETCH(QString, words);
        const Run r = cli(args);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(oneLine(r.err), r.err.constData());
        QVERIFY2(QString::fromUtf8(r.err).contains(words), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    // The usage line lists the global options after the commands; a user also puts them first
    // (as git and docker take them): the same run either way.
    void globalOptionsBeforeTheCommand() {
        const QStringList chain{"chain", "SPY", "--dte-max", "3"};
        const QStringList globals{"--json", "--as-of=2026-11-24T15:00:00Z", "--feed", "indicative"};
        const Run after = cli(chain + globals);
        QVERIFY2(after.exitCode == 0, after.err.constData());
        const Run before = cli(globals + chain);
        QVERIFY2(before.exitCode == 0, before.err.constData());
        QCOMPARE(before.out, after.out);
        // A global option without its value, or an unknown one, is said as such.
        Run r = cli({"--db"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(oneLine(r.err) && r.err.contains("--db needs a value"), r.err.constData());
        r = cli({"--frobnicate", "account"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(oneLine(r.err) && r.err.contains("unknown option '--frobnicate'"),
                 r.err.constData());
    }

    void verboseShowsTheEngineLog() {
        const Run r = cli({"account", "--verbose", "--trading-url", "http://127.0.0.1:9",
                           "--data-url", "http://127.0.0.1:9"});
        QVERIFY(r.exitCode != 0);
        // The client's own warning as well as the one-line failure.
        QVERIFY2(r.err.contains("GET /v2/account failed"), r.err.constData());
        QVERIFY(r.err.contains("chaingate-cli: Could not connect"));
    }

    // Keys (the environment's here; the keychain's alike) mean Alpaca's paper account, which
    // this machine cannot reach; --demo, before or after the command, is the DEMO market
    // whatever the keys, as the window's --demo.
    void demoWhateverTheKeys() {
        QProcessEnvironment keys;
        keys.insert(QStringLiteral("APCA_API_KEY_ID"), QStringLiteral("PKTESTKEYID00001"));
        keys.insert(QStringLiteral("APCA_API_SECRET_KEY"), QStringLiteral("not-a-real-secret"));
        const Run paper = cli(
            {"account", "--trading-url", "http://127.0.0.1:9", "--data-url", "http://127.0.0.1:9"},
            keys);
        QVERIFY2(paper.exitCode != 0 && paper.err.contains("Could not connect"),
                 paper.err.constData());
        for (const QStringList &args : {QStringList{"account", "--demo", "--json"},
                                        QStringList{"--demo", "account", "--json"}}) {
            const Run demo = cli(args, keys);
            QVERIFY2(demo.exitCode == 0, demo.err.constData());
            QVERIFY2(demo.out.contains("\"DEMO\""), demo.out.constData());
        }
    }

    void remoteUrlWithoutKeysIsRefused() {
        const Run r = cli({"account", "--trading-url", "https://api.alpaca.markets"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("No Alpaca API keys"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliMarketCommands)
#include "tst_cli_market_commands.moc"
