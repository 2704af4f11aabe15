// Risk limits as pure code: each limit refuses with a reason a trader reads, in a fixed order.

#include "dispatch/risk_limits.h"
#include "domain/number_format.h"

#include <QTest>

using namespace cg;

class TestRiskLimits : public QObject {
    Q_OBJECT

    static QString check(const RiskLimits &l, const RiskState &s, const ProposedOrder &o) {
        const auto r = checkRiskLimits(l, s, o);
        return r ? QString::fromStdString(*r) : QString();
    }

private Q_SLOTS:
    void passesWithinLimits() {
        QCOMPARE(check(RiskLimits{}, RiskState{}, ProposedOrder{2, 2.15, 100, true}), QString());
    }

    void eachLimitRefuses() {
        const RiskLimits l{20, 10, 25000.0, 5000.0};
        const ProposedOrder ok{2, 2.15, 100, true};
        QCOMPARE(check(l, RiskState{false, 20, 0}, ok),
                 QStringLiteral("Daily order limit reached: 20 of 20"));
        QCOMPARE(check(l, RiskState{false, 19, 0}, ok), QString());
        QCOMPARE(check(l, RiskState{false, 0, -5000.0}, ok),
                 QStringLiteral("Daily loss limit reached: $5,000.00 lost today, limit $5,000.00"));
        QCOMPARE(check(l, RiskState{false, 0, -4999.99}, ok), QString());
        QCOMPARE(check(l, RiskState{}, ProposedOrder{11, 1.0, 100, true}),
                 QStringLiteral("Order of 11 contracts is above the limit of 10 per order"));
        QCOMPARE(check(l, RiskState{}, ProposedOrder{11, 1.0, 1, false}), QString());
        QCOMPARE(check(l, RiskState{}, ProposedOrder{3, 88.01, 100, true}),
                 QStringLiteral("Order value $26,403.00 is above the $25,000.00 per-order limit"));
        QCOMPARE(check(l, RiskState{true, 0, 0}, ok),
                 QStringLiteral("Kill switch is on: no new orders until it is released"));
        QCOMPARE(check(l, RiskState{}, ProposedOrder{0, 1.0, 100, true}),
                 QStringLiteral("Order quantity 0 is not a positive whole number"));
    }

    void zeroMeansNoLimit() {
        const RiskLimits none{0, 0, 0.0, 0.0};
        QCOMPARE(check(none, RiskState{false, 1000, -1e6}, ProposedOrder{500, 100, 100, true}),
                 QString());
    }

    void killSwitchComesFirst() {
        const RiskLimits l{};
        QVERIFY(check(l, RiskState{true, 100, -1e6}, ProposedOrder{100, 100, 100, true})
                    .startsWith("Kill switch"));
    }

    void money() {
        QCOMPARE(formatMoney(8801), std::string("$8,801.00"));
        QCOMPARE(formatMoney(1234567.891), std::string("$1,234,567.89"));
        QCOMPARE(formatMoney(-120.5), std::string("-$120.50"));
        QCOMPARE(formatMoney(0), std::string("$0.00"));
        QCOMPARE(formatMoney(999.999), std::string("$1,000.00"));
        QCOMPARE(formatMoney(-0.001), std::string("$0.00")); // never "-$0.00"
    }
};

QTEST_GUILESS_MAIN(TestRiskLimits)
#include "tst_risk_limits.moc"
