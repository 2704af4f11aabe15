// Multi-leg option orders (order_class "mleg") both ways: the request body against Alpaca's
// documented example, the documented MultilegOptionsOrderResponse and a trade update with legs
// parsed, the client's refusals, and the real client against the fake server: legs reported,
// filled together (in two parts for a large order), positions per leg, and the server's
// validation errors in Alpaca's {code, message} shape.

#include "alpaca/alpaca_client.h"
#include "alpaca/stream/trade_update_json.h"
#include "alpaca/trading_json.h"
#include "await_result.h"
#include "domain/clock.h"
#include "fake_alpaca/fake_alpaca_server.h"
#include "market/simulated_market.h"
#include "support/demo_client_config.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

#include <cmath>

using namespace cg;
using namespace cg::alpaca;
using namespace cg::testing;

namespace {

// Tuesday 2026-11-24, 10:00 New York: the session is open.
const Timestamp kSessionTime =
    std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 24} +
    std::chrono::hours{15};

QByteArray data(const char *name) {
    QFile f(QStringLiteral(CHAINGATE_ALPACA_TEST_DATA "/%1").arg(QLatin1String(name)));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", name);
    return f.readAll();
}

OrderLegRequest leg(std::string symbol, int ratio, OrderSide side) {
    return OrderLegRequest{std::move(symbol), ratio, side,
                           side == OrderSide::Buy ? PositionIntent::BuyToOpen
                                                  : PositionIntent::SellToOpen};
}

// The documented request: qty 3, limit 10, buy 3 x C250 to open, sell 1 x C260 to open.
OrderRequest documentedRequest() {
    OrderRequest r;
    r.qty = 3;
    r.type = OrderType::Limit;
    r.limitPrice = 10;
    r.legs = {leg("AAPL241213C00250000", 3, OrderSide::Buy),
              leg("AAPL241213C00260000", 1, OrderSide::Sell)};
    return r;
}

struct Rig {
    FixedClock clock{kSessionTime};
    market::SimulatedMarket market{kSessionTime};
    fake::FakeAlpacaServer server{&market};
    std::unique_ptr<AlpacaClient> client;

    Rig() {
        server.setClock(&clock);
        server.setFillInterval(std::chrono::milliseconds{10});
        if (!server.listen())
            qFatal("fake server did not listen: %s", qPrintable(server.errorString()));
        const AlpacaConfig base = test::demoClientConfig(server.baseUrl(), 60000);
        client = std::make_unique<AlpacaClient>(base);
    }
    // Two SPY calls of the December 18 expiry near the money, $5 apart, both with a bid.
    std::pair<std::string, std::string> callSpread() {
        const double spot = market.stock("SPY")->price;
        const double k = std::round(spot);
        std::string lo, hi;
        for (const auto &c : market.chain("SPY")) {
            if (c.type != OptionType::Call ||
                c.expiry != std::chrono::year_month_day{std::chrono::year{2026} /
                                                        std::chrono::December / 18})
                continue;
            if (std::abs(c.strike - k) < 0.01)
                lo = c.symbol;
            if (std::abs(c.strike - (k + 5)) < 0.01)
                hi = c.symbol;
        }
        if (lo.empty() || hi.empty())
            qFatal("no call spread");
        return {lo, hi};
    }
    Result<Order> submit(const OrderRequest &r) {
        return awaitResult<Order>([&](auto done) { client->submitOrder(r, done); });
    }
    Result<Order> order(const std::string &id) {
        return awaitResult<Order>([&](auto done) { client->order(id, done); });
    }
    double position(const std::string &symbol) {
        for (const auto &p : market.positions())
            if (p.position.symbol == symbol)
                return p.position.qty;
        return 0.0;
    }
};

// A debit spread that crosses the market: buy the lower call, sell the higher, limit well
// above the natural so it fills at once.
OrderRequest marketableSpread(const std::pair<std::string, std::string> &s, int qty) {
    OrderRequest r;
    r.qty = qty;
    r.type = OrderType::Limit;
    r.limitPrice = 5.0;
    r.clientOrderId = "mleg-" + std::to_string(qty);
    r.legs = {leg(s.first, 1, OrderSide::Buy), leg(s.second, 1, OrderSide::Sell)};
    return r;
}

} // namespace

class TestAlpacaMleg : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void requestIsTheDocumentedExample() {
        const auto body = orderRequestJson(documentedRequest());
        QVERIFY2(body.ok(), body.ok() ? "" : body.error().message.c_str());
        QCOMPARE(QJsonDocument::fromJson(*body).object(),
                 QJsonDocument::fromJson(data("order_request_mleg.json")).object());
        const QJsonObject o = QJsonDocument::fromJson(*body).object();
        QVERIFY(!o.contains(QLatin1String("symbol")));
        QVERIFY(!o.contains(QLatin1String("side")));
    }
    void creditIsANegativeLimit() {
        OrderRequest r = documentedRequest();
        r.limitPrice = -1.05;
        r.clientOrderId = "sig-7";
        const auto body = orderRequestJson(r);
        QVERIFY(body.ok());
        const QJsonObject o = QJsonDocument::fromJson(*body).object();
        QCOMPARE(o[QLatin1String("limit_price")].toString(), QStringLiteral("-1.05"));
        QCOMPARE(o[QLatin1String("client_order_id")].toString(), QStringLiteral("sig-7"));
    }
    void clientRefusesWhatAlpacaRefuses() {
        auto why = [](OrderRequest r) {
            const auto b = orderRequestJson(r);
            return b.ok() ? QString() : QString::fromStdString(b.error().message);
        };
        OrderRequest r = documentedRequest();
        r.legs.resize(1);
        QCOMPARE(why(r), QStringLiteral("A multi-leg order takes 2 to 4 legs (got 1)"));
        r = documentedRequest();
        r.legs.push_back(r.legs[0]);
        QCOMPARE(why(r), QStringLiteral("Leg 3 repeats AAPL241213C00250000: each leg is one "
                                        "contract"));
        r = documentedRequest();
        r.legs[0].ratioQty = 2;
        r.legs[1].ratioQty = 4;
        QVERIFY(why(r).startsWith(QStringLiteral("The leg ratios share a factor of 2")));
        r = documentedRequest();
        r.legs[1].intent = PositionIntent::None;
        QCOMPARE(why(r), QStringLiteral("Leg 2 needs a position intent (buy_to_open, ...)"));
        r = documentedRequest();
        r.limitPrice = 0.0;
        QVERIFY(why(r).startsWith(QStringLiteral("The net limit price must not be 0")));
        r = documentedRequest();
        r.legs[1].symbol = "AAPL";
        QCOMPARE(why(r), QStringLiteral("Leg 2 is not an option contract (\"AAPL\")"));
    }
    void parsesTheDocumentedResponse() {
        const auto o = parseOrder(data("order_mleg_response.json"));
        QVERIFY2(o.ok(), o.ok() ? "" : o.error().message.c_str());
        QCOMPARE(o->orderClass, std::string("mleg"));
        QCOMPARE(o->symbol, std::string());
        QCOMPARE(o->status, std::string("filled"));
        QCOMPARE(o->legs.size(), std::size_t(2));
        QCOMPARE(o->legs[0].symbol, std::string("AAPL241213C00250000"));
        QCOMPARE(o->legs[0].ratioQty, 3);
        QCOMPARE(o->legs[0].side, OrderSide::Buy);
        QCOMPARE(o->legs[0].intent, PositionIntent::BuyToOpen);
        QCOMPARE(o->legs[0].qty, 3.0);
        QCOMPARE(o->legs[1].side, OrderSide::Sell);
        QCOMPARE(o->legs[1].intent, PositionIntent::SellToOpen);
        // The parent's net is the ratio-weighted sum: 3 x 0.43 - 1 x 0.01.
        const double net =
            o->legs[0].ratioQty * *o->legs[0].filledAvgPrice - *o->legs[1].filledAvgPrice;
        QVERIFY(std::abs(*o->filledAvgPrice - net) < 1e-9);
    }
    void parsesATradeUpdateWithLegs() {
        const auto m = stream::parseTradeStreamMessage(data("trade_update_mleg_fill.json"));
        QVERIFY2(m.ok(), m.ok() ? "" : m.error().message.c_str());
        QCOMPARE(m->type, stream::TradeStreamMessage::Type::TradeUpdate);
        QCOMPARE(m->update.event, std::string("fill"));
        QCOMPARE(m->update.order.orderClass, std::string("mleg"));
        QCOMPARE(m->update.order.intent, PositionIntent::None); // "" on the parent
        QCOMPARE(m->update.order.legs.size(), std::size_t(2));
        QCOMPARE(m->update.order.legs[1].filledQty, 1.0);
        QCOMPARE(m->update.price.value_or(0), 1.28);
    }

    void fakeServerFillsAllLegsTogether() {
        Rig rig;
        const auto spread = rig.callSpread();
        const auto o = rig.submit(marketableSpread(spread, 2));
        QVERIFY2(o.ok(), o.ok() ? "" : o.error().message.c_str());
        QCOMPARE(o->orderClass, std::string("mleg"));
        QCOMPARE(o->symbol, std::string());
        QCOMPARE(o->status, std::string("pending_new"));
        QCOMPARE(o->legs.size(), std::size_t(2));
        QCOMPARE(o->legs[0].symbol, spread.first);
        QCOMPARE(o->legs[0].intent, PositionIntent::BuyToOpen);
        QCOMPARE(o->legs[1].side, OrderSide::Sell);
        QCOMPARE(o->legs[1].qty, 2.0);
        rig.clock.advance(std::chrono::milliseconds{200});
        QTRY_COMPARE(rig.market.order(o->id)->status, std::string("new"));
        rig.clock.advance(std::chrono::milliseconds{500});
        QTRY_COMPARE(rig.market.order(o->id)->status, std::string("filled"));
        const auto filled = rig.order(o->id);
        QVERIFY(filled.ok());
        QCOMPARE(filled->filledQty, 2.0);
        QCOMPARE(filled->legs[0].filledQty, 2.0);
        QCOMPARE(filled->legs[1].filledQty, 2.0);
        const double net = *filled->legs[0].filledAvgPrice - *filled->legs[1].filledAvgPrice;
        QVERIFY(std::abs(*filled->filledAvgPrice - net) < 1e-6);
        QVERIFY(net > 0.0 && net <= 5.0); // a debit, within the limit
        QCOMPARE(rig.position(spread.first), 2.0);
        QCOMPARE(rig.position(spread.second), -2.0);
        // Each leg's fill is a FILL activity of its leg order, with the option fees beside it
        // (the day P&L reads today's fills; a spread's were missing).
        int fills = 0;
        int fees = 0;
        for (const auto &a : rig.market.activities()) {
            if (a.type == "FEE")
                ++fees;
            if (a.type != "FILL")
                continue;
            ++fills;
            const bool first = a.symbol == spread.first;
            QVERIFY(first || a.symbol == spread.second);
            QCOMPARE(a.qty, 2.0);
            QCOMPARE(a.side, std::string(first ? "buy" : "sell"));
            QCOMPARE(a.orderId, filled->legs[first ? 0 : 1].id);
            QVERIFY(std::abs(*a.price - *filled->legs[first ? 0 : 1].filledAvgPrice) < 1e-9);
            QCOMPARE(a.fillType, std::string("fill"));
        }
        QCOMPARE(fills, 2);
        QVERIFY(fees >= 2);
    }
    void fakeServerFillsALargeOrderInTwoParts() {
        Rig rig;
        const auto spread = rig.callSpread();
        const auto o = rig.submit(marketableSpread(spread, 10));
        QVERIFY2(o.ok(), o.ok() ? "" : o.error().message.c_str());
        rig.clock.advance(std::chrono::milliseconds{200});
        QTRY_COMPARE(rig.market.order(o->id)->status, std::string("new"));
        rig.clock.advance(std::chrono::milliseconds{500});
        QTRY_COMPARE(rig.market.order(o->id)->status, std::string("partially_filled"));
        auto part = rig.order(o->id);
        QVERIFY(part.ok());
        QCOMPARE(part->status, std::string("partially_filled"));
        QCOMPARE(part->filledQty, 5.0);
        QCOMPARE(part->legs[0].filledQty, 5.0);
        QCOMPARE(part->legs[1].filledQty, 5.0);
        QCOMPARE(rig.position(spread.second), -5.0);
        rig.clock.advance(std::chrono::milliseconds{500});
        QTRY_COMPARE(rig.market.order(o->id)->status, std::string("filled"));
        const auto done = rig.order(o->id);
        QCOMPARE(done->legs[1].filledQty, 10.0);
        QCOMPARE(rig.position(spread.first), 10.0);
    }
    // Alpaca infers each leg's intent from the position, as for a simple order: an opening leg
    // against a position held the other way is refused ("position intent mismatch"), and a
    // closing leg closes at most what is held. The DEMO server took a spread's legs sent to
    // open against the spread held, and netted the positions away.
    void fakeServerChecksEachLegsIntentAgainstThePosition() {
        Rig rig;
        const auto spread = rig.callSpread();
        const auto opened = rig.submit(marketableSpread(spread, 2));
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
        rig.clock.advance(std::chrono::milliseconds{200});
        QTRY_COMPARE(rig.market.order(opened->id)->status, std::string("new"));
        rig.clock.advance(std::chrono::milliseconds{500});
        QTRY_COMPARE(rig.market.order(opened->id)->status, std::string("filled"));
        QCOMPARE(rig.position(spread.first), 2.0);

        // The spread sold back with opening intents: both legs contradict the positions.
        OrderRequest back;
        back.qty = 2;
        back.type = OrderType::Limit;
        back.limitPrice = -0.01;
        back.clientOrderId = "mleg-back";
        back.legs = {leg(spread.first, 1, OrderSide::Sell), leg(spread.second, 1, OrderSide::Buy)};
        auto r = rig.submit(back);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().httpStatus, 422);
        QVERIFY2(r.error().message.find("leg.0 position intent mismatch, inferred: "
                                        "sell_to_close, specified: sell_to_open") !=
                     std::string::npos,
                 r.error().message.c_str());
        // Closing more than is held.
        back.legs[0].intent = PositionIntent::SellToClose;
        back.legs[1].intent = PositionIntent::BuyToClose;
        back.qty = 3;
        r = rig.submit(back);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().httpStatus, 403);
        QVERIFY2(r.error().message.find(
                     "insufficient qty available for order (requested: 3, available: 2)") !=
                     std::string::npos,
                 r.error().message.c_str());
        // A buy to close takes a short away and covers nothing: a call sold to open beside it
        // is naked (the DEMO server counted every bought leg as cover).
        std::string third;
        for (const auto &c : rig.market.chain("SPY"))
            if (c.type == OptionType::Call && c.symbol != spread.first &&
                c.symbol != spread.second &&
                c.symbol.substr(0, c.symbol.size() - 9) ==
                    spread.second.substr(0, spread.second.size() - 9) &&
                c.strike > rig.market.stock("SPY")->price + 10.0) {
                third = c.symbol;
                break;
            }
        QVERIFY(!third.empty());
        OrderRequest naked;
        naked.qty = 1;
        naked.type = OrderType::Limit;
        naked.limitPrice = -0.01;
        naked.clientOrderId = "mleg-naked";
        naked.legs = {leg(spread.second, 1, OrderSide::Buy), leg(third, 1, OrderSide::Sell)};
        naked.legs[0].intent = PositionIntent::BuyToClose;
        r = rig.submit(naked);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().httpStatus, 403);
        QVERIFY2(r.error().message.find("uncovered short call legs") != std::string::npos,
                 r.error().message.c_str());

        // What is held, closed: taken, and the positions are gone once it fills.
        back.qty = 2;
        r = rig.submit(back);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(r->legs[0].intent, PositionIntent::SellToClose);
        QCOMPARE(r->legs[1].intent, PositionIntent::BuyToClose);
        rig.clock.advance(std::chrono::milliseconds{200});
        QTRY_COMPARE(rig.market.order(r->id)->status, std::string("new"));
        rig.clock.advance(std::chrono::milliseconds{500});
        QTRY_COMPARE(rig.market.order(r->id)->status, std::string("filled"));
        QCOMPARE(rig.position(spread.first), 0.0);
        QCOMPARE(rig.position(spread.second), 0.0);
    }
    void fakeServerRefusesInAlpacasShape() {
        Rig rig;
        const auto spread = rig.callSpread();
        // A leg without position_intent, sent raw (the client would refuse it first).
        const QByteArray body =
            QStringLiteral(R"({"order_class":"mleg","qty":"1","type":"limit","limit_price":"1.00",)"
                           R"("time_in_force":"day","legs":[{"symbol":"%1","ratio_qty":"1",)"
                           R"("side":"buy","position_intent":"buy_to_open"},{"symbol":"%2",)"
                           R"("ratio_qty":"1","side":"sell"}]})")
                .arg(QString::fromStdString(spread.first), QString::fromStdString(spread.second))
                .toUtf8();
        QNetworkAccessManager nam;
        QNetworkRequest req(QUrl(rig.server.baseUrl().toString() + QStringLiteral("/v2/orders")));
        req.setRawHeader("APCA-API-KEY-ID", fake::kDemoKeyId);
        req.setRawHeader("APCA-API-SECRET-KEY", fake::kDemoSecret);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        QNetworkReply *reply = nam.post(req, body);
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 422);
        const QJsonObject err = QJsonDocument::fromJson(reply->readAll()).object();
        QCOMPARE(err[QLatin1String("code")].toInteger(), 40010001);
        QCOMPARE(err[QLatin1String("message")].toString(),
                 QStringLiteral("leg.1 position intent is required"));
        reply->deleteLater();

        // Through the client: a short call with nothing covering it, and a gtc mleg.
        OrderRequest naked = marketableSpread(spread, 1);
        naked.legs[0] = leg(spread.first, 1, OrderSide::Sell);
        naked.limitPrice = -1.0;
        auto r = rig.submit(naked);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().httpStatus, 403);
        QVERIFY(r.error().message.find("uncovered short call legs") != std::string::npos);
        // A calendar reversed: the near call bought, a later one sold at the same strike. The
        // sold one is naked once the near one expires: refused as uncovered (it was taken with
        // nothing held for it).
        std::string nearCall, farCall;
        for (const auto &c : rig.market.chain("SPY"))
            if (c.type == OptionType::Call && c.symbol.size() == spread.first.size() &&
                c.symbol.substr(c.symbol.size() - 8) ==
                    spread.first.substr(spread.first.size() - 8)) {
                if (nearCall.empty() || c.symbol < nearCall)
                    nearCall = c.symbol;
                if (farCall.empty() || c.symbol > farCall)
                    farCall = c.symbol;
            }
        QVERIFY(!nearCall.empty() && nearCall != farCall);
        OrderRequest reversed = marketableSpread({nearCall, farCall}, 1);
        reversed.limitPrice = -0.5;
        r = rig.submit(reversed);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().httpStatus, 403);
        QVERIFY2(r.error().message.find("uncovered short call legs") != std::string::npos,
                 r.error().message.c_str());
        OrderRequest gtc = marketableSpread(spread, 1);
        gtc.timeInForce = "gtc";
        r = rig.submit(gtc);
        QCOMPARE(r.error().httpStatus, 422);
        QVERIFY(r.error().message.find("invalid time in force") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestAlpacaMleg)
#include "tst_alpaca_mleg.moc"
