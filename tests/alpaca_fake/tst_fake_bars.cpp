// GET /v2/stocks/{symbol}/bars and /v2/stocks/bars on the fake Alpaca server: Alpaca's shapes
// (API.md section 23), bars consistent with the simulated price (the last bar closes at the last
// trade, yesterday's at the previous close), deterministic for one start, paging, the clock's
// limit, and the errors Alpaca answers for bad parameters.

#include "fake_server_fixture.h"

#include "domain/eastern_time.h"
#include "market/stock_tape.h"

#include <QTest>

using namespace cg::fake::test;
using namespace std::chrono;

namespace {

// MSPEC examples (API.md section 23), verbatim.
constexpr char kSingleExample[] =
    R"({"bars": [{"t": "2022-01-03T09:00:00Z", "o": 178.26, "h": 178.26, "l": 178.21, "c": 178.21, "v": 1118, "n": 65, "vw": 178.235733}], "symbol": "AAPL", "next_page_token": "QUFQTHxNfDIwMjItMDEtMDNUMDk6MDA6MDAuMDAwMDAwMDAwWg=="})";
constexpr char kMultiExample[] =
    R"({"bars": {"AAPL240419P00140000": [{"t": "2024-01-18T05:00:00Z", "o": 0.38, "h": 0.38, "l": 0.34, "c": 0.34, "v": 12, "n": 7, "vw": 0.3525}]}, "next_page_token": "QUFQTHxNfDIwMjItMDEtMDNUMDk6MDA6MDAuMDAwMDAwMDAwWg=="})";

// 2026-11-24 is a Tuesday; 10:00 New York.
const QString kToday = QStringLiteral("2026-11-24");

QJsonArray barsOf(const HttpResult &r) {
    return r.object().value(QLatin1String("bars")).toArray();
}

#define VERIFY_SHAPE(example, actual)                                                              \
    do {                                                                                           \
        const QStringList d_ = shapeDiff(example, actual);                                         \
        QVERIFY2(d_.isEmpty(), qPrintable(d_.join(QLatin1String("; "))));                          \
    } while (false)

} // namespace

class TestFakeBars : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void singleSymbolShapeAndTodaysBars() {
        Fixture f;
        QVERIFY(f.listening);
        const auto r =
            f.get(QStringLiteral("/v2/stocks/SPY/bars?timeframe=5Min&limit=3&start=") + kToday);
        QCOMPARE(r.status, 200);
        VERIFY_SHAPE(parseExample(kSingleExample), r.json().object());
        QCOMPARE(r.object().value("symbol").toString(), QStringLiteral("SPY"));
        QCOMPARE(barsOf(r).size(), 3);
        QCOMPARE(barsOf(r)[0].toObject().value("t").toString(),
                 QStringLiteral("2026-11-24T14:30:00Z")); // 09:30 New York

        // The whole morning: 09:30 to 09:55, 6 bars, the last closing at the last trade.
        const auto all = f.get(QStringLiteral("/v2/stocks/SPY/bars?timeframe=5Min"));
        QCOMPARE(all.status, 200);
        const QJsonArray bars = barsOf(all);
        QCOMPARE(bars.size(), 6);
        QVERIFY(all.object().value("next_page_token").isNull());
        const auto snap = f.get(QStringLiteral("/v2/stocks/SPY/snapshot")).object();
        QCOMPARE(bars.last().toObject().value("c").toDouble(),
                 snap["latestTrade"].toObject()["p"].toDouble());
        for (const auto &v : bars) {
            const QJsonObject b = v.toObject();
            QVERIFY(b["l"].toDouble() <= std::min(b["o"].toDouble(), b["c"].toDouble()));
            QVERIFY(b["h"].toDouble() >= std::max(b["o"].toDouble(), b["c"].toDouble()));
            QVERIFY(b["v"].toInteger() > 0 && b["n"].toInteger() > 0);
        }
    }

    void dailyBarsEndAtThePreviousCloseAndToday() {
        Fixture f;
        const auto r =
            f.get(QStringLiteral("/v2/stocks/SPY/bars?timeframe=1Day&start=2026-05-24&feed=iex"));
        QCOMPARE(r.status, 200);
        const QJsonArray bars = barsOf(r);
        QVERIFY2(bars.size() >= 125 && bars.size() <= 132,
                 qPrintable(QString::number(bars.size())));
        // Stamped at New York midnight, one per weekday.
        QCOMPARE(bars.last().toObject()["t"].toString(), QStringLiteral("2026-11-24T05:00:00Z"));
        QCOMPARE(bars[bars.size() - 2].toObject()["t"].toString(),
                 QStringLiteral("2026-11-23T05:00:00Z"));
        const auto snap = f.get(QStringLiteral("/v2/stocks/SPY/snapshot")).object();
        QCOMPARE(bars[bars.size() - 2].toObject()["c"].toDouble(),
                 snap["prevDailyBar"].toObject()["c"].toDouble());
        QCOMPARE(bars.last().toObject()["c"].toDouble(),
                 snap["latestTrade"].toObject()["p"].toDouble());
        // The daily bar is its session's minutes: same open, close, high, low and volume.
        const auto mins =
            barsOf(f.get(QStringLiteral("/v2/stocks/SPY/bars?timeframe=1Min&start=2026-11-23"
                                        "&end=2026-11-23T23:00:00Z")));
        QCOMPARE(mins.size(), 390);
        const QJsonObject y = bars[bars.size() - 2].toObject();
        double hi = 0, lo = 1e9;
        qint64 volume = 0;
        for (const auto &m : mins) {
            hi = std::max(hi, m.toObject()["h"].toDouble());
            lo = std::min(lo, m.toObject()["l"].toDouble());
            volume += m.toObject()["v"].toInteger();
        }
        QCOMPARE(y["o"].toDouble(), mins.first().toObject()["o"].toDouble());
        QCOMPARE(y["c"].toDouble(), mins.last().toObject()["c"].toDouble());
        QCOMPARE(y["h"].toDouble(), hi);
        QCOMPARE(y["l"].toDouble(), lo);
        QCOMPARE(y["v"].toInteger(), volume);
    }

    void sameStartSameBars() {
        Fixture a, b;
        const QString q = QStringLiteral("/v2/stocks/TSLA/bars?timeframe=15Min&start=2026-11-10");
        const auto ra = a.get(q), rb = b.get(q);
        QCOMPARE(ra.status, 200);
        QCOMPARE(ra.body, rb.body);
        // Another start replays another history.
        Fixture c(kSessionTime + hours{1});
        QVERIFY(c.get(q).body != ra.body);
    }

    void multiSymbolShape() {
        Fixture f;
        const auto r = f.get(QStringLiteral(
            "/v2/stocks/bars?symbols=QQQ,SPY,NOPE&timeframe=1Hour&start=2026-11-20&limit=1000"));
        QCOMPARE(r.status, 200);
        const QJsonObject bars = r.object()["bars"].toObject();
        QCOMPARE(bars.keys(), (QStringList{"QQQ", "SPY"}));
        const QJsonObject example = parseExample(kMultiExample).toObject();
        VERIFY_SHAPE(example["bars"].toObject().begin().value().toArray().first(),
                     bars["SPY"].toArray().first());
        QVERIFY(r.object()["next_page_token"].isNull());
        const auto none = f.get(QStringLiteral("/v2/stocks/bars?symbols=NOPE&timeframe=1Day"));
        QCOMPARE(none.body, QByteArray(R"({"bars":{},"next_page_token":null})"));
        QCOMPARE(f.get(QStringLiteral("/v2/stocks/bars?timeframe=1Day")).status, 400);
    }

    void pagingReadsEveryBarOnce() {
        Fixture f;
        const QString base = QStringLiteral(
            "/v2/stocks/bars?symbols=SPY,IWM&timeframe=30Min&start=2026-11-17&limit=7");
        const auto whole = f.get(QStringLiteral(
            "/v2/stocks/bars?symbols=SPY,IWM&timeframe=30Min&start=2026-11-17&limit=10000"));
        int expected = 0;
        for (const auto &v : whole.object()["bars"].toObject())
            expected += static_cast<int>(v.toArray().size());
        QStringList seen;
        QString token;
        for (int page = 0; page < 100; ++page) {
            const auto r = f.get(
                base + (token.isEmpty() ? QString() : QStringLiteral("&page_token=") + token));
            QCOMPARE(r.status, 200);
            const QJsonObject bars = r.object()["bars"].toObject();
            for (auto it = bars.begin(); it != bars.end(); ++it)
                for (const auto &b : it.value().toArray())
                    seen << it.key() + b.toObject()["t"].toString();
            const QJsonValue next = r.object()["next_page_token"];
            if (next.isNull())
                break;
            token = next.toString();
        }
        QCOMPARE(seen.size(), expected);
        QCOMPARE(QSet<QString>(seen.begin(), seen.end()).size(), expected);
        QVERIFY(seen.first().startsWith(QLatin1String("IWM"))); // by symbol, then time
    }

    void neverPastTheClockAndRecordsTheWalk() {
        Fixture f;
        QVERIFY(barsOf(f.get(QStringLiteral("/v2/stocks/SPY/bars?timeframe=1Min&start=2026-11-25")))
                    .isEmpty());
        const auto before =
            barsOf(f.get(QStringLiteral("/v2/stocks/SPY/bars?timeframe=1Min&end=2026-12-30")));
        QCOMPARE(before.size(), 30);
        // Ten minutes of market later: ten more minutes, the last at the new price.
        for (int s = 1; s <= 600; s += 5) {
            f.clock.set(kSessionTime + seconds{s});
            f.market.step(f.clock.now());
        }
        const auto after = barsOf(f.get(QStringLiteral("/v2/stocks/SPY/bars?timeframe=1Min")));
        QCOMPARE(after.size(), 40);
        QCOMPARE(after.last().toObject()["c"].toDouble(), f.market.stock("SPY")->price);
        QCOMPARE(after[29].toObject(), before[29].toObject());
    }

    void errorsAsAlpacaAnswersThem() {
        Fixture f;
        const auto tf = f.get(QStringLiteral("/v2/stocks/SPY/bars?timeframe=5Minutes"));
        QCOMPARE(tf.status, 422);
        QCOMPARE(tf.body, QByteArray(R"({"code":42210000,"message":"invalid timeframe"})"));
        for (const char *bad : {"1Sec", "60Min", "2Day", "5Month", "Min"})
            QCOMPARE(f.get(QStringLiteral("/v2/stocks/SPY/bars?timeframe=") + bad).status, 422);
        const auto missing = f.get(QStringLiteral("/v2/stocks/SPY/bars"));
        QCOMPARE(missing.status, 400);
        QVERIFY(missing.object()["message"].toString().contains("timeframe"));
        QCOMPARE(f.get(QStringLiteral("/v2/stocks/SPY/bars?timeframe=1Day&start=yesterday")).status,
                 400);
        QCOMPARE(f.get(QStringLiteral("/v2/stocks/SPY/bars?timeframe=1Day&feed=opra")).status, 400);
        QCOMPARE(f.get(QStringLiteral("/v2/stocks/SPY/bars?timeframe=1Day&limit=10001")).status,
                 400);
        QCOMPARE(f.get(QStringLiteral("/v2/stocks/SPY/bars?timeframe=1Day&page_token=%%%")).status,
                 400);
        const auto order = f.get(
            QStringLiteral("/v2/stocks/SPY/bars?timeframe=1Day&start=2026-11-20&end=2026-11-10"));
        QCOMPARE(order.status, 422);
        QCOMPARE(f.request("POST", QStringLiteral("/v2/stocks/SPY/bars?timeframe=1Day")).status,
                 405);
        // The JS SDK's start (toISOString) and Alpaca's aliases are taken.
        QCOMPARE(
            f.get(QStringLiteral("/v2/stocks/SPY/bars?timeframe=1D&start=2026-11-20T14:30:00.000Z"))
                .status,
            200);
    }

    void timeframeForms() {
        using cg::market::BarTimeframe;
        using cg::market::parseBarTimeframe;
        QVERIFY(parseBarTimeframe("5Min") == (BarTimeframe{5, BarTimeframe::Unit::Minute}));
        QVERIFY(parseBarTimeframe("5T") == (BarTimeframe{5, BarTimeframe::Unit::Minute}));
        QVERIFY(parseBarTimeframe("23H") == (BarTimeframe{23, BarTimeframe::Unit::Hour}));
        QVERIFY(parseBarTimeframe("12Month") == (BarTimeframe{12, BarTimeframe::Unit::Month}));
        QVERIFY(!parseBarTimeframe("24Hour"));
        QVERIFY(!parseBarTimeframe("1Year"));
    }
};

QTEST_GUILESS_MAIN(TestFakeBars)
#include "tst_fake_bars.moc"
