// TLS to PostgreSQL off loopback: the URL decides what libpq is asked for. A remote host gets
// sslmode=require unless the URL says otherwise, verify-full (with sslrootcert) passes through,
// and a mode that may send the password in clear is refused unless allow_plaintext=1 says the
// user accepts it, like plain http to Alpaca. Loopback is left to libpq's default.

#include "storage/database_url.h"

#include <QtTest>

using namespace cg;

class TestDatabaseUrl : public QObject {
    Q_OBJECT

    static QStringList options(const DatabaseUrl &u) {
        return u.connectOptions.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    }

private Q_SLOTS:
    void loopbackHosts_data() {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("loopback");
        QTest::newRow("127.0.0.1") << "127.0.0.1" << true;
        QTest::newRow("127.1.2.3") << "127.1.2.3" << true;
        QTest::newRow("localhost") << "localhost" << true;
        QTest::newRow("LOCALHOST") << "LOCALHOST" << true;
        QTest::newRow("::1") << "::1" << true;
        QTest::newRow("0:0:0:0:0:0:0:1") << "0:0:0:0:0:0:0:1" << true;
        QTest::newRow("socket folder") << "/var/run/postgresql" << true;
        QTest::newRow("10.0.0.5") << "10.0.0.5" << false;
        QTest::newRow("128.0.0.1") << "128.0.0.1" << false;
        QTest::newRow("127.example.com") << "127.example.com" << false;
        QTest::newRow("localhost.evil.com") << "localhost.evil.com" << false;
        QTest::newRow("db.example.com") << "db.example.com" << false;
        QTest::newRow("::2") << "::2" << false;
    }
    void loopbackHosts() {
        QFETCH(QString, host);
        QFETCH(bool, loopback);
        QCOMPARE(isLoopbackDatabaseHost(host), loopback);
    }

    void remoteDefaultsToRequire() {
        auto u = parseDatabaseUrl(QStringLiteral("postgresql://trader:pw@db.example.com/book"));
        QVERIFY2(u.ok(), u.ok() ? "" : u.error().message.c_str());
        QCOMPARE(u->sslMode, QStringLiteral("require"));
        QVERIFY(options(*u).contains(QStringLiteral("sslmode=require")));
        QVERIFY(options(*u).contains(QStringLiteral("connect_timeout=5")));
        QVERIFY(!u->plaintextAllowed);
    }

    void loopbackKeepsLibpqDefault() {
        auto u = parseDatabaseUrl(QStringLiteral("postgresql://trader:pw@127.0.0.1:5433/book"));
        QVERIFY(u.ok());
        QVERIFY(u->sslMode.isEmpty());
        QCOMPARE(options(*u), QStringList{QStringLiteral("connect_timeout=5")});
        // Plain on loopback is fine without asking.
        auto plain = parseDatabaseUrl(QStringLiteral("postgresql://t@localhost/b?sslmode=disable"));
        QVERIFY(plain.ok());
        QVERIFY(options(*plain).contains(QStringLiteral("sslmode=disable")));
    }

    void verifyFullPassesThrough() {
        auto u = parseDatabaseUrl(QStringLiteral(
            "postgresql://t:pw@db.example.com/b?sslmode=verify-full&sslrootcert=/etc/cg/ca.pem"));
        QVERIFY2(u.ok(), u.ok() ? "" : u.error().message.c_str());
        QCOMPARE(u->sslMode, QStringLiteral("verify-full"));
        QVERIFY(options(*u).contains(QStringLiteral("sslmode=verify-full")));
        QVERIFY(options(*u).contains(QStringLiteral("sslrootcert=/etc/cg/ca.pem")));
        QCOMPARE(options(*u).filter(QStringLiteral("sslmode=")).size(), 1);
        QVERIFY(sslModeEncrypts(QStringLiteral("verify-ca")));
    }

    void plainToARemoteHostIsRefused_data() {
        QTest::addColumn<QString>("mode");
        QTest::newRow("disable") << "disable";
        QTest::newRow("allow") << "allow";
        QTest::newRow("prefer") << "prefer"; // falls back to plain text without a word
    }
    void plainToARemoteHostIsRefused() {
        QFETCH(QString, mode);
        auto u = parseDatabaseUrl(
            QStringLiteral("postgresql://t:s3cretpw@10.0.0.5/b?sslmode=%1").arg(mode));
        QVERIFY(!u.ok());
        const QString why = QString::fromStdString(u.error().message);
        QVERIFY2(why.contains(QStringLiteral("Refused")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("allow_plaintext=1")), qPrintable(why));
        QVERIFY2(!why.contains(QStringLiteral("s3cretpw")), qPrintable(why));

        // The user says so: allowed, as asked.
        auto ok = parseDatabaseUrl(
            QStringLiteral("postgresql://t:pw@10.0.0.5/b?sslmode=%1&allow_plaintext=1").arg(mode));
        QVERIFY2(ok.ok(), ok.ok() ? "" : ok.error().message.c_str());
        QCOMPARE(ok->sslMode, mode);
        QVERIFY(ok->plaintextAllowed);
        // allow_plaintext is ChainGate's, never handed to libpq.
        QVERIFY(!ok->connectOptions.contains(QStringLiteral("allow_plaintext")));
    }

    void allowPlaintextAloneMeansPrefer() {
        auto u =
            parseDatabaseUrl(QStringLiteral("postgresql://t@db.example.com/b?allow_plaintext=1"));
        QVERIFY(u.ok());
        QCOMPARE(u->sslMode, QStringLiteral("prefer"));
        auto no =
            parseDatabaseUrl(QStringLiteral("postgresql://t@db.example.com/b?allow_plaintext=0"));
        QVERIFY(no.ok());
        QCOMPARE(no->sslMode, QStringLiteral("require"));
    }

    void badValuesAreRefused() {
        QVERIFY(!parseDatabaseUrl(QStringLiteral("postgresql://t@db/b?sslmode=maybe")).ok());
        QVERIFY(
            !parseDatabaseUrl(QStringLiteral("postgresql://t@db/b?allow_plaintext=perhaps")).ok());
        QVERIFY(!parseDatabaseUrl(QStringLiteral("postgresql://t@db/b?sslrootcert=a%20b")).ok());
    }

    void effectiveModes() {
        QCOMPARE(effectiveSslMode(QStringLiteral("db"), {}, false), QStringLiteral("require"));
        QCOMPARE(effectiveSslMode(QStringLiteral("db"), {}, true), QStringLiteral("prefer"));
        QCOMPARE(effectiveSslMode(QStringLiteral("db"), QStringLiteral("verify-full"), false),
                 QStringLiteral("verify-full"));
        QCOMPARE(effectiveSslMode(QStringLiteral("127.0.0.1"), {}, false), QString());
    }
};

QTEST_GUILESS_MAIN(TestDatabaseUrl)
#include "tst_database_url.moc"
