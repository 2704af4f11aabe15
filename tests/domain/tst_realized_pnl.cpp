// Realized P&L, FIFO, against figures worked by hand (option fills x 100 unless a stock).
#include "domain/realized_pnl.h"

#include <QTest>

using namespace cg;

namespace {

Fill opt(const char *symbol, OrderSide side, double qty, double price) {
    return Fill{symbol, side, qty, price, 100.0};
}

constexpr auto Buy = OrderSide::Buy;
constexpr auto Sell = OrderSide::Sell;
constexpr const char *A = "SPY251219C00600000";
constexpr const char *B = "SPY251219P00550000";

} // namespace

class TestRealizedPnl : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Buy 2 @ 1.00, buy 1 @ 1.50, sell 2 @ 2.00: the two oldest close, (2.00 - 1.00) x 2 x 100
    // = +200. Sell 1 @ 0.50 closes the 1.50 lot: (0.50 - 1.50) x 1 x 100 = -100.
    void oldestLotsCloseFirst() {
        const std::vector<Fill> f{opt(A, Buy, 2, 1.00), opt(A, Buy, 1, 1.50), opt(A, Sell, 2, 2.00),
                                  opt(A, Sell, 1, 0.50)};
        const auto r = realizedPnlFifo(f);
        QCOMPARE(r.size(), std::size_t{4});
        QVERIFY(!r[0].closes());
        QCOMPARE(r[0].openedQty, 2.0);
        QVERIFY(!r[1].closes());
        QCOMPARE(r[2].closedQty, 2.0);
        QCOMPARE(r[2].realized, 200.0);
        QCOMPARE(r[3].closedQty, 1.0);
        QCOMPARE(r[3].realized, -100.0);
    }

    // Buy 1 @ 1.00, buy 1 @ 2.00, sell 2 @ 3.00: one closing order across two lots,
    // (3 - 1) x 100 + (3 - 2) x 100 = +300.
    void oneCloseAcrossLots() {
        const std::vector<Fill> f{opt(A, Buy, 1, 1.00), opt(A, Buy, 1, 2.00),
                                  opt(A, Sell, 2, 3.00)};
        const auto r = realizedPnlFifo(f);
        QCOMPARE(r[2].closedQty, 2.0);
        QCOMPARE(r[2].realized, 300.0);
    }

    // Written (sold to open) 3 @ 2.00; bought back 1 @ 1.20: (2.00 - 1.20) x 100 = +80; then
    // 2 @ 2.50: (2.00 - 2.50) x 2 x 100 = -100.
    void shortsGainWhenBoughtBackLower() {
        const std::vector<Fill> f{opt(A, Sell, 3, 2.00), opt(A, Buy, 1, 1.20),
                                  opt(A, Buy, 2, 2.50)};
        const auto r = realizedPnlFifo(f);
        QCOMPARE(r[0].openedQty, 3.0);
        QCOMPARE(r[1].realized, 80.0);
        QCOMPARE(r[2].realized, -100.0);
        QCOMPARE(r[2].closedQty, 2.0);
    }

    // Buy 1 @ 1.00, sell 3 @ 1.50: closes 1 (+50) and opens 2 short at 1.50; buy 2 @ 1.00
    // closes them: (1.50 - 1.00) x 2 x 100 = +100.
    void sellingThroughFlipsToShort() {
        const std::vector<Fill> f{opt(A, Buy, 1, 1.00), opt(A, Sell, 3, 1.50),
                                  opt(A, Buy, 2, 1.00)};
        const auto r = realizedPnlFifo(f);
        QCOMPARE(r[1].closedQty, 1.0);
        QCOMPARE(r[1].realized, 50.0);
        QCOMPARE(r[1].openedQty, 2.0);
        QCOMPARE(r[2].realized, 100.0);
    }

    // A close whose opening is older than the fills given: unmatched, no price invented; with
    // no closing intent the same sell opens a short instead.
    void closeWithoutKnownOpening() {
        std::vector<Fill> f{opt(A, Sell, 2, 1.00)};
        f[0].closing = true;
        const auto r = realizedPnlFifo(f);
        QCOMPARE(r[0].unmatchedQty, 2.0);
        QCOMPARE(r[0].realized, 0.0);
        QCOMPARE(r[0].openedQty, 0.0);
        f[0].closing = false;
        const auto open = realizedPnlFifo(f);
        QCOMPARE(open[0].unmatchedQty, 0.0);
        QCOMPARE(open[0].openedQty, 2.0);
        // Partly known: buy 1 @ 1.00 then a sell_to_close of 3 @ 2.00: +100 on 1, 2 unmatched.
        std::vector<Fill> g{opt(A, Buy, 1, 1.00), opt(A, Sell, 3, 2.00)};
        g[1].closing = true;
        const auto p = realizedPnlFifo(g);
        QCOMPARE(p[1].closedQty, 1.0);
        QCOMPARE(p[1].realized, 100.0);
        QCOMPARE(p[1].unmatchedQty, 2.0);
    }

    // Each symbol has its own lots: B's short does not close A's long.
    void symbolsAreSeparate() {
        const std::vector<Fill> f{opt(A, Buy, 1, 1.00), opt(B, Sell, 1, 2.00),
                                  opt(A, Sell, 1, 3.00)};
        const auto r = realizedPnlFifo(f);
        QVERIFY(!r[1].closes());
        QCOMPARE(r[2].realized, 200.0);
    }

    // Shares: multiplier 1. Buy 10 @ 100, sell 4 @ 105: (105 - 100) x 4 = +20.
    void stocks() {
        const std::vector<Fill> f{Fill{"SPY", Buy, 10, 100.0, 1.0},
                                  Fill{"SPY", Sell, 4, 105.0, 1.0}};
        const auto r = realizedPnlFifo(f);
        QCOMPARE(r[1].realized, 20.0);
        QCOMPARE(r[1].closedQty, 4.0);
    }

    void unusableFillsAreSkipped() {
        const std::vector<Fill> f{opt(A, Buy, 0, 1.00), opt(A, Sell, 1, 2.00)};
        const auto r = realizedPnlFifo(f);
        QVERIFY(!r[0].closes());
        QCOMPARE(r[0].openedQty, 0.0);
        QVERIFY(!r[1].closes()); // nothing open to close: it opens a short
    }
};

QTEST_APPLESS_MAIN(TestRealizedPnl)
#include "tst_realized_pnl.moc"
