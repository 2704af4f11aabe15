// GET /v2/account/activities and GET /v2/account/portfolio/history of the fake server, field by
// field against Alpaca's documented examples (API.md sections 19-20): a fill, an exercise with
// its share trade, an OTM expiry at the close; paging with page_token; the equity curve's arrays.

#include "fake_server_fixture.h"

#include "domain/eastern_time.h"

#include <QRegularExpression>
#include <QTest>

using namespace cg::fake::test;
using namespace std::chrono;

namespace {

#define VERIFY_SHAPE(example, actual, extra)                                                       \
    do {                                                                                           \
        const QStringList shapeDiffs_ = shapeDiff(example, actual, QStringLiteral("$"), extra);    \
        QVERIFY2(shapeDiffs_.isEmpty(), qPrintable(shapeDiffs_.join(QLatin1String("; "))));        \
    } while (false)

// Verbatim from API.md section 19 ([DOCS-REPO] account-trade-activity-v2.yaml).
constexpr char kFillExample[] =
    R"json({"activity_type": "FILL", "cum_qty": "1", "id": "20190524113406977::8efc7b9a-8b2b-4000-9955-d36e7db0df74", "leaves_qty": "0", "price": "1.63", "qty": "1", "side": "buy", "symbol": "LPCN", "transaction_time": "2019-05-24T15:34:06.977Z", "order_id": "904837e3-3b76-47ec-b432-046db621571b", "type": "fill"})json";
// [OPT-OVW]'s exercise pair without account_id (a Broker-API field).
constexpr char kExerciseExample[] =
    R"json({"id": "20240227000000000::197118f0-afd8-4adb-b154-167f4a87b1f5", "activity_type": "OPEXC", "date": "2024-02-27", "net_amount": "0", "description": "Option Exercise", "symbol": "QS240301C00006500", "qty": "-1", "status": "executed"})json";
constexpr char kOptionTradeExample[] =
    R"json({"id": "20240227000000000::aa97cbc4-5163-49ab-b832-682a3a3e85bb", "activity_type": "OPTRD", "date": "2024-02-27", "net_amount": "-650", "description": "Option Trade", "symbol": "QS", "qty": "100", "price": "6.5", "status": "executed"})json";
// [OPT-OVW]'s OTM expiry excerpt, with the id and status every non-trade activity carries.
constexpr char kExpiryExample[] =
    R"json({"id": "20240301000000000::1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901", "activity_type": "OPEXP", "date": "2024-03-01", "net_amount": "0", "description": "Option Expiry", "symbol": "QS240301C00010500", "qty": "-1", "status": "executed"})json";
// TSPEC example-query-1d-7d; `cashflow` is optional (no cash movements in DEMO) and left out.
constexpr char kHistoryExample[] =
    R"json({"base_value": 2784.79, "equity": [2784.79, 2794.79, 2805.46, 2774.16, 2748.73], "profit_loss": [0, 10.0022, 10.6692, -31.2996, -25.4232], "profit_loss_pct": [0, 0.0035, 0.0074, -0.0038, -0.0129], "timeframe": "1D", "timestamp": [1697241600, 1697500800, 1697587200, 1697673600, 1697760000]})json";

const cg::market::SimContract &callAt(Fixture &f, year_month_day expiry, double offset) {
    const double spot = f.market.stock("SPY")->price;
    const cg::market::SimContract *best = nullptr;
    for (const auto &c : f.market.chain("SPY")) {
        if (c.type != cg::OptionType::Call || c.expiry != expiry)
            continue;
        if (!best ||
            std::abs(c.strike - (spot + offset)) < std::abs(best->strike - (spot + offset)))
            best = &c;
    }
    if (!best)
        qFatal("no call");
    return *best;
}

QByteArray marketBuy(const std::string &symbol, const char *qty = "1") {
    return QJsonDocument(QJsonObject{{"symbol", QString::fromStdString(symbol)},
                                     {"qty", qty},
                                     {"side", "buy"},
                                     {"type", "market"},
                                     {"time_in_force", "day"},
                                     {"position_intent", "buy_to_open"}})
        .toJson(QJsonDocument::Compact);
}

void settle(Fixture &f) {
    for (int i = 0; i < 4; ++i) {
        f.clock.advance(milliseconds{300});
        QTest::qWait(30);
    }
}

QJsonArray activities(Fixture &f, const QString &query = {}) {
    return f.get(QStringLiteral("/v2/account/activities") + query).json().array();
}

} // namespace

class TestFakeActivities : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fillAndExerciseFieldByField() {
        Fixture f;
        QVERIFY(f.listening);
        QCOMPARE(activities(f), QJsonArray{}); // a bare array, empty at first
        const auto &c = callAt(f, year_month_day{2026y / December / 18}, 0.0);
        QCOMPARE(f.request("POST", QStringLiteral("/v2/orders"), marketBuy(c.symbol)).status, 200);
        settle(f);
        QTRY_COMPARE(f.market.positions().size(), std::size_t(1));

        const QJsonArray fills = activities(f, QStringLiteral("?activity_types=FILL"));
        QCOMPARE(fills.size(), 1);
        const QJsonObject fill = fills.first().toObject();
        VERIFY_SHAPE(parseExample(kFillExample), fill, (QSet<QString>{"order_status"}));
        QCOMPARE(fill[QLatin1String("activity_type")].toString(), QStringLiteral("FILL"));
        QCOMPARE(fill[QLatin1String("symbol")].toString(), QString::fromStdString(c.symbol));
        QCOMPARE(fill[QLatin1String("qty")].toString(), QStringLiteral("1"));
        QCOMPARE(fill[QLatin1String("cum_qty")].toString(), QStringLiteral("1"));
        QCOMPARE(fill[QLatin1String("leaves_qty")].toString(), QStringLiteral("0"));
        QCOMPARE(fill[QLatin1String("side")].toString(), QStringLiteral("buy"));
        QCOMPARE(fill[QLatin1String("type")].toString(), QStringLiteral("fill"));
        QCOMPARE(fill[QLatin1String("order_status")].toString(), QStringLiteral("filled"));
        const QString orderId = fill[QLatin1String("order_id")].toString();
        QCOMPARE(f.get(QStringLiteral("/v2/orders/") + orderId)
                     .object()[QLatin1String("filled_avg_price")]
                     .toString()
                     .toDouble(),
                 fill[QLatin1String("price")].toString().toDouble());
        // 17 digits, "::", a uuid.
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9]{17}::[0-9a-f-]{36}$"))
                    .match(fill[QLatin1String("id")].toString())
                    .hasMatch());

        const QString symbol = QString::fromStdString(c.symbol);
        // The fill's regulatory fees (market/option_fees.h, 1 contract bought): ORF 0.02685 ->
        // 0.03, OCC 0.02, no TAF on a buy; non-trade entries with Alpaca's activity_sub_type.
        const QJsonArray fees = activities(f, QStringLiteral("?activity_types=FEE"));
        QCOMPARE(fees.size(), 2);
        const QJsonObject occ = fees[0].toObject(); // newest first: booked after the ORF
        const QJsonObject orf = fees[1].toObject();
        VERIFY_SHAPE(parseExample(kExerciseExample), orf, (QSet<QString>{"activity_sub_type"}));
        QCOMPARE(orf[QLatin1String("activity_sub_type")].toString(), QStringLiteral("ORF"));
        QCOMPARE(orf[QLatin1String("net_amount")].toString(), QStringLiteral("-0.03"));
        QCOMPARE(orf[QLatin1String("symbol")].toString(), symbol);
        QCOMPARE(orf[QLatin1String("date")].toString(), QStringLiteral("2026-11-24"));
        QCOMPARE(occ[QLatin1String("activity_sub_type")].toString(), QStringLiteral("OCC"));
        QCOMPARE(occ[QLatin1String("net_amount")].toString(), QStringLiteral("-0.02"));

        QCOMPARE(f.request("POST", QStringLiteral("/v2/positions/") + symbol + "/exercise").status,
                 200);
        const QJsonArray all = activities(f); // newest first: OPTRD, OPEXC, OCC, ORF, FILL
        QCOMPARE(all.size(), 5);
        const QJsonObject trd = all[0].toObject();
        const QJsonObject exc = all[1].toObject();
        VERIFY_SHAPE(parseExample(kOptionTradeExample), trd, {});
        VERIFY_SHAPE(parseExample(kExerciseExample), exc, {});
        QCOMPARE(exc[QLatin1String("activity_type")].toString(), QStringLiteral("OPEXC"));
        QCOMPARE(exc[QLatin1String("symbol")].toString(), symbol);
        QCOMPARE(exc[QLatin1String("qty")].toString(), QStringLiteral("-1"));
        QCOMPARE(exc[QLatin1String("net_amount")].toString(), QStringLiteral("0"));
        QCOMPARE(exc[QLatin1String("description")].toString(), QStringLiteral("Option Exercise"));
        QCOMPARE(exc[QLatin1String("status")].toString(), QStringLiteral("executed"));
        QCOMPARE(exc[QLatin1String("date")].toString(), QStringLiteral("2026-11-24"));
        QCOMPARE(trd[QLatin1String("activity_type")].toString(), QStringLiteral("OPTRD"));
        QCOMPARE(trd[QLatin1String("symbol")].toString(), QStringLiteral("SPY"));
        QCOMPARE(trd[QLatin1String("qty")].toString(), QStringLiteral("100"));
        QCOMPARE(trd[QLatin1String("price")].toString().toDouble(), c.strike);
        QCOMPARE(trd[QLatin1String("net_amount")].toString().toDouble(), -100.0 * c.strike);
    }

    // [OPT-OVW]: "exercise requests are not accepted after market close until midnight" (New
    // York): 403, the position kept; after midnight the same request is taken.
    void exerciseRefusedAfterTheCloseUntilMidnight() {
        Fixture f;
        const auto &c = callAt(f, year_month_day{2026y / December / 18}, 0.0);
        const std::string symbol = c.symbol; // the chain is priced again as the clock moves
        QCOMPARE(f.request("POST", QStringLiteral("/v2/orders"), marketBuy(symbol)).status, 200);
        settle(f);
        QTRY_COMPARE(f.market.positions().size(), std::size_t(1));
        const year_month_day today = cg::easternDate(f.clock.now());
        f.clock.advance(cg::easternInstant(today, 16, 30) - f.clock.now());
        const QString path =
            QStringLiteral("/v2/positions/%1/exercise").arg(QString::fromStdString(symbol));
        const auto refused = f.request("POST", path);
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.json().object()[QLatin1String("message")].toString(),
                 QStringLiteral("exercise requests are not accepted after market close until "
                                "midnight"));
        QCOMPARE(refused.json().object()[QLatin1String("code")].toInt(), 40310000);
        QCOMPARE(f.market.positions().size(), std::size_t(1));
        f.clock.advance(cg::easternInstant(sys_days{today} + days{1}, 0, 30) - f.clock.now());
        QCOMPARE(f.request("POST", path).status, 200);
        const auto held = f.market.positions(); // the call exercised: 100 shares instead
        QCOMPARE(held.size(), std::size_t(1));
        QCOMPARE(held.front().position.symbol, std::string("SPY"));
        QCOMPARE(held.front().position.qty, 100.0);
    }

    void pagesWithPageToken() {
        Fixture f;
        const auto &c = callAt(f, year_month_day{2026y / December / 18}, 0.0);
        QCOMPARE(f.request("POST", QStringLiteral("/v2/orders"), marketBuy(c.symbol)).status, 200);
        settle(f);
        QTRY_COMPARE(f.market.positions().size(), std::size_t(1));
        QCOMPARE(f.request("POST", QStringLiteral("/v2/positions/%1/exercise")
                                       .arg(QString::fromStdString(c.symbol)))
                     .status,
                 200);
        const QJsonArray all = activities(f); // OPTRD, OPEXC, the fill's OCC and ORF, FILL
        QCOMPARE(all.size(), 5);
        // desc (the default): each page starts after the token's activity.
        QString token;
        QStringList seen;
        for (int page = 0; page < 6; ++page) {
            const QJsonArray p = activities(
                f, QStringLiteral("?page_size=1") +
                       (token.isEmpty() ? QString() : QStringLiteral("&page_token=") + token));
            if (p.isEmpty())
                break;
            QCOMPARE(p.size(), 1);
            token = p.first().toObject()[QLatin1String("id")].toString();
            seen << token;
        }
        QCOMPARE(seen.size(), 5);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(seen[i], all[i].toObject()[QLatin1String("id")].toString());
        QVERIFY(seen[0] > seen[1] && seen[1] > seen[2]);
        // asc: oldest first.
        const QJsonArray asc = activities(f, QStringLiteral("?direction=asc"));
        QCOMPARE(asc.first().toObject()[QLatin1String("activity_type")].toString(),
                 QStringLiteral("FILL"));
        // Filters: by type (plural and path form), by category, by date.
        QCOMPARE(activities(f, QStringLiteral("?activity_types=OPEXC,OPTRD")).size(), 2);
        QCOMPARE(f.get(QStringLiteral("/v2/account/activities/FILL")).json().array().size(), 1);
        QCOMPARE(activities(f, QStringLiteral("?category=non_trade_activity")).size(), 4);
        QCOMPARE(activities(f, QStringLiteral("?category=trade_activity")).size(), 1);
        QCOMPARE(activities(f, QStringLiteral("?date=2026-11-24")).size(), 5); // creation date
        QCOMPARE(activities(f, QStringLiteral("?date=2026-11-23")).size(), 0);
        // Refused: page_size over 100, category with activity_types, a bad direction.
        QCOMPARE(f.get(QStringLiteral("/v2/account/activities?page_size=101")).status, 422);
        QCOMPARE(f.get(QStringLiteral(
                           "/v2/account/activities?category=trade_activity&activity_types=FILL"))
                     .status,
                 422);
        QCOMPARE(f.get(QStringLiteral("/v2/account/activities?direction=up")).status, 422);
    }

    // POST /v2/positions/{symbol_or_contract_id}/do-not-exercise: 200 and empty for a long
    // contract held on its expiry day, by symbol or contract id; Alpaca's refusals for an unknown
    // symbol, a contract not held, a short one and one that does not expire today. Marked, it
    // cannot be exercised, and in the money at the close it expires (OPEXP) instead.
    void doNotExercise() {
        Fixture f;
        const year_month_day today{2026y / November / 24};
        const year_month_day later{2026y / December / 18};
        const cg::market::SimContract itm = callAt(f, today, -25.0); // far below the spot
        const cg::market::SimContract notHeld = callAt(f, today, 10.0);
        const cg::market::SimContract notToday = callAt(f, later, 0.0);
        const cg::market::SimContract *put = nullptr;
        for (const auto &c : f.market.chain("SPY")) {
            if (c.type == cg::OptionType::Put && c.expiry == later &&
                (!put || std::abs(c.strike - itm.strike) < std::abs(put->strike - itm.strike)))
                put = &c;
        }
        QVERIFY(put);
        const cg::market::SimContract shortPut = *put;
        QCOMPARE(f.request("POST", QStringLiteral("/v2/orders"), marketBuy(itm.symbol)).status,
                 200);
        QCOMPARE(f.request("POST", QStringLiteral("/v2/orders"), marketBuy(notToday.symbol)).status,
                 200);
        QCOMPARE(
            f.request("POST", QStringLiteral("/v2/orders"),
                      QJsonDocument(QJsonObject{{"symbol", QString::fromStdString(shortPut.symbol)},
                                                {"qty", "1"},
                                                {"side", "sell"},
                                                {"type", "market"},
                                                {"time_in_force", "day"},
                                                {"position_intent", "sell_to_open"}})
                          .toJson(QJsonDocument::Compact))
                .status,
            200);
        settle(f);
        QTRY_COMPARE(f.market.positions().size(), std::size_t(3));

        const auto dne = [&](const std::string &symbolOrId) {
            return f.request("POST", QStringLiteral("/v2/positions/%1/do-not-exercise")
                                         .arg(QString::fromStdString(symbolOrId)));
        };
        const auto refused = [&](const std::string &symbolOrId, int status,
                                 const QJsonObject &body) {
            const auto r = dne(symbolOrId);
            QCOMPARE(r.status, status);
            QCOMPARE(r.object(), body);
        };
        refused("NOPE", 422, {{"code", 42210000}, {"message", "invalid symbol"}});
        refused(
            notHeld.symbol, 403,
            {{"code", 40310000}, {"message", "no available position for the specified contract"}});
        refused(shortPut.symbol, 403,
                {{"code", 40310001}, {"message", "cannot submit DNE for short position"}});
        refused(notToday.symbol, 403,
                {{"code", 40310000},
                 {"message",
                  "dne requests are only accepted on the expiration day of the option contract"}});
        const auto byId = dne(itm.id);
        QCOMPARE(byId.status, 200);
        QVERIFY(byId.body.isEmpty());
        QCOMPARE(dne(itm.symbol).status, 200); // again: still marked

        const auto ex = f.request(
            "POST",
            QStringLiteral("/v2/positions/%1/exercise").arg(QString::fromStdString(itm.symbol)));
        QCOMPARE(ex.status, 403);
        QCOMPARE(ex.object(),
                 (QJsonObject{{"code", 40310000},
                              {"message", "cannot exercise position marked as do-not-exercise"}}));

        // The close: in the money, yet it expires; no shares are bought.
        f.clock.set(cg::easternInstant(today, 16, 0) + seconds{1});
        QCOMPARE(f.get(QStringLiteral("/v2/positions")).json().array().size(), 2);
        QVERIFY(f.market.stock("SPY")->price > itm.strike + 1.0);
        const QJsonArray exp = activities(f, QStringLiteral("?activity_types=OPEXP"));
        QCOMPARE(exp.size(), 1);
        QCOMPARE(exp.first()[QLatin1String("symbol")].toString(),
                 QString::fromStdString(itm.symbol));
        QCOMPARE(exp.first()[QLatin1String("qty")].toString(), QStringLiteral("-1"));
        QCOMPARE(activities(f, QStringLiteral("?activity_types=OPEXC,OPTRD")).size(), 0);
    }

    // Bought at 10:00 on its expiry day and held: out of the money at the close, it expires.
    void otmExpiresAtTheClose() {
        Fixture f;
        const year_month_day today{2026y / November / 24};
        const auto &c = callAt(f, today, 25.0); // far above the spot
        QCOMPARE(f.request("POST", QStringLiteral("/v2/orders"), marketBuy(c.symbol)).status, 200);
        settle(f);
        QTRY_COMPARE(f.market.positions().size(), std::size_t(1));
        f.clock.set(cg::easternInstant(today, 16, 0) + seconds{1});
        QCOMPARE(f.get(QStringLiteral("/v2/positions")).json().array().size(), 0); // settled
        const QJsonArray exp = activities(f, QStringLiteral("?activity_types=OPEXP"));
        QCOMPARE(exp.size(), 1);
        const QJsonObject e = exp.first().toObject();
        VERIFY_SHAPE(parseExample(kExpiryExample), e, {});
        QCOMPARE(e[QLatin1String("symbol")].toString(), QString::fromStdString(c.symbol));
        QCOMPARE(e[QLatin1String("qty")].toString(), QStringLiteral("-1"));
        QCOMPARE(e[QLatin1String("description")].toString(), QStringLiteral("Option Expiry"));
    }

    void portfolioHistoryFieldByField() {
        Fixture f;
        // A few minutes of the market: one equity point a minute.
        for (int i = 0; i < 6; ++i) {
            f.clock.advance(seconds{61});
            QCOMPARE(f.get(QStringLiteral("/v2/clock")).status, 200); // the market steps
        }
        QTRY_VERIFY(f.market.equityHistory().size() >= 5);
        const auto r =
            f.get(QStringLiteral("/v2/account/portfolio/history?period=1D&timeframe=1Min"));
        QCOMPARE(r.status, 200);
        const QJsonObject h = r.object();
        VERIFY_SHAPE(parseExample(kHistoryExample), h, {});
        QCOMPARE(h[QLatin1String("timeframe")].toString(), QStringLiteral("1Min"));
        const QJsonArray stamps = h[QLatin1String("timestamp")].toArray();
        const QJsonArray equity = h[QLatin1String("equity")].toArray();
        const QJsonArray pl = h[QLatin1String("profit_loss")].toArray();
        const QJsonArray pct = h[QLatin1String("profit_loss_pct")].toArray();
        QVERIFY(stamps.size() >= 5);
        QCOMPARE(equity.size(), stamps.size());
        QCOMPARE(pl.size(), stamps.size());
        QCOMPARE(pct.size(), stamps.size());
        const double base = h[QLatin1String("base_value")].toDouble();
        QCOMPARE(base, 100000.0); // no trade: the starting cash
        for (int i = 0; i < stamps.size(); ++i) {
            QVERIFY(stamps[i].isDouble());
            // epoch seconds (not milliseconds), on the minute, ascending
            QVERIFY(stamps[i].toInteger() > 1'700'000'000 && stamps[i].toInteger() < 2'000'000'000);
            QCOMPARE(stamps[i].toInteger() % 60, 0);
            if (i > 0)
                QVERIFY(stamps[i].toInteger() > stamps[i - 1].toInteger());
            QCOMPARE(pl[i].toDouble(), equity[i].toDouble() - base);
        }
        // Daily buckets, and the refusals.
        const QJsonObject daily =
            f.get(QStringLiteral("/v2/account/portfolio/history?period=1M&timeframe=1D")).object();
        QCOMPARE(daily[QLatin1String("timestamp")].toArray().size(), 1);
        QCOMPARE(f.get(QStringLiteral("/v2/account/portfolio/history?period=1X")).status, 422);
        QCOMPARE(f.get(QStringLiteral("/v2/account/portfolio/history?timeframe=2D")).status, 422);
        QCOMPARE(
            f.get(QStringLiteral("/v2/account/portfolio/history?period=3M&timeframe=1Min")).status,
            422);
    }
};

QTEST_MAIN(TestFakeActivities)
#include "tst_fake_activities.moc"
