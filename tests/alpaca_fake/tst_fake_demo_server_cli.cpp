// `chaingate-cli demo-server` as a process: prints its URL, serves with the faults asked for,
// refuses a bad fault spec, and exits cleanly on SIGTERM and SIGINT.

#include "fake_alpaca/demo_credentials.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <csignal>

class TestFakeDemoServerCli : public QObject {
    Q_OBJECT

    static QUrl startServer(QProcess &p, const QStringList &extra) {
        p.start(QStringLiteral(CHAINGATE_CLI),
                QStringList{QStringLiteral("demo-server"), QStringLiteral("--port"),
                            QStringLiteral("0")} +
                    extra);
        if (!p.waitForStarted(10000))
            return {};
        const QRegularExpression line(
            QStringLiteral("Fake Alpaca listening on (http://127\\.0\\.0\\.1:\\d+)"));
        QByteArray out;
        for (int i = 0; i < 300 && !out.contains('\n'); ++i) {
            p.waitForReadyRead(100);
            out += p.readAllStandardOutput();
        }
        const auto m = line.match(QString::fromUtf8(out));
        return m.hasMatch() ? QUrl(m.captured(1)) : QUrl();
    }

    // GET with the demo keys: the body, and the HTTP status in *code.
    static QByteArray get(QNetworkAccessManager &nam, const QUrl &url, int *code = nullptr) {
        QNetworkRequest req(url);
        req.setRawHeader("APCA-API-KEY-ID", cg::fake::kDemoKeyId);
        req.setRawHeader("APCA-API-SECRET-KEY", cg::fake::kDemoSecret);
        req.setTransferTimeout(10000);
        QNetworkReply *reply = nam.get(req);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        if (code)
            *code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        delete reply;
        return body;
    }

    static int status(QNetworkAccessManager &nam, const QUrl &url) {
        int code = 0;
        get(nam, url, &code);
        return code;
    }

private Q_SLOTS:
    void servesAndStopsOnSignals_data() {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
    }

    void servesAndStopsOnSignals() {
        QFETCH(int, signal);
        QProcess p;
        // --demo, a global option every command takes, is taken here too (it was refused).
        const QUrl base = startServer(p, {QStringLiteral("--faults"), QStringLiteral("500s=1"),
                                          QStringLiteral("--seed"), QStringLiteral("7"),
                                          QStringLiteral("--demo")});
        QVERIFY2(base.isValid() && base.port() > 0, p.readAllStandardError().constData());
        QNetworkAccessManager nam;
        const QUrl account(base.toString() + QStringLiteral("/v2/account"));
        QCOMPARE(status(nam, account), 500);
        QCOMPARE(status(nam, account), 200);
        QCOMPARE(
            status(nam, QUrl(base.toString() + QStringLiteral("/v1beta1/options/snapshots/SPY"))),
            200);
        ::kill(static_cast<pid_t>(p.processId()), signal);
        QVERIFY(p.waitForFinished(15000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
    }

    // What a newcomer needs to point any Alpaca client at it is printed at start, and --as-of
    // sets the market's clock: /v2/clock answers that instant (running from there).
    void printsHowToConnectAndReplaysAsOf() {
        QProcess p;
        p.start(QStringLiteral(CHAINGATE_CLI),
                {QStringLiteral("demo-server"), QStringLiteral("--port"), QStringLiteral("0"),
                 QStringLiteral("--as-of"), QStringLiteral("2025-03-12T10:00")});
        QVERIFY(p.waitForStarted(10000));
        QByteArray out;
        for (int i = 0; i < 300 && !out.contains("APCA_API_SECRET_KEY="); ++i) {
            p.waitForReadyRead(100);
            out += p.readAllStandardOutput();
        }
        const QString text = QString::fromUtf8(out);
        const auto m = QRegularExpression(
                           QStringLiteral("export APCA_API_BASE_URL=(http://127\\.0\\.0\\.1:\\d+) "
                                          "APCA_API_DATA_URL=(\\S+) APCA_API_KEY_ID=(\\S+) "
                                          "APCA_API_SECRET_KEY=(\\S+)"))
                           .match(text);
        QVERIFY2(m.hasMatch(), qPrintable(text));
        QCOMPARE(m.captured(2), m.captured(1));
        QCOMPARE(m.captured(3), QString::fromLatin1(cg::fake::kDemoKeyId));
        QCOMPARE(m.captured(4), QString::fromLatin1(cg::fake::kDemoSecret));
        // 10:00 in New York on 2025-03-12 (EDT) is 14:00 UTC.
        QVERIFY2(text.contains(QLatin1String("Market clock 2025-03-12T14:00:")), qPrintable(text));

        const QUrl base(m.captured(1));
        QNetworkAccessManager nam;
        const QByteArray body = get(nam, QUrl(base.toString() + QStringLiteral("/v2/clock")));
        QVERIFY2(body.contains("\"timestamp\":\"2025-03-12T10:0"), body.constData());

        // The printed lines work as printed: chaingate-cli in "another shell" with them set.
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("APCA_API_BASE_URL"), m.captured(1));
        env.insert(QStringLiteral("APCA_API_DATA_URL"), m.captured(2));
        env.insert(QStringLiteral("APCA_API_KEY_ID"), m.captured(3));
        env.insert(QStringLiteral("APCA_API_SECRET_KEY"), m.captured(4));
        cli.setProcessEnvironment(env);
        cli.start(QStringLiteral(CHAINGATE_CLI),
                  {QStringLiteral("account"), QStringLiteral("--json")});
        QVERIFY(cli.waitForFinished(60000));
        const QByteArray account = cli.readAllStandardOutput();
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        QCOMPARE(QJsonDocument::fromJson(account)["mode"].toString(), QStringLiteral("DEMO"));

        p.terminate();
        QVERIFY(p.waitForFinished(15000));
    }

    void refusesABadFaultSpec() {
        QProcess p;
        p.start(QStringLiteral(CHAINGATE_CLI),
                {QStringLiteral("demo-server"), QStringLiteral("--faults"),
                 QStringLiteral("teapot=1")});
        QVERIFY(p.waitForFinished(15000));
        QCOMPARE(p.exitCode(), 1);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(QLatin1String("Unknown fault 'teapot'")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestFakeDemoServerCli)
#include "tst_fake_demo_server_cli.moc"
