// Trading by hand in the window, offscreen, against the fake Alpaca server (the real client, a
// simulated market at a fixed instant) and a real SQLite store: the chain's context menu opens a
// ticket for the contract clicked (not the strategy's pick), a sell to open without shares is
// refused with the reason, and Close on a long position opens a sell_to_close ticket whose
// confirmed order reaches the server and is recorded with source "manual".

#include "alpaca/alpaca_client.h"
#include "dispatch/decision.h"
#include "fake_alpaca/demo_credentials.h"
#include "fake_alpaca/fake_alpaca_server.h"
#include "market/simulated_market.h"
#include "models/chain_roles.h"
#include "models/chain_session.h"
#include "models/chain_table_model.h"
#include "models/orders_model.h"
#include "models/positions_model.h"
#include "models/trading_session.h"
#include "storage/execution_store.h"
#include "ui/chain_view.h"
#include "ui/dispatcher_bar.h"
#include "ui/main_window.h"
#include "ui/ticket_dialog.h"
#include "ui/trading_docks.h"
#include "ui/trading_table_view.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

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

void shot(QWidget *w, const char *name) {
    const QString dir = qEnvironmentVariable("CHAINGATE_TEST_SHOTS");
    if (!dir.isEmpty())
        w->grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
}

struct Rig {
    QTemporaryDir dir;
    FixedClock clock{seedNow()};
    market::SimulatedMarket market{seedNow()};
    fake::FakeAlpacaServer server{&market};
    std::unique_ptr<alpaca::AlpacaClient> client;
    ExecutionStore store;
    std::unique_ptr<TradingSession> session;
    std::unique_ptr<ChainSession> chain;
    std::unique_ptr<MainWindow> window;
    TradingDocks *docks = nullptr;

    Rig() {
        server.setClock(&clock);
        server.setFillInterval(milliseconds{10});
        if (!server.listen())
            qFatal("fake server did not listen");
        alpaca::AlpacaConfig c;
        c.tradingUrl = server.baseUrl();
        c.dataUrl = server.baseUrl();
        c.keyId = QString::fromLatin1(fake::kDemoKeyId);
        c.secret = QString::fromLatin1(fake::kDemoSecret);
        c.timeoutMs = 5000;
        client = std::make_unique<alpaca::AlpacaClient>(c);
        if (auto r = store.open(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("t.db")));
            !r)
            qFatal("store: %s", r.error().message.c_str());
        TradingSession::Options o;
        o.orderMode = ExecutionMode::AlpacaPaper;
        o.settings.orderPollIntervalMs = 20;
        o.signalPollMs = 60000;
        o.accountPollMs = 60000;
        session = std::make_unique<TradingSession>(*client, *client, store, clock, o);
        if (auto r = session->start(); !r)
            qFatal("session: %s", r.error().message.c_str());
        MainWindow::Options wo;
        wo.persist = false;
        chain = std::make_unique<ChainSession>(*client, clock);
        window = std::make_unique<MainWindow>(*chain, clock, TradingMode::Paper, wo);
        docks = installTradingDocks(*window, *session);
        docks->setConfirmer([](const QString &, const QString &) { return true; });
        window->resize(1600, 1000);
        window->show();
    }
    ~Rig() {
        window.reset();
        chain.reset();
        session.reset();
    }

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
    TicketDialog *waitTicket() {
        if (!QTest::qWaitFor([&] { return !docks->openTickets().isEmpty(); }, kWait))
            return nullptr;
        return docks->openTickets().first();
    }
    std::vector<ExecutionRecord> executions() { return store.records().executions({}).value(); }
};

QAction *action(QMenu *menu, const char *name) {
    return menu ? menu->findChild<QAction *>(QLatin1String(name)) : nullptr;
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
        shot(menu.get(), "orders18-chain-menu");
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
        QVERIFY(t->findChild<QPushButton *>(QStringLiteral("ticketAsk")));
        shot(t, "orders18-ticket-buy-nonpick");
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
        shot(box, "orders18-sell-to-open-refused");
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
        shot(&box, "positions18-positions");
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
        shot(t, "orders18-position-close-ticket");
        QTest::mouseClick(t->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!rig.executions().empty() &&
                                     rig.executions().front().orderStatus != kSendingStatus,
                                 kWait);
        const auto *o = rig.market.orderByClientOrderId(rig.executions().front().clientOrderId);
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
        shot(om.get(), "orders18-orders-menu");
        om->hide();
        action(om.get(), "orderCancel")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(rig.market.order(o->id)->status, std::string("canceled"), kWait);
    }
};

QTEST_MAIN(TestManualTrading)
#include "tst_manual_trading.moc"
