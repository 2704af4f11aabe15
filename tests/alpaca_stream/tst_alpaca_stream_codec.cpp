// The option stream's msgpack codec against hand-built frames (every message type, each
// timestamp width, ints and floats for prices, broken frames), the client actions it encodes,
// the fake server's frames read back, the trade update JSON, the stream URLs and the backoff.

#include "alpaca/alpaca_config.h"
#include "alpaca/stream/backoff.h"
#include "alpaca/stream/msgpack_codec.h"
#include "alpaca/stream/trade_update_json.h"
#include "fake_alpaca/fault_spec.h"
#include "fake_alpaca/stream_wire.h"

#include <QTest>

#include <msgpack.hpp>

using namespace cg;
using namespace cg::alpaca::stream;
using namespace std::chrono;

namespace {

using Packer = msgpack::packer<msgpack::sbuffer>;

void str(Packer &pk, std::string_view s) {
    pk.pack_str(static_cast<std::uint32_t>(s.size()));
    pk.pack_str_body(s.data(), static_cast<std::uint32_t>(s.size()));
}

// 2024-03-12T11:59:38.897261568Z
constexpr std::int64_t kSeconds = 1710244778;
constexpr std::uint32_t kNanos = 897261568;

void ext(Packer &pk, std::string_view payload, std::int8_t type = -1) {
    pk.pack_ext(payload.size(), type);
    pk.pack_ext_body(payload.data(), static_cast<std::uint32_t>(payload.size()));
}

std::string bigEndian(std::uint64_t v, int bytes) {
    std::string out;
    for (int i = bytes - 1; i >= 0; --i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    return out;
}

std::string ts32() {
    return bigEndian(kSeconds, 4);
}
std::string ts64() {
    return bigEndian((std::uint64_t{kNanos} << 34) | std::uint64_t(kSeconds), 8);
}
std::string ts96() {
    return bigEndian(kNanos, 4) + bigEndian(kSeconds, 8);
}

std::string quoteFrame(const std::string &stamp, bool intPrices = false) {
    msgpack::sbuffer b;
    Packer pk(b);
    pk.pack_array(1);
    pk.pack_map(10);
    str(pk, "T");
    str(pk, "q");
    str(pk, "S");
    str(pk, "SPXW240327P04925000");
    str(pk, "t");
    ext(pk, stamp);
    str(pk, "bx");
    str(pk, "C");
    str(pk, "bp");
    intPrices ? pk.pack_uint8(9) : pk.pack_double(9.46);
    str(pk, "bs");
    pk.pack_uint8(53);
    str(pk, "ax");
    str(pk, "C");
    str(pk, "ap");
    intPrices ? pk.pack_uint8(10) : pk.pack_float(9.66f);
    str(pk, "as");
    pk.pack_uint16(38);
    str(pk, "c");
    str(pk, "A");
    return std::string(b.data(), b.size());
}

DecodedFrame decodeOk(const std::string &bytes) {
    auto r = decodeFrame(bytes);
    if (!r)
        qFatal("decode failed: %s", r.error().message.c_str());
    return std::move(r).value();
}

Timestamp expectedTime(bool withNanos) {
    return Timestamp{milliseconds{kSeconds * 1000 + (withNanos ? kNanos / 1'000'000 : 0)}};
}

std::map<std::string, msgpack::object> asMap(const msgpack::object &o) {
    std::map<std::string, msgpack::object> m;
    for (std::uint32_t i = 0; i < o.via.map.size; ++i)
        m[o.via.map.ptr[i].key.as<std::string>()] = o.via.map.ptr[i].val;
    return m;
}

} // namespace

class TestStreamCodec : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void quoteWithEachTimestampWidth_data() {
        QTest::addColumn<QByteArray>("stamp");
        QTest::addColumn<bool>("nanos");
        QTest::newRow("32-bit") << QByteArray::fromStdString(ts32()) << false;
        QTest::newRow("64-bit") << QByteArray::fromStdString(ts64()) << true;
        QTest::newRow("96-bit") << QByteArray::fromStdString(ts96()) << true;
    }
    void quoteWithEachTimestampWidth() {
        QFETCH(QByteArray, stamp);
        QFETCH(bool, nanos);
        const DecodedFrame f = decodeOk(quoteFrame(stamp.toStdString()));
        QCOMPARE(f.quotes.size(), 1u);
        const OptionQuoteTick &q = f.quotes[0];
        QCOMPARE(q.symbol, std::string("SPXW240327P04925000"));
        QCOMPARE(q.bid, 9.46);
        QVERIFY(std::abs(q.ask - 9.66) < 1e-5); // sent as float32
        QCOMPARE(q.bidSize, 53u);
        QCOMPARE(q.askSize, 38u);
        QCOMPARE(q.time, expectedTime(nanos));
        QCOMPARE(f.skipped, 0);
    }

    void integerPrices() {
        const DecodedFrame f = decodeOk(quoteFrame(ts96(), true));
        QCOMPARE(f.quotes.size(), 1u);
        QCOMPARE(f.quotes[0].bid, 9.0);
        QCOMPARE(f.quotes[0].ask, 10.0);
    }

    void timestampEdgeCases() {
        QVERIFY(!decodeTimestampExt(bigEndian(1'000'000'000, 4) + bigEndian(1, 8)).ok());
        QVERIFY(!decodeTimestampExt(bigEndian(0, 4) + bigEndian(~0ULL, 8)).ok()); // negative
        QVERIFY(!decodeTimestampExt("12345").ok());
        QCOMPARE(*decodeTimestampExt(bigEndian(0, 4)), Timestamp{});
        // A quote whose time is an extension of another type is skipped, readably.
        msgpack::sbuffer b;
        Packer pk(b);
        pk.pack_array(1);
        pk.pack_map(7);
        str(pk, "T");
        str(pk, "q");
        str(pk, "S");
        str(pk, "SPY");
        str(pk, "t");
        ext(pk, ts96(), 5);
        str(pk, "bp");
        pk.pack_double(1);
        str(pk, "ap");
        pk.pack_double(1.1);
        str(pk, "bs");
        pk.pack_uint8(1);
        str(pk, "as");
        pk.pack_uint8(1);
        const DecodedFrame f = decodeOk(std::string(b.data(), b.size()));
        QCOMPARE(f.quotes.size(), 0u);
        QCOMPARE(f.skipped, 1);
        QVERIFY2(f.firstSkip.find("type 5") != std::string::npos, f.firstSkip.c_str());
    }

    void tradeAndBatch() {
        msgpack::sbuffer b;
        Packer pk(b);
        pk.pack_array(3);
        pk.pack_map(7);
        str(pk, "T");
        str(pk, "t");
        str(pk, "S");
        str(pk, "AAPL240315C00172500");
        str(pk, "t");
        ext(pk, ts64());
        str(pk, "p");
        pk.pack_double(2.84);
        str(pk, "s");
        pk.pack_uint8(1);
        str(pk, "x");
        str(pk, "N");
        str(pk, "c");
        str(pk, "S");
        pk.pack_map(2); // a message type this client does not use
        str(pk, "T");
        str(pk, "b");
        str(pk, "S");
        str(pk, "SPY");
        pk.pack_map(2); // "T" not first: skipped, the rest of the batch still counts
        str(pk, "S");
        str(pk, "SPY");
        str(pk, "T");
        str(pk, "q");
        const DecodedFrame f = decodeOk(std::string(b.data(), b.size()));
        QCOMPARE(f.trades.size(), 1u);
        QCOMPARE(f.trades[0].symbol, std::string("AAPL240315C00172500"));
        QCOMPARE(f.trades[0].price, 2.84);
        QCOMPARE(f.trades[0].size, 1u);
        QCOMPARE(f.trades[0].time, expectedTime(true));
        QCOMPARE(f.ignored, 1);
        QCOMPARE(f.skipped, 1);
        QVERIFY2(f.firstSkip.find("first key") != std::string::npos, f.firstSkip.c_str());
    }

    void controlMessages() {
        msgpack::sbuffer b;
        Packer pk(b);
        pk.pack_array(4);
        pk.pack_map(2);
        str(pk, "T");
        str(pk, "success");
        str(pk, "msg");
        str(pk, "connected");
        pk.pack_map(2);
        str(pk, "T");
        str(pk, "success");
        str(pk, "msg");
        str(pk, "authenticated");
        pk.pack_map(3);
        str(pk, "T");
        str(pk, "error");
        str(pk, "code");
        pk.pack_uint16(402);
        str(pk, "msg");
        str(pk, "auth failed\nforged line");
        pk.pack_map(4);
        str(pk, "T");
        str(pk, "subscription");
        str(pk, "trades");
        pk.pack_array(1);
        str(pk, "AAPL240315C00172500");
        str(pk, "quotes");
        pk.pack_array(2);
        str(pk, "AAPL240315C00172500");
        str(pk, "SPY261218C00700000");
        str(pk, "bars");
        pk.pack_nil();
        const DecodedFrame f = decodeOk(std::string(b.data(), b.size()));
        QCOMPARE(f.controls.size(), 4u);
        QVERIFY(f.controls[0].type == ControlMessage::Type::Success);
        QCOMPARE(f.controls[0].msg, std::string("connected"));
        QCOMPARE(f.controls[1].msg, std::string("authenticated"));
        QVERIFY(f.controls[2].type == ControlMessage::Type::Error);
        QCOMPARE(f.controls[2].code, 402);
        QCOMPARE(f.controls[2].msg, std::string("auth failed?forged line")); // no control chars
        QVERIFY(f.controls[3].type == ControlMessage::Type::Subscription);
        QCOMPARE(f.controls[3].trades.size(), 1u);
        QCOMPARE(f.controls[3].quotes,
                 (std::vector<std::string>{"AAPL240315C00172500", "SPY261218C00700000"}));
    }

    void malformedFramesGiveReadableErrors_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const std::string good = quoteFrame(ts96());
        QTest::newRow("empty") << QByteArray() << "empty";
        QTest::newRow("cut short")
            << QByteArray::fromStdString(good.substr(0, good.size() - 5)) << "ends in the middle";
        QTest::newRow("trailing") << QByteArray::fromStdString(good + "x") << "bytes follow";
        QTest::newRow("json") << QByteArray(R"([{"T":"q"}])") << "bytes follow";
        QTest::newRow("not a list") << QByteArray("\x81\xa1T\xa1q", 5) << "not a list";
        // Declares four billion messages in five bytes: refused before anything is allocated.
        QTest::newRow("huge array")
            << QByteArray("\xdd\xff\xff\xff\xff", 5) << "ends in the middle";
        QTest::newRow("over the message limit")
            << QByteArray("\xdd\x00\x01\x86\xa1", 5) + QByteArray(100'001, '\xc0')
            << "declares more";
        QTest::newRow("deep") << QByteArray(64, '\x91') << "nested";
        QTest::newRow("reserved byte") << QByteArray("\xc1", 1) << "not msgpack";
    }
    void malformedFramesGiveReadableErrors() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const auto r = decodeFrame(std::string_view(bytes.constData(), bytes.size()));
        QVERIFY(!r.ok());
        const QString message = QString::fromStdString(r.error().message);
        QVERIFY2(message.contains(expected) && message.startsWith(QLatin1String("Alpaca's")),
                 qPrintable(message));
    }

    void fakeServerFramesReadBack() {
        market::SimContract c;
        c.symbol = "SPY261218C00700000";
        c.quote = Quote{1.25, 1.3, 10, 0, Timestamp{milliseconds{1764000000123}}};
        c.bidExchange = 'X';
        fake::StreamFrame f;
        f.addSuccess("connected");
        f.addError(405, "symbol limit exceeded");
        f.addSubscription({"A"}, {"A", "B"});
        f.addQuote(c);
        f.addTrade(c.symbol, market::SimTrade{1.27, 3, c.quote.time, 'C'});
        for (int i = 0; i < 20; ++i) // over 15 entries: array 16 header
            f.addQuote(c);
        const QByteArray bytes = f.bytes();
        const DecodedFrame d = decodeOk(bytes.toStdString());
        QCOMPARE(d.controls.size(), 3u);
        QCOMPARE(d.controls[1].code, 405);
        QCOMPARE(d.quotes.size(), 21u);
        QCOMPARE(d.quotes[0].bid, 1.25);
        QCOMPARE(d.quotes[0].askSize, 0u);
        QCOMPARE(d.quotes[0].time, c.quote.time);
        QCOMPARE(d.trades.size(), 1u);
        QCOMPARE(d.trades[0].size, 3u);
        // Every kind of deliberate breakage is an error or a skip, never a quote.
        for (int i = 0; i < 4; ++i) {
            const QByteArray bad = fake::malformedFrame(i);
            const auto r = decodeFrame(std::string_view(bad.constData(), bad.size()));
            QVERIFY(!r.ok() || (r->skipped == 1 && r->quotes.empty()));
        }
    }

    void encodeActions() {
        const std::string auth = encodeAuth("KEY", "SECRET");
        auto handle = msgpack::unpack(auth.data(), auth.size());
        auto m = asMap(handle.get());
        QCOMPARE(m["action"].as<std::string>(), std::string("auth"));
        QCOMPARE(m["key"].as<std::string>(), std::string("KEY"));
        QCOMPARE(m["secret"].as<std::string>(), std::string("SECRET"));

        const std::string sub = encodeSubscribe({"A", "B"}, {"A"});
        handle = msgpack::unpack(sub.data(), sub.size());
        m = asMap(handle.get());
        QCOMPARE(m["action"].as<std::string>(), std::string("subscribe"));
        QCOMPARE(m["quotes"].as<std::vector<std::string>>(), (std::vector<std::string>{"A", "B"}));
        QCOMPARE(m["trades"].as<std::vector<std::string>>(), (std::vector<std::string>{"A"}));

        const std::string unsub = encodeUnsubscribe({"B"}, {});
        handle = msgpack::unpack(unsub.data(), unsub.size());
        m = asMap(handle.get());
        QCOMPARE(m["action"].as<std::string>(), std::string("unsubscribe"));
        QCOMPARE(m["quotes"].as<std::vector<std::string>>(), (std::vector<std::string>{"B"}));

        // The fake server reads them the same way.
        const auto back = fake::readStreamAction(QByteArray::fromStdString(sub));
        QVERIFY(back);
        QCOMPARE(back->action, std::string("subscribe"));
        QCOMPARE(back->quotes.size(), 2u);
    }

    void tradeUpdateJson() {
        const QByteArray fill = R"({"stream":"trade_updates","data":{"event":"fill",
            "execution_id":"2f63ea93-423d-4169-b3f6-3fdafc10c418","order":{"id":
            "a5be8f5e-fdfa-41f5-a644-7a74fe947a8f","client_order_id":"c1","symbol":
            "SPY261218C00700000","status":"filled","side":"buy","type":"limit","qty":"2",
            "filled_qty":"2","filled_avg_price":"1.25","limit_price":"1.3","time_in_force":"day",
            "created_at":"2022-04-19T13:45:04.981350886-04:00","filled_at":
            "2022-04-19T17:45:05.024916716Z"},"position_qty":"2","price":"1.25","qty":"2",
            "timestamp":"2022-04-19T17:45:05.024916716Z"}})";
        const auto m = parseTradeStreamMessage(fill);
        QVERIFY2(m.ok(), m.ok() ? "" : m.error().message.c_str());
        QVERIFY(m->type == TradeStreamMessage::Type::TradeUpdate);
        QCOMPARE(m->update.event, std::string("fill"));
        QCOMPARE(m->update.order.id, std::string("a5be8f5e-fdfa-41f5-a644-7a74fe947a8f"));
        QCOMPARE(m->update.order.filledQty, 2.0);
        QCOMPARE(*m->update.price, 1.25);
        QCOMPARE(*m->update.qty, 2.0);
        QCOMPARE(*m->update.positionQty, 2.0);
        QVERIFY(m->update.timestamp.has_value());
        QCOMPARE(m->update.executionId, std::string("2f63ea93-423d-4169-b3f6-3fdafc10c418"));

        // A quantity an int cannot hold is refused, in the event and in its order.
        QByteArray huge = fill;
        huge.replace(R"("position_qty":"2")", R"("position_qty":"9e12")");
        const auto bad = parseTradeStreamMessage(huge);
        QVERIFY(!bad.ok());
        QVERIFY2(QString::fromStdString(bad.error().message).contains("position_qty"),
                 bad.error().message.c_str());
        huge = fill;
        huge.replace(R"("filled_qty":"2")", R"("filled_qty":"3000000000")");
        QVERIFY(!parseTradeStreamMessage(huge).ok());

        const auto auth = parseTradeStreamMessage(
            R"({"stream":"authorization","data":{"status":"unauthorized","action":"listen"}})");
        QVERIFY(auth.ok() && auth->type == TradeStreamMessage::Type::Authorization);
        QVERIFY(!auth->authorized);
        QCOMPARE(auth->action, std::string("listen"));
        const auto listening = parseTradeStreamMessage(
            R"({"stream":"listening","data":{"streams":["trade_updates"]}})");
        QVERIFY(listening.ok() && listening->streams == std::vector<std::string>{"trade_updates"});

        for (const char *bad :
             {"", "[1]", R"({"data":{}})", R"({"stream":"trade_updates","data":{"event":"fill"}})",
              R"({"stream":"trade_updates","data":{"order":{"id":"x"}}})"}) {
            const auto r = parseTradeStreamMessage(QByteArray(bad));
            QVERIFY2(!r.ok(), bad);
            QVERIFY(
                QString::fromStdString(r.error().message).startsWith(QLatin1String("Alpaca's")));
        }
        const QByteArray action = authenticateAction(QStringLiteral("K"), QStringLiteral("S"));
        QCOMPARE(action,
                 QByteArray(R"({"action":"authenticate","data":{"key_id":"K","secret_key":"S"}})"));
        QCOMPARE(listenAction(),
                 QByteArray(R"({"action":"listen","data":{"streams":["trade_updates"]}})"));
    }

    void streamUrls() {
        alpaca::AlpacaConfig c;
        QCOMPARE(c.optionStreamUrl().toString(),
                 QStringLiteral("wss://stream.data.alpaca.markets/v1beta1/indicative"));
        QCOMPARE(c.tradeUpdatesUrl().toString(),
                 QStringLiteral("wss://paper-api.alpaca.markets/stream"));
        c.feed = QStringLiteral("opra");
        c.dataUrl = QUrl(QStringLiteral("https://data.sandbox.alpaca.markets"));
        QCOMPARE(c.optionStreamUrl().toString(),
                 QStringLiteral("wss://stream.data.sandbox.alpaca.markets/v1beta1/opra"));
        c.feed = QStringLiteral("indicative");
        c.dataUrl = c.tradingUrl = QUrl(QStringLiteral("http://127.0.0.1:4321"));
        QCOMPARE(c.optionStreamUrl().toString(),
                 QStringLiteral("ws://127.0.0.1:4321/v1beta1/indicative"));
        QCOMPARE(c.tradeUpdatesUrl().toString(), QStringLiteral("ws://127.0.0.1:4321/stream"));
        QVERIFY(c.validate().ok());
        c.streamUrl = QUrl(QStringLiteral("ws://stream.example.com"));
        const auto refused = c.validate();
        QVERIFY(!refused.ok());
        QVERIFY(
            QString::fromStdString(refused.error().message).contains(QLatin1String("unencrypted")));
        c.streamUrl = QUrl(QStringLiteral("wss://stream.example.com/"));
        QVERIFY(c.validate().ok());
        QCOMPARE(c.optionStreamUrl().toString(),
                 QStringLiteral("wss://stream.example.com/v1beta1/indicative"));
        QProcessEnvironment env;
        env.insert(QStringLiteral("APCA_API_STREAM_URL"), QStringLiteral("ws://localhost:9"));
        QCOMPARE(alpaca::AlpacaConfig::fromEnvironment(env).optionStreamUrl().toString(),
                 QStringLiteral("ws://localhost:9/v1beta1/indicative"));
    }

    void backoff() {
        const Backoff b{milliseconds{500}, milliseconds{30'000}, false};
        QCOMPARE(b.delay(0, 0.3).count(), 500);
        QCOMPARE(b.delay(1, 0.3).count(), 1000);
        QCOMPARE(b.delay(5, 0.3).count(), 16000);
        QCOMPARE(b.delay(6, 0.3).count(), 30000);
        QCOMPARE(b.delay(1000, 0.3).count(), 30000);
        const Backoff j{milliseconds{500}, milliseconds{30'000}, true};
        QCOMPARE(j.delay(2, 0.0).count(), 1000);
        QCOMPARE(j.delay(2, 0.999999).count(), 2000);
        QCOMPARE(secondsText(milliseconds{500}), std::string("0.5 s"));
        QCOMPARE(secondsText(milliseconds{4000}), std::string("4 s"));
    }

    void streamFaultGrammar() {
        const auto f = fake::FaultSpec::parse(
            QStringLiteral("stream-disconnect=2s, stream-silence=500ms,stream-malformed=3"));
        QVERIFY2(f.ok(), f.ok() ? "" : f.error().message.c_str());
        QCOMPARE(f->streamDisconnect.count(), 2000);
        QCOMPARE(f->streamSilence.count(), 500);
        QCOMPARE(f->streamMalformed, 3);
        QVERIFY(!f->isEmpty());
        QCOMPARE(fake::FaultSpec::parse(f->toString())->toString(), f->toString());
        QVERIFY(!fake::FaultSpec::parse(QStringLiteral("stream-silence=forever")).ok());
    }
};

QTEST_GUILESS_MAIN(TestStreamCodec)
#include "tst_alpaca_stream_codec.moc"
