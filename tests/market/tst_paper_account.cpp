// Orders and the account of the simulated market: validation like Alpaca, fills after a short
// delay, cash, positions and buying power.

#include "market/simulated_market.h"

#include <QTest>

using namespace std::chrono;
using cg::market::OrderSubmission;
using cg::market::SimContract;
using cg::market::SimulatedMarket;

namespace {

const cg::Timestamp kStart = sys_days{2026y / November / 24} + hours{15};

OrderSubmission limitOrder(const std::string &symbol, const std::string &side, double qty,
                           double limit) {
    OrderSubmission s;
    s.symbol = symbol;
    s.side = side;
    s.qty = std::to_string(static_cast<int>(qty));
    s.type = "limit";
    s.timeInForce = "day";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", limit);
    s.limitPrice = buf;
    return s;
}

// A liquid call with a sound quote near the money.
std::string liquidCall(SimulatedMarket &m) {
    const double spot = m.stock("SPY")->price;
    for (const SimContract &c : m.chain("SPY")) {
        if (c.type == cg::OptionType::Call && c.expiry == year_month_day{2026y / December / 18} &&
            std::abs(c.strike - std::round(spot)) < 0.5 && c.quirk == cg::market::QuoteQuirk::None)
            return c.symbol;
    }
    return {};
}

void advance(SimulatedMarket &m, milliseconds by) {
    m.step(m.now() + by);
}

} // namespace

class TestPaperAccount : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void startsWithOneHundredThousand() {
        SimulatedMarket m(kStart);
        const auto a = m.account();
        QCOMPARE(a.equity, 100000.0);
        QCOMPARE(a.cash, 100000.0);
        QCOMPARE(a.buyingPower, 100000.0);
        QCOMPARE(a.optionsBuyingPower, 100000.0);
        QVERIFY(m.positions().empty());
        QVERIFY(!a.id.empty());
    }

    void marketableLimitFills() {
        SimulatedMarket m(kStart);
        const std::string sym = liquidCall(m);
        QVERIFY(!sym.empty());
        const double ask = m.contract(sym)->quote.ask;
        auto s = limitOrder(sym, "buy", 2, ask + 0.50);
        s.positionIntent = "buy_to_open";
        s.clientOrderId = "sig-1";
        const auto placed = m.submitOrder(s);
        QVERIFY2(placed.ok(), placed.ok() ? "" : placed.error().message.c_str());
        QCOMPARE(placed->status, std::string("pending_new"));
        QCOMPARE(placed->assetClass, std::string("us_option"));
        QCOMPARE(placed->positionIntent, std::string("buy_to_open"));
        // Buying power is held while the order works.
        QVERIFY(m.account().optionsBuyingPower < 100000.0 - 2 * 100 * ask);

        advance(m, milliseconds{200});
        QCOMPARE(m.order(placed->id)->status, std::string("new"));
        advance(m, milliseconds{500});
        const auto *o = m.order(placed->id);
        QCOMPARE(o->status, std::string("filled"));
        QCOMPARE(o->filledQty, 2.0);
        QVERIFY(o->filledAvgPrice);
        const double fill = *o->filledAvgPrice;
        QVERIFY(fill <= ask + 0.50 + 1e-9); // at or better than the limit
        QVERIFY(o->filledAt);
        QCOMPARE(m.orderByClientOrderId("sig-1")->id, o->id);

        const auto a = m.account();
        QCOMPARE(a.cash, 100000.0 - fill * 2 * 100);
        const auto positions = m.positions();
        QCOMPARE(positions.size(), std::size_t{1});
        const auto &p = positions.front();
        QCOMPARE(p.position.qty, 2.0);
        QCOMPARE(p.avgEntryPrice, fill);
        QCOMPARE(p.marketValue, 2 * 100 * p.currentPrice);
        QCOMPARE(p.unrealizedPl, p.marketValue - fill * 200);
        QCOMPARE(a.equity, a.cash + p.marketValue);

        // Sell to close: the position goes away and the cash comes back.
        auto close = limitOrder(sym, "sell", 2, 0.01);
        close.positionIntent = "sell_to_close";
        const auto closing = m.submitOrder(close);
        QVERIFY2(closing.ok(), closing.ok() ? "" : closing.error().message.c_str());
        advance(m, milliseconds{200});
        advance(m, milliseconds{500});
        QCOMPARE(m.order(closing->id)->status, std::string("filled"));
        QVERIFY(m.positions().empty());
        QVERIFY(std::abs(m.account().equity - m.account().cash) < 1e-6);
    }

    void restingLimitStaysNewAndCancels() {
        SimulatedMarket m(kStart);
        const std::string sym = liquidCall(m);
        const double bid = m.contract(sym)->quote.bid;
        const auto placed = m.submitOrder(limitOrder(sym, "buy", 1, std::max(0.01, bid * 0.5)));
        QVERIFY(placed.ok());
        for (int i = 0; i < 10; ++i)
            advance(m, milliseconds{500});
        QCOMPARE(m.order(placed->id)->status, std::string("new"));
        const auto canceled = m.cancelOrder(placed->id);
        QVERIFY(canceled.ok());
        QCOMPARE(canceled->status, std::string("canceled"));
        QVERIFY(canceled->canceledAt);
        QCOMPARE(m.account().optionsBuyingPower, 100000.0);
        const auto again = m.cancelOrder(placed->id);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().httpStatus, 422);
        QCOMPARE(again.error().code, 42210000LL);
        const auto missing = m.cancelOrder("00000000-0000-4000-8000-000000000000");
        QCOMPARE(missing.error().httpStatus, 404);
    }

    void dayOrdersExpireAtTheClose() {
        SimulatedMarket m(kStart); // 10:00 New York
        const std::string sym = liquidCall(m);
        const auto day = m.submitOrder(limitOrder(sym, "buy", 1, 0.01));
        auto gtcOrder = limitOrder(sym, "buy", 1, 0.01);
        gtcOrder.timeInForce = "gtc";
        const auto gtc = m.submitOrder(gtcOrder);
        QVERIFY(day.ok() && gtc.ok());
        m.step(kStart + hours{5} + minutes{59}); // 15:59
        QCOMPARE(m.order(day->id)->status, std::string("new"));
        m.step(kStart + hours{6}); // 16:00
        QCOMPARE(m.order(day->id)->status, std::string("expired"));
        QVERIFY(m.order(day->id)->expiredAt);
        QCOMPARE(m.order(gtc->id)->status, std::string("new"));
        QCOMPARE(m.account().optionsBuyingPower, 100000.0 - 1.0); // only the gtc holds $1
    }

    void largeOrdersFillInTwoParts() {
        SimulatedMarket m(kStart);
        const std::string sym = liquidCall(m);
        OrderSubmission s = limitOrder(sym, "buy", 10, m.contract(sym)->quote.ask + 1.0);
        const auto placed = m.submitOrder(s);
        QVERIFY(placed.ok());
        advance(m, milliseconds{200});
        advance(m, milliseconds{500});
        QCOMPARE(m.order(placed->id)->status, std::string("partially_filled"));
        QCOMPARE(m.order(placed->id)->filledQty, 5.0);
        advance(m, milliseconds{500});
        QCOMPARE(m.order(placed->id)->status, std::string("filled"));
        QCOMPARE(m.positions().front().position.qty, 10.0);
    }

    void validatesLikeAlpaca_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        QTest::newRow("fractional qty") << "qty"
                                        << "1.5" << 422 << "qty must be integer";
        QTest::newRow("zero qty") << "qty"
                                  << "0" << 422 << "qty must be > 0";
        QTest::newRow("ioc") << "tif"
                             << "ioc" << 422 << "invalid time_in_force";
        QTest::newRow("stop") << "type"
                              << "stop" << 422 << "not supported";
        QTest::newRow("intent") << "intent"
                                << "open" << 422 << "invalid position_intent";
        QTest::newRow("symbol") << "symbol"
                                << "ZZZZ261127C00100000" << 422 << "could not find";
        QTest::newRow("side") << "side"
                              << "short" << 422 << "invalid side";
        QTest::newRow("too expensive") << "qty"
                                       << "500" << 403 << "insufficient buying power";
    }

    void validatesLikeAlpaca() {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(int, status);
        QFETCH(QString, message);
        SimulatedMarket m(kStart);
        OrderSubmission s = limitOrder(liquidCall(m), "buy", 1, 20.0);
        const std::string v = value.toStdString();
        if (field == "qty")
            s.qty = v;
        else if (field == "tif")
            s.timeInForce = v;
        else if (field == "type")
            s.type = v;
        else if (field == "intent")
            s.positionIntent = v;
        else if (field == "symbol")
            s.symbol = v;
        else if (field == "side")
            s.side = v;
        const auto r = m.submitOrder(s);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().httpStatus, status);
        QVERIFY2(QString::fromStdString(r.error().message).contains(message),
                 r.error().message.c_str());
        QVERIFY(m.orders().empty());
    }

    void duplicateClientOrderIdIsRefused() {
        SimulatedMarket m(kStart);
        OrderSubmission s = limitOrder(liquidCall(m), "buy", 1, 0.05);
        s.clientOrderId = "same";
        QVERIFY(m.submitOrder(s).ok());
        const auto again = m.submitOrder(s);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().httpStatus, 422);
        QCOMPARE(again.error().code, 42210000LL);
        QCOMPARE(m.orders().size(), std::size_t{1});
    }

    void nakedCallsAndUncoveredSalesAreRefused() {
        SimulatedMarket m(kStart);
        auto s = limitOrder(liquidCall(m), "sell", 1, 5.0);
        s.positionIntent = "sell_to_close";
        auto r = m.submitOrder(s);
        QCOMPARE(r.error().httpStatus, 403);
        s.positionIntent = "sell_to_open";
        r = m.submitOrder(s);
        QCOMPARE(r.error().httpStatus, 403);
        QVERIFY(QString::fromStdString(r.error().message).contains("covered call"));
    }

    void stockOrdersFill() {
        SimulatedMarket m(kStart);
        OrderSubmission s;
        s.symbol = "SPY";
        s.qty = "3";
        s.side = "buy";
        s.type = "market";
        s.timeInForce = "day";
        const auto r = m.submitOrder(s);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(r->status, std::string("accepted"));
        QCOMPARE(r->assetClass, std::string("us_equity"));
        advance(m, milliseconds{200});
        advance(m, milliseconds{500});
        QCOMPARE(m.order(r->id)->status, std::string("filled"));
        QCOMPARE(m.positions().front().position.multiplier, 1.0);
    }
};

QTEST_GUILESS_MAIN(TestPaperAccount)
#include "tst_paper_account.moc"
