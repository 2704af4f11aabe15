// Managing what is held (issue 18, Positions): Roll from a position's menu (the close and the
// open of a later expiry, two tickets confirmed one after the other, both orders on the fake server
// and both recorded manual); positions expiring today flagged; the expiry-day rule with a fixed
// clock (15:44 New York: nothing; 15:46: the position closed, recorded "expiry_rule"); the
// Activities and Equity docks over the real client. Offscreen, fake Alpaca server, SQLite.

#include "alpaca/alpaca_client.h"
#include "dispatch/decision.h"
#include "dispatch/dispatcher.h"
#include "dispatch/expiry_rule.h"
#include "dispatch/roll_orders.h"
#include "domain/eastern_time.h"
#include "domain/position_figures.h"
#include "fake_alpaca/demo_credentials.h"
#include "fake_alpaca/fake_alpaca_server.h"
#include "market/simulated_market.h"
#include "models/activities_model.h"
#include "models/chain_roles.h"
#include "models/chain_session.h"
#include "models/positions_model.h"
#include "models/trading_session.h"
#include "storage/execution_store.h"
#include "support/paper_window.h"
#include "ui/account_history_docks.h"
#include "ui/main_window.h"
#include "ui/qcustomplot_include.h"
#include "ui/ticket_dialog.h"
#include "ui/trading_docks.h"
#include "ui/trading_table_view.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cg;
using namespace cg::models;
using namespace cg::ui;
using namespace std::chrono;

namespace {

const year_month_day kDay{2026y / January / 28}; // a Wednesday: SPY expires daily

Timestamp at(int hour, int minute) {
    return easternInstant(kDay, hour, minute);
}

constexpr int kWait = 20000;

struct Rig : test::PaperWindow {
    using PaperWindow::PaperWindow;

    // A SPY call of `expiry` near the money with a two-sided quote.
    std::string call(year_month_day expiry) {
        const double spot = market.stock("SPY")->price;
        const market::SimContract *best = nullptr;
        for (const auto &c : market.chain("SPY")) {
            if (c.type != OptionType::Call || c.expiry != expiry || !(c.quote.bid > 0.05) ||
                c.quirk != market::QuoteQuirk::None)
                continue;
            if (!best || std::abs(c.strike - spot) < std::abs(best->strike - spot))
                best = &c;
        }
        return best ? best->symbol : std::string();
    }
    // The trader's own sell to close, at the server: at the market, or resting at `limit`.
    bool sellToClose(const std::string &symbol, const char *qty, const char *limit = nullptr) {
        market::OrderSubmission s;
        s.symbol = symbol;
        s.qty = qty;
        s.side = "sell";
        s.type = limit ? "limit" : "market";
        if (limit)
            s.limitPrice = limit;
        s.timeInForce = "day";
        s.positionIntent = "sell_to_close";
        return market.submitOrder(s).ok();
    }
    bool buy(const std::string &symbol, const char *qty) {
        market::OrderSubmission s;
        s.symbol = symbol;
        s.qty = qty;
        s.side = "buy";
        s.type = "market";
        s.timeInForce = "day";
        s.positionIntent = "buy_to_open";
        if (!market.submitOrder(s).ok())
            return false;
        const Timestamp t = clock.now();
        market.step(t + seconds{1});
        market.step(t + seconds{2});
        return !market.positions().empty();
    }
    Position held(const std::string &symbol) {
        for (const auto &p : market.positions()) {
            if (p.position.symbol == symbol) {
                Position out;
                out.symbol = symbol;
                out.assetClass = p.position.assetClass;
                out.qty = p.position.qty;
                return out;
            }
        }
        return {};
    }
    // One check of the expiry-day rule: the decisions it recorded.
    std::vector<Decision> runExpiryRule() {
        std::optional<std::vector<Decision>> out;
        session->expiryRule().runOnce([&out](std::vector<Decision> d) { out = std::move(d); });
        if (!QTest::qWaitFor([&out] { return out.has_value(); }, kWait))
            qFatal("the expiry rule's check never answered");
        return *out;
    }
    TicketDialog *waitTicket(int count = 1) {
        if (!QTest::qWaitFor([&] { return docks->openTickets().size() >= count; }, kWait))
            return nullptr;
        return docks->openTickets().first();
    }
    std::vector<ExecutionRecord> executions() { return store.records().executions({}).value(); }
};

} // namespace

class TestPositionCare : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Roll a long call of today to a later expiry picked in the roll window: a sell_to_close and
    // a buy_to_open ticket, each confirmed, both orders on the server, both recorded manual.
    void rollClosesAndOpensALaterExpiry() {
        Rig rig(at(10, 30));
        const std::string from = rig.call(kDay);
        QVERIFY(!from.empty());
        QVERIFY(rig.buy(from, "2"));
        const Position p = rig.held(from);
        QCOMPARE(p.qty, 2.0);

        std::unique_ptr<QMenu> menu(rig.docks->positionMenu(p, rig.window.get()));
        QAction *roll = menu->findChild<QAction *>(QStringLiteral("positionRoll"));
        QVERIFY(roll && roll->isEnabled());
        QDialog *dialog = rig.docks->rollDialog(p);
        QVERIFY(dialog);
        auto *expiry = dialog->findChild<QComboBox *>(QStringLiteral("rollExpiry"));
        auto *strike = dialog->findChild<QComboBox *>(QStringLiteral("rollStrike"));
        QTRY_VERIFY_WITH_TIMEOUT(expiry->count() > 0, kWait);
        // Later expiries only; the held strike is chosen by default.
        const auto occ = parseOccSymbol(from).value();
        for (int i = 0; i < expiry->count(); ++i)
            QVERIFY(expiry->itemText(i) > QStringLiteral("2026-01-28"));
        QCOMPARE(strike->currentText().toDouble(), occ.strike());
        expiry->setCurrentIndex(std::min(2, expiry->count() - 1));
        const QString to = strike->currentData().toString();
        QVERIFY(parseOccSymbol(to.toStdString())->expiry > occ.expiry);
        test::saveShot(dialog, "positions18c-roll-dialog");
        auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);

        // Two tickets: the close, then, once it is sent, the open.
        QTRY_COMPARE_WITH_TIMEOUT(rig.docks->openTickets().size(), 1, kWait);
        TicketDialog *close = rig.docks->openTickets().first();
        QCOMPARE(close->findChild<QLabel *>(QStringLiteral("ticketSide"))->text(),
                 QStringLiteral("Sell to close"));
        QCOMPARE(close->quantityBox()->value(), 2);
        test::saveShot(close, "positions18c-roll-ticket");
        QTest::mouseClick(close->confirmButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(rig.docks->openTickets().size(), 2, kWait);
        TicketDialog *open = rig.docks->openTickets().last();
        QCOMPARE(open->findChild<QLabel *>(QStringLiteral("ticketSide"))->text(),
                 QStringLiteral("Buy to open"));
        QCOMPARE(open->quantityBox()->value(), 2);
        QTest::mouseClick(open->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(rig.executions().size() == 2 &&
                                     rig.executions()[0].orderStatus != kSendingStatus &&
                                     rig.executions()[1].orderStatus != kSendingStatus,
                                 kWait);
        std::map<std::string, std::string> intents;
        for (const ExecutionRecord &r : rig.executions()) {
            QCOMPARE(r.source, std::string("manual"));
            const auto *o = rig.market.orderByClientOrderId(r.clientOrderId);
            QVERIFY(o);
            QCOMPARE(o->qty, 2.0);
            intents[o->symbol] = o->positionIntent;
        }
        QCOMPARE(intents[from], std::string("sell_to_close"));
        QCOMPARE(intents[to.toStdString()], std::string("buy_to_open"));
    }

    void rollRefusals() {
        Position stock;
        stock.symbol = "SPY";
        stock.qty = 100;
        QVERIFY(!rollOrders(stock, "SPY260130C00600000", Strategy::DayTrade));
        Position shortPut;
        shortPut.symbol = "SPY260128P00600000";
        shortPut.qty = -3;
        const auto earlier = rollOrders(shortPut, "SPY260127P00600000", Strategy::DayTrade);
        QVERIFY(!earlier);
        QVERIFY(earlier.error().message.find("later expiry") != std::string::npos);
        QVERIFY(!rollOrders(shortPut, "SPY260130C00600000", Strategy::DayTrade)); // a call
        const auto ok = rollOrders(shortPut, "SPY260130P00590000", Strategy::DayTrade);
        QVERIFY(ok);
        QCOMPARE(ok->close.side, OrderSide::Buy); // buy to close the short
        QCOMPARE(ok->open.side, OrderSide::Sell); // and sell the later one
        QCOMPARE(ok->close.qty, 0);               // what is left to close, read when it is proposed
        QVERIFY(ok->close.closeOnly);
        QCOMPARE(ok->open.qty, 3);
    }

    // Flagged from the open: amber row, tooltip, the count the dock's title shows.
    void expiringTodayIsFlagged() {
        FixedClock clock(at(9, 31));
        PositionsModel m;
        m.setClock(&clock);
        Position today;
        today.symbol = "SPY260128C00600000";
        today.assetClass = "us_option";
        today.qty = 1;
        Position later = today;
        later.symbol = "SPY260130C00600000";
        m.setPositions({today, later});
        QCOMPARE(m.expiringTodayCount(), 1);
        const int row = m.rowOfKey(QStringLiteral("SPY260128C00600000"));
        QVERIFY(m.index(row, PositionsModel::Symbol).data(Qt::BackgroundRole).isValid());
        QVERIFY(m.index(row, PositionsModel::Symbol)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .startsWith(QStringLiteral("Expires today")));
        const int other = m.rowOfKey(QStringLiteral("SPY260130C00600000"));
        QVERIFY(!m.index(other, PositionsModel::Symbol).data(Qt::BackgroundRole).isValid());
        // The rule's pure parts: due from 15:45 (15 minutes) until 16:00, weekdays only.
        QVERIFY(expiresToday("SPY260128C00600000", at(9, 31)));
        QVERIFY(!expiresToday("SPY", at(9, 31)));
        QVERIFY(!expiryRuleDue(at(15, 44), 15));
        QVERIFY(expiryRuleDue(at(15, 45), 15));
        QVERIFY(expiryRuleDue(at(15, 46), 15));
        QVERIFY(!expiryRuleDue(at(16, 0), 15));
        QVERIFY(!expiryRuleDue(easternInstant(2026y / January / 31, 15, 50), 15)); // Saturday
        // An early close (Thursday 24 December, 13:00): due from 12:45, over at 13:00; none on
        // Christmas Day.
        QVERIFY(!expiryRuleDue(easternInstant(2026y / December / 24, 12, 44), 15));
        QVERIFY(expiryRuleDue(easternInstant(2026y / December / 24, 12, 45), 15));
        QVERIFY(!expiryRuleDue(easternInstant(2026y / December / 24, 13, 0), 15));
        QVERIFY(!expiryRuleDue(easternInstant(2026y / December / 24, 15, 50), 15));
        QVERIFY(!expiryRuleDue(easternInstant(2026y / December / 25, 15, 50), 15));
        // The longest lead (390 min) starts at the open, not in the pre-market.
        QVERIFY(!expiryRuleDue(easternInstant(2026y / December / 24, 7, 0), 390));
        QVERIFY(expiryRuleDue(easternInstant(2026y / December / 24, 9, 30), 390));
        ExpiryRuleSettings off;
        QVERIFY(positionsToCloseAtExpiry({today, later}, at(15, 50), off).empty());
        ExpiryRuleSettings on{true, 15};
        const auto due = positionsToCloseAtExpiry({today, later}, at(15, 50), on);
        QCOMPARE(due.size(), std::size_t(1));
        QCOMPARE(due.front().symbol, today.symbol);
    }

    // The rule on the session's timer path with a fixed clock: at 15:44 New York nothing is
    // closed; at 15:46 the position expiring today gets a sell_to_close at the bid, placed
    // without a ticket and recorded with source "expiry_rule"; it is tried once.
    void expiryRuleClosesAtFifteenFortySix() {
        DispatcherSettings s;
        s.expiryRule = ExpiryRuleSettings{true, 15};
        Rig rig(at(15, 44), s);
        const std::string contract = rig.call(kDay);
        QVERIFY(!contract.empty());
        QVERIFY(rig.buy(contract, "3"));
        const std::string later = rig.call(year_month_day{2026y / January / 30});
        QVERIFY(rig.buy(later, "1"));
        rig.clock.set(at(15, 44));

        const auto run = [&rig] { return rig.runExpiryRule(); };
        QVERIFY(run().empty());
        QVERIFY(rig.executions().empty());
        const auto ordersBefore = rig.market.orders().size();

        rig.clock.set(at(15, 46));
        const auto decisions = run();
        QCOMPARE(decisions.size(), std::size_t(1));
        QVERIFY2(decisions.front().placesOrder(), decisions.front().fallbackReason.c_str());
        QTRY_VERIFY_WITH_TIMEOUT(!rig.executions().empty() &&
                                     rig.executions().front().orderStatus != kSendingStatus,
                                 kWait);
        const ExecutionRecord r = rig.executions().front();
        QCOMPARE(r.source, std::string("expiry_rule"));
        QCOMPARE(r.optionSymbol, contract);
        QCOMPARE(rig.market.orders().size(), ordersBefore + 1);
        const auto *o = rig.market.orderByClientOrderId(r.clientOrderId);
        QVERIFY(o);
        QCOMPARE(o->positionIntent, std::string("sell_to_close"));
        QCOMPARE(o->qty, 3.0);
        // The later expiry is left alone, and a second check does not send again.
        QVERIFY(run().empty());
        QCOMPARE(rig.executions().size(), std::size_t(1));
    }

    // The option data cannot be read at the rule's first check (an outage): nothing is sent,
    // and the next check tries the contract again and closes it. The rule had marked the contract
    // tried before trying it, so the position was left to expire.
    void expiryRuleTriesAgainAfterAnOutage() {
        DispatcherSettings s;
        s.expiryRule = ExpiryRuleSettings{true, 15};
        Rig rig(at(15, 44), s);
        const std::string contract = rig.call(kDay);
        QVERIFY(!contract.empty());
        QVERIFY(rig.buy(contract, "2"));
        rig.clock.set(at(15, 46));
        const auto run = [&rig] { return rig.runExpiryRule(); };
        const auto before = rig.market.orders().size();
        rig.server.setFaults(
            fake::FaultSpec::parse(QStringLiteral("500s=1000,on=/v1beta1")).value());
        const auto first = run();
        QCOMPARE(first.size(), std::size_t(1));
        QVERIFY(!first.front().placesOrder());
        QVERIFY2(!first.front().error.empty(), first.front().fallbackReason.c_str());
        QCOMPARE(rig.market.orders().size(), before);

        // Nor is it done by a try that met no outage but sent nothing: the kill switch, pulled
        // at the next check and released before the one after (a refused send, the database
        // unreachable or the day's orders uncountable did the same).
        rig.server.setFaults({});
        rig.session->dispatcher().killSwitch().engage(QStringLiteral("test"));
        rig.clock.set(at(15, 46) + seconds{30});
        const auto held = run();
        QCOMPARE(held.size(), std::size_t(1));
        QVERIFY(!held.front().placesOrder());
        QCOMPARE(rig.market.orders().size(), before);
        QVERIFY(rig.session->dispatcher().killSwitch().release().ok());
        rig.clock.set(at(15, 47));
        const auto second = run();
        QCOMPARE(second.size(), std::size_t(1)); // it was left out: tried already
        QVERIFY2(second.front().placesOrder(), second.front().fallbackReason.c_str());
        QCOMPARE(rig.market.orders().size(), before + 1);
        // Working: the next check leaves it alone, and records nothing.
        const auto rows = rig.executions().size();
        QVERIFY(run().empty());
        QCOMPARE(rig.executions().size(), rows);
        // Cancelled at Alpaca (or rejected) with the position still held: the next check
        // closes it again (a sent close ended the contract's day, so the position expired).
        const std::string sent = rig.market.orders().back().id;
        QVERIFY(rig.market.cancelOrder(sent).ok());
        const auto third = run();
        QCOMPARE(third.size(), std::size_t(1));
        QVERIFY2(third.front().placesOrder(), third.front().fallbackReason.c_str());
        QCOMPARE(rig.market.orders().size(), before + 2);
    }

    // Activities and Equity docks over the real client: a fill then an exercise are listed
    // newest first; the equity curve has points; today's fill corrects the day P&L.
    void activitiesAndEquityDocks() {
        Rig rig(at(10, 30));
        for (int i = 0; i < 12; ++i) { // twelve minutes of equity points
            rig.clock.advance(seconds{61});
            rig.market.step(rig.clock.now());
        }
        const std::string contract = rig.call(year_month_day{2026y / January / 30});
        QVERIFY(rig.buy(contract, "1"));
        QVERIFY(rig.market.exercise(contract).ok());
        PositionsModel positions;
        positions.setClock(&rig.clock);
        AccountHistoryDocks history(*rig.window, *rig.client, rig.clock, &positions, 60000);
        QSignalSpy loaded(&history, &AccountHistoryDocks::activitiesLoaded);
        QSignalSpy equity(&history, &AccountHistoryDocks::equityLoaded);
        history.reload();
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), kWait);
        QCOMPARE(loaded.last().at(1).toString(), QString());
        ActivitiesModel *m = history.activitiesModel();
        QCOMPARE(m->rowCount(), 5); // OPTRD, OPEXC, the fill's OCC and ORF fees, FILL
        QCOMPARE(m->index(0, ActivitiesModel::Type).data().toString(),
                 QStringLiteral("Option trade (shares)"));
        QCOMPARE(m->index(1, ActivitiesModel::Type).data().toString(), QStringLiteral("Exercise"));
        QCOMPARE(m->index(2, ActivitiesModel::Type).data().toString(), QStringLiteral("Fee"));
        QCOMPARE(m->index(4, ActivitiesModel::Type).data().toString(), QStringLiteral("Fill"));
        QCOMPARE(m->index(1, ActivitiesModel::Qty).data().toString(), QStringLiteral("-1"));
        QVERIFY(history.activitiesStatus().contains(QStringLiteral("1 exercised")));
        QTRY_VERIFY_WITH_TIMEOUT(!equity.isEmpty(), kWait);
        QCOMPARE(equity.last().at(1).toString(), QString());
        QCOMPARE(history.equityPoints(), 1);     // a month of daily points: today's
        history.setPeriod(QStringLiteral("1D")); // five-minute points
        QTRY_VERIFY_WITH_TIMEOUT(history.equityStatus().contains(QStringLiteral("of 5Min")), kWait);
        QVERIFY2(history.equityPoints() >= 3, qPrintable(history.equityStatus()));
        QVERIFY(history.equityStatus().contains(QStringLiteral("points of 5Min")));
        history.activitiesDock()->show();
        history.activitiesDock()->raise();
        QTest::qWait(50);
        test::saveShot(history.activitiesDock()->widget(), "positions18c-activities-dock");
        history.equityDock()->raise();
        QTest::qWait(50);
        test::saveShot(history.equityDock()->widget(), "positions18c-equity-dock");
    }

    // Day P&L of a position opened today: measured from the fill, not from lastday_price.
    void dayPnlOfAPositionOpenedToday() {
        Position p;
        p.symbol = "SPY260130C00600000";
        p.assetClass = "us_option";
        p.qty = 2;
        p.avgEntryPrice = 1.50;
        p.currentPrice = 1.80;
        p.lastdayPrice = 1.00; // the contract's previous close: not what was paid today
        const PositionPnl pnl = positionPnl(p, std::nullopt, 100.0);
        QCOMPARE(*pnl.day, (1.80 - 1.00) * 200); // without fills: +160
        // Bought both today at 1.50: (1.80 - 1.50) x 2 x 100 = +60.
        QCOMPARE(*dayPnlWithFills(p, pnl, {{2, 1.50}}), 60.0);
        // One held overnight, one bought today at 1.60: (1.80-1.00)x100 + (1.80-1.60)x100.
        QCOMPARE(*dayPnlWithFills(p, pnl, {{1, 1.60}}), 80.0 + 20.0);
        // Three held, one sold today at 1.70: the sale counts, (1.70-1.00)x100 + 2x(0.80)x100.
        QVERIFY(std::abs(*dayPnlWithFills(p, pnl, {{-1, 1.70}}) - (70.0 + 160.0)) < 1e-9);
        // Held overnight without a previous close: unknown, never a guess.
        Position noClose = p;
        noClose.lastdayPrice = 0.0;
        QVERIFY(!dayPnlWithFills(noClose, positionPnl(noClose, std::nullopt, 100.0), {{1, 1.6}}));
        QCOMPARE(*dayPnlWithFills(noClose, positionPnl(noClose, std::nullopt, 100.0), {{2, 1.5}}),
                 60.0);

        // Through the model: the fills correct the cell and its tooltip says so.
        PositionsModel m;
        m.setPositions({p});
        QCOMPARE(m.rowAt(0)->pnl.day.value_or(0), 160.0);
        m.setTodayFills({{p.symbol, {{2, 1.50}}}});
        QCOMPARE(m.rowAt(0)->pnl.day.value_or(0), 60.0);
        QVERIFY(m.index(0, PositionsModel::DayPnl)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("today's fills")));
    }

    // The position the rule read is gone by the time its proposal reads the positions again
    // (the trader's own close filled meanwhile): the rule's close never becomes an opening
    // order, which it would place with no ticket (it sold to open a put 14 minutes before its
    // expiry).
    void expiryRuleNeverOpensWhatItMeantToClose() {
        DispatcherSettings s;
        s.expiryRule = ExpiryRuleSettings{true, 15};
        Rig rig(at(15, 44), s);
        // A put expiring today, out of the money (a cash-secured put needs strike x 100).
        std::string contract;
        {
            const double spot = rig.market.stock("SPY")->price;
            const market::SimContract *best = nullptr;
            for (const auto &c : rig.market.chain("SPY"))
                if (c.type == OptionType::Put && c.expiry == kDay && c.quote.bid > 0.05 &&
                    c.quirk == market::QuoteQuirk::None && c.strike < spot &&
                    (!best || c.strike > best->strike))
                    best = &c;
            QVERIFY(best);
            contract = best->symbol;
        }
        QVERIFY(rig.buy(contract, "1"));
        for (int i = 0; i < 6; ++i)
            rig.market.step(rig.market.now() + seconds{1});
        rig.clock.set(at(15, 46));
        bool closed = false;
        int positionReads = 0;
        QObject::connect(&rig.server, &fake::FakeAlpacaServer::requestServed, &rig.server,
                         [&](const QString &method, const QString &path, int) {
                             if (method != QLatin1String("GET") ||
                                 path != QLatin1String("/v2/positions") || ++positionReads != 1)
                                 return;
                             // The trader's own sell to close fills just after the rule's read.
                             closed = rig.sellToClose(contract, "1");
                             for (int i = 0; i < 4; ++i)
                                 rig.market.step(rig.market.now() + seconds{1});
                         });
        const auto before = rig.market.orders().size();
        std::optional<std::vector<Decision>> out;
        rig.session->expiryRule().runOnce([&out](std::vector<Decision> d) { out = std::move(d); });
        QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), kWait);
        QVERIFY(closed);
        QCOMPARE(rig.market.orders().size(), before + 1); // the trader's close alone
        QCOMPARE(out->size(), std::size_t(1));
        QVERIFY(!out->front().placesOrder());
        QVERIFY2(out->front().fallbackReason.find("Nothing to close: " + contract +
                                                  " is no longer held") != std::string::npos,
                 out->front().fallbackReason.c_str());
    }

    // Close on a row shown a moment ago whose position has gone since: refused with the reason,
    // never a "Sell to open" ticket.
    void closeOfAPositionGoneSinceNeverOpens() {
        Rig rig(at(10, 30));
        const std::string contract = rig.call(year_month_day{2026y / January / 30});
        QVERIFY(!contract.empty());
        Position shown; // the row as the dock last read it; nothing is held
        shown.symbol = contract;
        shown.assetClass = "us_option";
        shown.qty = 1;
        std::unique_ptr<QMenu> menu(rig.docks->positionMenu(shown, rig.window.get()));
        QAction *close = menu->findChild<QAction *>(QStringLiteral("positionClose"));
        QVERIFY(close && close->text().contains(QLatin1String("sell to close")));
        close->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(rig.docks->refusalBox() != nullptr, kWait);
        const auto *box = qobject_cast<QMessageBox *>(rig.docks->refusalBox());
        QVERIFY(box);
        QVERIFY2(box->informativeText().contains(QLatin1String("Nothing to close")),
                 qPrintable(box->informativeText()));
        QVERIFY(rig.docks->openTickets().isEmpty());
    }

    // A long put exercised without the shares leaves SPY short 100: the Positions dock's Close
    // buys them back (it was off for stocks, and a SELL signal never covers a short). Its ticket
    // is a buy of what is short at the last price; confirmed, the account is flat.
    void shortStockIsCoveredFromThePositionsDock() {
        Rig rig(at(10, 30));
        std::string put;
        {
            const double spot = rig.market.stock("SPY")->price;
            const market::SimContract *best = nullptr;
            for (const auto &c : rig.market.chain("SPY"))
                if (c.type == OptionType::Put && c.expiry == year_month_day{2026y / January / 30} &&
                    c.quote.bid > 0.05 && c.quirk == market::QuoteQuirk::None && c.strike > spot &&
                    (!best || c.strike < best->strike))
                    best = &c;
            QVERIFY(best);
            put = best->symbol;
        }
        QVERIFY(rig.buy(put, "1"));
        QVERIFY(rig.market.exercise(put).ok());
        const Position shortSpy = rig.held("SPY");
        QCOMPARE(shortSpy.qty, -100.0);

        std::unique_ptr<QMenu> menu(rig.docks->positionMenu(shortSpy, rig.window.get()));
        QAction *close = menu->findChild<QAction *>(QStringLiteral("positionClose"));
        QVERIFY(close && close->isEnabled());
        QCOMPARE(close->text(), QStringLiteral("Close (buy to cover)…"));
        close->trigger();
        TicketDialog *ticket = rig.waitTicket();
        QVERIFY2(ticket,
                 rig.docks->refusalBox()
                     ? qPrintable(
                           qobject_cast<QMessageBox *>(rig.docks->refusalBox())->informativeText())
                     : "no ticket");
        QCOMPARE(ticket->quantityBox()->value(), 100);
        QCOMPARE(ticket->findChild<QLabel *>(QStringLiteral("ticketSide"))->text(),
                 QStringLiteral("Buy to cover"));
        // A stock's order is not held by the options buying power: the row gives the equity
        // (it said "Options buying power" on a stock's ticket).
        for (const QLabel *l : ticket->findChildren<QLabel *>())
            QVERIFY(l->text() != QLatin1String("Options buying power"));
        // A stock has no quote here: the limit is its last price, and says so.
        QCOMPARE(ticket->findChild<QLabel *>(QStringLiteral("ticketLimitName"))->text(),
                 QStringLiteral("Limit (last price)"));
        QCOMPARE(ticket->findChild<QPushButton *>(QStringLiteral("ticketMid"))->text(),
                 QStringLiteral("Last"));
        const QString warning =
            ticket->findChild<QLabel *>(QStringLiteral("ticketWarning"))->text();
        QVERIFY2(!warning.contains(QLatin1String("budget")), qPrintable(warning));
        ticket->show();
        QTest::qWait(100);
        test::saveShot(ticket, "positions19-cover-ticket");
        // The price moves while the ticket waits: the name says so, and Last takes it.
        const double shown =
            ticket->findChild<QDoubleSpinBox *>(QStringLiteral("ticketLimit"))->value();
        for (int i = 0; i < 30 && std::abs(rig.market.stock("SPY")->price - shown) < 0.01; ++i)
            rig.market.step(rig.market.now() + seconds{1});
        const double moved = std::round(rig.market.stock("SPY")->price * 100.0) / 100.0;
        QVERIFY(std::abs(moved - shown) >= 0.01);
        QTRY_VERIFY_WITH_TIMEOUT(ticket->findChild<QLabel *>(QStringLiteral("ticketLimitName"))
                                     ->text()
                                     .startsWith(QStringLiteral("Limit (last price, now $")),
                                 kWait);
        ticket->findChild<QPushButton *>(QStringLiteral("ticketMid"))->click();
        QCOMPARE(ticket->findChild<QDoubleSpinBox *>(QStringLiteral("ticketLimit"))->value(),
                 std::round(rig.market.stock("SPY")->price * 100.0) / 100.0);
        QCOMPARE(ticket->findChild<QLabel *>(QStringLiteral("ticketLimitName"))->text(),
                 QStringLiteral("Limit (last price)"));
        const auto before = rig.market.orders().size();
        ticket->confirm();
        QTRY_VERIFY_WITH_TIMEOUT(ticket->state() == TicketDialog::State::Sent, kWait);
        QCOMPARE(rig.market.orders().size(), before + 1);
        for (int i = 0; i < 4; ++i)
            rig.market.step(rig.market.now() + seconds{1});
        QTRY_COMPARE_WITH_TIMEOUT(rig.held("SPY").qty, 0.0, kWait);
    }

    // A roll closes what is left to close and opens as many, once the close is sent: 2 held, 1
    // of them in a working sell to close, is a close of 1, then an open of 1 (it asked to close
    // all 2, was refused, and the open of 2 came alone). With both in working closes, nothing.
    void rollOpensWhatItClosesOnceTheCloseIsSent() {
        Rig rig(at(10, 30));
        const std::string from = rig.call(kDay);
        QVERIFY(!from.empty());
        QVERIFY(rig.buy(from, "2"));
        QVERIFY(rig.sellToClose(from, "1", "999")); // a working close of 1
        rig.market.step(rig.market.now() + seconds{1});
        const Position p = rig.held(from);
        QCOMPARE(p.qty, 2.0);
        const std::string to = rig.call(year_month_day{2026y / January / 30});
        QVERIFY(rig.session->rollPosition(p, QString::fromStdString(to), Strategy::DayTrade).ok());
        TicketDialog *close = rig.waitTicket();
        QVERIFY(close);
        QCOMPARE(close->quantityBox()->value(), 1);
        QTest::qWait(200);
        QCOMPARE(rig.docks->openTickets().size(), 1); // the open waits for the close
        close->confirm();
        QTRY_VERIFY_WITH_TIMEOUT(close->state() == TicketDialog::State::Sent, kWait);
        QTRY_VERIFY_WITH_TIMEOUT(rig.docks->openTickets().size() == 2, kWait);
        TicketDialog *open = rig.docks->openTickets().last();
        QCOMPARE(open->quantityBox()->value(), 1);
        QCOMPARE(open->findChild<QLabel *>(QStringLiteral("ticketSide"))->text(),
                 QStringLiteral("Buy to open"));
        open->rejectTicket();

        const auto waiting = [&rig] {
            int n = 0;
            for (TicketDialog *t : rig.docks->openTickets())
                n += t->state() == TicketDialog::State::Waiting;
            return n;
        };
        // Whether the close has filled or still works, all that is held is in working closes.
        QVERIFY(rig.session
                    ->rollPosition(rig.held(from), QString::fromStdString(to), Strategy::DayTrade)
                    .ok());
        QTRY_VERIFY_WITH_TIMEOUT(rig.docks->refusalBox() != nullptr, kWait);
        const auto *box = qobject_cast<QMessageBox *>(rig.docks->refusalBox());
        QVERIFY(box);
        QVERIFY2(box->informativeText().contains(QLatin1String("Nothing left to close")),
                 qPrintable(box->informativeText()));
        QTest::qWait(200); // an open would have been proposed by now
        QCOMPARE(waiting(), 0);
    }

    // A roll's close refused at Confirm (the position sold elsewhere meanwhile) or rejected by
    // the trader opens nothing: the open's ticket stood beside it, ready to open a new position
    // with nothing closed.
    void rollWhoseCloseIsNotSentOpensNothing() {
        Rig rig(at(10, 30));
        const std::string from = rig.call(kDay);
        QVERIFY(!from.empty());
        QVERIFY(rig.buy(from, "1"));
        const std::string to = rig.call(year_month_day{2026y / January / 30});
        QVERIFY(rig.session
                    ->rollPosition(rig.held(from), QString::fromStdString(to), Strategy::DayTrade)
                    .ok());
        TicketDialog *close = rig.waitTicket();
        QVERIFY(close);
        close->rejectTicket();
        QTest::qWait(200);
        QCOMPARE(rig.docks->openTickets().size(), 1); // the close alone, rejected

        QVERIFY(rig.session
                    ->rollPosition(rig.held(from), QString::fromStdString(to), Strategy::DayTrade)
                    .ok());
        QTRY_VERIFY_WITH_TIMEOUT(rig.docks->openTickets().size() == 2, kWait);
        close = rig.docks->openTickets().last();
        QVERIFY(rig.sellToClose(from, "1")); // the trader sells the position elsewhere
        for (int i = 0; i < 4; ++i)
            rig.market.step(rig.market.now() + seconds{1});
        QCOMPARE(rig.held(from).qty, 0.0);
        // Held first when the quote moved with the market's steps; confirmed again, refused.
        for (int k = 0; k < 3 && close->state() == TicketDialog::State::Waiting; ++k) {
            close->confirm();
            QTRY_VERIFY_WITH_TIMEOUT(close->state() != TicketDialog::State::Confirming, kWait);
        }
        QVERIFY2(close->state() == TicketDialog::State::Refused,
                 qPrintable(close->resultLabel()->text()));
        QTest::qWait(200);
        QCOMPARE(rig.docks->openTickets().size(), 2); // no open's ticket
    }
};

QTEST_MAIN(TestPositionCare)
#include "tst_position_care.moc"
