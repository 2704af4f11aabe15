// The client's HTTP behaviour against a stub server the test controls byte for byte: auth
// headers, timeouts, retries and backoff (429 with Retry-After / X-RateLimit-Reset, 5xx, dropped
// connections) for GET and DELETE only, and the never-blindly-retried order submission.

#include "alpaca/alpaca_client.h"
#include "alpaca/log.h"
#include "alpaca/trading_json.h"
#include "await_result.h"
#include "stub_server.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTest>
#include <QTimer>

using namespace cg;
using namespace cg::testing;

namespace {

const char kKey[] = "TEST-KEY-ID-0123456789";
const char kSecret[] = "sEcReT-do-not-leak-42";

alpaca::AlpacaConfig configFor(const StubServer &s, int timeoutMs = 3000) {
    alpaca::AlpacaConfig c;
    c.tradingUrl = s.url();
    c.dataUrl = s.url();
    c.keyId = QString::fromLatin1(kKey);
    c.secret = QString::fromLatin1(kSecret);
    c.timeoutMs = timeoutMs;
    return c;
}

std::unique_ptr<alpaca::AlpacaClient> clientFor(const StubServer &s, int timeoutMs = 3000,
                                                int retries = 3) {
    auto client = std::make_unique<alpaca::AlpacaClient>(configFor(s, timeoutMs));
    client->setRetryPolicy(alpaca::RetryPolicy{retries, 10, 200});
    return client;
}

QByteArray accountJson() {
    return R"({"id":"acc-1","status":"ACTIVE","equity":"1000","buying_power":"2000","options_buying_power":"900","options_trading_level":2})";
}

QByteArray orderJson(const QString &id, const QString &coid,
                     const QString &status = "pending_new") {
    QJsonObject o;
    o.insert("id", id);
    o.insert("client_order_id", coid);
    o.insert("symbol", "SPY260116C00600000");
    o.insert("asset_class", "us_option");
    o.insert("status", status);
    o.insert("side", "buy");
    o.insert("type", "limit");
    o.insert("qty", "1");
    o.insert("filled_qty", "0");
    o.insert("limit_price", "1.5");
    o.insert("filled_avg_price", QJsonValue::Null);
    o.insert("time_in_force", "day");
    o.insert("created_at", "2026-01-02T15:00:00.123456789Z");
    o.insert("filled_at", QJsonValue::Null);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

OrderRequest optionOrder(const std::string &coid) {
    OrderRequest r;
    r.symbol = "SPY260116C00600000";
    r.qty = 1;
    r.limitPrice = 1.5;
    r.intent = PositionIntent::BuyToOpen;
    r.clientOrderId = coid;
    return r;
}

// A broker that stores orders by client_order_id like Alpaca, with a switch for what happens to
// the answer of POST /v2/orders.
struct OrderBook {
    QMap<QString, QByteArray> byCoid;
    std::function<StubAction(const QByteArray &stored)> postAnswer;
    bool storeOnPost = true;

    StubAction handle(const StubRequest &r) {
        if (r.method == "POST" && r.path() == "/v2/orders") {
            const QJsonObject body = QJsonDocument::fromJson(r.body).object();
            const QString coid = body.value("client_order_id").toString();
            if (byCoid.contains(coid))
                return StubAction::json(
                    422, R"({"code":42210000,"message":"client_order_id must be unique"})");
            const QByteArray order = orderJson("ord-" + QString::number(byCoid.size() + 1), coid);
            if (storeOnPost)
                byCoid.insert(coid, order);
            return postAnswer ? postAnswer(order) : StubAction::json(200, order);
        }
        if (r.method == "GET" && r.path() == "/v2/orders:by_client_order_id") {
            const QString coid = r.query("client_order_id");
            if (byCoid.contains(coid))
                return StubAction::json(200, byCoid.value(coid));
            return StubAction::json(404, R"({"code":40410000,"message":"order not found"})");
        }
        return StubAction::json(404, R"({"message":"no route"})");
    }
};

// Collects every log line while alive.
struct LogCapture {
    static inline QStringList lines;
    static inline QtMessageHandler previous = nullptr;
    LogCapture() {
        lines.clear();
        previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext &, const QString &m) { lines.append(m); });
        QLoggingCategory::setFilterRules(QStringLiteral("chaingate.alpaca.debug=true"));
    }
    ~LogCapture() {
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
    }
};

} // namespace

class TestAlpacaTransport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sendsAuthHeadersAndReadsTheAccount() {
        StubServer s([](const StubRequest &) { return StubAction::json(200, accountJson()); });
        auto client = clientFor(s);
        auto a = awaitResult<Account>([&](auto done) { client->account(done); });
        QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
        QCOMPARE(a->optionsTradingLevel, 2);
        QCOMPARE(s.requests().size(), 1);
        const StubRequest &r = s.requests().at(0);
        QCOMPARE(r.method, QByteArray("GET"));
        QCOMPARE(r.path(), QStringLiteral("/v2/account"));
        QCOMPARE(r.headers.value("apca-api-key-id"), QByteArray(kKey));
        QCOMPARE(r.headers.value("apca-api-secret-key"), QByteArray(kSecret));
    }

    void retries429HonouringRetryAfter() {
        int n = 0;
        StubServer s([&](const StubRequest &) {
            if (n++ == 0)
                return StubAction::json(429, R"({"code":42910000,"message":"rate limit exceeded"})",
                                        {{"Retry-After", "0"}, {"X-RateLimit-Remaining", "0"}});
            return StubAction::json(200, accountJson());
        });
        auto client = clientFor(s);
        auto a = awaitResult<Account>([&](auto done) { client->account(done); });
        QVERIFY(a.ok());
        QCOMPARE(s.requests().size(), 2);
    }

    // Retry-After is in seconds: "2" schedules the retry 2000 ms later (not 2 ms, and not the
    // backoff's 10 ms), and a longer wait is capped. The scheduled delay is checked, not the clock.
    void retryAfterIsReadInSeconds() {
        int n = 0;
        QByteArray retryAfter = "2";
        StubServer s([&](const StubRequest &) {
            if (n++ % 2 == 0)
                return StubAction::json(429, R"({"code":42910000,"message":"rate limit exceeded"})",
                                        {{"Retry-After", retryAfter}});
            return StubAction::json(200, accountJson());
        });
        alpaca::Transport t(configFor(s));
        t.setRetryPolicy(alpaca::RetryPolicy{3, 10, 10000});
        QList<int> delays;
        t.setRetryScheduler([&](int ms, std::function<void()> retry) {
            delays.append(ms);
            QTimer::singleShot(0, &t, std::move(retry)); // at once: the test never waits
        });
        alpaca::HttpRequest get;
        get.path = QStringLiteral("/v2/account");
        const auto sendAndWait = [&] {
            std::optional<alpaca::HttpReply> reply;
            t.send(get, [&](const alpaca::HttpReply &r) { reply = r; });
            (void)QTest::qWaitFor([&] { return reply.has_value(); }, 5000);
            return reply;
        };
        auto r = sendAndWait();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(r->attempts, 2);
        QCOMPARE(delays, QList<int>{2000});

        retryAfter = "60"; // a minute: the policy's 10 s cap bounds it
        delays.clear();
        r = sendAndWait();
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        QCOMPARE(delays, QList<int>{10000});
    }

    void retries429HonouringRateLimitResetCapped() {
        int n = 0;
        StubServer s([&](const StubRequest &) {
            if (n++ == 0) {
                // Reset an hour away: the cap (200 ms here) bounds the wait.
                const QByteArray reset =
                    QByteArray::number(QDateTime::currentSecsSinceEpoch() + 3600);
                return StubAction::json(429, R"({"message":"too many requests"})",
                                        {{"X-RateLimit-Limit", "200"},
                                         {"X-RateLimit-Remaining", "0"},
                                         {"X-RateLimit-Reset", reset}});
            }
            return StubAction::json(200, accountJson());
        });
        auto client = clientFor(s);
        auto a = awaitResult<Account>([&](auto done) { client->account(done); }, 5000);
        QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
        QCOMPARE(s.requests().size(), 2);
    }

    void persistent429BecomesAPlainError() {
        StubServer s([](const StubRequest &) {
            return StubAction::json(429, R"({"code":42910000,"message":"rate limit exceeded"})",
                                    {{"Retry-After", "0"}});
        });
        auto client = clientFor(s);
        auto a = awaitResult<Account>([&](auto done) { client->account(done); });
        QVERIFY(!a.ok());
        QCOMPARE(a.error().httpStatus, 429);
        QVERIFY2(QString::fromStdString(a.error().message).contains("rate limit (429)"),
                 a.error().message.c_str());
        QCOMPARE(s.requests().size(), 4); // 1 + 3 retries
    }

    void get500TwiceThen200() {
        int n = 0;
        StubServer s([&](const StubRequest &) {
            if (n++ < 2)
                return StubAction::json(
                    500, R"({"code":50010000,"message":"internal server error occurred"})");
            return StubAction::json(200, accountJson());
        });
        auto client = clientFor(s);
        auto a = awaitResult<Account>([&](auto done) { client->account(done); });
        QVERIFY(a.ok());
        QCOMPARE(s.requests().size(), 3);
    }

    void getDroppedConnectionIsRetried() {
        int n = 0;
        StubServer s([&](const StubRequest &) {
            return n++ == 0 ? StubAction::drop() : StubAction::json(200, accountJson());
        });
        auto client = clientFor(s);
        auto a = awaitResult<Account>([&](auto done) { client->account(done); });
        QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
        QCOMPARE(s.requests().size(), 2);
    }

    void persistent500Fails() {
        StubServer s([](const StubRequest &) {
            return StubAction::json(503, "<html>Service Unavailable</html>");
        });
        auto client = clientFor(s, 3000, 2);
        auto a = awaitResult<Account>([&](auto done) { client->account(done); });
        QVERIFY(!a.ok());
        QCOMPARE(a.error().httpStatus, 503);
        QVERIFY(QString::fromStdString(a.error().message).contains("Service Unavailable"));
        QCOMPARE(s.requests().size(), 3);
    }

    void timeoutSaysSo() {
        StubServer s([](const StubRequest &) { return StubAction::hang(); });
        auto client = clientFor(s, 300, 1);
        auto a = awaitResult<Account>([&](auto done) { client->account(done); });
        QVERIFY(!a.ok());
        QVERIFY2(a.error().message.starts_with("Alpaca did not answer within 0.3 s"),
                 a.error().message.c_str());
        QCOMPARE(a.error().httpStatus, 0);
        QCOMPARE(s.requests().size(), 2); // timeouts of a GET are retried too
    }

    // A server that answers a byte every 100 ms is never silent, so the transfer (inactivity)
    // timeout alone never fires; the request's deadline ends it, reported as a timeout and
    // retried like one. The body would take 100 s; the test allows 5 s for both attempts.
    void slowAnswerHitsTheDeadline() {
        StubServer s([](const StubRequest &) {
            return StubAction::trickle(200, accountJson().leftJustified(1000, ' '), 100);
        });
        auto client = clientFor(s, 400, 1);
        auto a = awaitResult<Account>([&](auto done) { client->account(done); }, 5000);
        QVERIFY(!a.ok());
        QVERIFY2(a.error().message.starts_with("Alpaca did not answer within 0.4 s"),
                 a.error().message.c_str());
        QCOMPARE(a.error().httpStatus, 0);
        QCOMPARE(s.requests().size(), 2);
    }

    // A long answer still arriving at a useful rate (here 80 KB/s, 0.8 s for 64 KB against a
    // 0.4 s timeout: a large contracts page on a slow link) is not cut off by the deadline.
    void longAnswerAtAUsefulRateIsNotCutOff() {
        QByteArray body = accountJson();
        body = body.leftJustified(64 * 1024, ' ');
        StubServer s(
            [&body](const StubRequest &) { return StubAction::trickle(200, body, 100, 8 * 1024); });
        auto client = clientFor(s, 400, 1);
        auto a = awaitResult<Account>([&](auto done) { client->account(done); }, 5000);
        QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
        QCOMPARE(s.requests().size(), 1);
    }

    void connectionRefused() {
        QUrl dead;
        {
            QTcpServer probe;
            probe.listen(QHostAddress::LocalHost, 0);
            dead = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort()));
        } // closed: nothing listens there now
        alpaca::AlpacaConfig c;
        c.tradingUrl = dead;
        c.dataUrl = dead;
        c.keyId = kKey;
        c.secret = kSecret;
        alpaca::AlpacaClient client(c);
        client.setRetryPolicy(alpaca::RetryPolicy{1, 10, 50});
        auto a = awaitResult<Account>([&](auto done) { client.account(done); });
        QVERIFY(!a.ok());
        QVERIFY2(QString::fromStdString(a.error().message).contains("connection refused"),
                 a.error().message.c_str());
    }

    void unauthorizedIsNotRetried() {
        StubServer s([](const StubRequest &) {
            return StubAction::json(401,
                                    R"({"code":40110000,"message":"request is not authorized"})");
        });
        auto client = clientFor(s);
        auto a = awaitResult<Account>([&](auto done) { client->account(done); });
        QVERIFY(!a.ok());
        QCOMPARE(a.error().message, std::string("Alpaca rejected the API keys (401): check "
                                                "APCA_API_KEY_ID / APCA_API_SECRET_KEY, and "
                                                "paper vs live"));
        QCOMPARE(s.requests().size(), 1);
    }

    void secretsNeverReachLogsOrErrors() {
        LogCapture logs;
        // A hostile or buggy server echoing the secret back in its error message.
        StubServer s([](const StubRequest &r) {
            return StubAction::json(500, "{\"message\":\"bad key " +
                                             r.headers.value("apca-api-secret-key") + " / " +
                                             r.headers.value("apca-api-key-id") + "\"}");
        });
        auto client = clientFor(s, 3000, 1);
        auto a = awaitResult<Account>([&](auto done) { client->account(done); });
        QVERIFY(!a.ok());
        QVERIFY(!QString::fromStdString(a.error().message).contains(kSecret));
        QVERIFY(!QString::fromStdString(a.error().message).contains(kKey));
        QVERIFY(QString::fromStdString(a.error().message).contains("***"));
        QVERIFY(!logs.lines.isEmpty());
        for (const QString &line : logs.lines) {
            QVERIFY2(!line.contains(kSecret), qPrintable(line));
            QVERIFY2(!line.contains(kKey), qPrintable(line));
        }
    }

    // ---- bounded answers ----

    // An answer above the limit is abandoned, not read into memory, not retried, and says so.
    void oversizedAnswerIsRefusedWithTheLimit() {
        const QByteArray big = "{\"pad\":\"" + QByteArray(5000, 'x') + "\"}";
        StubServer s([&](const StubRequest &) { return StubAction::json(200, big); });
        auto client = clientFor(s);
        client->setMaxReplyBytes(1024);
        auto a = awaitResult<Account>([&](auto done) { client->account(done); });
        QVERIFY(!a.ok());
        QCOMPARE(a.error().message,
                 std::string("Alpaca's answer to GET /v2/account is larger than the 1 KB limit"));
        QCOMPARE(s.requests().size(), 1); // the same request would bring the same answer

        // Without a Content-Length (chunked), the bytes received are counted instead.
        s.setHandler([&](const StubRequest &) { return StubAction::chunkedJson(200, big); });
        a = awaitResult<Account>([&](auto done) { client->account(done); });
        QVERIFY(!a.ok());
        QCOMPARE(a.error().message,
                 std::string("Alpaca's answer to GET /v2/account is larger than the 1 KB limit"));
        QCOMPARE(s.requests().size(), 2);

        // Within the limit it is read as always.
        client->setMaxReplyBytes(64 * 1024);
        s.setHandler(
            [&](const StubRequest &) { return StubAction::chunkedJson(200, accountJson()); });
        a = awaitResult<Account>([&](auto done) { client->account(done); });
        QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
    }

    // A chain page above the limit ends the chain with the page named.
    void oversizedChainPageIsAnError() {
        StubServer s([](const StubRequest &) {
            return StubAction::json(200, "{\"snapshots\":{},\"pad\":\"" +
                                             QByteArray(3 * 1024 * 1024, 'x') + "\"}");
        });
        auto client = clientFor(s);
        client->setMaxReplyBytes(2 * 1024 * 1024);
        ChainQuery q;
        q.underlying = "SPY";
        auto chain = awaitResult<OptionChain>([&](auto done) { client->optionChain(q, done); });
        QVERIFY(!chain.ok());
        QCOMPARE(chain.error().message,
                 std::string("Alpaca's answer to GET /v1beta1/options/snapshots/SPY is larger "
                             "than the 2 MB limit"));
    }

    // The limit is far above the largest real answer: a full contracts page (10,000 contracts
    // with every field and a deliverable, ~7 MB) is read under the default limit, 8 times over.
    void fullContractsPageFitsTheDefaultLimit() {
        // As Alpaca sends one (API.md). Every raw string holds an even number of quotes: moc
        // reads them as plain strings and would lose the class otherwise.
        const QByteArray contract =
            R"({"id":"98359ef7-5124-49f3-85ea-5cf02df6defa","symbol":"SYMBOL",)"
            R"("name":"SPY Jan 16 2026 Call","status":"active","tradable":true,)"
            R"("expiration_date":"2026-01-16","root_symbol":"SPY","underlying_symbol":"SPY",)"
            R"("underlying_asset_id":"b0b6dd9d-8b9b-48a9-ba46-b9d54906e415","type":"call",)"
            R"("style":"american","strike_price":"600","multiplier":"100","size":"100",)"
            R"("open_interest":"1500","open_interest_date":"2026-01-02","close_price":"1.25",)"
            R"("close_price_date":"2026-01-02","deliverables":[{"type":"equity","symbol":"SPY",)"
            R"("asset_id":"b0b6dd9d-8b9b-48a9-ba46-b9d54906e415","amount":"100",)"
            R"("allocation_percentage":"100","settlement_type":"T+1",)"
            R"("settlement_method":"CCC","delayed_settlement":false}]})";
        QByteArray page = "{\"option_contracts\":[";
        for (int i = 0; i < 10000; ++i) {
            const QByteArray symbol =
                "SPY260116C" + QByteArray::number(595000 + i).rightJustified(8, '0');
            if (i)
                page += ',';
            page += QByteArray(contract).replace("SYMBOL", symbol);
        }
        page += "],\"next_page_token\":null}";
        QVERIFY(page.size() > 6500000);
        QVERIFY(page.size() * 8 < alpaca::kDefaultMaxReplyBytes);
        StubServer s([&](const StubRequest &r) {
            if (r.path() == "/v2/options/contracts")
                return StubAction::json(200, page);
            return StubAction::json(
                200, R"({"snapshots":{"SPY260116C00600000":{"latestQuote":{"bp":1,"ap":1.1}}}})");
        });
        alpaca::AlpacaConfig c = configFor(s, 10000);
        alpaca::AlpacaClient client(c); // the default limit
        ChainQuery q;
        q.underlying = "SPY";
        auto chain =
            awaitResult<OptionChain>([&](auto done) { client.optionChain(q, done); }, 20000);
        QVERIFY2(chain.ok(), chain.ok() ? "" : chain.error().message.c_str());
        QCOMPARE(chain->contracts.size(), std::size_t(1));
        QCOMPARE(chain->contracts[0].openInterest.value_or(-1), std::int64_t(1500));
    }

    // The answer to an order is too large to read: the order may exist, so it is looked up,
    // never sent again blindly.
    void oversizedOrderAnswerIsLookedUp() {
        OrderBook book;
        book.postAnswer = [](const QByteArray &) {
            return StubAction::json(200, "{\"pad\":\"" + QByteArray(8000, 'x') + "\"}");
        };
        StubServer s([&](const StubRequest &r) { return book.handle(r); });
        auto client = clientFor(s);
        client->setMaxReplyBytes(4096);
        auto o = awaitResult<Order>(
            [&](auto done) { client->submitOrder(optionOrder("sig-big"), done); });
        QVERIFY2(o.ok(), o.ok() ? "" : o.error().message.c_str());
        QCOMPARE(o->id, std::string("ord-1"));
        QCOMPARE(s.count("POST", "/v2/orders"), 1);
        QCOMPARE(s.count("GET", "/v2/orders:by_client_order_id"), 1);
    }

    // ---- order submission ----

    void orderPostedOnce() {
        OrderBook book;
        StubServer s([&](const StubRequest &r) { return book.handle(r); });
        auto client = clientFor(s);
        auto o =
            awaitResult<Order>([&](auto done) { client->submitOrder(optionOrder("sig-1"), done); });
        QVERIFY(o.ok());
        QCOMPARE(o->clientOrderId, std::string("sig-1"));
        QCOMPARE(s.requests().size(), 1);
        const QJsonObject body = QJsonDocument::fromJson(s.requests()[0].body).object();
        QCOMPARE(body.value("qty").toString(), QStringLiteral("1"));
        QCOMPARE(body.value("limit_price").toString(), QStringLiteral("1.5"));
        QCOMPARE(body.value("time_in_force").toString(), QStringLiteral("day"));
        QCOMPARE(body.value("type").toString(), QStringLiteral("limit"));
        QCOMPARE(body.value("side").toString(), QStringLiteral("buy"));
        QCOMPARE(body.value("position_intent").toString(), QStringLiteral("buy_to_open"));
        QCOMPARE(s.requests()[0].headers.value("content-type"), QByteArray("application/json"));
    }

    void orderConnectionDroppedAfterStoreIsLookedUpNotResent() {
        OrderBook book;
        book.postAnswer = [](const QByteArray &) { return StubAction::drop(); };
        StubServer s([&](const StubRequest &r) { return book.handle(r); });
        auto client = clientFor(s);
        auto o =
            awaitResult<Order>([&](auto done) { client->submitOrder(optionOrder("sig-2"), done); });
        QVERIFY2(o.ok(), o.ok() ? "" : o.error().message.c_str());
        QCOMPARE(o->id, std::string("ord-1"));
        QCOMPARE(book.byCoid.size(), 1);
        QCOMPARE(s.count("POST", "/v2/orders"), 1);
        QCOMPARE(s.count("GET", "/v2/orders:by_client_order_id"), 1);
        QCOMPARE(s.requests().last().query("client_order_id"), QStringLiteral("sig-2"));
    }

    void orderTimeoutAfterStoreIsLookedUp() {
        OrderBook book;
        book.postAnswer = [](const QByteArray &) { return StubAction::hang(); };
        StubServer s([&](const StubRequest &r) { return book.handle(r); });
        auto client = clientFor(s, 300);
        auto o =
            awaitResult<Order>([&](auto done) { client->submitOrder(optionOrder("sig-3"), done); });
        QVERIFY2(o.ok(), o.ok() ? "" : o.error().message.c_str());
        QCOMPARE(book.byCoid.size(), 1);
        QCOMPARE(s.count("POST", "/v2/orders"), 1);
    }

    // The deadline ends a trickled order answer too; the POST is never sent again, the order is
    // looked up instead, as after any timeout.
    void slowOrderAnswerIsLookedUpNotResent() {
        OrderBook book;
        book.postAnswer = [](const QByteArray &order) {
            return StubAction::trickle(200, order.leftJustified(1000, ' '), 100);
        };
        StubServer s([&](const StubRequest &r) { return book.handle(r); });
        auto client = clientFor(s, 400);
        auto o = awaitResult<Order>(
            [&](auto done) { client->submitOrder(optionOrder("sig-slow"), done); }, 5000);
        QVERIFY2(o.ok(), o.ok() ? "" : o.error().message.c_str());
        QCOMPARE(o->clientOrderId, std::string("sig-slow"));
        QCOMPARE(s.count("POST", "/v2/orders"), 1);
        QCOMPARE(s.count("GET", "/v2/orders:by_client_order_id"), 1);
    }

    void order500WithoutStoreIsResentOnceAfterA404() {
        OrderBook book;
        int posts = 0;
        book.postAnswer = [&](const QByteArray &order) {
            return posts++ == 0
                       ? StubAction::json(
                             500, R"({"code":50010000,"message":"internal server error occurred"})")
                       : StubAction::json(200, order);
        };
        StubServer s([&](const StubRequest &r) {
            // The first POST fails before the order is stored.
            book.storeOnPost = !(r.method == "POST" && posts == 0);
            return book.handle(r);
        });
        auto client = clientFor(s);
        auto o =
            awaitResult<Order>([&](auto done) { client->submitOrder(optionOrder("sig-4"), done); });
        QVERIFY2(o.ok(), o.ok() ? "" : o.error().message.c_str());
        QCOMPARE(book.byCoid.size(), 1);
        QCOMPARE(s.count("POST", "/v2/orders"), 2);
        QCOMPARE(s.count("GET", "/v2/orders:by_client_order_id"), 1);
    }

    void orderResentAtMostOnce() {
        // Nothing ever gets stored and every POST fails: two POSTs, then a clear error.
        StubServer s([](const StubRequest &r) {
            if (r.method == "POST")
                return StubAction::json(502, "Bad Gateway");
            return StubAction::json(404, R"({"code":40410000,"message":"order not found"})");
        });
        auto client = clientFor(s);
        auto o =
            awaitResult<Order>([&](auto done) { client->submitOrder(optionOrder("sig-5"), done); });
        QVERIFY(!o.ok());
        QVERIFY2(o.error().message.starts_with("The order was not placed"),
                 o.error().message.c_str());
        QCOMPARE(s.count("POST", "/v2/orders"), 2);
    }

    void orderMalformedAnswerIsLookedUp() {
        OrderBook book;
        book.postAnswer = [](const QByteArray &order) {
            return StubAction::json(200, order.left(order.size() / 2));
        };
        StubServer s([&](const StubRequest &r) { return book.handle(r); });
        auto client = clientFor(s);
        auto o =
            awaitResult<Order>([&](auto done) { client->submitOrder(optionOrder("sig-6"), done); });
        QVERIFY2(o.ok(), o.ok() ? "" : o.error().message.c_str());
        QCOMPARE(o->id, std::string("ord-1"));
        QCOMPARE(s.count("POST", "/v2/orders"), 1);
    }

    void orderLookupFailingToo() {
        StubServer s([](const StubRequest &r) {
            if (r.method == "POST")
                return StubAction::drop();
            return StubAction::json(500, R"({"message":"down"})");
        });
        auto client = clientFor(s, 3000, 1);
        auto o =
            awaitResult<Order>([&](auto done) { client->submitOrder(optionOrder("sig-7"), done); });
        QVERIFY(!o.ok());
        QVERIFY2(QString::fromStdString(o.error().message).contains("fate is unknown"),
                 o.error().message.c_str());
        QVERIFY(QString::fromStdString(o.error().message).contains("sig-7"));
        QCOMPARE(s.count("POST", "/v2/orders"), 1); // never re-sent while its fate is unknown
    }

    void orderRefusalsAreAnswersNotRetries() {
        for (const auto &[status, body, words] :
             {std::tuple{403,
                         QByteArray(R"({"code":40310000,"message":"insufficient buying power"})"),
                         "insufficient buying power"},
              std::tuple{422, QByteArray(R"({"code":42210000,"message":"invalid symbol"})"),
                         "invalid symbol"}}) {
            StubServer s([&](const StubRequest &) { return StubAction::json(status, body); });
            auto client = clientFor(s);
            auto o = awaitResult<Order>(
                [&](auto done) { client->submitOrder(optionOrder("sig-8"), done); });
            QVERIFY(!o.ok());
            QCOMPARE(o.error().httpStatus, status);
            QVERIFY2(QString::fromStdString(o.error().message).contains(QLatin1String(words)),
                     o.error().message.c_str());
            QCOMPARE(s.requests().size(), 1);
        }
    }

    void orderWithoutClientIdGetsOne() {
        OrderBook book;
        StubServer s([&](const StubRequest &r) { return book.handle(r); });
        auto client = clientFor(s);
        auto o = awaitResult<Order>([&](auto done) { client->submitOrder(optionOrder(""), done); });
        QVERIFY(o.ok());
        QCOMPARE(o->clientOrderId.size(), std::size_t(36)); // a UUID
    }

    void cancelAndGetOrder() {
        StubServer s([](const StubRequest &r) {
            if (r.method == "DELETE" && r.path() == "/v2/orders/ord-9")
                return StubAction::json(204, "");
            if (r.method == "DELETE")
                return StubAction::json(422,
                                        R"({"code":42210000,"message":"order is not cancelable"})");
            if (r.path() == "/v2/orders/ord-9")
                return StubAction::json(200, orderJson("ord-9", "c9", "canceled"));
            if (r.path() == "/v2/orders")
                return StubAction::json(200, "[" + orderJson("ord-9", "c9") + "]");
            return StubAction::json(404, R"({"code":40410000,"message":"order not found"})");
        });
        auto client = clientFor(s);
        QVERIFY(awaitResult<Unit>([&](auto done) { client->cancelOrder("ord-9", done); }).ok());
        auto refused = awaitResult<Unit>([&](auto done) { client->cancelOrder("ord-8", done); });
        QVERIFY(!refused.ok());
        QVERIFY(
            QString::fromStdString(refused.error().message).contains("order is not cancelable"));
        auto o = awaitResult<Order>([&](auto done) { client->order("ord-9", done); });
        QVERIFY(o.ok());
        QCOMPARE(o->status, std::string("canceled"));
        auto missing =
            awaitResult<Order>([&](auto done) { client->orderByClientId("nope", done); });
        QCOMPARE(missing.error().httpStatus, 404);
        auto list = awaitResult<std::vector<Order>>(
            [&](auto done) { client->orders(OrderListStatus::All, 9999, done); });
        QVERIFY(list.ok());
        QCOMPARE(list->size(), std::size_t(1));
        QCOMPARE(s.requests().last().query("status"), QStringLiteral("all"));
        QCOMPARE(s.requests().last().query("limit"), QStringLiteral("500"));
    }

    // PATCH /v2/orders/{id} with only the changed fields as strings (TSPEC's options example
    // {"limit_price": "11.25", "time_in_force": "day"}); the answer is the NEW order, whose
    // `replaces` names the old one. POST .../exercise has no body and answers 200 empty.
    void replaceAndExercise() {
        // TSPEC OptionOrderResponse, with the replace linkage of a replacing order.
        const QByteArray replacing =
            R"({"asset_class":"us_option","asset_id":"98359ef7-5124-49f3-85ea-5cf02df6defa","canceled_at":null,"client_order_id":"58cd43a7-029e-457e-b77f-cd4f61f00f2a","created_at":"2023-12-12T21:35:49.102449524Z","expired_at":null,"extended_hours":false,"failed_at":null,"filled_at":null,"filled_avg_price":null,"filled_qty":"0","hwm":null,"id":"30a077fa-96f6-4f20-a052-4b921ee2f243","legs":null,"limit_price":"11.25","notional":null,"order_class":"simple","order_type":"limit","position_intent":"sell_to_close","qty":"2","replaced_at":null,"replaced_by":null,"replaces":"61e69015-8549-4bfd-b9c3-01e75843f47d","side":"sell","source":null,"status":"pending_new","stop_price":null,"submitted_at":"2023-12-12T21:35:49.056332248Z","subtag":null,"symbol":"AAPL250620C00100000","time_in_force":"day","trail_percent":null,"trail_price":null,"type":"limit","updated_at":"2023-12-12T21:35:49.102504673Z"})";
        StubServer s([&](const StubRequest &r) {
            if (r.method == "PATCH" &&
                r.path() == "/v2/orders/61e69015-8549-4bfd-b9c3-01e75843f47d")
                return StubAction::json(200, replacing);
            if (r.method == "PATCH")
                return StubAction::json(422, R"({"code":42210000,"message":"order is not open"})");
            if (r.method == "POST" && r.path() == "/v2/positions/AAPL250620C00100000/exercise")
                return StubAction::json(200, "");
            return StubAction::json(
                403,
                R"({"code":40310000,"message":"no available position for the specified contract"})");
        });
        auto client = clientFor(s);
        ReplaceRequest change;
        change.limitPrice = 11.25;
        change.timeInForce = "day";
        auto o = awaitResult<Order>([&](auto done) {
            client->replaceOrder("61e69015-8549-4bfd-b9c3-01e75843f47d", change, done);
        });
        QVERIFY2(o.ok(), o.ok() ? "" : o.error().message.c_str());
        QCOMPARE(s.requests().last().method, QByteArray("PATCH"));
        QCOMPARE(s.requests().last().body,
                 QByteArray(R"({"limit_price":"11.25","time_in_force":"day"})"));
        QCOMPARE(o->id, std::string("30a077fa-96f6-4f20-a052-4b921ee2f243"));
        QCOMPARE(o->replaces, std::string("61e69015-8549-4bfd-b9c3-01e75843f47d"));
        QVERIFY(o->replacedBy.empty());
        QCOMPARE(o->limitPrice, std::optional<double>(11.25));
        QVERIFY(o->intent == PositionIntent::SellToClose);

        ReplaceRequest qty;
        qty.qty = 3;
        auto refused =
            awaitResult<Order>([&](auto done) { client->replaceOrder("gone", qty, done); });
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().httpStatus, 422);
        QCOMPARE(s.requests().last().body, QByteArray(R"({"qty":"3"})"));
        QVERIFY(QString::fromStdString(refused.error().message).contains("order is not open"));
        // Nothing to change is refused before anything is sent.
        const auto sent = s.requests().size();
        auto empty = awaitResult<Order>(
            [&](auto done) { client->replaceOrder("x", ReplaceRequest{}, done); });
        QVERIFY(!empty.ok());
        QCOMPARE(s.requests().size(), sent);

        QVERIFY(awaitResult<Unit>([&](auto done) {
                    client->exercise("AAPL250620C00100000", done);
                }).ok());
        QCOMPARE(s.requests().last().method, QByteArray("POST"));
        QVERIFY(s.requests().last().body.isEmpty());
        auto none =
            awaitResult<Unit>([&](auto done) { client->exercise("SPY240304P00480000", done); });
        QCOMPARE(none.error().httpStatus, 403);
        QVERIFY(QString::fromStdString(none.error().message).contains("no available position"));
    }

    // ---- chain paging ----

    // Pages that overlap at a boundary list a symbol twice: the chain holds it once, as the first
    // page gave it, in expiry, strike, call-before-put order.
    void chainKeepsTheFirstOfASymbolListedTwice() {
        StubServer s([&](const StubRequest &r) {
            if (r.path() == "/v1beta1/options/snapshots/SPY") {
                if (r.query("page_token").isEmpty())
                    return StubAction::json(
                        200,
                        R"({"snapshots":{"SPY260116P00600000":{"latestQuote":{"bp":1,"ap":1.1}},)"
                        R"("SPY260116C00600000":{"latestQuote":{"bp":3,"ap":3.3}}},)"
                        R"("next_page_token":"p2"})");
                return StubAction::json(
                    200, R"({"snapshots":{"SPY260116P00600000":{"latestQuote":{"bp":2,"ap":2.2}},)"
                         R"("SPY260109P00600000":{}},"next_page_token":null})");
            }
            return StubAction::json(200, R"({"option_contracts":[],"next_page_token":null})");
        });
        auto client = clientFor(s);
        ChainQuery q;
        q.underlying = "SPY";
        auto chain = awaitResult<OptionChain>([&](auto done) { client->optionChain(q, done); });
        QVERIFY2(chain.ok(), chain.ok() ? "" : chain.error().message.c_str());
        QCOMPARE(chain->contracts.size(), std::size_t(3));
        QCOMPARE(chain->contracts[0].symbol, std::string("SPY260109P00600000"));
        QCOMPARE(chain->contracts[1].symbol, std::string("SPY260116C00600000"));
        QCOMPARE(chain->contracts[2].symbol, std::string("SPY260116P00600000"));
        QCOMPARE(chain->contracts[2].quote->bid, 1.0); // the first page's
        QCOMPARE(chain->contracts[1].quote->bid, 3.0);
    }

    void chainFollowsPagesAndMergesOpenInterest() {
        // Tokens with '+', '/' and '=' must arrive intact.
        const QString token1 = QStringLiteral("QU+/UEw=");
        const QString token2 = QStringLiteral("a b&c=d");
        StubServer s([&](const StubRequest &r) {
            if (r.path() == "/v1beta1/options/snapshots/SPY") {
                const QString t = r.query("page_token");
                if (t.isEmpty())
                    return StubAction::json(
                        200, "{\"snapshots\":{\"SPY260116C00600000\":{\"latestQuote\":{\"bp\":1,"
                             "\"ap\":1.1}}},\"next_page_token\":\"" +
                                 token1.toUtf8() + "\"}");
                if (t == token1)
                    return StubAction::json(
                        200, "{\"snapshots\":{\"SPY260116P00600000\":{\"latestQuote\":{\"bp\":2,"
                             "\"ap\":2.2}},\"SPY260220C00610000\":{}},\"next_page_token\":\"" +
                                 token2.toUtf8() + "\"}");
                if (t == token2)
                    return StubAction::json(
                        200, R"({"snapshots":{"SPY260116C00590000":{}},"next_page_token":null})");
                return StubAction::json(400, R"({"message":"bad token"})");
            }
            if (r.path() == "/v2/options/contracts") {
                if (r.query("page_token").isEmpty())
                    return StubAction::json(
                        200,
                        R"({"option_contracts":[{"symbol":"SPY260116C00600000","open_interest":"1500","multiplier":"100"},{"symbol":"NOTINCHAIN260116C00600000","open_interest":"1"}],"next_page_token":"MTAwMA=="})");
                return StubAction::json(
                    200,
                    R"({"option_contracts":[{"symbol":"SPY260116P00600000","open_interest":null,"multiplier":"10"},{"symbol":"SPY260220C00610000","open_interest":7}],"next_page_token":null})");
            }
            return StubAction::json(404, "{}");
        });
        auto client = clientFor(s);
        ChainQuery q;
        q.underlying = "spy";
        q.type = std::nullopt;
        q.strikeMin = 500;
        q.strikeMax = 700.5;
        auto chain = awaitResult<OptionChain>([&](auto done) { client->optionChain(q, done); });
        QVERIFY2(chain.ok(), chain.ok() ? "" : chain.error().message.c_str());
        QCOMPARE(chain->underlying, std::string("SPY"));
        QCOMPARE(chain->contracts.size(), std::size_t(4));
        // Sorted: expiry, strike, call before put.
        QCOMPARE(chain->contracts[0].symbol, std::string("SPY260116C00590000"));
        QCOMPARE(chain->contracts[1].symbol, std::string("SPY260116C00600000"));
        QCOMPARE(chain->contracts[2].symbol, std::string("SPY260116P00600000"));
        QCOMPARE(chain->contracts[3].symbol, std::string("SPY260220C00610000"));
        QCOMPARE(chain->contracts[1].openInterest.value_or(-1), std::int64_t(1500));
        QVERIFY(!chain->contracts[2].openInterest);
        QCOMPARE(chain->contracts[2].multiplier, 10.0);
        QCOMPARE(chain->contracts[3].openInterest.value_or(-1), std::int64_t(7));
        QVERIFY(!chain->contracts[0].openInterest);

        QCOMPARE(s.count("GET", "/v1beta1/options/snapshots/SPY"), 3);
        QCOMPARE(s.count("GET", "/v2/options/contracts"), 2);
        const StubRequest &first = s.requests().at(0);
        QCOMPARE(first.query("limit"), QStringLiteral("1000"));
        QCOMPARE(first.query("feed"), QStringLiteral("indicative"));
        QCOMPARE(first.query("strike_price_gte"), QStringLiteral("500"));
        QCOMPARE(first.query("strike_price_lte"), QStringLiteral("700.5"));
        QVERIFY(!first.target.contains("page_token"));
        QVERIFY(s.requests().at(1).target.contains("page_token=QU%2B%2FUEw%3D"));
        const StubRequest &contracts = s.requests().at(3);
        QCOMPARE(contracts.query("underlying_symbols"), QStringLiteral("SPY"));
        QCOMPARE(contracts.query("expiration_date_gte"), QStringLiteral("2026-01-16"));
        QCOMPARE(contracts.query("expiration_date_lte"), QStringLiteral("2026-02-20"));
        QCOMPARE(contracts.query("limit"), QStringLiteral("10000"));
        QCOMPARE(s.requests().at(4).query("page_token"), QStringLiteral("MTAwMA=="));
    }

    void chainQueryFilters() {
        StubServer s(
            [](const StubRequest &) { return StubAction::json(200, R"({"snapshots":{}})"); });
        auto client = clientFor(s);
        ChainQuery q;
        q.underlying = "QQQ";
        q.type = OptionType::Put;
        q.expiryFrom = std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{1},
                                                   std::chrono::day{5}};
        q.expiryTo = std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{2},
                                                 std::chrono::day{6}};
        auto chain = awaitResult<OptionChain>([&](auto done) { client->optionChain(q, done); });
        QVERIFY(chain.ok());
        QVERIFY(chain->contracts.empty());
        QCOMPARE(s.requests().size(), 1); // no contracts call for an empty chain
        const StubRequest &r = s.requests().at(0);
        QCOMPARE(r.query("type"), QStringLiteral("put"));
        QCOMPARE(r.query("expiration_date_gte"), QStringLiteral("2026-01-05"));
        QCOMPARE(r.query("expiration_date_lte"), QStringLiteral("2026-02-06"));
    }

    void chainRepeatingTokenStops() {
        StubServer s([](const StubRequest &) {
            return StubAction::json(200, R"({"snapshots":{},"next_page_token":"again"})");
        });
        auto client = clientFor(s);
        ChainQuery q;
        q.underlying = "SPY";
        auto chain = awaitResult<OptionChain>([&](auto done) { client->optionChain(q, done); });
        QVERIFY(!chain.ok());
        QVERIFY(QString::fromStdString(chain.error().message).contains("does not end"));
        QCOMPARE(s.requests().size(), 2);
    }

    void chainBadPageIsAnError() {
        StubServer s(
            [](const StubRequest &) { return StubAction::json(200, "{\"snapshots\":{\"SPY2601"); });
        auto client = clientFor(s);
        ChainQuery q;
        q.underlying = "SPY";
        auto chain = awaitResult<OptionChain>([&](auto done) { client->optionChain(q, done); });
        QVERIFY(!chain.ok());
        QVERIFY(chain.error().message.starts_with("Alpaca sent an unreadable option chain page"));
        q.underlying = "S P Y";
        chain = awaitResult<OptionChain>([&](auto done) { client->optionChain(q, done); });
        QVERIFY(!chain.ok());
        QVERIFY(QString::fromStdString(chain.error().message).contains("not a ticker"));
    }

    void underlyingPriceFromSnapshot() {
        StubServer s([](const StubRequest &r) {
            if (r.path() == "/v2/stocks/SPY/snapshot")
                return StubAction::json(
                    200,
                    R"({"symbol":"SPY","latestTrade":{"t":"2026-01-02T15:00:00Z","p":697.12},"latestQuote":{"bp":697.1,"ap":697.2}})");
            return StubAction::json(404, "{}");
        });
        auto client = clientFor(s);
        auto p =
            awaitResult<UnderlyingPrice>([&](auto done) { client->underlyingPrice("SPY", done); });
        QVERIFY(p.ok());
        QCOMPARE(p->price, 697.12);
        QCOMPARE(s.requests().at(0).query("feed"), QStringLiteral("iex"));
    }
};

QTEST_GUILESS_MAIN(TestAlpacaTransport)
#include "tst_alpaca_transport.moc"
