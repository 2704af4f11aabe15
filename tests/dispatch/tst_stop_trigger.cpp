// A stop on the near side of the market: said as Alpaca would refuse it, before it is sent.

#include "dispatch/stop_trigger.h"

#include <QTest>

using namespace cg;

class TestStopTrigger : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sellStopMustBeBelowTheAsk() {
        const auto why = stopTriggersAtOnce(OrderSide::Sell, 1.20, 1.10, "the ask");
        QVERIFY(why);
        QCOMPARE(QString::fromStdString(*why),
                 QStringLiteral("A sell stop at 1.20 is not below the ask 1.10: it would trigger "
                                "at once, and Alpaca refuses a stop on the near side of the "
                                "market"));
        QVERIFY(stopTriggersAtOnce(OrderSide::Sell, 1.10, 1.10, "the ask")); // at it
        QVERIFY(!stopTriggersAtOnce(OrderSide::Sell, 1.09, 1.10, "the ask"));
        QVERIFY(!stopTriggersAtOnce(OrderSide::Sell, 0.50, 1.10, "the ask"));
    }

    void buyStopMustBeAboveTheBid() {
        const auto why = stopTriggersAtOnce(OrderSide::Buy, 0.35, 0.53, "the bid");
        QVERIFY(why);
        QCOMPARE(QString::fromStdString(*why),
                 QStringLiteral("A buy stop at 0.35 is not above the bid 0.53: it would trigger "
                                "at once, and Alpaca refuses a stop on the near side of the "
                                "market"));
        QVERIFY(stopTriggersAtOnce(OrderSide::Buy, 0.53, 0.53, "the bid")); // at it
        QVERIFY(!stopTriggersAtOnce(OrderSide::Buy, 0.54, 0.53, "the bid"));
        // Decimals held in doubles: 0.1 + 0.2 is not above 0.3.
        QVERIFY(stopTriggersAtOnce(OrderSide::Buy, 0.1 + 0.2, 0.3, "the bid"));
    }

    // No market, nothing to judge against: the broker's answer decides.
    void noMarketNoVerdict() { QVERIFY(!stopTriggersAtOnce(OrderSide::Buy, 0.50, 0.0, "the bid")); }
};

QTEST_GUILESS_MAIN(TestStopTrigger)
#include "tst_stop_trigger.moc"
