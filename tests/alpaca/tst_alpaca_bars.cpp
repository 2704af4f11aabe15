// Stock bars: the body parser against the spec's example (API.md section 23, the JS SDK's
// StockBarsRespSingle), its errors, and the client paging GET /v2/stocks/{symbol}/bars to the end
// against the fake Alpaca server.

#include "alpaca/alpaca_client.h"
#include "alpaca/bars_json.h"
#include "alpaca/rfc3339.h"
#include "await_result.h"
#include "domain/clock.h"
#include "domain/eastern_time.h"
#include "fake_alpaca/fake_alpaca_server.h"
#include "market/simulated_market.h"

#include <QTest>

using namespace cg;
using namespace cg::testing;

namespace {

// MSPEC StockBarSingle, verbatim (whitespace compacted).
constexpr char kSingleExample[] =
    R"({"bars": [{"t": "2022-01-03T09:00:00Z", "o": 178.26, "h": 178.26, "l": 178.21, "c": 178.21, "v": 1118, "n": 65, "vw": 178.235733}], "symbol": "AAPL", "next_page_token": "QUFQTHxNfDIwMjItMDEtMDNUMDk6MDA6MDAuMDAwMDAwMDAwWg=="})";

// Tuesday 2026-11-24, 11:00 New York.
const Timestamp kSessionTime =
    std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 24} +
    std::chrono::hours{16};

} // namespace

class TestAlpacaBars : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesTheSpecExample() {
        const auto page = alpaca::parseStockBarsPage(QByteArray(kSingleExample), "AAPL");
        QVERIFY2(page, page ? "" : page.error().message.c_str());
        QCOMPARE(page->bars.size(), std::size_t{1});
        const PriceBar &b = page->bars[0];
        QCOMPARE(alpaca::formatRfc3339(b.time), std::string("2022-01-03T09:00:00.000Z"));
        QCOMPARE(b.open, 178.26);
        QCOMPARE(b.high, 178.26);
        QCOMPARE(b.low, 178.21);
        QCOMPARE(b.close, 178.21);
        QCOMPARE(b.volume, std::int64_t{1118});
        QCOMPARE(b.trades, std::int64_t{65});
        QCOMPARE(b.vwap, 178.235733);
        QCOMPARE(*page->nextPageToken,
                 std::string("QUFQTHxNfDIwMjItMDEtMDNUMDk6MDA6MDAuMDAwMDAwMDAwWg=="));
    }

    void emptyAndNullBars() {
        for (const char *body : {R"({"bars":[],"symbol":"SPY","next_page_token":null})",
                                 R"({"bars":null,"symbol":"SPY","next_page_token":null})"}) {
            const auto page = alpaca::parseStockBarsPage(QByteArray(body), "SPY");
            QVERIFY(page);
            QVERIFY(page->bars.empty());
            QVERIFY(!page->nextPageToken);
        }
    }

    void unusableBarsAreErrorsThatSayWhich() {
        const auto noClose = alpaca::parseStockBarsPage(
            R"({"bars":[{"t":"2022-01-03T09:00:00Z","o":1,"h":1,"l":1,"v":1,"n":1,"vw":1}],"symbol":"SPY","next_page_token":null})",
            "SPY");
        QVERIFY(!noClose);
        QVERIFY2(noClose.error().message.find("bar 1 of SPY lacks \"c\"") != std::string::npos,
                 noClose.error().message.c_str());
        const auto inverted = alpaca::parseStockBarsPage(
            R"({"bars":[{"t":"2022-01-03T09:00:00Z","o":2,"h":1,"l":3,"c":2,"v":1,"n":1,"vw":1}],"symbol":"SPY","next_page_token":null})",
            "SPY");
        QVERIFY(!inverted);
        QVERIFY(!alpaca::parseStockBarsPage("not json", "SPY"));
        QVERIFY(!alpaca::parseStockBarsPage(R"({"bars":{"SPY":[]}})", "SPY"));
    }

    void timeframes() {
        QCOMPARE(*alpaca::normalizeTimeframe("5min"), std::string("5Min"));
        QCOMPARE(*alpaca::normalizeTimeframe("1D"), std::string("1Day"));
        QCOMPARE(*alpaca::normalizeTimeframe("1Hour"), std::string("1Hour"));
        QCOMPARE(*alpaca::normalizeTimeframe("3Month"), std::string("3Month"));
        for (const char *bad : {"", "Min", "0Min", "60Min", "2Day", "5Month", "1Sec", "5 Min"})
            QVERIFY2(!alpaca::normalizeTimeframe(bad), bad);
        QVERIFY(alpaca::normalizeTimeframe("1Sec").error().message.find("5Min") !=
                std::string::npos);
    }

    void clientPagesTheFakeServersBars() {
        FixedClock clock{kSessionTime};
        market::SimulatedMarket market{kSessionTime};
        fake::FakeAlpacaServer server{&market};
        server.setClock(&clock);
        QVERIFY(server.listen());
        int pages = 0;
        QObject::connect(&server, &fake::FakeAlpacaServer::requestServed, &server,
                         [&](const QString &, const QString &path, int) {
                             pages += path == QLatin1String("/v2/stocks/SPY/bars");
                         });
        alpaca::AlpacaConfig config;
        config.tradingUrl = config.dataUrl = server.baseUrl();
        config.keyId = QString::fromLatin1(fake::kDemoKeyId);
        config.secret = QString::fromLatin1(fake::kDemoSecret);
        alpaca::AlpacaClient client(config);

        // Today's 1-minute bars: 09:30 to 10:59, 90 of them, the last closing at the price.
        BarsQuery q;
        q.symbol = "spy";
        q.timeframe = "1Min";
        q.start = easternInstant(easternDate(kSessionTime), 0, 0);
        auto bars =
            awaitResult<std::vector<PriceBar>>([&](auto done) { client.stockBars(q, done); });
        QVERIFY2(bars, bars ? "" : bars.error().message.c_str());
        QCOMPARE(bars->size(), std::size_t{90});
        QCOMPARE(bars->front().time, easternInstant(easternDate(kSessionTime), 9, 30));
        QCOMPARE(bars->back().close, market.stock("SPY")->price);

        // Forty days of minutes: more than Alpaca's 10,000 a page, so two pages, read in order.
        q.start = kSessionTime - std::chrono::days{40};
        q.maxBars = 100000;
        auto minutes =
            awaitResult<std::vector<PriceBar>>([&](auto done) { client.stockBars(q, done); });
        QVERIFY2(minutes, minutes ? "" : minutes.error().message.c_str());
        QCOMPARE(pages, 3); // today's, then these two
        QVERIFY(minutes->size() > 10000);
        for (std::size_t i = 1; i < minutes->size(); ++i)
            QVERIFY((*minutes)[i - 1].time < (*minutes)[i].time);
        QCOMPARE(minutes->back().close, market.stock("SPY")->price);

        // Six months of daily bars, oldest first, ending at today's price.
        q.timeframe = "1Day";
        q.start = kSessionTime - std::chrono::days{182};
        q.maxBars = 10000;
        pages = 0;
        auto daily =
            awaitResult<std::vector<PriceBar>>([&](auto done) { client.stockBars(q, done); });
        QVERIFY(daily);
        QVERIFY2(daily->size() >= 125 && daily->size() <= 132,
                 qPrintable(QString::number(daily->size())));
        for (std::size_t i = 1; i < daily->size(); ++i)
            QVERIFY((*daily)[i - 1].time < (*daily)[i].time);
        QCOMPARE(daily->back().close, market.stock("SPY")->price);
        QCOMPARE(pages, 1);
        // maxBars stops paging early and keeps the oldest.
        q.maxBars = 20;
        auto first =
            awaitResult<std::vector<PriceBar>>([&](auto done) { client.stockBars(q, done); });
        QVERIFY(first);
        QCOMPARE(first->size(), std::size_t{20});
        QCOMPARE(first->front().time, daily->front().time);

        // Refused before any request: a timeframe Alpaca does not take.
        q.timeframe = "1Sec";
        auto refused =
            awaitResult<std::vector<PriceBar>>([&](auto done) { client.stockBars(q, done); });
        QVERIFY(!refused);
        QVERIFY(refused.error().message.find("not a bar timeframe") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestAlpacaBars)
#include "tst_alpaca_bars.moc"
