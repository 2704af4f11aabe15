// Every multi-leg template placed on a small hand-made chain (spot 100, strikes 90-110 step 5,
// 30 days to the near expiry, flat IV 20 %, rate 0) and its figures against values computed by
// hand: the prices below are chosen so the net, max P/L and break-evens are plain arithmetic;
// the probabilities are the lognormal formula of strategy_figures.h evaluated by hand,
// P(S_T <= x) = N((ln(x/100) + 0.02 T) / (0.2 sqrt(T))), T = 30/365.

#include "domain/black_scholes.h"
#include "domain/combo_gate.h"
#include "domain/market_calendar.h"
#include "domain/strategy_builder.h"
#include "domain/strategy_figures.h"
#include "domain/strategy_payoff.h"
#include "domain/strategy_sizing.h"
#include "test_util.h"

#include <QTest>

#include <cmath>
#include <vector>

using namespace cg;
using cgtest::q;
using cgtest::ymd;

namespace {

const auto kNear = ymd(2025, 4, 17);
const auto kFar = ymd(2025, 5, 15); // 28 days later
const Timestamp kNow = optionExpiryInstant(kNear) - std::chrono::days{30};
constexpr double kSpot = 100.0;

OptionContract make(std::chrono::year_month_day expiry, OptionType type, double strike, double m,
                    double delta) {
    OptionContract c;
    c.symbol = formatOccSymbol("SPY", expiry, type, strike);
    c.root = c.underlying = "SPY";
    c.type = type;
    c.strike = strike;
    c.expiry = expiry;
    c.quote = Quote{m - 0.10, m + 0.10};
    c.openInterest = 500;
    c.volume = 500;
    c.greeks = Greeks{delta, 0.05, -0.02, 0.10, 0.01};
    c.impliedVol = 0.20;
    return c;
}

std::vector<OptionContract> chain() {
    std::vector<OptionContract> c;
    const double callMid[] = {11, 7, 4, 2, 1}, putMid[] = {1, 2, 4, 7, 11};
    const double callDelta[] = {0.84, 0.70, 0.52, 0.30, 0.16};
    for (int i = 0; i < 5; ++i) {
        const double k = 90 + 5 * i;
        c.push_back(make(kNear, OptionType::Call, k, callMid[i], callDelta[i]));
        c.push_back(make(kNear, OptionType::Put, k, putMid[i], callDelta[i] - 1.0));
    }
    const double farMid[] = {12.6, 8.7, 5.6, 3.5, 2.0};
    for (int i = 0; i < 5; ++i)
        c.push_back(make(kFar, OptionType::Call, 90 + 5 * i, farMid[i], callDelta[i]));
    return c;
}

struct Built {
    MultiLegStrategy s;
    StrategyFigures f;
};

Built build(StrategyTemplate kind, std::optional<double> delta = {}) {
    const auto c = chain();
    StrategyBuildParams p;
    p.kind = kind;
    p.shortDelta = delta;
    p.width = 5;
    auto s = buildStrategy(c, "SPY", kSpot, p, kNow);
    if (!s)
        qFatal("%s", s.error().message.c_str());
    auto f = strategyFigures(*s, kSpot, kNow, 0.0);
    if (!f)
        qFatal("%s", f.error().message.c_str());
    return {*s, *f};
}

// "buy 1 C100" style, to compare legs at a glance.
QStringList legs(const MultiLegStrategy &s) {
    QStringList out;
    for (const auto &l : s.legs)
        out << QStringLiteral("%1 %2 %3%4%5")
                   .arg(l.side == OrderSide::Buy ? "buy" : "sell")
                   .arg(l.ratio)
                   .arg(l.contract.type == OptionType::Call ? "C" : "P")
                   .arg(l.contract.strike)
                   .arg(l.contract.expiry == kFar ? " far" : "");
    return out;
}

void near(double actual, double expected, double tol = 1e-6) {
    if (std::abs(actual - expected) > tol)
        QFAIL(qPrintable(
            QStringLiteral("%1 is not %2").arg(actual, 0, 'g', 12).arg(expected, 0, 'g', 12)));
}

void breakEvens(const StrategyFigures &f, std::vector<double> expected, double tol = 1e-6) {
    QCOMPARE(f.breakEvens.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        near(f.breakEvens[i], expected[i], tol);
}

} // namespace

class TestStrategyTemplates : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Every template by its name, both ways; "custom" (legs by hand) is named but is no template:
    // no signal, setting or build can ask for one.
    void namesAndTheCustomKind() {
        for (const StrategyTemplate t : allStrategyTemplates()) {
            QVERIFY(t != StrategyTemplate::Custom);
            QVERIFY(parseStrategyTemplate(toString(t)) == t);
        }
        QCOMPARE(allStrategyTemplates().size(), std::size_t(13));
        QCOMPARE(toString(StrategyTemplate::Custom), std::string_view("custom"));
        QVERIFY(!parseStrategyTemplate("custom"));
        StrategyBuildParams p;
        p.kind = StrategyTemplate::Custom;
        QVERIFY(!buildStrategy(chain(), "SPY", kSpot, p, kNow).ok());
    }

    void bullCallSpread() {
        const auto [s, f] = build(StrategyTemplate::BullCallSpread, 0.30);
        QCOMPARE(legs(s), QStringList({"buy 1 C100", "sell 1 C105"}));
        near(f.netMid, 2.0);     // 4 - 2
        near(f.netNatural, 2.2); // 4.1 - 1.9
        near(f.combinedSpread, 0.2);
        near(*f.maxProfit, 3.0); // width 5 - debit 2
        near(*f.maxLoss, 2.0);
        breakEvens(f, {102.0});
        near(*f.probabilityOfProfit, 0.35418938115712506); // P(S > 102)
        near(f.greeks->delta, 0.22);                       // 0.52 - 0.30
        near(f.greeks->gamma, 0.0);
        near(*f.maxLossDollars(), 200.0);
        QCOMPARE(s.legs[0].intent, PositionIntent::BuyToOpen);
        QCOMPARE(s.legs[1].intent, PositionIntent::SellToOpen);
        QVERIFY(s.explanation.find("sell call 105 (delta 0.30, nearest 0.3)") != std::string::npos);
    }
    void bearCallSpread() {
        const auto [s, f] = build(StrategyTemplate::BearCallSpread, 0.30);
        QCOMPARE(legs(s), QStringList({"sell 1 C105", "buy 1 C110"}));
        near(f.netMid, -1.0); // a credit: -2 + 1
        near(f.netNatural, -0.8);
        near(*f.maxProfit, 1.0);
        near(*f.maxLoss, 4.0);
        breakEvens(f, {106.0});
        near(*f.probabilityOfProfit, 0.851965565716954); // P(S < 106)
    }
    void bullPutSpread() {
        const auto [s, f] = build(StrategyTemplate::BullPutSpread, 0.30);
        QCOMPARE(legs(s), QStringList({"buy 1 P90", "sell 1 P95"}));
        near(f.netMid, -1.0);
        near(*f.maxProfit, 1.0);
        near(*f.maxLoss, 4.0);
        breakEvens(f, {94.0});
        near(*f.probabilityOfProfit, 0.8532469192078468); // P(S > 94)
    }
    void bearPutSpread() {
        const auto [s, f] = build(StrategyTemplate::BearPutSpread, 0.30);
        QCOMPARE(legs(s), QStringList({"sell 1 P95", "buy 1 P100"}));
        near(f.netMid, 2.0);
        near(*f.maxProfit, 3.0);
        near(*f.maxLoss, 2.0);
        breakEvens(f, {98.0});
        near(*f.probabilityOfProfit, 0.37309255162114907); // P(S < 98)
    }
    void longStraddle() {
        const auto [s, f] = build(StrategyTemplate::LongStraddle);
        QCOMPARE(legs(s), QStringList({"buy 1 C100", "buy 1 P100"}));
        near(f.netMid, 8.0);
        QVERIFY(f.unlimitedProfit());
        near(*f.maxLoss, 8.0);
        breakEvens(f, {92.0, 108.0});
        near(*f.probabilityOfProfit, 0.1622042604100865);
        near(f.greeks->delta, 0.04); // 0.52 - 0.48
        near(f.greeks->gamma, 0.10);
    }
    void shortStraddle() {
        const auto [s, f] = build(StrategyTemplate::ShortStraddle);
        QCOMPARE(legs(s), QStringList({"sell 1 C100", "sell 1 P100"}));
        near(f.netMid, -8.0);
        near(*f.maxProfit, 8.0);
        QVERIFY(f.unlimitedLoss());
        QVERIFY(!f.maxLossDollars());
        breakEvens(f, {92.0, 108.0});
        near(*f.probabilityOfProfit, 0.8377957395899134);
    }
    void longStrangle() {
        const auto [s, f] = build(StrategyTemplate::LongStrangle, 0.16);
        QCOMPARE(legs(s), QStringList({"buy 1 P90", "buy 1 C110"}));
        near(f.netMid, 2.0);
        QVERIFY(f.unlimitedProfit());
        near(*f.maxLoss, 2.0);
        breakEvens(f, {88.0, 112.0});
        near(*f.probabilityOfProfit, 0.036348116000734176);
    }
    void shortStrangle() {
        const auto [s, f] = build(StrategyTemplate::ShortStrangle, 0.16);
        QCOMPARE(legs(s), QStringList({"sell 1 P90", "sell 1 C110"}));
        near(f.netMid, -2.0);
        near(*f.maxProfit, 2.0);
        QVERIFY(f.unlimitedLoss());
        breakEvens(f, {88.0, 112.0});
        near(*f.probabilityOfProfit, 0.9636518839992658);
    }
    void ironCondor() {
        const auto [s, f] = build(StrategyTemplate::IronCondor, 0.30);
        QCOMPARE(legs(s), QStringList({"buy 1 P90", "sell 1 P95", "sell 1 C105", "buy 1 C110"}));
        near(f.netMid, -2.0); // 1 - 2 - 2 + 1
        near(f.netNatural, -1.6);
        near(f.combinedSpread, 0.4);
        near(*f.maxProfit, 2.0);
        near(*f.maxLoss, 3.0); // width 5 - credit 2
        breakEvens(f, {93.0, 107.0});
        near(*f.probabilityOfProfit, 0.7785582799054385);
        near(f.greeks->delta, 0.0); // -0.84 + 0.70 - 0.30 + 0.16
    }
    void ironButterfly() {
        const auto [s, f] = build(StrategyTemplate::IronButterfly);
        QCOMPARE(legs(s), QStringList({"buy 1 P95", "sell 1 P100", "sell 1 C100", "buy 1 C105"}));
        near(f.netMid, -4.0);
        near(*f.maxProfit, 4.0);
        near(*f.maxLoss, 1.0);
        breakEvens(f, {96.0, 104.0});
        near(*f.probabilityOfProfit, 0.5147677312574834);
    }
    void butterfly() {
        const auto [s, f] = build(StrategyTemplate::Butterfly);
        QCOMPARE(legs(s), QStringList({"buy 1 C95", "sell 2 C100", "buy 1 C105"}));
        near(f.netMid, 1.0); // 7 - 8 + 2
        near(f.netNatural, 1.4);
        near(*f.maxProfit, 4.0);
        near(*f.maxLoss, 1.0);
        breakEvens(f, {96.0, 104.0});
        near(*f.probabilityOfProfit, 0.5147677312574834);
        near(f.greeks->gamma, 0.0); // 0.05 - 0.10 + 0.05
    }
    // At the near expiry the far call keeps 28 days: BS(S, 100, 28/365, 20 %) - (S - 100)+ - 1.6.
    void calendar() {
        const auto [s, f] = build(StrategyTemplate::Calendar);
        QCOMPARE(legs(s), QStringList({"sell 1 C100", "buy 1 C100 far"}));
        near(f.netMid, 1.6);                    // 5.6 - 4
        near(*f.maxProfit, 0.6096176053453717); // at the strike
        near(*f.maxLoss, 1.6, 1e-6);            // the debit, far from the strike
        breakEvens(f, {98.68511947665712, 101.38664324526982}, 1e-6);
        near(*f.probabilityOfProfit, 0.1860838089400173, 1e-6);
    }
    // At the near expiry a near leg is worth its intrinsic value and a far one is priced with its
    // IV: a near leg without one does not keep the figures from being worked out (they were
    // refused, "Cannot value ... no implied volatility"); a far leg without one does, and
    // strategyFiguresOrPrices then gives the prices alone, saying why.
    void onlyTheLaterLegsNeedAnIv() {
        auto [s, f] = build(StrategyTemplate::Calendar);
        StrategyLeg &nearLeg = s.legs[0];
        StrategyLeg &farLeg = s.legs[1];
        QVERIFY(nearLeg.contract.expiry < farLeg.contract.expiry);
        nearLeg.contract.impliedVol.reset();
        const auto valued = strategyFigures(s, kSpot, kNow, 0.0);
        QVERIFY2(valued.ok(), valued.ok() ? "" : valued.error().message.c_str());
        near(*valued->maxProfit, *f.maxProfit);
        near(*valued->maxLoss, *f.maxLoss, 1e-6);
        QVERIFY(!valued->probabilityOfProfit); // the smile is the near legs' IV
        QVERIFY(strategyFiguresOrPrices(s, kSpot, kNow, 0.0)->valued());

        nearLeg.contract.impliedVol = 0.20;
        farLeg.contract.impliedVol.reset();
        const auto refused = strategyFigures(s, kSpot, kNow, 0.0);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.find("no implied volatility") != std::string::npos &&
                     refused.error().message.find(farLeg.contract.symbol) != std::string::npos,
                 refused.error().message.c_str());
        const auto priced = strategyFiguresOrPrices(s, kSpot, kNow, 0.0);
        QVERIFY(priced.ok());
        QVERIFY(!priced->valued());
        QCOMPARE(priced->notValued, refused.error().message);
        near(priced->netMid, f.netMid);
        QVERIFY(!priced->maxLoss && !priced->unlimitedLoss() && !priced->unlimitedProfit());
        // A leg that cannot be priced is an error either way.
        farLeg.contract.quote.reset();
        QVERIFY(!strategyFiguresOrPrices(s, kSpot, kNow, 0.0).ok());
    }
    // A calendar whose short near calls outnumber the far ones (a ratio the legs table allows)
    // loses without bound as the underlying rises: far calls end worth S - K too. Found by its
    // slope beyond the grid, as the same-expiry strategies are; so is the unbounded profit of
    // more far calls than near ones.
    void ratioCalendarsAreUnbounded() {
        auto [s, f] = build(StrategyTemplate::Calendar);
        s.legs[0].ratio = 2; // sell 2 near, buy 1 far
        auto ratio = strategyFigures(s, kSpot, kNow, 0.0);
        QVERIFY(ratio.ok());
        QVERIFY2(!ratio->maxLoss, qPrintable(QString::number(ratio->maxLoss.value_or(0))));
        QVERIFY(ratio->unlimitedLoss());
        QVERIFY(ratio->maxProfit);
        s.legs[0].ratio = 1;
        s.legs[1].ratio = 2; // sell 1 near, buy 2 far
        ratio = strategyFigures(s, kSpot, kNow, 0.0);
        QVERIFY(ratio.ok());
        QVERIFY(!ratio->maxProfit);
        QVERIFY(ratio->maxLoss);
    }
    // A calendar with its sides swapped (buy the near call, sell the far one): once the near
    // call expires the far one sold is naked, so the loss has no bound. Its figures, taken at
    // the near expiry, showed a bounded loss (the ticket sized by it and sent it). A short leg is
    // covered only by a long of its type expiring with it or later.
    void aReversedCalendarIsUncoveredAndUnbounded() {
        auto [s, f] = build(StrategyTemplate::Calendar);
        QVERIFY(!uncoveredShortLeg(s)); // sold near, bought far: covered
        std::swap(s.legs[0].side, s.legs[1].side);
        std::swap(s.legs[0].intent, s.legs[1].intent);
        const auto uncovered = uncoveredShortLeg(s);
        QVERIFY(uncovered);
        QVERIFY2(uncovered->find("far") != std::string::npos ||
                     uncovered->find(s.legs[1].contract.symbol) != std::string::npos,
                 uncovered->c_str());
        const auto reversed = strategyFigures(s, kSpot, kNow, 0.0);
        QVERIFY(reversed.ok());
        QVERIFY(reversed->unlimitedLoss());
        // A put sold twice against one bought (a 1x2): uncovered too.
        auto [p, pf] = build(StrategyTemplate::BullPutSpread);
        QVERIFY(!uncoveredShortLeg(p));
        for (StrategyLeg &leg : p.legs)
            if (leg.side == OrderSide::Sell)
                leg.ratio = 2;
        QVERIFY(uncoveredShortLeg(p));
        // The sold put closes a put held long: it is no short, and the bought one does not
        // cover anything either; a straddle sold back (two sales to close) has no short at all.
        for (StrategyLeg &leg : p.legs)
            if (leg.side == OrderSide::Sell)
                leg.intent = PositionIntent::SellToClose;
        QVERIFY(!uncoveredShortLeg(p));
        auto [d, df] = build(StrategyTemplate::LongStraddle);
        for (StrategyLeg &leg : d.legs) {
            leg.side = OrderSide::Sell;
            leg.intent = PositionIntent::SellToOpen;
        }
        QVERIFY(uncoveredShortLeg(d));
        for (StrategyLeg &leg : d.legs)
            leg.intent = PositionIntent::SellToClose;
        QVERIFY(!uncoveredShortLeg(d));
    }

    // The far leg goes on the first far expiry that lists its strike: with the 100 call missing
    // on the first one, the next one's.
    void calendarTakesTheFirstFarExpiryListingItsStrike() {
        auto c = chain();
        std::erase_if(c, [](const OptionContract &x) {
            return x.expiry == kFar && x.type == OptionType::Call && x.strike == 100.0;
        });
        const auto farther = ymd(2025, 5, 22);
        c.push_back(make(farther, OptionType::Call, 100, 6.1, 0.52));
        StrategyBuildParams p;
        p.kind = StrategyTemplate::Calendar;
        p.width = 5;
        auto s = buildStrategy(c, "SPY", kSpot, p, kNow);
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
        QCOMPARE(s->legs.size(), std::size_t(2));
        QCOMPARE(s->legs[1].contract.expiry, farther);
        QCOMPARE(s->legs[1].contract.strike, 100.0);
    }
    void diagonal() {
        const auto [s, f] = build(StrategyTemplate::Diagonal, 0.30);
        QCOMPARE(legs(s), QStringList({"sell 1 C105", "buy 1 C100 far"}));
        near(f.netMid, 3.6);
        near(*f.maxProfit, 1.990284726853909); // at the short strike
        near(*f.maxLoss, 3.6, 1e-6);           // the underlying far below: both worthless
        breakEvens(f, {102.34370017724387}, 1e-6);
        near(*f.probabilityOfProfit, 0.33261534361860334, 1e-6);
    }

    void placesByOtmPercentWithoutDelta() {
        const auto c = chain();
        StrategyBuildParams p;
        p.kind = StrategyTemplate::IronCondor;
        p.otmPct = 6.0; // put target 94 -> 95, call target 106 -> 105
        auto s = buildStrategy(c, "SPY", kSpot, p, kNow);
        QVERIFY(s);
        QCOMPARE(legs(*s), QStringList({"buy 1 P90", "sell 1 P95", "sell 1 C105", "buy 1 C110"}));
    }
    void missingWingNamesTheLeg() {
        const auto c = chain();
        StrategyBuildParams p;
        p.kind = StrategyTemplate::BearCallSpread;
        p.shortDelta = 0.16; // short 110: nothing above it
        auto s = buildStrategy(c, "SPY", kSpot, p, kNow);
        QVERIFY(!s);
        QCOMPARE(q(s.error().message),
                 QStringLiteral("Cannot build bear_call_spread 25-45 days out: on 2025-04-17 no "
                                "call strike $5 above 110"));
    }
    void noExpiryInWindow() {
        const auto c = chain();
        StrategyBuildParams p;
        p.minDte = 1;
        p.maxDte = 7;
        auto s = buildStrategy(c, "SPY", kSpot, p, kNow);
        QVERIFY(!s);
        QCOMPARE(q(s.error().message),
                 QStringLiteral("Cannot build iron_condor: no expiry 1-7 days out"));
    }
    void payoffAtADate() {
        const auto [s, f] = build(StrategyTemplate::BullCallSpread, 0.30);
        // At expiry: intrinsic only.
        near(*pnlAtExpiry(s, 110.0, f.netMid, 0.0), 3.0);
        near(*pnlAtExpiry(s, 90.0, f.netMid, 0.0), -2.0);
        // Today, at the spot: both legs priced by Black-Scholes at 20 %, T = 30/365.
        BsInput a{OptionType::Call, 100, 100, 30.0 / 365, 0, 0.2, 0};
        BsInput b = a;
        b.strike = 105;
        near(*strategyPnl(s, 100.0, kNow, f.netMid, 0.0),
             blackScholes(a).price - blackScholes(b).price - 2.0);
    }
    void comboGate() {
        const auto [s, f] = build(StrategyTemplate::IronCondor, 0.30);
        const auto g = comboSpreadGate(s, 10.0); // (−1.6 − −2.0) / 2.0 = 20 %
        QVERIFY(!g.pass);
        near(*g.value, 20.0);
        // The net in the trader's words, as the ticket shows it beside ("2.00 credit").
        QCOMPARE(q(g.reason), QStringLiteral("Natural-to-mid 20.00% of the net credit 2.00 is "
                                             "above the 10% limit"));
        QVERIFY(comboSpreadGate(s, 20.0).pass); // inclusive
        const auto reports = legGates(s, GateThresholds{10.0, 100, 100}, kNow);
        QCOMPARE(q(firstStrategyGateFailure(s, reports, g)),
                 QStringLiteral("leg 1 (buy 1 SPY250417P00090000): Spread 20% is above the 10% "
                                "limit"));
    }
    // A leg bought is priced at its ask even with no bid (a worthless short bought back); a
    // leg sold with no bid is not priced.
    void netPricesOfALegWithoutABid() {
        auto [s, f] = build(StrategyTemplate::IronCondor, 0.30);
        const auto before = netPrices(s);
        QVERIFY(before.ok());
        for (StrategyLeg &leg : s.legs)
            if (leg.side == OrderSide::Buy) {
                leg.contract.quote = Quote{0.0, 0.05};
                break;
            }
        const auto bought = netPrices(s);
        QVERIFY2(bought.ok(), bought.ok() ? "" : bought.error().message.c_str());
        QVERIFY(comboSpreadGate(s, 1000.0).value.has_value());
        for (StrategyLeg &leg : s.legs)
            if (leg.side == OrderSide::Sell) {
                leg.contract.quote = Quote{0.0, 0.05};
                break;
            }
        const auto sold = netPrices(s);
        QVERIFY(!sold.ok());
        QVERIFY2(sold.error().message.find("Cannot price sell") != std::string::npos,
                 sold.error().message.c_str());
    }
    void sizingByMaxLoss() {
        StrategySizingInput in;
        in.budget = 1000;
        in.maxLossPerUnit = 300; // iron condor: $3 x 100
        auto r = sizeStrategy(in);
        QCOMPARE(r.qty, 3); // floor(1000 / 300)
        in.optionsBuyingPower = 500;
        r = sizeStrategy(in);
        QCOMPARE(r.qty, 1);
        QVERIFY(r.cappedByBuyingPower);
        in.budget = 200;
        r = sizeStrategy(in);
        QCOMPARE(r.qty, 0);
        QCOMPARE(q(r.reason), QStringLiteral("position size below one unit: max loss $300.00 per "
                                             "unit against a budget of $200.00"));
        // Every leg counts: a condor's unit is 4 contracts, 2 units under a limit of 10, none
        // under 3, and the reason says what limit would do.
        in.budget = 100000;
        in.optionsBuyingPower.reset();
        in.contractsPerUnit = 4;
        in.maxContracts = 10;
        QCOMPARE(sizeStrategy(in).qty, 2);
        in.maxContracts = 3;
        r = sizeStrategy(in);
        QCOMPARE(r.qty, 0);
        QVERIFY2(r.reason.find("a unit is 4 contracts") != std::string::npos &&
                     r.reason.find("at least 4") != std::string::npos,
                 r.reason.c_str());
    }
    void sizingUndefinedRiskByBuyingPower() {
        StrategySizingInput in;
        in.budget = 10000;
        in.spot = 100; // requirement 0.2 x 100 x 100 = $2,000 per unit
        in.optionsBuyingPower = 5000;
        auto r = sizeStrategy(in);
        QVERIFY(r.byBuyingPower);
        QCOMPARE(r.qty, 2); // floor(5000 / 2000)
        QVERIFY(r.cappedByBuyingPower);
    }
};

QTEST_APPLESS_MAIN(TestStrategyTemplates)
#include "tst_strategy_templates.moc"
