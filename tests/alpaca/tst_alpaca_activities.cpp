// The client's reading of GET /v2/account/activities and /v2/account/portfolio/history: Alpaca's
// documented examples parsed field by field (API.md sections 19-20), null and empty answers, and
// the client against the fake server: every page followed with page_token, the equity curve.

#include "alpaca/activity_json.h"
#include "alpaca/alpaca_client.h"
#include "await_result.h"
#include "domain/clock.h"
#include "domain/occ_symbol.h"
#include "fake_alpaca/demo_credentials.h"
#include "fake_alpaca/fake_alpaca_server.h"
#include "market/simulated_market.h"
#include "support/demo_client_config.h"

#include <QTest>

using namespace cg;
using namespace cg::testing;
using namespace std::chrono;

namespace {

const Timestamp kSessionTime = sys_days{2026y / November / 24} + hours{15};

} // namespace

class TestAlpacaActivities : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void documentedFill() {
        const auto r = alpaca::parseActivities(
            R"json([{"activity_type": "FILL", "cum_qty": "1", "id": "20190524113406977::8efc7b9a-8b2b-4000-9955-d36e7db0df74", "leaves_qty": "0", "price": "1.63", "qty": "1", "side": "buy", "symbol": "LPCN", "transaction_time": "2019-05-24T15:34:06.977Z", "order_id": "904837e3-3b76-47ec-b432-046db621571b", "type": "fill"}])json");
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(r->size(), std::size_t(1));
        const Activity &a = r->front();
        QVERIFY(a.isTrade());
        QCOMPARE(a.id, std::string("20190524113406977::8efc7b9a-8b2b-4000-9955-d36e7db0df74"));
        QCOMPARE(a.symbol, std::string("LPCN"));
        QCOMPARE(a.qty, 1.0);
        QCOMPARE(a.cumQty, 1.0);
        QCOMPARE(a.leavesQty, 0.0);
        QCOMPARE(*a.price, 1.63);
        QCOMPARE(a.side, std::string("buy"));
        QCOMPARE(a.fillType, std::string("fill"));
        QCOMPARE(a.orderId, std::string("904837e3-3b76-47ec-b432-046db621571b"));
        QCOMPARE(a.transactionTime,
                 Timestamp{sys_days{2019y / May / 24} + 15h + 34min + 6s + 977ms});
    }

    void documentedAssignmentAndExpiry() {
        // [NTA-OPT] verbatim (2 short calls assigned) and [OPT-OVW]'s OTM expiry excerpt.
        const auto r = alpaca::parseActivities(
            R"json([{"id": "20190801011955195::5f596936-6f23-4cef-bdf1-3806aae57dbf", "activity_type": "OPASN", "date": "2023-07-01", "net_amount": "0", "description": "Option Assignment", "symbol": "AAPL230721C00150000", "qty": "2", "status": "executed"},
 {"activity_type": "OPTRD", "id": "20190801011955195::5f596936-6f23-4cef-bdf1-3806aae57dbf", "date": "2023-07-01", "net_amount": "30000", "description": "Option Trade", "symbol": "AAPL", "qty": "-200", "price": "150", "status": "executed"},
 {"id": "20240301000000000::0", "activity_type": "OPEXP", "date": "2024-03-01", "net_amount": "0", "description": "Option Expiry", "symbol": "QS240301C00010500", "qty": "-1", "status": "executed"},
 {"id": "20240227000000000::1", "activity_type": "OPXRC", "date": "2024-02-27", "net_amount": "0", "symbol": "QS240301C00006500", "qty": "-1", "status": "executed"}])json");
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(r->size(), std::size_t(4));
        const Activity &asn = (*r)[0];
        QVERIFY(!asn.isTrade());
        QCOMPARE(asn.activityType, std::string("OPASN"));
        QCOMPARE(asn.qty, 2.0); // short contracts removed: positive
        QCOMPARE(*asn.netAmount, 0.0);
        QCOMPARE(asn.date, std::string("2023-07-01"));
        QCOMPARE(asn.status, std::string("executed"));
        QCOMPARE(asn.description, std::string("Option Assignment"));
        const Activity &trd = (*r)[1];
        QCOMPARE(trd.symbol, std::string("AAPL"));
        QCOMPARE(trd.qty, -200.0);
        QCOMPARE(*trd.price, 150.0);
        QCOMPARE(*trd.netAmount, 30000.0);
        QCOMPARE((*r)[2].qty, -1.0);
        QCOMPARE(activityTypeText((*r)[2].activityType), std::string("Expiry"));
        QCOMPARE(activityTypeText((*r)[3].activityType), std::string("Exercise")); // old spelling
    }

    void unreadableActivities() {
        QVERIFY(!alpaca::parseActivities(R"({"activities":[]})"));
        QVERIFY(!alpaca::parseActivities(R"([{"activity_type":"FILL"}])")); // no id
        QVERIFY(!alpaca::parseActivities(
            R"([{"id":"1","activity_type":"FILL","transaction_time":"x"}])"));
        QCOMPARE(alpaca::parseActivities("[]")->size(), std::size_t(0));
    }

    void documentedPortfolioHistory() {
        const auto h = alpaca::parsePortfolioHistory(
            R"json({"base_value": 2784.79, "cashflow": {"CSD": [0, 0, 100, 0, 0]}, "equity": [2784.79, 2794.79, 2805.46, 2774.16, 2748.73], "profit_loss": [0, 10.0022, 10.6692, -31.2996, -25.4232], "profit_loss_pct": [0, 0.0035, 0.0074, -0.0038, -0.0129], "timeframe": "1D", "timestamp": [1697241600, 1697500800, 1697587200, 1697673600, 1697760000]})json");
        QVERIFY2(h, h ? "" : h.error().message.c_str());
        QCOMPARE(h->timestamps.size(), std::size_t(5));
        QCOMPARE(h->timestamps.front(), Timestamp{seconds{1697241600}}); // epoch seconds
        QCOMPARE(*h->equity[2], 2805.46);
        QCOMPARE(*h->profitLoss[3], -31.2996);
        QCOMPARE(*h->profitLossPct[4], -0.0129);
        QCOMPARE(*h->baseValue, 2784.79);
        QCOMPARE(h->timeframe, std::string("1D"));

        // Empty (Alpaca-API#177) and a null base_value (Alpaca-API#272): read, never zero.
        const auto empty = alpaca::parsePortfolioHistory(
            R"({"timestamp": [], "equity": [], "profit_loss": [], "profit_loss_pct": [], "base_value": 0, "timeframe": "1Min"})");
        QVERIFY(empty);
        QVERIFY(empty->timestamps.empty());
        const auto nullBase = alpaca::parsePortfolioHistory(
            R"({"timestamp": [1697241600], "equity": [null], "profit_loss": [null], "profit_loss_pct": [null], "base_value": null, "base_value_asof": "0000-00-00", "timeframe": "1D"})");
        QVERIFY2(nullBase, nullBase ? "" : nullBase.error().message.c_str());
        QVERIFY(!nullBase->baseValue);
        QVERIFY(!nullBase->equity[0]);
        const auto uneven = alpaca::parsePortfolioHistory(
            R"({"timestamp": [1, 2], "equity": [1], "profit_loss": [], "profit_loss_pct": [], "timeframe": "1D"})");
        QVERIFY(!uneven);
        QVERIFY(uneven.error().message.find("different lengths") != std::string::npos);
    }

    // The client against the fake server: three activities read one a page (page_token = the
    // last id), and the equity curve.
    void clientPagesThroughTheFakeServer() {
        FixedClock clock{kSessionTime};
        market::SimulatedMarket market{kSessionTime};
        fake::FakeAlpacaServer server{&market};
        server.setClock(&clock);
        server.setFillInterval(milliseconds{10});
        QVERIFY(server.listen());
        const alpaca::AlpacaConfig c = test::demoClientConfig(server.baseUrl(), 20000);
        alpaca::AlpacaClient client(c);

        const double spot = market.stock("SPY")->price;
        std::string symbol;
        for (const auto &k : market.chain("SPY")) {
            if (k.type == OptionType::Call && k.expiry == year_month_day{2026y / December / 18} &&
                std::abs(k.strike - std::round(spot)) < 0.5)
                symbol = k.symbol;
        }
        QVERIFY(!symbol.empty());
        market::OrderSubmission s;
        s.symbol = symbol;
        s.qty = "1";
        s.side = "buy";
        s.type = "market";
        s.timeInForce = "day";
        s.positionIntent = "buy_to_open";
        QVERIFY(market.submitOrder(s).ok());
        for (int i = 0; i < 4; ++i)
            market.step(kSessionTime + milliseconds{300 * (i + 1)});
        QCOMPARE(market.positions().size(), std::size_t(1));
        QVERIFY(market.exercise(symbol).ok());
        clock.set(kSessionTime + seconds{2}); // the server's clock catches up with the market

        ActivitiesQuery q;
        q.pageSize = 1;
        const auto all = awaitResult<std::vector<Activity>>(
            [&](auto done) { client.activities(q, done); }, 20000);
        QVERIFY2(all, all ? "" : all.error().message.c_str());
        QCOMPARE(all->size(), std::size_t(5));
        QCOMPARE((*all)[0].activityType, std::string("OPTRD")); // newest first
        QCOMPARE((*all)[1].activityType, std::string("OPEXC"));
        // The fill's fees (1 contract bought): OCC $0.02, ORF 0.02685 -> $0.03.
        QCOMPARE((*all)[2].activityType, std::string("FEE"));
        QCOMPARE((*all)[2].subType, std::string("OCC"));
        QCOMPARE((*all)[2].netAmount.value_or(0), -0.02);
        QCOMPARE((*all)[3].subType, std::string("ORF"));
        QCOMPARE((*all)[3].netAmount.value_or(0), -0.03);
        QCOMPARE((*all)[4].activityType, std::string("FILL"));
        QCOMPARE((*all)[4].symbol, symbol);
        q.maxActivities = 2;
        const auto two = awaitResult<std::vector<Activity>>(
            [&](auto done) { client.activities(q, done); }, 20000);
        QCOMPARE(two->size(), std::size_t(2));
        q = ActivitiesQuery{};
        q.types = {"FILL"};
        const auto fills = awaitResult<std::vector<Activity>>(
            [&](auto done) { client.activities(q, done); }, 20000);
        QCOMPARE(fills->size(), std::size_t(1));

        PortfolioHistoryQuery hq;
        hq.period = "1D";
        hq.timeframe = "1Min";
        const auto h = awaitResult<PortfolioHistory>(
            [&](auto done) { client.portfolioHistory(hq, done); }, 20000);
        QVERIFY2(h, h ? "" : h.error().message.c_str());
        QVERIFY(!h->timestamps.empty());
        QCOMPARE(h->equity.size(), h->timestamps.size());
        QCOMPARE(h->timeframe, std::string("1Min"));
        hq.period = "nope";
        const auto bad = awaitResult<PortfolioHistory>(
            [&](auto done) { client.portfolioHistory(hq, done); }, 20000);
        QVERIFY(!bad);
        QCOMPARE(bad.error().httpStatus, 422);
    }
};

QTEST_MAIN(TestAlpacaActivities)
#include "tst_alpaca_activities.moc"
