// What holds a replace before its PATCH (dispatch/replace_check.h): the same guards as a new
// order's ticket, each refusal a sentence that ends "Nothing was replaced", and only the
// fat-finger precaution overridable.

#include "dispatch/replace_check.h"

#include <QTest>

using namespace cg;

namespace {

ReplaceCheckInput working(OrderSide side, PositionIntent intent) {
    ReplaceCheckInput in;
    in.order.symbol = "SPY260130C00708000";
    in.order.side = side;
    in.order.intent = intent;
    in.order.qty = 1;
    in.order.limitPrice = 0.05;
    in.qty = 1;
    in.limit = 0.05;
    in.quote = Quote{0.36, 0.38, 10, 10, {}};
    in.tick = 0.01;
    return in;
}

bool says(const std::optional<Error> &e, const char *words) {
    return e && e->message.find(words) != std::string::npos &&
           e->message.find("Nothing was replaced") != std::string::npos;
}

} // namespace

class TestReplaceCheck : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fatFingerIsOverridable() {
        const DispatcherSettings s;
        ReplaceCheckInput in = working(OrderSide::Buy, PositionIntent::BuyToOpen);
        in.limit = 3.80; // 0.38 meant
        in.limitChanged = true;
        auto e = checkReplace(s, in);
        QVERIFY2(says(e, "above the ask 0.38"), e ? e->message.c_str() : "sent");
        QCOMPARE(e->code, kReplaceOverridable);
        in.overridePrecautions = true;
        QVERIFY(!checkReplace(s, in));
        // A sell below the bid, the same way.
        in = working(OrderSide::Sell, PositionIntent::SellToClose);
        in.limit = 0.03;
        in.limitChanged = true;
        QVERIFY(says(checkReplace(s, in), "below the bid 0.36"));
        // Inside the market, or a passive limit away from it: no precaution.
        in.limit = 0.40;
        QVERIFY(!checkReplace(s, in));
    }
    // More contracts at a limit the market has left far behind: the quantity raised alone went
    // out without the precaution, the limit unchanged.
    void raisedQuantityIsJudgedAtItsLimit() {
        const DispatcherSettings s;
        ReplaceCheckInput in = working(OrderSide::Buy, PositionIntent::BuyToOpen);
        in.order.limitPrice = 3.80; // placed when the ask was near it; now 0.38
        in.limit = 3.80;
        in.qty = 5;
        auto e = checkReplace(s, in);
        QVERIFY2(says(e, "above the ask 0.38"), e ? e->message.c_str() : "sent");
        QCOMPARE(e->code, kReplaceOverridable);
        in.qty = 1; // the quantity as it is: nothing new is bought
        QVERIFY(!checkReplace(s, in));
        // A protective stop limit (stop 1.50, limit 1.45, bid 2.00) raised: its limit is judged
        // against its stop, as at its ticket, not held as "0.55 below the bid".
        in = working(OrderSide::Sell, PositionIntent::SellToClose);
        in.order.type = OrderType::StopLimit;
        in.order.stopPrice = 1.50;
        in.order.limitPrice = 1.45;
        in.limit = 1.45;
        in.quote = Quote{2.00, 2.05, 10, 10, {}};
        in.qty = 2;
        e = checkReplace(s, in);
        QVERIFY2(!e, e ? e->message.c_str() : "");
    }
    void perOrderLimitsHoldOpeningOrdersOnly() {
        const DispatcherSettings s; // 10 contracts per order
        ReplaceCheckInput in = working(OrderSide::Sell, PositionIntent::SellToOpen);
        in.qty = 11;
        in.overridePrecautions = true;
        const auto e = checkReplace(s, in);
        QVERIFY(says(e, "Order of 11 contracts is above the limit of 10 per order"));
        QVERIFY(e->code != kReplaceOverridable);
        in.order.intent = PositionIntent::BuyToClose; // closing reduces risk
        in.order.side = OrderSide::Buy;
        QVERIFY(!checkReplace(s, in));
        // An opening stop order (no limit) raised to 50 went unchecked.
        in = working(OrderSide::Buy, PositionIntent::BuyToOpen);
        in.order.type = OrderType::Stop;
        in.order.limitPrice.reset();
        in.order.stopPrice = 0.50;
        in.limit.reset();
        in.qty = 50;
        QVERIFY2(says(checkReplace(s, in), "Order of 50 contracts is above the limit of 10"),
                 "a stop raised to 50 contracts went through");
    }
    // The day's loss limit holds a replace that adds to an opening order (more contracts, a
    // buy's higher limit), as it holds a new order; one that only lowers what it risks goes.
    // Before the fix the check saw a day with no loss: 1 -> 10 contracts went to Alpaca.
    void dailyLossHoldsARaisedOpeningOrder() {
        const DispatcherSettings s; // daily loss limit $5,000
        ReplaceCheckInput in = working(OrderSide::Buy, PositionIntent::BuyToOpen);
        in.overridePrecautions = true;
        in.risk.dailyPnl = -6000.0;
        in.qty = 5;
        QVERIFY(says(checkReplace(s, in), "Daily loss"));
        in.qty = 1;
        in.limit = 0.06;
        in.limitChanged = true;
        QVERIFY(says(checkReplace(s, in), "Daily loss"));
        in.limit = 0.04; // lower: risks less
        QVERIFY(!checkReplace(s, in));
        in.order.qty = 3;
        in.qty = 2; // fewer contracts
        in.limit = 0.05;
        in.limitChanged = false;
        QVERIFY(!checkReplace(s, in));
        in.risk.ordersToday = 1000; // the count does not apply to a replace
        in.risk.dailyPnl = 0.0;
        in.qty = 5;
        QVERIFY(!checkReplace(s, in));
    }

    // A stock's buy against a short position covers it (a close, as its ticket proposed it):
    // raising its limit is not held by the per-order limits, which hold a buy that opens.
    void aStockBuyToCoverIsNotHeldByThePerOrderLimits() {
        const DispatcherSettings s; // $25,000 per order
        ReplaceCheckInput in;
        in.order.symbol = "SPY";
        in.order.side = OrderSide::Buy;
        in.order.qty = 100;
        in.order.limitPrice = 259.0;
        in.qty = 100;
        in.limit = 262.0;
        in.limitChanged = true;
        in.lastPrice = 261.5;
        in.stockPosition = -100;
        QVERIFY(!checkReplace(s, in));
        in.qty = 10000; // beyond the short: 9,900 shares bought long, held as an opening order
        QVERIFY(says(checkReplace(s, in), "per-order limit"));
        in.qty = 100;
        in.stockPosition = 0; // the same buy with nothing short opens
        QVERIFY(says(checkReplace(s, in), "above the $25,000.00 per-order limit"));
    }
    void limitOnTheTick() {
        const DispatcherSettings s;
        ReplaceCheckInput in = working(OrderSide::Buy, PositionIntent::BuyToOpen);
        in.limit = 0.355;
        in.limitChanged = true;
        in.tick = 0.05;
        QVERIFY(says(checkReplace(s, in), "not on the option's 0.05 tick; the nearest is"));
        in.limit = 0.35;
        QVERIFY(!checkReplace(s, in));
        // An unchanged limit is not judged again (only the quantity changed).
        in.limit = 0.355;
        in.limitChanged = false;
        QVERIFY(!checkReplace(s, in));
    }
    // A stock's new limit is judged against its last price, as its ticket's is: a buy limit 50%
    // above SPY's price was replaced without a word.
    void stockLimitIsJudgedAgainstTheLastPrice() {
        const DispatcherSettings s;
        ReplaceCheckInput in;
        in.order.symbol = "SPY";
        in.order.side = OrderSide::Buy;
        in.order.qty = 1;
        in.order.limitPrice = 1.00;
        in.qty = 1;
        in.limit = 1045.68;
        in.limitChanged = true;
        in.lastPrice = 697.12;
        const auto e = checkReplace(s, in);
        QVERIFY(says(e, "above the last price 697.12"));
        QCOMPARE(e->code, kReplaceOverridable);
        in.limit = 697.50;
        QVERIFY(!checkReplace(s, in));
    }

    // Alpaca's replace quantity is the order's total, filled part included: one not above what
    // has filled is refused here with that said (Alpaca's 422 came back raw).
    void quantityIsTheTotalAboveWhatFilled() {
        const DispatcherSettings s;
        ReplaceCheckInput in = working(OrderSide::Buy, PositionIntent::BuyToOpen);
        in.order.qty = 5;
        in.order.filledQty = 3;
        in.qty = 2; // meant: 2 more
        const auto e = checkReplace(s, in);
        QVERIFY(says(e, "Quantity 2 is not above the 3 already filled"));
        QVERIFY(e->code != kReplaceOverridable);
        in.qty = 4;
        QVERIFY(!checkReplace(s, in));
    }

    void multiLegIsNotReplaced() {
        ReplaceCheckInput in = working(OrderSide::Buy, PositionIntent::None);
        in.order.orderClass = "mleg";
        in.order.legs.resize(2);
        QVERIFY(says(checkReplace(DispatcherSettings{}, in), "multi-leg order cannot be replaced"));
    }
};

QTEST_GUILESS_MAIN(TestReplaceCheck)
#include "tst_replace_check.moc"
