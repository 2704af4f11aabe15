// closableContracts (domain/closable_contracts.h): what a close may still take of a position, the
// held contracts less what open closing orders on them still offer, a multi-leg order's legs
// included (Alpaca counts them against the position as it counts a single order).

#include "domain/closable_contracts.h"
#include "domain/sellable_shares.h"

#include <QtTest>

using namespace cg;

namespace {

constexpr const char *kCall = "SPY261218C00600000";
constexpr const char *kPut = "SPY261218P00590000";

Position held(const char *symbol, double qty) {
    Position p;
    p.symbol = symbol;
    p.qty = qty;
    return p;
}

Order single(const char *id, const char *symbol, OrderSide side, double qty, double filled = 0) {
    Order o;
    o.id = id;
    o.symbol = symbol;
    o.side = side;
    o.status = "new";
    o.qty = qty;
    o.filledQty = filled;
    return o;
}

OrderLeg leg(const char *symbol, OrderSide side, int ratio, double qty, double filled = 0) {
    OrderLeg l;
    l.symbol = symbol;
    l.side = side;
    l.ratioQty = ratio;
    l.qty = qty;
    l.filledQty = filled;
    return l;
}

// A two-leg order of `qty` (Alpaca's mleg: no symbol of its own, the legs carry theirs).
Order multiLeg(const char *id, double qty, std::vector<OrderLeg> legs, double filled = 0) {
    Order o;
    o.id = id;
    o.orderClass = "mleg";
    o.status = "new";
    o.qty = qty;
    o.filledQty = filled;
    o.legs = std::move(legs);
    return o;
}

} // namespace

class TestClosableContracts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void singleOrdersCloseWhatTheyStillOffer() {
        const std::vector<Position> positions{held(kCall, 5)};
        const std::vector<Order> open{
            single("o1", kCall, OrderSide::Sell, 3, 1), // 2 still offered
            single("o2", kCall, OrderSide::Buy, 4),     // adds to the long: closes nothing
            single("o3", kPut, OrderSide::Sell, 4),     // another contract
        };
        const Closable c = closableContracts(positions, open, kCall);
        QCOMPARE(c.held, 5.0);
        QCOMPARE(c.inOpenCloses, 2.0);
        QCOMPARE(c.firstOrderId, std::string("o1"));
        QCOMPARE(c.available(), 3.0);
    }

    // A working spread that sells the held call to close takes it as a single order would: a
    // close of the whole position beside it is more than Alpaca holds for it.
    void multiLegLegsCloseToo() {
        const std::vector<Position> positions{held(kCall, 5), held(kPut, -2)};
        const std::vector<Order> open{multiLeg(
            "m1", 2, {leg(kCall, OrderSide::Sell, 2, 4, 1), leg(kPut, OrderSide::Buy, 1, 2)})};
        const Closable call = closableContracts(positions, open, kCall);
        QCOMPARE(call.inOpenCloses, 3.0); // 2 x 2, one filled
        QCOMPARE(call.firstOrderId, std::string("m1"));
        QCOMPARE(call.available(), 2.0);
        const Closable put = closableContracts(positions, open, kPut); // a short: bought back
        QCOMPARE(put.held, 2.0);
        QCOMPARE(put.inOpenCloses, 2.0);
        QCOMPARE(put.available(), 0.0);
    }

    // A leg's own quantities missing (an older answer): the order's, times the leg's ratio.
    void legWithoutItsQuantitiesUsesTheOrders() {
        const std::vector<Position> positions{held(kCall, 10)};
        const std::vector<Order> open{multiLeg(
            "m1", 3, {leg(kCall, OrderSide::Sell, 2, 0), leg(kPut, OrderSide::Buy, 1, 0)}, 1)};
        QCOMPARE(closableContracts(positions, open, kCall).inOpenCloses, 4.0); // (3 - 1) x 2
    }

    // A replace in flight: the old order (pending_replace) and its replacement are both open,
    // and only the replacement offers the contracts (both were counted: "nothing left").
    void aReplaceInFlightCountsOnce() {
        const std::vector<Position> positions{held(kCall, 10)};
        Order old = single("o1", kCall, OrderSide::Sell, 5);
        old.status = "pending_replace";
        Order replacing = single("o2", kCall, OrderSide::Sell, 5);
        replacing.status = "pending_new";
        replacing.replaces = "o1";
        const Closable c = closableContracts(positions, {old, replacing}, kCall);
        QCOMPARE(c.inOpenCloses, 5.0);
        QCOMPARE(c.firstOrderId, std::string("o2"));
        // Replaced down from 8 to 3: the 8 may still fill first (Alpaca then rejects the
        // replace), so the pair holds 8 until it is settled.
        old.qty = 8;
        replacing.qty = 3;
        QCOMPARE(closableContracts(positions, {old, replacing}, kCall).inOpenCloses, 8.0);
        // A SELL of the stock counts the pair the same way (it counted both: 11).
        Position iwm = held("IWM", 10);
        iwm.assetClass = "us_equity";
        old.symbol = replacing.symbol = "IWM";
        QCOMPARE(sellableShares({iwm}, {old, replacing}, "IWM").available(), 2.0);
        QCOMPARE(closableShares({iwm}, {old, replacing}, "IWM").available(), 2.0);
    }

    // Legs count for a multi-leg order only: a bracket's or an OCO's exits are one order's
    // alternatives (the parent already counts), not several closes.
    void legsOfOtherClassesDoNotCount() {
        const std::vector<Position> positions{held(kCall, 10)};
        Order oco = single("o1", kCall, OrderSide::Sell, 4);
        oco.orderClass = "oco";
        oco.legs = {leg(kCall, OrderSide::Sell, 1, 4)};
        QCOMPARE(closableContracts(positions, {oco}, kCall).inOpenCloses, 4.0);
    }

    // Shares that short calls written on the stock hold are not closable (Alpaca locks them;
    // sold, the calls would be naked): a short call of SPY holds 100 SPY. Other roots, puts and
    // long calls hold nothing; a short stock position has nothing to cover with.
    void sharesCoveringShortCallsAreNotClosable() {
        Position spy = held("SPY", 150);
        spy.assetClass = "us_equity";
        const std::vector<Position> positions{spy, held(kCall, -1), held(kPut, -2),
                                              held("SPY261218C00610000", 3),
                                              held("QQQ261218C00500000", -4)};
        QCOMPARE(sharesCoveringShortCalls(positions, "SPY"), 100.0);
        const Closable c = closableShares(positions, {}, "SPY");
        QCOMPARE(c.held, 150.0);
        QCOMPARE(c.available(), 50.0);
        QVERIFY(describeClosable(c, "SPY", false).find("100 covering short calls") !=
                std::string::npos);
        const Sellable s = sellableShares(positions, {}, "SPY");
        QCOMPARE(s.available(), 50.0);
        QVERIFY(describeSellable(s, "SPY").find("100 covering short calls") != std::string::npos);
        Position shortSpy = spy;
        shortSpy.qty = -150;
        QCOMPARE(closableShares({shortSpy, held(kCall, -1)}, {}, "SPY").available(), 150.0);
    }

    void finishedOrdersCloseNothing() {
        const std::vector<Position> positions{held(kCall, 5)};
        Order done = single("o1", kCall, OrderSide::Sell, 3);
        done.status = "canceled";
        Order spread = multiLeg("m1", 2, {leg(kCall, OrderSide::Sell, 1, 2)});
        spread.status = "filled";
        QCOMPARE(closableContracts(positions, {done, spread}, kCall).available(), 5.0);
    }
};

QTEST_APPLESS_MAIN(TestClosableContracts)
#include "tst_closable_contracts.moc"
