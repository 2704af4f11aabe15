// DEMO, PAPER or LIVE from the keys, the flags and the endpoints: every case chaingate-cli and
// the window rely on, decided by the one pure resolver (no server is started here).

#include "alpaca/resolve_mode.h"

#include <QTest>

using namespace cg;
using namespace cg::alpaca;

namespace {

const KeyPair kDemo{QStringLiteral("DEMO-KEY"), QStringLiteral("demo-secret")};

ModeInputs inputs(QProcessEnvironment env = {}) {
    ModeInputs in;
    in.env = env;
    in.demoKeys = kDemo;
    return in;
}

QProcessEnvironment withKeys(const QString &keyId, const QString &secret) {
    QProcessEnvironment env;
    env.insert(QStringLiteral("APCA_API_KEY_ID"), keyId);
    env.insert(QStringLiteral("APCA_API_SECRET_KEY"), secret);
    return env;
}

QString modeText(TradingMode m) {
    return QString::fromLatin1(toString(m).data());
}

// What an order placed in that mode is recorded as (ALPACA_PAPER, ...).
QString recordedAs(TradingMode m) {
    return QString::fromLatin1(toString(recordedExecutionMode(m)).data());
}

} // namespace

class TestResolveMode : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void noKeysDefaultUrlsIsDemoOnTheInProcessServer() {
        const auto d = resolveMode(inputs());
        QVERIFY(d.ok());
        QCOMPARE(modeText(d->mode), QStringLiteral("DEMO"));
        QVERIFY(d->needsDemoBackend);
        QCOMPARE(d->config.keyId, kDemo.keyId);
        QCOMPARE(d->config.secret, kDemo.secret);
        QCOMPARE(recordedAs(d->mode), QStringLiteral("DEMO"));
    }

    void keysArePaperOrLive() {
        auto d = resolveMode(inputs(withKeys(QStringLiteral("PK1"), QStringLiteral("s"))));
        QVERIFY(d.ok());
        QCOMPARE(modeText(d->mode), QStringLiteral("PAPER"));
        QVERIFY(!d->needsDemoBackend);
        QCOMPARE(d->config.keyId, QStringLiteral("PK1"));
        QCOMPARE(d->config.tradingUrl, QUrl("https://paper-api.alpaca.markets"));
        QCOMPARE(recordedAs(d->mode), QStringLiteral("ALPACA_PAPER"));

        ModeInputs live = inputs(withKeys(QStringLiteral("AK1"), QStringLiteral("s")));
        live.flags.tradingUrl = QUrl("https://api.alpaca.markets");
        d = resolveMode(live);
        QVERIFY(d.ok());
        QCOMPARE(modeText(d->mode), QStringLiteral("LIVE"));
        QCOMPARE(recordedAs(d->mode), QStringLiteral("ALPACA_LIVE"));

        // The settings file's endpoints count too (below the environment and the flags).
        ModeInputs fromFile = inputs(withKeys(QStringLiteral("AK1"), QStringLiteral("s")));
        fromFile.file.tradingUrl = QUrl("https://api.alpaca.markets");
        QCOMPARE(modeText(resolveMode(fromFile)->mode), QStringLiteral("LIVE"));
    }

    void demoKeysOnLoopbackAreDemo() {
        // `chaingate-cli demo-server`'s export line, pasted into another shell.
        QProcessEnvironment env = withKeys(kDemo.keyId, kDemo.secret);
        env.insert(QStringLiteral("APCA_API_BASE_URL"), QStringLiteral("http://127.0.0.1:8787"));
        env.insert(QStringLiteral("APCA_API_DATA_URL"), QStringLiteral("http://127.0.0.1:8787"));
        const auto d = resolveMode(inputs(env));
        QVERIFY(d.ok());
        QCOMPARE(modeText(d->mode), QStringLiteral("DEMO"));
        QVERIFY(!d->needsDemoBackend);
        QCOMPARE(d->config.tradingUrl, QUrl("http://127.0.0.1:8787"));
    }

    void noKeysLoopbackUrlsUseTheDemoKeysThere() {
        ModeInputs in = inputs();
        in.flags.tradingUrl = QUrl("http://127.0.0.1:8787");
        in.flags.dataUrl = QUrl("http://localhost:8787");
        const auto d = resolveMode(in);
        QVERIFY(d.ok());
        QCOMPARE(modeText(d->mode), QStringLiteral("DEMO"));
        QVERIFY(!d->needsDemoBackend);
        QCOMPARE(d->config.keyId, kDemo.keyId);
        QCOMPARE(d->config.dataUrl, QUrl("http://localhost:8787"));
    }

    void noKeysRemoteUrlIsAnError() {
        ModeInputs in = inputs();
        in.flags.tradingUrl = QUrl("https://broker.example.com");
        const auto d = resolveMode(in);
        QVERIFY(!d.ok());
        QVERIFY2(QString::fromStdString(d.error().message)
                     .startsWith(QStringLiteral("No Alpaca API keys: set APCA_API_KEY_ID")),
                 d.error().message.c_str());

        // The window opens DEMO instead, so the trader can enter keys in Settings.
        in.noKeysRemoteFallsBackToDemo = true;
        const auto window = resolveMode(in);
        QVERIFY(window.ok());
        QCOMPARE(modeText(window->mode), QStringLiteral("DEMO"));
        QVERIFY(window->needsDemoBackend);
    }

    // Alpaca's own paper URL named on the command line or in the environment, with no keys: a
    // mistyped key variable, not a wish for DEMO (a service ran the simulator on the real book).
    void noKeysWithAlpacasPaperUrlNamedIsAnError() {
        ModeInputs flag = inputs();
        flag.flags.tradingUrl = QUrl("https://paper-api.alpaca.markets");
        auto d = resolveMode(flag);
        QVERIFY(!d.ok());
        QVERIFY2(QString::fromStdString(d.error().message).startsWith(QStringLiteral("No Alpaca")),
                 d.error().message.c_str());
        QProcessEnvironment env;
        env.insert(QStringLiteral("APCA_API_BASE_URL"),
                   QStringLiteral("https://paper-api.alpaca.markets"));
        d = resolveMode(inputs(env));
        QVERIFY(!d.ok());
        // Where the URL came from is named: an exported variable is easy to forget.
        QVERIFY2(d.error().message.find("APCA_API_BASE_URL=https://paper-api.alpaca.markets") !=
                     std::string::npos,
                 d.error().message.c_str());
        // The settings file's endpoints (the window saves the defaults there) still mean DEMO.
        ModeInputs file = inputs();
        file.file.tradingUrl = QUrl("https://paper-api.alpaca.markets");
        d = resolveMode(file);
        QVERIFY(d.ok());
        QCOMPARE(modeText(d->mode), QStringLiteral("DEMO"));
    }

    void demoOnlyWinsOverKeysAndNeverAsksTheKeychain() {
        // --demo, the window's --as-of, screenshots.
        ModeInputs in = inputs(withKeys(QStringLiteral("AK1"), QStringLiteral("s")));
        in.flags.tradingUrl = QUrl("https://api.alpaca.markets");
        in.demoOnly = true;
        int asked = 0;
        in.storedKeys = [&asked] {
            ++asked;
            return std::optional<KeyPair>(KeyPair{QStringLiteral("K"), QStringLiteral("S")});
        };
        const auto d = resolveMode(in);
        QVERIFY(d.ok());
        QCOMPARE(modeText(d->mode), QStringLiteral("DEMO"));
        QVERIFY(d->needsDemoBackend);
        QCOMPARE(d->config.keyId, kDemo.keyId); // never the real keys
        QCOMPARE(asked, 0);
    }

    void storedKeysOnlyWhenTheEnvironmentHasNone() {
        int asked = 0;
        const auto keychain = [&asked] {
            ++asked;
            return std::optional<KeyPair>(
                KeyPair{QStringLiteral("PKSTORED"), QStringLiteral("stored")});
        };
        ModeInputs in = inputs();
        in.storedKeys = keychain;
        auto d = resolveMode(in);
        QVERIFY(d.ok());
        QCOMPARE(modeText(d->mode), QStringLiteral("PAPER"));
        QCOMPARE(d->config.keyId, QStringLiteral("PKSTORED"));
        QCOMPARE(asked, 1);

        // The environment wins, and the keychain is not asked.
        in = inputs(withKeys(QStringLiteral("PKENV"), QStringLiteral("env")));
        in.storedKeys = keychain;
        d = resolveMode(in);
        QVERIFY(d.ok());
        QCOMPARE(d->config.keyId, QStringLiteral("PKENV"));
        QCOMPARE(asked, 1);

        // A loopback server (`demo-server` elsewhere) is DEMO with the demo keys: the trader's
        // stored keys are not asked for, so never sent to it over plain http.
        in = inputs();
        in.flags.tradingUrl = QUrl("http://127.0.0.1:8787");
        in.flags.dataUrl = QUrl("http://localhost:8787");
        in.storedKeys = keychain;
        d = resolveMode(in);
        QVERIFY(d.ok());
        QCOMPARE(modeText(d->mode), QStringLiteral("DEMO"));
        QCOMPARE(d->config.keyId, kDemo.keyId);
        QCOMPARE(asked, 1);

        // An empty keychain: DEMO as without keys.
        in = inputs();
        in.storedKeys = [] { return std::optional<KeyPair>(); };
        d = resolveMode(in);
        QVERIFY(d.ok());
        QVERIFY(d->needsDemoBackend);
    }

    void invalidEndpointsAreRefusedEvenInDemo() {
        QProcessEnvironment env;
        env.insert(QStringLiteral("APCA_API_BASE_URL"),
                   QStringLiteral("http://broker.example.com"));
        ModeInputs in = inputs(env);
        in.demoOnly = true;
        QVERIFY(!resolveMode(in).ok()); // plain http beyond loopback
    }

    void modeNames() {
        QCOMPARE(modeText(TradingMode::Demo), QStringLiteral("DEMO"));
        QCOMPARE(modeText(TradingMode::Paper), QStringLiteral("PAPER"));
        QCOMPARE(modeText(TradingMode::Live), QStringLiteral("LIVE"));
    }
};

QTEST_GUILESS_MAIN(TestResolveMode)
#include "tst_resolve_mode.moc"
