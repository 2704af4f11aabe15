// Manual mode: tickets wait for the trader; confirm re-checks quote and gates, reject and expiry
// are recorded.

#include "dispatch/confirmation_queue.h"
#include "dispatch/order_precautions.h"
#include "dispatch_fixture.h"
#include "domain/number_format.h"
#include "ticket_verdict.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>

#include <cmath>

using namespace cg;
using namespace cg::test;

class TestConfirmationQueue : public QObject {
    Q_OBJECT

    // The new ticket's id, or 0 when the proposal fell back instead (the caller's QVERIFY then
    // fails that test alone, rather than the whole program stopping).
    static int addTicket(DispatchFixture &f, ConfirmationQueue &q,
                         SignalAction a = SignalAction::Call) {
        QSignalSpy added(&q, &ConfirmationQueue::ticketAdded);
        QSignalSpy fellBack(&q, &ConfirmationQueue::fallbackRecorded);
        q.addSignal(f.addSignal("SPY", a));
        if (!waitFor([&] { return !added.isEmpty() || !fellBack.isEmpty(); }) || added.isEmpty())
            return 0;
        return added.first().first().toInt();
    }

    static TicketVerdict verdict(ConfirmationQueue &q, int id, TicketChanges c = {}) {
        return confirmVerdict(q, id, c);
    }

    static Decision confirm(ConfirmationQueue &q, int id, TicketChanges c = {}) {
        return verdict(q, id, c).decision;
    }

    static OptionContract &contractOf(DispatchFixture &f, ConfirmationQueue &q, int id) {
        OptionContract *c = f.md.find(q.ticket(id)->proposal.contract->symbol);
        if (!c)
            qFatal("the ticket's contract is not in the chain");
        return *c;
    }

    // A SELL signal's ticket on 12 IWM shares held at $200.00; its id, 0 when none came.
    static int stockSellTicket(DispatchFixture &f, ConfirmationQueue &q) {
        f.md.prices["IWM"] = 200.0;
        f.broker.positionList.push_back(FakeBroker::shares("IWM", 12));
        QSignalSpy added(&q, &ConfirmationQueue::ticketAdded);
        q.addSignal(f.addSignal("IWM", SignalAction::Sell));
        if (!waitFor([&] { return !added.isEmpty(); }))
            return 0;
        return added.first().first().toInt();
    }

    // The ticket's option repriced so that 10 contracts (the per-order maximum) cost 120 % of
    // the strategy's budget; false without a budget.
    static bool repriceOverBudget(DispatchFixture &f, ConfirmationQueue &q, int id) {
        const Decision p = q.ticket(id)->proposal;
        const double budget = p.sizing ? p.sizing->budget : p.budget;
        if (!(budget > 0))
            return false;
        const double price = round2(budget * 1.2 / 1000.0);
        OptionContract &c = contractOf(f, q, id);
        c.quote->bid = round2(price * 0.99);
        c.quote->ask = round2(price * 1.01);
        return true;
    }

    static bool startsWith(const std::string &s, const std::string &head) {
        return s.rfind(head, 0) == 0;
    }

private Q_SLOTS:
    // A SELL signal reads the open orders before the positions, at its proposal and at its
    // confirmation: a working sell that filled between the two reads left its shares offered
    // again, and a stock order has no position intent, so the sale would open a short.
    void stockSellNeverSellsWhatFilledBetweenItsReads() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const Order working = FakeBroker::workingStockSell("ord-sell", "IWM", 12);
        // At the proposal.
        f.md.prices["IWM"] = 200.0;
        f.broker.positionList = {FakeBroker::shares("IWM", 12)};
        f.broker.book = {working};
        f.broker.fillAfterNextPositionsRead("ord-sell");
        std::optional<Decision> proposed;
        QSignalSpy added(&q, &ConfirmationQueue::ticketAdded);
        q.addSignal(f.addSignal("IWM", SignalAction::Sell),
                    [&proposed](Decision d) { proposed = std::move(d); });
        QVERIFY(waitFor([&] { return proposed.has_value(); }));
        QVERIFY2(added.isEmpty(), "a ticket to sell 12 IWM that a fill had just sold");

        // At confirmation: proposed with nothing working, then the same race.
        f.broker.book.clear();
        f.broker.positionList.clear();
        const int id = stockSellTicket(f, q);
        QVERIFY(id > 0);
        f.broker.book = {working};
        f.broker.fillAfterNextPositionsRead("ord-sell");
        const TicketVerdict v = confirmVerdict(q, id);
        QVERIFY2(f.broker.submitted.empty(), "sold 12 IWM more than held: a short");
        QVERIFY(v.kind != TicketVerdict::Kind::Send);
    }

    void ticketWaitsThenConfirmPlacesOrder() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int id = addTicket(f, q);
        QVERIFY(id > 0);
        QCOMPARE(q.tickets().size(), size_t(1));
        QVERIFY(f.broker.submitted.empty()); // nothing sent before the trader confirms
        QVERIFY(f.records().empty());
        const int pricesBefore = f.md.priceCalls;
        QSignalSpy confirmed(&q, &ConfirmationQueue::ticketConfirmed);
        const Decision d = confirm(q, id);
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(confirmed.size(), 1);
        QVERIFY(f.md.priceCalls > pricesBefore); // the quote was fetched again
        QCOMPARE(f.broker.book.size(), size_t(1));
        QCOMPARE(f.records().size(), size_t(1));
        QVERIFY(q.tickets().empty());
        // A second confirm of the same ticket does nothing.
        const Decision again = confirm(q, id);
        QVERIFY(!again.placesOrder());
        QCOMPARE(f.broker.book.size(), size_t(1));
    }

    void confirmWithChangesWithinLimits() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        int id = addTicket(f, q);
        QVERIFY(id > 0);
        Decision d = confirm(q, id, TicketChanges{3, 0.25});
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.size(), size_t(1));
        QVERIFY(f.broker.submitted.back().limitPrice);
        QCOMPARE(f.broker.submitted.back().qty, 3);
        QCOMPARE(*f.broker.submitted.back().limitPrice, 0.25);
        // The record's sizing describes the order sent, not the proposal's price: 0.25 x 100.
        {
            const auto rec = f.records();
            QCOMPARE(rec.size(), size_t(1));
            const QJsonObject sizing =
                QJsonDocument::fromJson(QByteArray::fromStdString(rec.back().explainJson))
                    .object()
                    .value(QStringLiteral("sizing"))
                    .toObject();
            QCOMPARE(sizing.value(QStringLiteral("price")).toDouble(), 0.25);
            QCOMPARE(sizing.value(QStringLiteral("qty")).toInt(), 3);
            QCOMPARE(sizing.value(QStringLiteral("cost_per_contract")).toDouble(), 25.0);
            QCOMPARE(sizing.value(QStringLiteral("cost")).toDouble(), 75.0);
        }
        // Beyond the contracts limit: held with the reason, nothing sent, nothing recorded, and
        // the ticket still waits for the trader (a typed 50 no longer silently becomes 10).
        id = addTicket(f, q, SignalAction::Put);
        QVERIFY(id > 0);
        const TicketVerdict v = verdict(q, id, TicketChanges{11, std::nullopt});
        QVERIFY(v.kind == TicketVerdict::Kind::Hold);
        QVERIFY(!v.overridable);
        QVERIFY2(startsWith(v.why, "Order of 11 contracts is above the limit of 10 per order."),
                 v.why.c_str());
        QCOMPARE(f.broker.submitted.size(), size_t(1));
        QCOMPARE(f.records().size(), size_t(1));
        QVERIFY(q.ticket(id));
    }

    void typedLimitKeepsTheClassTick() {
        // SPY trades in cents at every price: a typed $3.01 goes out as $3.01, never snapped to a
        // $0.05 tick ($3.00).
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int id = addTicket(f, q);
        TicketChanges typed{1, 3.01};
        typed.overridePrecautions = true; // far above this cheap option's ask: a precaution
        const Decision d = confirm(q, id, typed);
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.size(), size_t(1));
        QCOMPARE(*f.broker.submitted.back().limitPrice, 3.01);
    }

    // A gate that fails at confirmation holds the ticket with the fresh quote; nothing is sent
    // or recorded until the trader rejects it or it expires.
    void confirmRecheckFailsOnNewQuote() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int id = addTicket(f, q);
        QVERIFY(id > 0);
        QVERIFY(q.ticket(id) && q.ticket(id)->proposal.contract);
        OptionContract &c = contractOf(f, q, id);
        c.quote->bid = 0.938; // spread widened to 12.4 % since the ticket was made
        c.quote->ask = 1.062;
        QSignalSpy held(&q, &ConfirmationQueue::ticketHeld);
        const TicketVerdict v = verdict(q, id);
        QVERIFY(v.kind == TicketVerdict::Kind::Hold);
        QVERIFY2(startsWith(v.why, "At confirmation: Spread 12.4% is above the 10% limit."),
                 v.why.c_str());
        QCOMPARE(held.size(), 1);
        QVERIFY(f.broker.submitted.empty());
        QVERIFY(f.records().empty());
        QCOMPARE(q.ticket(id)->proposal.contract->quote->bid, 0.938);
        QVERIFY(q.reject(id));
        QCOMPARE(f.records().size(), size_t(1));
    }

    // What the trader confirms is what is sent: the mid moved within the market, the limit the
    // ticket showed goes out, not the fresh mid (the re-check used to re-price it silently).
    void confirmSendsTheLimitTheTicketShowed() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int id = addTicket(f, q);
        const Decision proposal = q.ticket(id)->proposal;
        QVERIFY(proposal.limitPrice);
        const double shown = *proposal.limitPrice;
        OptionContract &c = contractOf(f, q, id);
        DispatcherSettings wide = f.dispatcher->settings();
        wide.gates.maxSpreadPct = 80.0; // a cheap contract: a tick is a wide spread
        f.dispatcher->setSettings(wide);
        c.quote->bid = round2(shown - 0.01); // the market moved around the shown limit
        c.quote->ask = round2(shown + 0.03);
        const TicketVerdict v = verdict(q, id);
        QVERIFY2(v.kind == TicketVerdict::Kind::Send, v.why.c_str());
        QVERIFY2(v.decision.placesOrder(), v.decision.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.size(), size_t(1));
        QCOMPARE(*f.broker.submitted.front().limitPrice, shown);
        QCOMPARE(f.broker.submitted.front().qty, proposal.qty);
    }

    // The market moved past the shown limit: nothing is sent, the ticket refreshes with the new
    // mid and says so; the second confirm sends the new figures.
    void marketMovedAwayHoldsAndRefreshes() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int id = addTicket(f, q);
        const double shown = *q.ticket(id)->proposal.limitPrice;
        OptionContract &c = contractOf(f, q, id);
        c.quote->bid = round2(shown + 0.10);
        c.quote->ask = round2(shown + 0.14);
        QSignalSpy held(&q, &ConfirmationQueue::ticketHeld);
        const TicketVerdict v = verdict(q, id);
        QVERIFY(v.kind == TicketVerdict::Kind::Hold);
        QVERIFY2(v.why.find("The market moved") != std::string::npos, v.why.c_str());
        QCOMPARE(held.size(), 1);
        QVERIFY(f.broker.submitted.empty());
        QVERIFY(f.records().empty());
        const auto waiting = q.ticket(id);
        QVERIFY(waiting);
        QCOMPARE(*waiting->proposal.limitPrice, round2(shown + 0.12));
        QCOMPARE(waiting->proposal.contract->quote->bid, c.quote->bid);
        const Decision d = confirm(q, id);
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.size(), size_t(1));
        QCOMPARE(*f.broker.submitted.front().limitPrice, round2(shown + 0.12));
    }

    // Fat-finger: $9.95 typed on a 0.56/0.61 call is held with the reason; only the deliberate
    // override sends it.
    void limitFarThroughTheMarketNeedsTheOverride() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int id = addTicket(f, q);
        OptionContract &c = contractOf(f, q, id);
        c.quote->bid = 0.56;
        c.quote->ask = 0.61;
        const TicketVerdict v = verdict(q, id, TicketChanges{1, 9.95});
        QVERIFY(v.kind == TicketVerdict::Kind::Hold);
        QVERIFY(v.overridable);
        QVERIFY2(startsWith(v.why, "Limit 9.95 is 9.34 above the ask 0.61, more than 10% of the "
                                   "mid 0.585 through the market."),
                 v.why.c_str());
        QVERIFY(f.broker.submitted.empty());
        QVERIFY(q.ticket(id));
        TicketChanges anyway{1, 9.95};
        anyway.overridePrecautions = true;
        const Decision d = confirm(q, id, anyway);
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.size(), size_t(1));
        QCOMPARE(*f.broker.submitted.front().limitPrice, 9.95);
    }

    // A cost above the strategy's budget is a precaution too.
    void costAboveTheBudgetNeedsTheOverride() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int id = addTicket(f, q);
        QVERIFY(repriceOverBudget(f, q, id));
        QVERIFY(verdict(q, id).kind == TicketVerdict::Kind::Hold); // the market moved first
        const TicketVerdict v = verdict(q, id, TicketChanges{10, std::nullopt});
        QVERIFY(v.kind == TicketVerdict::Kind::Hold);
        QVERIFY(v.overridable);
        QVERIFY2(v.why.find("of the strategy's budget") != std::string::npos, v.why.c_str());
        QVERIFY(f.broker.submitted.empty());
        TicketChanges anyway{10, std::nullopt};
        anyway.overridePrecautions = true;
        QVERIFY(verdict(q, id, anyway).kind == TicketVerdict::Kind::Send);
        QCOMPARE(f.broker.submitted.size(), size_t(1));
    }

    // The override is for the precautions the trader saw: held over the budget alone and
    // overridden, a quote that halved since put the typed limit far through the market, and that
    // was waived unseen with the rest. It holds again, naming it.
    void overrideCoversOnlyThePrecautionsShown() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int id = addTicket(f, q);
        QVERIFY(repriceOverBudget(f, q, id));
        OptionContract &c = contractOf(f, q, id);
        const TicketChanges typed{10, c.quote->ask};
        TicketVerdict v = verdict(q, id, typed);
        QVERIFY(v.kind == TicketVerdict::Kind::Hold && v.overridable);
        QCOMPARE(v.precautions, unsigned{kOverBudget});
        // The quote halves before the trader confirms with the override.
        c.quote->bid = round2(c.quote->bid / 2.0);
        c.quote->ask = round2(c.quote->ask / 2.0);
        TicketChanges anyway = typed;
        anyway.overridePrecautions = true;
        anyway.overriddenPrecautions = v.precautions;
        v = verdict(q, id, anyway);
        QVERIFY2(v.kind == TicketVerdict::Kind::Hold && v.overridable, v.why.c_str());
        QVERIFY2(v.why.find("through the market") != std::string::npos, v.why.c_str());
        QCOMPARE(v.precautions, unsigned{kOverBudget | kThroughMarket});
        QVERIFY(f.broker.submitted.empty());
        // Both seen and overridden: sent as typed.
        anyway.overriddenPrecautions = v.precautions;
        QVERIFY(verdict(q, id, anyway).kind == TicketVerdict::Kind::Send);
        QCOMPARE(f.broker.submitted.size(), size_t(1));
    }

    // A stock SELL never sells more than is held minus open sell orders, re-read at confirm.
    void stockSellIsCappedByOpenSellOrders() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int id = stockSellTicket(f, q);
        QVERIFY(id > 0);
        QCOMPARE(q.ticket(id)->proposal.qty, 12);
        // Another console (or the trader at the broker) offers 5 of them meanwhile.
        Order open;
        open.id = "other";
        open.symbol = "IWM";
        open.side = OrderSide::Sell;
        open.status = "new";
        open.qty = 5;
        f.broker.book.push_back(open);
        const TicketVerdict v = verdict(q, id);
        QVERIFY(v.kind == TicketVerdict::Kind::Hold);
        QVERIFY2(v.why.find("at most 7") != std::string::npos, v.why.c_str());
        QCOMPARE(q.ticket(id)->proposal.qty, 7);
        QVERIFY(f.broker.submitted.empty());
        const Decision d = confirm(q, id);
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QVERIFY(!f.broker.submitted.empty());
        QCOMPARE(f.broker.submitted.back().qty, 7);
    }

    // A stock's stop on the near side of its price would trigger at once (Alpaca refuses it):
    // held with the reason, as an option's; beyond the price it goes.
    void stockStopOnTheNearSideIsHeld() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int id = stockSellTicket(f, q);
        QVERIFY(id > 0);
        TicketChanges c;
        c.orderType = OrderType::Stop;
        c.stopPrice = 200.50; // a protective sell stop above the price
        const TicketVerdict v = verdict(q, id, c);
        QVERIFY2(v.kind == TicketVerdict::Kind::Hold, "sent a stop that triggers at once");
        QVERIFY2(v.why.find("A sell stop at 200.50 is not below the price 200.00") !=
                     std::string::npos,
                 v.why.c_str());
        QVERIFY(f.broker.submitted.empty());
        c.stopPrice = 190.0;
        c.shownPrice = 190.0; // the ticket costs a sell stop at its stop when that is worse
        const Decision d = confirm(q, id, c);
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.size(), std::size_t(1));
        QCOMPARE(f.broker.submitted.back().stopPrice, std::optional(190.0));
    }

    // A stock sold at the market whose price fell since the ticket was shown: held, as an
    // option's (it went out at the lower price without a word).
    void stockMarketSellWhosePriceFellIsHeld() {
        DispatchFixture f;
        DispatcherSettings s = f.dispatcher->settings();
        s.orderType = OrderType::Market;
        f.dispatcher->setSettings(s);
        ConfirmationQueue q(*f.dispatcher);
        const int id = stockSellTicket(f, q);
        QVERIFY(id > 0);
        f.md.prices["IWM"] = 199.0;
        const TicketVerdict v = verdict(q, id);
        QVERIFY2(v.kind == TicketVerdict::Kind::Hold, v.why.c_str());
        QVERIFY2(startsWith(v.why, "IWM fell from 200.00 to 199.00"), v.why.c_str());
        QVERIFY(f.broker.submitted.empty());
    }

    // A stock market order whose price rose since the ticket was shown would cost more: held.
    void stockMarketBuyWhosePriceRoseIsHeld() {
        DispatchFixture f;
        DispatcherSettings s = f.dispatcher->settings();
        s.orderType = OrderType::Market;
        f.dispatcher->setSettings(s);
        f.md.prices["IWM"] = 200.0;
        ConfirmationQueue q(*f.dispatcher);
        QSignalSpy added(&q, &ConfirmationQueue::ticketAdded);
        q.addSignal(f.addSignal("IWM", SignalAction::Buy));
        QVERIFY(waitFor([&] { return !added.isEmpty(); }));
        const int id = added.first().first().toInt();
        QVERIFY(q.ticket(id));
        f.md.prices["IWM"] = 201.0;
        const TicketVerdict v = verdict(q, id);
        QVERIFY2(v.kind == TicketVerdict::Kind::Hold, v.why.c_str());
        QVERIFY2(startsWith(v.why, "IWM rose from 200.00 to 201.00"), v.why.c_str());
        QVERIFY(f.broker.submitted.empty());
    }

    // A limit ticket switched to Market and costed at the ask it showed: an ask risen since was
    // sent at the new cost without a word (the hold skipped a type changed on the ticket). A sell
    // switched to Market likewise holds when the bid fell under the one shown.
    void marketChosenOnTheTicketHoldsWhenThePriceWorsened() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int id = addTicket(f, q);
        OptionContract &c = contractOf(f, q, id);
        const double shownAsk = c.quote->ask;
        c.quote->bid = round2(c.quote->bid + 0.02); // the whole quote up, its spread as it was
        c.quote->ask = round2(shownAsk + 0.02);
        TicketChanges market;
        market.orderType = OrderType::Market;
        market.shownPrice = shownAsk;
        const TicketVerdict v = verdict(q, id, market);
        QVERIFY2(v.kind == TicketVerdict::Kind::Hold, v.why.c_str());
        QVERIFY2(startsWith(v.why, "The ask rose from " + formatPrice(shownAsk) + " to " +
                                       formatPrice(c.quote->ask)),
                 v.why.c_str());
        QVERIFY(f.broker.submitted.empty());
        // Shown at the new ask: sent.
        market.shownPrice = c.quote->ask;
        const Decision d = confirm(q, id, market);
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.size(), size_t(1));
        QVERIFY(f.broker.submitted.front().type == OrderType::Market);
    }

    void rejectIsRecorded() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int id = addTicket(f, q);
        QVERIFY(id > 0);
        QSignalSpy rejected(&q, &ConfirmationQueue::ticketRejected);
        QVERIFY(q.reject(id));
        QVERIFY(!q.reject(id));
        QCOMPARE(rejected.size(), 1);
        const auto recs = f.records();
        QCOMPARE(recs.size(), size_t(1));
        QVERIFY(recs.front().mode == ExecutionMode::RejectedByUser);
        QVERIFY(recs.front().clientOrderId.empty());
        QVERIFY(f.broker.submitted.empty());
    }

    void ticketExpires() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int first = addTicket(f, q);
        QVERIFY(first > 0);
        f.clock.advance(std::chrono::seconds(60));
        const int second = addTicket(f, q, SignalAction::Put);
        QVERIFY(second > 0);
        QCOMPARE(q.expireStale(), 0);
        f.clock.advance(std::chrono::seconds(61)); // first is 121 s old, second 61 s
        QSignalSpy expired(&q, &ConfirmationQueue::ticketExpired);
        QCOMPARE(q.expireStale(), 1);
        QCOMPARE(expired.size(), 1);
        QCOMPARE(expired.first().first().toInt(), first);
        QVERIFY(q.ticket(second));
        const auto recs = f.records();
        QCOMPARE(recs.size(), size_t(1));
        QCOMPARE(recs.front().fallbackReason, std::string("Ticket expired after 120 s"));
        // Not confirmed in time is the trader's no (docs/trading-rules.md): it was recorded as a
        // simulated fallback with a fill at the mid, in the fallbacks' fill rate and slippage.
        QVERIFY(recs.front().mode == ExecutionMode::RejectedByUser);
        QVERIFY(!recs.front().fillPrice);
        // Confirming an old ticket expires it instead of sending.
        f.clock.advance(std::chrono::seconds(60));
        const Decision d = confirm(q, second);
        QCOMPARE(d.fallbackReason, std::string("Ticket expired after 120 s"));
        QVERIFY(f.broker.submitted.empty());
    }

    void fallbackNeverBecomesATicket() {
        DispatchFixture f;
        f.md.contracts.clear();
        ConfirmationQueue q(*f.dispatcher);
        QSignalSpy recorded(&q, &ConfirmationQueue::fallbackRecorded);
        q.addSignal(f.addSignal("SPY", SignalAction::Call));
        QVERIFY(waitFor([&] { return !recorded.isEmpty(); }));
        QVERIFY(q.tickets().empty());
        QCOMPARE(f.records().size(), size_t(1));
    }

    // A signal whose order is already on the account (sent by a run that died before recording
    // it) never becomes a ticket the trader could reject: the order is adopted and recorded.
    void reRunSignalIsAdoptedNotTicketed() {
        DispatchFixture f;
        f.dispatcher->start();
        ConfirmationQueue q(*f.dispatcher);
        const Signal s = f.addSignal("SPY", SignalAction::Call);
        Order o;
        o.id = "ord-before-crash";
        o.clientOrderId = f.dispatcher->clientOrderIdFor(s);
        o.symbol = "SPY260130C00709000";
        o.status = "new";
        o.qty = 2;
        o.limitPrice = 1.23;
        f.broker.book.push_back(o);
        QSignalSpy added(&q, &ConfirmationQueue::ticketAdded);
        bool done = false;
        Decision d;
        q.addSignal(s, [&](Decision x) {
            d = std::move(x);
            done = true;
        });
        QVERIFY(waitFor([&] { return done; }));
        QVERIFY(added.isEmpty());
        QVERIFY(q.tickets().empty());
        QVERIFY(d.adoptedExistingOrder);
        QVERIFY(d.executionId > 0);
        QVERIFY(f.broker.submitted.empty());
        const auto recs = f.records();
        QCOMPARE(recs.size(), size_t(1));
        QCOMPARE(recs.front().orderId, std::string("ord-before-crash"));
        QVERIFY(recs.front().mode == ExecutionMode::AlpacaPaper);
    }

    void killSwitchBetweenTicketAndConfirm() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int id = addTicket(f, q);
        QVERIFY(id > 0);
        f.dispatcher->killSwitch().engage("test");
        const Decision d = confirm(q, id);
        QVERIFY(d.fallbackReason.rfind("Kill switch is on", 0) == 0);
        QVERIFY(f.broker.submitted.empty());
    }
};

QTEST_GUILESS_MAIN(TestConfirmationQueue)
#include "tst_confirmation_queue.moc"
