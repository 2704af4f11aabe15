// The five gates: each one passing and failing with its value, threshold and the exact reason a
// trader reads; expiry judged at the close (16:00 New York, 13:00 on an early close) in winter
// and summer.

#include "domain/gates.h"
#include "test_util.h"

#include <QTest>

using namespace cg;
using cgtest::q;
using cgtest::utc;
using cgtest::ymd;

namespace {

OptionContract seedContract() {
    OptionContract c;
    c.symbol = "SPY260130C00609000";
    c.root = "SPY";
    c.underlying = "SPY";
    c.type = OptionType::Call;
    c.strike = 609.0;
    c.expiry = ymd(2026, 1, 30);
    c.quote = Quote{85.78, 90.24};
    c.openInterest = 1500;
    c.volume = 250;
    return c;
}

// The seed's decision time, 2026-01-28 15:30 UTC (10:30 EST).
const Timestamp kSeedNow = utc(2026, 1, 28, 15, 30);

} // namespace

class TestGates : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gateKeys();
    void seedContractPassesAll();
    void quoteValid_data();
    void quoteValid();
    void spread_data();
    void spread();
    void spreadThresholdIsConfigurable();
    void notExpiredWinter();
    void notExpiredSummer();
    void notExpiredOnAnEarlyClose();
    void notExpiredDaysValue();
    void notExpiredInvalidDate();
    void openInterest();
    void volume();
    void allGatesAlwaysEvaluated();
    void thresholdsConfigurable();
};

void TestGates::gateKeys() {
    const GateId ids[] = {GateId::QuoteValid, GateId::Spread, GateId::NotExpired,
                          GateId::OpenInterest, GateId::Volume};
    const char *keys[] = {"quote_valid", "spread", "not_expired", "open_interest", "volume"};
    for (int i = 0; i < kGateCount; ++i)
        QCOMPARE(QString::fromUtf8(gateKey(ids[i])), QString::fromUtf8(keys[i]));
}

void TestGates::seedContractPassesAll() {
    const GateReport r = evaluateGates(seedContract(), GateThresholds{}, kSeedNow);
    QVERIFY(r.tradeable());
    QCOMPARE(r.firstFailure(), nullptr);
    for (int i = 0; i < kGateCount; ++i) {
        QCOMPARE(int(r.gates[i].id), i);
        QVERIFY(r.gates[i].pass);
    }
    QCOMPARE(q(r[GateId::QuoteValid].reason()),
             QStringLiteral("Bid 85.78 and ask 90.24 are valid"));
    QCOMPARE(q(r[GateId::Spread].reason()), QStringLiteral("Spread 5.07% is below the 10% limit"));
    QVERIFY(std::abs(*r[GateId::Spread].value - 5.0676059538688) < 1e-9);
    QCOMPARE(*r[GateId::Spread].threshold, 10.0);
    QCOMPARE(q(r[GateId::NotExpired].reason()), QStringLiteral("Expires 2026-01-30, 2 days left"));
    QCOMPARE(*r[GateId::NotExpired].value, 2.0);
    QCOMPARE(q(r[GateId::OpenInterest].reason()),
             QStringLiteral("Open interest 1500 meets the minimum of 100"));
    QCOMPARE(*r[GateId::OpenInterest].value, 1500.0);
    QCOMPARE(*r[GateId::OpenInterest].threshold, 100.0);
    QCOMPARE(q(r[GateId::Volume].reason()), QStringLiteral("Volume 250 meets the minimum of 100"));
    QCOMPARE(*r[GateId::Volume].value, 250.0);
}

void TestGates::quoteValid_data() {
    QTest::addColumn<bool>("hasQuote");
    QTest::addColumn<double>("bid");
    QTest::addColumn<double>("ask");
    QTest::addColumn<bool>("pass");
    QTest::addColumn<QString>("reason");

    QTest::newRow("valid") << true << 1.20 << 1.25 << true << "Bid 1.20 and ask 1.25 are valid";
    QTest::newRow("locked bid == ask")
        << true << 1.20 << 1.20 << true << "Bid 1.20 and ask 1.20 are valid";
    QTest::newRow("sub-penny") << true << 0.005 << 0.015 << true
                               << "Bid 0.005 and ask 0.015 are valid";
    QTest::newRow("no quote") << false << 0.0 << 0.0 << false << "no quote";
    QTest::newRow("zero bid") << true << 0.0 << 1.0 << false << "Bid must be above 0";
    QTest::newRow("negative bid") << true << -0.5 << 1.0 << false << "Bid must be above 0";
    QTest::newRow("NaN bid") << true << std::nan("") << 1.0 << false << "Bid must be above 0";
    QTest::newRow("zero ask") << true << 1.0 << 0.0 << false << "Ask must be above 0";
    QTest::newRow("both zero") << true << 0.0 << 0.0 << false << "Bid and ask must be above 0";
    QTest::newRow("crossed") << true << 1.20 << 1.00 << false << "Ask 1.00 is below bid 1.20";
}

void TestGates::quoteValid() {
    QFETCH(bool, hasQuote);
    QFETCH(double, bid);
    QFETCH(double, ask);
    QFETCH(bool, pass);
    QFETCH(QString, reason);
    const std::optional<Quote> quote =
        hasQuote ? std::optional<Quote>(Quote{bid, ask}) : std::nullopt;
    const GateResult g = quoteValidGate(quote);
    QCOMPARE(g.id, GateId::QuoteValid);
    QCOMPARE(g.pass, pass);
    QCOMPARE(q(g.reason()), reason);
}

void TestGates::spread_data() {
    QTest::addColumn<bool>("hasQuote");
    QTest::addColumn<double>("bid");
    QTest::addColumn<double>("ask");
    QTest::addColumn<bool>("pass");
    QTest::addColumn<double>("value"); // NaN when no value is reported
    QTest::addColumn<QString>("reason");

    const double none = std::nan("");
    QTest::newRow("seed 5.07") << true << 85.78 << 90.24 << true << 446.0 / 88.01
                               << "Spread 5.07% is below the 10% limit";
    QTest::newRow("12.4 above") << true << 0.938 << 1.062 << false << 12.4
                                << "Spread 12.4% is above the 10% limit";
    // Strict, as the seed writes it ("< 10%"): exactly the limit fails, with both decimals shown.
    QTest::newRow("exactly at the limit")
        << true << 0.95 << 1.05 << false << 10.0 << "Spread 10.00% is not below the 10% limit";
    QTest::newRow("just below passes")
        << true << 0.95002 << 1.04998 << true << 9.996 << "Spread 9.996% is below the 10% limit";
    QTest::newRow("just above shows digits")
        << true << 0.94998 << 1.05002 << false << 10.004 << "Spread 10.004% is above the 10% limit";
    QTest::newRow("seed XYZ 26%") << true << 5.00 << 6.50 << false << 1.5 / 5.75 * 100.0
                                  << "Spread 26.09% is above the 10% limit";
    QTest::newRow("zero bid is 200%")
        << true << 0.0 << 1.0 << false << 200.0 << "Spread 200% is above the 10% limit";
    QTest::newRow("crossed") << true << 1.20 << 1.00 << false << -0.2 / 1.1 * 100.0
                             << "Spread -18.18% is negative: ask is below bid";
    QTest::newRow("no quote") << false << 0.0 << 0.0 << false << none << "spread unknown: no quote";
    QTest::newRow("zero quote") << true << 0.0 << 0.0 << false << none
                                << "spread unknown: bid and ask are not valid";
}

void TestGates::spread() {
    QFETCH(bool, hasQuote);
    QFETCH(double, bid);
    QFETCH(double, ask);
    QFETCH(bool, pass);
    QFETCH(double, value);
    QFETCH(QString, reason);
    const std::optional<Quote> quote =
        hasQuote ? std::optional<Quote>(Quote{bid, ask}) : std::nullopt;
    const GateResult g = spreadGate(quote, 10.0);
    QCOMPARE(g.id, GateId::Spread);
    QCOMPARE(g.pass, pass);
    QCOMPARE(q(g.reason()), reason);
    QCOMPARE(*g.threshold, 10.0);
    if (std::isnan(value)) {
        QVERIFY(!g.value.has_value());
    } else {
        QVERIFY(g.value.has_value());
        QVERIFY2(std::abs(*g.value - value) < 1e-6, qPrintable(QString::number(*g.value)));
    }
}

void TestGates::spreadThresholdIsConfigurable() {
    const std::optional<Quote> seed = Quote{85.78, 90.24};
    const GateResult tight = spreadGate(seed, 5.0);
    QVERIFY(!tight.pass);
    QCOMPARE(q(tight.reason()), QStringLiteral("Spread 5.07% is above the 5% limit"));
    QCOMPARE(*tight.threshold, 5.0);
    // Two decimals would print the limit itself, so a third is shown.
    const GateResult edge = spreadGate(seed, 5.07);
    QVERIFY(edge.pass);
    QCOMPARE(q(edge.reason()), QStringLiteral("Spread 5.068% is below the 5.07% limit"));
    const GateResult loose = spreadGate(Quote{0.938, 1.062}, 12.5);
    QVERIFY(loose.pass);
    QCOMPARE(q(loose.reason()), QStringLiteral("Spread 12.4% is below the 12.5% limit"));
}

void TestGates::notExpiredWinter() {
    // January is EST (UTC-5): 16:00 ET on 2026-01-30 is 21:00 UTC.
    const auto expiry = ymd(2026, 1, 30);
    const GateResult before = notExpiredGate(expiry, utc(2026, 1, 30, 20, 59));
    QVERIFY(before.pass);
    QCOMPARE(*before.value, 0.0);
    QCOMPARE(q(before.reason()), QStringLiteral("Expires today (2026-01-30) at 16:00 ET"));
    QVERIFY(notExpiredGate(expiry, utc(2026, 1, 30, 20, 59, 59)).pass);

    const GateResult at = notExpiredGate(expiry, utc(2026, 1, 30, 21, 0));
    QVERIFY(!at.pass);
    QCOMPARE(*at.value, 0.0);
    QCOMPARE(q(at.reason()), QStringLiteral("Expired today (2026-01-30) at 16:00 ET"));

    // 20:30 UTC is 15:30 EST: still open. (Were EDT assumed it would read as 16:30, expired.)
    QVERIFY(notExpiredGate(expiry, utc(2026, 1, 30, 20, 30)).pass);

    const GateResult nextDay = notExpiredGate(expiry, utc(2026, 1, 31, 15, 0));
    QVERIFY(!nextDay.pass);
    QCOMPARE(*nextDay.value, -1.0);
    QCOMPARE(q(nextDay.reason()), QStringLiteral("Expired on 2026-01-30"));
    QCOMPARE(*nextDay.threshold, 0.0);
}

void TestGates::notExpiredSummer() {
    // July is EDT (UTC-4): 16:00 ET on 2026-07-17 is 20:00 UTC.
    const auto expiry = ymd(2026, 7, 17);
    QVERIFY(notExpiredGate(expiry, utc(2026, 7, 17, 19, 59)).pass);
    const GateResult at = notExpiredGate(expiry, utc(2026, 7, 17, 20, 0));
    QVERIFY(!at.pass);
    QCOMPARE(q(at.reason()), QStringLiteral("Expired today (2026-07-17) at 16:00 ET"));
    // 20:30 UTC is 16:30 EDT: expired. (Were EST assumed it would read as 15:30, open.)
    QVERIFY(!notExpiredGate(expiry, utc(2026, 7, 17, 20, 30)).pass);
    // 04:30 UTC is 00:30 EDT on expiry day: 0 days left. (EST would still say the 16th, 1 day.)
    const GateResult earlyMorning = notExpiredGate(expiry, utc(2026, 7, 17, 4, 30));
    QVERIFY(earlyMorning.pass);
    QCOMPARE(*earlyMorning.value, 0.0);
    QCOMPARE(q(earlyMorning.reason()), QStringLiteral("Expires today (2026-07-17) at 16:00 ET"));
}

void TestGates::notExpiredOnAnEarlyClose() {
    // Thursday 2026-12-24 closes at 13:00 ET (18:00 UTC): expiring options stop trading then.
    const auto expiry = ymd(2026, 12, 24);
    const GateResult before = notExpiredGate(expiry, utc(2026, 12, 24, 17, 59));
    QVERIFY(before.pass);
    QCOMPARE(q(before.reason()), QStringLiteral("Expires today (2026-12-24) at 13:00 ET"));
    const GateResult at = notExpiredGate(expiry, utc(2026, 12, 24, 18, 0));
    QVERIFY(!at.pass);
    QCOMPARE(q(at.reason()), QStringLiteral("Expired today (2026-12-24) at 13:00 ET"));
}

void TestGates::notExpiredDaysValue() {
    const auto expiry = ymd(2026, 1, 30);
    const GateResult one = notExpiredGate(expiry, utc(2026, 1, 29, 15, 0));
    QCOMPARE(*one.value, 1.0);
    QCOMPARE(q(one.reason()), QStringLiteral("Expires 2026-01-30, 1 day left"));
    // 2026-01-29 03:00 UTC is still the 28th in New York (22:00 EST): 2 days, not 1.
    const GateResult lateEvening = notExpiredGate(expiry, utc(2026, 1, 29, 3, 0));
    QVERIFY(lateEvening.pass);
    QCOMPARE(*lateEvening.value, 2.0);
    QCOMPARE(q(lateEvening.reason()), QStringLiteral("Expires 2026-01-30, 2 days left"));
    const GateResult far = notExpiredGate(ymd(2026, 3, 20), kSeedNow);
    QCOMPARE(*far.value, 51.0);
}

void TestGates::notExpiredInvalidDate() {
    const GateResult g = notExpiredGate(ymd(2026, 2, 30), kSeedNow);
    QVERIFY(!g.pass);
    QCOMPARE(q(g.reason()), QStringLiteral("expiry date is not valid"));
}

void TestGates::openInterest() {
    const GateResult unknown = openInterestGate(std::nullopt, 100);
    QVERIFY(!unknown.pass);
    QVERIFY(!unknown.value.has_value());
    QCOMPARE(*unknown.threshold, 100.0);
    QCOMPARE(q(unknown.reason()), QStringLiteral("open interest unknown"));

    const GateResult low = openInterestGate(42, 100);
    QVERIFY(!low.pass);
    QCOMPARE(*low.value, 42.0);
    QCOMPARE(q(low.reason()), QStringLiteral("Open interest 42 is below the minimum of 100"));

    const GateResult atMin = openInterestGate(100, 100);
    QVERIFY(atMin.pass);
    QCOMPARE(q(atMin.reason()), QStringLiteral("Open interest 100 meets the minimum of 100"));

    QVERIFY(!openInterestGate(99, 100).pass);
    QVERIFY(!openInterestGate(0, 100).pass);
    QVERIFY(openInterestGate(0, 0).pass);
}

void TestGates::volume() {
    const GateResult unknown = volumeGate(std::nullopt, 100);
    QVERIFY(!unknown.pass);
    QCOMPARE(q(unknown.reason()), QStringLiteral("volume unknown"));

    const GateResult low = volumeGate(7, 100);
    QVERIFY(!low.pass);
    QCOMPARE(*low.value, 7.0);
    QCOMPARE(q(low.reason()), QStringLiteral("Volume 7 is below the minimum of 100"));

    const GateResult ok = volumeGate(100, 100);
    QVERIFY(ok.pass);
    QCOMPARE(q(ok.reason()), QStringLiteral("Volume 100 meets the minimum of 100"));
    QCOMPARE(ok.id, GateId::Volume);
}

void TestGates::allGatesAlwaysEvaluated() {
    // Fails everything at once: every failure is reported, not just the first.
    OptionContract c = seedContract();
    c.quote = Quote{0.0, 1.0};
    c.openInterest.reset();
    c.volume = 5;
    const GateReport r = evaluateGates(c, GateThresholds{}, utc(2026, 2, 2, 15, 0));
    QVERIFY(!r.tradeable());
    for (int i = 0; i < kGateCount; ++i)
        QVERIFY2(!r.gates[i].pass, qPrintable(q(r.gates[i].reason())));
    QCOMPARE(q(r[GateId::QuoteValid].reason()), QStringLiteral("Bid must be above 0"));
    QCOMPARE(q(r[GateId::Spread].reason()), QStringLiteral("Spread 200% is above the 10% limit"));
    QCOMPARE(q(r[GateId::NotExpired].reason()), QStringLiteral("Expired on 2026-01-30"));
    QCOMPARE(*r[GateId::NotExpired].value, -3.0);
    QCOMPARE(q(r[GateId::OpenInterest].reason()), QStringLiteral("open interest unknown"));
    QCOMPARE(q(r[GateId::Volume].reason()), QStringLiteral("Volume 5 is below the minimum of 100"));
    QVERIFY(r.firstFailure() != nullptr);
    QCOMPARE(r.firstFailure()->id, GateId::QuoteValid);

    // Only the last gate failing: firstFailure points at it, the others still pass.
    OptionContract d = seedContract();
    d.volume.reset();
    const GateReport only = evaluateGates(d, GateThresholds{}, kSeedNow);
    QVERIFY(!only.tradeable());
    QCOMPARE(only.firstFailure()->id, GateId::Volume);
    QCOMPARE(q(only.firstFailure()->reason()), QStringLiteral("volume unknown"));
    QVERIFY(only[GateId::QuoteValid].pass && only[GateId::Spread].pass &&
            only[GateId::NotExpired].pass && only[GateId::OpenInterest].pass);
}

void TestGates::thresholdsConfigurable() {
    GateThresholds t;
    t.maxSpreadPct = 5.0;
    t.minOpenInterest = 2000;
    t.minVolume = 300;
    QVERIFY(!(t == GateThresholds{}));
    const GateReport r = evaluateGates(seedContract(), t, kSeedNow);
    QVERIFY(!r.tradeable());
    QVERIFY(r[GateId::QuoteValid].pass);
    QVERIFY(!r[GateId::Spread].pass);
    QCOMPARE(*r[GateId::Spread].threshold, 5.0);
    QVERIFY(r[GateId::NotExpired].pass);
    QVERIFY(!r[GateId::OpenInterest].pass);
    QCOMPARE(q(r[GateId::OpenInterest].reason()),
             QStringLiteral("Open interest 1500 is below the minimum of 2000"));
    QCOMPARE(*r[GateId::OpenInterest].threshold, 2000.0);
    QVERIFY(!r[GateId::Volume].pass);
    QCOMPARE(q(r[GateId::Volume].reason()),
             QStringLiteral("Volume 250 is below the minimum of 300"));
    QCOMPARE(r.firstFailure()->id, GateId::Spread);
}

QTEST_APPLESS_MAIN(TestGates)
#include "tst_gates.moc"
