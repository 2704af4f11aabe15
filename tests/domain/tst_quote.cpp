// Quote arithmetic: mid, spread % exactly as docs/trading-rules.md defines it, and tick rounding
// free of binary noise.

#include "domain/quote.h"

#include <QTest>

using namespace cg;

class TestQuote : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void midIsTheAverage();
    void twoSidedMidOnly();
    void seedSpreadIs507();
    void spreadOfBadQuotes();
    void roundToTick_data();
    void roundToTick();
    void roundToTickPrintsClean();
    void roundToTickBadTick();
    void roundToTickDirected_data();
    void roundToTickDirected();
};

void TestQuote::midIsTheAverage() {
    QCOMPARE(mid(Quote{85.78, 90.24}), 88.01);
    QCOMPARE(mid(Quote{1.00, 1.10}), 1.05);
    QCOMPARE(mid(Quote{0.0, 0.0}), 0.0);
}

void TestQuote::seedSpreadIs507() {
    // The seed's quote: (90.24 - 85.78) / 88.01 x 100 = 5.0676...%, shown as 5.07%.
    const auto s = spreadPct(Quote{85.78, 90.24});
    QVERIFY(s.has_value());
    QVERIFY2(std::abs(*s - 446.0 / 88.01) < 1e-9, qPrintable(QString::number(*s, 'g', 17)));
    QVERIFY(*s > 5.0676 && *s < 5.0677);
    QCOMPARE(QString::number(*s, 'f', 2), QStringLiteral("5.07"));
    // Not the (ask - bid) / bid variant (5.20%) nor / ask (4.94%).
    QVERIFY(std::abs(*s - 4.46 / 85.78 * 100.0) > 0.1);
    QVERIFY(std::abs(*s - 4.46 / 90.24 * 100.0) > 0.1);
}

void TestQuote::spreadOfBadQuotes() {
    QVERIFY(!spreadPct(Quote{0.0, 0.0}).has_value());
    QVERIFY(!spreadPct(Quote{-1.0, 0.5}).has_value());
    QVERIFY(!spreadPct(Quote{std::nan(""), 1.0}).has_value());
    // Zero bid, positive ask: mid 0.5, spread 200 %.
    QCOMPARE(*spreadPct(Quote{0.0, 1.0}), 200.0);
    // Crossed: negative spread, reported as such (the quote gate rejects it).
    QVERIFY(*spreadPct(Quote{1.2, 1.0}) < 0.0);
    QCOMPARE(*spreadPct(Quote{2.0, 2.0}), 0.0);
}

void TestQuote::roundToTick_data() {
    QTest::addColumn<double>("price");
    QTest::addColumn<double>("tick");
    QTest::addColumn<double>("expected");
    QTest::newRow("2.675 half up") << 2.675 << 0.01 << 2.68;
    QTest::newRow("1.005 half up") << 1.005 << 0.01 << 1.01;
    QTest::newRow("1.015 half up") << 1.015 << 0.01 << 1.02;
    QTest::newRow("2.674999 down") << 2.674999 << 0.01 << 2.67;
    QTest::newRow("3.07 to nickel") << 3.07 << 0.05 << 3.05;
    QTest::newRow("3.075 half up to nickel") << 3.075 << 0.05 << 3.10;
    QTest::newRow("3.08 to nickel") << 3.08 << 0.05 << 3.10;
    QTest::newRow("88.01 to nickel") << 88.01 << 0.05 << 88.00;
    QTest::newRow("88.03 to nickel") << 88.03 << 0.05 << 88.05;
    QTest::newRow("3.14 to dime") << 3.14 << 0.10 << 3.10;
    QTest::newRow("3.15 to dime") << 3.15 << 0.10 << 3.20;
    QTest::newRow("already on tick") << 1.23 << 0.01 << 1.23;
    QTest::newRow("negative half away") << -2.675 << 0.01 << -2.68;
    QTest::newRow("zero") << 0.0 << 0.01 << 0.0;
    QTest::newRow("quarter tick") << 1.13 << 0.25 << 1.25;
}

void TestQuote::roundToTick() {
    QFETCH(double, price);
    QFETCH(double, tick);
    QFETCH(double, expected);
    const double r = cg::roundToTick(price, tick);
    // Exactly the double nearest the decimal, not merely close to it.
    QVERIFY2(r == expected, qPrintable(QString::number(r, 'g', 17)));
}

void TestQuote::roundToTickPrintsClean() {
    // Printed with full precision the result is the same as the literal 2.68.
    QCOMPARE(QString::number(cg::roundToTick(2.675, 0.01), 'g', 17),
             QString::number(2.68, 'g', 17));
    QCOMPARE(QString::number(cg::roundToTick(2.675, 0.01)), QStringLiteral("2.68"));
    QCOMPARE(QString::number(cg::roundToTick(0.1 + 0.2, 0.01), 'g', 17),
             QString::number(0.3, 'g', 17));
    QCOMPARE(QString::number(cg::roundToTick(3.07, 0.05)), QStringLiteral("3.05"));
}

void TestQuote::roundToTickBadTick() {
    // No tick to round to: the price comes back unchanged rather than NaN or infinity.
    QCOMPARE(cg::roundToTick(2.675, 0.0), 2.675);
    QCOMPARE(cg::roundToTick(2.675, -0.01), 2.675);
    QVERIFY(std::isnan(cg::roundToTick(std::nan(""), 0.01)));
}

void TestQuote::roundToTickDirected_data() {
    QTest::addColumn<double>("price");
    QTest::addColumn<double>("tick");
    QTest::addColumn<int>("how");
    QTest::addColumn<double>("expected");
    constexpr int down = int(TickRounding::Down);
    constexpr int up = int(TickRounding::Up);
    constexpr int nearest = int(TickRounding::Nearest);
    QTest::newRow("0.29 down to nickel") << 0.29 << 0.05 << down << 0.25;
    QTest::newRow("0.29 up to nickel") << 0.29 << 0.05 << up << 0.30;
    QTest::newRow("0.29 nearest nickel") << 0.29 << 0.05 << nearest << 0.30;
    QTest::newRow("1.235 down") << 1.235 << 0.01 << down << 1.23;
    QTest::newRow("1.235 up") << 1.235 << 0.01 << up << 1.24;
    // On the tick already: stays, even when the quotient is a hair off (0.30 / 0.05).
    QTest::newRow("0.30 down stays") << 0.30 << 0.05 << down << 0.30;
    QTest::newRow("0.30 up stays") << 0.30 << 0.05 << up << 0.30;
    QTest::newRow("0.1+0.2 down stays") << 0.1 + 0.2 << 0.01 << down << 0.30;
    QTest::newRow("1.15 up stays") << 1.15 << 0.05 << up << 1.15;
    QTest::newRow("3.04 down to dime") << 3.04 << 0.10 << down << 3.00;
    QTest::newRow("2.97 up to nickel") << 2.97 << 0.05 << up << 3.00;
}

void TestQuote::roundToTickDirected() {
    QFETCH(double, price);
    QFETCH(double, tick);
    QFETCH(int, how);
    QFETCH(double, expected);
    const double r = cg::roundToTick(price, tick, static_cast<TickRounding>(how));
    QVERIFY2(r == expected, qPrintable(QString::number(r, 'g', 17)));
}

QTEST_APPLESS_MAIN(TestQuote)
// A position is marked at a two-sided quote's mid only: with no offer (ask 0) or a crossed
// quote the "mid" is no price (bid 2.40 / ask 0 gave 1.20).
void TestQuote::twoSidedMidOnly() {
    QCOMPARE(twoSidedMid(Quote{2.40, 2.50}).value_or(0.0), 2.45);
    QVERIFY(!twoSidedMid(Quote{2.40, 0.0}));
    QVERIFY(!twoSidedMid(Quote{0.0, 0.05}));
    QVERIFY(!twoSidedMid(Quote{1.20, 1.00}));
    QCOMPARE(twoSidedMid(Quote{1.00, 1.00}).value_or(0.0), 1.00);
}

#include "tst_quote.moc"
