// Both stream clients against the fake server on loopback, over real WebSockets: handshake, auth,
// subscription and resubscription, the symbol limit, reconnect after a dropped connection, the
// silent-stream watchdog, malformed frames, refusals (402, 412, 413), and order events (new,
// fill, canceled, replaced) for orders placed or replaced over REST. Short backoff and watchdog
// periods keep it fast.

#include "alpaca/stream/alpaca_quote_stream.h"
#include "alpaca/stream/alpaca_trade_updates.h"
#include "alpaca/stream/msgpack_codec.h"
#include "domain/clock.h"
#include "fake_alpaca/demo_credentials.h"
#include "fake_alpaca/fake_alpaca_server.h"
#include "fake_alpaca/fake_streams.h"
#include "market/simulated_market.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

using namespace cg;
using namespace std::chrono;
using alpaca::stream::AlpacaQuoteStream;
using alpaca::stream::AlpacaTradeUpdates;

namespace {

// Tuesday 2026-11-24, 10:00 New York time, running on from there in real time: the session is
// open, so contracts trade and quotes move.
class RunningClock : public Clock {
public:
    RunningClock() { m_timer.start(); }
    Timestamp now() const override {
        return Timestamp{sys_days{year{2026} / November / 24} + hours{15}} +
               milliseconds{m_timer.elapsed()};
    }

private:
    QElapsedTimer m_timer;
};

constexpr int kTimeoutMs = 5000;

struct Fixture {
    RunningClock clock;
    market::SimulatedMarket market{clock.now(), marketOptions()};
    fake::FakeAlpacaServer server{&market};
    QNetworkAccessManager nam;

    static market::SimulatedMarket::Options marketOptions() {
        market::SimulatedMarket::Options o;
        o.account.acceptDelay = milliseconds{20};
        o.account.fillDelay = milliseconds{50};
        return o;
    }

    Fixture() {
        market::UnderlyingSpec test;
        test.symbol = "TEST";
        test.liquidity = 1.5;
        market.addSyntheticUnderlying(test, 60);
        server.setClock(&clock);
        server.setFillInterval(milliseconds{20});
        server.streams()->setInterval(milliseconds{30});
        if (!server.listen())
            qFatal("fake server does not listen");
    }

    alpaca::AlpacaConfig config(bool goodKeys = true) const {
        alpaca::AlpacaConfig c;
        c.tradingUrl = c.dataUrl = server.baseUrl();
        c.keyId = QString::fromLatin1(fake::kDemoKeyId);
        c.secret = goodKeys ? QString::fromLatin1(fake::kDemoSecret) : QStringLiteral("wrong");
        return c;
    }

    static AlpacaQuoteStream::Options fast() {
        AlpacaQuoteStream::Options o;
        o.backoffBase = milliseconds{50};
        o.backoffMax = milliseconds{200};
        o.jitter = false;
        o.watchdog = milliseconds{300};
        o.silentReconnect = milliseconds{0};
        o.handshakeTimeout = milliseconds{3000};
        return o;
    }

    // Contracts of a small synthetic chain (cheap to reprice every tick, even under ASan),
    // nearest expiry and nearest the money first.
    std::vector<std::string> symbols(std::size_t n) {
        const double spot = market.stock("TEST")->price;
        std::vector<const market::SimContract *> sorted;
        for (const auto &c : market.chain("TEST")) {
            if (c.quirk == market::QuoteQuirk::None)
                sorted.push_back(&c);
        }
        std::sort(sorted.begin(), sorted.end(), [&](auto *a, auto *b) {
            if (a->expiry != b->expiry)
                return sys_days{a->expiry} < sys_days{b->expiry};
            return std::abs(a->strike - spot) < std::abs(b->strike - spot);
        });
        std::vector<std::string> out;
        for (std::size_t i = 0; i < n && i < sorted.size(); ++i)
            out.push_back(sorted[i]->symbol);
        return out;
    }

    QJsonObject rest(const QByteArray &verb, const QString &path, const QByteArray &body = {}) {
        QNetworkRequest req(QUrl(server.baseUrl().toString() + path));
        req.setTransferTimeout(kTimeoutMs);
        req.setRawHeader("APCA-API-KEY-ID", fake::kDemoKeyId);
        req.setRawHeader("APCA-API-SECRET-KEY", fake::kDemoSecret);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        QNetworkReply *reply = nam.sendCustomRequest(req, verb, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return o;
    }
};

// What a quote stream delivered, by symbol.
struct Received {
    std::map<std::string, int> quotes;
    int trades = 0;
    std::vector<StreamStatus> statuses;
    std::vector<OptionQuoteTick> last;

    void attach(AlpacaQuoteStream &s) {
        s.onQuotes = [this](const std::vector<OptionQuoteTick> &batch) {
            for (const auto &q : batch)
                ++quotes[q.symbol];
            last = batch;
        };
        s.onTrades = [this](const std::vector<OptionTradeTick> &batch) {
            trades += static_cast<int>(batch.size());
        };
        s.onStatus = [this](const StreamStatus &st) { statuses.push_back(st); };
    }
    bool sawHealth(StreamHealth h) const {
        return std::any_of(statuses.begin(), statuses.end(),
                           [h](const StreamStatus &s) { return s.health == h; });
    }
    bool hasAll(const std::vector<std::string> &symbols) const {
        return std::all_of(symbols.begin(), symbols.end(),
                           [this](const std::string &s) { return quotes.count(s) > 0; });
    }
};

std::set<std::string> asSet(const std::vector<std::string> &v) {
    return {v.begin(), v.end()};
}

QByteArray bytes(const std::string &s) {
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

class TestAlpacaStream : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void handshakeAuthAndSubscription() {
        Fixture f;
        AlpacaQuoteStream stream(f.config(), Fixture::fast());
        QCOMPARE(stream.url().toString(),
                 f.server.baseUrl().toString().replace(QLatin1String("http"), QLatin1String("ws")) +
                     QLatin1String("/v1beta1/indicative"));
        Received r;
        r.attach(stream);
        const auto symbols = f.symbols(10);
        QCOMPARE(symbols.size(), 10u);
        stream.setSymbols(symbols);
        QElapsedTimer timer;
        timer.start();
        stream.start();
        QCOMPARE(stream.status().health, StreamHealth::Connecting);
        QTRY_COMPARE_WITH_TIMEOUT(stream.status().health, StreamHealth::Live, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(asSet(stream.confirmedQuotes()), asSet(symbols), kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(r.hasAll(symbols), kTimeoutMs);
        qInfo("connect + auth + subscribe + first quote of all 10: %lld ms", timer.elapsed());
        QCOMPARE(f.server.streams()->optionClients(), 1);
        QCOMPARE(stream.connectionCount(), 1);
        QCOMPARE(stream.symbolLimit(), 200); // the indicative feed's
        QVERIFY2(QString::fromStdString(stream.status().detail).contains(QLatin1String("10")),
                 stream.status().detail.c_str());
        // Quotes keep coming (the market moves), with sane values and times.
        const int before = r.quotes[symbols[0]];
        QTRY_VERIFY_WITH_TIMEOUT(r.quotes[symbols[0]] > before + 3, kTimeoutMs);
        for (const OptionQuoteTick &q : r.last) {
            QVERIFY(q.ask > 0.0 && q.bid <= q.ask);
            QVERIFY(std::abs(duration_cast<milliseconds>(q.time - f.clock.now()).count()) < 5000);
        }
        QTRY_VERIFY_WITH_TIMEOUT(r.trades > 0, kTimeoutMs);
        QCOMPARE(stream.unreadableFrames(), 0);
        stream.stop();
        QCOMPARE(stream.status().health, StreamHealth::Off);
        QTRY_COMPARE_WITH_TIMEOUT(f.server.streams()->optionClients(), 0, kTimeoutMs);
    }

    void resubscribeOnChange() {
        Fixture f;
        AlpacaQuoteStream stream(f.config(), Fixture::fast());
        Received r;
        r.attach(stream);
        const auto all = f.symbols(8);
        const std::vector<std::string> first(all.begin(), all.begin() + 5);
        const std::vector<std::string> second(all.begin() + 3, all.end()); // 2 kept, 3 new
        stream.setSymbols(first);
        stream.start();
        QTRY_COMPARE_WITH_TIMEOUT(asSet(stream.confirmedQuotes()), asSet(first), kTimeoutMs);
        QSignalSpy confirmed(&stream, &AlpacaQuoteStream::subscriptionConfirmed);
        stream.setSymbols(second);
        QTRY_COMPARE_WITH_TIMEOUT(asSet(stream.confirmedQuotes()), asSet(second), kTimeoutMs);
        // By difference: one unsubscribe (3 removed) and one subscribe (3 added).
        QCOMPARE(confirmed.count(), 2);
        r.quotes.clear();
        QTRY_VERIFY_WITH_TIMEOUT(r.hasAll(second), kTimeoutMs);
        for (std::size_t i = 0; i < 3; ++i)
            QCOMPARE(r.quotes.count(all[i]), 0u);
        // The same list again sends nothing.
        stream.setSymbols(second);
        QTest::qWait(100);
        QCOMPARE(confirmed.count(), 2);
    }

    void symbolLimit() {
        Fixture f;
        auto options = Fixture::fast();
        options.symbolLimit = 5;
        AlpacaQuoteStream stream(f.config(), options);
        QCOMPARE(stream.symbolLimit(), 5);
        auto symbols = f.symbols(8);
        symbols.push_back(symbols[0]); // duplicates and "*" never count
        symbols.push_back("*");
        stream.setSymbols(symbols);
        QCOMPARE(stream.streamedSymbols().size(), 5u);
        QCOMPARE(stream.droppedSymbols(), 3);
        stream.start();
        QTRY_COMPARE_WITH_TIMEOUT(stream.confirmedQuotes().size(), 5u, kTimeoutMs);
        QVERIFY2(QString::fromStdString(stream.status().detail).contains(QLatin1String("3 more")),
                 stream.status().detail.c_str());

        // A feed that allows fewer (405) keeps the stream up and says so.
        Fixture g;
        g.server.streams()->setSymbolLimit(3);
        AlpacaQuoteStream narrow(g.config(), options);
        narrow.setSymbols(g.symbols(5));
        narrow.start();
        QTRY_VERIFY_WITH_TIMEOUT(
            QString::fromStdString(narrow.status().detail).contains(QLatin1String("405")),
            kTimeoutMs);
        QCOMPARE(narrow.status().health, StreamHealth::Live);
    }

    // A subscribe the server refused (405, over the symbol limit) is not counted as
    // subscribed: once the list fits the limit again, every wanted symbol streams, and the
    // status counts what the server confirmed.
    void refusedSubscribeIsSentAgain() {
        Fixture g;
        g.server.streams()->setSymbolLimit(3);
        AlpacaQuoteStream s(g.config(), Fixture::fast());
        Received r;
        r.attach(s);
        const auto all = g.symbols(4);
        s.setSymbols({all[0], all[1]});
        s.start();
        QTRY_VERIFY_WITH_TIMEOUT(r.hasAll({all[0], all[1]}), kTimeoutMs);
        s.setSymbols(all); // 4 > 3: refused (405)
        QTRY_VERIFY_WITH_TIMEOUT(
            QString::fromStdString(s.status().detail).contains(QLatin1String("405")), kTimeoutMs);
        QVERIFY2(
            QString::fromStdString(s.status().detail).contains(QLatin1String("Streaming 2 of 4")),
            s.status().detail.c_str());
        s.setSymbols({all[0], all[1], all[2]}); // fits again
        QTRY_VERIFY_WITH_TIMEOUT(r.quotes[all[2]] > 0, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(s.confirmedQuotes().size(), std::size_t(3), kTimeoutMs);
    }

    // Alpaca allows one option stream connection a feed per account: a second console's is
    // refused with 406, says why, keeps retrying, and is Live once the first one closes.
    void aSecondConnectionOnTheFeedIsRefusedUntilTheFirstCloses() {
        Fixture f;
        AlpacaQuoteStream first(f.config(), Fixture::fast());
        first.setSymbols(f.symbols(2));
        first.start();
        QTRY_COMPARE_WITH_TIMEOUT(first.status().health, StreamHealth::Live, kTimeoutMs);
        AlpacaQuoteStream second(f.config(), Fixture::fast());
        Received r;
        r.attach(second);
        second.setSymbols(f.symbols(2));
        second.start();
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(r.statuses.begin(), r.statuses.end(),
                        [](const StreamStatus &st) {
                            return st.detail.find("another program holds the one option stream") !=
                                   std::string::npos;
                        }),
            kTimeoutMs);
        QVERIFY(!r.sawHealth(StreamHealth::Live));
        QCOMPARE(f.server.streams()->optionClients(), 1);
        first.stop();
        QTRY_COMPARE_WITH_TIMEOUT(second.status().health, StreamHealth::Live, kTimeoutMs);
        QCOMPARE(f.server.streams()->optionClients(), 1);
    }

    void reconnectAfterDisconnect() {
        Fixture f;
        AlpacaQuoteStream stream(f.config(), Fixture::fast());
        Received r;
        r.attach(stream);
        const auto symbols = f.symbols(4);
        stream.setSymbols(symbols);
        stream.start();
        QTRY_VERIFY_WITH_TIMEOUT(r.hasAll(symbols), kTimeoutMs);
        for (int drop = 1; drop <= 2; ++drop) {
            QElapsedTimer timer;
            timer.start();
            f.server.streams()->dropConnections();
            QTRY_VERIFY_WITH_TIMEOUT(r.sawHealth(StreamHealth::Reconnecting), kTimeoutMs);
            QTRY_COMPARE_WITH_TIMEOUT(stream.connectionCount(), drop + 1, kTimeoutMs);
            QCOMPARE(stream.status().health, StreamHealth::Live);
            // Resubscribed on the new connection without being asked.
            QTRY_COMPARE_WITH_TIMEOUT(asSet(stream.confirmedQuotes()), asSet(symbols), kTimeoutMs);
            r.quotes.clear();
            QTRY_VERIFY_WITH_TIMEOUT(r.hasAll(symbols), kTimeoutMs);
            qInfo("drop %d -> live and quoting again: %lld ms", drop, timer.elapsed());
            r.statuses.clear();
        }
        // The fault spec's periodic disconnect does the same.
        fake::FaultSpec faults;
        faults.streamDisconnect = milliseconds{200};
        f.server.setFaults(faults);
        QTRY_VERIFY_WITH_TIMEOUT(stream.connectionCount() >= 4, kTimeoutMs);
        f.server.setFaults(fake::FaultSpec{});
        QTRY_COMPARE_WITH_TIMEOUT(stream.status().health, StreamHealth::Live, kTimeoutMs);
    }

    void reconnectWhileServerDown() {
        auto f = std::make_unique<Fixture>();
        const quint16 port = f->server.port();
        AlpacaQuoteStream stream(f->config(), Fixture::fast());
        stream.setSymbols(f->symbols(2));
        stream.start();
        QTRY_COMPARE_WITH_TIMEOUT(stream.status().health, StreamHealth::Live, kTimeoutMs);
        f.reset(); // the server goes away: attempts fail, the backoff grows to its cap
        QTRY_COMPARE_WITH_TIMEOUT(stream.status().health, StreamHealth::Reconnecting, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(
            QString::fromStdString(stream.status().detail).contains(QLatin1String("in 0.2 s")),
            kTimeoutMs);
        // Back on the same port: the stream finds it by itself.
        RunningClock clock;
        market::SimulatedMarket market(clock.now());
        fake::FakeAlpacaServer server(&market);
        server.setClock(&clock);
        if (!server.listen(port))
            QSKIP("the port was taken meanwhile");
        QTRY_COMPARE_WITH_TIMEOUT(stream.status().health, StreamHealth::Live, kTimeoutMs);
        QCOMPARE(stream.connectionCount(), 2);
    }

    void silentStreamWatchdog() {
        Fixture f;
        AlpacaQuoteStream stream(f.config(), Fixture::fast());
        Received r;
        r.attach(stream);
        stream.setSymbols(f.symbols(3));
        stream.start();
        QTRY_VERIFY_WITH_TIMEOUT(!r.quotes.empty(), kTimeoutMs);
        f.server.streams()->setSilent(true);
        QElapsedTimer timer;
        timer.start();
        QTRY_COMPARE_WITH_TIMEOUT(stream.status().health, StreamHealth::Silent, kTimeoutMs);
        qInfo("silent noticed after %lld ms (watchdog 300 ms)", timer.elapsed());
        // Whether quotes are polled meanwhile is the chain's to say (auto-refresh), not the
        // stream's.
        QVERIFY2(QString::fromStdString(stream.status().detail)
                     .startsWith(QLatin1String("Option stream silent for ")),
                 stream.status().detail.c_str());
        f.server.streams()->setSilent(false);
        QTRY_COMPARE_WITH_TIMEOUT(stream.status().health, StreamHealth::Live, kTimeoutMs);
        QCOMPARE(stream.connectionCount(), 1); // the same connection

        // The fault spec's cycle (data, then silence, each 400 ms) does the same.
        fake::FaultSpec faults;
        faults.streamSilence = milliseconds{400};
        f.server.setFaults(faults);
        QTRY_COMPARE_WITH_TIMEOUT(stream.status().health, StreamHealth::Silent, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(stream.status().health, StreamHealth::Live, kTimeoutMs);
        f.server.setFaults(fake::FaultSpec{});

        // Silent for long but still answering pings: the connection is kept (quiet markets).
        // One connection a feed: the first one closes first.
        stream.stop();
        QTRY_COMPARE_WITH_TIMEOUT(f.server.streams()->optionClients(), 0, kTimeoutMs);
        auto options = Fixture::fast();
        options.silentReconnect = milliseconds{150};
        AlpacaQuoteStream patient(f.config(), options);
        patient.setSymbols(f.symbols(3));
        patient.start();
        QTRY_COMPARE_WITH_TIMEOUT(patient.status().health, StreamHealth::Live, kTimeoutMs);
        f.server.streams()->setSilent(true);
        QTRY_COMPARE_WITH_TIMEOUT(patient.status().health, StreamHealth::Silent, kTimeoutMs);
        QTest::qWait(400); // over two ping rounds
        QCOMPARE(patient.status().health, StreamHealth::Silent);
        QCOMPARE(patient.connectionCount(), 1);
        f.server.streams()->setSilent(false);
        QTRY_COMPARE_WITH_TIMEOUT(patient.status().health, StreamHealth::Live, kTimeoutMs);

        // Nothing subscribed: nothing expected, never Silent.
        patient.stop();
        QTRY_COMPARE_WITH_TIMEOUT(f.server.streams()->optionClients(), 0, kTimeoutMs);
        AlpacaQuoteStream idle(f.config(), Fixture::fast());
        idle.start();
        QTRY_COMPARE_WITH_TIMEOUT(idle.status().health, StreamHealth::Live, kTimeoutMs);
        QTest::qWait(400); // beyond the 300 ms watchdog
        QCOMPARE(idle.status().health, StreamHealth::Live);
    }

    void malformedFramesAreSurvived() {
        Fixture f;
        AlpacaQuoteStream stream(f.config(), Fixture::fast());
        Received r;
        r.attach(stream);
        const auto symbols = f.symbols(3);
        stream.setSymbols(symbols);
        stream.start();
        QTRY_VERIFY_WITH_TIMEOUT(r.hasAll(symbols), kTimeoutMs);
        fake::FaultSpec faults;
        faults.streamMalformed = 4;
        f.server.setFaults(faults);
        QTRY_COMPARE_WITH_TIMEOUT(f.server.faults().streamMalformed, 0, kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(stream.unreadableFrames() >= 3, kTimeoutMs);
        const QString error = QString::fromStdString(stream.lastFrameError());
        QVERIFY2(error.startsWith(QLatin1String("Alpaca's option stream sent")), qPrintable(error));
        r.quotes.clear();
        QTRY_VERIFY_WITH_TIMEOUT(r.hasAll(symbols), kTimeoutMs);
        QCOMPARE(stream.status().health, StreamHealth::Live);
        QCOMPARE(stream.connectionCount(), 1);
    }

    // Frames that arrive but carry nothing readable are not a live stream: it stayed Live (the
    // watchdog fed by every frame), and the chain's polls stayed slowed, while no quote was
    // applied. Silent after the watchdog, with the reason; Live again once quotes read.
    void onlyUnreadableFramesAreNotLive() {
        Fixture f;
        AlpacaQuoteStream stream(f.config(), Fixture::fast());
        Received r;
        r.attach(stream);
        const auto symbols = f.symbols(3);
        stream.setSymbols(symbols);
        stream.start();
        QTRY_VERIFY_WITH_TIMEOUT(r.hasAll(symbols), kTimeoutMs);
        fake::FaultSpec faults;
        faults.streamMalformed = 100000;
        f.server.setFaults(faults);
        QTRY_COMPARE_WITH_TIMEOUT(stream.status().health, StreamHealth::Silent, kTimeoutMs);
        const QString detail = QString::fromStdString(stream.status().detail);
        QVERIFY2(detail.contains(QLatin1String("unreadable")), qPrintable(detail));
        f.server.setFaults(fake::FaultSpec{});
        QTRY_COMPARE_WITH_TIMEOUT(stream.status().health, StreamHealth::Live, kTimeoutMs);
    }

    void refusals() {
        Fixture f;
        // Wrong keys: 402, Failed with Alpaca's words, no retry.
        AlpacaQuoteStream bad(f.config(false), Fixture::fast());
        bad.start();
        QTRY_COMPARE_WITH_TIMEOUT(bad.status().health, StreamHealth::Failed, kTimeoutMs);
        const QString detail = QString::fromStdString(bad.status().detail);
        QVERIFY2(detail.contains(QLatin1String("auth failed")) &&
                     detail.contains(QLatin1String("402")),
                 qPrintable(detail));
        QVERIFY(!detail.contains(QLatin1String("wrong")));
        QTest::qWait(300);
        QCOMPARE(bad.status().health, StreamHealth::Failed);
        QCOMPARE(bad.connectionCount(), 0);

        // No keys, or a remote ws:// stream URL: refused before connecting.
        alpaca::AlpacaConfig none = f.config();
        none.keyId.clear();
        none.secret.clear();
        AlpacaQuoteStream keyless(none, Fixture::fast());
        keyless.start();
        QCOMPARE(keyless.status().health, StreamHealth::Failed);
        alpaca::AlpacaConfig remote = f.config();
        remote.streamUrl = QUrl(QStringLiteral("ws://stream.example.com"));
        AlpacaQuoteStream clear(remote, Fixture::fast());
        clear.start();
        QCOMPARE(clear.status().health, StreamHealth::Failed);

        const QUrl url(
            f.server.baseUrl().toString().replace(QLatin1String("http"), QLatin1String("ws")) +
            QLatin1String("/v1beta1/indicative"));
        // Without the msgpack Content-Type: 412, in JSON, and the server closes.
        {
            QWebSocket ws;
            QString text;
            QObject::connect(&ws, &QWebSocket::textMessageReceived,
                             [&](const QString &t) { text = t; });
            ws.open(url);
            QTRY_VERIFY_WITH_TIMEOUT(!text.isEmpty(), kTimeoutMs);
            QVERIFY2(text.contains(QLatin1String("412")) &&
                         text.contains(QLatin1String("only available in MsgPack")),
                     qPrintable(text));
            QTRY_COMPARE_WITH_TIMEOUT(ws.state(), QAbstractSocket::UnconnectedState, kTimeoutMs);
        }
        // A raw msgpack client: subscribe before auth (401), "*" quotes (413), the echo.
        {
            QWebSocket ws;
            std::vector<alpaca::stream::ControlMessage> got;
            QObject::connect(&ws, &QWebSocket::binaryMessageReceived, [&](const QByteArray &b) {
                const auto d = alpaca::stream::decodeFrame(b.toStdString());
                QVERIFY(d.ok());
                got.insert(got.end(), d->controls.begin(), d->controls.end());
            });
            QNetworkRequest request(url);
            request.setRawHeader("Content-Type", "application/msgpack");
            ws.open(request);
            QTRY_COMPARE_WITH_TIMEOUT(got.size(), 1u, kTimeoutMs);
            QCOMPARE(got[0].msg, std::string("connected"));
            ws.sendBinaryMessage(bytes(alpaca::stream::encodeSubscribe({"X"}, {})));
            QTRY_COMPARE_WITH_TIMEOUT(got.size(), 2u, kTimeoutMs);
            QCOMPARE(got[1].code, 401);
            ws.sendBinaryMessage(
                bytes(alpaca::stream::encodeAuth(fake::kDemoKeyId, fake::kDemoSecret)));
            QTRY_COMPARE_WITH_TIMEOUT(got.size(), 3u, kTimeoutMs);
            QCOMPARE(got[2].msg, std::string("authenticated"));
            ws.sendBinaryMessage(bytes(alpaca::stream::encodeSubscribe({"*"}, {})));
            QTRY_COMPARE_WITH_TIMEOUT(got.size(), 4u, kTimeoutMs);
            QCOMPARE(got[3].code, 413);
            ws.sendBinaryMessage(bytes(alpaca::stream::encodeSubscribe({"A", "B"}, {"A"})));
            QTRY_COMPARE_WITH_TIMEOUT(got.size(), 5u, kTimeoutMs);
            QVERIFY(got[4].type == alpaca::stream::ControlMessage::Type::Subscription);
            QCOMPARE(got[4].quotes, (std::vector<std::string>{"A", "B"}));
            QCOMPARE(got[4].trades, (std::vector<std::string>{"A"}));
            ws.sendBinaryMessage(QByteArray("not msgpack \xc1"));
            QTRY_COMPARE_WITH_TIMEOUT(got.size(), 6u, kTimeoutMs);
            QCOMPARE(got[5].code, 400);
        }
    }

    // A message above the limit is refused before it is buffered: nothing of it is delivered,
    // the stream says why in plain words and reconnects.
    void oversizedQuoteMessageIsRefused() {
        Fixture f;
        auto options = Fixture::fast();
        options.maxMessageBytes = 300; // "connected" and "authenticated" fit, 20 symbols do not
        AlpacaQuoteStream stream(f.config(), options);
        Received r;
        r.attach(stream);
        stream.setSymbols(f.symbols(20));
        stream.start();
        const std::string why = "Alpaca's option stream sent a message larger than the "
                                "300 B limit";
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(r.statuses.begin(), r.statuses.end(),
                                             [&](const StreamStatus &st) {
                                                 return st.health == StreamHealth::Reconnecting &&
                                                        st.detail.find(why) != std::string::npos;
                                             }),
                                 kTimeoutMs);
        QVERIFY(r.quotes.empty());
        QVERIFY(stream.confirmedQuotes().empty());
        stream.stop();
    }

    void oversizedTradeUpdateIsRefused() {
        Fixture f;
        AlpacaTradeUpdates::Options options;
        options.backoffBase = milliseconds{50};
        options.backoffMax = milliseconds{200};
        options.jitter = false;
        options.maxMessageBytes = 300; // the handshake fits, an order event does not
        AlpacaTradeUpdates updates(f.config(), options);
        std::vector<TradeUpdate> events;
        std::vector<StreamStatus> statuses;
        updates.onUpdate = [&](const TradeUpdate &u) { events.push_back(u); };
        updates.onStatus = [&](const StreamStatus &st) { statuses.push_back(st); };
        updates.start();
        QTRY_COMPARE_WITH_TIMEOUT(updates.status().health, StreamHealth::Live, kTimeoutMs);
        const std::string symbol = f.symbols(1).front();
        f.rest("POST", QStringLiteral("/v2/orders"),
               QStringLiteral(R"({"symbol":"%1","qty":"1","side":"buy","type":"market",)"
                              R"("time_in_force":"day","position_intent":"buy_to_open",)"
                              R"("client_order_id":"stream-big-1"})")
                   .arg(QString::fromStdString(symbol))
                   .toUtf8());
        const std::string why = "Alpaca's trade updates stream sent a message larger than the "
                                "300 B limit";
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(statuses.begin(), statuses.end(),
                                             [&](const StreamStatus &st) {
                                                 return st.health == StreamHealth::Reconnecting &&
                                                        st.detail.find(why) != std::string::npos;
                                             }),
                                 kTimeoutMs);
        QVERIFY(events.empty());
        updates.stop();
    }

    void tradeUpdatesNewAndFill() {
        Fixture f;
        AlpacaTradeUpdates::Options options;
        options.backoffBase = milliseconds{50};
        options.backoffMax = milliseconds{200};
        options.jitter = false;
        AlpacaTradeUpdates updates(f.config(), options);
        QCOMPARE(updates.url().toString(),
                 f.server.baseUrl().toString().replace(QLatin1String("http"), QLatin1String("ws")) +
                     QLatin1String("/stream"));
        std::vector<TradeUpdate> events;
        updates.onUpdate = [&](const TradeUpdate &u) { events.push_back(u); };
        updates.start();
        QTRY_COMPARE_WITH_TIMEOUT(updates.status().health, StreamHealth::Live, kTimeoutMs);
        QCOMPARE(f.server.streams()->tradeClients(), 1);

        const std::string symbol = f.symbols(1).front();
        QElapsedTimer timer;
        timer.start();
        const QJsonObject placed =
            f.rest("POST", QStringLiteral("/v2/orders"),
                   QStringLiteral(R"({"symbol":"%1","qty":"2","side":"buy","type":"market",)"
                                  R"("time_in_force":"day","position_intent":"buy_to_open",)"
                                  R"("client_order_id":"stream-test-1"})")
                       .arg(QString::fromStdString(symbol))
                       .toUtf8());
        const std::string id = placed.value(QLatin1String("id")).toString().toStdString();
        QVERIFY2(!id.empty(), QJsonDocument(placed).toJson().constData());
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(events.begin(), events.end(),
                        [](const TradeUpdate &u) { return u.event == "fill"; }),
            kTimeoutMs);
        qInfo("order placed -> fill by stream: %lld ms", timer.elapsed());
        QVERIFY(events.size() >= 2);
        QCOMPARE(events.front().event, std::string("new"));
        QCOMPARE(events.front().order.id, id);
        const TradeUpdate &fill = events.back();
        QCOMPARE(fill.event, std::string("fill"));
        QCOMPARE(fill.order.id, id);
        QCOMPARE(fill.order.clientOrderId, std::string("stream-test-1"));
        QCOMPARE(fill.order.status, std::string("filled"));
        QCOMPARE(fill.order.filledQty, 2.0);
        QVERIFY(fill.price && *fill.price > 0.0);
        QCOMPARE(fill.qty.value_or(0), 2.0);
        QCOMPARE(fill.positionQty.value_or(0), 2.0);
        QVERIFY(fill.timestamp.has_value());
        QVERIFY(!fill.executionId.empty());

        // Ten contracts fill in two parts: partial_fill then fill, each with its own quantity.
        events.clear();
        f.rest("POST", QStringLiteral("/v2/orders"),
               QStringLiteral(R"({"symbol":"%1","qty":"10","side":"buy","type":"market",)"
                              R"("time_in_force":"day","position_intent":"buy_to_open",)"
                              R"("client_order_id":"stream-test-big"})")
                   .arg(QString::fromStdString(symbol))
                   .toUtf8());
        QTRY_VERIFY_WITH_TIMEOUT(!events.empty() && events.back().event == "fill", kTimeoutMs);
        QCOMPARE(events.size(), 3u);
        QCOMPARE(events[0].event, std::string("new"));
        QCOMPARE(events[1].event, std::string("partial_fill"));
        QCOMPARE(events[1].qty.value_or(0), 5.0);
        QCOMPARE(events[1].order.status, std::string("partially_filled"));
        QCOMPARE(events[1].positionQty.value_or(0), 7.0);
        QCOMPARE(events[2].qty.value_or(0), 5.0);
        QCOMPARE(events[2].positionQty.value_or(0), 12.0);

        // A resting limit far below the market, then canceled over REST.
        events.clear();
        const QJsonObject resting = f.rest(
            "POST", QStringLiteral("/v2/orders"),
            QStringLiteral(R"({"symbol":"%1","qty":"1","side":"buy","type":"limit",)"
                           R"("limit_price":"0.01","time_in_force":"day",)"
                           R"("position_intent":"buy_to_open","client_order_id":"stream-test-2"})")
                .arg(QString::fromStdString(symbol))
                .toUtf8());
        const QString restingId = resting.value(QLatin1String("id")).toString();
        QTRY_VERIFY_WITH_TIMEOUT(!events.empty(), kTimeoutMs);
        QCOMPARE(events.front().event, std::string("new"));
        f.rest("DELETE", QStringLiteral("/v2/orders/") + restingId);
        QTRY_VERIFY_WITH_TIMEOUT(events.back().event == "canceled", kTimeoutMs);
        QCOMPARE(events.back().order.status, std::string("canceled"));

        // Dropped: reconnects, says events during the gap were not replayed.
        QSignalSpy listening(&updates, &AlpacaTradeUpdates::listening);
        f.server.streams()->dropConnections();
        QTRY_COMPARE_WITH_TIMEOUT(listening.count(), 1, kTimeoutMs);
        QCOMPARE(listening.at(0).at(0).toBool(), true);
        QCOMPARE(updates.status().health, StreamHealth::Live);
        QCOMPARE(updates.connectionCount(), 2);
        QCOMPARE(updates.unreadableMessages(), 0);
    }

    // A resting limit replaced over PATCH: the old order's `replaced` event (API.md §11, §15)
    // carries the old order (its ids and price, status replaced, replaced_by the new id) and is
    // stamped with its replaced_at; the new order then goes new on its own.
    void tradeUpdatesReplaced() {
        Fixture f;
        AlpacaTradeUpdates::Options options;
        options.backoffBase = milliseconds{50};
        options.backoffMax = milliseconds{200};
        options.jitter = false;
        AlpacaTradeUpdates updates(f.config(), options);
        std::vector<TradeUpdate> events;
        updates.onUpdate = [&](const TradeUpdate &u) { events.push_back(u); };
        updates.start();
        QTRY_COMPARE_WITH_TIMEOUT(updates.status().health, StreamHealth::Live, kTimeoutMs);

        const auto sawEvent = [&](const std::string &event, const std::string &id) {
            return static_cast<int>(
                std::count_if(events.begin(), events.end(), [&](const TradeUpdate &u) {
                    return u.event == event && u.order.id == id;
                }));
        };
        const QJsonObject resting =
            f.rest("POST", QStringLiteral("/v2/orders"),
                   QStringLiteral(
                       R"({"symbol":"%1","qty":"1","side":"buy","type":"limit",)"
                       R"("limit_price":"0.01","time_in_force":"day",)"
                       R"("position_intent":"buy_to_open","client_order_id":"stream-replace-1"})")
                       .arg(QString::fromStdString(f.symbols(1).front()))
                       .toUtf8());
        const std::string oldId = resting.value(QLatin1String("id")).toString().toStdString();
        QVERIFY2(!oldId.empty(), QJsonDocument(resting).toJson().constData());
        // Alpaca refuses to replace a pending_new order: wait until it is new.
        QTRY_COMPARE_WITH_TIMEOUT(sawEvent("new", oldId), 1, kTimeoutMs);

        const QJsonObject replacement =
            f.rest("PATCH", QStringLiteral("/v2/orders/") + QString::fromStdString(oldId),
                   R"({"limit_price":"0.02"})");
        const std::string newId = replacement.value(QLatin1String("id")).toString().toStdString();
        QVERIFY2(!newId.empty() && newId != oldId, QJsonDocument(replacement).toJson().constData());

        QTRY_COMPARE_WITH_TIMEOUT(sawEvent("replaced", oldId), 1, kTimeoutMs);
        const TradeUpdate replaced = *std::find_if(events.begin(), events.end(),
                                                   [](auto &u) { return u.event == "replaced"; });
        QCOMPARE(replaced.order.clientOrderId, std::string("stream-replace-1"));
        QCOMPARE(replaced.order.status, std::string("replaced"));
        QCOMPARE(replaced.order.replacedBy, newId);
        QCOMPARE(replaced.order.limitPrice.value_or(0), 0.01);
        const auto old = std::find_if(f.market.orders().begin(), f.market.orders().end(),
                                      [&](const market::SimOrder &o) { return o.id == oldId; });
        QVERIFY(old != f.market.orders().end() && old->replacedAt);
        QVERIFY(replaced.timestamp.has_value());
        QCOMPARE(replaced.timestamp->time_since_epoch().count(),
                 old->replacedAt->time_since_epoch().count());

        // The new order follows; the old one is replaced once only.
        QTRY_COMPARE_WITH_TIMEOUT(sawEvent("new", newId), 1, kTimeoutMs);
        QCOMPARE(sawEvent("replaced", oldId), 1);
        QCOMPARE(updates.unreadableMessages(), 0);
    }

    void tradeUpdatesBadKeys() {
        Fixture f;
        AlpacaTradeUpdates updates(f.config(false));
        updates.start();
        QTRY_COMPARE_WITH_TIMEOUT(updates.status().health, StreamHealth::Failed, kTimeoutMs);
        QVERIFY2(QString::fromStdString(updates.status().detail).contains(QLatin1String("refused")),
                 updates.status().detail.c_str());
        QCOMPARE(f.server.streams()->tradeClients(), 0);
    }
};

QTEST_GUILESS_MAIN(TestAlpacaStream)
#include "tst_alpaca_stream.moc"
