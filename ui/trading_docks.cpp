#include "ui/trading_docks.h"

#include "dispatch/confirmation_queue.h"
#include "dispatch/manual_order.h"
#include "dispatch/replace_check.h"
#include "domain/number_format.h"
#include "domain/occ_symbol.h"
#include "models/chain_session.h"
#include "models/chain_table_model.h"
#include "models/display_format.h"
#include "models/orders_model.h"
#include "models/positions_model.h"
#include "models/trading_session.h"
#include "ui/chain_colors.h"
#include "ui/chain_view.h"
#include "ui/dispatcher_bar.h"
#include "ui/main_window.h"
#include "ui/order_history_panel.h"
#include "ui/signals_panel.h"
#include "ui/strategy_ticket_dialog.h"
#include "ui/ticket_dialog.h"
#include "ui/trading_table_view.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QStatusBar>
#include <QTimer>

#include <cmath>
#include <map>
#include <memory>

namespace cg::ui {

TradingDocks::TradingDocks(MainWindow &window, models::TradingSession &session)
    : QObject(&window)
    , m_window(window)
    , m_session(session)
    , m_bar(new DispatcherBar(session, &window))
    , m_signals(new SignalsPanel(session))
    , m_signalsDock(new QDockWidget(tr("Signals"), &window)) {
    setObjectName(QStringLiteral("tradingDocks"));
    // A row of its own: a crowded row would fold the bar's end away.
    window.addToolBarBreak(Qt::TopToolBarArea);
    window.addToolBar(Qt::TopToolBarArea, m_bar);
    window.addToolBarBreak(Qt::TopToolBarArea);

    m_signalsDock->setObjectName(QStringLiteral("signalsDock"));
    m_signalsDock->setWidget(m_signals);
    m_signalsDock->setAllowedAreas(Qt::BottomDockWidgetArea | Qt::LeftDockWidgetArea |
                                   Qt::RightDockWidgetArea);
    // The right-hand docks keep the full height; the bottom ones sit under the chain only.
    window.setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    window.addDockWidget(Qt::BottomDockWidgetArea, m_signalsDock);

    connect(&session, &models::TradingSession::ticketOpened, this, &TradingDocks::openTicket);
    connect(&session, &models::TradingSession::message, &window,
            [&window](const QString &text) { window.statusBar()->showMessage(text, 10000); });
    connect(&window, &MainWindow::ticketRequested, this, &TradingDocks::requestTicket);
    if (ChainView *view = window.chainView())
        connect(view, &ChainView::tradeRequested, this, &TradingDocks::tradeContract);
    connect(&session, &models::TradingSession::manualRefused, this, &TradingDocks::showRefusal);

    m_history = new OrderHistoryPanel(session.broker());
    m_historyDock = new QDockWidget(tr("Order history"), &window);
    m_historyDock->setObjectName(QStringLiteral("orderHistoryDock"));
    m_historyDock->setWidget(m_history);
    window.addDockWidget(Qt::BottomDockWidgetArea, m_historyDock);
    connect(m_historyDock, &QDockWidget::visibilityChanged, m_history, [this](bool shown) {
        if (shown)
            m_history->reload();
    });
    connect(&session, &models::TradingSession::ordersChangedByHand, m_history, [this] {
        if (m_historyDock->isVisible())
            m_history->reload();
    });
    // The Positions and Orders panels are installed after these docks.
    QTimer::singleShot(0, this, &TradingDocks::attachTables);
}

namespace {

QString qs(const std::string &s) {
    return QString::fromStdString(s);
}

bool isOptionSymbol(const std::string &s) {
    return parseOccSymbol(s).ok();
}

} // namespace

void TradingDocks::tradeContract(const QString &contract, int side, int limit) {
    ManualOrder o;
    o.contract = contract.toStdString();
    o.side = side == 1 ? OrderSide::Sell : OrderSide::Buy;
    o.limit = limit == 1 ? LimitChoice::Bid : limit == 2 ? LimitChoice::Ask : LimitChoice::Mid;
    o.strategy = m_window.session() ? m_window.session()->strategy() : Strategy::DayTrade;
    m_window.statusBar()->showMessage(
        tr("%1 %2: proposing an order…").arg(side == 1 ? tr("Sell") : tr("Buy"), contract), 5000);
    m_session.tradeContract(o);
}

void TradingDocks::showRefusal(const QString &contract, const QString &reason) {
    if (m_refusal)
        m_refusal->close();
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Not traded"),
                                tr("No order for %1.").arg(contract), QMessageBox::Ok, &m_window);
    box->setObjectName(QStringLiteral("manualRefusal"));
    box->setInformativeText(reason);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setModal(false);
    box->show();
    m_refusal = box;
}

bool TradingDocks::confirm(const QString &title, const QString &text) {
    if (m_confirmer)
        return m_confirmer(title, text);
    return QMessageBox::question(&m_window, title, text, QMessageBox::Yes | QMessageBox::No,
                                 QMessageBox::No) == QMessageBox::Yes;
}

void TradingDocks::attachTables() {
    // The history is a tab beside the Orders dock once that exists.
    if (auto *orders = m_window.findChild<QDockWidget *>(QStringLiteral("ordersDock"));
        orders && !m_window.tabifiedDockWidgets(orders).contains(m_historyDock)) {
        m_window.tabifyDockWidget(orders, m_historyDock);
        // Tabifying raises the new tab: the Positions tab stays in front, as the panels left it.
        if (auto *positions = m_window.findChild<QDockWidget *>(QStringLiteral("positionsDock")))
            positions->raise();
    }
    if (!m_ordersTable)
        if (auto *t = m_window.findChild<TradingTableView *>(QStringLiteral("ordersTable")))
            attachOrdersTable(t);
    if (!m_positionsTable)
        if (auto *t = m_window.findChild<TradingTableView *>(QStringLiteral("positionsTable")))
            attachPositionsTable(t);
}

void TradingDocks::attachOrdersTable(TradingTableView *table) {
    m_ordersTable = table;
    // The working order's distance from the live mid: the chain shown has the quotes.
    if (auto *model = qobject_cast<models::OrdersModel *>(table->model())) {
        QPointer<MainWindow> window(&m_window);
        model->setMarkLookup([window](const std::string &symbol) -> std::optional<double> {
            if (!window || !window->session())
                return std::nullopt;
            const models::ChainEntry *e = window->session()->chainModel()->entryOf(symbol);
            if (!e || !e->contract.quote)
                return std::nullopt;
            return twoSidedMid(*e->contract.quote);
        });
        auto *timer = new QTimer(table);
        timer->setInterval(1000);
        connect(timer, &QTimer::timeout, model, &models::OrdersModel::refreshMarks);
        timer->start();
    }
    table->setContextMenuPolicy(Qt::CustomContextMenu);
    const auto orderAt = [table](const QModelIndex &index) -> const Order * {
        auto *model = qobject_cast<models::OrdersModel *>(table->model());
        return model && index.isValid() ? model->rowAt(index.row()) : nullptr;
    };
    connect(table, &QWidget::customContextMenuRequested, this,
            [this, table, orderAt](const QPoint &pos) {
                const Order *o = orderAt(table->indexAt(pos));
                QMenu *menu = o ? orderMenu(*o, table) : nullptr;
                if (!menu) {
                    menu = new QMenu(table);
                    QAction *all = menu->addAction(tr("Cancel all ChainGate orders"));
                    connect(all, &QAction::triggered, this, &TradingDocks::cancelAllOwnOrders);
                }
                menu->setAttribute(Qt::WA_DeleteOnClose);
                menu->popup(table->viewport()->mapToGlobal(pos));
            });
    auto *del = new QAction(tr("Cancel order"), table);
    del->setObjectName(QStringLiteral("ordersCancelKey"));
    del->setShortcut(QKeySequence::Delete);
    del->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    table->addAction(del);
    connect(del, &QAction::triggered, this, [this, table, orderAt] {
        if (const Order *o = orderAt(table->currentIndex()))
            cancelOrder(*o);
    });
    connect(&m_session, &models::TradingSession::ordersChangedByHand, this, [this] {
        // The docks poll; a change by hand is shown at once.
        if (auto *panels = m_window.findChild<QObject *>(QStringLiteral("tradingPanels")))
            QMetaObject::invokeMethod(panels, "refreshAll", Qt::QueuedConnection);
    });
}

void TradingDocks::attachPositionsTable(TradingTableView *table) {
    m_positionsTable = table;
    // Live marks and greeks from the chain shown: the contract's quote and greeks when that
    // expiry is shown, the underlying's live price when it is that chain's underlying.
    if (auto *model = qobject_cast<models::PositionsModel *>(table->model())) {
        QPointer<MainWindow> window(&m_window);
        model->setMarketLookup([window](const Position &p) {
            models::PositionMarket m;
            if (!window || !window->session())
                return m;
            models::ChainSession *chain = window->session();
            const std::string shown = chain->symbol().toStdString();
            const double spot = chain->underlyingPrice();
            // The underlying's price is as of the last poll (the option stream carries none);
            // streamed quotes are current.
            m.priceAsOf = chain->lastUpdate();
            if (p.assetClass == "us_option" && chain->streamStatus().health == StreamHealth::Live)
                m.priceAsOf.reset();
            if (p.assetClass != "us_option") {
                if (p.symbol == shown && spot > 0.0)
                    m.liveMid = m.underlyingPrice = spot;
                return m;
            }
            const auto occ = parseOccSymbol(p.symbol);
            if (occ.ok() && occ.value().underlying() == shown && spot > 0.0)
                m.underlyingPrice = spot;
            const models::ChainEntry *e = chain->chainModel()->entryOf(p.symbol);
            if (!e) {
                m.greeksNote = tr("No greeks: the chain shown does not hold this contract (show "
                                  "%1 and its expiry)")
                                   .arg(occ.ok() ? qs(occ.value().underlying()) : qs(p.symbol));
                return m;
            }
            m.multiplier = e->contract.multiplier;
            // The quote's own time where it is newer than the last poll (streamed).
            if (m.priceAsOf && e->contract.quote && e->contract.quote->time > *m.priceAsOf)
                m.priceAsOf = e->contract.quote->time;
            if (e->contract.quote)
                m.liveMid = twoSidedMid(*e->contract.quote); // one-sided: the broker's price
            m.greeks = e->contract.greeks;
            m.greeksNote = models::greeksSourceText(e->contract);
            m.greeksComputed = e->contract.greeksSource == GreeksSource::Computed;
            return m;
        });
        auto *timer = new QTimer(table);
        timer->setInterval(1000);
        connect(timer, &QTimer::timeout, model, &models::PositionsModel::refreshMarks);
        timer->start();
    }
    table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(table, &QWidget::customContextMenuRequested, this, [this, table](const QPoint &pos) {
        auto *model = qobject_cast<models::PositionsModel *>(table->model());
        const QModelIndex index = table->indexAt(pos);
        const Position *p = model && index.isValid() ? model->rowAt(index.row()) : nullptr;
        QMenu *menu = p ? positionMenu(*p, table) : nullptr;
        if (!menu)
            return;
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(table->viewport()->mapToGlobal(pos));
    });
}

QMenu *TradingDocks::orderMenu(const Order &order, QWidget *parent) {
    auto *menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("orderMenu"));
    menu->addSection(
        tr("%1 %2 %3")
            .arg(order.side == OrderSide::Buy ? tr("Buy") : tr("Sell"))
            .arg(QString::fromStdString(formatTrimmed(order.qty, 4)), qs(order.symbol)));
    const bool open = !isFinalOrderStatus(order.status);
    QAction *cancel = menu->addAction(tr("Cancel order"));
    cancel->setObjectName(QStringLiteral("orderCancel"));
    cancel->setShortcut(QKeySequence::Delete);
    cancel->setEnabled(open);
    connect(cancel, &QAction::triggered, this, [this, order] { cancelOrder(order); });
    QAction *replace = menu->addAction(tr("Replace (quantity, limit)…"));
    replace->setObjectName(QStringLiteral("orderReplace"));
    // Alpaca refuses to replace a multi-leg order (cancel it and place the strategy again).
    replace->setEnabled(open && hasLimitPrice(order.type) && order.legs.empty());
    connect(replace, &QAction::triggered, this, [this, order] { replaceDialog(order); });
    menu->addSeparator();
    QAction *all = menu->addAction(tr("Cancel all ChainGate orders"));
    all->setObjectName(QStringLiteral("orderCancelAll"));
    connect(all, &QAction::triggered, this, &TradingDocks::cancelAllOwnOrders);
    return menu;
}

QMenu *TradingDocks::positionMenu(const Position &position, QWidget *parent) {
    auto *menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("positionMenu"));
    menu->addSection(tr("%1 × %2")
                         .arg(qs(position.symbol))
                         .arg(QString::fromStdString(formatTrimmed(position.qty, 4))));
    const bool option = isOptionSymbol(position.symbol);
    QAction *close = menu->addAction(
        option ? (position.qty > 0 ? tr("Close (sell to close)…") : tr("Close (buy to close)…"))
               : (position.qty > 0 ? tr("Close (sell)…") : tr("Close (buy to cover)…")));
    close->setObjectName(QStringLiteral("positionClose"));
    connect(close, &QAction::triggered, this, [this, position] { closePosition(position); });
    QAction *roll = menu->addAction(tr("Roll to a later expiry…"));
    roll->setObjectName(QStringLiteral("positionRoll"));
    roll->setEnabled(option);
    connect(roll, &QAction::triggered, this, [this, position] { rollDialog(position); });
    QAction *exercise = menu->addAction(tr("Exercise…"));
    exercise->setObjectName(QStringLiteral("positionExercise"));
    exercise->setEnabled(option && position.qty > 0);
    connect(exercise, &QAction::triggered, this, [this, position] { exercisePosition(position); });
    return menu;
}

void TradingDocks::closePosition(const Position &position) {
    const auto qty = wholeQuantity(std::floor(std::abs(position.qty)));
    if (!qty || *qty < 1) {
        m_window.statusBar()->showMessage(
            tr("%1 cannot be closed from here").arg(qs(position.symbol)), 8000);
        return;
    }
    ManualOrder o;
    o.contract = position.symbol;
    o.side = position.qty > 0 ? OrderSide::Sell : OrderSide::Buy;
    o.qty = 0;                  // what is held less what open orders already close (manual_order.h)
    o.limit = LimitChoice::Mid; // a stock's close: at its last price (stock_close.h)
    o.strategy = m_window.session() ? m_window.session()->strategy() : Strategy::DayTrade;
    o.closeOnly = true; // the row may be out of date: a close never becomes an opening order
    m_session.tradeContract(o);
}

QDialog *TradingDocks::rollDialog(const Position &position) {
    const auto occ = parseOccSymbol(position.symbol);
    if (!occ)
        return nullptr;
    auto *dialog = new QDialog(&m_window);
    dialog->setObjectName(QStringLiteral("rollDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Roll %1").arg(qs(position.symbol)));
    dialog->setMinimumWidth(460); // the explanation wraps in full
    auto *form = new QFormLayout(dialog);
    const QString qty = QString::fromStdString(formatTrimmed(std::abs(position.qty), 4));
    auto *intro = new QLabel(
        tr("%1 %2 %3: close it and open the same quantity at a later expiry. The close's ticket "
           "opens first; once it is sent, the open's follows for as many contracts. A close "
           "rejected, refused or expired opens nothing.")
            .arg(position.qty > 0 ? tr("Long") : tr("Short"), qty, qs(position.symbol)),
        dialog);
    intro->setWordWrap(true);
    form->addRow(intro);
    auto *expiry = new QComboBox(dialog);
    expiry->setObjectName(QStringLiteral("rollExpiry"));
    auto *strike = new QComboBox(dialog);
    strike->setObjectName(QStringLiteral("rollStrike"));
    form->addRow(tr("Later expiry"), expiry);
    form->addRow(tr("Strike"), strike);
    auto *status = new QLabel(tr("Reading the later expiries…"), dialog);
    status->setObjectName(QStringLiteral("rollStatus"));
    status->setWordWrap(true);
    form->addRow(status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("Roll"));
    ok->setEnabled(false);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);

    // Same root and type, later expiries, strikes within 20% of the one held.
    using namespace std::chrono;
    ChainQuery q;
    q.underlying = occ->underlying();
    q.type = occ->type;
    q.expiryFrom = year_month_day{sys_days{occ->expiry} + days{1}};
    q.expiryTo = year_month_day{sys_days{occ->expiry} + days{120}};
    q.strikeMin = occ->strike() * 0.8;
    q.strikeMax = occ->strike() * 1.2;
    q.withOpenInterest = false;
    // expiry (YYYY-MM-DD) -> strike -> contract
    auto contracts = std::make_shared<std::map<QString, std::map<double, QString>>>();
    const double heldStrike = occ->strike();
    const auto fillStrikes = [expiry, strike, contracts, heldStrike] {
        strike->clear();
        const auto it = contracts->find(expiry->currentText());
        if (it == contracts->end())
            return;
        int best = 0;
        double bestGap = 1e18;
        for (const auto &[k, symbol] : it->second) {
            if (std::abs(k - heldStrike) < bestGap) {
                bestGap = std::abs(k - heldStrike);
                best = strike->count();
            }
            strike->addItem(QString::fromStdString(formatPrice(k)), symbol);
        }
        strike->setCurrentIndex(best); // the held strike, or the nearest listed
    };
    connect(expiry, &QComboBox::currentTextChanged, dialog, fillStrikes);
    QPointer<QDialog> guard(dialog);
    m_session.marketData().optionChain(
        q, [guard, expiry, status, ok, contracts, fillStrikes](Result<OptionChain> r) {
            if (!guard)
                return;
            if (!r) {
                status->setText(
                    tr("The later expiries could not be read: %1").arg(qs(r.error().message)));
                return;
            }
            for (const OptionContract &c : r->contracts) {
                const auto ymd = c.expiry;
                const QString day = QString::asprintf("%04d-%02u-%02u", int(ymd.year()),
                                                      unsigned(ymd.month()), unsigned(ymd.day()));
                (*contracts)[day][c.strike] = qs(c.symbol);
            }
            if (contracts->empty()) {
                status->setText(tr("No later expiry is listed for this contract"));
                return;
            }
            for (const auto &entry : *contracts)
                expiry->addItem(entry.first);
            fillStrikes();
            status->setText(tr("Alpaca multi-leg orders are not used: the two legs are separate "
                               "orders, so one may fill without the other."));
            ok->setEnabled(true);
        });
    connect(buttons, &QDialogButtonBox::accepted, dialog, [this, dialog, strike, position] {
        const QString to = strike->currentData().toString();
        if (to.isEmpty())
            return;
        const Strategy s = m_window.session() ? m_window.session()->strategy() : Strategy::DayTrade;
        if (auto r = m_session.rollPosition(position, to, s); !r) {
            showRefusal(qs(position.symbol), qs(r.error().message));
            return;
        }
        dialog->accept();
    });
    dialog->show();
    return dialog;
}

void TradingDocks::exercisePosition(const Position &position) {
    const auto occ = parseOccSymbol(position.symbol);
    if (!occ || position.qty <= 0)
        return;
    const double shares = position.qty * 100.0;
    const double cash = occ->strike() * shares;
    const QString text =
        occ->type == OptionType::Call
            ? tr("Exercise %1 long %2?\n\nYou buy %3 %4 shares at %5: %6 of cash is needed.")
            : tr("Exercise %1 long %2?\n\nYou sell %3 %4 shares at %5 and receive %6.");
    const QString filled =
        text.arg(QString::fromStdString(formatTrimmed(position.qty, 4)), qs(position.symbol),
                 QString::fromStdString(formatTrimmed(shares, 0)), qs(occ->underlying()),
                 QString::fromStdString(formatPrice(occ->strike())),
                 QString::fromStdString(formatMoney(cash)));
    if (!confirm(tr("Exercise %1").arg(qs(position.symbol)), filled))
        return;
    m_session.exercise(qs(position.symbol));
}

void TradingDocks::cancelOrder(const Order &order) {
    if (isFinalOrderStatus(order.status)) {
        m_window.statusBar()->showMessage(
            tr("Order %1 is %2: nothing to cancel").arg(qs(order.id), qs(order.status)), 6000);
        return;
    }
    m_session.cancelOrder(qs(order.id));
}

void TradingDocks::cancelAllOwnOrders() {
    if (!confirm(tr("Cancel all ChainGate orders"),
                 tr("Cancel every open order ChainGate placed for this book? Orders placed by "
                    "other programs are left alone.")))
        return;
    m_session.cancelAllOwnOrders();
}

QDialog *TradingDocks::replaceDialog(const Order &order) {
    auto *dialog = new QDialog(&m_window);
    dialog->setObjectName(QStringLiteral("replaceDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Replace order %1").arg(qs(order.symbol)));
    dialog->setMinimumWidth(420); // a held replace's reason wraps in full
    auto *form = new QFormLayout(dialog);
    form->addRow(new QLabel(tr("%1 %2, %3 filled, status %4")
                                .arg(order.side == OrderSide::Buy ? tr("Buy") : tr("Sell"))
                                .arg(QString::fromStdString(formatTrimmed(order.qty, 4)))
                                .arg(QString::fromStdString(formatTrimmed(order.filledQty, 4)))
                                .arg(models::OrdersModel::statusText(order.status)),
                            dialog));
    auto *qty = new QSpinBox(dialog);
    qty->setObjectName(QStringLiteral("replaceQty"));
    qty->setRange(1, 100000);
    qty->setValue(static_cast<int>(std::lround(order.qty)));
    form->addRow(tr("Quantity (the total, filled included)"), qty); // Alpaca's meaning
    auto *limit = new QDoubleSpinBox(dialog);
    limit->setObjectName(QStringLiteral("replaceLimit"));
    limit->setDecimals(2);
    limit->setSingleStep(0.01);
    limit->setRange(0.01, 1e6);
    limit->setValue(order.limitPrice.value_or(0.01));
    form->addRow(tr("Limit"), limit);
    // Why the last try was held (checked as a new order's ticket is), and the deliberate second
    // step that alone lets a limit far through the market go.
    auto *why = new QLabel(dialog);
    why->setObjectName(QStringLiteral("replaceWhy"));
    why->setWordWrap(true);
    why->setVisible(false);
    QPalette warn = why->palette();
    warn.setColor(QPalette::WindowText, ChainColors::forPalette(why->palette()).fail);
    why->setPalette(warn);
    form->addRow(why);
    auto *override = new QCheckBox(tr("Override the precaution: replace it anyway"), dialog);
    override->setObjectName(QStringLiteral("replaceOverride"));
    override->setVisible(false);
    form->addRow(override);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("Replace"));
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog,
            [this, dialog, qty, limit, order, why, override, ok] {
                std::optional<int> newQty;
                if (qty->value() != static_cast<int>(std::lround(order.qty)))
                    newQty = qty->value();
                std::optional<double> newLimit;
                if (!order.limitPrice || std::abs(limit->value() - *order.limitPrice) > 1e-9)
                    newLimit = limit->value();
                ok->setEnabled(false); // one replace at a time
                QPointer<QDialog> alive(dialog);
                m_session.replaceOrder(qs(order.id), qs(order.clientOrderId), newQty, newLimit,
                                       override->isVisible() && override->isChecked(),
                                       [alive, why, override, ok](Result<Order> r) {
                                           if (!alive)
                                               return;
                                           if (r) {
                                               alive->accept();
                                               return;
                                           }
                                           why->setText(QString::fromStdString(r.error().message));
                                           why->setVisible(true);
                                           override->setChecked(false);
                                           override->setVisible(r.error().code ==
                                                                kReplaceOverridable);
                                           ok->setEnabled(true);
                                           alive->adjustSize(); // the reason in full
                                       });
            });
    // A changed figure is judged afresh: the override covers only what it was shown for.
    for (QAbstractSpinBox *box :
         {static_cast<QAbstractSpinBox *>(qty), static_cast<QAbstractSpinBox *>(limit)})
        connect(box, &QAbstractSpinBox::editingFinished, override, [override] {
            override->setChecked(false);
            override->setVisible(false);
        });
    dialog->show();
    return dialog;
}

QList<TicketDialog *> TradingDocks::openTickets() const {
    QList<TicketDialog *> out;
    for (TicketDialog *d : m_window.findChildren<TicketDialog *>()) {
        if (d->isVisible())
            out << d;
    }
    return out;
}

TicketDialog *TradingDocks::ticketWindow(int ticketId) const {
    for (TicketDialog *d : m_window.findChildren<TicketDialog *>()) {
        if (d->ticketId() == ticketId)
            return d;
    }
    return nullptr;
}

void TradingDocks::requestTicket(const QString &occSymbol) {
    const auto occ = parseOccSymbol(occSymbol.toStdString());
    if (!occ) {
        m_window.statusBar()->showMessage(
            tr("No ticket: %1").arg(QString::fromStdString(occ.error().message)), 8000);
        return;
    }
    // The chain's underlying, not the OCC root (SPXW, AAPL1 ...).
    QString underlying = m_window.session()->symbol();
    if (underlying.isEmpty())
        underlying = QString::fromStdString(occ->underlying());
    const SignalAction action =
        occ->type == OptionType::Call ? SignalAction::Call : SignalAction::Put;
    QPointer<TradingDocks> self(this);
    m_session.requestTicket(
        underlying, action, m_window.session()->strategy(),
        [self, underlying, action, occSymbol](Result<qint64> id) {
            if (!self)
                return;
            if (!id) {
                self->m_window.statusBar()->showMessage(
                    tr("No ticket: %1").arg(QString::fromStdString(id.error().message)), 8000);
                return;
            }
            self->m_requested[*id] = occSymbol;
            self->m_window.statusBar()->showMessage(
                tr("Signal #%1: %2 %3 \u2014 proposing an order\u2026")
                    .arg(*id)
                    .arg(underlying, QString::fromLatin1(toString(action).data())),
                5000);
        });
}

void TradingDocks::openTicket(int ticketId) {
    // A multi-leg signal's ticket: the legs and the signed net limit, confirmed through the queue.
    if (const auto t = m_session.queue().ticket(ticketId);
        t && t->proposal.multiLeg && t->proposal.multiLeg->strategy) {
        ManualStrategyOrder order;
        order.strategy = *t->proposal.multiLeg->strategy;
        order.qty = t->proposal.qty;
        order.netLimit = t->proposal.limitPrice;
        order.allGates = true; // a signal's: every leg held to the five gates that picked it
        if (t->proposal.order)
            order.timeInForce = t->proposal.order->timeInForce;
        auto *dialog = new StrategyTicketDialog(
            m_session, std::move(order), StrategyOrderDesk::ofTicket(m_session.queue(), ticketId),
            &m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setWindowFlag(Qt::Dialog);
        connect(&m_session.queue(), &ConfirmationQueue::ticketExpired, dialog,
                [dialog, ticketId](int id, qint64) {
                    if (id == ticketId)
                        dialog->expired();
                });
        dialog->show();
        dialog->raise();
        dialog->activateWindow();
        return;
    }
    auto *dialog = new TicketDialog(m_session, ticketId, &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowFlag(Qt::Dialog);
    const qint64 signal = m_session.signalOfTicket(ticketId);
    if (auto it = m_requested.find(signal); it != m_requested.end()) {
        dialog->setRequestedContract(it->second);
        m_requested.erase(it);
    }
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    Q_EMIT ticketShown(dialog);
}

TradingDocks *installTradingDocks(MainWindow &window, models::TradingSession &session) {
    return new TradingDocks(window, session);
}

} // namespace cg::ui
