// A multi-leg signal decided: signal text, default settings, every leg gated, the combination's
// gate, sizing by max loss, the net limit on the tick, the mleg order and the legs to record;
// each fallback with its reason. On a hand-made chain (spot 100, strikes 90-110, 30 days).

#include "dispatch/position_intent.h"
#include "dispatch/strategy_decision.h"
#include "domain/market_calendar.h"

#include <QTest>

using namespace cg;

namespace {

const auto kNear = std::chrono::year{2025} / std::chrono::April / 17;
const Timestamp kNow = optionExpiryInstant(kNear) - std::chrono::days{30};

OptionContract make(OptionType type, double strike, double m, double delta) {
    OptionContract c;
    c.symbol = formatOccSymbol("SPY", kNear, type, strike);
    c.root = c.underlying = "SPY";
    c.type = type;
    c.strike = strike;
    c.expiry = kNear;
    c.quote = Quote{m - 0.01, m + 0.01};
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
        c.push_back(make(OptionType::Call, 90 + 5 * i, callMid[i], callDelta[i]));
        c.push_back(make(OptionType::Put, 90 + 5 * i, putMid[i], callDelta[i] - 1.0));
    }
    return c;
}

StrategyDecisionInput input(const std::vector<OptionContract> &c, StrategyTemplate t) {
    StrategyDecisionInput in;
    in.chain = c;
    in.underlying = "SPY";
    in.spot = 100;
    in.equity = 10'000;
    in.settings = defaultStrategySettings(t);
    in.settings.build.shortDelta = 0.30;
    in.now = kNow;
    return in;
}

} // namespace

class TestStrategyDecision : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The multi-leg tickets' rule for a leg's failed gate (the dispatcher's and the ticket's):
    // a signal's ticket on every gate, one built by hand on the quote and the expiry, the quote
    // not where a short is bought back on its ask alone.
    void legGateHoldsAsTheTicketsRule() {
        for (const GateId g : {GateId::QuoteValid, GateId::Spread, GateId::NotExpired,
                               GateId::OpenInterest, GateId::Volume}) {
            QVERIFY(legGateHolds(g, true, false));
            QVERIFY(legGateHolds(g, true, true)); // a signal opens: no buy back
            const bool byHand = g == GateId::QuoteValid || g == GateId::NotExpired;
            QCOMPARE(legGateHolds(g, false, false), byHand);
            QCOMPARE(legGateHolds(g, false, true), g == GateId::NotExpired);
        }
        const std::optional<Quote> worthless = Quote{0.0, 0.05};
        QVERIFY(closesOnAskAlone(PositionIntent::BuyToClose, worthless));
        QVERIFY(!closesOnAskAlone(PositionIntent::BuyToOpen, worthless));
        QVERIFY(!closesOnAskAlone(PositionIntent::BuyToClose, Quote{0.0, 0.0}));
        QVERIFY(!closesOnAskAlone(PositionIntent::BuyToClose, std::nullopt));
    }

    void signalText() {
        auto s = parseStrategySignal("SPY:NEUTRAL:iron_condor");
        QVERIFY(s && s->ok());
        QVERIFY((*s)->kind == StrategyTemplate::IronCondor);
        QCOMPARE((*s)->symbol, std::string("SPY"));
        s = parseStrategySignal("SPY:call:bull_call_spread");
        QVERIFY(s && s->ok());
        QCOMPARE((*s)->direction, std::string("CALL"));
        s = parseStrategySignal("SPY:PUT:bull_call_spread");
        QVERIFY(s && !s->ok());
        QCOMPARE(QString::fromStdString(s->error().message),
                 QStringLiteral("bull_call_spread is a CALL strategy: SPY:CALL:bull_call_spread"));
        QVERIFY(!parseStrategySignal("SPY:CALL:day_trade")); // a single-leg signal
        QVERIFY(!parseStrategySignal("SPY:CALL"));
    }
    // Iron condor at 30 delta: credit 2.00, max loss $300 a unit; 5 % of $10,000 = $500 -> 1.
    void ironCondorSizedByMaxLoss() {
        const auto c = chain();
        const auto d = decideStrategy(input(c, StrategyTemplate::IronCondor));
        QVERIFY2(d.sendable(), d.fallbackReason.c_str());
        QCOMPARE(d.strategy->legs.size(), std::size_t(4));
        QCOMPARE(d.limitPrice.value_or(0), -2.0);
        QCOMPARE(d.budget, 500.0);
        QCOMPARE(d.sizing.riskPerUnit, 300.0);
        QCOMPARE(d.sizing.qty, 1);
        const OrderRequest r = strategyOrderRequest(d, "sig-9");
        QCOMPARE(r.legs.size(), std::size_t(4));
        QCOMPARE(r.qty, 1);
        QCOMPARE(r.legs[1].side, OrderSide::Sell);
        QCOMPARE(r.legs[1].intent, PositionIntent::SellToOpen);
        QCOMPARE(r.limitPrice.value_or(0), -2.0);
        const auto legs = executionLegRecords(*d.strategy);
        QCOMPARE(legs[2].optionSymbol, std::string("SPY250417C00105000"));
        QCOMPARE(legs[2].side, std::string("sell"));
        QCOMPARE(legs[2].expiry, std::string("2025-04-17"));
        QCOMPARE(legs[2].mid.value_or(0), 2.0);
    }
    void aLegFailingAGateFallsBackNamingIt() {
        auto c = chain();
        c[3].openInterest = 5; // the put 95, the condor's short put
        const auto d = decideStrategy(input(c, StrategyTemplate::IronCondor));
        QVERIFY(!d.sendable());
        QCOMPARE(QString::fromStdString(d.fallbackReason),
                 QStringLiteral("Gate failed: leg 2 (sell 1 SPY250417P00095000): Open interest 5 "
                                "is below the minimum of 100"));
    }
    void theComboGateFallsBack() {
        const auto c = chain();
        auto in = input(c, StrategyTemplate::IronCondor);
        in.settings.maxComboSpreadPct = 1.0; // natural-to-mid: 4 x 0.01 / 2.00 = 2 %
        const auto d = decideStrategy(in);
        QVERIFY(!d.sendable());
        QVERIFY(d.fallbackReason.starts_with("Gate failed: combination: Natural-to-mid 2.00%"));
    }
    void budgetBelowOneUnit() {
        const auto c = chain();
        auto in = input(c, StrategyTemplate::IronCondor);
        in.equity = 4'000; // $200 < $300
        const auto d = decideStrategy(in);
        QCOMPARE(QString::fromStdString(d.fallbackReason),
                 QStringLiteral("position size below one unit: max loss $300.00 per unit against "
                                "a budget of $200.00"));
    }
    void nothingToBuild() {
        const auto c = chain();
        auto in = input(c, StrategyTemplate::Calendar); // no far expiry in this chain
        const auto d = decideStrategy(in);
        QVERIFY(!d.sendable());
        QVERIFY(d.fallbackReason.starts_with("Cannot build calendar"));
    }
};

QTEST_APPLESS_MAIN(TestStrategyDecision)
#include "tst_strategy_decision.moc"
