// The risk graph's P&L against hand-computed cases: a long call, a short put, a vertical, a
// straddle and a covered call at expiry with their break-evens exact; the today curve against a
// Black-Scholes value worked by hand, the IV shift, the chosen date and a portfolio rescaled.

#include "domain/risk_profile.h"

#include <QTest>

#include <cmath>

using namespace cg;
using namespace std::chrono;

namespace {

const Timestamp kNow = sys_days{year{2026} / 1 / 2} + hours{21};
const Timestamp kExpiry = kNow + days{365}; // one year of 365 days

RiskLeg option(OptionType type, double strike, double qty, double entry, double vol = 0.2) {
    RiskLeg l;
    l.type = type;
    l.strike = strike;
    l.expiry = kExpiry;
    l.qty = qty;
    l.entryPrice = entry;
    l.vol = vol;
    return l;
}

RiskLeg shares(double qty, double entry) {
    RiskLeg l;
    l.isOption = false;
    l.qty = qty;
    l.multiplier = 1;
    l.entryPrice = entry;
    return l;
}

double atExpiry(const std::vector<RiskLeg> &legs, double spot) {
    return riskPnl(legs, spot, kExpiry, 0.0, 0.0);
}

std::vector<double> expiryRoots(const std::vector<RiskLeg> &legs) {
    return breakEvens(legs, kExpiry, 0.0, 0.0, 50.0, 150.0);
}

} // namespace

class TestRiskProfile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void longCall() {
        // 1 call 100 bought at 2.00: -$200 below the strike, +$800 at 110, break-even 102.
        const std::vector legs{option(OptionType::Call, 100, 1, 2.00)};
        QCOMPARE(atExpiry(legs, 90), -200.0);
        QCOMPARE(atExpiry(legs, 100), -200.0);
        QCOMPARE(atExpiry(legs, 110), 800.0);
        QCOMPARE(expiryRoots(legs), std::vector<double>{102.0});
    }

    void shortPut() {
        // 1 put 100 sold at 3.00: +$300 above the strike, -$700 at 90, break-even 97.
        const std::vector legs{option(OptionType::Put, 100, -1, 3.00)};
        QCOMPARE(atExpiry(legs, 110), 300.0);
        QCOMPARE(atExpiry(legs, 90), -700.0);
        QCOMPARE(expiryRoots(legs), std::vector<double>{97.0});
    }

    void callVertical() {
        // Long 100 call at 3.00, short 105 call at 1.00: $2.00 debit, max loss -$200, max gain
        // +$300 from 105, break-even 102.
        const std::vector legs{option(OptionType::Call, 100, 1, 3.00),
                               option(OptionType::Call, 105, -1, 1.00)};
        QCOMPARE(atExpiry(legs, 95), -200.0);
        QCOMPARE(atExpiry(legs, 103), 100.0);
        QCOMPARE(atExpiry(legs, 105), 300.0);
        QCOMPARE(atExpiry(legs, 140), 300.0);
        QCOMPARE(expiryRoots(legs), std::vector<double>{102.0});
    }

    void longStraddle() {
        // 100 call and 100 put at 2.50 each: -$500 at the strike, break-evens 95 and 105.
        const std::vector legs{option(OptionType::Call, 100, 1, 2.50),
                               option(OptionType::Put, 100, 1, 2.50)};
        QCOMPARE(atExpiry(legs, 100), -500.0);
        QCOMPARE(atExpiry(legs, 90), 500.0);
        QCOMPARE(atExpiry(legs, 112), 700.0);
        QCOMPARE(expiryRoots(legs), (std::vector<double>{95.0, 105.0}));
    }

    void coveredCall() {
        // 100 shares at 100, 1 call 105 sold at 2.00: break-even 98, capped at +$700 from 105.
        const std::vector legs{shares(100, 100.0), option(OptionType::Call, 105, -1, 2.00)};
        QCOMPARE(atExpiry(legs, 90), -800.0);
        QCOMPARE(atExpiry(legs, 105), 700.0);
        QCOMPARE(atExpiry(legs, 130), 700.0);
        QCOMPARE(expiryRoots(legs), std::vector<double>{98.0});
    }

    void todayIsBlackScholesAndTheIvShiftRaisesIt() {
        // At the money, one year, no rate: C = S (2 N(vol/2) - 1). vol 20 %: 100 x (2 x
        // 0.5398278 - 1) = 7.96557; vol 30 % (+10 points): 100 x (2 x 0.5596177 - 1) = 11.92354.
        const std::vector legs{option(OptionType::Call, 100, 2, 5.00)};
        QVERIFY(std::abs(riskPnl(legs, 100, kNow, 0.0, 0.0) - (7.96557 - 5.0) * 200) < 0.01);
        QVERIFY(std::abs(riskPnl(legs, 100, kNow, 0.10, 0.0) - (11.92354 - 5.0) * 200) < 0.01);
        // A shift below zero vol is floored: intrinsic value (0 at the money).
        QCOMPARE(riskPnl(legs, 100, kNow, -0.5, 0.0), -1000.0);
    }

    void profileCurvesAndTheChosenDate() {
        const std::vector legs{option(OptionType::Call, 100, 1, 7.96557)};
        RiskScenario s;
        s.now = kNow;
        s.daysForward = 1000; // past the expiry: held at the expiry
        RiskProfile p = riskProfile(legs, s, 80, 120, 41);
        QCOMPARE(p.spot.size(), size_t(41));
        QCOMPARE(p.spot.front(), 80.0);
        QCOMPARE(p.spot.back(), 120.0);
        QCOMPARE(p.expiryInstant, kExpiry);
        QCOMPARE(p.dateInstant, kExpiry);
        QCOMPARE(p.atDate, p.atExpiry);
        QCOMPARE(p.expiryBreakEvens.size(), size_t(1));
        QVERIFY(std::abs(p.expiryBreakEvens[0] - 107.96557) < 1e-9);
        // Today at the money the P&L is about 0: the premium paid is the fair value.
        QVERIFY(std::abs(p.today[20]) < 0.01);

        // Half a year forward: the date curve lies between today and expiry, and its
        // break-even is a root of that curve (P&L 0 to a millionth of a dollar).
        s.daysForward = 182.5;
        p = riskProfile(legs, s, 80, 120, 41);
        QCOMPARE(p.dateInstant, kNow + hours{24 * 182} + hours{12});
        QVERIFY(p.atDate[30] < p.today[30] && p.atDate[30] > p.atExpiry[30]);
        QCOMPARE(p.dateBreakEvens.size(), size_t(1));
        const double be = p.dateBreakEvens[0];
        QVERIFY(be > 100 && be < 107.96557);
        QVERIFY(std::abs(riskPnl(legs, be, p.dateInstant, 0.0, 0.0)) < 1e-6);
    }

    void sharesOnlyHaveNoExpiry() {
        const std::vector legs{shares(-50, 20.0)};
        QVERIFY(!firstExpiry(legs));
        RiskScenario s;
        s.now = kNow;
        const RiskProfile p = riskProfile(legs, s, 10, 30, 21);
        QCOMPARE(p.expiryInstant, kNow);
        QCOMPARE(p.atExpiry.front(), 500.0); // short 50 from 20, now 10
        QCOMPARE(p.expiryBreakEvens, std::vector<double>{20.0});
    }

    void rescaledLegKeepsTheDollars() {
        // A call 500 on a 480 underlying, rescaled to base 100: the same P&L at the same
        // percent move, today and at expiry.
        const RiskLeg leg = option(OptionType::Call, 500, 3, 12.0, 0.25);
        const RiskLeg scaled = rescaleLeg(leg, 480);
        for (double move : {0.9, 1.0, 1.07}) {
            const double a = riskPnl(std::vector{leg}, 480 * move, kNow, 0.0, 0.04);
            const double b = riskPnl(std::vector{scaled}, 100 * move, kNow, 0.0, 0.04);
            QVERIFY2(std::abs(a - b) < 1e-6, qPrintable(QString::number(a - b)));
        }
        QVERIFY(std::abs(volExpectedMove(100, 0.2, 0.25) - 10.0) < 1e-12);
    }
};

QTEST_APPLESS_MAIN(TestRiskProfile)
#include "tst_risk_profile.moc"
