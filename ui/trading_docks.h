#pragma once
// The trading workflow in the console window, installed by one call: the dispatcher bar (under
// the main toolbar), the Signals dock, an order ticket window for every ticket the confirmation
// queue opens, decisions in the status bar, and Ctrl+T (MainWindow::ticketRequested) turned
// into a manual signal for the selected contract's underlying and side with the window's
// strategy, so the dispatcher proposes the contract through the same gates and limits.

#include "domain/account.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <map>

class QDialog;
class QDockWidget;
class QMenu;
class QModelIndex;

namespace cg::models {
class TradingSession;
}

namespace cg::ui {

class DispatcherBar;
class MainWindow;
class OrderHistoryPanel;
class SignalsPanel;
class TicketDialog;
class TradingTableView;

class TradingDocks : public QObject {
    Q_OBJECT
public:
    TradingDocks(MainWindow &window, models::TradingSession &session);

    DispatcherBar *dispatcherBar() const { return m_bar; }
    SignalsPanel *signalsPanel() const { return m_signals; }
    QDockWidget *signalsDock() const { return m_signalsDock; }
    // Closed orders with fills and realized P&L, a tab beside the Orders dock; read when shown,
    // on Refresh and after an order changed by hand.
    OrderHistoryPanel *orderHistory() const { return m_history; }
    QDockWidget *orderHistoryDock() const { return m_historyDock; }
    // The ticket windows open now.
    QList<TicketDialog *> openTickets() const;
    TicketDialog *ticketWindow(int ticketId) const;

    // Ctrl+T for an OCC symbol of the window's chain.
    void requestTicket(const QString &occSymbol);

    // Trading by hand (issue 18). The chain's context menu, B/S and a double-click on the bid or
    // ask (ChainView::tradeRequested) open a ticket for that contract; a refusal (options level,
    // buying power, a limit) shows its reason.
    void tradeContract(const QString &contract, int side, int limit);
    // The Orders and Positions tables get their context menus and keys (Del cancels). They are
    // found by object name once the panels exist (installed after these docks); tests may
    // attach tables of their own.
    void attachTables();
    void attachOrdersTable(TradingTableView *table);
    void attachPositionsTable(TradingTableView *table);
    // The menus those tables show for a row (owned by the caller; nullptr for no row).
    QMenu *orderMenu(const Order &order, QWidget *parent);
    QMenu *positionMenu(const Position &position, QWidget *parent);
    // Close: a sell_to_close (long) or buy_to_close (short) ticket for the whole position at the
    // mid. Exercise: after a confirmation naming the cash it takes (strike x 100 x qty for a
    // call) or brings (a put).
    void closePosition(const Position &position);
    // Roll: a small window to pick a later expiry and a strike of the same type (listed from the
    // market data); Roll opens two tickets, the close and the open (TradingSession::rollPosition).
    QDialog *rollDialog(const Position &position);
    void exercisePosition(const Position &position);
    void cancelOrder(const Order &order);
    void cancelAllOwnOrders();
    // A small window with the order's quantity and limit; Replace sends the PATCH.
    QDialog *replaceDialog(const Order &order);
    // Asks before exercising and before cancelling all (a test answers for the trader).
    using Confirmer = std::function<bool(const QString &title, const QString &text)>;
    void setConfirmer(Confirmer c) { m_confirmer = std::move(c); }
    // The last refusal of a manual trade, shown in a message box (nullptr when none is open).
    QWidget *refusalBox() const { return m_refusal; }

Q_SIGNALS:
    void ticketShown(cg::ui::TicketDialog *dialog);

private:
    void openTicket(int ticketId);
    void showRefusal(const QString &contract, const QString &reason);
    bool confirm(const QString &title, const QString &text);

    MainWindow &m_window;
    models::TradingSession &m_session;
    DispatcherBar *m_bar;
    SignalsPanel *m_signals;
    QDockWidget *m_signalsDock;
    std::map<qint64, QString> m_requested; // signal -> the contract selected with Ctrl+T
    Confirmer m_confirmer;
    QPointer<QWidget> m_refusal;
    QPointer<TradingTableView> m_ordersTable;
    QPointer<TradingTableView> m_positionsTable;
    OrderHistoryPanel *m_history = nullptr;
    QDockWidget *m_historyDock = nullptr;
};

// Builds the trading docks into the window (owned by the window).
TradingDocks *installTradingDocks(MainWindow &window, models::TradingSession &session);

} // namespace cg::ui
