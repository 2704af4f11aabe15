// Where the client connects: defaults, environment, overrides, and the refusals (plain http
// beyond loopback, malformed URLs, half a key pair, unknown feeds).

#include "alpaca/alpaca_config.h"
#include "alpaca/resolve_endpoints.h"

#include <QTest>

using namespace cg;

class TestAlpacaConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaults() {
        const alpaca::AlpacaConfig c = alpaca::AlpacaConfig::fromEnvironment(QProcessEnvironment());
        QCOMPARE(c.tradingUrl, QUrl("https://paper-api.alpaca.markets"));
        QCOMPARE(c.dataUrl, QUrl("https://data.alpaca.markets"));
        QCOMPARE(c.feed, QStringLiteral("indicative"));
        QCOMPARE(c.timeoutMs, 10000);
        QVERIFY(!c.hasKeys()); // DEMO mode
        QVERIFY(c.paper());
        QVERIFY(c.validate().ok());
    }

    void fromEnvironment() {
        QProcessEnvironment env;
        env.insert("APCA_API_BASE_URL", "https://api.alpaca.markets");
        env.insert("APCA_API_DATA_URL", " https://data.sandbox.alpaca.markets ");
        env.insert("APCA_API_KEY_ID", "AK123");
        env.insert("APCA_API_SECRET_KEY", "s3cr3t");
        const alpaca::AlpacaConfig c = alpaca::AlpacaConfig::fromEnvironment(env);
        QCOMPARE(c.tradingUrl, QUrl("https://api.alpaca.markets"));
        QCOMPARE(c.dataUrl, QUrl("https://data.sandbox.alpaca.markets"));
        QVERIFY(c.hasKeys());
        QVERIFY(!c.paper()); // live
        QVERIFY(c.validate().ok());
    }

    void emptyVariablesKeepDefaults() {
        QProcessEnvironment env;
        env.insert("APCA_API_BASE_URL", "");
        env.insert("APCA_API_KEY_ID", "");
        const alpaca::AlpacaConfig c = alpaca::AlpacaConfig::fromEnvironment(env);
        QCOMPARE(c.tradingUrl, QUrl("https://paper-api.alpaca.markets"));
        QVERIFY(!c.hasKeys());
    }

    void urls_data() {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("words");
        QTest::newRow("https") << "https://paper-api.alpaca.markets" << true << "";
        QTest::newRow("https with port and path")
            << "https://proxy.example:8443/alpaca/" << true << "";
        QTest::newRow("http loopback v4") << "http://127.0.0.1:18080" << true << "";
        QTest::newRow("http loopback 127/8") << "http://127.0.0.2:18080" << true << "";
        QTest::newRow("http localhost") << "http://localhost:18080" << true << "";
        QTest::newRow("http LOCALHOST") << "http://LOCALHOST:18080" << true << "";
        QTest::newRow("http loopback v6") << "http://[::1]:18080" << true << "";
        QTest::newRow("http remote") << "http://paper-api.alpaca.markets" << false << "plain http";
        QTest::newRow("http lan") << "http://192.168.1.10:8080" << false << "plain http";
        QTest::newRow("http localhost lookalike")
            << "http://localhost.evil.example" << false << "plain http";
        QTest::newRow("http 127 lookalike") << "http://127.0.0.1.nip.io" << false << "plain http";
        QTest::newRow("ftp") << "ftp://example.com" << false << "unsupported scheme";
        QTest::newRow("relative") << "paper-api.alpaca.markets" << false << "not a valid URL";
        QTest::newRow("empty") << "" << false << "not a valid URL";
        QTest::newRow("user info")
            << "https://user:pw@paper-api.alpaca.markets" << false << "user name or password";
    }
    void urls() {
        QFETCH(QString, url);
        QFETCH(bool, accepted);
        QFETCH(QString, words);
        alpaca::AlpacaConfig c;
        c.tradingUrl = QUrl(url);
        auto r = c.validate();
        QCOMPARE(r.ok(), accepted);
        if (!accepted) {
            const QString m = QString::fromStdString(r.error().message);
            QVERIFY2(m.contains(words), qPrintable(m));
            QVERIFY(m.contains("APCA_API_BASE_URL"));
            QVERIFY(!m.contains("pw@")); // never echo credentials in a URL
        }
        alpaca::AlpacaConfig d;
        d.dataUrl = QUrl(url);
        QCOMPARE(d.validate().ok(), accepted);
        if (!accepted)
            QVERIFY(
                QString::fromStdString(d.validate().error().message).contains("APCA_API_DATA_URL"));
    }

    void feeds() {
        alpaca::AlpacaConfig c;
        c.feed = "opra";
        QVERIFY(c.validate().ok());
        c.feed = "sip";
        QVERIFY(!c.validate().ok());
        QVERIFY(
            QString::fromStdString(c.validate().error().message).contains("indicative or opra"));
    }

    void halfAKeyPair() {
        alpaca::AlpacaConfig c;
        c.keyId = "AK123";
        QVERIFY(!c.validate().ok());
        QVERIFY(
            QString::fromStdString(c.validate().error().message).contains("APCA_API_SECRET_KEY"));
        QVERIFY(!QString::fromStdString(c.validate().error().message).contains("AK123"));
        c.keyId.clear();
        c.secret = "s3cr3t";
        QVERIFY(!c.validate().ok());
        QVERIFY(!QString::fromStdString(c.validate().error().message).contains("s3cr3t"));
    }

    // One resolver for both front ends: flags, then the environment, then the settings file.
    void resolverPrecedence() {
        config::Endpoints file;
        file.tradingUrl = QUrl("https://file-trading.example");
        file.dataUrl = QUrl("https://file-data.example");
        file.feed = QStringLiteral("opra");
        file.requestTimeoutMs = 4321;
        QProcessEnvironment env;
        auto c = alpaca::resolveEndpoints(file, env);
        QVERIFY(c.ok());
        QCOMPARE(c->tradingUrl, file.tradingUrl);
        QCOMPARE(c->dataUrl, file.dataUrl);
        QCOMPARE(c->feed, QStringLiteral("opra"));
        QCOMPARE(c->timeoutMs, 4321);
        env.insert("APCA_API_BASE_URL", "https://env-trading.example");
        c = alpaca::resolveEndpoints(file, env);
        QCOMPARE(c->tradingUrl, QUrl("https://env-trading.example"));
        QCOMPARE(c->dataUrl, file.dataUrl);
        alpaca::EndpointFlags flags;
        flags.tradingUrl = QUrl("https://flag-trading.example");
        flags.feed = QStringLiteral("indicative");
        c = alpaca::resolveEndpoints(file, env, flags);
        QCOMPARE(c->tradingUrl, QUrl("https://flag-trading.example"));
        QCOMPARE(c->feed, QStringLiteral("indicative"));
        // A plain http file endpoint beyond loopback is refused, whoever names it.
        file.tradingUrl = QUrl("http://remote.example");
        QVERIFY(!alpaca::resolveEndpoints(file, QProcessEnvironment()).ok());

        QCOMPARE(alpaca::resolveDatabaseUrl(std::nullopt, QProcessEnvironment(), "sqlite:/f.db"),
                 QStringLiteral("sqlite:/f.db"));
        QProcessEnvironment db;
        db.insert("CHAINGATE_DB", "sqlite:/env.db");
        QCOMPARE(alpaca::resolveDatabaseUrl(std::nullopt, db, "sqlite:/f.db"),
                 QStringLiteral("sqlite:/env.db"));
        QCOMPARE(alpaca::resolveDatabaseUrl(QStringLiteral("sqlite:/flag.db"), db, "sqlite:/f.db"),
                 QStringLiteral("sqlite:/flag.db"));
    }

    void loopbackHosts() {
        QVERIFY(alpaca::isLoopbackHost("127.0.0.1"));
        QVERIFY(alpaca::isLoopbackHost("::1"));
        QVERIFY(alpaca::isLoopbackHost("localhost"));
        QVERIFY(!alpaca::isLoopbackHost("10.0.0.1"));
        QVERIFY(!alpaca::isLoopbackHost("example.com"));
        QVERIFY(!alpaca::isLoopbackHost(""));
    }
};

QTEST_GUILESS_MAIN(TestAlpacaConfig)
#include "tst_alpaca_config.moc"
