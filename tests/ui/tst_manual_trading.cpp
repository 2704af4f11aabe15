// Trading by hand in the window, offscreen, against the fake Alpaca server (the real client, a
// simulated market at a fixed instant) and a real SQLite store: the chain's context menu opens a
// ticket for the contract clicked (not the strategy's pick), a sell to open without shares is
// refused with the reason, and Close on a long position opens a sell_to_close ticket whose
// confirmed order reaches the server and is recorded with source "manual".

#include "alpaca/alpaca_client.h"
#include "dispatch/confirmation_queue.h"
#include "dispatch/decision.h"
#include "dispatch/decision_pipeline.h"
#include "dispatch/dispatcher.h"
#include "dispatch/order_tracker.h"
#include "dispatch/replace_check.h"
#include "fake_alpaca/demo_credentials.h"
#include "fake_alpaca/fake_alpaca_server.h"
#include "fake_alpaca/fault_spec.h"
#include "market/simulated_market.h"
#include "models/chain_roles.h"
#include "models/chain_session.h"
#include "models/chain_table_model.h"
#include "models/display_format.h"
#include "models/order_history_model.h"
#include "models/orders_model.h"
#include "models/positions_model.h"
#include "models/trading_session.h"
#include "storage/execution_store.h"
#include "support/paper_window.h"
#include "ui/chain_view.h"
#include "ui/dispatcher_bar.h"
#include "ui/main_window.h"
#include "ui/order_history_panel.h"
#include "ui/tick_spin_box.h"
#include "ui/ticket_dialog.h"
#include "ui/trading_docks.h"
#include "ui/trading_table_view.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

#include <cmath>
#include <memory>

using namespace cg;
using namespace cg::models;
using namespace cg::ui;
using namespace std::chrono;

namespace {

// 2026-01-28 10:30 New York, a Wednesday: the market is open.
Timestamp seedNow() {
    return time_point_cast<milliseconds>(sys_days{2026y / January / 28} + 15h + 30min);
}

constexpr int kWait = 20000;

struct Rig : test::PaperWindow {
    Rig()
        : PaperWindow(seedNow()) {}

    bool loadChain() {
        window->openSymbol(QStringLiteral("SPY"));
        return QTest::qWaitFor(
            [this] {
                return window->session()->state() == ChainSession::State::Loaded &&
                       !window->session()->isBusy() && window->chainView()->model() &&
                       window->chainView()->model()->rowCount() > 0;
            },
            kWait);
    }
    // A call's ask cell that is not the strategy's pick.
    QModelIndex nonPickCall() const {
        QAbstractItemModel *m = window->chainView()->model();
        QModelIndex best;
        for (int r = 0; r < m->rowCount(); ++r) {
            for (int c = 0; c < m->columnCount(); ++c) {
                const QModelIndex i = m->index(r, c);
                if (i.data(SideRole).toInt() != int(ChainSide::Call) ||
                    i.data(FieldRole).toInt() != 1 /* Ask */ || i.data(PickRole).toBool() ||
                    i.data(SymbolRole).toString().isEmpty())
                    continue;
                if (!(i.data(RawValueRole).toDouble() > 0.5))
                    continue;
                best = i; // the last (highest strike) liquid-enough one: far from the pick
            }
        }
        return best;
    }
    // The chain loaded and a ticket opened on a call that is not the pick: bought, at the mid
    // unless `limit` says otherwise (1 the bid, 2 the ask); nullptr where either fails.
    TicketDialog *ticketOnNonPick(QString *contract, int limit = 0) {
        if (!loadChain())
            return nullptr;
        *contract = nonPickCall().data(SymbolRole).toString();
        docks->tradeContract(*contract, 0, limit);
        return waitTicket();
    }
    TicketDialog *waitTicket() {
        if (!QTest::qWaitFor([&] { return !docks->openTickets().isEmpty(); }, kWait))
            return nullptr;
        return docks->openTickets().first();
    }
    std::vector<ExecutionRecord> executions() { return store.records().executions({}).value(); }
    // The server's order of the newest record, once the broker's answer is recorded.
    const market::SimOrder *recordedOrder() {
        if (!QTest::qWaitFor(
                [this] {
                    return !executions().empty() &&
                           executions().front().orderStatus != kSendingStatus;
                },
                kWait))
            return nullptr;
        return market.orderByClientOrderId(executions().front().clientOrderId);
    }
};

QAction *action(QMenu *menu, const char *name) {
    return menu ? menu->findChild<QAction *>(QLatin1String(name)) : nullptr;
}

// Waits until the broker's answer is on the ticket: sent or refused.
bool waitAnswered(TicketDialog *t) {
    return QTest::qWaitFor(
        [t] {
            return t->state() == TicketDialog::State::Sent ||
                   t->state() == TicketDialog::State::Refused;
        },
        kWait);
}

// Steps the simulated market 20 minutes at a time (at most 4 hours) until `priceOf` its quote of
// `contract` differs from `from`; the new price (`from` when it never moved). The tickets' clock
// does not move, so they do not expire meanwhile.
template <typename PriceOf>
double stepUntilMoved(Rig &rig, const QString &contract, double from, PriceOf priceOf) {
    double now = from;
    for (int i = 0; i < 12 && std::abs(now - from) < 1e-9; ++i) {
        rig.market.step(rig.market.now() + std::chrono::minutes{20});
        now = priceOf(rig.market.contract(contract.toStdString())->quote);
    }
    return now;
}
const auto theBid = [](const Quote &q) { return q.bid; };

// Confirms; when only the fat-finger precautions hold the ticket, ticks the override and
// confirms again (the trader's deliberate second step).
void confirmTicket(TicketDialog *t) {
    QTest::mouseClick(t->confirmButton(), Qt::LeftButton);
    (void)QTest::qWaitFor([t] {
        return t->state() != TicketDialog::State::Confirming &&
               (t->state() != TicketDialog::State::Waiting || t->overrideBox()->isVisible() ||
                t->resultLabel()->isVisible());
    });
    if (t->state() == TicketDialog::State::Waiting && t->overrideBox()->isVisible()) {
        t->overrideBox()->setChecked(true);
        QTest::mouseClick(t->confirmButton(), Qt::LeftButton);
    }
}

// A price on the 5-cent grid every option class accepts, at or above `v`.
double onNickel(double v) {
    return std::ceil(v * 20.0 - 1e-9) / 20.0;
}

void fill(Rig &rig, int steps = 3) {
    for (int i = 1; i <= steps; ++i)
        rig.market.step(rig.market.now() + seconds{1});
}

// A call with a sound quote under $5 (a fat finger of +$5 is far through it).
const market::SimContract *liquidCall(Rig &rig) {
    for (const auto &k : rig.market.chain("SPY"))
        if (k.type == OptionType::Call && k.quote.bid > 0.5 && k.quote.ask < 5.0 &&
            k.quirk == market::QuoteQuirk::None)
            return &k;
    return nullptr;
}

// A day order on the simulated server ("market" when `limit` is empty).
market::OrderSubmission dayOrder(const std::string &contract, const std::string &qty,
                                 const std::string &side, const std::string &limit,
                                 const std::string &intent) {
    market::OrderSubmission s;
    s.symbol = contract;
    s.qty = qty;
    s.side = side;
    s.type = limit.empty() ? "market" : "limit";
    if (!limit.empty())
        s.limitPrice = limit;
    s.timeInForce = "day";
    s.positionIntent = intent;
    return s;
}

// A buy of 1 at 0.05, far under the market: it stays working; its id, empty when refused.
// The record of a trader's resting buy to open of 1 `contract` at 0.05, as the ticket writes it.
ExecutionRecord manualBuyRecord(const std::string &uid, const std::string &contract,
                                const std::string &clientOrderId) {
    ExecutionRecord r;
    r.executionUid = uid;
    r.ticker = "SPY";
    r.action = "CALL";
    r.instrumentType = "OPTION";
    r.mode = ExecutionMode::AlpacaPaper;
    r.strategy = "day_trade";
    r.optionSymbol = contract;
    r.qty = 1;
    r.limitPrice = 0.05;
    r.clientOrderId = clientOrderId;
    r.orderStatus = "new";
    r.source = "manual";
    r.explainJson = R"({"position_intent":"buy_to_open"})";
    r.createdAt = seedNow();
    return r;
}

std::string restingBuy(Rig &rig, const std::string &contract, const std::string &clientOrderId) {
    market::OrderSubmission s = dayOrder(contract, "1", "buy", "0.05", "buy_to_open");
    s.clientOrderId = clientOrderId;
    const auto placed = rig.market.submitOrder(s);
    if (!placed.ok())
        return {};
    rig.market.step(rig.market.now() + seconds{1});
    return placed->id;
}

// A long position of `qty` contracts on the server, bought at the market.
bool holdLong(Rig &rig, const QString &contract, const char *qty) {
    if (!rig.market.submitOrder(dayOrder(contract.toStdString(), qty, "buy", {}, "buy_to_open"))
             .ok())
        return false;
    fill(rig, 2);
    return true;
}

// One short contract put in the paper account the first time the server reads it: a short on a
// contract the simulated market would not sell (it has no bid).
// Declared before the rig, so that it outlives the market that calls it.
struct ShortOnce : market::AccountSync {
    void pull(market::PaperAccount &account) override {
        if (!contract || std::exchange(added, true))
            return;
        market::PaperAccount::State s = account.state();
        market::SimPosition p;
        p.symbol = contract->symbol;
        p.assetId = contract->id;
        p.assetClass = "us_option";
        p.qty = -1;
        p.costBasis = -100.0 * contract->quote.ask;
        p.overnightQty = -1;
        s.positions.push_back(p);
        account.restore(std::move(s));
    }
    void push(const market::PaperAccount &) override {}

    std::optional<market::SimContract> contract; // a copy: the market's chain may move
    bool added = false;
};

// A close ticket on a call that is not the pick: `held` contracts bought on the server first, then
// a sell (to close) proposed at the mid; nullptr where a step fails.
TicketDialog *closeTicketOnNonPick(Rig &rig, QString *contract, const char *held) {
    if (!rig.loadChain())
        return nullptr;
    *contract = rig.nonPickCall().data(SymbolRole).toString();
    if (!holdLong(rig, *contract, held))
        return nullptr;
    rig.docks->tradeContract(*contract, 1, 0);
    return rig.waitTicket();
}

// A sell to close of `qty` far above the market: it stays working and holds that many.
bool workingClose(Rig &rig, const QString &contract, const char *qty) {
    if (!rig.market
             .submitOrder(dayOrder(contract.toStdString(), qty, "sell", "999", "sell_to_close"))
             .ok())
        return false;
    fill(rig, 1);
    return true;
}

// The price and quantity controls of a ticket that can still be used.
QStringList usableControls(TicketDialog *t) {
    QStringList out;
    for (const char *name : {"ticketQty", "ticketLimit", "ticketMid", "ticketBid", "ticketAsk",
                             "ticketType", "ticketTimeInForce", "ticketStop"}) {
        const auto *w = t->findChild<QWidget *>(QLatin1String(name));
        if (w && w->isEnabled())
            out << QLatin1String(name);
    }
    return out;
}

QLabel *label(TicketDialog *t, const char *name) {
    return t->findChild<QLabel *>(QLatin1String(name));
}

// Every text of the ticket a trader reads, one per line.
QString visibleTexts(TicketDialog *t) {
    QStringList texts;
    for (const QLabel *l : t->findChildren<QLabel *>())
        texts << l->text();
    for (const QAbstractButton *b : t->findChildren<QAbstractButton *>())
        texts << b->text();
    return texts.join(QLatin1Char('\n'));
}

} // namespace

class TestManualTrading : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void chainMenuOpensTicketForClickedContract() {
        Rig rig;
        QVERIFY(rig.loadChain());
        const QModelIndex cell = rig.nonPickCall();
        QVERIFY(cell.isValid());
        const QString contract = cell.data(SymbolRole).toString();
        std::unique_ptr<QMenu> menu(rig.window->chainView()->contractMenu(cell));
        QVERIFY(menu);
        QAction *buy = action(menu.get(), "chainBuy");
        QVERIFY(buy);
        QVERIFY(buy->text().contains(contract));
        QCOMPARE(buy->shortcut(), QKeySequence(Qt::Key_B));
        QVERIFY(action(menu.get(), "chainSell"));
        QVERIFY(action(menu.get(), "chainSellBid"));
        menu->popup(rig.window->mapToGlobal(QPoint(200, 200)));
        test::saveShot(menu.get(), "orders18-chain-menu");
        menu->hide();
        buy->trigger();
        TicketDialog *t = rig.waitTicket();
        QVERIFY(t);
        QCOMPARE(t->findChild<QLabel *>(QStringLiteral("ticketContract"))->text(), contract);
        QVERIFY(t->findChild<QLabel *>(QStringLiteral("ticketSubtitle"))
                    ->text()
                    .startsWith(QStringLiteral("Manual")));
        QCOMPARE(t->findChild<QLabel *>(QStringLiteral("ticketSide"))->text(),
                 QStringLiteral("Buy to open"));
        QCOMPARE(t->costNameLabel()->text(), QStringLiteral("Estimated cost"));
        QVERIFY(t->findChild<QPushButton *>(QStringLiteral("ticketAsk")));
        test::saveShot(t, "orders18-ticket-buy-nonpick");
        // Confirm: the order reaches the server with buy_to_open; the record says manual.
        QTest::mouseClick(t->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!rig.executions().empty() &&
                                     rig.executions().front().orderStatus != kSendingStatus,
                                 kWait);
        const ExecutionRecord r = rig.executions().front();
        QCOMPARE(r.source, std::string("manual"));
        QCOMPARE(QString::fromStdString(r.optionSymbol), contract);
        const auto *o = rig.market.orderByClientOrderId(r.clientOrderId);
        QVERIFY(o);
        QCOMPARE(o->positionIntent, std::string("buy_to_open"));
    }

    // The ticket's order types: a stop limit, good till canceled, reaches the server in
    // Alpaca's shape; a buy stop under the market, which Alpaca refuses, is said on the ticket as
    // it is typed and held at Confirm, nothing sent (it went to Alpaca and came back refused).
    void ticketSendsStopLimitGtcAndShowsRefusals() {
        Rig rig;
        QVERIFY(rig.loadChain());
        const QModelIndex cell = rig.nonPickCall();
        QVERIFY(cell.isValid());
        const QString contract = cell.data(SymbolRole).toString();
        const auto *sim = rig.market.contract(contract.toStdString());
        QVERIFY(sim);
        rig.docks->tradeContract(contract, 0, 0);
        TicketDialog *t = rig.waitTicket();
        QVERIFY(t);
        QVERIFY(!t->stopBox()->isVisible()); // a limit order has no stop price
        t->typeBox()->setCurrentIndex(t->typeBox()->findData(int(OrderType::StopLimit)));
        QVERIFY(t->stopBox()->isVisible());
        QVERIFY(t->limitBox()->isEnabled());
        t->timeInForceBox()->setCurrentIndex(t->timeInForceBox()->findData(QStringLiteral("gtc")));
        const double stop = onNickel(sim->quote.ask + 0.50);
        const double limit = onNickel(sim->quote.ask + 0.60);
        t->stopBox()->setValue(stop);
        t->limitBox()->setValue(limit);
        test::saveShot(t, "orders18c-ticket-stop-limit");
        confirmTicket(t);
        QVERIFY(waitAnswered(t));
        QVERIFY2(t->state() == TicketDialog::State::Sent, qPrintable(t->resultLabel()->text()));
        const auto *o = rig.recordedOrder();
        QVERIFY(o);
        QCOMPARE(o->type, std::string("stop_limit"));
        QCOMPARE(o->timeInForce, std::string("gtc"));
        QCOMPARE(o->stopPrice.value_or(0), stop);
        QCOMPARE(o->limitPrice.value_or(0), limit);
        QCOMPARE(o->positionIntent, std::string("buy_to_open"));

        // A buy stop below the market: said as typed, held at Confirm.
        rig.docks->tradeContract(contract, 0, 0);
        QTRY_VERIFY_WITH_TIMEOUT(rig.docks->openTickets().size() == 2, kWait);
        TicketDialog *u = rig.docks->openTickets().last();
        u->typeBox()->setCurrentIndex(u->typeBox()->findData(int(OrderType::Stop)));
        QVERIFY(!u->limitBox()->isEnabled()); // a stop carries no limit
        u->stopBox()->setValue(std::max(0.05, onNickel(sim->quote.bid - 0.20)));
        const QLatin1String atOnce("it would trigger at once, and Alpaca refuses a stop");
        QVERIFY2(u->warningLabel()->text().contains(atOnce), qPrintable(u->warningLabel()->text()));
        const std::size_t recorded = rig.executions().size();
        confirmTicket(u);
        QTRY_VERIFY_WITH_TIMEOUT(u->resultLabel()->text().contains(atOnce), kWait);
        QCOMPARE(u->state(), TicketDialog::State::Waiting); // held: nothing sent
        QCOMPARE(rig.executions().size(), recorded);
        test::saveShot(u, "orders18c-ticket-stop-held");
    }

    // The order history's error ("Could not read the order history: Alpaca server error 500 on
    // GET /v2/orders after 4 attempt(s)...") was one line: the dock, tabbed with Positions, took
    // that width, and the window squeezed the Contract and Signals docks to their minimum when
    // the broker failed. It wraps now.
    void orderHistoryErrorWraps() {
        Rig rig;
        fake::FaultSpec faults;
        faults.errors500 = 100;
        rig.server.setFaults(faults);
        OrderHistoryPanel panel(*rig.client);
        const int before = panel.minimumSizeHint().width();
        QSignalSpy loaded(&panel, &OrderHistoryPanel::loaded);
        panel.reload();
        QTRY_VERIFY_WITH_TIMEOUT(
            panel.summaryLabel()->text().startsWith(QStringLiteral("Could not read the order")),
            20000);
        panel.layout()->activate();
        QVERIFY2(panel.minimumSizeHint().width() <= std::max(before, 400),
                 qPrintable(QStringLiteral("%1 px wide for: %2")
                                .arg(panel.minimumSizeHint().width())
                                .arg(panel.summaryLabel()->text())));
    }

    // Order history: filled orders with their fills, the realized P&L of the closing one (FIFO
    // against the opening fill), the FEE activities' total and the P&L net of it, and older pages
    // by `until`.
    void orderHistoryShowsRealizedPnl() {
        Rig rig;
        const std::string contract = [&] {
            for (const auto &c : rig.market.chain("SPY"))
                if (c.type == OptionType::Call && c.quote.bid > 0.5 &&
                    c.quirk == market::QuoteQuirk::None)
                    return c.symbol;
            return std::string();
        }();
        QVERIFY(!contract.empty());
        const auto order = [&](const char *side, const char *intent, const char *qty) {
            market::OrderSubmission s;
            s.symbol = contract;
            s.qty = qty;
            s.side = side;
            s.type = "market";
            s.timeInForce = "day";
            s.positionIntent = intent;
            QVERIFY(rig.market.submitOrder(s).ok());
            fill(rig);
        };
        order("buy", "buy_to_open", "2");
        order("sell", "sell_to_close", "1");
        const auto &orders = rig.market.orders();
        QCOMPARE(orders.size(), std::size_t(2));
        QCOMPARE(orders[0].status, std::string("filled"));
        QCOMPARE(orders[1].status, std::string("filled"));
        const double expected = (*orders[1].filledAvgPrice - *orders[0].filledAvgPrice) * 100.0;

        OrderHistoryPanel panel(*rig.client);
        QSignalSpy loaded(&panel, &OrderHistoryPanel::loaded);
        panel.reload();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, kWait);
        OrderHistoryModel *m = panel.model();
        QCOMPARE(m->rowCount(), 2);
        // Newest first: the close, then the open.
        QCOMPARE(m->orderAt(0)->intent, PositionIntent::SellToClose);
        QVERIFY(std::abs(m->realizedAt(0).value_or(1e9) - expected) < 1e-6);
        QVERIFY(!m->realizedAt(1));
        QVERIFY(std::abs(m->totalRealized() - expected) < 1e-6);
        QCOMPARE(m->index(0, OrderHistoryModel::Filled).data().toString(),
                 QStringLiteral("1 of 1"));
        QCOMPARE(m->index(0, OrderHistoryModel::Realized).data().toString(), moneyText(expected));
        // Fees by hand from the demo's schedule (market/option_fees.h), per fill rounded to the
        // cent, at least $0.01: buy 2 -> ORF 2 x 0.02685 = 0.0537 -> 0.05, OCC 0.04; sell 1 ->
        // ORF 0.03, OCC 0.02, TAF 0.00279 -> 0.01. Total 0.15 in 5 FEE activities.
        QVERIFY(m->totalFees());
        QCOMPARE(m->feeActivities(), 5);
        QVERIFY(std::abs(*m->totalFees() - 0.15) < 1e-9);
        QVERIFY(std::abs(m->realizedNetOfFees().value_or(1e9) - (expected - 0.15)) < 1e-9);
        QVERIFY2(panel.feesLabel()->text().contains(moneyText(-0.15)),
                 qPrintable(panel.feesLabel()->text()));
        QVERIFY(panel.feesLabel()->text().contains(moneyText(expected - 0.15)));
        QVERIFY(panel.summaryLabel()->text().contains(moneyText(expected)));
        panel.resize(1400, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        test::saveShot(&panel, "orders18c-order-history");

        // Pages: one order a page, the next before the oldest read.
        std::vector<Order> first;
        std::vector<Order> second;
        int answers = 0;
        rig.client->ordersPage(OrderListStatus::Closed, 1, std::nullopt,
                               [&](Result<std::vector<Order>> r) {
                                   ++answers;
                                   first = r.value();
                               });
        QTRY_COMPARE_WITH_TIMEOUT(answers, 1, kWait);
        QCOMPARE(first.size(), std::size_t(1));
        QCOMPARE(first.front().intent, PositionIntent::SellToClose);
        rig.client->ordersPage(OrderListStatus::Closed, 1, first.front().submittedAt,
                               [&](Result<std::vector<Order>> r) {
                                   ++answers;
                                   second = r.value();
                               });
        QTRY_COMPARE_WITH_TIMEOUT(answers, 2, kWait);
        QCOMPARE(second.size(), std::size_t(1));
        QCOMPARE(second.front().intent, PositionIntent::BuyToOpen);
        // A history of only the close cannot price it: unknown, never a guess.
        OrderHistoryModel alone;
        alone.setOrders(first);
        QVERIFY(!alone.realizedAt(0));
        QCOMPARE(alone.unknownCloses(), 1);
        QCOMPARE(alone.index(0, OrderHistoryModel::Realized).data().toString(),
                 QStringLiteral("unknown"));
        alone.addOlder(second);
        QVERIFY(std::abs(alone.realizedAt(0).value_or(1e9) - expected) < 1e-6);
    }

    // A replace accepted by the broker writes a row for the replacing order: its own ids and
    // status, the same trade, and explain_json naming the order it replaces.
    void replaceWritesARowForTheNewOrder() {
        Rig rig;
        const market::SimContract *c = liquidCall(rig);
        QVERIFY(c);
        const ExecutionRecord r =
            manualBuyRecord("uid-replace-1", c->symbol, "cg-man-0123456789ab");
        QVERIFY(rig.store.records().recordExecution(r).ok());
        const std::string placedId = restingBuy(rig, c->symbol, r.clientOrderId);
        QVERIFY(!placedId.empty());
        QCOMPARE(rig.market.order(placedId)->status, std::string("new"));

        std::optional<Result<Order>> answer;
        rig.session->replaceOrder(QString::fromStdString(placedId),
                                  QString::fromStdString(r.clientOrderId), 2, 0.10, false,
                                  [&](Result<Order> o) { answer = std::move(o); });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), kWait);
        QVERIFY2(answer->ok(), answer->ok() ? "" : answer->error().message.c_str());
        const Order &n = answer->value();
        const auto rows = rig.executions();
        QCOMPARE(rows.size(), std::size_t(2));
        const ExecutionRecord *added = nullptr;
        for (const ExecutionRecord &row : rows)
            if (row.orderId == n.id)
                added = &row;
        QVERIFY(added);
        QCOMPARE(added->clientOrderId, n.clientOrderId);
        QVERIFY(added->clientOrderId.rfind(r.clientOrderId + "-r", 0) == 0);
        QCOMPARE(added->qty, std::optional(2));
        QCOMPARE(added->limitPrice, std::optional(0.10));
        QCOMPARE(added->source, std::string("manual"));
        QCOMPARE(added->optionSymbol, c->symbol);
        QVERIFY(added->executionUid != r.executionUid);
        const QJsonObject e =
            QJsonDocument::fromJson(QByteArray::fromStdString(added->explainJson)).object();
        QCOMPARE(e[QLatin1String("replaces")].toObject()[QLatin1String("order_id")].toString(),
                 QString::fromStdString(placedId));
        QCOMPARE(e[QLatin1String("position_intent")].toString(), QStringLiteral("buy_to_open"));
    }

    // A replace whose answer never reached this console (lost, or made from another one): the
    // replaced order's news names its successor, which gets its row and is followed to its fill.
    // Before the fix nothing read `replaced_by`: no row, and the new order's fill was lost.
    void aReplaceWhoseAnswerWasLostIsFollowed() {
        Rig rig;
        const market::SimContract *c = liquidCall(rig);
        QVERIFY(c);
        const ExecutionRecord r =
            manualBuyRecord("uid-replace-lost", c->symbol, "cg-man-lostreplace1");
        QVERIFY(rig.store.records().recordExecution(r).ok());
        const std::string placedId = restingBuy(rig, c->symbol, r.clientOrderId);
        QVERIFY(!placedId.empty());
        rig.session->dispatcher().tracker().track(
            TrackedOrder{r.clientOrderId, placedId, "new", std::nullopt, 0, 0, rig.clock.now()});

        market::PaperAccount::Replacement change;
        change.limitPrice = "0.06";
        change.clientOrderId = r.clientOrderId + "-r1";
        const auto replaced = rig.market.replaceOrder(placedId, change);
        QVERIFY2(replaced.ok(), replaced.ok() ? "" : replaced.error().message.c_str());
        const std::string newId = replaced->id;
        const auto rowOfNew = [&]() -> std::optional<ExecutionRecord> {
            for (const ExecutionRecord &row : rig.executions())
                if (row.orderId == newId)
                    return row;
            return std::nullopt;
        };
        QTRY_VERIFY_WITH_TIMEOUT(rowOfNew().has_value(), kWait);
        QCOMPARE(rowOfNew()->clientOrderId, r.clientOrderId + "-r1");
        QCOMPARE(rowOfNew()->limitPrice, std::optional(0.06));
        QVERIFY(rig.session->dispatcher().tracker().isTracking(r.clientOrderId + "-r1"));
        QCOMPARE(rig.executions().size(), std::size_t(2)); // once, however many times it is news
    }

    // A replace is held as a new order is at its ticket: a limit far through the market (a
    // fat finger: 0.05 -> ask + 5) until the trader overrides it, a quantity above the per-order
    // limit for good, a limit off the tick; nothing reaches Alpaca meanwhile.
    void replaceIsHeldByTheTicketsGuards() {
        Rig rig;
        const market::SimContract *c = liquidCall(rig);
        QVERIFY(c);
        const std::string placedId = restingBuy(rig, c->symbol, "cg-man-replaceguard");
        QVERIFY(!placedId.empty());
        const QString id = QString::fromStdString(placedId);
        const auto replace = [&](std::optional<int> qty, std::optional<double> limit,
                                 bool override) {
            std::optional<Result<Order>> answer;
            rig.session->replaceOrder(id, QStringLiteral("cg-man-replaceguard"), qty, limit,
                                      override, [&](Result<Order> o) { answer = std::move(o); });
            if (!QTest::qWaitFor([&] { return answer.has_value(); }, kWait))
                return Result<Order>(Error::make("no answer"));
            return std::move(*answer);
        };
        const double fatFinger = std::round((c->quote.ask + 5.0) * 100.0) / 100.0;
        Result<Order> r = replace(std::nullopt, fatFinger, false);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.find("above the ask") != std::string::npos &&
                     r.error().message.find("Nothing was replaced") != std::string::npos,
                 r.error().message.c_str());
        QCOMPARE(r.error().code, kReplaceOverridable);
        QCOMPARE(rig.market.order(placedId)->status, std::string("new"));
        QCOMPARE(rig.market.order(placedId)->limitPrice, std::optional(0.05));

        r = replace(50, std::nullopt, true); // the override does not lift a risk limit
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.find("Order of 50 contracts is above the limit of 10") !=
                     std::string::npos,
                 r.error().message.c_str());
        QVERIFY(r.error().code != kReplaceOverridable);
        r = replace(std::nullopt, 0.073, false);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.find("not on the option's") != std::string::npos,
                 r.error().message.c_str());
        QCOMPARE(rig.market.order(placedId)->status, std::string("new"));

        // The dialog: the refusal shown in it, the override offered only then, and the
        // dialog closed once the replace went through.
        Order working;
        {
            std::optional<Result<Order>> read;
            rig.session->broker().order(placedId, [&](Result<Order> o) { read = std::move(o); });
            QVERIFY(QTest::qWaitFor([&] { return read.has_value(); }, kWait));
            QVERIFY(read->ok());
            working = read->value();
        }
        QPointer<QDialog> dialog = rig.docks->replaceDialog(working);
        QVERIFY(dialog);
        auto *limitBox = dialog->findChild<QDoubleSpinBox *>(QStringLiteral("replaceLimit"));
        auto *why = dialog->findChild<QLabel *>(QStringLiteral("replaceWhy"));
        auto *override = dialog->findChild<QCheckBox *>(QStringLiteral("replaceOverride"));
        auto *buttons = dialog->findChild<QDialogButtonBox *>();
        QVERIFY(limitBox && why && override && buttons);
        QVERIFY(!override->isVisibleTo(dialog));
        limitBox->setValue(fatFinger);
        buttons->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY_WITH_TIMEOUT(why->isVisibleTo(dialog), kWait);
        QVERIFY2(why->text().contains(QLatin1String("above the ask")), qPrintable(why->text()));
        QVERIFY(override->isVisibleTo(dialog));
        QVERIFY(!override->isChecked());
        if (const QString shot = qEnvironmentVariable("CHAINGATE_SHOT_REPLACE"); !shot.isEmpty())
            dialog->grab().save(shot);
        QCOMPARE(rig.market.order(placedId)->limitPrice, std::optional(0.05));
        override->setChecked(true);
        buttons->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), kWait);
        QTRY_VERIFY_WITH_TIMEOUT(rig.market.order(placedId)->status != std::string("new"), kWait);
    }

    void sellToOpenWithoutSharesIsRefused() {
        Rig rig;
        QVERIFY(rig.loadChain());
        const QModelIndex cell = rig.nonPickCall();
        QVERIFY(cell.isValid());
        rig.window->chainView()->setCurrentIndex(cell);
        rig.window->chainView()->setFocus();
        QTest::keyClick(rig.window->chainView(), Qt::Key_S);
        QTRY_VERIFY_WITH_TIMEOUT(rig.docks->refusalBox() != nullptr, kWait);
        auto *box = qobject_cast<QMessageBox *>(rig.docks->refusalBox());
        QVERIFY(box);
        QVERIFY2(box->informativeText().contains(QLatin1String("covered call")),
                 qPrintable(box->informativeText()));
        test::saveShot(box, "orders18-sell-to-open-refused");
        QVERIFY(rig.docks->openTickets().isEmpty());
        QCOMPARE(rig.executions().front().source, std::string("manual"));
        QVERIFY(rig.market.orders().empty());
    }

    // Positions with live marks: a long call from the chain shown is marked at its live mid and
    // carries its greeks x 200; a put of another expiry (not in the chain shown) falls back to
    // the broker's price with blank greeks that say why; totals under the table.
    void positionsShowLiveMarksAndGreeks() {
        Rig rig;
        QVERIFY(rig.loadChain());
        const QModelIndex callCell = rig.nonPickCall();
        const std::string contract = callCell.data(SymbolRole).toString().toStdString();
        const auto buy = [&](const std::string &symbol, const char *qty) {
            market::OrderSubmission s;
            s.symbol = symbol;
            s.qty = qty;
            s.side = "buy";
            s.type = "market";
            s.timeInForce = "day";
            s.positionIntent = "buy_to_open";
            return rig.market.submitOrder(s).ok();
        };
        QVERIFY(buy(contract, "2"));
        QVERIFY(buy("SPY", "100"));
        rig.market.step(seedNow() + seconds{1});
        rig.market.step(seedNow() + seconds{2});

        std::vector<Position> held;
        bool answered = false;
        rig.client->positions([&](Result<std::vector<Position>> r) {
            answered = true;
            if (r)
                held = r.value();
        });
        QTRY_VERIFY_WITH_TIMEOUT(answered, kWait);
        QCOMPARE(held.size(), std::size_t(2));

        QWidget box;
        auto *layout = new QVBoxLayout(&box);
        PositionsModel positions;
        positions.setClock(&rig.clock);
        auto *table = new TradingTableView(&box);
        table->setModel(&positions);
        layout->addWidget(table);
        auto *totals = new QLabel(&box);
        totals->setWordWrap(true);
        layout->addWidget(totals);
        connect(&positions, &PositionsModel::totalsChanged, totals,
                [&] { totals->setText(positions.totalsText()); });
        for (int c = 0; c < PositionsModel::Count; ++c)
            table->horizontalHeader()->setSectionHidden(c, PositionsModel::hiddenByDefault(c));
        rig.docks->attachPositionsTable(table);
        positions.setPositions(held);

        const int row = positions.rowOfKey(QString::fromStdString(contract));
        QVERIFY(row >= 0);
        const ChainEntry *e = rig.window->session()->chainModel()->entryOf(contract);
        QVERIFY(e && e->contract.quote && e->contract.greeks);
        const PositionRow *p = positions.rowAt(row);
        QCOMPARE(p->pnl.mark, mid(*e->contract.quote));
        QVERIFY(p->pnl.liveMark);
        QVERIFY(p->greeks);
        QCOMPARE(p->greeks->deltaShares, e->contract.greeks->delta * 200.0);
        QVERIFY(!positions.index(row, PositionsModel::DeltaShares).data().toString().isEmpty());
        QVERIFY(!positions.index(row, PositionsModel::Dte).data().toString().isEmpty());
        const int stock = positions.rowOfKey(QStringLiteral("SPY"));
        QVERIFY(positions.rowAt(stock)->qty > 0); // a stock's delta is its qty
        QCOMPARE(positions.rowAt(stock)->greeks->deltaShares, positions.rowAt(stock)->qty);
        QVERIFY(totals->text().contains(QStringLiteral("Portfolio: P&L")));

        box.resize(1600, 260);
        box.show();
        QVERIFY(QTest::qWaitForWindowExposed(&box));
        QTest::qWait(50);
        qInfo("horizontal scroll range at 1600 px: %d", table->horizontalScrollBar()->maximum());
        QCOMPARE(table->horizontalScrollBar()->maximum(), 0);
        test::saveShot(&box, "positions18-positions");
    }

    void closeOnPositionOpensSellToCloseTicket() {
        Rig rig;
        QVERIFY(rig.loadChain());
        const QString contract = rig.nonPickCall().data(SymbolRole).toString();
        // A long position of 2 on the server.
        market::OrderSubmission s;
        s.symbol = contract.toStdString();
        s.qty = "2";
        s.side = "buy";
        s.type = "market";
        s.timeInForce = "day";
        s.positionIntent = "buy_to_open";
        QVERIFY(rig.market.submitOrder(s).ok());
        rig.market.step(seedNow() + seconds{1});
        rig.market.step(seedNow() + seconds{2});
        QCOMPARE(rig.market.positions().size(), std::size_t(1));

        PositionsModel positions;
        Position p;
        p.symbol = contract.toStdString();
        p.assetClass = "us_option";
        p.qty = 2;
        positions.setPositions({p});
        TradingTableView table;
        table.setModel(&positions);
        rig.docks->attachPositionsTable(&table);
        std::unique_ptr<QMenu> menu(rig.docks->positionMenu(p, rig.window.get()));
        QAction *close = action(menu.get(), "positionClose");
        QVERIFY(close);
        QCOMPARE(close->text(), QStringLiteral("Close (sell to close)\u2026"));
        QVERIFY(action(menu.get(), "positionExercise")->isEnabled());
        close->trigger();
        TicketDialog *t = rig.waitTicket();
        QVERIFY(t);
        QCOMPARE(t->findChild<QLabel *>(QStringLiteral("ticketSide"))->text(),
                 QStringLiteral("Sell to close"));
        QCOMPARE(t->quantityBox()->value(), 2);
        // Selling brings money in: proceeds, not cost.
        QCOMPARE(t->costNameLabel()->text(), QStringLiteral("Estimated proceeds"));
        test::saveShot(t, "orders18-position-close-ticket");
        QTest::mouseClick(t->confirmButton(), Qt::LeftButton);
        const auto *o = rig.recordedOrder();
        QVERIFY(o);
        QCOMPARE(o->positionIntent, std::string("sell_to_close"));
        QCOMPARE(o->side, std::string("sell"));

        // Orders dock: the working order's menu cancels it (DELETE 204).
        OrdersModel orders;
        Order working;
        working.id = o->id;
        working.clientOrderId = o->clientOrderId;
        working.symbol = o->symbol;
        working.status = o->status;
        working.qty = o->qty;
        working.limitPrice = o->limitPrice;
        std::unique_ptr<QMenu> om(rig.docks->orderMenu(working, rig.window.get()));
        // The working limit against the live mid.
        orders.setMarkLookup([](const std::string &) { return std::optional<double>(0.50); });
        working.limitPrice = 0.55;
        working.status = "new";
        QCOMPARE(orders.distanceFromMid(working).value_or(0), 0.55 - 0.50);
        orders.setOrders({working});
        QCOMPARE(orders.index(0, OrdersModel::FromMid).data().toString(), QStringLiteral("+0.05"));
        working.limitPrice = o->limitPrice;
        working.status = o->status;
        QVERIFY(action(om.get(), "orderReplace"));
        QVERIFY(action(om.get(), "orderCancelAll"));
        QCOMPARE(action(om.get(), "orderCancel")->shortcut(), QKeySequence(QKeySequence::Delete));
        om->popup(rig.window->mapToGlobal(QPoint(200, 200)));
        test::saveShot(om.get(), "orders18-orders-menu");
        om->hide();
        action(om.get(), "orderCancel")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(rig.market.order(o->id)->status, std::string("canceled"), kWait);
    }

    // Defect 1: a finished ticket (sent, rejected, expired) keeps what was sent. Bid and Ask were
    // left enabled: a click after "Order sent" rewrote the greyed limit and the cost line.
    void finishedTicketIsFrozenAndKeepsWhatWasSent() {
        Rig rig;
        QString contract;
        TicketDialog *t = rig.ticketOnNonPick(&contract);
        QVERIFY(t);
        auto *bid = t->findChild<QPushButton *>(QStringLiteral("ticketBid"));
        QVERIFY(bid && bid->isEnabled()); // while the ticket waits
        t->quantityBox()->setValue(2);
        confirmTicket(t);
        QVERIFY(waitAnswered(t));
        QVERIFY2(t->state() == TicketDialog::State::Sent, qPrintable(t->resultLabel()->text()));
        const auto *o = rig.recordedOrder();
        QVERIFY(o);
        const double sent = t->limitBox()->value();
        QCOMPARE(o->limitPrice.value_or(0), sent);
        const QString cost = t->costLabel()->text();
        QCOMPARE(usableControls(t), QStringList());
        QTest::mouseClick(bid, Qt::LeftButton);
        bid->click();
        QCOMPARE(t->limitBox()->value(), sent);
        QCOMPARE(t->costLabel()->text(), cost);
        // Even a type set by code (the box is disabled) re-enables nothing and moves no figure.
        t->typeBox()->setCurrentIndex(t->typeBox()->findData(int(OrderType::Market)));
        t->typeBox()->setCurrentIndex(t->typeBox()->findData(int(OrderType::Limit)));
        QCOMPARE(usableControls(t), QStringList());
        QCOMPARE(t->costLabel()->text(), cost);
        test::saveShot(t, "ticket-sent-frozen");

        rig.docks->tradeContract(contract, 0, 0);
        QTRY_VERIFY_WITH_TIMEOUT(rig.docks->openTickets().size() == 2, kWait);
        TicketDialog *rejected = rig.docks->openTickets().last();
        rejected->rejectTicket();
        QCOMPARE(rejected->state(), TicketDialog::State::Rejected);
        QCOMPARE(usableControls(rejected), QStringList());

        rig.docks->tradeContract(contract, 0, 0);
        QTRY_VERIFY_WITH_TIMEOUT(rig.docks->openTickets().size() == 3, kWait);
        TicketDialog *expired = rig.docks->openTickets().last();
        rig.clock.advance(seconds{rig.session->queue().ticketMaxAgeSec() + 1});
        QCOMPARE(rig.session->queue().expireStale(), 1);
        QCOMPARE(expired->state(), TicketDialog::State::Expired);
        QCOMPARE(usableControls(expired), QStringList());
    }

    // Defect 2: a close refused at confirmation kept neither its side nor its quantity: the
    // title read "BUY 2 x ..." for a sell to close of 5, and the subtitle had an empty field.
    void closeRefusedAtConfirmationKeepsSideAndQuantity() {
        Rig rig;
        QString contract;
        TicketDialog *t = closeTicketOnNonPick(rig, &contract, "2");
        QVERIFY(t);
        QCOMPARE(label(t, "ticketSide")->text(), QStringLiteral("Sell to close"));
        QCOMPARE(t->quantityBox()->value(), 2);
        t->quantityBox()->setValue(5);
        QTest::mouseClick(t->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(t->state() != TicketDialog::State::Confirming &&
                                     t->state() != TicketDialog::State::Waiting,
                                 kWait);
        QVERIFY2(t->state() == TicketDialog::State::Refused, qPrintable(t->resultLabel()->text()));
        QVERIFY2(t->resultLabel()->text().contains(QLatin1String("only 2 held")),
                 qPrintable(t->resultLabel()->text()));
        const QString title = label(t, "ticketTitle")->text();
        QVERIFY2(title.startsWith(QStringLiteral("SELL 5 \u00d7 ")), qPrintable(title));
        const QString subtitle = label(t, "ticketSubtitle")->text();
        QVERIFY2(subtitle.contains(QLatin1String("Sell to close")), qPrintable(subtitle));
        QVERIFY2(!subtitle.contains(QStringLiteral("\u00b7  \u00b7")), qPrintable(subtitle));
        QCOMPARE(label(t, "ticketSide")->text(), QStringLiteral("Sell to close"));
        QCOMPARE(t->quantityBox()->value(), 5);
        QCOMPARE(usableControls(t), QStringList());
        QVERIFY(rig.market.orders().size() == 1); // the buy that opened the position only
        test::saveShot(t, "ticket-close-refused");
    }

    // Defect 3: a hold about the market reset the quantity the trader typed to the proposal's
    // (3 back to 1) without a word, and asked to "Confirm again" under a "Confirm order" button.
    void holdKeepsTheTypedQuantity() {
        Rig rig;
        QString contract;
        TicketDialog *t = rig.ticketOnNonPick(&contract);
        QVERIFY(t);
        QCOMPARE(t->quantityBox()->value(), 1);
        t->quantityBox()->setValue(3);
        const double proposed = t->limitBox()->value();
        // The market walks on (the ticket's clock does not): the mid shown leaves the bid/ask.
        rig.market.step(rig.market.now() + hours{2});
        const auto *sim = rig.market.contract(contract.toStdString());
        QVERIFY(sim);
        QVERIFY2(proposed < sim->quote.bid || proposed > sim->quote.ask,
                 qPrintable(QStringLiteral("%1 within %2 / %3")
                                .arg(proposed)
                                .arg(sim->quote.bid)
                                .arg(sim->quote.ask)));
        QTest::mouseClick(t->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            t->state() == TicketDialog::State::Waiting && t->resultLabel()->isVisible(), kWait);
        const QString why = t->resultLabel()->text();
        QVERIFY2(why.contains(QLatin1String("The market moved")), qPrintable(why));
        QVERIFY2(!why.contains(QLatin1String("Quantity")), qPrintable(why));
        QCOMPARE(t->quantityBox()->value(), 3);
        QVERIFY(t->limitBox()->value() != proposed); // the new mid, as the message says
        // The message names the button to press.
        QVERIFY2(why.contains(t->confirmButton()->text()),
                 qPrintable(why + QStringLiteral(" / button: ") + t->confirmButton()->text()));
        QVERIFY(rig.market.orders().empty());
        test::saveShot(t, "ticket-held-market-moved");
    }

    // Defect 3, the other half: a hold about the quantity sets it and says so.
    void holdAboutTheQuantitySetsItAndSaysSo() {
        Rig rig;
        QString contract;
        TicketDialog *t = closeTicketOnNonPick(rig, &contract, "3");
        QVERIFY(t);
        QCOMPARE(t->quantityBox()->value(), 3);
        // Another console closes 2 of them meanwhile.
        QVERIFY(workingClose(rig, contract, "2"));
        confirmTicket(t);
        QTRY_VERIFY_WITH_TIMEOUT(t->state() == TicketDialog::State::Waiting &&
                                     t->resultLabel()->text().contains(QLatin1String("left")),
                                 kWait);
        QVERIFY2(t->resultLabel()->text().contains(QLatin1String("Quantity set to 1")),
                 qPrintable(t->resultLabel()->text()));
        QCOMPARE(t->quantityBox()->value(), 1);
        QCOMPARE(label(t, "ticketQtyLimit")->text(), QStringLiteral("max 1"));
    }

    // Defect 4: a close of 1 contract showed "max 10" (the per-order limit) beside its quantity;
    // a close's maximum is what is left to close: held less what open orders close.
    void closeTicketsMaximumIsWhatCanBeClosed() {
        Rig rig;
        QString contract;
        TicketDialog *t = closeTicketOnNonPick(rig, &contract, "1");
        QVERIFY(t);
        QCOMPARE(label(t, "ticketSide")->text(), QStringLiteral("Sell to close"));
        QCOMPARE(label(t, "ticketQtyLimit")->text(), QStringLiteral("max 1"));
        QVERIFY2(label(t, "ticketQtyLimit")->toolTip().contains(QLatin1String("held")),
                 qPrintable(label(t, "ticketQtyLimit")->toolTip()));
        t->quantityBox()->setValue(2);
        QVERIFY2(t->warningLabel()->text().contains(QLatin1String("close")),
                 qPrintable(t->warningLabel()->text()));
        t->rejectTicket();

        // 3 held, 1 of them in an open order to close: 2 are left.
        QVERIFY(holdLong(rig, contract, "2"));
        QVERIFY(workingClose(rig, contract, "1"));
        rig.docks->tradeContract(contract, 1, 0);
        QTRY_VERIFY_WITH_TIMEOUT(rig.docks->openTickets().size() == 2, kWait);
        TicketDialog *u = rig.docks->openTickets().last();
        QCOMPARE(u->quantityBox()->value(), 2);
        QCOMPARE(label(u, "ticketQtyLimit")->text(), QStringLiteral("max 2"));
    }

    // A limit typed off the tick (AAPL from $3: nickels) and Confirm clicked: the click moved the
    // focus, the box snapped to the nearest tick and that price was sent, never seen. Nothing is
    // sent until the trader has seen the price on the tick.
    void limitTypedOffTheTickIsNotSentUnseen() {
        Rig rig;
        QVERIFY(rig.loadChain());
        const market::SimContract *nickel = nullptr;
        for (const auto &k : rig.market.chain("AAPL"))
            if (k.type == OptionType::Call && k.quirk == market::QuoteQuirk::None &&
                k.quote.bid > 3.5 && k.quote.ask < 20.0 && !nickel)
                nickel = &k;
        QVERIFY2(nickel, "an AAPL call quoted from $3 (a $0.05 tick)");
        const std::string symbol = nickel->symbol;
        rig.docks->tradeContract(QString::fromStdString(symbol), 0, 0);
        TicketDialog *t = rig.waitTicket();
        QVERIFY(t);
        QVERIFY(QTest::qWaitForWindowActive(t));
        const double typed = std::floor(nickel->quote.bid * 10.0) / 10.0 + 0.03; // x.x3
        t->limitBox()->setFocus();
        t->limitBox()->selectAll();
        QTest::keyClicks(t->limitBox(), QLocale::c().toString(typed, 'f', 2));
        QCOMPARE(t->limitBox()->value(), typed);
        const std::size_t ordersBefore = rig.market.orders().size();
        QTest::mouseClick(t->confirmButton(), Qt::LeftButton);
        QTest::qWait(200);
        QCOMPARE(rig.market.orders().size(), ordersBefore); // nothing sent
        QCOMPARE(t->state(), TicketDialog::State::Waiting);
        const double nearest = std::round(typed * 20.0) / 20.0;
        QCOMPARE(t->limitBox()->value(), nearest); // shown now, on the tick
        QVERIFY2(t->resultLabel()->text().contains(QLatin1String("not on the")),
                 qPrintable(t->resultLabel()->text()));
        // Seen, then confirmed: sent at the price on the tick.
        confirmTicket(t);
        QVERIFY(waitAnswered(t));
        const market::SimOrder *sent = rig.recordedOrder();
        QVERIFY(sent && sent->limitPrice);
        QCOMPARE(*sent->limitPrice, nearest);
    }

    // Defect 5: the cost and the fat-finger warning waited for Tab; the limit kept the label
    // "Limit (mid rounded to tick)" after the trader typed another price.
    void costAndLabelFollowTheLimitWhileTyping() {
        Rig rig;
        QString contract;
        TicketDialog *t = rig.ticketOnNonPick(&contract);
        QVERIFY(t);
        const auto *sim = rig.market.contract(contract.toStdString());
        QVERIFY(sim);
        QVERIFY(t->warningLabel()->text().isEmpty());
        const QString proposedCost = t->costLabel()->text();
        // Typed, no Tab nor Enter: a limit far through the market.
        const double typed = onNickel(sim->quote.ask * 3.0 + 1.0);
        const QString text = QLocale::c().toString(typed, 'f', 2);
        t->limitBox()->selectAll();
        QTest::keyClicks(t->limitBox(), text);
        QCOMPARE(t->limitBox()->text(), QStringLiteral("$") + text);
        QVERIFY2(t->costLabel()->text().contains(QStringLiteral("\u00d7 %1 \u00d7").arg(text)),
                 qPrintable(t->costLabel()->text()));
        QVERIFY2(t->warningLabel()->text().contains(QLatin1String("through the market")),
                 qPrintable(t->warningLabel()->text()));
        QVERIFY(t->costLabel()->text() != proposedCost);
        auto *name = label(t, "ticketLimitName");
        QVERIFY(name);
        QCOMPARE(name->text(), QStringLiteral("Limit (typed)"));
        // The quantity too.
        t->quantityBox()->selectAll();
        QTest::keyClicks(t->quantityBox(), QStringLiteral("3"));
        QVERIFY2(t->costLabel()->text().contains(QStringLiteral("(3 \u00d7 %1").arg(text)),
                 qPrintable(t->costLabel()->text()));
        // Mid brings the proposal's limit and its name back.
        QTest::mouseClick(t->findChild<QPushButton *>(QStringLiteral("ticketMid")), Qt::LeftButton);
        QCOMPARE(name->text(), QStringLiteral("Limit (mid rounded to tick)"));
        QTest::mouseClick(t->findChild<QPushButton *>(QStringLiteral("ticketBid")), Qt::LeftButton);
        QCOMPARE(name->text(), QStringLiteral("Limit (the bid)"));
    }

    // A ticket opened at the bid (the chain's context menu) named its limit "mid rounded to
    // tick", and its Mid button went back to the bid.
    void ticketOpenedAtTheBidNamesItsLimit() {
        Rig rig;
        QString contract;
        TicketDialog *t = rig.ticketOnNonPick(&contract, 1); // buy, limit at the bid
        QVERIFY(t);
        const auto *sim = rig.market.contract(contract.toStdString());
        QVERIFY(sim);
        const Quote q = sim->quote;
        auto *name = label(t, "ticketLimitName");
        QVERIFY(name);
        QCOMPARE(t->limitBox()->value(), q.bid);
        QCOMPARE(name->text(), QStringLiteral("Limit (the bid)"));
        const double mid = limitPriceAtMid(q, "SPY", OrderSide::Buy, rig.session->settings());
        QVERIFY2(mid > q.bid, "a contract whose mid is above its bid");
        QTest::mouseClick(t->findChild<QPushButton *>(QStringLiteral("ticketMid")), Qt::LeftButton);
        QCOMPARE(t->limitBox()->value(), mid);
        QCOMPARE(name->text(), QStringLiteral("Limit (mid rounded to tick)"));
        QTest::mouseClick(t->findChild<QPushButton *>(QStringLiteral("ticketBid")), Qt::LeftButton);
        QCOMPARE(t->limitBox()->value(), q.bid);
        QCOMPARE(name->text(), QStringLiteral("Limit (the bid)"));
    }

    // A ticket opened at the bid kept "Limit (the bid)" once the live bid beside it had moved:
    // the limit is the bid it opened at, and the name says where the bid is now.
    void limitNameSaysWhereItsPriceIsNow() {
        Rig rig;
        QString contract;
        TicketDialog *t = rig.ticketOnNonPick(&contract, 1); // buy, limit at the bid
        QVERIFY(t);
        auto *name = label(t, "ticketLimitName");
        QVERIFY(name);
        const double opened = t->limitBox()->value();
        QCOMPARE(name->text(), QStringLiteral("Limit (the bid)"));
        QVERIFY(QTest::qWaitForWindowExposed(t));
        const QPoint limitAt = t->limitBox()->mapTo(t, QPoint());
        double bid = stepUntilMoved(rig, contract, opened, theBid);
        QVERIFY2(std::abs(bid - opened) > 1e-9, "the bid moved");
        const QString now =
            QStringLiteral("Limit (the bid, now $%1)").arg(QLocale::c().toString(bid, 'f', 2));
        QTRY_COMPARE_WITH_TIMEOUT(name->text(), now, kWait);
        QCOMPARE(t->limitBox()->value(), opened); // the price stays what the trader saw
        // The longer name moves nothing: the limit and its buttons stay under the pointer.
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
        QCOMPARE(t->limitBox()->mapTo(t, QPoint()), limitAt);
        // Bid again: the live bid, named as such.
        QTest::mouseClick(t->findChild<QPushButton *>(QStringLiteral("ticketBid")), Qt::LeftButton);
        QCOMPARE(t->limitBox()->value(), bid);
        QCOMPARE(name->text(), QStringLiteral("Limit (the bid)"));
        // Moved again, then sent: the finished ticket stops following the market, and its name
        // no longer says where the bid is "now".
        QVERIFY(std::abs(stepUntilMoved(rig, contract, bid, theBid) - bid) > 1e-9);
        QTRY_VERIFY_WITH_TIMEOUT(name->text().contains(QLatin1String(", now $")), kWait);
        confirmTicket(t);
        QVERIFY(waitAnswered(t));
        QCOMPARE(name->text(), QStringLiteral("Limit (the bid)"));
    }

    // A ticket at the proposal's mid once the mid has moved: the name said "mid" and Mid went back
    // to the old mid. The name says where the mid is now, and Mid takes it.
    void midTakesTheMidShownNow() {
        Rig rig;
        QString contract;
        TicketDialog *t = rig.ticketOnNonPick(&contract); // buy, at the mid
        QVERIFY(t);
        auto *name = label(t, "ticketLimitName");
        QVERIFY(name);
        const double opened = t->limitBox()->value();
        QCOMPARE(name->text(), QStringLiteral("Limit (mid rounded to tick)"));
        const double mid = stepUntilMoved(rig, contract, opened, [&rig](const Quote &q) {
            return limitPriceAtMid(q, "SPY", OrderSide::Buy, rig.session->settings());
        });
        QVERIFY2(std::abs(mid - opened) > 1e-9, "the mid moved");
        QTRY_COMPARE_WITH_TIMEOUT(name->text(),
                                  QStringLiteral("Limit (mid rounded to tick, now $%1)")
                                      .arg(QLocale::c().toString(mid, 'f', 2)),
                                  kWait);
        QCOMPARE(t->limitBox()->value(), opened);
        QTest::mouseClick(t->findChild<QPushButton *>(QStringLiteral("ticketMid")), Qt::LeftButton);
        QCOMPARE(t->limitBox()->value(), mid);
        QCOMPARE(name->text(), QStringLiteral("Limit (mid rounded to tick)"));
    }

    // A short contract with no bid (a cheap far-out one) bought back at the ask: Mid did nothing
    // when clicked and Bid put $0.00 in the limit. Both are off and say why.
    void priceButtonsWithoutABidSayWhy() {
        ShortOnce shortOne;
        Rig rig;
        QVERIFY(rig.loadChain());
        // The bid-less one with the highest ask: the likeliest to be bid again as the market moves.
        const market::SimContract *bidless = nullptr;
        for (const auto &k : rig.market.chain("SPY"))
            if (k.quirk == market::QuoteQuirk::None && k.quote.bid == 0.0 && k.quote.ask > 0.0 &&
                (!bidless || k.quote.ask > bidless->quote.ask))
                bidless = &k;
        QVERIFY2(bidless, "a contract with an ask and no bid");
        const QString contract = QString::fromStdString(bidless->symbol);
        shortOne.contract = *bidless;
        rig.market.setAccountSync(&shortOne);
        rig.docks->tradeContract(contract, 0, 2); // buy to close, at the ask
        TicketDialog *t = rig.waitTicket();
        QVERIFY(t);
        const double ask = rig.market.contract(contract.toStdString())->quote.ask;
        QCOMPARE(t->limitBox()->value(), ask);
        auto *mid = t->findChild<QPushButton *>(QStringLiteral("ticketMid"));
        auto *bid = t->findChild<QPushButton *>(QStringLiteral("ticketBid"));
        auto *askButton = t->findChild<QPushButton *>(QStringLiteral("ticketAsk"));
        QVERIFY(mid && bid && askButton);
        QVERIFY(!mid->isEnabled());
        QVERIFY2(mid->toolTip().contains(QLatin1String("no bid")), qPrintable(mid->toolTip()));
        QVERIFY(!bid->isEnabled());
        QVERIFY2(bid->toolTip().contains(QLatin1String("no bid")), qPrintable(bid->toolTip()));
        QVERIFY(askButton->isEnabled());
        test::saveShot(t, "orders20-ticket-no-bid"); // the state a trader only meets on a short
        // The gates a trade by hand is not held by say so: a red cross read as "will not go".
        QLabel *quoteGate = label(t, "ticketGate0");
        QLabel *spreadGate = label(t, "ticketGate1");
        QVERIFY(quoteGate && spreadGate);
        QVERIFY2(quoteGate->text().contains(QLatin1String("a buy to close needs only the ask")),
                 qPrintable(quoteGate->text()));
        QVERIFY2(spreadGate->text().contains(QLatin1String("not required for a trade by hand")),
                 qPrintable(spreadGate->text()));
        QTest::mouseClick(bid, Qt::LeftButton);
        QCOMPARE(t->limitBox()->value(), ask); // never $0.00
        // Market takes no limit: all three off; back to Limit, Ask alone is on again.
        auto *type = t->findChild<QComboBox *>(QStringLiteral("ticketType"));
        QVERIFY(type);
        type->setCurrentIndex(type->findData(static_cast<int>(OrderType::Market)));
        QVERIFY(!askButton->isEnabled());
        type->setCurrentIndex(type->findData(static_cast<int>(OrderType::Limit)));
        QVERIFY(askButton->isEnabled());
        QVERIFY(!mid->isEnabled() && !bid->isEnabled());
        // The bid comes back: so do Mid and Bid.
        QVERIFY2(stepUntilMoved(rig, contract, 0.0, theBid) > 0.0, "the contract is bid again");
        QTRY_VERIFY_WITH_TIMEOUT(mid->isEnabled() && bid->isEnabled(), kWait);
        QCOMPARE(mid->toolTip(),
                 QStringLiteral("Limit at the mid of the quote shown, rounded to the tick"));
    }

    // The Gates panel kept the proposal's spread while the bid/ask line above it followed the
    // market.
    void ticketGatesFollowTheLiveQuote() {
        Rig rig;
        QString contract;
        TicketDialog *t = rig.ticketOnNonPick(&contract);
        QVERIFY(t);
        // The spread on the bid/ask line ("spread 6.90%") and in the gate ("Spread 6.9% is
        // below the 10% limit").
        const auto percentIn = [](const QString &text) {
            static const QRegularExpression re(QStringLiteral("[Ss]pread ([0-9.]+)%"));
            return re.match(text).captured(1).toDouble();
        };
        QLabel *spreadGate = label(t, "ticketGate1");
        QVERIFY(spreadGate);
        const double before = percentIn(t->quoteLabel()->text());
        QVERIFY(before > 0.0);
        // (The gate writes three significant digits, the line two decimals.)
        const auto same = [](double a, double b) { return std::abs(a - b) <= 0.05; };
        QVERIFY2(same(percentIn(spreadGate->text()), before), qPrintable(spreadGate->text()));
        // The market moves; the ticket's clock does not (it does not expire meanwhile).
        rig.market.step(rig.market.now() + std::chrono::hours{2});
        QTRY_VERIFY_WITH_TIMEOUT(percentIn(t->quoteLabel()->text()) != before, kWait);
        QVERIFY2(same(percentIn(spreadGate->text()), percentIn(t->quoteLabel()->text())),
                 qPrintable(t->quoteLabel()->text() + QStringLiteral(" shown; the gate: ") +
                            spreadGate->text()));
    }

    // Defect 6: the fat-finger warning was cut ("... through the" without "market") and the
    // Cost box and the override below it moved as the warning came and went with the quote.
    void warningShowsInFullAndTheLayoutHolds() {
        Rig rig;
        QString contract;
        TicketDialog *t = rig.ticketOnNonPick(&contract);
        QVERIFY(t);
        const auto *sim = rig.market.contract(contract.toStdString());
        QVERIFY(sim);
        QVERIFY(QTest::qWaitForWindowExposed(t));
        auto *costBox = t->costLabel()->parentWidget();
        QVERIFY(qobject_cast<QGroupBox *>(costBox));
        const auto settle = [&] {
            QCoreApplication::sendPostedEvents();
            QCoreApplication::processEvents();
        };
        settle();
        const int heightBefore = costBox->height();
        const QRect confirmBefore = t->confirmButton()->geometry();
        // A fat finger: the warning appears, in full.
        t->limitBox()->setValue(onNickel(sim->quote.ask * 3.0 + 1.0));
        settle();
        QLabel *w = t->warningLabel();
        test::saveShot(t, "ticket-warning");
        QVERIFY(w->isVisible());
        QVERIFY2(w->text().contains(QLatin1String("through the market")), qPrintable(w->text()));
        QVERIFY2(w->height() >= w->heightForWidth(w->width()),
                 qPrintable(QStringLiteral("warning %1 px high, needs %2 at %3 px wide")
                                .arg(w->height())
                                .arg(w->heightForWidth(w->width()))
                                .arg(w->width())));
        QVERIFY(costBox->contentsRect().contains(w->geometry()));
        const int heightWarned = costBox->height();
        const QRect confirmWarned = t->confirmButton()->geometry();
        // Back and forth, as the live quote makes it: nothing moves again.
        for (int i = 0; i < 3; ++i) {
            QTest::mouseClick(t->findChild<QPushButton *>(QStringLiteral("ticketMid")),
                              Qt::LeftButton);
            settle();
            QVERIFY(t->warningLabel()->text().isEmpty());
            QCOMPARE(costBox->height(), heightWarned);
            QCOMPARE(t->confirmButton()->geometry(), confirmWarned);
            t->limitBox()->setValue(onNickel(sim->quote.ask * 3.0 + 1.0));
            settle();
            QCOMPARE(costBox->height(), heightWarned);
            QCOMPARE(t->confirmButton()->geometry(), confirmWarned);
        }
        // A warning of two lines fits the room kept for it from the start.
        if (w->heightForWidth(w->width()) <= 2 * w->fontMetrics().lineSpacing()) {
            QCOMPARE(heightWarned, heightBefore);
            QCOMPARE(confirmWarned, confirmBefore);
        }
    }

    // Defect 7: enum names on the ticket ("REJECTED_BY_USER", "SIMULATED_FALLBACK",
    // "ALPACA_PAPER") and "limit day limit 3.00" in the sent line.
    void ticketSpeaksTheTradersWords() {
        Rig rig;
        QVERIFY(rig.loadChain());
        const QString contract = rig.nonPickCall().data(SymbolRole).toString();
        const QRegularExpression enumName(QStringLiteral("\\b[A-Z]+_[A-Z_]+\\b"));
        rig.docks->tradeContract(contract, 0, 0);
        TicketDialog *t = rig.waitTicket();
        QVERIFY(t);
        QVERIFY2(!visibleTexts(t).contains(enumName), qPrintable(visibleTexts(t)));
        QTest::mouseClick(t->confirmButton(), Qt::LeftButton);
        QVERIFY(waitAnswered(t));
        const QString sent = t->resultLabel()->text();
        QVERIFY2(t->state() == TicketDialog::State::Sent, qPrintable(sent));
        const QString limit = QLocale::c().toString(t->limitBox()->value(), 'f', 2);
        QVERIFY2(sent.contains(QStringLiteral(" \u00b7 limit %1, day").arg(limit)),
                 qPrintable(sent));
        QVERIFY2(!sent.contains(QLatin1String("limit day")), qPrintable(sent));
        QVERIFY2(!visibleTexts(t).contains(enumName), qPrintable(visibleTexts(t)));

        rig.docks->tradeContract(contract, 0, 0);
        QTRY_VERIFY_WITH_TIMEOUT(rig.docks->openTickets().size() == 2, kWait);
        TicketDialog *r = rig.docks->openTickets().last();
        r->rejectTicket();
        QVERIFY2(r->resultLabel()->text().startsWith(QLatin1String("Rejected by you")),
                 qPrintable(r->resultLabel()->text()));
        QVERIFY2(!visibleTexts(r).contains(enumName), qPrintable(visibleTexts(r)));
        // The record keeps the database's value.
        QTRY_VERIFY_WITH_TIMEOUT(rig.executions().size() == 2, kWait);
        QVERIFY(rig.executions().front().mode == ExecutionMode::RejectedByUser);

        rig.docks->tradeContract(contract, 0, 0);
        QTRY_VERIFY_WITH_TIMEOUT(rig.docks->openTickets().size() == 3, kWait);
        TicketDialog *e = rig.docks->openTickets().last();
        rig.clock.advance(seconds{rig.session->queue().ticketMaxAgeSec() + 1});
        QCOMPARE(rig.session->queue().expireStale(), 1);
        QVERIFY2(e->resultLabel()->text().contains(QLatin1String("Not sent: Ticket expired")),
                 qPrintable(e->resultLabel()->text()));
        QVERIFY2(!visibleTexts(e).contains(enumName), qPrintable(visibleTexts(e)));
    }
};

QTEST_MAIN(TestManualTrading)
#include "tst_manual_trading.moc"
