// Position sizing: floor(budget / (price x multiplier)), capped by buying power and a contract
// limit. The seed bought 1 contract costing $8,801 on a $5,000 budget; here that is 0.

#include "domain/position_sizing.h"
#include "test_util.h"

#include <QTest>

#include <cmath>

using namespace cg;
using cgtest::q;

class TestPositionSizing : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void seedIsZeroContracts();
    void floorsTheBudget();
    void exactFitIsNotLostToRounding();
    void cappedByBuyingPower();
    void buyingPowerBelowOneContract();
    void cappedByMaxContracts();
    void nonStandardMultiplier();
    void badPrice_data();
    void badPrice();
    void badAccount();
};

void TestPositionSizing::seedIsZeroContracts() {
    SizingInput in;
    in.equity = 100000.0;
    in.riskPct = 5.0;
    in.price = 88.01;
    in.multiplier = 100.0;
    const SizingResult r = sizePosition(in);
    QCOMPARE(r.qty, 0);
    QCOMPARE(r.budget, 5000.0);
    QVERIFY(std::abs(r.costPerContract - 8801.0) < 1e-9);
    QCOMPARE(r.totalCost, 0.0);
    QCOMPARE(q(r.reason), QStringLiteral("position size below one contract"));
    QVERIFY(!r.cappedByBuyingPower);
    QVERIFY(!r.cappedByMaxContracts);
}

void TestPositionSizing::floorsTheBudget() {
    SizingInput in;
    in.equity = 100000.0;
    in.riskPct = 5.0; // $5,000
    in.price = 1.05;  // $105 a contract: 47.6 -> 47
    const SizingResult r = sizePosition(in);
    QCOMPARE(r.qty, 47);
    QVERIFY(std::abs(r.totalCost - 4935.0) < 1e-9);
    QVERIFY(r.totalCost <= r.budget);
    QVERIFY(r.reason.empty());

    in.riskPct = 10.0; // $10,000 at $8,801 -> 1
    in.price = 88.01;
    QCOMPARE(sizePosition(in).qty, 1);
}

void TestPositionSizing::exactFitIsNotLostToRounding() {
    // 5000 / (0.5 x 100) = 100 exactly; 0.1-style prices must not floor to 99.
    SizingInput in;
    in.equity = 100000.0;
    in.riskPct = 5.0;
    in.price = 0.5;
    QCOMPARE(sizePosition(in).qty, 100);
    in.equity = 3000.0;
    in.riskPct = 10.0; // 300.00000000000006 or 299.99999999999994: still 3 contracts of $100
    in.price = 1.0;
    QCOMPARE(sizePosition(in).qty, 3);
    in.equity = 700.0;
    in.riskPct = 100.0;
    in.price = 0.07; // 7.000000000000001 per contract
    QCOMPARE(sizePosition(in).qty, 100);
}

void TestPositionSizing::cappedByBuyingPower() {
    SizingInput in;
    in.equity = 100000.0;
    in.riskPct = 10.0; // $10,000 -> 20 contracts at $500
    in.price = 5.0;
    in.optionsBuyingPower = 2600.0; // 5 contracts
    const SizingResult r = sizePosition(in);
    QCOMPARE(r.qty, 5);
    QVERIFY(r.cappedByBuyingPower);
    QVERIFY(!r.cappedByMaxContracts);
    QCOMPARE(r.totalCost, 2500.0);
    QVERIFY(r.reason.empty());

    // More buying power than budget: the budget decides.
    in.optionsBuyingPower = 1e6;
    const SizingResult loose = sizePosition(in);
    QCOMPARE(loose.qty, 20);
    QVERIFY(!loose.cappedByBuyingPower);
}

void TestPositionSizing::buyingPowerBelowOneContract() {
    SizingInput in;
    in.equity = 100000.0;
    in.riskPct = 10.0;
    in.price = 5.0;
    in.optionsBuyingPower = 499.99;
    const SizingResult r = sizePosition(in);
    QCOMPARE(r.qty, 0);
    QVERIFY(r.cappedByBuyingPower);
    QCOMPARE(q(r.reason), QStringLiteral("insufficient options buying power for one contract"));
    in.optionsBuyingPower = -100.0;
    QCOMPARE(sizePosition(in).qty, 0);
    in.optionsBuyingPower = std::nan("");
    QCOMPARE(sizePosition(in).qty, 0);
}

void TestPositionSizing::cappedByMaxContracts() {
    SizingInput in;
    in.equity = 100000.0;
    in.riskPct = 10.0;
    in.price = 1.0; // 100 contracts
    in.maxContracts = 10;
    const SizingResult r = sizePosition(in);
    QCOMPARE(r.qty, 10);
    QVERIFY(r.cappedByMaxContracts);
    QCOMPARE(r.totalCost, 1000.0);

    in.maxContracts = 0; // no limit
    QCOMPARE(sizePosition(in).qty, 100);
    in.maxContracts = 500; // above the budget's count: not capped
    QVERIFY(!sizePosition(in).cappedByMaxContracts);

    // Both caps: the smaller wins.
    in.maxContracts = 10;
    in.optionsBuyingPower = 450.0;
    const SizingResult both = sizePosition(in);
    QCOMPARE(both.qty, 4);
    QVERIFY(both.cappedByBuyingPower);
    QVERIFY(!both.cappedByMaxContracts);
}

void TestPositionSizing::nonStandardMultiplier() {
    // An adjusted contract delivering 10 shares: $88.01 x 10 = $880.10 -> 5 of them in $5,000.
    SizingInput in;
    in.equity = 100000.0;
    in.riskPct = 5.0;
    in.price = 88.01;
    in.multiplier = 10.0;
    const SizingResult r = sizePosition(in);
    QCOMPARE(r.qty, 5);
    QVERIFY(std::abs(r.costPerContract - 880.1) < 1e-9);
    QVERIFY(std::abs(r.totalCost - 4400.5) < 1e-9);
    in.multiplier = 150.0; // 1.5 x 100 after a 3:2 split
    in.price = 2.0;        // $300 -> 16
    QCOMPARE(sizePosition(in).qty, 16);
}

void TestPositionSizing::badPrice_data() {
    QTest::addColumn<double>("price");
    QTest::addColumn<double>("multiplier");
    QTest::addColumn<QString>("reason");
    QTest::newRow("zero price") << 0.0 << 100.0
                                << "no valid price: the option price must be above 0";
    QTest::newRow("negative price")
        << -1.0 << 100.0 << "no valid price: the option price must be above 0";
    QTest::newRow("NaN price") << std::nan("") << 100.0
                               << "no valid price: the option price must be above 0";
    QTest::newRow("infinite price")
        << HUGE_VAL << 100.0 << "no valid price: the option price must be above 0";
    QTest::newRow("zero multiplier")
        << 1.0 << 0.0 << "no valid contract multiplier: it must be above 0";
}

void TestPositionSizing::badPrice() {
    QFETCH(double, price);
    QFETCH(double, multiplier);
    QFETCH(QString, reason);
    SizingInput in;
    in.equity = 100000.0;
    in.price = price;
    in.multiplier = multiplier;
    const SizingResult r = sizePosition(in);
    QCOMPARE(r.qty, 0);
    QCOMPARE(r.totalCost, 0.0);
    QCOMPARE(q(r.reason), reason);
}

void TestPositionSizing::badAccount() {
    SizingInput in;
    in.price = 1.0;
    in.equity = 0.0;
    QCOMPARE(q(sizePosition(in).reason), QStringLiteral("account equity must be above 0"));
    in.equity = 1e5;
    in.riskPct = 0.0;
    QCOMPARE(q(sizePosition(in).reason), QStringLiteral("risk budget must be above 0% of equity"));
    // An absurd budget cannot overflow the int count.
    in.riskPct = 100.0;
    in.equity = 1e300;
    in.price = 1e-300;
    const SizingResult huge = sizePosition(in);
    QVERIFY(huge.qty > 0);
}

QTEST_APPLESS_MAIN(TestPositionSizing)
#include "tst_position_sizing.moc"
