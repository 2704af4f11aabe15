// User alerts: a crossing fires once in its direction, the first value only sets the side, a
// fired rule stays quiet until re-armed, and its description.

#include "domain/alert_rule.h"

#include <QTest>

using namespace cg;

namespace {

AlertRule rule(AlertDirection d, double level) {
    AlertRule r;
    r.symbol = "SPY";
    r.direction = d;
    r.level = level;
    return r;
}

} // namespace

class TestAlertRule : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void crossingAboveFiresOnce() {
        AlertRule r = rule(AlertDirection::Above, 600);
        QVERIFY(!observeAlert(r, 598)); // sets the side
        QVERIFY(!observeAlert(r, 599.99));
        QVERIFY(observeAlert(r, 600)); // at the level counts
        QVERIFY(!r.armed);
        // Back below and above again: no re-fire until re-armed.
        QVERIFY(!observeAlert(r, 590));
        QVERIFY(!observeAlert(r, 605));
        rearmAlert(r);
        QVERIFY(r.armed);
        QVERIFY(!observeAlert(r, 605)); // already above: the side is set, nothing crossed
        QVERIFY(!observeAlert(r, 599));
        QVERIFY(observeAlert(r, 601));
    }

    void alreadyBeyondTheLevelDoesNotFire() {
        AlertRule r = rule(AlertDirection::Above, 600);
        QVERIFY(!observeAlert(r, 610));
        QVERIFY(!observeAlert(r, 620));
        QVERIFY(r.armed);
    }

    void crossingBelow() {
        AlertRule r = rule(AlertDirection::Below, 0.20);
        r.metric = AlertMetric::ImpliedVol;
        QVERIFY(!observeAlert(r, 0.22));
        QVERIFY(!observeAlert(r, 0.21));
        QVERIFY(!observeAlert(r, std::nan(""))); // ignored, side kept
        QVERIFY(observeAlert(r, 0.19));
        QVERIFY(!observeAlert(r, 0.18));
    }

    void directionAndText() {
        QCOMPARE(directionFor(610, 600), AlertDirection::Above);
        QCOMPARE(directionFor(590, 600), AlertDirection::Below);
        QCOMPARE(describeAlert(rule(AlertDirection::Above, 600)),
                 std::string("SPY price above 600.00"));
        AlertRule iv = rule(AlertDirection::Below, 0.2);
        iv.symbol = "SPY261218C00600000";
        iv.metric = AlertMetric::ImpliedVol;
        QCOMPARE(describeAlert(iv), std::string("SPY261218C00600000 IV below 20.0%"));
    }
};

QTEST_APPLESS_MAIN(TestAlertRule)
#include "tst_alert_rule.moc"
