// Multi-leg orders through the dispatcher: a strategy signal queued in the signal table is
// claimed, decided by its template, its intent recorded WITH its legs before the order is sent
// (one record), and the legs' fills written back from the order's updates; the kill switch, the
// daily order limit and the per-order limits refuse it with the reason; a dry run records
// nothing. A multi-leg ticket by hand: proposeManualStrategy + place, sent as shown, and held at
// confirmation when the market left its net limit. On SQLite, and on PostgreSQL when run with
// CG_TEST_DATABASE=postgresql.

#include "dispatch/confirmation_queue.h"
#include "dispatch/strategy_pipeline.h"
#include "dispatch_fixture.h"
#include "storage/execution_legs.h"
#include "support/pg_fixture.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace cg;
using namespace cg::test;
using namespace std::chrono;

namespace {

// The seed's chain has expiries 0, 2 and 9 days out: the condor's window is set to 5-10 days
// (the per-strategy settings), 16-delta shorts, $5 wings.
DispatcherSettings condorSettings(DispatcherSettings s) {
    StrategySettings c = defaultStrategySettings(StrategyTemplate::IronCondor);
    c.build.minDte = 5;
    c.build.maxDte = 10;
    s.multiLeg.push_back(c);
    return s;
}

Signal condorSignal() {
    Signal s;
    s.symbol = "SPY";
    s.action = SignalAction::Neutral;
    s.multiLeg = StrategyTemplate::IronCondor;
    s.source = "test";
    return s;
}

// A spread held and the ticket that buys it back (TestStrategyDispatch::spreadHeld).
struct SpreadHeld {
    StrategyLeg soldCall, wing;
    ManualStrategyOrder buyBack;
};

} // namespace

class TestStrategyDispatch : public QObject {
    Q_OBJECT

    cg::test::PgFixture m_fixture;

    // A fresh database per test (PostgreSQL: a new database on the one server).
    QString freshUrl() {
        if (!test::onPostgreSQL())
            return QStringLiteral("sqlite::memory:");
        QString err;
        const QString url = m_fixture.createDatabase(&err);
        if (url.isEmpty())
            qFatal("createDatabase: %s", qPrintable(err));
        return url;
    }

    static void prepare(DispatchFixture &f) {
        f.broker.acct.optionsTradingLevel = 3;
        f.dispatcher->setSettings(condorSettings(f.dispatcher->settings()));
    }

    Signal queue(DispatchFixture &f, Signal s) {
        s.createdAt = f.clock.now();
        auto id = f.store.signals().enqueue(s);
        if (!id)
            qFatal("enqueue: %s", id.error().message.c_str());
        s.id = *id;
        return s;
    }

    static Decision proposeManual(DispatchFixture &f, const ManualStrategyOrder &o) {
        bool done = false;
        Decision out;
        f.dispatcher->proposeManualStrategy(o, [&](Decision d) {
            out = std::move(d);
            done = true;
        });
        if (!waitFor([&] { return done; }))
            qFatal("proposeManualStrategy never answered");
        return out;
    }

    static Decision place(DispatchFixture &f, Decision proposal) {
        bool done = false;
        Decision out;
        f.dispatcher->place(std::move(proposal), [&](Decision d) {
            out = std::move(d);
            done = true;
        });
        if (!waitFor([&] { return done; }))
            qFatal("place never answered");
        return out;
    }

    // `p` placed, one order sent; then, nothing held, the same legs `o` open, and `leg` (named
    // "leg N (buy 1 SYMBOL)"), bought to open without a bid, holds them.
    static void placedThenHeldOpening(DispatchFixture &f, const Decision &p,
                                      const ManualStrategyOrder &o, const std::string &leg) {
        const Decision placed = place(f, p);
        QVERIFY2(placed.placesOrder(), placed.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.size(), std::size_t(1));
        f.broker.positionList.clear();
        f.broker.submitted.clear();
        const Decision opens = proposeManual(f, o);
        QVERIFY(!opens.placesOrder());
        QVERIFY2(opens.fallbackReason.find(leg) != std::string::npos, opens.fallbackReason.c_str());
        QVERIFY(f.broker.submitted.empty());
    }

    // An iron condor the trader built: the dispatcher's own pick on this chain.
    static MultiLegStrategy builtCondor(DispatchFixture &f) {
        StrategyBuildParams p = defaultStrategySettings(StrategyTemplate::IronCondor).build;
        p.minDte = 5;
        p.maxDte = 10;
        auto s = buildStrategy(f.md.contracts, "SPY", kSeedSpot, p, f.clock.now());
        if (!s)
            qFatal("buildStrategy: %s", s.error().message.c_str());
        return *s;
    }

    // A ticket on builtCondor, the dispatcher to size it and set its limit.
    // One condor at a net limit well past the natural (half its credit, or 1.5 times its
    // debit), which the fat-finger precaution holds; false when the condor is not proposed.
    static bool limitPastTheNatural(DispatchFixture &f, ManualStrategyOrder &o) {
        const Decision first = proposeManual(f, o);
        if (!first.placesOrder() || !first.multiLeg->figures)
            return false;
        const double natural = first.multiLeg->figures->netNatural;
        o.qty = 1;
        o.netLimit = std::round((natural < 0 ? natural * 0.5 : natural * 1.5) * 100.0) / 100.0;
        return true;
    }

    static ManualStrategyOrder condorOrder(DispatchFixture &f) {
        ManualStrategyOrder o;
        o.strategy = builtCondor(f);
        return o;
    }

private Q_SLOTS:
    void initTestCase() {
        if (test::onPostgreSQL()) {
            CG_REQUIRE_POSTGRESQL();
            const QString err = m_fixture.start();
            QVERIFY2(err.isEmpty(), qPrintable(err));
        }
    }
    void cleanupTestCase() { m_fixture.shutdown(); }

    // An outside engine's row (symbol, action, strategy) is a multi-leg signal.
    void queuedSignalRoundTrips() {
        DispatchFixture f(freshUrl());
        queue(f, condorSignal());
        auto claimed = f.store.signals().claimNext("test");
        QVERIFY(claimed && claimed->has_value());
        QVERIFY((*claimed)->multiLeg == StrategyTemplate::IronCondor);
        QVERIFY((*claimed)->action == SignalAction::Neutral);
        QVERIFY((*claimed)->error.empty());
        // A template with the wrong direction is not a signal.
        Signal wrong;
        wrong.action = SignalAction::Put;
        wrong.symbol = "SPY";
        QCOMPARE(setStrategyName(wrong, "iron_condor").value_or(""),
                 std::string("iron_condor is a NEUTRAL strategy: SPY:NEUTRAL:iron_condor"));
    }

    // A multi-leg signal's legs go by delta and width: the strike band of single-leg signals
    // does not cut them off. At a 1 % band the condor's shorts and wings were not fetched and
    // the signal fell back ("Cannot build iron_condor ...").
    void aNarrowStrikeBandDoesNotCutAStrategysLegs() {
        DispatchFixture f(freshUrl());
        prepare(f);
        DispatcherSettings s = f.dispatcher->settings();
        s.strikeBandPct = 1.0;
        f.dispatcher->setSettings(s);
        const Decision d = f.dispatch(queue(f, condorSignal()));
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QVERIFY(!f.md.queries.back().strikeMin && !f.md.queries.back().strikeMax);
    }

    void intentWithLegsBeforeTheOrderThenFills() {
        DispatchFixture f(freshUrl());
        prepare(f);
        const Signal s = queue(f, condorSignal());
        bool checked = false;
        f.broker.onSubmit = [&](const OrderRequest &r) {
            // The order is on its way: its record and its four legs are already written.
            ExecutionFilter byOrder;
            byOrder.clientOrderId = r.clientOrderId;
            auto recs = f.store.records().executions(byOrder);
            QVERIFY(recs && recs->size() == 1);
            QCOMPARE(recs->front().orderStatus, std::string(kSendingStatus));
            ExecutionLegs legs(f.store);
            auto l = legs.legs(recs->front().executionUid);
            QVERIFY(l && l->size() == 4);
            QCOMPARE(r.legs.size(), std::size_t(4));
            checked = true;
        };
        const Decision d = f.dispatch(s);
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QVERIFY(checked);
        QVERIFY(d.multiLeg && d.multiLeg->strategy);
        QCOMPARE(d.clientOrderId, f.dispatcher->clientOrderIdFor(s));
        QVERIFY(d.order && d.order->legs.size() == 4);
        QVERIFY(d.limitPrice && *d.limitPrice < 0); // a condor is a credit
        const auto records = f.records();
        QCOMPARE(records.size(), std::size_t(1));
        QCOMPARE(records.front().strategy, std::string("iron_condor"));
        QCOMPARE(records.front().action, std::string("NEUTRAL"));
        const auto explain =
            QJsonDocument::fromJson(QByteArray::fromStdString(records.front().explainJson))
                .object();
        QCOMPARE(explain.value("multi_leg").toObject().value("legs").toArray().size(), 4);
        QCOMPARE(explain.value("multi_leg").toObject().value("closes").toBool(true), false);
        QCOMPARE(explain.value("multi_leg").toObject().value("placed_from").toString(),
                 QStringLiteral("iron_condor"));
        QVERIFY(explain.value("multi_leg").toObject().value("budget").toDouble() > 0);

        // The order fills: each leg's price reaches its row.
        f.broker.fillLegs(d.clientOrderId, *d.limitPrice, {0.50, 1.60, 1.55, 0.45});
        QVERIFY(waitFor([&] {
            ExecutionLegs legs(f.store);
            auto l = legs.legs(records.front().executionUid);
            return l && l->size() == 4 && (*l)[1].fillPrice && (*l)[3].fillPrice;
        }));
        ExecutionLegs legs(f.store);
        const auto l = legs.legs(records.front().executionUid).value();
        QCOMPARE(l[0].fillPrice.value_or(0), 0.50);
        QCOMPARE(l[1].fillPrice.value_or(0), 1.60);
        QCOMPARE(l[2].side, std::string("sell"));
        QVERIFY(l[2].mid.has_value());
        QCOMPARE(f.records().size(), std::size_t(1));
        QCOMPARE(f.records().front().orderStatus, std::string("filled"));
    }

    void killSwitchRefuses() {
        DispatchFixture f(freshUrl());
        prepare(f);
        f.dispatcher->killSwitch().engage(QStringLiteral("test"));
        const Decision d = f.dispatch(queue(f, condorSignal()));
        QVERIFY(!d.placesOrder());
        QVERIFY2(d.fallbackReason.find("Kill switch") != std::string::npos,
                 d.fallbackReason.c_str());
        QVERIFY(f.broker.submitted.empty());
        QCOMPARE(f.records().size(), std::size_t(1));
        QVERIFY(f.records().front().mode == ExecutionMode::SimulatedFallback);
    }

    void dailyOrderLimitRefuses() {
        DispatchFixture f(freshUrl());
        prepare(f);
        DispatcherSettings s = f.dispatcher->settings();
        s.risk.maxOrdersPerDay = 1;
        f.dispatcher->setSettings(s);
        QVERIFY(f.dispatch(queue(f, condorSignal())).placesOrder());
        const Decision second = f.dispatch(queue(f, condorSignal()));
        QCOMPARE(second.fallbackReason, std::string("Daily order limit reached: 1 of 1"));
        QCOMPARE(f.broker.submitted.size(), std::size_t(1));
    }

    // Per-order limits: units x the largest ratio against max contracts.
    void maxContractsRefusesATypedQuantity() {
        DispatchFixture f(freshUrl());
        prepare(f);
        DispatcherSettings s = f.dispatcher->settings();
        s.risk.maxContractsPerOrder = 2;
        f.dispatcher->setSettings(s);
        ManualStrategyOrder o = condorOrder(f);
        o.qty = 3;
        const Decision d = proposeManual(f, o);
        QVERIFY(!d.placesOrder());
        QVERIFY2(d.fallbackReason.find("contracts") != std::string::npos, d.fallbackReason.c_str());
    }

    // "Contracts per order" counts every leg's contracts: a condor of 10 units is 40 contracts.
    // Only the largest leg was counted, so a limit of 10 let 40 go out.
    void maxContractsCountsEveryLeg() {
        DispatchFixture f(freshUrl());
        prepare(f);
        DispatcherSettings s = f.dispatcher->settings();
        s.risk.maxContractsPerOrder = 10;
        s.risk.maxNotionalPerOrder = 1e9;
        f.dispatcher->setSettings(s);
        const Decision d = f.dispatch(queue(f, condorSignal()));
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(d.multiLeg->strategy->legs.size(), std::size_t{4});
        QVERIFY2(d.qty * 4 <= 10, qPrintable(QString::number(d.qty)));
        ManualStrategyOrder o = condorOrder(f);
        o.qty = 3; // 12 contracts
        const Decision typed = proposeManual(f, o);
        QVERIFY(!typed.placesOrder());
        QVERIFY2(typed.fallbackReason.find("12") != std::string::npos,
                 typed.fallbackReason.c_str());
    }

    // Alpaca takes multi-leg orders for the day only: a gtc one is not sent for Alpaca to
    // refuse (422 invalid time in force).
    void aMultiLegOrderIsForTheDayOnly() {
        DispatchFixture f(freshUrl());
        prepare(f);
        ManualStrategyOrder o = condorOrder(f);
        o.timeInForce = "gtc";
        const Decision d = proposeManual(f, o);
        QVERIFY(!d.placesOrder());
        QCOMPARE(d.fallbackReason,
                 std::string("Alpaca takes multi-leg orders for the day only, not gtc"));
        QVERIFY(f.broker.submitted.empty());
    }

    // Legs Alpaca cannot take in one order (ratios 2:2:2:2, a contract twice) are refused at the
    // proposal with the reason. They reached the encoder at Confirm, whose refusal came back
    // without an HTTP status: recorded as sent, "state unknown, do not send it again".
    void legsAlpacaCannotTakeAreRefusedAtTheProposal() {
        DispatchFixture f(freshUrl());
        prepare(f);
        ManualStrategyOrder o = condorOrder(f);
        for (StrategyLeg &leg : o.strategy.legs)
            leg.ratio = 2;
        Decision d = proposeManual(f, o);
        QVERIFY(!d.placesOrder());
        QVERIFY2(d.fallbackReason.find("share a factor of 2") != std::string::npos,
                 d.fallbackReason.c_str());
        o = condorOrder(f);
        o.strategy.legs[1] = o.strategy.legs[0];
        d = proposeManual(f, o);
        QVERIFY(!d.placesOrder());
        QVERIFY2(d.fallbackReason.find("twice") != std::string::npos, d.fallbackReason.c_str());
        QVERIFY(f.broker.submitted.empty());
    }

    void optionsLevelTwoRefusesSpreads() {
        DispatchFixture f(freshUrl());
        prepare(f);
        f.broker.acct.optionsTradingLevel = 2;
        const Decision d = f.dispatch(queue(f, condorSignal()));
        QVERIFY(!d.placesOrder());
        QCOMPARE(d.fallbackReason,
                 std::string("iron_condor needs options level 3 (spreads); the account has "
                             "level 2"));
    }

    // A short straddle's sold legs are not covered, which Alpaca does not take at any level it
    // grants: the signal falls back here, as the trader's ticket does, instead of sending a
    // naked mleg order (1 unit at a -24.05 credit) for Alpaca to refuse.
    void uncoveredShortLegsAreNotSentFromASignal() {
        DispatchFixture f(freshUrl());
        prepare(f);
        DispatcherSettings settings = f.dispatcher->settings();
        StrategySettings straddle = defaultStrategySettings(StrategyTemplate::ShortStraddle);
        straddle.build.minDte = 5;
        straddle.build.maxDte = 10;
        settings.multiLeg.push_back(straddle);
        f.dispatcher->setSettings(settings);
        f.broker.acct.equity = 400000.0;
        Signal sig = condorSignal();
        sig.multiLeg = StrategyTemplate::ShortStraddle;
        const Decision d = f.dispatch(queue(f, sig));
        QVERIFY2(f.broker.submitted.empty(), "a naked short straddle was sent");
        QVERIFY(!d.placesOrder());
        QVERIFY2(d.fallbackReason.find("has unlimited risk") != std::string::npos,
                 d.fallbackReason.c_str());
    }

    // The seed's calls nearest the money on its nearest and farthest expiries, one strike: a
    // calendar's legs (null where the chain has none).
    static std::pair<OptionContract *, OptionContract *> calendarCalls(DispatchFixture &f) {
        std::map<double, std::vector<OptionContract *>> byStrike;
        for (OptionContract &c : f.md.contracts)
            if (c.type == OptionType::Call && c.quote && c.quote->bid > 0.0)
                byStrike[c.strike].push_back(&c);
        std::pair<OptionContract *, OptionContract *> out{nullptr, nullptr};
        double best = 1e9;
        for (auto &[strike, calls] : byStrike) {
            if (calls.size() < 2 || std::abs(strike - kSeedSpot) >= best)
                continue;
            const auto [lo, hi] = std::minmax_element(
                calls.begin(), calls.end(), [](const OptionContract *a, const OptionContract *b) {
                    return std::chrono::sys_days{a->expiry} < std::chrono::sys_days{b->expiry};
                });
            if ((*lo)->expiry == (*hi)->expiry)
                continue;
            best = std::abs(strike - kSeedSpot);
            out = {*lo, *hi};
        }
        return out;
    }

    // A calendar ticket built by hand: the near and the far call on the sides given, one unit
    // unless `qty` says otherwise (0: the dispatcher's).
    static ManualStrategyOrder calendarTicket(const OptionContract &nearCall, OrderSide nearSide,
                                              const OptionContract &farCall, OrderSide farSide,
                                              int qty = 1) {
        ManualStrategyOrder o;
        o.strategy.kind = StrategyTemplate::Calendar;
        o.strategy.underlying = "SPY";
        o.strategy.legs = {openingLeg(nearCall, nearSide), openingLeg(farCall, farSide)};
        o.qty = qty;
        return o;
    }

    // A calendar with its sides swapped, built by hand: its sold far call is naked once the near
    // call expires. It was shown with a bounded max loss and sent; now refused with the leg.
    void aReversedCalendarIsNotSentFromATicket() {
        DispatchFixture f(freshUrl());
        prepare(f);
        const auto [nearCall, farCall] = calendarCalls(f);
        QVERIFY(nearCall && farCall);
        const ManualStrategyOrder o =
            calendarTicket(*nearCall, OrderSide::Buy, *farCall, OrderSide::Sell);
        const Decision d = proposeManual(f, o);
        QVERIFY(!d.placesOrder());
        QVERIFY2(d.fallbackReason.find("has unlimited risk") != std::string::npos &&
                     d.fallbackReason.find("not covered") != std::string::npos,
                 d.fallbackReason.c_str());
        QVERIFY(f.broker.submitted.empty());
    }

    // A calendar held (the near call short, the far one long) whose near call is now worthless:
    // no bid, so no mid to solve an implied volatility from, and the feed sent none. At the near
    // expiry that call is worth its intrinsic value: only the far one needs an IV. It was refused
    // ("Cannot value ... no implied volatility"); now it is valued and closed, and the same legs
    // opening are still held (a bought leg needs a bid).
    void aCalendarWithAWorthlessShortIsClosed() {
        DispatchFixture f(freshUrl());
        prepare(f);
        const auto [nearCall, farCall] = calendarCalls(f);
        QVERIFY(nearCall && farCall);
        nearCall->quote->bid = 0.0;
        nearCall->quote->ask = 0.05;
        nearCall->quote->bidSize = 0;
        nearCall->impliedVol.reset();
        nearCall->greeks.reset();
        f.broker.positionList = {held(nearCall->symbol, -1), held(farCall->symbol, 1)};
        const ManualStrategyOrder o =
            calendarTicket(*nearCall, OrderSide::Buy, *farCall, OrderSide::Sell, 0);
        const Decision p = proposeManual(f, o);
        QVERIFY2(p.placesOrder(), p.fallbackReason.c_str());
        // Valued (as opened these legs are a calendar reversed: its loss has no bound).
        QVERIFY(p.multiLeg && p.multiLeg->figures && p.multiLeg->figures->valued());
        QVERIFY(p.multiLeg->figures->unlimitedLoss());
        QCOMPARE(p.qty, 1);
        QVERIFY(p.order && p.order->legs.size() == 2);
        QCOMPARE(p.order->legs[0].intent, PositionIntent::BuyToClose);
        QCOMPARE(p.order->legs[1].intent, PositionIntent::SellToClose);
        // A credit: the far call sold for more than the near one is bought back.
        QVERIFY(p.limitPrice);
        QVERIFY2(*p.limitPrice < 0.0, qPrintable(QString::number(*p.limitPrice)));
        placedThenHeldOpening(f, p, o, "leg 1 (buy 1 " + nearCall->symbol + ")");
    }

    // A calendar whose far call has no implied volatility (a bid, but a mid too small to solve
    // one from, and none from the feed): at the near expiry that call is priced with one, so
    // neither max loss nor max profit is known. Priced only: refused to open (its max loss sizes
    // it), sent to close what is held.
    void aCalendarWithoutAFarIvClosesButDoesNotOpen() {
        DispatchFixture f(freshUrl());
        prepare(f);
        const auto [nearCall, farCall] = calendarCalls(f);
        QVERIFY(nearCall && farCall);
        farCall->quote->bid = 0.01;
        farCall->quote->ask = 0.03;
        farCall->impliedVol.reset();
        farCall->greeks.reset();
        const ManualStrategyOrder open =
            calendarTicket(*nearCall, OrderSide::Sell, *farCall, OrderSide::Buy);
        const Decision opens = proposeManual(f, open);
        QVERIFY(!opens.placesOrder());
        QVERIFY2(opens.fallbackReason.find("Cannot value buy 1 " + farCall->symbol) !=
                         std::string::npos &&
                     opens.fallbackReason.find("no implied volatility") != std::string::npos,
                 opens.fallbackReason.c_str());
        QVERIFY(f.broker.submitted.empty());

        // Held the other way: the same legs close it.
        f.broker.positionList = {held(nearCall->symbol, 1), held(farCall->symbol, -1)};
        const Decision closes = proposeManual(f, open);
        QVERIFY2(closes.placesOrder(), closes.fallbackReason.c_str());
        QVERIFY(closes.multiLeg && closes.multiLeg->figures && !closes.multiLeg->figures->valued());
        QVERIFY(closes.order && closes.order->legs.size() == 2);
        QCOMPARE(closes.order->legs[0].intent, PositionIntent::SellToClose);
        QCOMPARE(closes.order->legs[1].intent, PositionIntent::BuyToClose);
        const Decision placed = place(f, closes);
        QVERIFY2(placed.placesOrder(), placed.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.size(), std::size_t(1));
    }

    void dryRunRecordsNothing() {
        DispatchFixture f(freshUrl());
        prepare(f);
        Signal s = condorSignal();
        const Decision d = f.dispatch(s, true);
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QVERIFY(d.dryRun);
        QVERIFY(f.broker.submitted.empty());
        QVERIFY(f.records().empty());
        ExecutionLegs legs(f.store);
        QVERIFY(d.multiLeg && d.multiLeg->strategy);
    }

    // A signal's multi-leg ticket is held at Confirm when a leg has since failed a gate that
    // picked it (here open interest): it was re-checked as a hand-built ticket, on the quote and
    // expiry gates alone, and sent.
    void aSignalsTicketIsHeldWhenALegFailsItsGates() {
        DispatchFixture f(freshUrl());
        prepare(f);
        ConfirmationQueue tickets(*f.dispatcher);
        const Signal signal = queue(f, condorSignal());
        std::optional<Decision> proposed;
        tickets.addSignal(signal, [&](Decision d) { proposed = std::move(d); });
        QVERIFY(waitFor([&] { return proposed.has_value(); }));
        QVERIFY2(proposed->placesOrder(), proposed->fallbackReason.c_str());
        QCOMPARE(tickets.tickets().size(), std::size_t(1));
        // The first leg's open interest is gone (its quote, and so the combination, unchanged).
        const std::string leg = proposed->multiLeg->strategy->legs.front().contract.symbol;
        for (OptionContract &c : f.md.contracts)
            if (c.symbol == leg)
                c.openInterest = 0;
        std::optional<TicketVerdict> verdict;
        tickets.confirm(tickets.tickets().front().id, {},
                        [&](TicketVerdict v) { verdict = std::move(v); });
        QVERIFY(waitFor([&] { return verdict.has_value(); }));
        QVERIFY2(verdict->kind != TicketVerdict::Kind::Send, verdict->why.c_str());
        const std::string why = verdict->why + verdict->decision.fallbackReason;
        QVERIFY2(why.find("pen interest") != std::string::npos, why.c_str());
        QVERIFY(f.broker.submitted.empty());
    }

    void manualProposeAndPlace() {
        DispatchFixture f(freshUrl());
        prepare(f);
        const Decision p = proposeManual(f, condorOrder(f));
        QVERIFY2(p.placesOrder(), p.fallbackReason.c_str());
        QVERIFY(p.source == DecisionSource::Manual);
        QVERIFY(p.clientOrderId.rfind("cg-", 0) == 0 &&
                p.clientOrderId.find("-man-") != std::string::npos);
        QVERIFY(p.multiLeg && p.multiLeg->figures);
        QVERIFY(p.qty >= 1);
        QVERIFY(p.order && p.order->legs.size() == 4);
        QVERIFY(f.records().empty()); // a proposal is not recorded
        const Decision placed = place(f, p);
        QVERIFY2(placed.placesOrder(), placed.fallbackReason.c_str());
        QVERIFY(!placed.orderId.empty());
        QCOMPARE(f.broker.submitted.size(), std::size_t(1));
        QCOMPARE(f.broker.submitted.front().legs.size(), std::size_t(4));
        const auto records = f.records();
        QCOMPARE(records.size(), std::size_t(1));
        QCOMPARE(records.front().source, std::string("manual"));
        ExecutionLegs legs(f.store);
        QCOMPARE(legs.legs(records.front().executionUid).value().size(), std::size_t(4));
    }

    static Position held(const std::string &symbol, double qty) {
        return FakeBroker::contracts(symbol, qty);
    }

    // A bear call spread held `units` times (the condor's sold call short, its wing long), and
    // the ticket that buys it back: legs built by hand the other way round.
    static SpreadHeld spreadHeld(DispatchFixture &f, double units) {
        const MultiLegStrategy condor = builtCondor(f);
        SpreadHeld h{legOf(condor, OptionType::Call, OrderSide::Sell),
                     legOf(condor, OptionType::Call, OrderSide::Buy),
                     {}};
        f.broker.positionList = {held(h.soldCall.contract.symbol, -units),
                                 held(h.wing.contract.symbol, units)};
        h.buyBack = byHand({openingLeg(h.soldCall.contract, OrderSide::Buy),
                            openingLeg(h.wing.contract, OrderSide::Sell)});
        return h;
    }

    // A ticket for legs built by hand on SPY (each opening until the positions say otherwise).
    static ManualStrategyOrder byHand(std::vector<StrategyLeg> legs) {
        ManualStrategyOrder o;
        o.strategy.kind = StrategyTemplate::Custom;
        o.strategy.underlying = "SPY";
        o.strategy.legs = std::move(legs);
        return o;
    }

    static const StrategyLeg &legOf(const MultiLegStrategy &s, OptionType type, OrderSide side) {
        const auto it = std::find_if(s.legs.begin(), s.legs.end(), [&](const StrategyLeg &l) {
            return l.side == side && l.contract.type == type;
        });
        if (it == s.legs.end())
            qFatal("no such leg");
        return *it;
    }

    // A spread held, bought back as one order: Alpaca infers each leg's intent from the position
    // and refuses an opening one against it ("position intent mismatch"), so the legs go buy to
    // close and sell to close (every leg went to open before). A close takes risk off: sized to
    // what is held, and, as a single-leg close, not held by the per-order limits. More than is
    // left to close is held with the reason.
    void aSpreadHeldIsBoughtBackWithClosingIntents() {
        DispatchFixture f(freshUrl());
        prepare(f);
        ManualStrategyOrder o = spreadHeld(f, 2).buyBack;
        DispatcherSettings settings = f.dispatcher->settings();
        settings.risk.maxContractsPerOrder = 1; // would hold 2 units x 2 contracts that open
        f.dispatcher->setSettings(settings);

        o.qty = 3;
        const Decision three = proposeManual(f, o);
        QVERIFY(!three.placesOrder());
        QVERIFY2(three.fallbackReason.find("would buy back 3 to close, and only 2 can be") !=
                         std::string::npos &&
                     three.fallbackReason.find("send at most 2 units") != std::string::npos,
                 three.fallbackReason.c_str());

        o.qty = 0;                                                // all that is held
        o.strategy.placedFrom = StrategyTemplate::BearCallSpread; // the builder's start
        const Decision p = proposeManual(f, o);
        QVERIFY2(p.placesOrder(), p.fallbackReason.c_str());
        QCOMPARE(p.qty, 2);
        const Decision placed = place(f, p);
        QVERIFY2(placed.placesOrder(), placed.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.size(), std::size_t(1));
        const auto &legs = f.broker.submitted.front().legs;
        QCOMPARE(legs.size(), std::size_t(2));
        QCOMPARE(legs[0].intent, PositionIntent::BuyToClose);
        QCOMPARE(legs[1].intent, PositionIntent::SellToClose);
        // Recorded (the newest record) as a close: no budget applied to it.
        const auto records = f.records();
        QVERIFY(!records.empty());
        const QJsonObject explain =
            QJsonDocument::fromJson(QByteArray::fromStdString(records.front().explainJson))
                .object();
        const QJsonObject multiLeg = explain.value("multi_leg").toObject();
        QVERIFY(explain.value("sizing").toObject().value("budget").isNull());
        QCOMPARE(multiLeg.value("closes").toBool(), true);
        QCOMPARE(multiLeg.value("template").toString(), QStringLiteral("custom"));
        QCOMPARE(multiLeg.value("placed_from").toString(), QStringLiteral("bear_call_spread"));
        QVERIFY2(multiLeg.value("budget").isNull(),
                 QJsonDocument(multiLeg).toJson(QJsonDocument::Compact).constData());

        // Nothing left once that order works: named, not "at most 0 units".
        o.qty = 1;
        const Decision again = proposeManual(f, o);
        QVERIFY(!again.placesOrder());
        QVERIFY2(again.fallbackReason.find("Nothing is left for this order to close") !=
                     std::string::npos,
                 again.fallbackReason.c_str());
    }

    // The ticket showed a close; by its confirmation the spread was closed elsewhere, and the
    // same legs would now open a spread: held with the change named, not sent to open.
    void aCloseWhosePositionsChangedIsHeld() {
        DispatchFixture f(freshUrl());
        prepare(f);
        const SpreadHeld spread = spreadHeld(f, 2);
        const StrategyLeg &soldCall = spread.soldCall;
        const ManualStrategyOrder &o = spread.buyBack;
        const Decision shown = proposeManual(f, o);
        QVERIFY2(shown.placesOrder(), shown.fallbackReason.c_str());

        f.broker.positionList.clear();
        ManualStrategyOrder confirm = o;
        confirm.qty = shown.qty;
        confirm.netLimit = shown.limitPrice;
        confirm.shownIntents = legIntents(*shown.multiLeg->strategy);
        const Decision again = proposeManual(f, confirm);
        QVERIFY(!again.placesOrder());
        QVERIFY2(again.fallbackReason.find("The positions changed since the ticket was shown: "
                                           "leg 1 (buy 1 " +
                                           soldCall.contract.symbol +
                                           ") is now Buy to open, not Buy to close") !=
                     std::string::npos,
                 again.fallbackReason.c_str());
        QVERIFY(f.broker.submitted.empty());
    }

    // Every leg closes, and what is left is a short without the cover it had: the spread's long
    // call sold back (with a put held) leaves its short call naked. Refused with the short named;
    // with shares held to cover it, taken.
    void aCloseThatLeavesAShortUncoveredIsHeld() {
        DispatchFixture f(freshUrl());
        prepare(f);
        const SpreadHeld spread = spreadHeld(f, 2);
        const StrategyLeg &soldCall = spread.soldCall;
        const StrategyLeg put = legOf(builtCondor(f), OptionType::Put, OrderSide::Buy);
        f.broker.positionList.push_back(held(put.contract.symbol, 2));
        ManualStrategyOrder o = byHand({openingLeg(spread.wing.contract, OrderSide::Sell),
                                        openingLeg(put.contract, OrderSide::Sell)});
        const Decision p = proposeManual(f, o);
        QVERIFY(!p.placesOrder());
        QVERIFY2(p.fallbackReason.find(
                     "After this order the account would hold 2 " + soldCall.contract.symbol +
                     " short without cover (2 of them uncovered by it)") != std::string::npos,
                 p.fallbackReason.c_str());
        // 200 shares cover the short call: the same close leaves a covered call, and goes.
        f.broker.positionList.push_back(FakeBroker::shares("SPY", 200));
        const Decision covered = proposeManual(f, o);
        QVERIFY2(covered.placesOrder(), covered.fallbackReason.c_str());
    }

    // A long strangle sold back: two sales that close. Its figures, which price the legs as
    // opened, call it unlimited risk; it was refused (and, past that, held for a price of 0).
    void aLongStrangleIsSoldBack() {
        DispatchFixture f(freshUrl());
        prepare(f);
        const MultiLegStrategy condor = builtCondor(f);
        const StrategyLeg &call = legOf(condor, OptionType::Call, OrderSide::Buy);
        const StrategyLeg &put = legOf(condor, OptionType::Put, OrderSide::Buy);
        f.broker.positionList = {held(call.contract.symbol, 1), held(put.contract.symbol, 1)};
        ManualStrategyOrder o = byHand({openingLeg(put.contract, OrderSide::Sell),
                                        openingLeg(call.contract, OrderSide::Sell)});
        const Decision p = proposeManual(f, o);
        QVERIFY2(p.placesOrder(), p.fallbackReason.c_str());
        QCOMPARE(p.qty, 1);
        QVERIFY(p.order && p.order->legs.size() == 2);
        for (const OrderLegRequest &leg : p.order->legs)
            QCOMPARE(leg.intent, PositionIntent::SellToClose);
    }

    // A call debit spread held whose short leg is worthless (no bid, an ask of 0.05): closing it
    // buys the short back on its ask alone, as a single-leg ticket does. It was held ("no valid
    // quote") before the intents were known. A leg that would buy to open on such a quote is
    // still held, with the leg named.
    void aDebitSpreadWithAWorthlessShortIsClosed() {
        DispatchFixture f(freshUrl());
        prepare(f);
        const MultiLegStrategy condor = builtCondor(f);
        const StrategyLeg &near = legOf(condor, OptionType::Call, OrderSide::Sell);
        const StrategyLeg &far = legOf(condor, OptionType::Call, OrderSide::Buy);
        OptionContract *worthless = f.md.find(far.contract.symbol);
        QVERIFY(worthless && worthless->quote);
        worthless->quote->bid = 0.0;
        worthless->quote->ask = 0.05;
        worthless->quote->bidSize = 0;
        f.broker.positionList = {held(near.contract.symbol, 2), held(far.contract.symbol, -2)};
        ManualStrategyOrder o = byHand(
            {openingLeg(near.contract, OrderSide::Sell), openingLeg(*worthless, OrderSide::Buy)});
        const Decision p = proposeManual(f, o);
        QVERIFY2(p.placesOrder(), p.fallbackReason.c_str());
        QCOMPARE(p.qty, 2);
        QVERIFY(p.order && p.order->legs.size() == 2);
        QCOMPARE(p.order->legs[0].intent, PositionIntent::SellToClose);
        QCOMPARE(p.order->legs[1].intent, PositionIntent::BuyToClose);
        placedThenHeldOpening(f, p, o, "leg 2 (buy 1 " + worthless->symbol + ")");
    }

    // Some legs closing what is held, some opening: refused with the legs named (the figures
    // price every leg as opened, so the risk of such a roll is not known here); and a signal,
    // which opens its strategy, does not close a position the trader holds for another reason.
    void legsThatCloseAndOpenAreRefused() {
        DispatchFixture f(freshUrl());
        prepare(f);
        ManualStrategyOrder o = condorOrder(f);
        const std::string soldCall =
            legOf(o.strategy, OptionType::Call, OrderSide::Sell).contract.symbol;
        f.broker.positionList = {held(soldCall, 2)};
        const Decision mixed = proposeManual(f, o);
        QVERIFY(!mixed.placesOrder());
        QVERIFY2(mixed.fallbackReason.find("would close a position held (leg 3 (sell 1 " +
                                           soldCall + "))") != std::string::npos &&
                     mixed.fallbackReason.find("two orders") != std::string::npos,
                 mixed.fallbackReason.c_str());

        const Decision d = f.dispatch(queue(f, condorSignal()));
        QVERIFY(!d.placesOrder());
        QVERIFY2(d.fallbackReason.find(soldCall + " is held long, so this leg would close it") !=
                         std::string::npos &&
                     d.fallbackReason.find("a signal only opens a strategy") != std::string::npos,
                 d.fallbackReason.c_str());
        QVERIFY(f.broker.submitted.empty());
    }

    // A net limit typed worse than the mid (here the natural: a smaller credit) risks more a
    // unit than the figures at the mid say: the units are sized, and the money at risk recorded,
    // at the limit that is sent.
    void sizedAtTheLimitSent() {
        DispatchFixture f(freshUrl());
        prepare(f);
        ManualStrategyOrder o = condorOrder(f);
        const Decision atMid = proposeManual(f, o);
        QVERIFY2(atMid.placesOrder(), atMid.fallbackReason.c_str());
        const StrategyFigures &fig = *atMid.multiLeg->figures;
        o.netLimit = fig.netNatural;
        o.overridePrecautions = true;
        const Decision typed = proposeManual(f, o);
        QVERIFY2(typed.placesOrder(), typed.fallbackReason.c_str());
        const double perUnit = (*fig.maxLoss + (fig.netNatural - fig.netMid)) * fig.multiplier;
        QVERIFY(perUnit > *fig.maxLossDollars());
        QVERIFY2(std::abs(typed.multiLeg->sizing.riskPerUnit - perUnit) < 1e-6,
                 qPrintable(QString::number(typed.multiLeg->sizing.riskPerUnit)));
        QVERIFY(std::abs(typed.cost - typed.qty * perUnit) < 1e-6);
        QVERIFY(typed.qty * perUnit <= typed.multiLeg->budget + 1e-6);
    }

    // `symbol`'s quote times `factor`, on the cent; false when it has none.
    static bool scaleQuote(DispatchFixture &f, const std::string &symbol, double factor) {
        OptionContract *c = f.md.find(symbol);
        if (!c || !c->quote)
            return false;
        c->quote->bid = std::round(c->quote->bid * factor * 100.0) / 100.0;
        c->quote->ask = std::round(c->quote->ask * factor * 100.0) / 100.0;
        return true;
    }

    // The market moved between the ticket and the confirmation: the limit shown is outside the
    // fresh net bid/natural, so nothing is sent and the answer says why with a new limit.
    void recheckHoldsWhenTheMarketLeftTheLimit() {
        DispatchFixture f(freshUrl());
        prepare(f);
        ManualStrategyOrder o = condorOrder(f);
        const Decision p = proposeManual(f, o);
        QVERIFY2(p.placesOrder(), p.fallbackReason.c_str());
        // The short call's quote doubles: the credit grows well past the shown limit.
        QVERIFY(scaleQuote(f, o.strategy.legs[2].contract.symbol, 2.0));
        const Decision held = place(f, p);
        QVERIFY(!held.placesOrder());
        QVERIFY2(held.fallbackReason.rfind("The market moved", 0) == 0,
                 held.fallbackReason.c_str());
        QVERIFY(held.fallbackReason.find("Nothing was sent") != std::string::npos);
        QVERIFY(held.limitPrice && *held.limitPrice != *p.limitPrice);
        QVERIFY(f.broker.submitted.empty());
        QVERIFY(f.records().empty()); // held, not refused: the ticket may confirm again
    }

    // The ticket confirms by proposing again with the limit it shows. When that is the
    // proposal's own mid, shown back untouched, the market leaving it still holds the ticket with
    // a new mid (it used to count as typed, and a stale limit went out).
    void theProposalsLimitShownBackMovesWithTheMarket() {
        DispatchFixture f(freshUrl());
        prepare(f);
        ManualStrategyOrder o = condorOrder(f);
        const Decision p = proposeManual(f, o);
        QVERIFY2(p.placesOrder(), p.fallbackReason.c_str());
        // Past the net natural, within the fat-finger precaution's 10 % of the mid.
        QVERIFY(scaleQuote(f, o.strategy.legs[2].contract.symbol, 1.08));
        ManualStrategyOrder again = o;
        again.qty = p.qty;
        again.netLimit = p.limitPrice;
        again.netLimitTyped = false;
        const Decision shown = proposeManual(f, again);
        QVERIFY2(shown.placesOrder(), shown.fallbackReason.c_str());
        const Decision held = place(f, shown);
        QVERIFY(!held.placesOrder());
        QVERIFY2(held.fallbackReason.rfind("The market moved", 0) == 0,
                 held.fallbackReason.c_str());
        QVERIFY(f.broker.submitted.empty());
    }

    void recheckRefusesWhenTheKillSwitchIsOn() {
        DispatchFixture f(freshUrl());
        prepare(f);
        const Decision p = proposeManual(f, condorOrder(f));
        QVERIFY2(p.placesOrder(), p.fallbackReason.c_str());
        f.dispatcher->killSwitch().engage(QStringLiteral("test"));
        const Decision d = place(f, p);
        QVERIFY(!d.placesOrder());
        QVERIFY2(d.fallbackReason.find("Kill switch") != std::string::npos,
                 d.fallbackReason.c_str());
        QVERIFY(f.broker.submitted.empty());
        QCOMPARE(f.records().size(), std::size_t(1));
    }

    // A typed net limit far past the natural is held by the fat-finger checks; the trader's
    // "send anyway" proposes it, and the override holds through the re-check at placing.
    void precautionsHoldUntilTheTraderOverrides() {
        DispatchFixture f(freshUrl());
        prepare(f);
        ManualStrategyOrder o = condorOrder(f);
        QVERIFY(limitPastTheNatural(f, o));
        const Decision held = proposeManual(f, o);
        QVERIFY(!held.placesOrder());
        QVERIFY(held.multiLeg && held.multiLeg->precautionsTripped);
        QVERIFY2(held.fallbackReason.find("send it anyway") != std::string::npos,
                 held.fallbackReason.c_str());
        o.overridePrecautions = true;
        const Decision p = proposeManual(f, o);
        QVERIFY2(p.placesOrder(), p.fallbackReason.c_str());
        QVERIFY(p.multiLeg->precautionsOverridden);
        const Decision placed = place(f, p);
        QVERIFY2(placed.placesOrder(), placed.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.size(), std::size_t(1));
        QCOMPARE(*f.broker.submitted.front().limitPrice, *o.netLimit);
    }

    // The override covers the precautions the trader saw held, no other: given for a net limit
    // through the market, it does not wave through a quantity raised past the budget since.
    void overrideCoversOnlyThePrecautionsShown() {
        DispatchFixture f(freshUrl());
        prepare(f);
        ManualStrategyOrder o = condorOrder(f);
        QVERIFY(limitPastTheNatural(f, o));
        const Decision held = proposeManual(f, o);
        QVERIFY(!held.placesOrder());
        QCOMPARE(held.multiLeg->precautionKinds, unsigned{kThroughMarket});
        o.overridePrecautions = true;
        o.overriddenPrecautions = held.multiLeg->precautionKinds;
        const Decision overridden = proposeManual(f, o);
        QVERIFY2(overridden.placesOrder(), overridden.fallbackReason.c_str());
        QCOMPARE(overridden.multiLeg->overriddenPrecautions, unsigned{kThroughMarket});
        // One unit more than the budget holds at this limit (the risk limits let it through).
        const double risk = overridden.multiLeg->sizing.riskPerUnit;
        QVERIFY(risk > 0.0);
        o.qty = static_cast<int>(std::floor(overridden.multiLeg->budget / risk)) + 1;
        DispatcherSettings s = f.dispatcher->settings();
        s.risk.maxContractsPerOrder = 4 * o.qty;
        s.risk.maxNotionalPerOrder = 1e9;
        f.dispatcher->setSettings(s);
        const Decision raised = proposeManual(f, o);
        QVERIFY2(!raised.placesOrder(), "sent over the budget under an override given for the "
                                        "limit alone");
        QVERIFY2(raised.fallbackReason.find("above the budget") != std::string::npos,
                 raised.fallbackReason.c_str());
        QCOMPARE(raised.multiLeg->precautionKinds, unsigned{kThroughMarket | kOverBudget});
        // The same at the re-check: the override travels with the proposal, for the limit alone.
        Decision more = overridden;
        more.qty = o.qty;
        const Decision placed = place(f, more);
        QVERIFY2(!placed.placesOrder(), "sent over the budget at the re-check");
        QVERIFY2(placed.fallbackReason.find("above the budget") != std::string::npos,
                 placed.fallbackReason.c_str());
        QVERIFY(placed.multiLeg && placed.multiLeg->precautionsTripped);
        QVERIFY(f.broker.submitted.empty());
        QVERIFY(f.records().empty()); // held, not refused
    }

    void precautionsOnTheNetLimit() {
        StrategyFigures fig;
        fig.netMid = 1.00;
        fig.netNatural = 1.20;
        Precautions p;
        QCOMPARE(strategyPrecautions(p, fig, 1.25, 100, 500).kinds, 0u);
        const TrippedPrecautions tripped = strategyPrecautions(p, fig, 2.00, 900, 500);
        QCOMPARE(tripped.kinds, unsigned{kThroughMarket | kOverBudget});
        QCOMPARE(tripped.reasons.size(), std::size_t(2));
        QVERIFY(tripped.reasons[0].rfind("Net limit 2.00 is 0.80 beyond the natural 1.20", 0) == 0);
        fig.netMid = -1.00; // a credit: the natural receives less
        fig.netNatural = -0.80;
        QVERIFY(strategyPrecautions(p, fig, -0.85, 100, 500).reasons.empty());
        QCOMPARE(strategyPrecautions(p, fig, -0.50, 100, 500).kinds, unsigned{kThroughMarket});
    }
};

QTEST_GUILESS_MAIN(TestStrategyDispatch)
#include "tst_strategy_dispatch.moc"
