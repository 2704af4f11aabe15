// Trading by hand from the chain or a position: Alpaca's position_intent from the position held
// (every case), the options level and buying power rules for opening, and a manual ticket that
// goes through the same confirmation and records as a signal's, recorded with source "manual".

#include "dispatch/confirmation_queue.h"
#include "dispatch/position_intent.h"
#include "dispatch_fixture.h"
#include "domain/number_format.h"
#include "domain/occ_symbol.h"
#include "ticket_verdict.h"

#include <QSignalSpy>

using namespace cg;
using namespace cg::test;
using namespace std::chrono;

namespace {

// Not the day_trade pick (the 709): the 708 call fails the volume gate, which a trader's own
// choice may ignore.
const std::string kNonPick = "SPY260130C00708000";
const std::string kPut = "SPY260130P00690000";

IntentCheck check(PositionIntent intent, OptionType type, int level) {
    IntentCheck c;
    c.intent = intent;
    c.type = type;
    c.contract = type == OptionType::Call ? kNonPick : kPut;
    c.underlying = "SPY";
    c.strike = type == OptionType::Call ? 708.0 : 690.0;
    c.qty = 1;
    c.optionsLevel = level;
    c.optionsBuyingPower = 100000.0;
    c.premium = 300.0;
    return c;
}

ManualOrder manual(const std::string &contract, OrderSide side) {
    ManualOrder o;
    o.contract = contract;
    o.side = side;
    return o;
}

// The Positions dock's Close of a stock position: a sell of a long, a buy to cover a short.
ManualOrder stockClose(const std::string &symbol, OrderSide side) {
    ManualOrder o = manual(symbol, side);
    o.closeOnly = true;
    return o;
}

Position held(const std::string &symbol, double qty) {
    Position p;
    p.symbol = symbol;
    p.assetClass = "us_option";
    p.qty = qty;
    return p;
}

} // namespace

class TestManualOrder : public QObject {
    Q_OBJECT

    // The decision the queue reaches for a manual order: a ticket's proposal or the recorded
    // fallback. `ticket` gets the ticket id (0 when it fell back).
    // A short put with no bid (ask 0.05: nearly worthless), and the trader's buy at the ask.
    static ManualOrder bidlessBuyBack(DispatchFixture &f) {
        f.broker.positionList = {held(kPut, -1)};
        OptionContract *c = f.md.find(kPut);
        if (!c || !c->quote)
            qFatal("no quote for %s", kPut.c_str());
        c->quote->bid = 0.0;
        c->quote->ask = 0.05;
        return buyBackAtTheAsk(kPut);
    }

    // The trader's buy of `contract` at the ask (a buy back, where it is held short).
    static ManualOrder buyBackAtTheAsk(const std::string &contract) {
        ManualOrder cover;
        cover.contract = contract;
        cover.side = OrderSide::Buy;
        cover.limit = LimitChoice::Ask;
        return cover;
    }

    static Decision add(ConfirmationQueue &q, const ManualOrder &o, int *ticket = nullptr) {
        QSignalSpy added(&q, &ConfirmationQueue::ticketAdded);
        bool done = false;
        Decision out;
        q.addManual(o, [&](Decision d) {
            out = std::move(d);
            done = true;
        });
        if (!waitFor([&] { return done; }))
            qFatal("addManual never answered");
        if (ticket)
            *ticket = added.isEmpty() ? 0 : added.first().first().toInt();
        return out;
    }

    // A working sell to close of `qty` of `contract` ("ord-closing").
    static Order workingClose(const std::string &contract, double qty) {
        Order o = FakeBroker::workingStockSell("ord-closing", contract, qty);
        o.assetClass = "us_option";
        o.intent = PositionIntent::SellToClose;
        return o;
    }
    // The trader's Close of `contract` from the Positions dock.
    static ManualOrder closeOnly(const std::string &contract) {
        ManualOrder close = manual(contract, OrderSide::Sell);
        close.closeOnly = true;
        return close;
    }

    static Decision confirm(ConfirmationQueue &q, int id, TicketChanges c = {}) {
        return confirmVerdict(q, id, c).decision;
    }

private Q_SLOTS:
    // Buying when short closes, otherwise opens; selling when long closes, otherwise opens.
    void intentFromPosition_data() {
        QTest::addColumn<int>("side");
        QTest::addColumn<double>("held");
        QTest::addColumn<int>("intent");
        const int buy = int(OrderSide::Buy), sell = int(OrderSide::Sell);
        QTest::newRow("buy, none") << buy << 0.0 << int(PositionIntent::BuyToOpen);
        QTest::newRow("buy, long") << buy << 3.0 << int(PositionIntent::BuyToOpen);
        QTest::newRow("buy, short") << buy << -2.0 << int(PositionIntent::BuyToClose);
        QTest::newRow("sell, none") << sell << 0.0 << int(PositionIntent::SellToOpen);
        QTest::newRow("sell, long") << sell << 3.0 << int(PositionIntent::SellToClose);
        QTest::newRow("sell, short") << sell << -2.0 << int(PositionIntent::SellToOpen);
    }
    void intentFromPosition() {
        QFETCH(int, side);
        QFETCH(double, held);
        QFETCH(int, intent);
        QCOMPARE(int(choosePositionIntent(OrderSide(side), held)), intent);
    }

    // A close checked the size of the position, not its side: a buy to close of 3 passed with
    // the short since turned into a long of 3 (and would have added to it).
    void closeNeedsThePositionOnItsSide() {
        IntentCheck buyBack = check(PositionIntent::BuyToClose, OptionType::Call, 2);
        buyBack.qty = 3;
        buyBack.heldQty = -3;
        QVERIFY(!intentRefusal(buyBack));
        buyBack.heldQty = 3;
        QCOMPARE(intentRefusal(buyBack).value_or(""),
                 std::string("Buy to close 3 SPY260130C00708000: the position is long 3 now, "
                             "not short; there is nothing to buy back"));
        IntentCheck sell = check(PositionIntent::SellToClose, OptionType::Call, 2);
        sell.qty = 1;
        sell.heldQty = -2;
        QCOMPARE(intentRefusal(sell).value_or(""),
                 std::string("Sell to close 1 SPY260130C00708000: the position is short 2 now, "
                             "not long; there is nothing to sell"));
    }

    void levelsAndBuyingPower() {
        // Level 1 (covered calls, cash-secured puts): a call sold to open without 100 shares a
        // contract is refused, and says why.
        auto naked = intentRefusal(check(PositionIntent::SellToOpen, OptionType::Call, 1));
        QVERIFY(naked);
        QCOMPARE(*naked, std::string("Selling to open 1 SPY260130C00708000 needs 100 SPY shares "
                                     "to cover it (a covered call, options level 1); 0 held "
                                     "(options level 1). Alpaca does not allow uncovered calls"));
        IntentCheck covered = check(PositionIntent::SellToOpen, OptionType::Call, 1);
        covered.sharesHeld = 100;
        QVERIFY(!intentRefusal(covered));
        // Shares already covering a short call cover no other: Alpaca refuses the second call
        // ("insufficient underlying qty available for covered call").
        const Position shares = FakeBroker::shares("SPY", 100);
        Position written;
        written.symbol = "SPY260130C00720000";
        written.qty = -1;
        const std::vector<Position> book{shares, written};
        OptionContract call;
        call.symbol = kNonPick;
        call.type = OptionType::Call;
        call.strike = 708;
        Account level1;
        level1.optionsTradingLevel = 1;
        const IntentCheck second = intentCheckFor(PositionIntent::SellToOpen, call, "SPY", 1, 3.0,
                                                  OrderSide::Sell, level1, book);
        QCOMPARE(intentRefusal(second).value_or(""),
                 std::string("Selling to open 1 SPY260130C00708000 needs 100 SPY shares to cover "
                             "it (a covered call, options level 1); 100 held, 100 of them covering "
                             "short calls already (options level 1). Alpaca does not allow "
                             "uncovered calls"));
        const std::vector<Position> sharesOnly{shares};
        QVERIFY(!intentRefusal(intentCheckFor(PositionIntent::SellToOpen, call, "SPY", 1, 3.0,
                                              OrderSide::Sell, level1, sharesOnly)));
        // A put sold to open is cash-secured: strike x 100 x qty of options buying power.
        QVERIFY(!intentRefusal(check(PositionIntent::SellToOpen, OptionType::Put, 1)));
        IntentCheck poor = check(PositionIntent::SellToOpen, OptionType::Put, 1);
        poor.optionsBuyingPower = 50000.0;
        QCOMPARE(intentRefusal(poor).value_or(""),
                 std::string("Selling to open 1 SPY260130P00690000 is a cash-secured put: it "
                             "needs $69,000.00 of options buying power (strike x 100 x 1), "
                             "$50,000.00 available"));
        // Level 0: no writing at all.
        QVERIFY(
            intentRefusal(check(PositionIntent::SellToOpen, OptionType::Put, 0))->find("level 0") !=
            std::string::npos);
        // Buying to open needs level 2, and the premium within options buying power.
        QCOMPARE(intentRefusal(check(PositionIntent::BuyToOpen, OptionType::Call, 1)).value_or(""),
                 std::string("Buying to open needs options level 2 (long calls and puts); this "
                             "account is at level 1"));
        QVERIFY(!intentRefusal(check(PositionIntent::BuyToOpen, OptionType::Call, 2)));
        IntentCheck dear = check(PositionIntent::BuyToOpen, OptionType::Call, 2);
        dear.premium = 100001.0;
        QVERIFY(intentRefusal(dear)->find("Insufficient options buying power") == 0);
        // Closing: any level, never more than held.
        IntentCheck close = check(PositionIntent::SellToClose, OptionType::Call, 0);
        close.heldQty = 2;
        close.qty = 2;
        QVERIFY(!intentRefusal(close));
        close.qty = 3;
        QCOMPARE(intentRefusal(close).value_or(""),
                 std::string("Sell to close 3 SPY260130C00708000: only 2 held, so at most 2 can "
                             "be closed"));
        IntentCheck cover = check(PositionIntent::BuyToClose, OptionType::Put, 1);
        cover.heldQty = -1;
        QVERIFY(!intentRefusal(cover));
    }

    // A manual buy of a contract that is not the strategy's pick: a ticket for exactly that
    // contract, buy_to_open, and after Confirm an order with that intent and a manual client
    // order id of the book, recorded with source "manual".
    void manualTicketRecordedAsManual() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        ManualOrder o;
        o.contract = kNonPick;
        o.side = OrderSide::Buy;
        int ticket = 0;
        const Decision p = add(q, o, &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        QCOMPARE(p.contract->symbol, kNonPick);
        QVERIFY(p.source == DecisionSource::Manual);
        QVERIFY(p.order->intent == PositionIntent::BuyToOpen);
        QCOMPARE(p.qty, 1);
        const OptionContract *c = f.md.find(kNonPick);
        QCOMPARE(*p.limitPrice,
                 limitPriceAtMid(*c->quote, "SPY", OrderSide::Buy, DispatcherSettings{}));
        QVERIFY(f.records().empty()); // nothing recorded while the ticket waits

        const Decision placed = confirm(q, ticket);
        QVERIFY2(placed.placesOrder(), placed.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.size(), std::size_t(1));
        const OrderRequest &sent = f.broker.submitted.front();
        QCOMPARE(sent.symbol, kNonPick);
        QVERIFY(sent.intent == PositionIntent::BuyToOpen);
        QVERIFY(sent.side == OrderSide::Buy);
        QVERIFY2(sent.clientOrderId.find("-man-") != std::string::npos, sent.clientOrderId.c_str());
        QVERIFY(isBookClientOrderId(sent.clientOrderId, "book1") ==
                (sent.clientOrderId.rfind("cg-book1-", 0) == 0));
        const auto rows = f.records();
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(rows.front().source, std::string("manual"));
        QCOMPARE(rows.front().optionSymbol, kNonPick);
        QVERIFY(!rows.front().signalId);
        QCOMPARE(rows.front().clientOrderId, sent.clientOrderId);
        QVERIFY(QString::fromStdString(rows.front().explainJson)
                    .contains(QLatin1String("\"position_intent\":\"buy_to_open\"")));
        // A signal's decision stays "signal".
        QCOMPARE(toString(Decision{}.source), std::string_view("signal"));
    }

    // Selling to open a call at options level 1 without shares: no ticket, the reason recorded
    // (source manual), nothing sent.
    void sellToOpenRefusedAtLevelOne() {
        DispatchFixture f;
        f.broker.acct.optionsTradingLevel = 1;
        ConfirmationQueue q(*f.dispatcher);
        QSignalSpy fellBack(&q, &ConfirmationQueue::fallbackRecorded);
        ManualOrder o;
        o.contract = kNonPick;
        o.side = OrderSide::Sell;
        int ticket = -1;
        const Decision d = add(q, o, &ticket);
        QCOMPARE(ticket, 0);
        QVERIFY(!d.placesOrder());
        QVERIFY2(d.fallbackReason.find("covered call, options level 1") != std::string::npos,
                 d.fallbackReason.c_str());
        QCOMPARE(fellBack.size(), 1);
        QVERIFY(f.broker.submitted.empty());
        const auto rows = f.records();
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(rows.front().source, std::string("manual"));
        QCOMPARE(rows.front().fallbackReason, d.fallbackReason);
        QVERIFY(rows.front().mode == ExecutionMode::SimulatedFallback);
    }

    // Held long: a sell closes the whole position (sell_to_close) at the mid; held short: a buy
    // closes (buy_to_close).
    void closesFollowThePosition() {
        DispatchFixture f;
        f.broker.positionList = {held(kNonPick, 2), held(kPut, -1)};
        ConfirmationQueue q(*f.dispatcher);
        int ticket = 0;
        Decision p = add(q, manual(kNonPick, OrderSide::Sell), &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        QVERIFY(p.order->intent == PositionIntent::SellToClose);
        QCOMPARE(p.qty, 2);
        QCOMPARE(p.heldQty, 2.0);
        const Decision placed = confirm(q, ticket);
        QVERIFY2(placed.placesOrder(), placed.fallbackReason.c_str());
        QVERIFY(f.broker.submitted.back().intent == PositionIntent::SellToClose);
        QCOMPARE(f.broker.submitted.back().qty, 2);

        p = add(q, buyBackAtTheAsk(kPut), &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        QVERIFY(p.order->intent == PositionIntent::BuyToClose);
        QCOMPARE(p.qty, 1);
        QCOMPARE(*p.limitPrice, f.md.find(kPut)->quote->ask);
    }

    // The options level and the position are asked again at confirmation: a close of 2 when 1
    // is left by then, or an opening buy after the level dropped, is refused and nothing sent.
    void coverAndLevelRecheckedAtConfirmation() {
        DispatchFixture f;
        f.broker.positionList = {held(kNonPick, 2)};
        ConfirmationQueue q(*f.dispatcher);
        int ticket = 0;
        Decision p = add(q, manual(kNonPick, OrderSide::Sell), &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        QCOMPARE(p.qty, 2);
        f.broker.positionList.front().qty = 1; // one sold elsewhere while the ticket waited
        Decision d = confirm(q, ticket);
        QVERIFY(!d.placesOrder());
        QVERIFY2(d.fallbackReason.rfind("At confirmation: ", 0) == 0, d.fallbackReason.c_str());
        QVERIFY(f.broker.submitted.empty());
        QCOMPARE(f.records().back().fallbackReason, d.fallbackReason);

        f.broker.positionList.clear();
        p = add(q, manual(kNonPick, OrderSide::Buy), &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        f.broker.acct.optionsTradingLevel = 1; // long options need level 2
        d = confirm(q, ticket);
        QVERIFY(!d.placesOrder());
        QVERIFY2(d.fallbackReason.find("level") != std::string::npos, d.fallbackReason.c_str());
        QVERIFY(f.broker.submitted.empty());
    }

    // A typed limit off the tick is held and put on it; confirmed again, that limit is the
    // trader's, a resting buy below the bid: sent, not replaced by the mid as if the market had
    // moved (the second re-check took it for the proposal's mid).
    void typedLimitPutOnTheTickIsSentAsTyped() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        int ticket = 0;
        const Decision p = add(q, manual(kNonPick, OrderSide::Buy), &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        const Quote quote = *f.md.find(kNonPick)->quote;
        TicketChanges c;
        c.limitPrice = std::round(quote.bid * 100.0) / 100.0 - 0.105; // below the bid, off tick
        const TicketVerdict held = confirmVerdict(q, ticket, c);
        QVERIFY(held.kind == TicketVerdict::Kind::Hold);
        QVERIFY2(held.why.find("tick; the nearest is") != std::string::npos, held.why.c_str());
        const double onTick = held.decision.limitPrice.value_or(0.0);
        QVERIFY(onTick > 0.0 && onTick < quote.bid);
        const TicketVerdict sent = confirmVerdict(q, ticket, {});
        QVERIFY2(sent.kind == TicketVerdict::Kind::Send, sent.why.c_str());
        QCOMPARE(f.broker.submitted.back().limitPrice, std::optional(onTick));
    }

    // A stop price off the option's tick is held and put on it, as a limit is (the ticket snaps
    // both at Confirm; this is the re-check's own guard): a stop limit's stop and a stop's.
    void stopOffTheTickIsHeldAndPutOnIt() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        int ticket = 0;
        const Decision p = add(q, manual(kNonPick, OrderSide::Buy), &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        const Quote quote = *f.md.find(kNonPick)->quote;
        const double onTick = std::round(quote.ask * 100.0) / 100.0 + 1.0;
        for (const OrderType type : {OrderType::Stop, OrderType::StopLimit}) {
            TicketChanges c;
            c.orderType = type;
            c.stopPrice = onTick + 0.004; // SPY's tick is a cent at every price
            if (type == OrderType::StopLimit)
                c.limitPrice = onTick;
            const TicketVerdict held = confirmVerdict(q, ticket, c);
            QVERIFY2(held.kind == TicketVerdict::Kind::Hold, "sent a stop off the tick");
            QVERIFY2(held.why.find("Stop " + formatPrice(onTick + 0.004) +
                                   " is not on the option's 0.01 tick; the nearest is " +
                                   formatPrice(onTick)) != std::string::npos,
                     held.why.c_str());
            QVERIFY(held.decision.order && held.decision.order->stopPrice);
            QCOMPARE(*held.decision.order->stopPrice, onTick);
            QVERIFY(f.broker.submitted.empty());
        }
        TicketChanges c;
        c.orderType = OrderType::Stop;
        c.stopPrice = onTick;
        const Decision sent = confirm(q, ticket, c);
        QVERIFY2(sent.placesOrder(), sent.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.back().stopPrice, std::optional(onTick));
    }

    // A stop on the near side of the market would trigger at once, and Alpaca refuses it: held
    // with the reason before anything is sent, for a stop limit too.
    void stopOnTheNearSideIsHeld() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        int ticket = 0;
        const Decision p = add(q, manual(kNonPick, OrderSide::Buy), &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        const Quote quote = *f.md.find(kNonPick)->quote;
        for (const OrderType type : {OrderType::Stop, OrderType::StopLimit}) {
            TicketChanges changes;
            changes.orderType = type;
            changes.stopPrice = quote.bid - 0.05; // a buy stop under the bid
            if (type == OrderType::StopLimit)
                changes.limitPrice = *changes.stopPrice;
            const TicketVerdict held = confirmVerdict(q, ticket, changes);
            QVERIFY2(held.kind == TicketVerdict::Kind::Hold, "sent a stop that triggers at once");
            QVERIFY2(held.why.find("would trigger at once") != std::string::npos, held.why.c_str());
            QVERIFY(!held.overridable); // the broker would refuse it: no override
            QVERIFY(f.broker.submitted.empty());
        }
    }

    // An illiquid option's last trade can be days old and far from its quote: a buy stop beyond
    // today's ask (the ticket's own default, two ticks above it) is sent, not held against an
    // old trade above it.
    void stopBeyondTheQuoteIsNotHeldByAnOldTrade() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        int ticket = 0;
        const Decision p = add(q, manual(kNonPick, OrderSide::Buy), &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        OptionContract &c = *f.md.find(kNonPick);
        c.lastPrice = c.quote->ask + 0.50; // traded higher days ago
        TicketChanges changes;
        changes.orderType = OrderType::Stop;
        changes.stopPrice = c.quote->ask + 0.02;
        changes.shownPrice = *changes.stopPrice; // costed at the stop, worse than the ask
        const TicketVerdict v = confirmVerdict(q, ticket, changes);
        QVERIFY2(v.kind == TicketVerdict::Kind::Send, v.why.c_str());
        QCOMPARE(f.broker.submitted.back().stopPrice, changes.stopPrice);
    }

    // A buy to close of a short with no bid, typed at a hundred times the ask: held by the
    // fat-finger precaution, as any buy far above the ask is (it needed a bid, and went out).
    void buyBackWithNoBidFarAboveTheAskIsHeld() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        int ticket = 0;
        const ManualOrder cover = bidlessBuyBack(f);
        const Decision p = add(q, cover, &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        TicketChanges typed;
        typed.limitPrice = 5.00;
        const TicketVerdict v = confirmVerdict(q, ticket, typed);
        QVERIFY2(f.broker.submitted.empty(), "sent: a buy to close at 5.00 with the ask at 0.05");
        QVERIFY(v.kind == TicketVerdict::Kind::Hold && v.overridable);
        QVERIFY2(v.why.find("above the ask 0.05") != std::string::npos, v.why.c_str());
    }

    // The ticket's type, time in force and stop price reach the order sent: a stop limit, gtc;
    // a market order is checked at the ask it would cross; a stop without its price is held.
    void typesAndTimeInForceFromTheTicket() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const ManualOrder buy = manual(kNonPick, OrderSide::Buy);
        int ticket = 0;
        Decision p = add(q, buy, &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        const Quote quote = *f.md.find(kNonPick)->quote;
        TicketChanges c;
        c.orderType = OrderType::Stop;
        bool held = false;
        q.confirm(ticket, c, [&](TicketVerdict v) {
            held = v.kind == TicketVerdict::Kind::Hold &&
                   v.why.find("needs a stop price") != std::string::npos;
        });
        QVERIFY(waitFor([&] { return held; }));
        QVERIFY(f.broker.submitted.empty());

        c.orderType = OrderType::StopLimit;
        c.stopPrice = quote.ask + 1.0;
        c.limitPrice = quote.ask + 1.0;
        c.timeInForce = "gtc";
        // No override: a stop limit's limit is judged against its stop, not today's ask.
        Decision placed = confirm(q, ticket, c);
        QVERIFY2(placed.placesOrder(), placed.fallbackReason.c_str());
        const OrderRequest &sent = f.broker.submitted.back();
        QVERIFY(sent.type == OrderType::StopLimit);
        QCOMPARE(sent.stopPrice, std::optional(quote.ask + 1.0));
        QCOMPARE(sent.limitPrice, std::optional(quote.ask + 1.0));
        QCOMPARE(sent.timeInForce, std::string("gtc"));

        p = add(q, buy, &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        TicketChanges m;
        m.orderType = OrderType::Market;
        m.overridePrecautions = true;
        placed = confirm(q, ticket, m);
        QVERIFY2(placed.placesOrder(), placed.fallbackReason.c_str());
        QVERIFY(f.broker.submitted.back().type == OrderType::Market);
        QVERIFY(!f.broker.submitted.back().limitPrice);
        QVERIFY(!f.broker.submitted.back().stopPrice);
        QCOMPARE(placed.price, quote.ask); // checked and costed at the ask it crosses
        QCOMPARE(placed.cost, quote.ask * 100.0);
    }

    // The per-order limits hold every opening order at confirmation, a sell to open too (a
    // covered call raised to 50 on the ticket), as the proposal does; a close is held by none of
    // them (closing reduces risk: a short of 20 is bought back in one order).
    void perOrderLimitsHoldAnOpeningSellAtConfirmation() {
        DispatchFixture f;
        const Position shares = FakeBroker::shares("SPY", 10000);
        f.broker.positionList = {shares, held(kPut, -20)};
        ConfirmationQueue q(*f.dispatcher);
        int ticket = 0;
        const Decision p = add(q, manual(kNonPick, OrderSide::Sell), &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        QVERIFY(p.order->intent == PositionIntent::SellToOpen);
        TicketChanges c;
        c.qty = 50;
        const TicketVerdict verdict = confirmVerdict(q, ticket, c);
        QVERIFY(f.broker.submitted.empty());
        QVERIFY(verdict.kind == TicketVerdict::Kind::Hold);
        QVERIFY2(verdict.why.find("Order of 50 contracts is above the limit of 10 per order") !=
                     std::string::npos,
                 verdict.why.c_str());

        const Decision close = add(q, buyBackAtTheAsk(kPut), &ticket);
        QVERIFY2(ticket > 0, close.fallbackReason.c_str());
        QVERIFY(close.order->intent == PositionIntent::BuyToClose);
        QCOMPARE(close.qty, 20);
        const Decision placed = confirm(q, ticket);
        QVERIFY2(placed.placesOrder(), placed.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.back().qty, 20);
    }

    // A buy to close is not held for options buying power: the short's own collateral is what
    // ties the buying power up, and a trader who cannot buy it back is stuck in the loss. The
    // ticket does not cap its quantity by buying power either. Alpaca answers for the order.
    void aBuyToCloseIsNotHeldForBuyingPower() {
        DispatchFixture f;
        f.broker.positionList = {held(kPut, -5)};
        f.broker.acct.optionsBuyingPower = 10.0;
        ConfirmationQueue q(*f.dispatcher);
        int ticket = 0;
        const Decision close = add(q, buyBackAtTheAsk(kPut), &ticket);
        QVERIFY2(ticket > 0, close.fallbackReason.c_str());
        QVERIFY(close.order->intent == PositionIntent::BuyToClose);
        QCOMPARE(close.qty, 5);
        const TicketVerdict verdict = confirmVerdict(q, ticket);
        QVERIFY2(verdict.kind != TicketVerdict::Kind::Hold, verdict.why.c_str());
        QVERIFY2(verdict.decision.placesOrder(), verdict.decision.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.size(), std::size_t(1));
        QCOMPARE(f.broker.submitted.back().qty, 5);
    }

    // Short of buying power at Confirm (another fill spent it): a trader's own ticket is held with
    // the new figures, as a signal's is. Before the fix the re-check's intent step refused it and
    // the ticket was gone.
    void aManualTicketShortOfBuyingPowerIsHeld() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        int ticket = 0;
        const Decision p = add(q, manual(kNonPick, OrderSide::Buy), &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        f.broker.acct.optionsBuyingPower = 1.0;
        const TicketVerdict held = confirmVerdict(q, ticket);
        QVERIFY2(held.kind == TicketVerdict::Kind::Hold, held.why.c_str());
        QVERIFY2(held.why.find("Insufficient buying power") != std::string::npos, held.why.c_str());
        QVERIFY(f.broker.submitted.empty());
    }

    // The expiry-day rule's close goes out with no ticket and no re-check: it is not priced on a
    // quote that stopped updating (it would rest unfilled and the short be assigned); on a fresh
    // quote it is proposed as before.
    void anExpiryRuleCloseIsNotPricedOnAStaleQuote() {
        DispatchFixture f;
        f.broker.positionList = {held(kPut, -2)};
        OptionContract *c = f.md.find(kPut);
        QVERIFY(c && c->quote);
        ManualOrder o = manual(kPut, OrderSide::Buy);
        o.limit = LimitChoice::Ask;
        o.source = DecisionSource::ExpiryRule;
        o.closeOnly = true;
        const auto propose = [&f, &o] {
            std::optional<Decision> out;
            f.dispatcher->proposeManual(o, [&out](Decision d) { out = std::move(d); });
            if (!waitFor([&out] { return out.has_value(); }))
                qFatal("proposeManual never answered");
            return *out;
        };
        c->quote->time = f.clock.now() - std::chrono::minutes{6};
        const Decision stale = propose();
        QVERIFY(!stale.placesOrder());
        QVERIFY2(stale.fallbackReason.find("is 6 min old, above the") != std::string::npos,
                 stale.fallbackReason.c_str());
        QVERIFY(stale.quoteTooOld); // the rule tries again without using up a try
        c->quote->time = f.clock.now() - std::chrono::seconds{5};
        const Decision fresh = propose();
        QVERIFY2(fresh.placesOrder(), fresh.fallbackReason.c_str());
        QVERIFY(fresh.order->intent == PositionIntent::BuyToClose);
    }

    // A class listed for nickels quoted in pennies on a feed whose quotes prove no tick (Alpaca's
    // indicative): the mid's limit, 1.00, sits under the bid 1.01 by the class's ticks. It is sent
    // as shown; the re-check offered the same 1.00 as "the market moved" at every Confirm.
    void aLimitTheTicksPutOutsideTheMarketIsNotHeldAgain() {
        DispatchFixture f;
        f.md.exchangeQuotes = false;
        OptionContract c = makeContract("ZVZZT", OptionType::Call, 20,
                                        std::chrono::year{2026} / 1 / 30, 1.01, 1.04);
        c.quote->time = f.clock.now();
        f.md.contracts.push_back(c);
        f.md.prices["ZVZZT"] = 20.5;
        f.dispatcher->setSettings(f.dispatcher->settings()); // the market data's quotes anew
        ConfirmationQueue q(*f.dispatcher);
        int ticket = 0;
        const Decision p = add(q, manual(c.symbol, OrderSide::Buy), &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        QCOMPARE(*p.limitPrice, 1.00);
        const TicketVerdict v = confirmVerdict(q, ticket);
        QVERIFY2(v.kind != TicketVerdict::Kind::Hold, v.why.c_str());
        QCOMPARE(f.broker.submitted.size(), std::size_t(1));
        QCOMPARE(*f.broker.submitted.back().limitPrice, 1.00);
    }

    // An adjusted contract (root AAPL1 after a corporate action) is on AAPL: its close reads
    // AAPL's price and AAPL's chain. It used to ask for the price of "AAPL1", which is no stock,
    // and the close from the Positions dock (and the expiry-day rule's) was refused.
    void anAdjustedContractIsClosedThroughItsUnderlying() {
        DispatchFixture f;
        const std::string adjusted = "AAPL1260130C00150000";
        OptionContract c = makeContract("AAPL", OptionType::Call, 150,
                                        std::chrono::year{2026} / 1 / 30, 4.90, 5.10);
        c.symbol = adjusted;
        c.root = "AAPL1";
        f.md.contracts.push_back(c);
        f.md.prices["AAPL"] = 152.0;
        f.broker.positionList = {held(adjusted, 2)};
        ConfirmationQueue q(*f.dispatcher);
        int ticket = 0;
        const Decision d = add(q, closeOnly(adjusted), &ticket);
        QVERIFY2(ticket > 0, d.fallbackReason.c_str());
        QCOMPARE(d.signal.symbol, std::string("AAPL"));
        QVERIFY(d.order->intent == PositionIntent::SellToClose);
        QCOMPARE(d.order->symbol, adjusted);
        QCOMPARE(d.qty, 2);
    }

    // A short whose bid is 0 (ask 0.05: it is nearly worthless) can still be bought back: a
    // buy to close needs an ask, not a bid, at the proposal and at confirmation. Opening a
    // position on such a quote is still refused.
    void aShortWithNoBidCanBeBoughtBack() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        int ticket = 0;
        const ManualOrder cover = bidlessBuyBack(f);
        const Decision p = add(q, cover, &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        QVERIFY(p.order->intent == PositionIntent::BuyToClose);
        QCOMPARE(*p.limitPrice, 0.05);
        const Decision placed = confirm(q, ticket);
        QVERIFY2(placed.placesOrder(), placed.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.back().limitPrice, std::optional(0.05));

        f.broker.positionList.clear(); // nothing held: the same buy would open
        const Decision open = add(q, cover, &ticket);
        QCOMPARE(ticket, 0);
        QCOMPARE(open.fallbackReason, std::string("Bid must be above 0"));
    }

    // A close counts what open orders on the contract already close (Alpaca refuses the rest:
    // "insufficient qty available"): of 5 held with a sell to close of 2 working, 3 are
    // proposed; with all of them in a working order (5 sold, 2 filled, 3 held), nothing is,
    // and the reason says so; a close typed larger than what is left is refused at confirmation.
    void aCloseCountsTheOrdersAlreadyClosing() {
        DispatchFixture f;
        f.broker.positionList = {held(kNonPick, 5)};
        Order working;
        working.id = "ord-closing";
        working.symbol = kNonPick;
        working.assetClass = "us_option";
        working.side = OrderSide::Sell;
        working.qty = 2;
        working.status = "new";
        working.intent = PositionIntent::SellToClose;
        f.broker.book = {working};
        ConfirmationQueue q(*f.dispatcher);
        int ticket = 0;
        Decision p = add(q, manual(kNonPick, OrderSide::Sell), &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        QCOMPARE(p.qty, 3);
        TicketChanges c;
        c.qty = 5;
        const TicketVerdict verdict = confirmVerdict(q, ticket, c);
        QVERIFY(f.broker.submitted.empty());
        QVERIFY2(verdict.why.find("2 of them in open orders to close") != std::string::npos,
                 verdict.why.c_str());

        f.broker.positionList = {held(kNonPick, 3)};
        f.broker.book.front().qty = 5;
        f.broker.book.front().filledQty = 2;
        f.broker.book.front().status = "partially_filled";
        p = add(q, manual(kNonPick, OrderSide::Sell), &ticket);
        QCOMPARE(ticket, 0);
        QVERIFY2(p.fallbackReason.find("Nothing left to close") != std::string::npos &&
                     p.fallbackReason.find("ord-closing") != std::string::npos,
                 p.fallbackReason.c_str());
    }

    // A short stock position is bought back from the window (the Positions dock's Close): it
    // could not be, as a SELL signal never opens a short and a BUY is sized by budget. What is
    // left to cover is the short less open buys; the limit is the last price; a close is not
    // held by the per-order limits nor by the buying power. Confirmed, it is sent as shown.
    void stockShortIsBoughtBackToCover() {
        DispatchFixture f;
        DispatcherSettings s = f.dispatcher->settings();
        s.risk.maxNotionalPerOrder = 1000.0; // 7 shares of SPY are far above it
        f.dispatcher->setSettings(s);
        const Position shortSpy = FakeBroker::shares("SPY", -10);
        f.broker.positionList = {shortSpy};
        Order covering;
        covering.id = "ord-cover";
        covering.symbol = "SPY";
        covering.assetClass = "us_equity";
        covering.side = OrderSide::Buy;
        covering.qty = 3;
        covering.status = "new";
        f.broker.book = {covering};
        f.md.prices["SPY"] = 601.237;
        ConfirmationQueue q(*f.dispatcher);
        const ManualOrder cover = stockClose("SPY", OrderSide::Buy);
        int ticket = 0;
        const Decision p = add(q, cover, &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        QVERIFY(!p.isOption());
        QVERIFY(p.closesPosition());
        QCOMPARE(p.qty, 7);
        QCOMPARE(p.closableQty.value_or(0), 7);
        QCOMPARE(p.order->side, OrderSide::Buy);
        QCOMPARE(p.order->symbol, std::string("SPY"));
        QCOMPARE(p.order->intent, PositionIntent::None);
        QCOMPARE(p.order->limitPrice.value_or(0), 601.24);
        const Decision sent = confirm(q, ticket);
        QVERIFY2(sent.placesOrder(), sent.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.size(), std::size_t(1));
        QCOMPARE(f.broker.submitted.front().qty, 7);
        QCOMPARE(f.broker.submitted.front().side, OrderSide::Buy);

        // More than is left to cover, typed on the ticket: held with the quantity set.
        f.broker.book.clear();
        f.broker.submitted.clear();
        QVERIFY(add(q, cover, &ticket).placesOrder());
        TicketChanges more;
        more.qty = 12;
        const TicketVerdict held = confirmVerdict(q, ticket, more);
        QVERIFY(f.broker.submitted.empty());
        QVERIFY2(held.why.find("more than is left to close: 10 SPY short") != std::string::npos,
                 held.why.c_str());
    }

    // A stock close's limit is the last price when proposed: confirmed after SPY moved 5 %, it
    // is held with the limit at the new price, as a SELL signal's is (it was sent at the old
    // price, a buy to cover left unfilled under the market).
    void stockCloseLimitFollowsThePrice() {
        DispatchFixture f;
        f.md.prices["SPY"] = 600.0;
        const Position shortSpy = FakeBroker::shares("SPY", -10);
        f.broker.positionList = {shortSpy};
        ConfirmationQueue q(*f.dispatcher);
        const ManualOrder cover = stockClose("SPY", OrderSide::Buy);
        int ticket = 0;
        const Decision p = add(q, cover, &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        QCOMPARE(p.order->limitPrice.value_or(0), 600.0);
        f.md.prices["SPY"] = 630.0;
        const TicketVerdict v = confirmVerdict(q, ticket);
        QVERIFY(f.broker.submitted.empty());
        QVERIFY2(v.kind == TicketVerdict::Kind::Hold &&
                     v.why.find("the limit is now 630.00") != std::string::npos,
                 v.why.c_str());
        const Decision sent = confirm(q, ticket);
        QVERIFY2(sent.placesOrder(), sent.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.front().limitPrice.value_or(0), 630.0);

        // The ticket's Last button set the limit to the price it followed (615.00): Confirm
        // follows the price again, from that limit (it was sent as typed, at 615 under 630).
        f.broker.submitted.clear();
        f.broker.book.clear(); // the cover sent above, gone
        f.md.prices["SPY"] = 600.0;
        QVERIFY(add(q, cover, &ticket).placesOrder());
        f.md.prices["SPY"] = 630.0;
        TicketChanges last;
        last.limitPrice = 615.0;
        last.limitFromPrice = true;
        const TicketVerdict again = confirmVerdict(q, ticket, last);
        QVERIFY(f.broker.submitted.empty());
        QVERIFY2(again.why.find("moved from 615.00 to 630.00") != std::string::npos,
                 again.why.c_str());
        // Typed, the same limit is the trader's and is sent as typed.
        f.md.prices["SPY"] = 600.0;
        QVERIFY(q.reject(ticket)); // the held ticket, before a new one
        QVERIFY(add(q, cover, &ticket).placesOrder());
        f.md.prices["SPY"] = 630.0;
        TicketChanges typed;
        typed.limitPrice = 615.0;
        const Decision typedSent = confirm(q, ticket, typed);
        QVERIFY2(typedSent.placesOrder(), typedSent.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.front().limitPrice.value_or(0), 615.0);
    }

    // 100 of the 150 SPY held cover a short call: the close sells the 50 that are free, and
    // says why (it offered all 150, which Alpaca refuses, or sells leaving the call naked).
    void stockCloseLeavesTheSharesCoveringAShortCall() {
        DispatchFixture f;
        f.md.prices["SPY"] = 600.0;
        const Position spy = FakeBroker::shares("SPY", 150);
        f.broker.positionList = {spy, held(kNonPick, -1)};
        ConfirmationQueue q(*f.dispatcher);
        const ManualOrder sell = stockClose("SPY", OrderSide::Sell);
        int ticket = 0;
        const Decision p = add(q, sell, &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        QCOMPARE(p.qty, 50);
        TicketChanges all;
        all.qty = 150;
        const TicketVerdict v = confirmVerdict(q, ticket, all);
        QVERIFY(f.broker.submitted.empty());
        QVERIFY2(v.why.find("100 covering short calls") != std::string::npos, v.why.c_str());

        // All of them covering: nothing to close, and no order named that is not there.
        f.broker.positionList.front().qty = 100;
        const Decision none = add(q, sell, &ticket);
        QCOMPARE(ticket, 0);
        QVERIFY2(none.fallbackReason.find("buy them back") != std::string::npos &&
                     none.fallbackReason.find("Cancel or replace") == std::string::npos,
                 none.fallbackReason.c_str());
    }

    // A stock close never opens: a position gone or turned since it was shown is refused, at the
    // proposal and at confirmation (a buy to cover of a short covered meanwhile would buy a long).
    void stockCloseNeverOpens() {
        DispatchFixture f;
        f.md.prices["SPY"] = 600.0;
        const Position longSpy = FakeBroker::shares("SPY", 5);
        f.broker.positionList = {longSpy};
        ConfirmationQueue q(*f.dispatcher);
        const ManualOrder cover = stockClose("SPY", OrderSide::Buy);
        int ticket = -1;
        Decision p = add(q, cover, &ticket);
        QCOMPARE(ticket, 0);
        QCOMPARE(p.fallbackReason, std::string("Nothing to close by buying: SPY is long 5 now"));

        const ManualOrder sell = stockClose("SPY", OrderSide::Sell);
        p = add(q, sell, &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        QCOMPARE(p.qty, 5);
        f.broker.positionList.clear(); // sold elsewhere before Confirm
        const TicketVerdict v = confirmVerdict(q, ticket);
        QVERIFY(f.broker.submitted.empty());
        const std::string said = v.why + " | " + v.decision.fallbackReason;
        QVERIFY2(said.find("Nothing to close: SPY is no longer held") != std::string::npos,
                 said.c_str());
    }

    // A working sell that fills between the two reads a stock close makes (the positions, the
    // open orders) must not leave its shares offered again: a stock order carries no position
    // intent, so selling 100 more of a flat SPY opens a short. The open orders are read first,
    // at the proposal and at confirmation.
    void stockCloseReadsTheOrdersBeforeThePositions() {
        DispatchFixture f;
        f.md.prices["SPY"] = 600.0;
        const Position longSpy = FakeBroker::shares("SPY", 100);
        f.broker.positionList = {longSpy};
        const Order working = FakeBroker::workingStockSell("ord-sell", "SPY", 100);
        ConfirmationQueue q(*f.dispatcher);
        const ManualOrder sell = stockClose("SPY", OrderSide::Sell);

        f.broker.book = {working};
        f.broker.fillAfterNextPositionsRead("ord-sell");
        int ticket = -1;
        Decision p = add(q, sell, &ticket);
        QCOMPARE(ticket, 0);
        QVERIFY2(p.fallbackReason.find("Nothing left to close") != std::string::npos,
                 p.fallbackReason.c_str());

        // At confirmation: proposed with nothing working, then the same race.
        f.broker.book.clear();
        f.broker.positionList = {longSpy};
        p = add(q, sell, &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        QCOMPARE(p.qty, 100);
        f.broker.book = {working};
        f.broker.fillAfterNextPositionsRead("ord-sell");
        const TicketVerdict v = confirmVerdict(q, ticket);
        QVERIFY2(f.broker.submitted.empty(), "sold 100 SPY more than held: a short");
        QVERIFY(v.kind != TicketVerdict::Kind::Send);
    }

    // An option's close reads the open orders before the positions too: with 5 held and a close
    // of 2 working that fills between the reads, it asked Alpaca to close 5 of the 3 left (a
    // refusal, and one of the expiry rule's tries lost).
    void optionCloseReadsTheOrdersBeforeThePositions() {
        DispatchFixture f;
        f.broker.positionList = {held(kNonPick, 5)};
        Order working = workingClose(kNonPick, 2);
        f.broker.book = {working};
        f.broker.fillAfterNextPositionsRead("ord-closing");
        ConfirmationQueue q(*f.dispatcher);
        int ticket = 0;
        const Decision p = add(q, closeOnly(kNonPick), &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        QCOMPARE(p.qty, 3);
    }

    // Alpaca lists 500 orders a request, newest first. A close working since last month, behind
    // 600 newer orders, still closes part of the position: the close offers what is left (3 of
    // 5), not all 5 (Alpaca refuses 5 for the 3 it has not promised already).
    void optionCloseCountsACloseBehindFiveHundredNewerOrders() {
        DispatchFixture f;
        f.broker.positionList = {held(kNonPick, 5)};
        Order working = workingClose(kNonPick, 2);
        working.submittedAt = Timestamp{std::chrono::milliseconds{1'760'000'000'000}};
        f.broker.book = {working};
        f.broker.addNewerOpenOrders(600, working.submittedAt);
        ConfirmationQueue q(*f.dispatcher);
        int ticket = 0;
        const Decision p = add(q, closeOnly(kNonPick), &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        QCOMPARE(p.qty, 3);
        QCOMPARE(f.broker.orderPages, 2);
    }

    // A close reduces risk: the day's loss limit and order count stop new risk, not the way
    // out. At 15:50 on expiry day, $6,000 down against a $5,000 limit and at the day's order
    // limit, closing 5 long calls was refused, and the expiry rule's close the same way (the
    // calls then exercised into stock overnight). An opening order is still refused.
    void aCloseIsNotHeldByTheDaysLimits() {
        DispatchFixture f;
        DispatcherSettings s = f.dispatcher->settings();
        s.risk.maxDailyLoss = 5000.0;
        s.risk.maxOrdersPerDay = 1;
        f.dispatcher->setSettings(s);
        ConfirmationQueue q(*f.dispatcher);
        int ticket = 0;
        const Decision first = add(q, manual(kNonPick, OrderSide::Buy), &ticket);
        QVERIFY2(ticket > 0, first.fallbackReason.c_str());
        QVERIFY(confirm(q, ticket).placesOrder()); // the day's one order
        f.broker.acct.equity = 94000.0;            // $6,000 below the previous close

        const Decision opening = add(q, manual(kPut, OrderSide::Buy), &ticket);
        QCOMPARE(ticket, 0);
        QVERIFY2(opening.fallbackReason.rfind("Daily loss limit reached", 0) == 0,
                 opening.fallbackReason.c_str());

        f.broker.positionList = {held(kNonPick, 5)};
        f.broker.book.clear(); // the first order filled
        const Decision p = add(q, closeOnly(kNonPick), &ticket);
        QVERIFY2(ticket > 0, p.fallbackReason.c_str());
        const Decision sent = confirm(q, ticket);
        QVERIFY2(sent.placesOrder(), sent.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.back().intent, PositionIntent::SellToClose);
    }

    // The kill switch stops a manual order as it stops a signal's.
    void killSwitchStopsManual() {
        DispatchFixture f;
        f.dispatcher->killSwitch().engage(QStringLiteral("test"));
        QVERIFY(f.dispatcher->killSwitch().engaged());
        ConfirmationQueue q(*f.dispatcher);
        ManualOrder o;
        o.contract = kNonPick;
        int ticket = -1;
        const Decision d = add(q, o, &ticket);
        QCOMPARE(ticket, 0);
        QVERIFY2(d.fallbackReason.find("Kill switch") != std::string::npos,
                 d.fallbackReason.c_str());
        QVERIFY(f.broker.submitted.empty());
    }
};

QTEST_GUILESS_MAIN(TestManualOrder)
#include "tst_manual_order.moc"
