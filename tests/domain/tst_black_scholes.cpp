// Black-Scholes-Merton against Hull's textbook examples, greeks against finite differences of
// the price, and the implied-vol solver round trip across moneyness, time and vol.

#include "domain/black_scholes.h"
#include "domain/black_scholes_greeks.h"
#include "domain/market_calendar.h"
#include "test_util.h"

#include <QTest>

#include <cmath>

using namespace cg;
using cgtest::q;

namespace {

// Hull, Options, Futures and Other Derivatives, the greeks chapter's running example:
// S = 49, K = 50, r = 5 %, sigma = 20 %, T = 20 weeks.
BsInput hull(OptionType type = OptionType::Call) {
    BsInput in;
    in.type = type;
    in.spot = 49.0;
    in.strike = 50.0;
    in.rate = 0.05;
    in.vol = 0.20;
    in.years = 20.0 / 52.0;
    return in;
}

double price(BsInput in) {
    return blackScholes(in).price;
}

bool close(double a, double b, double rel, double abs = 1e-12) {
    return std::abs(a - b) <= std::max(abs, rel * std::max(std::abs(a), std::abs(b)));
}

#define VERIFY_CLOSE(a, b, rel)                                                                    \
    QVERIFY2(                                                                                      \
        close((a), (b), (rel)),                                                                    \
        qPrintable(                                                                                \
            QStringLiteral(#a " = %1, expected %2").arg((a), 0, 'g', 12).arg((b), 0, 'g', 12)))

} // namespace

class TestBlackScholes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void normal();
    void tailsAreNeverSubnormal();
    void hullCall();
    void hullPutByParity();
    void hullGreeks();
    void unitsAreConsistent();
    void greeksByFiniteDifferences_data();
    void greeksByFiniteDifferences();
    void dividendYield();
    void atExpiryAndZeroVol();
    void invalidInputs();
    void impliedVolRoundTrip_data();
    void impliedVolRoundTrip();
    void impliedVolGrid();
    void impliedVolNoSolution();
    void impliedVolBadInput();
    void computedGreeksFromTheMid();
    void computedGreeksRefuseWithAReason();
    void feedGreeksAreKept();
};

void TestBlackScholes::normal() {
    QCOMPARE(normalCdf(0.0), 0.5);
    VERIFY_CLOSE(normalCdf(1.96), 0.9750021048517795, 1e-14);
    VERIFY_CLOSE(normalCdf(-1.0), 0.15865525393145707, 1e-14);
    // Far tail keeps relative precision (1 - cdf would round to 0).
    VERIFY_CLOSE(normalCdf(-10.0), 7.619853024160527e-24, 1e-10);
    VERIFY_CLOSE(normalPdf(0.0), 0.3989422804014327, 1e-15);
    VERIFY_CLOSE(normalPdf(1.0), 0.24197072451914337, 1e-14);
}

// Past 37.5 standard deviations the density and the tail are below DBL_MIN: they are 0 (and 1),
// not subnormal numbers, whose arithmetic runs ~30 times slower on x86 (an exp with a subnormal
// result took 120 ns against 4; the DEMO server prices thousands of far contracts a request).
void TestBlackScholes::tailsAreNeverSubnormal() {
    for (double x = 30.0; x < 60.0; x += 0.05) {
        QVERIFY2(std::fpclassify(normalPdf(x)) != FP_SUBNORMAL, qPrintable(QString::number(x)));
        QVERIFY2(std::fpclassify(normalPdf(-x)) != FP_SUBNORMAL, qPrintable(QString::number(x)));
        QVERIFY2(std::fpclassify(normalCdf(-x)) != FP_SUBNORMAL, qPrintable(QString::number(x)));
    }
    QCOMPARE(normalPdf(40.0), 0.0);
    QCOMPARE(normalCdf(-40.0), 0.0);
    QCOMPARE(normalCdf(40.0), 1.0);
    QVERIFY(std::isnan(normalPdf(std::nan(""))));
    QVERIFY(std::isnan(normalCdf(std::nan(""))));
    // Just inside the cut the values are as before: normal numbers, full precision.
    VERIFY_CLOSE(normalCdf(-37.0), 5.725571222524e-300, 1e-9);
    // A call 200 % out of the money, a day out, 10 % vol: worthless, every greek a normal number
    // or 0.
    BsInput far;
    far.type = OptionType::Call;
    far.spot = 100.0;
    far.strike = 300.0;
    far.years = 1.0 / 365.0;
    far.vol = 0.10;
    far.rate = 0.045;
    const BsResult r = blackScholes(far);
    for (const double v : {r.price, r.delta, r.gamma, r.vega, r.thetaPerYear, r.rho})
        QVERIFY(std::fpclassify(v) != FP_SUBNORMAL);
    QCOMPARE(r.price, 0.0);
}

void TestBlackScholes::hullCall() {
    const BsResult r = blackScholes(hull());
    VERIFY_CLOSE(r.price, 2.4005273232717137, 1e-12);
    QCOMPARE(QString::number(r.price, 'f', 2), QStringLiteral("2.40"));
    VERIFY_CLOSE(r.delta, 0.5216046610663964, 1e-12);
    QCOMPARE(QString::number(r.delta, 'f', 3), QStringLiteral("0.522"));

    // Hull's other classic: S = 42, K = 40, r = 10 %, sigma = 20 %, T = 0.5: c = 4.76, p = 0.81.
    BsInput in;
    in.spot = 42.0;
    in.strike = 40.0;
    in.rate = 0.10;
    in.vol = 0.20;
    in.years = 0.5;
    QCOMPARE(QString::number(price(in), 'f', 2), QStringLiteral("4.76"));
    in.type = OptionType::Put;
    QCOMPARE(QString::number(price(in), 'f', 2), QStringLiteral("0.81"));
}

void TestBlackScholes::hullPutByParity() {
    // c - p = S - K e^-rT
    const BsResult c = blackScholes(hull(OptionType::Call));
    const BsResult p = blackScholes(hull(OptionType::Put));
    const BsInput in = hull();
    VERIFY_CLOSE(c.price - p.price, in.spot - in.strike * std::exp(-in.rate * in.years), 1e-12);
    VERIFY_CLOSE(c.delta - p.delta, 1.0, 1e-12);
    VERIFY_CLOSE(c.gamma, p.gamma, 1e-12);
    VERIFY_CLOSE(c.vega, p.vega, 1e-12);
    QVERIFY(p.delta < 0.0 && p.rho < 0.0);
}

void TestBlackScholes::hullGreeks() {
    // Hull's figures: gamma 0.066, theta -4.31 a year (-0.0118 a day), vega 12.1, rho 8.91.
    const BsResult r = blackScholes(hull());
    QCOMPARE(QString::number(r.gamma, 'f', 3), QStringLiteral("0.066"));
    QCOMPARE(QString::number(r.thetaPerYear, 'f', 2), QStringLiteral("-4.31"));
    QCOMPARE(QString::number(r.thetaPerDay, 'f', 4), QStringLiteral("-0.0118"));
    QCOMPARE(QString::number(r.vega, 'f', 1), QStringLiteral("12.1"));
    QCOMPARE(QString::number(r.vegaPerPoint, 'f', 3), QStringLiteral("0.121"));
    QCOMPARE(QString::number(r.rho, 'f', 2), QStringLiteral("8.91"));
    QCOMPARE(QString::number(r.rhoPerPoint, 'f', 4), QStringLiteral("0.0891"));
    // Closed forms to full precision.
    VERIFY_CLOSE(r.gamma, 0.06554403934784439, 1e-10);
    VERIFY_CLOSE(r.vega, 12.105479882628801, 1e-10);
}

void TestBlackScholes::unitsAreConsistent() {
    const BsResult r = blackScholes(hull(OptionType::Put));
    VERIFY_CLOSE(r.thetaPerDay, r.thetaPerYear / 365.0, 1e-15);
    VERIFY_CLOSE(r.vegaPerPoint, r.vega / 100.0, 1e-15);
    VERIFY_CLOSE(r.rhoPerPoint, r.rho / 100.0, 1e-15);
    // Vega per point predicts the price change of a 1-point vol move (to first order).
    BsInput up = hull(OptionType::Put);
    up.vol += 0.01;
    VERIFY_CLOSE(price(up) - r.price, r.vegaPerPoint, 2e-3);
    // Theta per day predicts one calendar day passing.
    BsInput tomorrow = hull(OptionType::Put);
    tomorrow.years -= 1.0 / 365.0;
    VERIFY_CLOSE(price(tomorrow) - r.price, r.thetaPerDay, 2e-2);
}

void TestBlackScholes::greeksByFiniteDifferences_data() {
    QTest::addColumn<bool>("call");
    QTest::addColumn<double>("spot");
    QTest::addColumn<double>("strike");
    QTest::addColumn<double>("years");
    QTest::addColumn<double>("rate");
    QTest::addColumn<double>("vol");
    QTest::addColumn<double>("dividend");
    QTest::newRow("hull call") << true << 49.0 << 50.0 << 20.0 / 52 << 0.05 << 0.2 << 0.0;
    QTest::newRow("hull put") << false << 49.0 << 50.0 << 20.0 / 52 << 0.05 << 0.2 << 0.0;
    QTest::newRow("seed SPY 609 call")
        << true << 697.12 << 609.0 << 2.0 / 365 << 0.04 << 0.2 << 0.013;
    QTest::newRow("OTM put with dividend") << false << 100.0 << 90.0 << 0.5 << 0.03 << 0.35 << 0.02;
    QTest::newRow("long-dated call") << true << 100.0 << 120.0 << 2.0 << 0.05 << 0.25 << 0.01;
    QTest::newRow("negative rate put") << false << 100.0 << 100.0 << 1.0 << -0.005 << 0.15 << 0.0;
}

void TestBlackScholes::greeksByFiniteDifferences() {
    QFETCH(bool, call);
    QFETCH(double, spot);
    QFETCH(double, strike);
    QFETCH(double, years);
    QFETCH(double, rate);
    QFETCH(double, vol);
    QFETCH(double, dividend);
    BsInput in;
    in.type = call ? OptionType::Call : OptionType::Put;
    in.spot = spot;
    in.strike = strike;
    in.years = years;
    in.rate = rate;
    in.vol = vol;
    in.dividend = dividend;
    const BsResult r = blackScholes(in);

    const auto bump = [&](double BsInput::*field, double h) {
        BsInput up = in, down = in;
        up.*field += h;
        down.*field -= h;
        return std::pair{price(up), price(down)};
    };
    const double hs = spot * 1e-4;
    const auto [sUp, sDown] = bump(&BsInput::spot, hs);
    const double fdDelta = (sUp - sDown) / (2 * hs);
    const double fdGamma = (sUp - 2 * r.price + sDown) / (hs * hs);
    const auto [vUp, vDown] = bump(&BsInput::vol, 1e-5);
    const auto [rUp, rDown] = bump(&BsInput::rate, 1e-5);
    const double ht = std::min(1e-6, years / 100);
    const auto [tUp, tDown] = bump(&BsInput::years, ht);

    // Delta and gamma compare absolutely for the deep ITM seed call (gamma ~ 0 there).
    QVERIFY2(std::abs(r.delta - fdDelta) < 1e-6, qPrintable(QString::number(fdDelta, 'g', 12)));
    QVERIFY2(std::abs(r.gamma - fdGamma) < 1e-4 * std::max(1.0, r.gamma),
             qPrintable(QString::number(fdGamma, 'g', 12)));
    VERIFY_CLOSE(r.vega, (vUp - vDown) / 2e-5, 1e-5);
    VERIFY_CLOSE(r.rho, (rUp - rDown) / 2e-5, 1e-5);
    // Theta is the price change as time passes, i.e. as time to expiry shrinks.
    VERIFY_CLOSE(r.thetaPerYear, (tDown - tUp) / (2 * ht), 1e-4);
}

void TestBlackScholes::dividendYield() {
    // Hull's index option: S = 930, K = 900, r = 8 %, q = 3 %, sigma = 20 %, 2 months: 51.83.
    BsInput in;
    in.spot = 930.0;
    in.strike = 900.0;
    in.rate = 0.08;
    in.dividend = 0.03;
    in.vol = 0.20;
    in.years = 2.0 / 12.0;
    const BsResult c = blackScholes(in);
    QCOMPARE(QString::number(c.price, 'f', 2), QStringLiteral("51.83"));
    VERIFY_CLOSE(c.price, 51.83295679649086, 1e-12);
    // Parity with dividends: c - p = S e^-qT - K e^-rT.
    in.type = OptionType::Put;
    const BsResult p = blackScholes(in);
    VERIFY_CLOSE(c.price - p.price,
                 930.0 * std::exp(-0.03 * in.years) - 900.0 * std::exp(-0.08 * in.years), 1e-12);
    VERIFY_CLOSE(c.delta - p.delta, std::exp(-0.03 * in.years), 1e-12);
    // A dividend lowers the call and raises the put.
    in.dividend = 0.0;
    QVERIFY(p.price > price(in));
    in.type = OptionType::Call;
    QVERIFY(c.price < price(in));
}

void TestBlackScholes::atExpiryAndZeroVol() {
    BsInput in = hull();
    in.years = 0.0;
    in.spot = 55.0;
    BsResult r = blackScholes(in);
    QCOMPARE(r.price, 5.0);
    QCOMPARE(r.delta, 1.0);
    QCOMPARE(r.gamma, 0.0);
    in.type = OptionType::Put;
    r = blackScholes(in);
    QCOMPARE(r.price, 0.0);
    QCOMPARE(r.delta, 0.0);
    in.years = -1.0; // past expiry: still intrinsic, never NaN
    in.spot = 45.0;
    QCOMPARE(price(in), 5.0);
    QCOMPARE(blackScholes(in).delta, -1.0);

    // Zero vol: the discounted forward intrinsic value, and the small-vol limit of BSM.
    in = hull();
    in.spot = 55.0;
    in.vol = 0.0;
    in.dividend = 0.01;
    const BsResult z = blackScholes(in);
    const double expected = 55.0 * std::exp(-0.01 * in.years) - 50.0 * std::exp(-0.05 * in.years);
    VERIFY_CLOSE(z.price, expected, 1e-14);
    in.vol = 1e-6;
    const BsResult tiny = blackScholes(in);
    VERIFY_CLOSE(z.price, tiny.price, 1e-12);
    VERIFY_CLOSE(z.delta, tiny.delta, 1e-12);
    VERIFY_CLOSE(z.thetaPerYear, tiny.thetaPerYear, 1e-9);
    VERIFY_CLOSE(z.rho, tiny.rho, 1e-9);
    in.vol = 0.0;
    in.spot = 45.0; // OTM call at zero vol: worthless
    QCOMPARE(price(in), 0.0);
}

void TestBlackScholes::invalidInputs() {
    BsInput in = hull();
    in.spot = 0.0;
    QVERIFY(std::isnan(blackScholes(in).price));
    const auto checked = blackScholesChecked(in);
    QVERIFY(!checked.ok());
    QCOMPARE(q(checked.error().message),
             QStringLiteral("Cannot price the option: spot price must be above 0"));
    in = hull();
    in.strike = -1.0;
    QCOMPARE(q(blackScholesChecked(in).error().message),
             QStringLiteral("Cannot price the option: strike must be above 0"));
    in = hull();
    in.vol = -0.2;
    QVERIFY(!blackScholesChecked(in).ok());
    in = hull();
    in.years = std::nan("");
    QVERIFY(!blackScholesChecked(in).ok());
    const auto good = blackScholesChecked(hull());
    QVERIFY(good.ok());
    QCOMPARE(good->price, blackScholes(hull()).price);
}

void TestBlackScholes::impliedVolRoundTrip_data() {
    QTest::addColumn<bool>("call");
    QTest::addColumn<double>("moneyness"); // K / S
    QTest::addColumn<double>("years");
    QTest::addColumn<double>("vol");
    QTest::addColumn<double>("dividend");
    const double hour = 1.0 / (365.0 * 24.0);
    const double day = 1.0 / 365.0;
    QTest::newRow("hull call") << true << 50.0 / 49.0 << 20.0 / 52 << 0.2 << 0.0;
    QTest::newRow("ATM call 30d") << true << 1.0 << 30 * day << 0.25 << 0.0;
    QTest::newRow("ATM put 30d") << false << 1.0 << 30 * day << 0.25 << 0.0;
    QTest::newRow("deep ITM call K=0.5S") << true << 0.5 << 1.0 << 0.5 << 0.0;
    QTest::newRow("deep ITM put K=2S") << false << 2.0 << 1.0 << 0.6 << 0.0;
    QTest::newRow("deep OTM call K=2S") << true << 2.0 << 1.0 << 0.5 << 0.0;
    QTest::newRow("deep OTM put K=0.5S") << false << 0.5 << 1.0 << 0.5 << 0.0;
    QTest::newRow("deep OTM call K=2S low vol") << true << 2.0 << 0.5 << 0.3 << 0.0;
    QTest::newRow("1 day ATM call") << true << 1.0 << day << 0.2 << 0.0;
    QTest::newRow("1 day 2% OTM call") << true << 1.02 << day << 0.3 << 0.0;
    QTest::newRow("1 day 2% OTM put") << false << 0.98 << day << 0.3 << 0.0;
    QTest::newRow("1 hour ATM call") << true << 1.0 << hour << 0.2 << 0.0;
    QTest::newRow("1 hour ATM put") << false << 1.0 << hour << 0.4 << 0.0;
    QTest::newRow("1 hour 0.5% OTM call") << true << 1.005 << hour << 0.3 << 0.0;
    QTest::newRow("low vol 5%") << true << 1.05 << 0.5 << 0.05 << 0.0;
    QTest::newRow("high vol 300%") << true << 1.0 << 0.25 << 3.0 << 0.0;
    QTest::newRow("dividend call") << true << 0.9 << 0.5 << 0.3 << 0.03;
    QTest::newRow("dividend put") << false << 1.1 << 0.5 << 0.3 << 0.03;
}

void TestBlackScholes::impliedVolRoundTrip() {
    QFETCH(bool, call);
    QFETCH(double, moneyness);
    QFETCH(double, years);
    QFETCH(double, vol);
    QFETCH(double, dividend);
    BsInput in;
    in.type = call ? OptionType::Call : OptionType::Put;
    in.spot = 100.0;
    in.strike = 100.0 * moneyness;
    in.years = years;
    in.rate = 0.05;
    in.vol = vol;
    in.dividend = dividend;
    const double p = price(in);
    in.vol = 0.77; // ignored by the solver
    const auto iv = impliedVolatility(in, p);
    QVERIFY2(iv.ok(), iv.ok() ? "" : iv.error().message.c_str());
    QVERIFY2(
        std::abs(*iv - vol) < 1e-7 * std::max(1.0, vol),
        qPrintable(QStringLiteral("price %1 solved %2").arg(p, 0, 'g', 17).arg(*iv, 0, 'g', 17)));
}

void TestBlackScholes::impliedVolGrid() {
    // Every combination whose price carries enough time value to pin the vol down.
    int solved = 0;
    for (const bool call : {true, false}) {
        for (const double m : {0.5, 0.8, 0.95, 1.0, 1.05, 1.25, 2.0}) {
            for (const double t : {1.0 / 8760, 1.0 / 365, 7.0 / 365, 0.25, 1.0, 3.0}) {
                for (const double v : {0.05, 0.15, 0.4, 1.0, 2.5}) {
                    for (const double div : {0.0, 0.02}) {
                        BsInput in;
                        in.type = call ? OptionType::Call : OptionType::Put;
                        in.spot = 100.0;
                        in.strike = 100.0 * m;
                        in.years = t;
                        in.rate = 0.05;
                        in.vol = v;
                        in.dividend = div;
                        const double p = price(in);
                        BsInput floor = in;
                        floor.vol = 0.0;
                        const double timeValue = p - price(floor);
                        if (timeValue < 1e-6)
                            continue; // no vol information left in a double price
                        const auto iv = impliedVolatility(in, p);
                        QVERIFY2(iv.ok(), iv.ok() ? "" : iv.error().message.c_str());
                        // Judge by the price it reproduces and the vol itself.
                        in.vol = *iv;
                        QVERIFY2(std::abs(price(in) - p) < 1e-9,
                                 qPrintable(QStringLiteral("m %1 t %2 v %3").arg(m).arg(t).arg(v)));
                        QVERIFY2(std::abs(*iv - v) < 1e-4 * v,
                                 qPrintable(QStringLiteral("m %1 t %2 v %3 iv %4")
                                                .arg(m)
                                                .arg(t)
                                                .arg(v)
                                                .arg(*iv, 0, 'g', 12)));
                        ++solved;
                    }
                }
            }
        }
    }
    QVERIFY2(solved > 500, qPrintable(QString::number(solved)));
}

void TestBlackScholes::impliedVolNoSolution() {
    BsInput in;
    in.spot = 100.0;
    in.strike = 80.0;
    in.years = 0.25;
    in.rate = 0.05;
    // Below intrinsic (100 - 80 e^-rT = 20.99).
    auto r = impliedVolatility(in, 19.0);
    QVERIFY(!r.ok());
    QVERIFY2(q(r.error().message).startsWith(QStringLiteral("no solution")),
             r.error().message.c_str());
    QCOMPARE(q(r.error().message),
             QStringLiteral("no solution: price 19.00 is below intrinsic value 20.99"));
    // Put below intrinsic.
    in.type = OptionType::Put;
    in.strike = 120.0;
    r = impliedVolatility(in, 15.0);
    QVERIFY(!r.ok());
    QVERIFY(q(r.error().message).startsWith(QStringLiteral("no solution: price 15.00 is below")));
    // At or above the upper bound (a call is worth less than the stock).
    in.type = OptionType::Call;
    r = impliedVolatility(in, 100.0);
    QVERIFY(!r.ok());
    QVERIFY2(q(r.error().message).startsWith(QStringLiteral("no solution")),
             r.error().message.c_str());
    QVERIFY(q(r.error().message).contains(QStringLiteral("maximum")));
    // Worthless OTM option: no time value, vol undetermined.
    in.strike = 200.0;
    in.years = 1.0 / 365;
    r = impliedVolatility(in, 0.0);
    QVERIFY(!r.ok());
    QVERIFY(q(r.error().message).startsWith(QStringLiteral("no solution")));
    // Expired.
    in.years = 0.0;
    r = impliedVolatility(in, 1.0);
    QVERIFY(!r.ok());
    QVERIFY(q(r.error().message).startsWith(QStringLiteral("no solution")));
}

void TestBlackScholes::impliedVolBadInput() {
    BsInput in = hull();
    in.spot = 0.0;
    auto r = impliedVolatility(in, 1.0);
    QVERIFY(!r.ok());
    QCOMPARE(q(r.error().message),
             QStringLiteral("Cannot solve for implied volatility: spot price must be above 0"));
    r = impliedVolatility(hull(), std::nan(""));
    QVERIFY(!r.ok());
    r = impliedVolatility(hull(), -1.0);
    QVERIFY(!r.ok());
}

namespace {

using namespace std::chrono;

// Thursday 2026-11-26 10:00 New York; the contract expires Friday 2026-12-04 at 16:00.
const Timestamp kNow = sys_days{year{2026} / 11 / 26} + hours{15};
constexpr year_month_day kExpiry{year{2026}, month{12}, day{4}};

// An ATM SPY call whose quote sits around the Black-Scholes price at 14.5 %, without greeks.
OptionContract noGreeks(double bid, double ask) {
    OptionContract c;
    c.symbol = "SPY261204C00600000";
    c.underlying = c.root = "SPY";
    c.type = OptionType::Call;
    c.strike = 600.0;
    c.expiry = kExpiry;
    c.quote = Quote{bid, ask, 10, 10, kNow};
    return c;
}

BsInput atmInput(double vol) {
    BsInput in;
    in.type = OptionType::Call;
    in.spot = 600.0;
    in.strike = 600.0;
    in.rate = kComputedGreeksRate;
    in.vol = vol;
    in.years = duration<double>(optionExpiryInstant(kExpiry) - kNow).count() / (365.0 * 86400);
    return in;
}

} // namespace

void TestBlackScholes::computedGreeksFromTheMid() {
    const BsResult at = blackScholes(atmInput(0.145));
    // A quote whose mid is exactly the model price.
    OptionContract c = noGreeks(at.price - 0.05, at.price + 0.05);
    completeGreeks(c, 600.0, kNow);
    QVERIFY(c.greeksSource == GreeksSource::Computed);
    QVERIFY(c.greeks && c.impliedVol);
    VERIFY_CLOSE(*c.impliedVol, 0.145, 1e-9);
    VERIFY_CLOSE(c.greeks->delta, at.delta, 1e-8);
    VERIFY_CLOSE(c.greeks->gamma, at.gamma, 1e-8);
    VERIFY_CLOSE(c.greeks->theta, at.thetaPerDay, 1e-8);
    VERIFY_CLOSE(c.greeks->vega, at.vegaPerPoint, 1e-8);
    QCOMPARE(std::string(greeksSourceKey(c)), std::string("computed"));
    // The tooltip's sentence names the mid exactly (0.54 / 0.59 -> 0.565, not 0.56 or 0.57).
    OptionContract small = noGreeks(0.54, 0.59);
    small.strike = 610.0;
    completeGreeks(small, 600.0, kNow);
    QVERIFY(small.greeksSource == GreeksSource::Computed);
    QCOMPARE(q(greeksSourceNote(small)),
             QStringLiteral("Computed from the mid 0.565 (IV solver); the feed sent no greeks"));
    // A second call (the next refresh) computes again from the new mid, never keeps stale ones.
    small.quote->bid = 0.60;
    small.quote->ask = 0.62;
    const double before = *small.impliedVol;
    completeGreeks(small, 600.0, kNow);
    QVERIFY(*small.impliedVol > before);
}

void TestBlackScholes::computedGreeksRefuseWithAReason() {
    // No bid: no mid.
    OptionContract c = noGreeks(0.0, 0.05);
    completeGreeks(c, 600.0, kNow);
    QVERIFY(c.greeksSource == GreeksSource::NoMid);
    QVERIFY(!c.greeks && !c.impliedVol);
    QCOMPARE(std::string(greeksSourceKey(c)), std::string("none"));
    QCOMPARE(q(greeksSourceNote(c)),
             QStringLiteral("No greeks: the feed sent none and there is no bid, so no mid to "
                            "compute them from"));
    // Mid below intrinsic: a 580 call with SPY at 600 quoted 19.00 / 19.10.
    c = noGreeks(19.0, 19.1);
    c.strike = 580.0;
    completeGreeks(c, 600.0, kNow);
    QVERIFY(c.greeksSource == GreeksSource::NoTimeValue);
    QVERIFY(!c.greeks && !c.impliedVol);
    QCOMPARE(q(greeksSourceNote(c)),
             QStringLiteral("No greeks: the feed sent none and the mid 19.05 is not above the "
                            "intrinsic value (no time value to solve for)"));
    // A listed option is American: a deep put at its intrinsic value (an early exercise is
    // worth it) has no time value, though it is above the *discounted* intrinsic value the
    // European model would solve a volatility from (42 % for a true 25 %, delta -0.87 for -1).
    c = noGreeks(179.95, 180.05);
    c.type = OptionType::Put;
    c.strike = 780.0;
    completeGreeks(c, 600.0, kNow);
    QVERIFY2(c.greeksSource == GreeksSource::NoTimeValue,
             c.impliedVol ? qPrintable(QString::number(*c.impliedVol)) : "no iv");
    QVERIFY(!c.greeks && !c.impliedVol);
    QVERIFY(!impliedVolFromMark(OptionType::Put, 780.0, optionExpiryInstant(kExpiry), 600.0, 180.0,
                                kNow, kComputedGreeksRate));
    // No underlying price; expired.
    c = noGreeks(5.0, 5.2);
    completeGreeks(c, 0.0, kNow);
    QVERIFY(c.greeksSource == GreeksSource::NoUnderlying);
    completeGreeks(c, std::nan(""), kNow);
    QVERIFY(c.greeksSource == GreeksSource::NoUnderlying);
    completeGreeks(c, 600.0, optionExpiryInstant(kExpiry) + minutes{1});
    QVERIFY(c.greeksSource == GreeksSource::Expired);
    QVERIFY(!c.greeks);
    // Above the maximum: a call priced above the stock.
    c = noGreeks(700.0, 701.0);
    completeGreeks(c, 600.0, kNow);
    QVERIFY(c.greeksSource == GreeksSource::AboveMaximum);
    QVERIFY(!c.greeks && !c.impliedVol);
    // A mid under what a 0.5 % volatility gives (the American solver's floor): an ATM put at a
    // 0.1 % rate (2021's), $0.05 where 0.5 % gives $0.17. It read "no volatility gives the mid".
    c = noGreeks(0.04, 0.06);
    c.symbol = "SPY261204P00600000";
    c.type = OptionType::Put;
    completeGreeks(c, 600.0, kNow, 0.001);
    QVERIFY(c.greeksSource == GreeksSource::VolBelowMinimum);
    QCOMPARE(q(greeksSourceNote(c)),
             QStringLiteral("No greeks: the feed sent none and the mid 0.05 implies a volatility "
                            "below 0.5%, too little to solve for"));
}

void TestBlackScholes::feedGreeksAreKept() {
    OptionContract c = noGreeks(5.0, 5.2);
    c.greeks = Greeks{0.5, 0.01, -0.3, 0.2, 0.05};
    c.impliedVol = 0.2;
    completeGreeks(c, 600.0, kNow);
    QVERIFY(c.greeksSource == GreeksSource::Feed);
    QCOMPARE(c.greeks->delta, 0.5);
    QCOMPARE(*c.impliedVol, 0.2);
    QCOMPARE(std::string(greeksSourceKey(c)), std::string("feed"));
    QVERIFY(greeksSourceNote(c).empty());
}

QTEST_APPLESS_MAIN(TestBlackScholes)
#include "tst_black_scholes.moc"
