// The figures a trader reads must be right (issue 17): greeks the feed did not send are computed
// from the mid and marked so; the detail panel's gate table shows the relation that holds; one
// mid (exact, the same in the chain and the detail panel); the flat list counts contracts.

#include "domain/black_scholes_greeks.h"
#include "models/chain_roles.h"
#include "models/chain_table_model.h"
#include "support/fake_market_data.h"
#include "support/window_fixture.h"
#include "ui/chain_view.h"
#include "ui/contract_detail_panel.h"
#include "ui/expiry_charts_panel.h"
#include "ui/main_window.h"

#include <QAction>
#include <QLabel>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>

#include "ui/qcustomplot_include.h"

using namespace cg;
using namespace cg::models;
using namespace cg::ui;
using namespace std::chrono;

namespace {

const Timestamp kNow = test::kWindowNow;
constexpr year_month_day kNear = test::kWindowNear;

// The shared window fixture over the near expiry, with two contracts changed.
struct Fixture : test::WindowFixture {
    Fixture()
        : WindowFixture({kNear}, [](test::FakeMarketData &market) {
            for (auto &c : market.contracts) {
                // The ATM call comes without greeks, quoted 0.54 / 0.59 (mid 0.565).
                if (c.strike == 101 && c.type == OptionType::Call) {
                    c.greeks.reset();
                    c.impliedVol.reset();
                    c.quote = Quote{0.54, 0.59, 10, 10, {}};
                }
                // The 102 put: no greeks and no bid, so nothing to compute them from.
                if (c.strike == 102 && c.type == OptionType::Put) {
                    c.greeks.reset();
                    c.impliedVol.reset();
                    c.quote = Quote{0.0, 0.05, 0, 10, {}};
                }
            }
        }) {}
};

} // namespace

class TstFigures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void computedGreeksAreShownAndMarked() {
        Fixture f;
        QVERIFY(f.load());
        const QModelIndex delta = f.viewCell(101, ChainSide::Call, ChainField::Delta);
        QVERIFY(delta.isValid());
        QVERIFY2(!delta.data().toString().isEmpty(), "the ATM call's delta is blank");
        const double d = delta.data(RawValueRole).toDouble();
        QVERIFY2(d > 0.3 && d < 0.7, qPrintable(delta.data().toString()));
        const QModelIndex iv = f.viewCell(101, ChainSide::Call, ChainField::ImpliedVol);
        QVERIFY(!iv.data().toString().isEmpty());
        for (const QModelIndex &i : {delta, iv}) {
            QVERIFY(i.data(Qt::FontRole).value<QFont>().italic());
            QCOMPARE(
                i.data(Qt::ToolTipRole).toString(),
                QStringLiteral("Computed from the mid 0.565 (IV solver); the feed sent no greeks"));
        }
        // A feed greek is not italic; a contract with nothing to compute from says why.
        const QModelIndex feed = f.viewCell(100, ChainSide::Call, ChainField::Delta);
        QVERIFY(!feed.data(Qt::FontRole).value<QFont>().italic());
        const QModelIndex none = f.viewCell(102, ChainSide::Put, ChainField::Delta);
        QVERIFY(none.data().toString().isEmpty());
        QCOMPARE(none.data(Qt::ToolTipRole).toString(),
                 QStringLiteral("No greeks: the feed sent none and there is no bid, so no mid to "
                                "compute them from"));
    }

    void payoffUsesTheComputedIvOrSaysThereIsNone() {
        Fixture f;
        QVERIFY(f.load());
        ContractDetailPanel *panel = f.window->detailPanel();
        auto *plot = panel->findChild<QCustomPlot *>(QStringLiteral("payoffPlot"));
        QVERIFY(plot);
        const ChainEntry *atm = f.entry(101, OptionType::Call);
        QVERIFY(atm && atm->contract.impliedVol);
        panel->setContract(*atm, 101, kNow, false, kComputedGreeksRate);
        const QString iv = QLocale::c().toString(*atm->contract.impliedVol * 100, 'f', 1);
        QCOMPARE(plot->graph(1)->name(),
                 QStringLiteral("Today (Black-Scholes, computed IV %1%)").arg(iv));
        QVERIFY(plot->graph(1)->dataCount() > 0);
        // A put's curve is priced by the model its IV was solved with, and the legend names it:
        // the feed's IV is Black-Scholes'; one computed here is the American model's.
        const ChainEntry *put = nullptr;
        for (const double strike : {100.0, 101.0, 103.0})
            if (const ChainEntry *e = f.entry(strike, OptionType::Put); e && e->contract.impliedVol)
                put = e;
        QVERIFY(put && put->contract.greeksSource == GreeksSource::Feed);
        panel->setContract(*put, 101, kNow, false, kComputedGreeksRate);
        QVERIFY2(plot->graph(1)->name().startsWith(QStringLiteral("Today (Black-Scholes, IV ")),
                 qPrintable(plot->graph(1)->name()));
        ChainEntry computed = *put;
        computed.contract.greeksSource = GreeksSource::Computed;
        panel->setContract(computed, 101, kNow, false, kComputedGreeksRate);
        QVERIFY2(plot->graph(1)->name().startsWith(
                     QStringLiteral("Today (American model, computed IV ")),
                 qPrintable(plot->graph(1)->name()));
        panel->setContract(*atm, 101, kNow, false, kComputedGreeksRate);
        QCOMPARE(panel->fieldText(QStringLiteral("IV %")),
                 QLocale::c().toString(*atm->contract.impliedVol * 100, 'f', 2) +
                     QStringLiteral(" (computed)"));
        // Nothing to compute from: no "today" curve and no made-up 25 %, the chart says so.
        const ChainEntry *none = f.entry(102, OptionType::Put);
        QVERIFY(none && !none->contract.impliedVol);
        panel->setContract(*none, 101, kNow, false, kComputedGreeksRate);
        QCOMPARE(plot->graph(1)->dataCount(), 0);
        QVERIFY2(plot->graph(1)->name().startsWith(QStringLiteral("Today: no IV")),
                 qPrintable(plot->graph(1)->name()));
        QVERIFY(!plot->graph(1)->name().contains(QStringLiteral("25.0")));
    }

    void gateTableShowsTheRelationThatHolds() {
        ContractDetailPanel panel;
        // The gates are judged from the contract at the default thresholds (spread below 10%,
        // minimums of 100): spread 15.38%, 1 day to expiry, open interest 50, volume unknown.
        OptionContract c = test::makeContract("SPY", OptionType::Call, 101, kNear, 0.60, 0.70);
        c.openInterest = 50;
        c.volume.reset();
        const auto show = [&](double bid, double ask) {
            c.quote->bid = bid;
            c.quote->ask = ask;
            panel.setContract(ChainEntry{c, GateThresholds{}, kNow}, 101, kNow, false, 0.04);
        };
        show(0.60, 0.70);
        auto *table = panel.findChild<QTableWidget *>(QStringLiteral("detailGates"));
        QVERIFY(table);
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("15.38% > 10.00%"));
        QCOMPARE(table->item(2, 1)->text(), QStringLiteral("1 > 0"));
        QCOMPARE(table->item(3, 1)->text(), QStringLiteral("50 < 100"));
        QCOMPARE(table->item(4, 1)->text(), QStringLiteral("unknown (min 100)"));
        // Passing spread; a spread exactly at the limit (2 / 20) fails and says "=" (it must be
        // below).
        show(1.00, 1.052);
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("5.07% < 10.00%"));
        show(19.0, 21.0);
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("10.00% = 10.00%"));
        // 0.38 / 0.42 is 10 % in decimal and 10.000000000000009 % in binary: at the limit, as the
        // gate judges it (within 1e-9), so "=" with two decimals, never "10.000000% < 10.00%".
        show(0.38, 0.42);
        QCOMPARE(table->item(1, 0)->text(), QStringLiteral("\u2717 Spread"));
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("10.00% = 10.00%"));
        // Just above the limit: enough digits to show it is above, never "10.00% > 10.00%".
        show(0.94998, 1.05002);
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("10.004% > 10.00%"));
        // An inverted quote (ask below bid) fails the spread gate with a negative value.
        show(1.04, 0.96);
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("-8.00% < 10.00% (negative)"));
    }

    void oneMidInChainAndDetail() {
        Fixture f;
        QVERIFY(f.load());
        const QModelIndex mid = f.viewCell(101, ChainSide::Call, ChainField::Mid);
        QCOMPARE(mid.data().toString(), QStringLiteral("0.565"));
        ContractDetailPanel *panel = f.window->detailPanel();
        panel->setContract(*f.entry(101, OptionType::Call), 101, kNow, false, 0.04);
        QCOMPARE(panel->fieldText(QStringLiteral("Mid")), QStringLiteral("0.565"));
        // A mid on the cent keeps two decimals.
        QCOMPARE(f.viewCell(100, ChainSide::Call, ChainField::Mid).data().toString(),
                 QStringLiteral("2.00"));
    }

    void flatListCountsContracts() {
        Fixture f;
        QVERIFY(f.load());
        auto *summary = f.window->findChild<QLabel *>(QStringLiteral("summaryLabel"));
        QVERIFY(summary);
        QVERIFY2(summary->text().startsWith(QStringLiteral("21 strikes")),
                 qPrintable(summary->text()));
        QAction *flat = nullptr;
        for (QAction *a : f.window->actions()) {
            if (a->text() == QStringLiteral("&Flat list"))
                flat = a;
        }
        QVERIFY(flat);
        flat->trigger();
        QVERIFY2(summary->text().startsWith(QStringLiteral("42 contracts")),
                 qPrintable(summary->text()));
        QVERIFY(!summary->text().contains(QStringLiteral("strikes")));
    }

    // An empty chain (an unknown symbol) or no contract selected: the Contract panel's payoff
    // chart and the expiry charts show bare axes, no legend of empty curves, no stray line.
    void emptyChartsDrawNothingMisleading() {
        ContractDetailPanel panel;
        auto *payoff = panel.findChild<QCustomPlot *>(QStringLiteral("payoffPlot"));
        QVERIFY(payoff);
        QVERIFY(!payoff->legend->visible());
        OptionContract c = test::makeContract("SPY", OptionType::Call, 101, kNear, 0.60, 0.70);
        panel.setContract(ChainEntry{c, GateThresholds{}, kNow}, 101, kNow, false, 0.04);
        QVERIFY(payoff->legend->visible());
        panel.setContract(std::nullopt, 0.0, kNow, false, 0.04);
        QVERIFY(!payoff->legend->visible());
        QCOMPARE(payoff->itemCount(), 0);

        ExpiryChartsPanel charts;
        charts.setChain({}, 0.0);
        for (QCustomPlot *p : {charts.smilePlot(), charts.volumePlot()}) {
            QVERIFY(!p->legend->visible());
            QCOMPARE(p->itemCount(), 0);
        }
        charts.setChain({ChainEntry{c, GateThresholds{}, kNow}}, 101);
        for (QCustomPlot *p : {charts.smilePlot(), charts.volumePlot()})
            QVERIFY(p->legend->visible());
    }

    // The payoff's breakeven names the price it is taken at (the ask a buy fills at now), as
    // the ticket names its limit ("mid rounded to tick"): 101 + 0.70, not an unnamed figure.
    void breakevenSaysWhichPrice() {
        ContractDetailPanel panel;
        auto *payoff = panel.findChild<QCustomPlot *>(QStringLiteral("payoffPlot"));
        QVERIFY(payoff);
        OptionContract c = test::makeContract("SPY", OptionType::Call, 101, kNear, 0.60, 0.70);
        panel.setContract(ChainEntry{c, GateThresholds{}, kNow}, 101, kNow, false, 0.04);
        QVERIFY2(payoff->xAxis->label().contains(QStringLiteral("breakeven at the ask 101.70")),
                 qPrintable(payoff->xAxis->label()));
        // No ask: the last trade's price, and it says so.
        c.quote.reset();
        c.lastPrice = 0.65;
        panel.setContract(ChainEntry{c, GateThresholds{}, kNow}, 101, kNow, false, 0.04);
        QVERIFY2(payoff->xAxis->label().contains(QStringLiteral("breakeven at the last 101.65")),
                 qPrintable(payoff->xAxis->label()));
    }

    // The status bar says what the view shows and of how many: the strike window and Passing
    // only count, in either layout.
    void summaryCountsWhatIsShown() {
        Fixture f;
        QVERIFY(f.load());
        auto *summary = f.window->findChild<QLabel *>(QStringLiteral("summaryLabel"));
        auto *strikes = f.window->findChild<QSpinBox *>(QStringLiteral("strikesSpin"));
        QVERIFY(summary && strikes);
        int passing = 0;
        for (const ChainEntry &e : f.source()->entries())
            passing += e.gates.tradeable() ? 1 : 0;
        QVERIFY(passing > 0 && passing < 42);
        const QString pass =
            QStringLiteral(" \u00b7 %1 of 42 contracts pass all gates").arg(passing);
        QCOMPARE(summary->text().trimmed(), QStringLiteral("21 strikes") + pass);
        strikes->setValue(2); // 100, 99 below 101; 101, 102 at or above
        QCOMPARE(f.view()->rowCount(), 4);
        QCOMPARE(summary->text().trimmed(), QStringLiteral("4 of 21 strikes shown") + pass);
        strikes->setValue(0);
        QCOMPARE(summary->text().trimmed(), QStringLiteral("21 strikes") + pass);
        QAction *flat = nullptr;
        QAction *passingOnly = nullptr;
        for (QAction *a : f.window->actions()) {
            if (a->text() == QStringLiteral("&Flat list"))
                flat = a;
            if (a->text() == QStringLiteral("&Passing only"))
                passingOnly = a;
        }
        QVERIFY(flat && passingOnly);
        flat->trigger();
        passingOnly->trigger();
        QCOMPARE(f.view()->rowCount(), passing);
        QCOMPARE(summary->text().trimmed(),
                 QStringLiteral("%1 of 42 contracts shown \u00b7 %1 pass all gates").arg(passing));
        passingOnly->trigger();
        QCOMPARE(summary->text().trimmed(),
                 QStringLiteral("42 contracts \u00b7 %1 pass all gates").arg(passing));
    }
};

QTEST_MAIN(TstFigures)
#include "tst_figures.moc"
