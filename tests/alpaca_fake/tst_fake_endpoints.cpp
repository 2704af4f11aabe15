// The fake Alpaca server over real HTTP (QNetworkAccessManager): every endpoint's body against
// the API.md examples, paging to the end, filters, unknown symbols and authentication.

#include "api_examples.h"
#include "domain/occ_symbol.h"
#include "fake_alpaca/alpaca_routes.h"
#include "fake_server_fixture.h"

#include <QTest>
#include <QUrlQuery>

#include <set>

using namespace cg::fake::test;
using namespace std::chrono;

namespace {

// The contracts example has values where the spec allows null (unknown open interest).
const QSet<QString> kNullable{QStringLiteral("open_interest"),
                              QStringLiteral("open_interest_date")};

#define VERIFY_SHAPE(example, actual, extra)                                                       \
    do {                                                                                           \
        const QStringList shapeDiffs_ =                                                            \
            shapeDiff(example, actual, QStringLiteral("$"), extra, kNullable);                     \
        QVERIFY2(shapeDiffs_.isEmpty(), qPrintable(shapeDiffs_.join(QLatin1String("; "))));        \
    } while (false)

} // namespace

class TestFakeEndpoints : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void chainSnapshotMatchesTheExample() {
        Fixture f;
        QVERIFY(f.listening);
        const auto r =
            f.get(QStringLiteral("/v1beta1/options/snapshots/SPY?feed=indicative&limit=1000"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json; charset=utf-8"));
        QVERIFY(!r.header("X-RateLimit-Limit").isEmpty());
        QVERIFY(!r.header("X-RateLimit-Remaining").isEmpty());
        QVERIFY(!r.header("X-RateLimit-Reset").isEmpty());
        const QJsonObject page = r.object();
        QVERIFY(page.value(QLatin1String("next_page_token")).isString());
        // A contract with everything: the example's shape exactly, plus the schema's dailyBar.
        const QJsonObject example = parseExample(kChainExample).toObject();
        const QJsonValue exampleSnap =
            example[QLatin1String("snapshots")].toObject().begin().value();
        const QJsonObject stockBar =
            parseExample(kStockSnapshotExample)[QLatin1String("dailyBar")].toObject();
        int full = 0, quoteOnly = 0, noGreeks = 0, withBar = 0;
        const QJsonObject snaps = page[QLatin1String("snapshots")].toObject();
        QCOMPARE(snaps.size(), 1000);
        for (auto it = snaps.begin(); it != snaps.end(); ++it) {
            const QJsonObject s = it.value().toObject();
            QVERIFY2(cg::parseOccSymbol(it.key().toStdString()).ok(), qPrintable(it.key()));
            QVERIFY(s.contains(QLatin1String("latestQuote")));
            VERIFY_SHAPE(exampleSnap.toObject()[QLatin1String("latestQuote")],
                         s[QLatin1String("latestQuote")], {});
            if (s.contains(QLatin1String("greeks")) && s.contains(QLatin1String("latestTrade"))) {
                VERIFY_SHAPE(exampleSnap, s, QSet<QString>{QStringLiteral("dailyBar")});
                ++full;
            }
            if (s.keys() == QStringList{QStringLiteral("latestQuote")})
                ++quoteOnly;
            if (!s.contains(QLatin1String("greeks"))) {
                QVERIFY(!s.contains(QLatin1String("impliedVolatility")));
                ++noGreeks;
            }
            if (s.contains(QLatin1String("dailyBar"))) {
                VERIFY_SHAPE(stockBar, s[QLatin1String("dailyBar")], {});
                QVERIFY(s[QLatin1String("dailyBar")][QLatin1String("v")].toInteger() > 0);
                ++withBar;
            }
        }
        qInfo("first 1000 SPY snapshots: %d complete, %d without greeks, %d quote only, %d with "
              "a daily bar",
              full, noGreeks, quoteOnly, withBar);
        QVERIFY(full > 0 && noGreeks > 0 && withBar > 0);
    }

    void chainPagesToTheEnd() {
        Fixture f;
        const std::size_t expected = f.market.chain("SPY").size();
        std::set<QString> seen;
        QString token;
        int pages = 0;
        qint64 slowest = 0, total = 0;
        QElapsedTimer wall;
        wall.start();
        do {
            QString path = QStringLiteral("/v1beta1/options/snapshots/SPY?limit=1000");
            if (!token.isEmpty())
                path += QStringLiteral("&page_token=") +
                        QString::fromLatin1(QUrl::toPercentEncoding(token));
            const auto r = f.get(path);
            QCOMPARE(r.status, 200);
            ++pages;
            slowest = std::max(slowest, r.elapsedMs);
            total += r.elapsedMs;
            const QJsonObject page = r.object();
            const QJsonObject snaps = page[QLatin1String("snapshots")].toObject();
            for (auto it = snaps.begin(); it != snaps.end(); ++it)
                QVERIFY2(seen.insert(it.key()).second, "a contract on two pages");
            const QJsonValue next = page[QLatin1String("next_page_token")];
            QVERIFY(page.contains(QLatin1String("next_page_token")));
            if (next.isNull())
                break;
            token = next.toString();
            // Opaque to clients; here the base64 of the page's last symbol, like Alpaca's.
            QCOMPARE(QString::fromLatin1(QByteArray::fromBase64(token.toLatin1())),
                     snaps.keys().last());
            QCOMPARE(snaps.size(), 1000);
        } while (pages < 100);
        QCOMPARE(seen.size(), expected);
        qInfo("SPY chain: %zu contracts in %d pages of up to 1000; %lld ms in total, slowest "
              "page %lld ms (QNetworkAccessManager round trips)",
              expected, pages, static_cast<long long>(total), static_cast<long long>(slowest));

        // Default limit 100, and the limit's bounds.
        const auto d = f.get(QStringLiteral("/v1beta1/options/snapshots/SPY"));
        QCOMPARE(d.object()[QLatin1String("snapshots")].toObject().size(), 100);
        for (const char *bad : {"0", "1001", "x"}) {
            const auto b =
                f.get(QStringLiteral("/v1beta1/options/snapshots/SPY?limit=") + QLatin1String(bad));
            QCOMPARE(b.status, 400);
            QVERIFY(b.object()[QLatin1String("message")].isString());
            QVERIFY(!b.object().contains(QLatin1String("code")));
        }
        QCOMPARE(f.get(QStringLiteral("/v1beta1/options/snapshots/SPY?page_token=%%%")).status,
                 400);
    }

    void syntheticChainOfTenThousand() {
        Fixture f;
        cg::market::UnderlyingSpec spec;
        spec.symbol = "BENCH";
        spec.startPrice = 500;
        spec.vol = 0.2;
        f.market.addSyntheticUnderlying(spec, 10000);
        f.market.chain("BENCH");
        QString token;
        int count = 0, pages = 0;
        qint64 total = 0;
        for (;;) {
            QString path = QStringLiteral("/v1beta1/options/snapshots/BENCH?limit=1000");
            if (!token.isEmpty())
                path += QStringLiteral("&page_token=") + token;
            const auto r = f.get(path);
            QCOMPARE(r.status, 200);
            total += r.elapsedMs;
            ++pages;
            count += r.object()[QLatin1String("snapshots")].toObject().size();
            const QJsonValue next = r.object()[QLatin1String("next_page_token")];
            if (next.isNull())
                break;
            token = QString::fromLatin1(QUrl::toPercentEncoding(next.toString()));
        }
        QCOMPARE(count, 10000);
        QCOMPARE(pages, 10);

        // The server's share: routing and JSON for one 1000-contract page, without HTTP.
        cg::fake::AlpacaRoutes routes(&f.market);
        cg::fake::HttpRequest req;
        req.method = "GET";
        req.path = QStringLiteral("/v1beta1/options/snapshots/BENCH");
        req.query = QUrlQuery(QStringLiteral("limit=1000"));
        QElapsedTimer timer;
        timer.start();
        qsizetype bytes = 0;
        for (int i = 0; i < 5; ++i)
            bytes = routes.route(req, f.clock.now()).body.size();
        qInfo("one 1000-contract page built in %.1f ms (%lld bytes of JSON)",
              static_cast<double>(timer.nsecsElapsed()) / 5e6, static_cast<long long>(bytes));
        qInfo("10,000-contract chain served in 10 pages: %lld ms in total, %.1f ms per "
              "1000-contract page",
              static_cast<long long>(total), static_cast<double>(total) / pages);
    }

    void chainFilters() {
        Fixture f;
        const auto r = f.get(QStringLiteral(
            "/v1beta1/options/snapshots/SPY?type=put&strike_price_gte=690&strike_price_lte=700"
            "&expiration_date_gte=2026-11-25&expiration_date_lte=2026-12-31&root_symbol=SPY&limit="
            "1000"));
        QCOMPARE(r.status, 200);
        const QJsonObject snaps = r.object()[QLatin1String("snapshots")].toObject();
        QVERIFY(snaps.size() > 20);
        for (const QString &key : snaps.keys()) {
            const auto occ = cg::parseOccSymbol(key.toStdString());
            QVERIFY(occ.ok());
            QVERIFY(occ->type == cg::OptionType::Put);
            QVERIFY(occ->strike() >= 690 && occ->strike() <= 700);
            QVERIFY(occ->expiry >= year_month_day{2026y / November / 25});
            QVERIFY(occ->expiry <= year_month_day{2026y / December / 31});
        }
        const auto exact = f.get(QStringLiteral(
            "/v1beta1/options/snapshots/SPY?expiration_date=2026-12-18&type=call&limit=1000"));
        for (const QString &key : exact.object()[QLatin1String("snapshots")].toObject().keys())
            QVERIFY(key.startsWith(QLatin1String("SPY261218C")));
        QCOMPARE(f.get(QStringLiteral("/v1beta1/options/snapshots/SPY?type=straddle")).status, 400);
        QCOMPARE(f.get(QStringLiteral("/v1beta1/options/snapshots/SPY?expiration_date=12/18/2026"))
                     .status,
                 400);
        const auto other = f.get(QStringLiteral("/v1beta1/options/snapshots/SPY?root_symbol=SPXW"));
        QCOMPARE(other.object()[QLatin1String("snapshots")].toObject().size(), 0);
    }

    void unknownUnderlyingIsAnEmptyChain() {
        Fixture f;
        const auto r = f.get(QStringLiteral("/v1beta1/options/snapshots/ZZZZ"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray(R"({"next_page_token":null,"snapshots":{}})"));
    }

    void snapshotsBySymbol() {
        Fixture f;
        const auto &chain = f.market.chain("QQQ");
        const QString a = QString::fromStdString(chain[10].symbol);
        const QString b = QString::fromStdString(chain[20].symbol);
        const auto r =
            f.get(QStringLiteral("/v1beta1/options/snapshots?symbols=%1,%2,ZZZZ261127C00100000")
                      .arg(a, b));
        QCOMPARE(r.status, 200);
        const QJsonObject snaps = r.object()[QLatin1String("snapshots")].toObject();
        QCOMPARE(snaps.keys(), (QStringList{a, b}));
        QVERIFY(r.object()[QLatin1String("next_page_token")].isNull());
        const auto paged =
            f.get(QStringLiteral("/v1beta1/options/snapshots?symbols=%1,%2&limit=1").arg(a, b));
        QVERIFY(paged.object()[QLatin1String("next_page_token")].isString());
        QCOMPARE(f.get(QStringLiteral("/v1beta1/options/snapshots")).status, 400);
    }

    void contractsMatchTheExample() {
        Fixture f;
        const QJsonObject example = parseExample(kContractsExample).toObject();
        // Default window: active contracts up to the coming weekend (Sunday 2026-11-29).
        const auto d =
            f.get(QStringLiteral("/v2/options/contracts?underlying_symbols=SPY&limit=10000"));
        QCOMPARE(d.status, 200);
        const QJsonArray list = d.object()[QLatin1String("option_contracts")].toArray();
        QVERIFY(!list.isEmpty());
        VERIFY_SHAPE(example, d.object(), QSet<QString>{QStringLiteral("multiplier")});
        std::set<QString> dates;
        int unknownOi = 0;
        for (const QJsonValue &v : list) {
            const QJsonObject c = v.toObject();
            dates.insert(c[QLatin1String("expiration_date")].toString());
            QCOMPARE(c[QLatin1String("multiplier")].toString(), QStringLiteral("100"));
            QVERIFY(c[QLatin1String("strike_price")].isString());
            unknownOi += c[QLatin1String("open_interest")].isNull() ? 1 : 0;
            VERIFY_SHAPE(example[QLatin1String("option_contracts")].toArray().first(), c,
                         QSet<QString>{QStringLiteral("multiplier")});
        }
        QVERIFY(*dates.rbegin() <= QStringLiteral("2026-11-29"));
        QCOMPARE(*dates.begin(), QStringLiteral("2026-11-24"));

        // Explicit window, paged by 500 to the end.
        int total = 0;
        QString token;
        for (int pages = 0; pages < 100; ++pages) {
            QString path = QStringLiteral(
                "/v2/options/contracts?underlying_symbols=SPY&status=active"
                "&expiration_date_gte=2026-11-24&expiration_date_lte=2027-04-30&limit=500");
            if (!token.isEmpty())
                path += QStringLiteral("&page_token=") + token;
            const auto r = f.get(path);
            QCOMPARE(r.status, 200);
            total += r.object()[QLatin1String("option_contracts")].toArray().size();
            const QJsonValue next = r.object()[QLatin1String("next_page_token")];
            if (next.isNull())
                break;
            token = QString::fromLatin1(QUrl::toPercentEncoding(next.toString()));
        }
        QCOMPARE(std::size_t(total), f.market.chain("SPY").size());
        qInfo("contracts: unknown open interest on %d of %lld this week", unknownOi,
              static_cast<long long>(list.size()));

        QCOMPARE(f.get(QStringLiteral("/v2/options/contracts?limit=10001")).status, 422);
        const auto inactive = f.get(QStringLiteral("/v2/options/contracts?status=inactive"));
        QCOMPARE(inactive.object()[QLatin1String("option_contracts")].toArray().size(), 0);
    }

    void oneContractBySymbolOrId() {
        Fixture f;
        const auto &c = f.market.chain("AAPL")[5];
        const auto bySymbol =
            f.get(QStringLiteral("/v2/options/contracts/") + QString::fromStdString(c.symbol));
        QCOMPARE(bySymbol.status, 200);
        const QJsonObject exampleContract =
            parseExample(kContractsExample)[QLatin1String("option_contracts")]
                .toArray()
                .first()
                .toObject();
        VERIFY_SHAPE(exampleContract, bySymbol.object(),
                     QSet<QString>{QStringLiteral("multiplier")});
        const auto byId =
            f.get(QStringLiteral("/v2/options/contracts/") + QString::fromStdString(c.id));
        QCOMPARE(byId.object()[QLatin1String("symbol")].toString(),
                 QString::fromStdString(c.symbol));
        const auto missing = f.get(QStringLiteral("/v2/options/contracts/TSLA231110C00021000"));
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.object(), parseExample(kContractNotFoundExample).toObject());
    }

    void stockEndpoints() {
        Fixture f;
        const auto snap = f.get(QStringLiteral("/v2/stocks/SPY/snapshot"));
        QCOMPARE(snap.status, 200);
        VERIFY_SHAPE(parseExample(kStockSnapshotExample), snap.object(), {});
        QCOMPARE(snap.object()[QLatin1String("latestTrade")][QLatin1String("p")].toDouble(),
                 f.market.stock("SPY")->price);
        const auto trade = f.get(QStringLiteral("/v2/stocks/AAPL/trades/latest"));
        VERIFY_SHAPE(parseExample(kLatestTradeExample), trade.object(), {});
        const auto quote = f.get(QStringLiteral("/v2/stocks/AAPL/quotes/latest"));
        VERIFY_SHAPE(parseExample(kLatestQuoteExample), quote.object(), {});
        const auto missing = f.get(QStringLiteral("/v2/stocks/ZZZZ/snapshot"));
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.object()[QLatin1String("code")].toInteger(), 40410000);
        QVERIFY(missing.object()[QLatin1String("message")].toString().endsWith(
            QLatin1String("not found")));
    }

    void accountPositionsClock() {
        Fixture f;
        QJsonObject account = parseExample(kAccountExample).toObject();
        // The example (an alpaca-py mock) sends the levels as strings; the official spec and
        // this server send integers (API.md section 5).
        account[QLatin1String("options_approved_level")] = 2;
        account[QLatin1String("options_trading_level")] = 1;
        const auto a = f.get(QStringLiteral("/v2/account"));
        QCOMPARE(a.status, 200);
        VERIFY_SHAPE(account, a.object(), {});
        QCOMPARE(a.object()[QLatin1String("equity")].toString(), QStringLiteral("100000"));
        QCOMPARE(a.object()[QLatin1String("options_buying_power")].toString(),
                 QStringLiteral("100000"));

        const auto empty = f.get(QStringLiteral("/v2/positions"));
        QCOMPARE(empty.status, 200);
        QCOMPARE(empty.body, QByteArray("[]"));
        QCOMPARE(f.get(QStringLiteral("/v2/positions/SPY")).status, 404);

        const auto c = f.get(QStringLiteral("/v2/clock"));
        VERIFY_SHAPE(parseExample(kClockExample), c.object(), {});
        QCOMPARE(c.object()[QLatin1String("is_open")].toBool(), true);
        QCOMPARE(c.object()[QLatin1String("timestamp")].toString(),
                 QStringLiteral("2026-11-24T10:00:00.000-05:00"));
        QCOMPARE(c.object()[QLatin1String("next_close")].toString(),
                 QStringLiteral("2026-11-24T16:00:00.000-05:00"));
        QCOMPARE(c.object()[QLatin1String("next_open")].toString(),
                 QStringLiteral("2026-11-25T09:30:00.000-05:00"));
    }

    // The exchange calendar: Wednesday before Thanksgiving after the close, the next session is
    // Friday's, which closes at 13:00; /v2/calendar lists trading days only, with that close.
    void clockAndCalendarKnowHolidays() {
        Fixture f(std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 25} +
                  std::chrono::hours{22});
        const auto c = f.get(QStringLiteral("/v2/clock"));
        QCOMPARE(c.status, 200);
        QCOMPARE(c.object()[QLatin1String("is_open")].toBool(), false);
        QCOMPARE(c.object()[QLatin1String("next_open")].toString(),
                 QStringLiteral("2026-11-27T09:30:00.000-05:00"));
        QCOMPARE(c.object()[QLatin1String("next_close")].toString(),
                 QStringLiteral("2026-11-27T13:00:00.000-05:00"));

        const auto cal =
            f.get(QStringLiteral("/v2/calendar?start=2026-11-25&end=2026-11-30T00:00:00Z"));
        QCOMPARE(cal.status, 200);
        const QJsonArray days = cal.json().array();
        QCOMPARE(days.size(), 3); // Wednesday, Friday, Monday
        const QJsonObject friday = days[1].toObject();
        QCOMPARE(friday[QLatin1String("date")].toString(), QStringLiteral("2026-11-27"));
        QCOMPARE(friday[QLatin1String("open")].toString(), QStringLiteral("09:30"));
        QCOMPARE(friday[QLatin1String("close")].toString(), QStringLiteral("13:00"));
        QCOMPARE(friday[QLatin1String("session_open")].toString(), QStringLiteral("0400"));
        QCOMPARE(friday[QLatin1String("settlement_date")].toString(), QStringLiteral("2026-11-30"));
        QCOMPARE(days[0].toObject()[QLatin1String("close")].toString(), QStringLiteral("16:00"));
        QCOMPARE(days[0].toObject()[QLatin1String("settlement_date")].toString(),
                 QStringLiteral("2026-11-27"));
        QCOMPARE(f.get(QStringLiteral("/v2/calendar?start=soon")).status, 400);
    }

    void authentication() {
        Fixture f;
        for (const char *path : {"/v2/account", "/v1beta1/options/snapshots/SPY"}) {
            const auto none = f.request("GET", QLatin1String(path), {}, 1);
            QCOMPARE(none.status, 403);
            QCOMPARE(none.body, QByteArray(R"({"message":"forbidden."})"));
        }
        const auto wrongTrading = f.request("GET", QStringLiteral("/v2/account"), {}, 2);
        QCOMPARE(wrongTrading.status, 401);
        QCOMPARE(wrongTrading.object(),
                 (QJsonObject{{"code", 40110000}, {"message", "request is not authorized"}}));
        const auto wrongData = f.request("GET", QStringLiteral("/v2/stocks/SPY/snapshot"), {}, 2);
        QCOMPARE(wrongData.status, 401);
        QVERIFY(!wrongData.object().contains(QLatin1String("code")));
        QVERIFY(wrongData.object()[QLatin1String("message")].isString());
        // Nothing in an error body echoes what was sent.
        QVERIFY(!wrongTrading.body.contains("wrong") && !wrongData.body.contains("wrong"));

        // Other credentials on request.
        cg::FixedClock clock(kSessionTime);
        cg::market::SimulatedMarket market(kSessionTime);
        cg::fake::FakeAlpacaServer own(&market, {QStringLiteral("PK-TEST"), QStringLiteral("s3")});
        own.setClock(&clock);
        QVERIFY(own.listen());
        QNetworkAccessManager nam;
        QNetworkRequest req(QUrl(own.baseUrl().toString() + QStringLiteral("/v2/clock")));
        req.setRawHeader("APCA-API-KEY-ID", "PK-TEST");
        req.setRawHeader("APCA-API-SECRET-KEY", "s3");
        QNetworkReply *reply = nam.get(req);
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        delete reply;
    }

    void unknownRoutes() {
        Fixture f;
        QCOMPARE(f.get(QStringLiteral("/v2/nothing")).status, 404);
        QCOMPARE(f.request("PUT", QStringLiteral("/v2/account")).status, 405);
        QCOMPARE(f.get(QStringLiteral("/v1beta1/options/nothing")).status, 404);
    }

    // A known path asked with a method it does not take: 405 with the Allow header RFC 9110
    // requires and a {"message"} body. API.md documents no 405 from Alpaca; the fake no longer
    // makes up a code for it (it sent 40510000).
    void unknownMethodsOnKnownPaths() {
        Fixture f;
        struct Case {
            const char *verb;
            const char *path;
            const char *allow;
        };
        const Case cases[] = {
            {"PUT", "/v2/account", "GET"},
            {"PATCH", "/v2/orders", "GET, POST, DELETE"},
            {"POST", "/v2/orders/00000000-0000-4000-8000-000000000000", "GET, PATCH, DELETE"},
            {"PATCH", "/v2/positions", "GET, DELETE"},
            {"POST", "/v2/positions/SPY", "GET, DELETE"},
            {"GET", "/v2/positions/SPY/exercise", "POST"},
            {"DELETE", "/v2/positions/SPY/do-not-exercise", "POST"},
            {"POST", "/v2/clock", "GET"},
            {"POST", "/v1beta1/options/snapshots/SPY", "GET"},
        };
        for (const Case &c : cases) {
            const auto r = f.request(c.verb, QLatin1String(c.path));
            const QByteArray what = QByteArray(c.verb) + ' ' + c.path + " -> " + r.body;
            QVERIFY2(r.status == 405, what.constData());
            QVERIFY2(r.object() == (QJsonObject{{"message", "method not allowed"}}),
                     what.constData());
            QVERIFY2(r.header("Allow") == c.allow, what.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestFakeEndpoints)
#include "tst_fake_endpoints.moc"
