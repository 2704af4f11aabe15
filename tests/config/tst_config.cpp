// AppConfig (app/config): a full round trip through an INI file, every invalid value refused
// with its message and nothing written, values that do not parse, secrets never written and
// refused when found, the window's own keys kept; and chaingate-cli --config, whose values the
// flags and environment override.

#include "config/config_store.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace cg;
using namespace cg::config;

Q_DECLARE_METATYPE(std::function<void(cg::config::AppConfig &)>)

namespace {

using Mutation = std::function<void(AppConfig &)>;

QByteArray readAll(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

// Every field away from its default, and valid.
AppConfig everythingChanged() {
    AppConfig c;
    c.endpoints.tradingUrl = QUrl(QStringLiteral("http://127.0.0.1:18080"));
    c.endpoints.dataUrl = QUrl(QStringLiteral("https://data.example.com/v2"));
    c.endpoints.feed = QStringLiteral("opra");
    c.endpoints.requestTimeoutMs = 15000;
    c.databaseUrl = QStringLiteral("postgresql://trader@db.example.com:5433/book");
    c.dispatchMode = DispatchMode::Auto;
    DispatcherSettings &d = c.dispatcher;
    d.gates = GateThresholds{7.25, 250, 40};
    d.params(Strategy::DayTrade) = StrategyParams{Moneyness::OTM, 2.5, 2, 9, 3.3};
    d.params(Strategy::Swing) = StrategyParams{Moneyness::ITM, 0.1, 10, 60, 12.5};
    d.params(Strategy::Conservative) = StrategyParams{Moneyness::ATM, 0.0, 31, 120, 0.75};
    d.risk = RiskLimits{7, 3, 12345.67, 999.5};
    d.orderType = OrderType::Market;
    d.extraPennyClasses = {"ABNB", "HOOD"};
    d.limitRounding = LimitRounding::Nearest;
    d.strikeBandPct = 22.5;
    d.maxOtmAbsDelta = 0.6;
    d.ticketMaxAgeSec = 45;
    d.maxQuoteAgeSec = 20;
    d.maxQuoteAgeOffHoursSec = 7200;
    d.precautions.maxThroughMarketPct = 7.5;
    d.precautions.budgetIsCap = false;
    d.timerIntervalSec = 15;
    d.orderPollIntervalMs = 750;
    d.orderPollMaxTries = 33;
    d.unknownOrderWindowMin = 25;
    d.reconcileDays = 5;
    d.liveTradingEnabled = true;
    c.display.flashChanges = false;
    return c;
}

struct Run {
    int exitCode = -1;
    QByteArray out, err;
};

} // namespace

class TestConfig : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }
    int m_row = 0;
    // A fresh folder per data row: QSettings caches a file by path, and two rows' files of the
    // same size written within the same second would read as the first one.
    QString rowFile(const QString &name) {
        const QString dir = path(QStringLiteral("row%1").arg(++m_row));
        QDir().mkpath(dir);
        return dir + QLatin1Char('/') + name;
    }

    Run cli(const QStringList &args, const QProcessEnvironment &extra = {}) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"CHAINGATE_DB", "APCA_API_BASE_URL", "APCA_API_DATA_URL",
                                 "APCA_API_KEY_ID", "APCA_API_SECRET_KEY", "QT_LOGGING_RULES"})
            env.remove(QLatin1String(name));
        env.insert(QStringLiteral("HOME"), m_dir.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), path(QStringLiteral("xdg-data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), path(QStringLiteral("xdg-config")));
        for (const QString &k : extra.keys())
            env.insert(k, extra.value(k));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CHAINGATE_CLI), args);
        if (!p.waitForFinished(60000))
            p.kill();
        return Run{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                   p.readAllStandardOutput(), p.readAllStandardError()};
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void defaultsAreValid() {
        const AppConfig c;
        QVERIFY2(validate(c).ok(), validate(c).ok() ? "" : validate(c).error().message.c_str());
        QCOMPARE(c.endpoints.tradingUrl.host(), QStringLiteral("paper-api.alpaca.markets"));
        QVERIFY(!c.endpoints.isLive());
        QVERIFY(c.dispatchMode == DispatchMode::Manual);
        QCOMPARE(c.dispatcher.timerIntervalSec, 60);
        QCOMPARE(c.dispatcher.gates.maxSpreadPct, 10.0);
        QCOMPARE(c.dispatcher.maxQuoteAgeSec, 60);
        QCOMPARE(c.dispatcher.maxQuoteAgeOffHoursSec, 60);
        QVERIFY(c.display.flashChanges);
    }

    void roundTrip() {
        const QString file = path(QStringLiteral("round.ini"));
        const AppConfig c = everythingChanged();
        QVERIFY(!(c == AppConfig{}));
        const auto saved = saveFile(c, file);
        QVERIFY2(saved.ok(), saved.ok() ? "" : saved.error().message.c_str());
        const auto loaded = loadFile(file);
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
        QVERIFY(*loaded == c);
        // Human-readable INI, numbers as plain text.
        const QByteArray text = readAll(file);
        QVERIFY(text.contains("max_spread_pct=7.25"));
        QVERIFY(text.contains("mode=auto"));
        QVERIFY(text.contains("[strategy_swing]"));
        QVERIFY(text.contains("max_notional_per_order=12345.67"));
        QVERIFY(text.contains("max_quote_age_sec=20"));
        QVERIFY(text.contains("max_quote_age_off_hours_sec=7200"));
        QVERIFY(text.contains("[precautions]"));
        QVERIFY(text.contains("max_through_market_pct=7.5"));
        QVERIFY(text.contains("[display]"));
        QVERIFY(text.contains("flash_changes=false"));
        // Saved twice: identical bytes (no stale or duplicated keys).
        QVERIFY(saveFile(c, file).ok());
        QCOMPARE(readAll(file), text);
    }

    void pennyClassesAndRoundingFromTheFile() {
        // Written by hand: lower case, spaces, a trailing comma; the retired penny_program key
        // (one switch for every class) is ignored and dropped by the next save.
        const QString file = rowFile(QStringLiteral("penny.ini"));
        writeFile(file, "[dispatcher]\nextra_penny_classes=abnb, HOOD,\nlimit_rounding=nearest\n"
                        "penny_program=false\n");
        auto loaded = loadFile(file);
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
        QCOMPARE(loaded->dispatcher.extraPennyClasses, (std::vector<std::string>{"ABNB", "HOOD"}));
        QVERIFY(loaded->dispatcher.limitRounding == LimitRounding::Nearest);
        QCOMPARE(loaded->dispatcher.tickTable().tick("ABNB", 2.99), 0.01);
        QVERIFY(saveFile(*loaded, file).ok());
        const QByteArray text = readAll(file);
        QVERIFY2(text.contains("extra_penny_classes="), text.constData());
        QVERIFY2(!text.contains("penny_program="), text.constData());
        const auto again = loadFile(file);
        QVERIFY(again.ok());
        QVERIFY(*again == *loaded);
        // The defaults: no extra class, a limit at the mid rounded toward the passive side.
        const AppConfig defaults;
        QVERIFY(defaults.dispatcher.extraPennyClasses.empty());
        QVERIFY(defaults.dispatcher.limitRounding == LimitRounding::Passive);
        // One class alone and none at all survive the round trip too.
        for (const std::vector<std::string> &classes :
             {std::vector<std::string>{"ABNB"}, std::vector<std::string>{}}) {
            AppConfig c;
            c.dispatcher.extraPennyClasses = classes;
            const QString one = rowFile(QStringLiteral("penny-one.ini"));
            QVERIFY(saveFile(c, one).ok());
            const auto back = loadFile(one);
            QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
            QCOMPARE(back->dispatcher.extraPennyClasses, classes);
        }
    }

    // Per-template settings of multi-leg signals: written by hand, read, validated and saved;
    // a template the file does not name keeps its defaults.
    void multiLegSettingsFromTheFile() {
        const QString file = rowFile(QStringLiteral("multileg.ini"));
        writeFile(file, "[multileg_iron_condor]\nmin_dte=7\nmax_dte=21\nshort_delta=0.2\n"
                        "width=10\nbudget_pct=2.5\n"
                        "[multileg_bull_call_spread]\nshort_delta=0\notm_pct=3\n");
        auto loaded = loadFile(file);
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
        const DispatcherSettings &d = loaded->dispatcher;
        const StrategySettings condor = d.strategySettings(StrategyTemplate::IronCondor);
        QCOMPARE(condor.build.minDte, 7);
        QCOMPARE(condor.build.maxDte, 21);
        QCOMPARE(condor.build.shortDelta.value_or(0), 0.2);
        QCOMPARE(condor.build.width, 10.0);
        QCOMPARE(condor.budgetPct, 2.5);
        const StrategySettings bull = d.strategySettings(StrategyTemplate::BullCallSpread);
        QVERIFY(!bull.build.shortDelta);
        QCOMPARE(bull.build.otmPct, 3.0);
        QVERIFY(d.strategySettings(StrategyTemplate::Butterfly) ==
                defaultStrategySettings(StrategyTemplate::Butterfly));
        QVERIFY(saveFile(*loaded, file).ok());
        const auto again = loadFile(file);
        QVERIFY(again.ok());
        QVERIFY(*again == *loaded);
        QVERIFY(readAll(file).contains("[multileg_iron_condor]"));
        // Defaults unchanged, and never written.
        QVERIFY(AppConfig{}.dispatcher.multiLeg.empty());
        writeFile(file, "[multileg_iron_condor]\nmin_dte=30\nmax_dte=10\n");
        loaded = loadFile(file);
        QVERIFY(!loaded.ok());
        QVERIFY2(loaded.error().message.find("iron_condor max DTE") != std::string::npos,
                 loaded.error().message.c_str());
    }

    void emptyFileGivesDefaults() {
        const QString file = path(QStringLiteral("empty.ini"));
        writeFile(file, "");
        const auto loaded = loadFile(file);
        QVERIFY(loaded.ok());
        QVERIFY(*loaded == AppConfig{});
    }

    void missingExplicitFileIsAnError() {
        const auto loaded = loadFile(path(QStringLiteral("nope.ini")));
        QVERIFY(!loaded.ok());
        QVERIFY(QString::fromStdString(loaded.error().message).contains("does not exist"));
    }

    void otherGroupsKept() {
        const QString file = path(QStringLiteral("window.ini"));
        writeFile(file, "[ui]\ntheme=dark\n[gates]\nstale_key=1\n");
        QVERIFY(saveFile(AppConfig{}, file).ok());
        const QSettings s(file, QSettings::IniFormat);
        QCOMPARE(s.value(QStringLiteral("ui/theme")).toString(), QStringLiteral("dark"));
        QVERIFY(!s.contains(QStringLiteral("gates/stale_key")));
        QCOMPARE(s.value(QStringLiteral("gates/max_spread_pct")).toString(), QStringLiteral("10"));
    }

    void invalidRefused_data() {
        QTest::addColumn<Mutation>("mutate");
        QTest::addColumn<QString>("message");
        const auto row = [](const char *name, Mutation m, const char *msg) {
            QTest::newRow(name) << m << QString::fromUtf8(msg);
        };
        row(
            "spread zero", [](AppConfig &c) { c.dispatcher.gates.maxSpreadPct = 0; },
            "Maximum spread must be above 0% and at most 100% (got 0%)");
        row(
            "spread 150", [](AppConfig &c) { c.dispatcher.gates.maxSpreadPct = 150; },
            "Maximum spread must be above 0% and at most 100% (got 150%)");
        row(
            "negative OI", [](AppConfig &c) { c.dispatcher.gates.minOpenInterest = -1; },
            "Minimum open interest must be between 0 and 1000000000 (got -1)");
        row(
            "negative volume", [](AppConfig &c) { c.dispatcher.gates.minVolume = -5; },
            "Minimum volume must be between 0 and 1000000000 (got -5)");
        row(
            "moneyness 80",
            [](AppConfig &c) { c.dispatcher.params(Strategy::DayTrade).moneynessPct = 80; },
            "Day trade moneyness must be between 0% and 50% (got 80)");
        row(
            "empty window",
            [](AppConfig &c) {
                c.dispatcher.params(Strategy::Swing).minDte = 30;
                c.dispatcher.params(Strategy::Swing).maxDte = 7;
            },
            "Swing expiry window is empty: maximum 7 days is below minimum 30 days");
        row(
            "risk 0", [](AppConfig &c) { c.dispatcher.params(Strategy::Conservative).riskPct = 0; },
            "Conservative risk budget must be above 0% and at most 100% of equity (got 0%)");
        row(
            "orders per day", [](AppConfig &c) { c.dispatcher.risk.maxOrdersPerDay = -1; },
            "Max orders per day (0 = no limit) must be between 0 and 100000 (got -1)");
        row(
            "contracts", [](AppConfig &c) { c.dispatcher.risk.maxContractsPerOrder = -2; },
            "Max contracts per order (0 = no limit) must be between 0 and 100000 (got -2)");
        row(
            "notional", [](AppConfig &c) { c.dispatcher.risk.maxNotionalPerOrder = -100; },
            "Max notional per order in dollars (0 = no limit) must be between 0 and");
        row(
            "daily loss", [](AppConfig &c) { c.dispatcher.risk.maxDailyLoss = std::nan(""); },
            "Max daily loss in dollars (0 = no limit) must be between 0 and 1000000000000 (got "
            "not a number)");
        row(
            "interval", [](AppConfig &c) { c.dispatcher.timerIntervalSec = 0; },
            "Dispatcher interval must be between 1 s and 86400 s (got 0)");
        row(
            "ticket expiry", [](AppConfig &c) { c.dispatcher.ticketMaxAgeSec = 1; },
            "Ticket expiry must be between 5 s and 86400 s (got 1)");
        row(
            "quote age", [](AppConfig &c) { c.dispatcher.maxQuoteAgeSec = 0; },
            "Maximum quote age must be between 1 s and 3600 s (got 0)");
        row(
            "off-hours quote age",
            [](AppConfig &c) { c.dispatcher.maxQuoteAgeOffHoursSec = 400000; },
            "Maximum quote age outside regular hours must be between 1 s and 345600 s (got "
            "400000)");
        row(
            "poll interval", [](AppConfig &c) { c.dispatcher.orderPollIntervalMs = 10; },
            "Order status poll interval must be between 100 ms and 600000 ms (got 10)");
        row(
            "unknown window", [](AppConfig &c) { c.dispatcher.unknownOrderWindowMin = 0; },
            "Unknown order reconciliation window must be between 1 min and 1440 min (got 0)");
        row(
            "reconcile days", [](AppConfig &c) { c.dispatcher.reconcileDays = 0; },
            "Days of account orders reconciled at start must be between 1 and 30 (got 0)");
        row(
            "strike band", [](AppConfig &c) { c.dispatcher.strikeBandPct = 0; },
            "Strike band must be between 1% and 100% (got 0)");
        row(
            "delta", [](AppConfig &c) { c.dispatcher.maxOtmAbsDelta = 1.5; },
            "Maximum |delta| of an out-of-the-money contract must be above 0 and at most 1 "
            "(got 1.5)");
        row(
            "feed", [](AppConfig &c) { c.endpoints.feed = QStringLiteral("sip"); },
            "Data feed \"sip\" is unknown; use indicative or opra");
        row(
            "timeout", [](AppConfig &c) { c.endpoints.requestTimeoutMs = 0; },
            "Request timeout must be between 1000 ms and 120000 ms (got 0)");
        row(
            "plain http",
            [](AppConfig &c) {
                c.endpoints.tradingUrl = QUrl(QStringLiteral("http://api.example.com"));
            },
            "Trading URL http://api.example.com uses plain http: use https://");
        row(
            "not a url",
            [](AppConfig &c) { c.endpoints.dataUrl = QUrl(QStringLiteral("data.example.com")); },
            "Market data URL \"data.example.com\" is not a valid URL");
        row(
            "ftp",
            [](AppConfig &c) {
                c.endpoints.dataUrl = QUrl(QStringLiteral("ftp://data.example.com"));
            },
            "unsupported scheme \"ftp\"");
        row(
            "live without opt-in",
            [](AppConfig &c) {
                c.endpoints.tradingUrl = QUrl(QString::fromLatin1(Endpoints::kLiveTradingUrl));
            },
            "The trading URL is Alpaca's live API: turn on live trading explicitly");
        row(
            "db password",
            [](AppConfig &c) {
                c.databaseUrl = QStringLiteral("postgresql://trader:hunter2@db.example.com/book");
            },
            "Database URL must not contain a password");
        row(
            "db scheme", [](AppConfig &c) { c.databaseUrl = QStringLiteral("mysql://db/book"); },
            "Database URL \"mysql://...\" is neither sqlite:/path/file.db nor");
        row(
            "penny class",
            [](AppConfig &c) {
                c.dispatcher.extraPennyClasses = {"ABNB", "AB$"};
            },
            "Extra penny classes: \"AB$\" is not an option class (1 to 6 capital letters or "
            "digits, starting with a letter, e.g. ABNB)");
        row(
            "url with key",
            [](AppConfig &c) {
                c.endpoints.tradingUrl =
                    QUrl(QStringLiteral("https://AKID:SECRETX@api.example.com"));
            },
            "Trading URL must not carry a user name or password");
    }

    void invalidRefused() {
        QFETCH(Mutation, mutate);
        QFETCH(QString, message);
        AppConfig c;
        mutate(c);
        const auto v = validate(c);
        QVERIFY(!v.ok());
        const QString got = QString::fromStdString(v.error().message);
        QVERIFY2(got.contains(message), qPrintable(got));
        QCOMPARE(validationErrors(c).size(), std::size_t(1)); // only the broken value
        QVERIFY(!got.contains(QLatin1String("hunter2")) && !got.contains(QLatin1String("SECRETX")));

        // Nothing saved: a new file is not even created, an existing one keeps its bytes.
        const QString fresh = path(QStringLiteral("refused-%1.ini").arg(QTest::currentDataTag()));
        const auto saved = saveFile(c, fresh);
        QVERIFY(!saved.ok());
        QCOMPARE(QString::fromStdString(saved.error().message), got);
        QVERIFY(!QFile::exists(fresh));
        const QString existing = path(QStringLiteral("existing.ini"));
        QVERIFY(saveFile(AppConfig{}, existing).ok());
        const QByteArray before = readAll(existing);
        QVERIFY(!saveFile(c, existing).ok());
        QCOMPARE(readAll(existing), before);
    }

    void unreadableValues_data() {
        QTest::addColumn<QByteArray>("ini");
        QTest::addColumn<QString>("message");
        QTest::newRow("text spread") << QByteArray("[gates]\nmax_spread_pct=abc\n")
                                     << "gates/max_spread_pct \"abc\" is not a number";
        QTest::newRow("fraction OI") << QByteArray("[gates]\nmin_open_interest=1.5\n")
                                     << "gates/min_open_interest \"1.5\" is not a whole number";
        QTest::newRow("mode") << QByteArray("[dispatcher]\nmode=turbo\n")
                              << "dispatcher/mode \"turbo\" is not one of manual, auto";
        QTest::newRow("order type") << QByteArray("[dispatcher]\norder_type=stop\n")
                                    << "dispatcher/order_type \"stop\" is not one of limit, market";
        QTest::newRow("bool") << QByteArray("[dispatcher]\nlive_trading=maybe\n")
                              << "dispatcher/live_trading \"maybe\" is not true or false";
        QTest::newRow("moneyness")
            << QByteArray("[strategy_swing]\nmoneyness=DEEP\n")
            << "strategy_swing/moneyness \"DEEP\" is not one of OTM, ATM, ITM";
        QTest::newRow("penny classes")
            << QByteArray("[dispatcher]\nextra_penny_classes=ABNB, AB$\n")
            << "dispatcher/extra_penny_classes: \"AB$\" is not an option class";
        QTest::newRow("limit rounding")
            << QByteArray("[dispatcher]\nlimit_rounding=up\n")
            << "dispatcher/limit_rounding \"up\" is not one of passive, nearest";
        QTest::newRow("flash setting")
            << QByteArray("[display]\nflash_changes=sometimes\n")
            << "display/flash_changes \"sometimes\" is not true or false";
        QTest::newRow("retired penny_program key is ignored")
            << QByteArray("[dispatcher]\npenny_program=false\n") << QString();
        QTest::newRow("out of range after parse")
            << QByteArray("[dispatcher]\ninterval_sec=0\n")
            << "Dispatcher interval must be between 1 s and 86400 s (got 0)";
        QTest::newRow("live url, no opt-in")
            << QByteArray("[endpoints]\ntrading_url=https://api.alpaca.markets\n")
            << "turn on live trading explicitly";
        QTest::newRow("live url with opt-in is fine")
            << QByteArray("[endpoints]\ntrading_url=https://api.alpaca.markets\n"
                          "[dispatcher]\nlive_trading=true\n")
            << QString();
    }

    void unreadableValues() {
        QFETCH(QByteArray, ini);
        QFETCH(QString, message);
        const QString file = rowFile(QStringLiteral("bad.ini"));
        writeFile(file, ini);
        const auto loaded = loadFile(file);
        if (message.isEmpty()) {
            QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
            return;
        }
        QVERIFY(!loaded.ok());
        const QString got = QString::fromStdString(loaded.error().message);
        QVERIFY2(got.contains(message), qPrintable(got));
        QVERIFY2(got.startsWith(QLatin1String("settings file bad.ini: ")), qPrintable(got));
    }

    void secretsNeverWritten() {
        const QString file = path(QStringLiteral("nosecret.ini"));
        AppConfig c = everythingChanged();
        QVERIFY(saveFile(c, file).ok());
        const QSettings s(file, QSettings::IniFormat);
        for (const QString &key : s.allKeys()) {
            const QString k = key.toLower();
            for (const char *word : {"secret", "password", "passwd", "token", "key_id", "api_key",
                                     "apikey", "credential"})
                QVERIFY2(!k.contains(QLatin1String(word)), qPrintable(key));
        }
        // A password in the database URL or user info in an endpoint is refused, so it can
        // never reach the file.
        c.databaseUrl = QStringLiteral("postgresql://trader:pw-XYZZY@db.example.com/book");
        QVERIFY(!saveFile(c, file).ok());
        QVERIFY(!readAll(file).contains("XYZZY"));
    }

    void secretInFileRefused_data() {
        QTest::addColumn<QByteArray>("ini");
        QTest::newRow("alpaca secret") << QByteArray("[alpaca]\nsecret_key=sk-PLANTED\n");
        QTest::newRow("key id") << QByteArray("[endpoints]\napi_key_id=PLANTED\n");
        QTest::newRow("db password") << QByteArray("[database]\npassword=PLANTED\n");
        QTest::newRow("db url with password")
            << QByteArray("[database]\nurl=postgresql://u:PLANTED@h/db\n");
    }

    void secretInFileRefused() {
        QFETCH(QByteArray, ini);
        const QString file = rowFile(QStringLiteral("planted.ini"));
        writeFile(file, ini);
        const auto loaded = loadFile(file);
        QVERIFY(!loaded.ok());
        const QString got = QString::fromStdString(loaded.error().message);
        QVERIFY2(!got.contains(QLatin1String("PLANTED")), qPrintable(got));
        QVERIFY2(got.contains(QLatin1String("secret")) || got.contains(QLatin1String("password")),
                 qPrintable(got));
    }

    // chaingate-cli reads --config; --db and CHAINGATE_DB override its database, and the chain's
    // gates use its thresholds.
    void cliReadsConfig() {
        const QString file = path(QStringLiteral("cli.ini"));
        AppConfig c;
        c.databaseUrl = QStringLiteral("sqlite:") + path(QStringLiteral("from-file.db"));
        c.dispatcher.gates.maxSpreadPct = 3.5;
        QVERIFY(saveFile(c, file).ok());

        Run r = cli({"signal", "add", "SPY", "CALL", "--json", "--config", file});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("from-file.db"), r.out.constData());

        r = cli({"signal", "add", "SPY", "CALL", "--json", "--config", file, "--db",
                 QStringLiteral("sqlite:") + path(QStringLiteral("from-flag.db"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("from-flag.db"), r.out.constData());

        QProcessEnvironment env;
        env.insert(QStringLiteral("CHAINGATE_DB"),
                   QStringLiteral("sqlite:") + path(QStringLiteral("from-env.db")));
        r = cli({"executions", "--json", "--config", file}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(QFile::exists(path(QStringLiteral("from-env.db"))));

        r = cli({"chain", "SPY", "--dte-max", "3", "--type", "call", "--json", "--as-of",
                 "2026-11-24T15:00:00Z", "--config", file});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray contracts =
            QJsonDocument::fromJson(r.out).object().value(QStringLiteral("contracts")).toArray();
        QVERIFY(!contracts.isEmpty());
        const QJsonObject spread = contracts.first()
                                       .toObject()
                                       .value(QStringLiteral("gates"))
                                       .toObject()
                                       .value(QStringLiteral("spread"))
                                       .toObject();
        QCOMPARE(spread.value(QStringLiteral("threshold")).toDouble(), 3.5);
    }

    // Without --config the window's own settings file is read: the CLI judges by the window's
    // gates and records on the window's database (it used the defaults, and its kill switch
    // could act on another book than the window's).
    void cliReadsTheWindowsFileWithoutConfig() {
        const QString file = path(QStringLiteral("xdg-config/ChainGate/chaingate.ini"));
        AppConfig c;
        c.databaseUrl = QStringLiteral("sqlite:") + path(QStringLiteral("window.db"));
        c.dispatcher.gates.maxSpreadPct = 2.5;
        QVERIFY(saveFile(c, file).ok());
        Run r = cli({"signal", "add", "SPY", "CALL", "--json"});
        const bool removed = QFile::remove(file); // the other tests run without it
        QVERIFY(removed);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("window.db"), r.out.constData());
        QVERIFY(saveFile(c, file).ok());
        r = cli({"chain", "SPY", "--dte-max", "3", "--type", "call", "--json", "--as-of",
                 "2026-11-24T15:00:00Z"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // A bad value there is named, and the defaults apply (as in the window): the command
        // still runs (a kill switch must be pullable).
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write("[gates]\nmax_spread_pct=200\n");
        }
        const Run bad = cli({"calc", "--type", "call", "--spot", "49", "--strike", "50", "--days",
                             "140", "--rate", "0.05", "--vol", "0.2"});
        QFile::remove(file);
        QVERIFY2(bad.exitCode == 0, bad.err.constData());
        QVERIFY2(bad.err.contains("the defaults apply"), bad.err.constData());
        const QJsonArray contracts =
            QJsonDocument::fromJson(r.out).object().value(QStringLiteral("contracts")).toArray();
        QVERIFY(!contracts.isEmpty());
        QCOMPARE(contracts.first()
                     .toObject()
                     .value(QStringLiteral("gates"))
                     .toObject()
                     .value(QStringLiteral("spread"))
                     .toObject()
                     .value(QStringLiteral("threshold"))
                     .toDouble(),
                 2.5);
    }

    // One bad value in the window's file: its database is still the one the kill switch acts on,
    // and no order is placed with the defaults' limits (it pulled the switch on another book and
    // sent 10 contracts where the file said 1).
    void aBadWindowsFileKeepsItsDatabaseAndTradesNothing() {
        const QString file = path(QStringLiteral("xdg-config/ChainGate/chaingate.ini"));
        const QString db = path(QStringLiteral("bad-file-book.db"));
        QVERIFY(QDir().mkpath(QFileInfo(file).absolutePath()));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write("[database]\nurl=sqlite:" + db.toUtf8() +
                    "\n[risk]\nmax_contracts_per_order=1\n[gates]\nmax_spread_pct=150\n");
        }
        const Run kill = cli({"dispatch", "--kill-switch", "status", "--json"});
        const Run trade = cli(
            {"dispatch", "--signal", "SPY:CALL", "--dry-run", "--as-of", "2026-11-24T15:00:00Z"});
        QFile::remove(file);
        QVERIFY2(kill.exitCode == 0, kill.err.constData());
        QVERIFY2(kill.out.contains("bad-file-book.db"), kill.out.constData());
        QVERIFY(trade.exitCode != 0);
        QVERIFY2(trade.err.contains("no order is decided with the defaults"),
                 trade.err.constData());
        QVERIFY2(trade.out.isEmpty(), trade.out.constData());
    }

    // --as-of replays an instant of the DEMO market. With an Alpaca account it only moved the
    // clock: a "replay" sent a real order now, recorded at the replayed time, outside the day's
    // count. Refused before anything is asked or sent.
    void asOfIsRefusedWithAnAlpacaAccount() {
        QProcessEnvironment keys;
        keys.insert(QStringLiteral("APCA_API_KEY_ID"), QStringLiteral("PKTEST"));
        keys.insert(QStringLiteral("APCA_API_SECRET_KEY"), QStringLiteral("secret-test"));
        const Run r = cli({"dispatch", "--signal", "SPY:CALL", "--as-of", "2026-12-02T15:30:00Z",
                           "--db", "sqlite::memory:"},
                          keys);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("--as-of replays an instant of the DEMO market"),
                 r.err.constData());
        // Without keys (DEMO) the same command runs.
        const Run demo = cli({"dispatch", "--signal", "SPY:CALL", "--dry-run", "--as-of",
                              "2026-12-02T15:30:00Z", "--db", "sqlite::memory:"});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
    }

    // The file's endpoints are used (a remote host without keys is refused at once), and the
    // command line's override them.
    void cliFlagsOverrideFileEndpoints() {
        const QString file = path(QStringLiteral("cli-endpoints.ini"));
        AppConfig c;
        c.endpoints.tradingUrl = QUrl(QStringLiteral("https://broker.example.com"));
        c.endpoints.dataUrl = QUrl(QStringLiteral("https://data.example.com"));
        QVERIFY(saveFile(c, file).ok());
        Run r = cli({"account", "--json", "--config", file});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("No Alpaca API keys"), r.err.constData());
        // Alpaca's own URLs named without keys ask for Alpaca too: refused, never DEMO.
        r = cli({"account", "--json", "--config", file, "--trading-url",
                 QString::fromLatin1(Endpoints::kPaperTradingUrl), "--data-url",
                 QString::fromLatin1(Endpoints::kDataUrl)});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("No Alpaca API keys"), r.err.constData());
        // The command line's override the file's: its remote host is not what is refused.
        QVERIFY2(!r.err.contains("example.com"), r.err.constData());
    }

    void cliRefusesBadConfig() {
        const QString file = path(QStringLiteral("cli-bad.ini"));
        writeFile(file, "[gates]\nmax_spread_pct=200\n");
        Run r = cli({"executions", "--config", file});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("Maximum spread must be above 0% and at most 100% (got 200%)"),
                 r.err.constData());
        r = cli({"executions", "--config", path(QStringLiteral("missing.ini"))});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("does not exist"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
