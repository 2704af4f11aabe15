// The fake server's HTTP layer on a raw socket (keep-alive, pipelining, split bodies, garbage),
// the fault grammar, the WebSocket upgrade hand-over and the DEMO backend.

#include "fake_alpaca/demo_backend.h"
#include "fake_server_fixture.h"

#include <QTcpSocket>
#include <QTest>

using namespace cg::fake;
using namespace cg::fake::test;

namespace {

const QByteArray kAuth = QByteArray("APCA-API-KEY-ID: ") + kDemoKeyId +
                         "\r\nAPCA-API-SECRET-KEY: " + kDemoSecret + "\r\n";

QByteArray get(const char *path, const QByteArray &extra = {}) {
    return QByteArray("GET ") + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + kAuth + extra + "\r\n";
}

// Reads until `count` complete responses arrived (or the peer closed); returns them.
QList<QPair<QByteArray, QByteArray>> readResponses(QTcpSocket &s, int count) {
    QByteArray buf;
    QList<QPair<QByteArray, QByteArray>> out;
    QElapsedTimer t;
    t.start();
    while (out.size() < count && t.elapsed() < 10000) {
        for (;;) {
            const qsizetype end = buf.indexOf("\r\n\r\n");
            if (end < 0)
                break;
            const QByteArray head = buf.left(end);
            qsizetype length = 0;
            for (const QByteArray &line : head.split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (buf.size() < end + 4 + length)
                break;
            out.append({head, buf.mid(end + 4, length)});
            buf.remove(0, end + 4 + length);
        }
        if (out.size() >= count || s.state() != QAbstractSocket::ConnectedState)
            break;
        // The server runs on this thread: wait with the event loop, not waitForReadyRead().
        QTest::qWait(10);
        buf += s.readAll();
    }
    return out;
}

} // namespace

class TestFakeHttp : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void faultGrammar() {
        const auto all = FaultSpec::parse(QStringLiteral(
            "latency=200ms,429-burst=3,500s=2,drop-order-response=1,malformed=1,truncated=1,"
            "slow-stream=2s, rate-limit=100 , on=/v2/orders"));
        QVERIFY2(all.ok(), all.ok() ? "" : all.error().message.c_str());
        QCOMPARE(all->latency.count(), 200);
        QCOMPARE(all->burst429, 3);
        QCOMPARE(all->errors500, 2);
        QCOMPARE(all->dropOrderResponses, 1);
        QCOMPARE(all->malformed, 1);
        QCOMPARE(all->truncated, 1);
        QCOMPARE(all->slowStream.count(), 2000);
        QCOMPARE(all->rateLimitPerMinute, 100);
        QCOMPARE(all->pathPrefix, QStringLiteral("/v2/orders"));
        const auto round = FaultSpec::parse(all->toString());
        QVERIFY(round.ok());
        QCOMPARE(round->toString(), all->toString());
        QCOMPARE(FaultSpec::parse(QStringLiteral("latency=150"))->latency.count(), 150);
        QVERIFY(FaultSpec::parse(QString())->isEmpty());
        QVERIFY(FaultSpec::parse(QStringLiteral("none"))->isEmpty());
        for (const char *bad :
             {"latency", "latency=fast", "500s=-1", "teapot=1", "on=v2", "429-burst=1.5"}) {
            const auto r = FaultSpec::parse(QLatin1String(bad));
            QVERIFY2(!r.ok(), bad);
            QVERIFY(!r.error().message.empty());
        }
        QVERIFY(QString::fromStdString(FaultSpec::parse(QStringLiteral("teapot=1")).error().message)
                    .contains(QLatin1String("latency")));
    }

    void keepAliveAndPipelining() {
        Fixture f;
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, f.server.port());
        QVERIFY(s.waitForConnected(5000));
        // Three requests in one write: three answers, in order, on the same connection.
        s.write(get("/v2/clock") + get("/v2/stocks/SPY/trades/latest") + get("/v2/account"));
        const auto answers = readResponses(s, 3);
        QCOMPARE(answers.size(), 3);
        QVERIFY(answers[0].second.contains("is_open"));
        QVERIFY(answers[1].second.contains("\"trade\""));
        QVERIFY(answers[2].second.contains("buying_power"));
        for (const auto &a : answers) {
            QVERIFY(a.first.startsWith("HTTP/1.1 200 OK"));
            QVERIFY(a.first.contains("Connection: keep-alive"));
        }
        // A body split across writes is waited for.
        const QByteArray body =
            R"({"symbol":"SPY","qty":"1","side":"buy","type":"market","time_in_force":"day"})";
        s.write(QByteArray("POST /v2/orders HTTP/1.1\r\nHost: x\r\n") + kAuth +
                "Content-Type: application/json\r\nContent-Length: " +
                QByteArray::number(body.size()) + "\r\n\r\n" + body.left(10));
        s.flush();
        QTest::qWait(50);
        s.write(body.mid(10));
        const auto posted = readResponses(s, 1);
        QCOMPARE(posted.size(), 1);
        QVERIFY2(posted[0].first.startsWith("HTTP/1.1 200"), posted[0].second.constData());
        // Connection: close is honoured.
        s.write(get("/v2/clock", "Connection: close\r\n"));
        const auto last = readResponses(s, 1);
        QCOMPARE(last.size(), 1);
        QVERIFY(last[0].first.contains("Connection: close"));
        QTRY_COMPARE(s.state(), QAbstractSocket::UnconnectedState);
    }

    void latencyKeepsPipelinedOrder() {
        Fixture f;
        f.server.setFaults(*FaultSpec::parse(QStringLiteral("latency=100ms")));
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, f.server.port());
        QVERIFY(s.waitForConnected(5000));
        s.write(get("/v2/account") + get("/v2/clock"));
        const auto answers = readResponses(s, 2);
        QCOMPARE(answers.size(), 2);
        QVERIFY(answers[0].second.contains("buying_power"));
        QVERIFY(answers[1].second.contains("is_open"));
    }

    void garbageGets400AndClose_data() {
        QTest::addColumn<QByteArray>("request");
        QTest::newRow("words") << QByteArray("hello there\r\n\r\n");
        QTest::newRow("version") << QByteArray("GET /v2/clock HTTP/9.9\r\n\r\n");
        QTest::newRow("header") << QByteArray("GET /v2/clock HTTP/1.1\r\nno colon here\r\n\r\n");
        QTest::newRow("length") << QByteArray(
            "POST /v2/orders HTTP/1.1\r\nContent-Length: -3\r\n\r\n");
        QTest::newRow("binary") << QByteArray(QByteArray::fromHex("1603010200010001fc0303") +
                                              "\r\n\r\n");
    }

    void garbageGets400AndClose() {
        QFETCH(QByteArray, request);
        Fixture f;
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, f.server.port());
        QVERIFY(s.waitForConnected(5000));
        s.write(request);
        const auto answers = readResponses(s, 1);
        QCOMPARE(answers.size(), 1);
        QVERIFY2(answers[0].first.startsWith("HTTP/1.1 400"), answers[0].first.constData());
        QVERIFY(
            QJsonDocument::fromJson(answers[0].second).object().contains(QLatin1String("message")));
        QTRY_COMPARE(s.state(), QAbstractSocket::UnconnectedState);
        // The server carries on.
        QCOMPARE(f.get(QStringLiteral("/v2/clock")).status, 200);
    }

    void chunkedBodiesAreRefused() {
        Fixture f;
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, f.server.port());
        QVERIFY(s.waitForConnected(5000));
        s.write("POST /v2/orders HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        const auto answers = readResponses(s, 1);
        QCOMPARE(answers.size(), 1);
        QVERIFY(answers[0].first.startsWith("HTTP/1.1 501"));
    }

    // A body announced above the limit is refused as soon as its headers arrive, before any of
    // it is read, with a reason that names the size and the limit; the server carries on.
    void oversizedBodiesAreRefusedBeforeReading() {
        Fixture f;
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, f.server.port());
        QVERIFY(s.waitForConnected(5000));
        s.write(QByteArray("POST /v2/orders HTTP/1.1\r\nHost: x\r\n") + kAuth +
                "Content-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{\"qty\"");
        const auto answers = readResponses(s, 1); // the body is never sent
        QCOMPARE(answers.size(), 1);
        QVERIFY2(answers[0].first.startsWith("HTTP/1.1 413"), answers[0].first.constData());
        QCOMPARE(QJsonDocument::fromJson(answers[0].second)
                     .object()
                     .value(QLatin1String("message"))
                     .toString(),
                 QStringLiteral("request body of 5000000 bytes is larger than the 4 MB limit"));
        QTRY_COMPARE(s.state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(f.get(QStringLiteral("/v2/clock")).status, 200);

        // A header section that never ends is refused at its own limit.
        QTcpSocket h;
        h.connectToHost(QHostAddress::LocalHost, f.server.port());
        QVERIFY(h.waitForConnected(5000));
        h.write("GET /v2/clock HTTP/1.1\r\n");
        for (int i = 0; i < 70; ++i)
            h.write("X-Filler-" + QByteArray::number(i) + ": " + QByteArray(1000, 'y') + "\r\n");
        const auto headers = readResponses(h, 1);
        QCOMPARE(headers.size(), 1);
        QVERIFY2(headers[0].first.startsWith("HTTP/1.1 431"), headers[0].first.constData());
        QCOMPARE(QJsonDocument::fromJson(headers[0].second)
                     .object()
                     .value(QLatin1String("message"))
                     .toString(),
                 QStringLiteral("request header section is larger than the 64 KB limit"));
    }

    void webSocketUpgradeIsHandedOver() {
        Fixture f;
        QPointer<QTcpSocket> handed;
        QByteArray unread;
        f.server.setUpgradeHandler([&](QTcpSocket *socket, const HttpRequest &req) {
            if (req.path != QLatin1String("/stream"))
                return false;
            unread = socket->peek(4096);
            socket->setParent(&f.server);
            handed = socket;
            return true;
        });
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, f.server.port());
        QVERIFY(s.waitForConnected(5000));
        // The handshake arrives in two pieces: nothing is consumed before it is complete.
        const QByteArray handshake =
            "GET /stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        s.write(handshake.left(30));
        s.flush();
        QTest::qWait(50);
        QVERIFY(!handed);
        s.write(handshake.mid(30));
        QTRY_VERIFY(handed);
        QCOMPARE(unread, handshake);
        // Plain requests on other connections are unaffected.
        QCOMPARE(f.get(QStringLiteral("/v2/clock")).status, 200);
    }

    void demoBackendServesALiveMarket() {
        DemoBackend demo;
        QVERIFY2(demo.isListening(), qPrintable(demo.errorString()));
        QCOMPARE(demo.baseUrl().host(), QStringLiteral("127.0.0.1"));
        QVERIFY(demo.baseUrl().port() > 0);
        QCOMPARE(demo.keyId(), QString::fromLatin1(kDemoKeyId));
        QNetworkAccessManager nam;
        QNetworkRequest req(
            QUrl(demo.baseUrl().toString() + QStringLiteral("/v2/stocks/SPY/snapshot")));
        req.setRawHeader("APCA-API-KEY-ID", demo.keyId().toLatin1());
        req.setRawHeader("APCA-API-SECRET-KEY", demo.secret().toLatin1());
        QNetworkReply *reply = nam.get(req);
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(QJsonDocument::fromJson(reply->readAll())
                    .object()
                    .contains(QLatin1String("latestTrade")));
        delete reply;
        // The market ticks on its own.
        const auto before = demo.market()->now();
        QTRY_VERIFY_WITH_TIMEOUT(demo.market()->now() > before, 3000);
    }
};

QTEST_GUILESS_MAIN(TestFakeHttp)
#include "tst_fake_http.moc"
