// Orders through the fake server (200 on create, 204 on cancel, 422 and 404), fills on the
// server's timer, account and positions after a fill, and every injected fault.

#include "api_examples.h"
#include "fake_server_fixture.h"

#include <QTest>

using namespace cg::fake::test;
using namespace std::chrono;

namespace {

#define VERIFY_SHAPE(example, actual, extra)                                                       \
    do {                                                                                           \
        const QStringList shapeDiffs_ = shapeDiff(example, actual, QStringLiteral("$"), extra);    \
        QVERIFY2(shapeDiffs_.isEmpty(), qPrintable(shapeDiffs_.join(QLatin1String("; "))));        \
    } while (false)

// A market order against the limit order example: limit_price is null there.
#define VERIFY_MARKET_ORDER_SHAPE(actual)                                                          \
    do {                                                                                           \
        const QStringList shapeDiffs_ =                                                            \
            shapeDiff(parseExample(kOptionOrderExample), actual, QStringLiteral("$"),              \
                      kOrderExtras, {QStringLiteral("limit_price")});                              \
        QVERIFY2(shapeDiffs_.isEmpty(), qPrintable(shapeDiffs_.join(QLatin1String("; "))));        \
    } while (false)

// A liquid near-the-money SPY call with a sound quote.
const cg::market::SimContract &liquidCall(Fixture &f) {
    const double spot = f.market.stock("SPY")->price;
    for (const auto &c : f.market.chain("SPY")) {
        if (c.type == cg::OptionType::Call && c.expiry == year_month_day{2026y / December / 18} &&
            std::abs(c.strike - std::round(spot)) < 0.5)
            return c;
    }
    qFatal("no liquid call");
}

QByteArray orderBody(const QString &symbol, double limit, const QString &clientOrderId,
                     const char *qty = "2") {
    return QJsonDocument(QJsonObject{{"symbol", symbol},
                                     {"qty", qty},
                                     {"side", "buy"},
                                     {"type", "limit"},
                                     {"time_in_force", "day"},
                                     {"limit_price", QString::number(limit, 'f', 2)},
                                     {"position_intent", "buy_to_open"},
                                     {"client_order_id", clientOrderId}})
        .toJson(QJsonDocument::Compact);
}

const QSet<QString> kOrderExtras{QStringLiteral("position_intent")};

// A liquid near-the-money SPY put, same expiry as liquidCall's.
const cg::market::SimContract &liquidPut(Fixture &f) {
    const double spot = f.market.stock("SPY")->price;
    for (const auto &c : f.market.chain("SPY")) {
        if (c.type == cg::OptionType::Put && c.expiry == year_month_day{2026y / December / 18} &&
            std::abs(c.strike - std::round(spot)) < 0.5)
            return c;
    }
    qFatal("no liquid put");
}

// Lets the server's fill timer take orders through pending_new, new and filled.
void settle(Fixture &f) {
    for (int i = 0; i < 4; ++i) {
        f.clock.advance(milliseconds{300});
        QTest::qWait(30);
    }
}

// The signed quantity held in `symbol` (0 when flat), as the market has it.
double heldQty(Fixture &f, const QString &symbol) {
    for (const auto &p : f.market.positions()) {
        if (p.position.symbol == symbol.toStdString())
            return p.position.qty;
    }
    return 0.0;
}

QByteArray json(const QJsonObject &o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

class TestFakeOrders : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void orderLifecycle() {
        Fixture f;
        const auto &c = liquidCall(f);
        const QString symbol = QString::fromStdString(c.symbol);
        const double ask = c.quote.ask;
        const auto created = f.request("POST", QStringLiteral("/v2/orders"),
                                       orderBody(symbol, ask + 0.25, QStringLiteral("sig-42")));
        QCOMPARE(created.status, 200);
        const QJsonObject o = created.object();
        VERIFY_SHAPE(parseExample(kOptionOrderExample), o, kOrderExtras);
        QCOMPARE(o[QLatin1String("status")].toString(), QStringLiteral("pending_new"));
        QCOMPARE(o[QLatin1String("asset_class")].toString(), QStringLiteral("us_option"));
        QCOMPARE(o[QLatin1String("order_class")].toString(), QStringLiteral("simple"));
        QCOMPARE(o[QLatin1String("qty")].toString(), QStringLiteral("2"));
        QCOMPARE(o[QLatin1String("filled_qty")].toString(), QStringLiteral("0"));
        QVERIFY(o[QLatin1String("filled_avg_price")].isNull());
        QVERIFY(o[QLatin1String("legs")].isNull());
        QCOMPARE(o[QLatin1String("client_order_id")].toString(), QStringLiteral("sig-42"));
        QCOMPARE(o[QLatin1String("asset_id")].toString(), QString::fromStdString(c.id));
        const QString id = o[QLatin1String("id")].toString();

        // The same client_order_id again: 422 with Alpaca's code, and still one order.
        const auto dup = f.request("POST", QStringLiteral("/v2/orders"),
                                   orderBody(symbol, ask, QStringLiteral("sig-42")));
        QCOMPARE(dup.status, 422);
        QCOMPARE(dup.object()[QLatin1String("code")].toInteger(), 42210000);
        QVERIFY(dup.object()[QLatin1String("message")].isString());

        // The server's fill timer advances it as the clock moves: new, then filled.
        f.clock.advance(milliseconds{200});
        QTRY_COMPARE(f.market.order(id.toStdString())->status, std::string("new"));
        f.clock.advance(milliseconds{500});
        QTRY_COMPARE(f.market.order(id.toStdString())->status, std::string("filled"));

        const auto byId = f.get(QStringLiteral("/v2/orders/") + id);
        QCOMPARE(byId.status, 200);
        VERIFY_SHAPE(parseExample(kOptionOrderExample), byId.object(), kOrderExtras);
        QCOMPARE(byId.object()[QLatin1String("status")].toString(), QStringLiteral("filled"));
        QVERIFY(byId.object()[QLatin1String("filled_at")].isString());
        const double fill = byId.object()[QLatin1String("filled_avg_price")].toString().toDouble();
        QVERIFY(fill > 0.0 && fill <= ask + 0.25 + 1e-9);
        const auto byClient =
            f.get(QStringLiteral("/v2/orders:by_client_order_id?client_order_id=sig-42"));
        QCOMPARE(byClient.object()[QLatin1String("id")].toString(), id);
        QCOMPARE(f.get(QStringLiteral("/v2/orders:by_client_order_id?client_order_id=nope")).status,
                 404);

        // Position and account follow, with the x100 multiplier.
        const auto positions = f.get(QStringLiteral("/v2/positions"));
        const QJsonArray list = positions.json().array();
        QCOMPARE(list.size(), 1);
        const QJsonObject p = list.first().toObject();
        VERIFY_SHAPE(parseExample(kPositionExample), p, {});
        QCOMPARE(p[QLatin1String("asset_class")].toString(), QStringLiteral("us_option"));
        QCOMPARE(p[QLatin1String("exchange")].toString(), QString());
        QCOMPARE(p[QLatin1String("qty")].toString(), QStringLiteral("2"));
        QCOMPARE(p[QLatin1String("side")].toString(), QStringLiteral("long"));
        const double current = p[QLatin1String("current_price")].toString().toDouble();
        QCOMPARE(p[QLatin1String("market_value")].toString().toDouble(), current * 200);
        QCOMPARE(p[QLatin1String("cost_basis")].toString().toDouble(), fill * 200);
        QVERIFY(std::abs(p[QLatin1String("unrealized_pl")].toString().toDouble() -
                         (current - fill) * 200) < 0.01);
        const QJsonObject a = f.get(QStringLiteral("/v2/account")).object();
        // Less the fill's regulatory fees (2 contracts bought): ORF 0.0537 -> 0.05, OCC 0.04.
        QVERIFY(std::abs(a[QLatin1String("cash")].toString().toDouble() -
                         (100000 - fill * 200 - 0.09)) < 0.001);
        QVERIFY(std::abs(a[QLatin1String("equity")].toString().toDouble() -
                         (100000 - fill * 200 - 0.09 + current * 200)) < 0.01);

        // Listing: open has nothing, closed and all have it.
        QCOMPARE(f.get(QStringLiteral("/v2/orders")).json().array().size(), 0);
        QCOMPARE(f.get(QStringLiteral("/v2/orders?status=closed")).json().array().size(), 1);
        QCOMPARE(f.get(QStringLiteral("/v2/orders?status=all&direction=asc&limit=5"))
                     .json()
                     .array()
                     .size(),
                 1);
        QCOMPARE(f.get(QStringLiteral("/v2/orders?status=sometimes")).status, 422);

        // A filled order is no longer cancelable.
        const auto late = f.request("DELETE", QStringLiteral("/v2/orders/") + id);
        QCOMPARE(late.status, 422);
        QCOMPARE(late.object()[QLatin1String("code")].toInteger(), 42210000);
    }

    void restingOrderCancels() {
        Fixture f;
        const auto &c = liquidCall(f);
        const auto created =
            f.request("POST", QStringLiteral("/v2/orders"),
                      orderBody(QString::fromStdString(c.symbol), std::max(0.01, c.quote.bid / 2),
                                QStringLiteral("rest-1"), "1"));
        QCOMPARE(created.status, 200);
        const QString id = created.object()[QLatin1String("id")].toString();
        for (int i = 0; i < 5; ++i) {
            f.clock.advance(milliseconds{500});
            QTest::qWait(30);
        }
        QCOMPARE(
            f.get(QStringLiteral("/v2/orders/") + id).object()[QLatin1String("status")].toString(),
            QStringLiteral("new"));
        QCOMPARE(f.get(QStringLiteral("/v2/orders")).json().array().size(), 1);
        const auto cancel = f.request("DELETE", QStringLiteral("/v2/orders/") + id);
        QCOMPARE(cancel.status, 204);
        QVERIFY(cancel.body.isEmpty());
        QCOMPARE(
            f.get(QStringLiteral("/v2/orders/") + id).object()[QLatin1String("status")].toString(),
            QStringLiteral("canceled"));
        QCOMPARE(f.request("DELETE", QStringLiteral("/v2/orders/") + id).status, 422);
        const auto missing =
            f.request("DELETE", QStringLiteral("/v2/orders/00000000-0000-4000-8000-000000000000"));
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.object()[QLatin1String("code")].toInteger(), 40410000);
        QCOMPARE(f.get(QStringLiteral("/v2/orders/00000000-0000-4000-8000-000000000000")).status,
                 404);
    }

    // PATCH /v2/orders/{id}: 200 with a NEW order (new id, `replaces` = old id) in the
    // OptionOrderResponse shape; the old one is "replaced" with `replaced_by`; 422 when it is no
    // longer open or nothing changes, 404 unknown.
    void replaceWorkingOrder() {
        Fixture f;
        const auto &c = liquidCall(f);
        const double low = std::max(0.01, std::round(c.quote.bid * 50.0) / 100.0);
        const auto created = f.request(
            "POST", QStringLiteral("/v2/orders"),
            orderBody(QString::fromStdString(c.symbol), low, QStringLiteral("rep-1"), "1"));
        QCOMPARE(created.status, 200);
        const QString id = created.object()[QLatin1String("id")].toString();
        // pending_new cannot be replaced (TSPEC), with Alpaca's words.
        auto early =
            f.request("PATCH", QStringLiteral("/v2/orders/") + id, R"({"limit_price":"0.02"})");
        QCOMPARE(early.status, 422);
        QCOMPARE(early.object()[QLatin1String("code")].toInteger(), 42210000);
        QCOMPARE(early.object()[QLatin1String("message")].toString(),
                 QStringLiteral("cannot replace order in pending_new status"));
        f.clock.advance(milliseconds{200});
        QTRY_COMPARE(f.market.order(id.toStdString())->status, std::string("new"));

        const QString newLimit = QString::number(low + 0.01, 'f', 2);
        const auto replaced = f.request("PATCH", QStringLiteral("/v2/orders/") + id,
                                        QByteArray("{\"qty\":\"2\",\"limit_price\":\"") +
                                            newLimit.toLatin1() + "\"}");
        QCOMPARE(replaced.status, 200);
        const QJsonObject n = replaced.object();
        VERIFY_SHAPE(parseExample(kOptionOrderExample), n, kOrderExtras);
        QVERIFY(n[QLatin1String("id")].toString() != id);
        QCOMPARE(n[QLatin1String("replaces")].toString(), id);
        QVERIFY(n[QLatin1String("replaced_by")].isNull());
        QCOMPARE(n[QLatin1String("qty")].toString(), QStringLiteral("2"));
        QCOMPARE(n[QLatin1String("limit_price")].toString(), newLimit);
        QCOMPARE(n[QLatin1String("position_intent")].toString(), QStringLiteral("buy_to_open"));
        QVERIFY(n[QLatin1String("client_order_id")].toString() != QStringLiteral("rep-1"));
        const QJsonObject old = f.get(QStringLiteral("/v2/orders/") + id).object();
        QCOMPARE(old[QLatin1String("status")].toString(), QStringLiteral("replaced"));
        QCOMPARE(old[QLatin1String("replaced_by")].toString(), n[QLatin1String("id")].toString());
        QVERIFY(old[QLatin1String("replaced_at")].isString());

        // The replaced order is gone from the open list; the new one is there.
        const QJsonArray open = f.get(QStringLiteral("/v2/orders")).json().array();
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().toObject()[QLatin1String("id")], n[QLatin1String("id")]);
        auto again = f.request("PATCH", QStringLiteral("/v2/orders/") + id, R"({"qty":"3"})");
        QCOMPARE(again.status, 422);
        QCOMPARE(again.object()[QLatin1String("message")].toString(),
                 QStringLiteral("order already replaced"));
        f.clock.advance(milliseconds{200});
        const QString newId = n[QLatin1String("id")].toString();
        QTRY_COMPARE(f.market.order(newId.toStdString())->status, std::string("new"));
        auto same = f.request("PATCH", QStringLiteral("/v2/orders/") + newId, R"({"qty":"2"})");
        QCOMPARE(same.status, 422);
        QCOMPARE(same.object()[QLatin1String("message")].toString(),
                 QStringLiteral("order parameters are not changed"));
        auto missing =
            f.request("PATCH", QStringLiteral("/v2/orders/00000000-0000-4000-8000-000000000000"),
                      R"({"qty":"2"})");
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.object()[QLatin1String("code")].toInteger(), 40410000);
        // DELETE of the new one: 204 and empty; then 422.
        const auto cancel = f.request("DELETE", QStringLiteral("/v2/orders/") + newId);
        QCOMPARE(cancel.status, 204);
        QVERIFY(cancel.body.isEmpty());
        QCOMPARE(f.request("PATCH", QStringLiteral("/v2/orders/") + newId, R"({"qty":"3"})").status,
                 422);
    }

    // Closing intents: sell_to_close sells what is held; sell_to_open of a call without shares
    // is Alpaca's covered-call refusal. A call needing more cash than the account has is refused
    // with the amounts. POST .../exercise: 200 empty, the contracts become 100
    // shares each at the strike and cash moves by strike x 100 x qty.
    void closeAndExercise() {
        Fixture f;
        const auto &c = liquidCall(f);
        const QString symbol = QString::fromStdString(c.symbol);
        QCOMPARE(f.request("POST", QStringLiteral("/v2/orders"),
                           orderBody(symbol, c.quote.ask + 0.25, QStringLiteral("ex-1"), "1"))
                     .status,
                 200);
        for (int i = 0; i < 4; ++i) {
            f.clock.advance(milliseconds{300});
            QTest::qWait(30);
        }
        QTRY_COMPARE(f.market.positions().size(), std::size_t(1));
        QJsonObject naked{{"symbol", symbol},
                          {"qty", "3"},
                          {"side", "sell"},
                          {"type", "limit"},
                          {"time_in_force", "day"},
                          {"limit_price", "0.05"},
                          {"position_intent", "sell_to_open"}};
        auto refused = f.request("POST", QStringLiteral("/v2/orders"),
                                 QJsonDocument(naked).toJson(QJsonDocument::Compact));
        QCOMPARE(refused.status, 403);
        QVERIFY(refused.object()[QLatin1String("message")].toString().contains(
            QLatin1String("covered call")));

        const double cashBefore = f.get(QStringLiteral("/v2/account"))
                                      .object()[QLatin1String("cash")]
                                      .toString()
                                      .toDouble();
        QCOMPARE(f.request("POST", QStringLiteral("/v2/positions/NOPE/exercise")).status, 422);
        const auto ex = f.request("POST", QStringLiteral("/v2/positions/") + symbol + "/exercise");
        QCOMPARE(ex.status, 200);
        QVERIFY(ex.body.isEmpty());
        const double cashAfter = f.get(QStringLiteral("/v2/account"))
                                     .object()[QLatin1String("cash")]
                                     .toString()
                                     .toDouble();
        QVERIFY(std::abs((cashBefore - cashAfter) - c.strike * 100 * 1) < 0.01);
        const QJsonArray after = f.get(QStringLiteral("/v2/positions")).json().array();
        QCOMPARE(after.size(), 1);
        QCOMPARE(after.first().toObject()[QLatin1String("symbol")].toString(),
                 QStringLiteral("SPY"));
        QCOMPARE(after.first().toObject()[QLatin1String("qty")].toString(), QStringLiteral("100"));
        const auto gone =
            f.request("POST", QStringLiteral("/v2/positions/") + symbol + "/exercise");
        QCOMPARE(gone.status, 403);
        QCOMPARE(gone.object(),
                 (QJsonObject{{"code", 40310000},
                              {"message", "no available position for the specified contract"}}));
    }

    // DELETE /v2/orders: 207 with {"id","status":200} for each order that was open
    // (pending_new and new alike) and for no other; they end canceled, a filled order is left
    // as it was. Nothing open: 207 and [].
    void cancelAllCancelsOnlyOpenOrders() {
        Fixture f;
        const auto &c = liquidCall(f);
        const QString symbol = QString::fromStdString(c.symbol);
        const double low = std::max(0.01, std::round(c.quote.bid * 50.0) / 100.0);
        const auto place = [&](double limit, const char *clientOrderId) {
            const auto r = f.request("POST", QStringLiteral("/v2/orders"),
                                     orderBody(symbol, limit, QLatin1String(clientOrderId), "1"));
            return r.object()[QLatin1String("id")].toString().toStdString();
        };
        const std::string filled = place(c.quote.ask + 0.25, "ca-fill");
        settle(f);
        QTRY_COMPARE(f.market.order(filled)->status, std::string("filled"));
        const std::string working = place(low, "ca-new");
        f.clock.advance(milliseconds{200});
        QTRY_COMPARE(f.market.order(working)->status, std::string("new"));
        const std::string pending = place(low, "ca-pending");
        QCOMPARE(f.market.order(pending)->status, std::string("pending_new"));

        const auto r = f.request("DELETE", QStringLiteral("/v2/orders"));
        QCOMPARE(r.status, 207);
        QVERIFY2(r.json().isArray(), r.body.constData());
        const QJsonArray entries = r.json().array();
        VERIFY_SHAPE(parseExample(kCancelAllExample), entries, {});
        QSet<QString> ids;
        for (const QJsonValue &e : entries) {
            const QString id = e[QLatin1String("id")].toString();
            QCOMPARE(e.toObject(), (QJsonObject{{"id", id}, {"status", 200}}));
            ids.insert(id);
        }
        QCOMPARE(ids,
                 (QSet<QString>{QString::fromStdString(working), QString::fromStdString(pending)}));
        QCOMPARE(entries.size(), 2);
        QCOMPARE(f.market.order(working)->status, std::string("canceled"));
        QCOMPARE(f.market.order(pending)->status, std::string("canceled"));
        QCOMPARE(f.market.order(filled)->status, std::string("filled"));
        QCOMPARE(f.get(QStringLiteral("/v2/orders")).json().array().size(), 0);

        const auto none = f.request("DELETE", QStringLiteral("/v2/orders"));
        QCOMPARE(none.status, 207);
        QCOMPARE(none.body, QByteArray("[]"));
    }

    // DELETE /v2/positions/{symbol_or_asset_id}: 200 with the closing order, a day market order
    // on the other side with the closing intent. ?qty= and ?percentage= close part of it (whole
    // contracts, rounded down); both at once, a bad value or more than is held are refused; by
    // contract id with neither, the rest closes; then 404 with Alpaca's body.
    void closePositionPlacesTheClosingOrder() {
        Fixture f;
        const auto &c = liquidCall(f);
        const QString symbol = QString::fromStdString(c.symbol);
        const QString contractId = QString::fromStdString(c.id);
        QCOMPARE(f.request("POST", QStringLiteral("/v2/orders"),
                           orderBody(symbol, c.quote.ask + 0.25, QStringLiteral("cp-open"), "4"))
                     .status,
                 200);
        settle(f);
        QTRY_COMPARE(heldQty(f, symbol), 4.0);
        const QString path = QStringLiteral("/v2/positions/") + symbol;

        const auto partial = f.request("DELETE", path + QStringLiteral("?qty=1"));
        QCOMPARE(partial.status, 200);
        const QJsonObject o = partial.object();
        VERIFY_MARKET_ORDER_SHAPE(o);
        QCOMPARE(o[QLatin1String("symbol")].toString(), symbol);
        QCOMPARE(o[QLatin1String("asset_id")].toString(), contractId);
        QCOMPARE(o[QLatin1String("side")].toString(), QStringLiteral("sell"));
        QCOMPARE(o[QLatin1String("qty")].toString(), QStringLiteral("1"));
        QCOMPARE(o[QLatin1String("type")].toString(), QStringLiteral("market"));
        QCOMPARE(o[QLatin1String("time_in_force")].toString(), QStringLiteral("day"));
        QCOMPARE(o[QLatin1String("position_intent")].toString(), QStringLiteral("sell_to_close"));
        QCOMPARE(o[QLatin1String("status")].toString(), QStringLiteral("pending_new"));
        QVERIFY(o[QLatin1String("limit_price")].isNull());
        settle(f);
        QTRY_COMPARE(heldQty(f, symbol), 3.0);

        // Half of 3 contracts: 1 (no fractions of a contract).
        const auto half = f.request("DELETE", path + QStringLiteral("?percentage=50"));
        QCOMPARE(half.status, 200);
        QCOMPARE(half.object()[QLatin1String("qty")].toString(), QStringLiteral("1"));
        QCOMPARE(half.object()[QLatin1String("side")].toString(), QStringLiteral("sell"));
        settle(f);
        QTRY_COMPARE(heldQty(f, symbol), 2.0);

        const auto refused = [&](const QString &query, int status, const QJsonObject &body) {
            const auto r = f.request("DELETE", path + query);
            QCOMPARE(r.status, status);
            QCOMPARE(r.object(), body);
        };
        refused(QStringLiteral("?qty=1&percentage=50"), 422,
                {{"code", 40010001}, {"message", "qty and percentage are mutually exclusive"}});
        refused(QStringLiteral("?qty=abc"), 422, {{"code", 40010001}, {"message", "invalid qty"}});
        refused(QStringLiteral("?percentage=150"), 422,
                {{"code", 40010001}, {"message", "percentage must be between 0 and 100"}});
        refused(QStringLiteral("?qty=1.5"), 422,
                {{"code", 40010001}, {"message", "qty must be integer"}});
        refused(QStringLiteral("?qty=5"), 403,
                {{"available", "2"},
                 {"code", 40310000},
                 {"existing_qty", "2"},
                 {"held_for_orders", "0"},
                 {"message", "insufficient qty available for order (requested: 5, available: 2)"},
                 {"symbol", symbol}});
        QCOMPARE(heldQty(f, symbol), 2.0);

        const auto rest = f.request("DELETE", QStringLiteral("/v2/positions/") + contractId);
        QCOMPARE(rest.status, 200);
        QCOMPARE(rest.object()[QLatin1String("symbol")].toString(), symbol);
        QCOMPARE(rest.object()[QLatin1String("qty")].toString(), QStringLiteral("2"));
        settle(f);
        QTRY_COMPARE(heldQty(f, symbol), 0.0);
        refused(QString(), 404, {{"code", 40410000}, {"message", "position does not exist"}});
    }

    // A short option closes with a buy: side buy, position_intent buy_to_close.
    void closeShortPositionBuysToClose() {
        Fixture f;
        const auto &p = liquidPut(f);
        const QString symbol = QString::fromStdString(p.symbol);
        QCOMPARE(f.request("POST", QStringLiteral("/v2/orders"),
                           json({{"symbol", symbol},
                                 {"qty", "1"},
                                 {"side", "sell"},
                                 {"type", "market"},
                                 {"time_in_force", "day"},
                                 {"position_intent", "sell_to_open"}}))
                     .status,
                 200);
        settle(f);
        QTRY_COMPARE(heldQty(f, symbol), -1.0);
        const auto r = f.request("DELETE", QStringLiteral("/v2/positions/") + symbol);
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.object();
        QCOMPARE(o[QLatin1String("side")].toString(), QStringLiteral("buy"));
        QCOMPARE(o[QLatin1String("qty")].toString(), QStringLiteral("1"));
        QCOMPARE(o[QLatin1String("type")].toString(), QStringLiteral("market"));
        QCOMPARE(o[QLatin1String("position_intent")].toString(), QStringLiteral("buy_to_close"));
        settle(f);
        QTRY_COMPARE(heldQty(f, symbol), 0.0);
    }

    // An option order sent without position_intent reports the one Alpaca inferred from the
    // position: a sale of a put not held opens it (cash-secured), a buy while short closes. The
    // fake reported every sale as sell_to_close.
    void theIntentOfAnOrderWithoutOneIsInferred() {
        Fixture f;
        const auto &p = liquidPut(f);
        const QString symbol = QString::fromStdString(p.symbol);
        const auto order = [&](const char *side) {
            return f.request("POST", QStringLiteral("/v2/orders"),
                             json({{"symbol", symbol},
                                   {"qty", "1"},
                                   {"side", side},
                                   {"type", "market"},
                                   {"time_in_force", "day"}}));
        };
        const auto sold = order("sell");
        QCOMPARE(sold.status, 200);
        QCOMPARE(sold.object()[QLatin1String("position_intent")].toString(),
                 QStringLiteral("sell_to_open"));
        settle(f);
        QTRY_COMPARE(heldQty(f, symbol), -1.0);
        const auto bought = order("buy");
        QCOMPARE(bought.status, 200);
        QCOMPARE(bought.object()[QLatin1String("position_intent")].toString(),
                 QStringLiteral("buy_to_close"));
    }

    // DELETE /v2/positions: 207 with {symbol, status, body} per position, body the closing
    // order or the error. Contracts a resting sell holds give Alpaca's 403 with the quantities,
    // unless cancel_orders=true cancels that order first. Nothing held: 207 and [].
    void closeAllPositions() {
        Fixture f;
        const auto &c = liquidCall(f);
        const QString symbol = QString::fromStdString(c.symbol);
        QCOMPARE(f.request("POST", QStringLiteral("/v2/orders"),
                           orderBody(symbol, c.quote.ask + 0.25, QStringLiteral("all-c"), "2"))
                     .status,
                 200);
        QCOMPARE(f.request("POST", QStringLiteral("/v2/orders"),
                           json({{"symbol", "SPY"},
                                 {"qty", "3"},
                                 {"side", "buy"},
                                 {"type", "market"},
                                 {"time_in_force", "day"}}))
                     .status,
                 200);
        settle(f);
        QTRY_COMPARE(heldQty(f, symbol), 2.0);
        QTRY_COMPARE(heldQty(f, QStringLiteral("SPY")), 3.0);
        const auto hold = f.request("POST", QStringLiteral("/v2/orders"),
                                    json({{"symbol", symbol},
                                          {"qty", "2"},
                                          {"side", "sell"},
                                          {"type", "limit"},
                                          {"limit_price", QString::number(c.quote.ask + 5, 'f', 2)},
                                          {"time_in_force", "day"},
                                          {"position_intent", "sell_to_close"}}));
        QCOMPARE(hold.status, 200);
        const std::string holdId = hold.object()[QLatin1String("id")].toString().toStdString();

        const auto r = f.request("DELETE", QStringLiteral("/v2/positions"));
        QCOMPARE(r.status, 207);
        QVERIFY2(r.json().isArray(), r.body.constData());
        const QJsonArray entries = r.json().array();
        QCOMPARE(entries.size(), 2);
        QJsonObject shares, contracts;
        for (const QJsonValue &e : entries)
            (e[QLatin1String("symbol")].toString() == symbol ? contracts : shares) = e.toObject();
        QCOMPARE(shares[QLatin1String("symbol")].toString(), QStringLiteral("SPY"));
        QCOMPARE(shares.keys(), (QStringList{"body", "status", "symbol"}));
        QCOMPARE(shares[QLatin1String("status")].toInt(), 200);
        const QJsonObject sell = shares[QLatin1String("body")].toObject();
        QCOMPARE(sell[QLatin1String("symbol")].toString(), QStringLiteral("SPY"));
        QCOMPARE(sell[QLatin1String("side")].toString(), QStringLiteral("sell"));
        QCOMPARE(sell[QLatin1String("qty")].toString(), QStringLiteral("3"));
        QCOMPARE(sell[QLatin1String("type")].toString(), QStringLiteral("market"));
        VERIFY_SHAPE(parseExample(kCloseAllErrorExample), contracts, {});
        QCOMPARE(contracts[QLatin1String("status")].toInt(), 403);
        QCOMPARE(contracts[QLatin1String("body")].toObject(),
                 (QJsonObject{{"available", "0"},
                              {"code", 40310000},
                              {"existing_qty", "2"},
                              {"held_for_orders", "2"},
                              {"message",
                               "insufficient qty available for order (requested: 2, available: 0)"},
                              {"symbol", symbol}}));
        QVERIFY(f.market.order(holdId)->isOpen());
        settle(f);
        QTRY_COMPARE(heldQty(f, QStringLiteral("SPY")), 0.0);

        const auto cancelling =
            f.request("DELETE", QStringLiteral("/v2/positions?cancel_orders=true"));
        QCOMPARE(cancelling.status, 207);
        const QJsonArray closed = cancelling.json().array();
        QCOMPARE(closed.size(), 1);
        QCOMPARE(closed.first()[QLatin1String("symbol")].toString(), symbol);
        QCOMPARE(closed.first()[QLatin1String("status")].toInt(), 200);
        const QJsonObject order = closed.first()[QLatin1String("body")].toObject();
        VERIFY_MARKET_ORDER_SHAPE(order);
        QCOMPARE(order[QLatin1String("qty")].toString(), QStringLiteral("2"));
        QCOMPARE(order[QLatin1String("position_intent")].toString(),
                 QStringLiteral("sell_to_close"));
        QCOMPARE(f.market.order(holdId)->status, std::string("canceled"));
        settle(f);
        QTRY_COMPARE(f.market.positions().size(), std::size_t(0));
        const auto none = f.request("DELETE", QStringLiteral("/v2/positions"));
        QCOMPARE(none.status, 207);
        QCOMPARE(none.body, QByteArray("[]"));
        QCOMPARE(f.request("DELETE", QStringLiteral("/v2/positions?cancel_orders=maybe")).status,
                 422);
    }

    // options_trading_level 1 (covered calls and cash-secured puts): buying to open is refused
    // with Alpaca's words; the account says level 1.
    void levelOneRefusesBuyToOpen() {
        cg::market::SimulatedMarket::Options o;
        o.account.optionsLevel = 1;
        Fixture f(kSessionTime, o);
        const auto &c = liquidCall(f);
        QCOMPARE(f.get(QStringLiteral("/v2/account"))
                     .object()[QLatin1String("options_trading_level")]
                     .toInt(),
                 1);
        const auto r = f.request(
            "POST", QStringLiteral("/v2/orders"),
            orderBody(QString::fromStdString(c.symbol), c.quote.ask, QStringLiteral("lvl-1"), "1"));
        QCOMPARE(r.status, 403);
        QCOMPARE(r.object(),
                 (QJsonObject{{"code", 40310000},
                              {"message", "account not eligible for level2 options trading"}}));
    }

    // Stop and stop limit for options, gtc, and Alpaca's refusals with their exact bodies.
    void stopOrdersAndTimeInForce() {
        Fixture f;
        const auto &c = liquidCall(f);
        const QString symbol = QString::fromStdString(c.symbol);
        const auto post = [&](const QJsonObject &o) {
            return f.request("POST", QStringLiteral("/v2/orders"),
                             QJsonDocument(o).toJson(QJsonDocument::Compact));
        };
        const QString above = QString::number(c.quote.ask + 0.50, 'f', 2);
        const QString limit = QString::number(c.quote.ask + 0.60, 'f', 2);
        QJsonObject stopLimit{{"symbol", symbol},
                              {"qty", "1"},
                              {"side", "buy"},
                              {"type", "stop_limit"},
                              {"time_in_force", "gtc"},
                              {"stop_price", above},
                              {"limit_price", limit},
                              {"position_intent", "buy_to_open"},
                              {"client_order_id", "sl-1"}};
        auto r = post(stopLimit);
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.object();
        VERIFY_SHAPE(parseExample(kOptionOrderExample), o, kOrderExtras);
        QCOMPARE(o[QLatin1String("type")].toString(), QStringLiteral("stop_limit"));
        QCOMPARE(o[QLatin1String("order_type")].toString(), QStringLiteral("stop_limit"));
        QCOMPARE(o[QLatin1String("time_in_force")].toString(), QStringLiteral("gtc"));
        QCOMPARE(o[QLatin1String("stop_price")].toString().toDouble(), above.toDouble());
        QCOMPARE(o[QLatin1String("limit_price")].toString().toDouble(), limit.toDouble());

        const auto refused = [&](QJsonObject body, const char *field, const QJsonValue &value,
                                 int status, qint64 code, const char *message) {
            if (value.isUndefined())
                body.remove(QLatin1String(field));
            else
                body[QLatin1String(field)] = value;
            body.remove(QLatin1String("client_order_id"));
            const auto a = post(body);
            QCOMPARE(a.status, status);
            QCOMPARE(a.object(), (QJsonObject{{"code", code}, {"message", message}}));
        };
        refused(stopLimit, "stop_price", QJsonValue::Undefined, 422, 40010001,
                "stop_price is required for stop_limit orders");
        refused(stopLimit, "time_in_force", "ioc", 422, 42210000, "invalid option time_in_force");
        refused(stopLimit, "stop_price", QString::number(c.quote.bid, 'f', 2), 422, 42210000,
                "stop price must be greater than base_price + 0.01");
        QJsonObject stop = stopLimit;
        stop[QLatin1String("type")] = QStringLiteral("stop");
        refused(stop, "limit_price", limit, 422, 40010001,
                "limit_price must not be set for stop orders");
        QJsonObject plain = stopLimit;
        plain[QLatin1String("type")] = QStringLiteral("limit");
        refused(plain, "stop_price", above, 422, 40010001,
                "stop_price must not be set for limit orders");
        refused(plain, "type", "trailing_stop", 422, 40010001,
                "trailing_stop orders are not supported by the demo broker");
        // A market order in the session is taken.
        QJsonObject market{{"symbol", symbol},       {"qty", "1"},
                           {"side", "buy"},          {"type", "market"},
                           {"time_in_force", "day"}, {"position_intent", "buy_to_open"}};
        QCOMPARE(post(market).status, 200);
        // The stop limit, with a new stop price (PATCH), stays a stop limit.
        f.clock.advance(milliseconds{200});
        const QString id = o[QLatin1String("id")].toString();
        QTRY_COMPARE(f.market.order(id.toStdString())->status, std::string("new"));
        const QString higher = QString::number(c.quote.ask + 0.70, 'f', 2);
        const auto patched =
            f.request("PATCH", QStringLiteral("/v2/orders/") + id,
                      QByteArray("{\"stop_price\":\"") + higher.toLatin1() + QByteArray("\"}"));
        QCOMPARE(patched.status, 200);
        QCOMPARE(patched.object()[QLatin1String("stop_price")].toString().toDouble(),
                 higher.toDouble());
        QCOMPARE(patched.object()[QLatin1String("type")].toString(), QStringLiteral("stop_limit"));
    }

    // Outside the regular session an option market order is refused with Alpaca's body; a
    // limit or a stop is taken.
    void optionMarketOrdersOnlyInTheSession() {
        // 18:00 New York, after the close.
        Fixture f(kSessionTime + hours{8});
        const auto &c = liquidCall(f);
        QJsonObject market{{"symbol", QString::fromStdString(c.symbol)},
                           {"qty", "1"},
                           {"side", "buy"},
                           {"type", "market"},
                           {"time_in_force", "day"},
                           {"position_intent", "buy_to_open"}};
        const auto post = [&](const QJsonObject &o) {
            return f.request("POST", QStringLiteral("/v2/orders"),
                             QJsonDocument(o).toJson(QJsonDocument::Compact));
        };
        const auto r = post(market);
        QCOMPARE(r.status, 422);
        QCOMPARE(r.object(),
                 (QJsonObject{{"code", 42210000},
                              {"message", "options market orders are only allowed during market "
                                          "hours"}}));
        QJsonObject limit = market;
        limit[QLatin1String("type")] = QStringLiteral("limit");
        limit[QLatin1String("limit_price")] = QStringLiteral("0.05");
        QCOMPARE(post(limit).status, 200);
    }

    void orderValidation() {
        Fixture f;
        const QString symbol = QString::fromStdString(liquidCall(f).symbol);
        const auto post = [&](const QJsonObject &o) {
            return f.request("POST", QStringLiteral("/v2/orders"),
                             QJsonDocument(o).toJson(QJsonDocument::Compact));
        };
        QJsonObject base{{"symbol", symbol},       {"qty", "1"},
                         {"side", "buy"},          {"type", "limit"},
                         {"time_in_force", "day"}, {"limit_price", "1.00"}};
        QJsonObject fractional = base;
        fractional[QLatin1String("qty")] = QStringLiteral("1.5");
        auto r = post(fractional);
        QCOMPARE(r.status, 422);
        QCOMPARE(r.object()[QLatin1String("code")].toInteger(), 40010001);
        QJsonObject ioc = base;
        ioc[QLatin1String("time_in_force")] = QStringLiteral("ioc");
        QCOMPARE(post(ioc).status, 422);
        QJsonObject huge = base;
        huge[QLatin1String("qty")] = QStringLiteral("100000");
        r = post(huge);
        QCOMPARE(r.status, 403);
        QCOMPARE(r.object(), (QJsonObject{{"code", 40310000},
                                          {"message", "insufficient options buying power"}}));
        // Numbers instead of strings are accepted, gtc too.
        QJsonObject numeric = base;
        numeric[QLatin1String("qty")] = 1;
        numeric[QLatin1String("limit_price")] = 0.05;
        numeric[QLatin1String("time_in_force")] = QStringLiteral("gtc");
        QCOMPARE(post(numeric).status, 200);
        QCOMPARE(f.request("POST", QStringLiteral("/v2/orders"), "{not json").status, 400);
    }

    void droppedOrderResponseStillPlacesTheOrder() {
        Fixture f;
        f.server.setFaults(*cg::fake::FaultSpec::parse(QStringLiteral("drop-order-response=1")));
        const auto &c = liquidCall(f);
        const auto lost = f.request(
            "POST", QStringLiteral("/v2/orders"),
            orderBody(QString::fromStdString(c.symbol), 0.05, QStringLiteral("lost-1"), "1"));
        QVERIFY2(lost.error != QNetworkReply::NoError, "the client sees no answer");
        QCOMPARE(lost.status, 0);
        // The order exists server-side and is found by its client_order_id; it was placed once.
        const auto found =
            f.get(QStringLiteral("/v2/orders:by_client_order_id?client_order_id=lost-1"));
        QCOMPARE(found.status, 200);
        QCOMPARE(found.object()[QLatin1String("client_order_id")].toString(),
                 QStringLiteral("lost-1"));
        QCOMPARE(f.market.orders().size(), std::size_t{1});
        QCOMPARE(f.server.faults().dropOrderResponses, 0);
    }

    void burstOf429s() {
        Fixture f;
        f.server.setFaults(*cg::fake::FaultSpec::parse(QStringLiteral("429-burst=2")));
        for (int i = 0; i < 2; ++i) {
            const auto r = f.get(QStringLiteral("/v2/account"));
            QCOMPARE(r.status, 429);
            QCOMPARE(r.object()[QLatin1String("code")].toInteger(), 42910000);
            QCOMPARE(r.header("X-RateLimit-Remaining"), QByteArray("0"));
            const qint64 reset = r.header("X-RateLimit-Reset").toLongLong();
            const qint64 nowSec = duration_cast<seconds>(f.clock.now().time_since_epoch()).count();
            QVERIFY(reset > nowSec - 1 && reset <= nowSec + 2);
        }
        const auto data = f.get(QStringLiteral("/v2/stocks/SPY/snapshot"));
        QCOMPARE(data.status, 200);
        QVERIFY(data.header("X-RateLimit-Remaining").toInt() > 0);
    }

    void fiveHundreds() {
        Fixture f;
        f.server.setFaults(*cg::fake::FaultSpec::parse(QStringLiteral("500s=2")));
        for (int i = 0; i < 2; ++i) {
            const auto r = f.get(QStringLiteral("/v2/account"));
            QCOMPARE(r.status, 500);
            QCOMPARE(r.object(), (QJsonObject{{"code", 50010000},
                                              {"message", "internal server error occurred"}}));
        }
        QCOMPARE(f.get(QStringLiteral("/v2/account")).status, 200);
    }

    void faultsOnOnePath() {
        Fixture f;
        f.server.setFaults(*cg::fake::FaultSpec::parse(QStringLiteral("500s=1,on=/v2/account")));
        QCOMPARE(f.get(QStringLiteral("/v2/clock")).status, 200);
        QCOMPARE(f.get(QStringLiteral("/v1beta1/options/snapshots/SPY")).status, 200);
        QCOMPARE(f.get(QStringLiteral("/v2/account")).status, 500);
        QCOMPARE(f.get(QStringLiteral("/v2/account")).status, 200);
    }

    void malformedBody() {
        Fixture f;
        f.server.setFaults(*cg::fake::FaultSpec::parse(QStringLiteral("malformed=1")));
        const auto bad = f.get(QStringLiteral("/v1beta1/options/snapshots/SPY"));
        QCOMPARE(bad.status, 200);
        QJsonParseError err{};
        QJsonDocument::fromJson(bad.body, &err);
        QVERIFY(err.error != QJsonParseError::NoError);
        const auto good = f.get(QStringLiteral("/v1beta1/options/snapshots/SPY"));
        QJsonDocument::fromJson(good.body, &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
    }

    void truncatedBody() {
        Fixture f;
        f.server.setFaults(*cg::fake::FaultSpec::parse(QStringLiteral("truncated=1")));
        const auto cut = f.get(QStringLiteral("/v2/account"));
        // The connection closes before Content-Length bytes arrive: an error, never a full body.
        QVERIFY(cut.error != QNetworkReply::NoError);
        QVERIFY(!QJsonDocument::fromJson(cut.body).isObject());
        QCOMPARE(f.get(QStringLiteral("/v2/account")).status, 200);
    }

    void latency() {
        Fixture f;
        f.server.setFaults(*cg::fake::FaultSpec::parse(QStringLiteral("latency=300ms")));
        const auto r = f.get(QStringLiteral("/v2/clock"));
        QCOMPARE(r.status, 200);
        QVERIFY2(r.elapsedMs >= 290, qPrintable(QString::number(r.elapsedMs)));
    }

    void realRateLimit() {
        Fixture f;
        f.server.setFaults(*cg::fake::FaultSpec::parse(QStringLiteral("rate-limit=3")));
        for (int i = 0; i < 3; ++i) {
            const auto r = f.get(QStringLiteral("/v2/clock"));
            QCOMPARE(r.status, 200);
            QCOMPARE(r.header("X-RateLimit-Limit"), QByteArray("3"));
            QCOMPARE(r.header("X-RateLimit-Remaining").toInt(), 2 - i);
        }
        QCOMPARE(f.get(QStringLiteral("/v2/clock")).status, 429);
        f.clock.advance(minutes{1});
        QCOMPARE(f.get(QStringLiteral("/v2/clock")).status, 200);
    }

    void refusedRequestsConsumeNoFault() {
        Fixture f;
        f.server.setFaults(*cg::fake::FaultSpec::parse(QStringLiteral("500s=1")));
        QCOMPARE(f.request("GET", QStringLiteral("/v2/account"), {}, 2).status, 401);
        QCOMPARE(f.get(QStringLiteral("/v2/account")).status, 500);
    }
};

QTEST_GUILESS_MAIN(TestFakeOrders)
#include "tst_fake_orders.moc"
