// The paper account at the close of an expiry day (PaperAccount::settleExpiries): an ITM long is
// exercised (OPEXC + OPTRD), an ITM short assigned (OPASN + OPTRD), an OTM one expires (OPEXP),
// with the shares and cash an exercise moves; nothing before 16:00 New York, nothing of a later
// expiry. Figures by hand: SPY marked at 600.00.

#include "domain/eastern_time.h"
#include "market/paper_account.h"

#include <QTest>

using namespace std::chrono;
using cg::market::InstrumentPrice;
using cg::market::PaperAccount;
using cg::market::SimActivity;
using cg::market::SimPosition;

namespace {

const year_month_day kExpiry{2026y / November / 24};

cg::market::PriceLookup lookup() {
    return [](const std::string &symbol) -> std::optional<InstrumentPrice> {
        InstrumentPrice p;
        if (symbol == "SPY") {
            p.assetId = "spy-id";
            p.assetClass = "us_equity";
            p.multiplier = 1.0;
            p.mark = p.prevClose = 600.0;
            p.quote.bid = 599.99;
            p.quote.ask = 600.01;
            p.quoteUsable = true;
            return p;
        }
        p.assetClass = "us_option";
        p.mark = p.prevClose = 1.0;
        return p;
    };
}

SimPosition option(const std::string &symbol, double qty) {
    SimPosition p;
    p.symbol = symbol;
    p.assetClass = "us_option";
    p.qty = qty;
    p.costBasis = qty * 100.0;
    return p;
}

PaperAccount account() {
    PaperAccount a(7, sys_days{2026y / November / 1}, PaperAccount::Options{});
    PaperAccount::State s = a.state();
    s.cash = 200000.0;
    s.positions = {
        option("SPY261124C00590000", 2),  // ITM long call: exercised
        option("SPY261124P00610000", -1), // ITM short put: assigned
        option("SPY261124C00650000", 1),  // OTM long call: expires
        option("SPY261124C00620000", -1), // OTM short call: expires
        option("SPY261124C00600000", 1),  // at the money (< $0.01 in): expires
        option("SPY261125C00590000", 1),  // tomorrow's: untouched
    };
    a.restore(s);
    return a;
}

const SimActivity *find(const std::vector<SimActivity> &all, const std::string &type,
                        const std::string &symbol) {
    for (const SimActivity &a : all) {
        if (a.type == type && a.symbol == symbol)
            return &a;
    }
    return nullptr;
}

} // namespace

class TestExpirySettlement : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nothingBeforeTheClose() {
        PaperAccount a = account();
        QCOMPARE(a.settleExpiries(cg::easternInstant(kExpiry, 15, 59), lookup()), 0);
        QVERIFY(a.activities().empty());
        QCOMPARE(a.positions(lookup()).size(), std::size_t(6));
    }

    void exercisedAssignedAndExpiredAtTheClose() {
        PaperAccount a = account();
        const auto close = cg::easternInstant(kExpiry, 16, 0);
        QCOMPARE(a.settleExpiries(close, lookup()), 6); // 2 + 1 + 1 + 1 + 1 contracts
        const auto &log = a.activities();

        const SimActivity *exc = find(log, "OPEXC", "SPY261124C00590000");
        QVERIFY(exc);
        QCOMPARE(exc->qty, -2.0); // long contracts removed
        QCOMPARE(exc->netAmount, 0.0);
        QCOMPARE(exc->date, std::string("2026-11-24"));
        const SimActivity *asn = find(log, "OPASN", "SPY261124P00610000");
        QVERIFY(asn);
        QCOMPARE(asn->qty, 1.0); // short contracts removed
        for (const char *s : {"SPY261124C00650000", "SPY261124C00600000"})
            QCOMPARE(find(log, "OPEXP", s)->qty, -1.0);
        QCOMPARE(find(log, "OPEXP", "SPY261124C00620000")->qty, 1.0);

        // The share legs: +200 at 590 (the call exercised), +100 at 610 (the put assigned).
        double shares = 0.0, net = 0.0;
        for (const SimActivity &x : log) {
            if (x.type == "OPTRD") {
                QCOMPARE(x.symbol, std::string("SPY"));
                shares += x.qty;
                net += x.netAmount;
                QVERIFY(x.price);
                QCOMPARE(x.netAmount, -x.qty * *x.price);
            }
        }
        QCOMPARE(shares, 300.0);
        QCOMPARE(net, -(200 * 590.0 + 100 * 610.0));
        // Every activity id is unique and they sort in booking order.
        for (std::size_t i = 1; i < log.size(); ++i)
            QVERIFY(log[i - 1].id < log[i].id);

        const auto positions = a.positions(lookup());
        QCOMPARE(positions.size(), std::size_t(2)); // the shares and tomorrow's call
        for (const auto &p : positions) {
            if (p.position.symbol == "SPY") {
                QCOMPARE(p.position.qty, 300.0);
                QCOMPARE(p.position.costBasis, 200 * 590.0 + 100 * 610.0);
            } else {
                QCOMPARE(p.position.symbol, std::string("SPY261125C00590000"));
            }
        }
        QCOMPARE(a.account(lookup()).cash, 200000.0 - 118000.0 - 61000.0);
        // Settled once: a second pass books nothing.
        QCOMPARE(a.settleExpiries(close + minutes{1}, lookup()), 0);
    }

    void shortCallAssignedDeliversShares() {
        PaperAccount a(7, sys_days{2026y / November / 1}, PaperAccount::Options{});
        PaperAccount::State s = a.state();
        SimPosition stock;
        stock.symbol = "SPY";
        stock.assetClass = "us_equity";
        stock.multiplier = 1.0;
        stock.qty = 100;
        stock.costBasis = 100 * 580.0;
        s.positions = {stock, option("SPY261124C00590000", -1)};
        const double cash = s.cash;
        a.restore(s);
        QCOMPARE(a.settleExpiries(cg::easternInstant(kExpiry, 16, 0), lookup()), 1);
        QCOMPARE(find(a.activities(), "OPASN", "SPY261124C00590000")->qty, 1.0);
        QCOMPARE(find(a.activities(), "OPTRD", "SPY")->qty, -100.0);
        QVERIFY(a.positions(lookup()).empty()); // the covered call's shares delivered
        QCOMPARE(a.account(lookup()).cash, cash + 100 * 590.0);
    }
};

QTEST_GUILESS_MAIN(TestExpirySettlement)
#include "tst_expiry_settlement.moc"
