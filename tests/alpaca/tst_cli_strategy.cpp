// chaingate-cli strategy as a user runs it (DEMO, a fixed --as-of): the iron condor of the
// issue's example with its legs, net price, max P/L, break-evens, probability of profit and
// greeks; byte-identical on a second run; text output; plain one-line errors.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

QTemporaryDir &home() {
    static QTemporaryDir dir; // the DEMO account and the default database stay in here
    return dir;
}

Run cli(const QStringList &args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home().path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), home().filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home().filePath(QStringLiteral("config")));
    // The session bus too (its address, and the runtime folder GLib finds it in without one):
    // through it the OS keychain would hand the CLI the developer's keys.
    for (const char *name : {"APCA_API_KEY_ID", "APCA_API_SECRET_KEY", "APCA_API_BASE_URL",
                             "APCA_API_DATA_URL", "DBUS_SESSION_BUS_ADDRESS"})
        env.remove(QLatin1String(name));
    static const QTemporaryDir runtime; // no bus in it
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime.path());
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(CHAINGATE_CLI_PATH), args);
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
    }
    return Run{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
               p.readAllStandardOutput(), p.readAllStandardError()};
}

const QStringList kCondor{"strategy", "SPY", "--template",    "iron_condor",
                          "--dte",    "30",  "--short-delta", "0.16",
                          "--width",  "5",   "--as-of",       "2026-11-24T15:00:00Z"};

} // namespace

class TestCliStrategy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ironCondorJson() {
        const Run r = cli(kCondor + QStringList{"--json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(doc.value("template").toString(), QStringLiteral("iron_condor"));
        QCOMPARE(doc.value("as_of").toString(), QStringLiteral("2026-11-24T15:00:00.000Z"));
        const QJsonArray legs = doc.value("legs").toArray();
        QCOMPARE(legs.size(), 4);
        const QStringList sides{"buy", "sell", "sell", "buy"};
        const QStringList types{"put", "put", "call", "call"};
        for (int i = 0; i < 4; ++i) {
            const QJsonObject leg = legs[i].toObject();
            QCOMPARE(leg.value("side").toString(), sides[i]);
            QCOMPARE(leg.value("type").toString(), types[i]);
            QCOMPARE(leg.value("ratio_qty").toInt(), 1);
            QVERIFY(leg.value("gates").isObject());
            QCOMPARE(leg.value("expiration").toString(),
                     legs[0].toObject().value("expiration").toString());
        }
        // Wings $5 (or the next listed strike) outside the short strikes.
        const double ps = legs[1].toObject().value("strike").toDouble();
        const double pl = legs[0].toObject().value("strike").toDouble();
        const double cs = legs[2].toObject().value("strike").toDouble();
        const double cl = legs[3].toObject().value("strike").toDouble();
        QVERIFY(ps - pl >= 5 - 1e-9 && cl - cs >= 5 - 1e-9 && ps < cs);
        // Short legs near 16 delta.
        QVERIFY(std::abs(std::abs(legs[1].toObject().value("delta").toDouble()) - 0.16) < 0.05);
        QVERIFY(std::abs(legs[2].toObject().value("delta").toDouble() - 0.16) < 0.05);
        // A credit; max loss = wing - credit; two break-evens around the short strikes.
        const double net = doc.value("net_mid").toDouble();
        QVERIFY(net < 0);
        QCOMPARE(doc.value("price_type").toString(), QStringLiteral("credit"));
        QVERIFY(std::abs(doc.value("max_profit").toDouble() + net) < 1e-9);
        QVERIFY(std::abs(doc.value("max_loss").toDouble() - (std::max(ps - pl, cl - cs) + net)) <
                1e-9);
        QCOMPARE(doc.value("max_loss_unlimited").toBool(), false);
        const QJsonArray be = doc.value("break_evens").toArray();
        QCOMPARE(be.size(), 2);
        QVERIFY(std::abs(be[0].toDouble() - (ps + net)) < 1e-3);
        QVERIFY(std::abs(be[1].toDouble() - (cs - net)) < 1e-3);
        const double pop = doc.value("probability_of_profit").toDouble();
        QVERIFY(pop > 0.3 && pop < 0.95);
        QVERIFY(doc.value("greeks").isObject());
        QVERIFY(doc.value("combo_gate").toObject().contains("reason"));

        // The same instant and seed: the same bytes.
        QCOMPARE(cli(kCondor + QStringList{"--json"}).out, r.out);
    }
    void text() {
        const Run r = cli(kCondor);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.contains(QLatin1String("iron_condor on ")), r.out.constData());
        QVERIFY(out.contains(QLatin1String("Net credit ")));
        QVERIFY(out.contains(QLatin1String("Max profit $")));
        QVERIFY(out.contains(QLatin1String("Break-evens ")));
        QVERIFY(out.contains(QLatin1String("Probability of profit ")));
    }
    // Each net price says its own side: a narrow condor's mid is a credit and its natural a debit
    // (the text gave both the mid's side: "credit 0.05 at natural" for a 0.05 debit).
    void textNetSidesFollowTheirSigns() {
        const QStringList args{
            "strategy", "SPY",     "--template", "iron_condor", "--short-delta",
            "0.05",     "--width", "1",          "--as-of",     "2026-12-03T15:30:00Z"};
        const Run text = cli(args);
        const Run json = cli(args + QStringList{"--json"});
        QVERIFY2(text.exitCode == 0 && json.exitCode == 0, text.err.constData());
        const QJsonObject doc = QJsonDocument::fromJson(json.out).object();
        QVERIFY2(doc.contains("net_natural") && doc.contains("net_mid"), json.out.constData());
        const auto side = [](double v) {
            return v >= 0.0 ? QStringLiteral("debit") : QStringLiteral("credit");
        };
        const QString expected =
            QStringLiteral("Net %1 ").arg(side(doc.value("net_mid").toDouble()));
        const QString out = QString::fromUtf8(text.out);
        QVERIFY2(out.contains(expected), text.out.constData());
        QVERIFY2(
            out.contains(QStringLiteral(", %1 ").arg(side(doc.value("net_natural").toDouble())) +
                         QString::number(std::abs(doc.value("net_natural").toDouble()), 'f', 2) +
                         QStringLiteral(" at natural")),
            text.out.constData());
    }
    // A multi-leg decision in text names its legs (it showed none, and a blank symbol).
    void dispatchTextShowsTheLegs() {
        const QStringList base{"dispatch",  "--signal", "SPY:NEUTRAL:iron_condor",
                               "--dry-run", "--as-of",  "2026-11-24T15:00:00Z"};
        const Run json = cli(base + QStringList{"--json"});
        const Run text = cli(base);
        QVERIFY2(json.exitCode == 0 && text.exitCode == 0, text.err.constData());
        const QJsonArray legs = QJsonDocument::fromJson(json.out)
                                    .object()
                                    .value("multi_leg")
                                    .toObject()
                                    .value("legs")
                                    .toArray();
        QCOMPARE(legs.size(), 4);
        for (const QJsonValue &leg : legs) {
            const QString symbol = leg.toObject().value("symbol").toString();
            QVERIFY(!symbol.isEmpty());
            QVERIFY2(text.out.contains(symbol.toUtf8()), text.out.constData());
        }
    }

    // dispatch --signal with a template: one multi-leg decision, recorded with its legs.
    void dispatchMultiLegSignal() {
        const QString db = QStringLiteral("sqlite:") + home().filePath(QStringLiteral("x.db"));
        const QStringList base{"dispatch",
                               "--signal",
                               "SPY:NEUTRAL:iron_condor",
                               "--as-of",
                               "2026-11-24T15:00:00Z",
                               "--db",
                               db,
                               "--json"};
        Run r = cli(base + QStringList{"--dry-run"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QJsonObject doc = QJsonDocument::fromJson(r.out).object();
        // Decided by the dispatcher like a single leg: the signal as the signal table holds it.
        const QJsonObject signal = doc.value("signal").toObject();
        QCOMPARE(signal.value("symbol").toString(), QStringLiteral("SPY"));
        QCOMPARE(signal.value("action").toString(), QStringLiteral("NEUTRAL"));
        QCOMPARE(signal.value("strategy").toString(), QStringLiteral("iron_condor"));
        QCOMPARE(doc.value("dry_run").toBool(), true);
        QCOMPARE(doc.value("multi_leg").toObject().value("legs").toArray().size(), 4);
        QVERIFY(doc.value("order_id").toString().isEmpty());

        r = cli(base);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        doc = QJsonDocument::fromJson(r.out).object();
        const QString mode = doc.value("execution_mode").toString();
        if (doc.value("fallback_reason").toString().isEmpty()) {
            QCOMPARE(mode, QStringLiteral("DEMO"));
            QVERIFY(!doc.value("order_id").toString().isEmpty());
            QVERIFY(doc.value("qty").toInt() >= 1);
        } else {
            QCOMPARE(mode, QStringLiteral("SIMULATED_FALLBACK"));
        }
        const Run list = cli({"executions", "--db", db, "--json"});
        QVERIFY2(list.exitCode == 0, list.err.constData());
        QVERIFY(list.out.contains("iron_condor"));
        // One record (the dry run recorded nothing), with its four legs.
        const QJsonArray executions =
            QJsonDocument::fromJson(list.out).object().value("executions").toArray();
        QCOMPARE(executions.size(), 1);
        QCOMPARE(executions[0].toObject().value("legs").toArray().size(), 4);

        r = cli({"dispatch", "--signal", "SPY:PUT:iron_condor", "--dry-run", "--db", db});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("iron_condor is a NEUTRAL strategy: SPY:NEUTRAL:iron_condor"));
    }
    // With no placement flags the CLI shows what the dispatcher would trade for the template:
    // the settings of the config file's [multileg_NAME], else the template's defaults (an iron
    // condor's shorts at 16 delta, not at the money: that is an iron butterfly).
    void defaultsAreTheDispatchers() {
        const QString asOf = QStringLiteral("2026-11-24T15:00:00Z");
        const auto legsOf = [](const QJsonArray &legs) {
            QStringList out;
            for (const QJsonValue &leg : legs)
                out << leg.toObject().value("side").toString() + QLatin1Char(' ') +
                           leg.toObject().value("symbol").toString();
            return out;
        };
        const auto compare = [&](const QStringList &extra) {
            const Run shown = cli(QStringList{"strategy", "SPY", "--template", "iron_condor",
                                              "--as-of", asOf, "--json"} +
                                  extra);
            QVERIFY2(shown.exitCode == 0, shown.err.constData());
            const QString db = QStringLiteral("sqlite:") + home().filePath(QStringLiteral("d.db"));
            const Run traded = cli(QStringList{"dispatch", "--signal", "SPY:NEUTRAL:iron_condor",
                                               "--dry-run", "--as-of", asOf, "--db", db, "--json"} +
                                   extra);
            QVERIFY2(traded.exitCode == 0, traded.err.constData());
            const QStringList legs =
                legsOf(QJsonDocument::fromJson(shown.out).object().value("legs").toArray());
            QCOMPARE(legs.size(), 4);
            QCOMPARE(legs, legsOf(QJsonDocument::fromJson(traded.out)
                                      .object()
                                      .value("multi_leg")
                                      .toObject()
                                      .value("legs")
                                      .toArray()));
        };
        compare({});
        if (QTest::currentTestFailed())
            return;
        const Run shown =
            cli({"strategy", "SPY", "--template", "iron_condor", "--as-of", asOf, "--json"});
        const QJsonArray legs = QJsonDocument::fromJson(shown.out).object().value("legs").toArray();
        QVERIFY(std::abs(legs[2].toObject().value("delta").toDouble() - 0.16) < 0.05);

        // A config file's settings for the template, as the dispatcher reads them.
        const QString config = home().filePath(QStringLiteral("condor.ini"));
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[multileg_iron_condor]\nshort_delta=0.30\nwidth=10\n");
        f.close();
        compare({"--config", config});
        const Run wide = cli({"strategy", "SPY", "--template", "iron_condor", "--as-of", asOf,
                              "--config", config, "--json"});
        const QJsonArray w = QJsonDocument::fromJson(wide.out).object().value("legs").toArray();
        QVERIFY(std::abs(w[2].toObject().value("delta").toDouble() - 0.30) < 0.05);
        QVERIFY(w[3].toObject().value("strike").toDouble() -
                    w[2].toObject().value("strike").toDouble() >=
                10 - 1e-9);
        // A flag still wins over the file: --otm-pct replaces the file's delta.
        const Run otm = cli({"strategy", "SPY", "--template", "iron_condor", "--as-of", asOf,
                             "--config", config, "--otm-pct", "3", "--json"});
        QVERIFY2(otm.exitCode == 0, otm.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(otm.out).object();
        const double spot = o.value("underlying").toObject().value("price").toDouble();
        const double shortCall = o.value("legs").toArray()[2].toObject().value("strike").toDouble();
        QVERIFY2(std::abs(shortCall / spot - 1.03) < 0.01, qPrintable(QString::number(shortCall)));
    }
    void errors() {
        Run r =
            cli({"strategy", "SPY", "--template", "iron_eagle", "--as-of", "2026-11-24T15:00:00Z"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("--template \"iron_eagle\" is not one of bull_call_spread"));
        QCOMPARE(r.err.trimmed().count('\n'), 0);
        r = cli({"strategy", "SPY", "--template", "iron_condor", "--short-delta", "0.16",
                 "--otm-pct", "2", "--as-of", "2026-11-24T15:00:00Z"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("use either --short-delta or --otm-pct"));
    }
};

QTEST_GUILESS_MAIN(TestCliStrategy)
#include "tst_cli_strategy.moc"
