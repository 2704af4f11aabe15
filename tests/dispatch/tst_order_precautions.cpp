// The fat-finger precautions as sentences and kinds: a limit too far through the market (for a
// stop limit, through its stop), a cost above the budget.

#include "dispatch/order_precautions.h"

#include <QTest>

using namespace cg;

class TestOrderPrecautions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void limitThroughTheMarket() {
        PrecautionInput in;
        in.side = OrderSide::Buy;
        in.quote = Quote{0.56, 0.61, 1, 1, Timestamp{}};
        in.limitPrice = 9.95;
        const TrippedPrecautions t = judgePrecautions(Precautions{}, in);
        QCOMPARE(t.kinds, unsigned{kThroughMarket});
        QCOMPARE(t.reasons.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(t.reasons.front()),
                 QStringLiteral("Limit 9.95 is 9.34 above the ask 0.61, more than 10% of the mid "
                                "0.585 through the market"));
        in.limitPrice = 0.63; // within 10 % of the mid above the ask
        QCOMPARE(judgePrecautions(Precautions{}, in).kinds, 0u);
    }

    // A short with no bid is bought back on the ask alone: a limit far above that ask is held
    // too (it needed a bid: a buy to close typed at 5.00 against an ask of 0.05 went out).
    void buyWithNoBidIsJudgedAgainstTheAsk() {
        PrecautionInput in;
        in.side = OrderSide::Buy;
        in.quote = Quote{0.0, 0.05, 0, 10, Timestamp{}};
        in.limitPrice = 5.00;
        const TrippedPrecautions t = judgePrecautions(Precautions{}, in);
        QCOMPARE(t.kinds, unsigned{kThroughMarket});
        QCOMPARE(QString::fromStdString(t.reasons.front()),
                 QStringLiteral("Limit 5.00 is 4.95 above the ask 0.05, more than 10% of the ask "
                                "through the market (there is no bid)"));
        in.limitPrice = 0.05;
        QCOMPARE(judgePrecautions(Precautions{}, in).kinds, 0u);
    }

    // A stop limit's limit works once the stop triggers, away from today's market: a protective
    // sell stop at 1.50 limited at 1.45 under a bid of 2.00 was held as "0.55 below the bid",
    // and a limit far through its stop was judged against the bid instead.
    void stopLimitIsJudgedAgainstItsStop() {
        PrecautionInput in;
        in.side = OrderSide::Sell;
        in.quote = Quote{2.00, 2.10, 1, 1, Timestamp{}};
        in.stopPrice = 1.50;
        in.limitPrice = 1.45;
        QCOMPARE(judgePrecautions(Precautions{}, in).kinds, 0u);
        in.limitPrice = 1.00; // 0.50 under the stop: more than 10 % of it
        const TrippedPrecautions t = judgePrecautions(Precautions{}, in);
        QCOMPARE(t.kinds, unsigned{kThroughMarket});
        QCOMPARE(QString::fromStdString(t.reasons.front()),
                 QStringLiteral("Limit 1.00 is 0.50 below the stop 1.50, more than 10% of the stop "
                                "price through it"));
    }

    void costAboveTheBudget() {
        PrecautionInput in;
        in.cost = 1200.0;
        in.budget = 1000.0;
        const TrippedPrecautions t = judgePrecautions(Precautions{}, in);
        QCOMPARE(t.kinds, unsigned{kOverBudget});
        QCOMPARE(QString::fromStdString(t.reasons.front()),
                 QStringLiteral("Cost $1,200.00 is 120% of the strategy's budget $1,000.00"));
    }
};

QTEST_GUILESS_MAIN(TestOrderPrecautions)
#include "tst_order_precautions.moc"
