// A stop on the near side of the market: said as Alpaca would refuse it, before it is sent.

#include "dispatch/stop_trigger.h"

#include <QTest>

using namespace cg;

class TestStopTrigger : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sellStopMustBeBelowTheBase() {
        const auto why = stopTriggersAtOnce(OrderSide::Sell, 1.20, 1.10, "the last price");
        QVERIFY(why);
        QCOMPARE(QString::fromStdString(*why),
                 QStringLiteral("A sell stop at 1.20 must be below the last price 1.10 by at "
                                "least 0.01: it would trigger at once, and Alpaca refuses it"));
        QVERIFY(stopTriggersAtOnce(OrderSide::Sell, 1.10, 1.10, "the last price")); // at it
        QVERIFY(stopTriggersAtOnce(OrderSide::Sell, 1.095, 1.10, "the last price"));
        QVERIFY(!stopTriggersAtOnce(OrderSide::Sell, 1.09, 1.10, "the last price")); // 0.01 under
        QVERIFY(!stopTriggersAtOnce(OrderSide::Sell, 0.50, 1.10, "the last price"));
    }

    void buyStopMustBeAboveTheBase() {
        const auto why = stopTriggersAtOnce(OrderSide::Buy, 0.50, 0.585, "the mid");
        QVERIFY(why);
        QCOMPARE(QString::fromStdString(*why),
                 QStringLiteral("A buy stop at 0.50 must be above the mid 0.585 by at least "
                                "0.01: it would trigger at once, and Alpaca refuses it"));
        QVERIFY(stopTriggersAtOnce(OrderSide::Buy, 0.59, 0.585, "the mid"));
        QVERIFY(!stopTriggersAtOnce(OrderSide::Buy, 0.60, 0.585, "the mid"));
    }

    // No base, nothing to judge against: the broker's answer decides.
    void noBaseNoVerdict() {
        QVERIFY(!stopTriggersAtOnce(OrderSide::Buy, 0.50, 0.0, "the last price"));
    }
};

QTEST_GUILESS_MAIN(TestStopTrigger)
#include "tst_stop_trigger.moc"
