// A position's P&L and greeks against the live market, computed by hand: a long call marked at
// the live mid, a short put marked at the broker's price, a stock, an option without greeks.
// The account bar's day P&L uses the same definition.

#include "domain/position_figures.h"

#include "domain/eastern_time.h"

#include <QTest>

using namespace cg;
using namespace std::chrono;

class TestPositionFigures : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void longCallAtTheLiveMid();
    void shortPutAtTheBrokerPrice();
    void stockDeltaIsItsQuantity();
    void optionWithoutGreeksHasNone();
    void moneynessAndDaysToExpiry();
    void accountDayPnlIsTheSameDefinition();
    void todaysFillsSignEverySale();
    void aPositionOpenedAndClosedTodayKeepsItsDayPnl();
};

static Position option(double qty, double avg, double current, double lastday) {
    Position p;
    p.symbol = "SPY261218C00600000";
    p.assetClass = "us_option";
    p.qty = qty;
    p.avgEntryPrice = avg;
    p.currentPrice = current;
    p.lastdayPrice = lastday;
    return p;
}

void TestPositionFigures::longCallAtTheLiveMid() {
    // 2 calls bought at 3.00, live mid 3.50 (broker says 3.40), closed yesterday at 3.10.
    const Position p = option(2, 3.00, 3.40, 3.10);
    const PositionPnl pnl = positionPnl(p, 3.50);
    QVERIFY(pnl.liveMark);
    QCOMPARE(pnl.mark, 3.50);
    QCOMPARE(pnl.multiplier, 100.0);
    QCOMPARE(pnl.marketValue, 700.0); // 3.50 x 2 x 100
    QCOMPARE(pnl.costBasis, 600.0);   // 3.00 x 2 x 100
    QCOMPARE(pnl.unrealized, 100.0);  // (3.50 - 3.00) x 2 x 100
    QVERIFY(pnl.day);
    QVERIFY(qFuzzyCompare(*pnl.day, 80.0)); // (3.50 - 3.10) x 2 x 100

    const auto g = positionGreeks(p, Greeks{0.55, 0.02, -0.05, 0.12, 0.0}, 600.0);
    QVERIFY(g);
    QVERIFY(qFuzzyCompare(g->deltaShares, 110.0));     // 0.55 x 200
    QVERIFY(qFuzzyCompare(*g->deltaDollars, 66000.0)); // 110 shares x 600
    QVERIFY(qFuzzyCompare(g->gamma, 4.0));             // 0.02 x 200
    QVERIFY(qFuzzyCompare(g->thetaPerDay, -10.0));     // -0.05 x 200
    QVERIFY(qFuzzyCompare(g->vega, 24.0));             // 0.12 x 200
}

void TestPositionFigures::shortPutAtTheBrokerPrice() {
    // 1 put sold at 2.00, no live quote: the broker's 2.50 marks it; no previous close known.
    Position p = option(-1, 2.00, 2.50, 0.0);
    p.symbol = "SPY261218P00480000";
    const PositionPnl pnl = positionPnl(p, std::nullopt);
    QVERIFY(!pnl.liveMark);
    QCOMPARE(pnl.mark, 2.50);
    QCOMPARE(pnl.marketValue, -250.0);
    QCOMPARE(pnl.costBasis, -200.0);
    QCOMPARE(pnl.unrealized, -50.0); // (2.50 - 2.00) x -1 x 100: the put rose, a loss
    QVERIFY(!pnl.day);

    const auto g = positionGreeks(p, Greeks{-0.40, 0.03, -0.04, 0.10, 0.0}, 500.0);
    QVERIFY(g);
    QVERIFY(qFuzzyCompare(g->deltaShares, 40.0)); // -0.40 x -100: short a put is long delta
    QVERIFY(qFuzzyCompare(*g->deltaDollars, 20000.0));
    QVERIFY(qFuzzyCompare(g->gamma, -3.0));
    QVERIFY(qFuzzyCompare(g->thetaPerDay, 4.0)); // time works for the writer
    QVERIFY(qFuzzyCompare(g->vega, -10.0));
}

void TestPositionFigures::stockDeltaIsItsQuantity() {
    Position p;
    p.symbol = "SPY";
    p.assetClass = "us_equity";
    p.qty = 50;
    p.avgEntryPrice = 100.0;
    p.currentPrice = 110.0;
    p.lastdayPrice = 105.0;
    const PositionPnl pnl = positionPnl(p, std::nullopt);
    QCOMPARE(pnl.multiplier, 1.0);
    QCOMPARE(pnl.unrealized, 500.0);
    QCOMPARE(*pnl.day, 250.0);
    const auto g = positionGreeks(p, std::nullopt, std::nullopt);
    QVERIFY(g);
    QCOMPARE(g->deltaShares, 50.0);
    QCOMPARE(*g->deltaDollars, 5500.0);
    QCOMPARE(g->gamma, 0.0);
}

void TestPositionFigures::optionWithoutGreeksHasNone() {
    QVERIFY(!positionGreeks(option(1, 1.0, 1.0, 1.0), std::nullopt, 600.0));
    // Greeks without an underlying price: shares yes, dollars no.
    const auto g = positionGreeks(option(1, 1.0, 1.0, 1.0), Greeks{0.5, 0, 0, 0, 0}, {});
    QVERIFY(g && !g->deltaDollars);
    QCOMPARE(g->deltaShares, 50.0);
}

void TestPositionFigures::moneynessAndDaysToExpiry() {
    const OccSymbol call = *parseOccSymbol("SPY261218C00600000");
    const auto m = strikeDistance(call, 610.0);
    QVERIFY(m && m->inTheMoney);
    QVERIFY(qFuzzyCompare(m->distancePct, -10.0 / 610.0 * 100.0));
    const OccSymbol put = *parseOccSymbol("SPY261218P00600000");
    QVERIFY(!strikeDistance(put, 610.0)->inTheMoney);
    QVERIFY(!strikeDistance(put, 0.0));
    // 10:30 New York on 2026-12-05 -> 2026-12-18: 13 calendar days.
    QCOMPARE(daysToExpiry(call.expiry, easternInstant(year{2026} / December / 5, 10, 30)), 13);
}

void TestPositionFigures::accountDayPnlIsTheSameDefinition() {
    Account a;
    a.equity = 101000.0;
    a.lastEquity = 100000.0;
    QCOMPARE(dayPnl(a), *changeSincePreviousClose(101000.0, 100000.0));
    QCOMPARE(dayPnl(a), 1000.0);
    a.lastEquity = 0.0; // unknown previous close
    QCOMPARE(dayPnl(a), 0.0);
    QVERIFY(!changeSincePreviousClose(5.0, std::nullopt));
}

QTEST_APPLESS_MAIN(TestPositionFigures)
#include "tst_position_figures.moc"

// Today's FILL activities by symbol, signed: Alpaca's short sale ("sell_short") is a sale. It was
// counted as a purchase, and the day P&L of a stock shorted today came out with the wrong sign.
void TestPositionFigures::todaysFillsSignEverySale() {
    const auto today = year_month_day{2026y / December / 3};
    const Timestamp at = easternInstant(today, 11, 0);
    const auto fill = [&](const char *symbol, const char *side, double qty, double price,
                          Timestamp when) {
        Activity a;
        a.activityType = "FILL";
        a.symbol = symbol;
        a.side = side;
        a.qty = qty;
        a.price = price;
        a.transactionTime = when;
        return a;
    };
    std::vector<Activity> activities{
        fill("SPY", "sell_short", 100, 600.0, at), fill("SPY", "buy", 10, 599.0, at),
        fill("SPY", "sell", 5, 601.0, at), fill("SPY", "buy", 7, 590.0, at - hours{24})};
    Activity fee;
    fee.activityType = "FEE";
    fee.symbol = "SPY";
    fee.transactionTime = at;
    activities.push_back(fee);
    const auto fills = todayFills(activities, today);
    QCOMPARE(fills.size(), std::size_t(1));
    const std::vector<TodayFill> spy{{-100, 600.0}, {10, 599.0}, {-5, 601.0}};
    QVERIFY(fills.at("SPY") == spy);

    // Shorted 100 at 600 today, SPY now 598 (closed yesterday at 595): +$200, not -$800.
    Position p;
    p.symbol = "SPY";
    p.assetClass = "us_equity";
    p.qty = -100;
    p.avgEntryPrice = 600;
    p.currentPrice = 598;
    p.lastdayPrice = 595;
    const PositionPnl pnl = positionPnl(p, std::nullopt);
    const auto day = dayPnlWithFills(p, pnl, {{-100, 600.0}});
    QVERIFY(day);
    QCOMPARE(*day, 200.0);
}

// Bought 5 at 2.00 and sold 5 at 1.20 today: -$400 of the day, though nothing is held now; part
// of it held at the previous close: not known here.
void TestPositionFigures::aPositionOpenedAndClosedTodayKeepsItsDayPnl() {
    QCOMPARE(closedTodayPnl({{5, 2.00}, {-5, 1.20}}, 100.0).value_or(0.0), -400.0);
    QVERIFY(!closedTodayPnl({{-5, 1.20}}, 100.0));
}
