#pragma once
// The trading workflow in the console window, installed by one call: the dispatcher bar (under
// the main toolbar), the Signals dock, an order ticket window for every ticket the confirmation
// queue opens, decisions in the status bar, and Ctrl+T (MainWindow::ticketRequested) turned
// into a manual signal for the selected contract's underlying and side with the window's
// strategy, so the dispatcher proposes the contract through the same gates and limits.

#include <QObject>
#include <QString>

#include <map>

class QDockWidget;

namespace cg::models {
class TradingSession;
}

namespace cg::ui {

class DispatcherBar;
class MainWindow;
class SignalsPanel;
class TicketDialog;

class TradingDocks : public QObject {
    Q_OBJECT
public:
    TradingDocks(MainWindow &window, models::TradingSession &session);

    DispatcherBar *dispatcherBar() const { return m_bar; }
    SignalsPanel *signalsPanel() const { return m_signals; }
    QDockWidget *signalsDock() const { return m_signalsDock; }
    // The ticket windows open now.
    QList<TicketDialog *> openTickets() const;
    TicketDialog *ticketWindow(int ticketId) const;

    // Ctrl+T for an OCC symbol of the window's chain.
    void requestTicket(const QString &occSymbol);

Q_SIGNALS:
    void ticketShown(cg::ui::TicketDialog *dialog);

private:
    void openTicket(int ticketId);

    MainWindow &m_window;
    models::TradingSession &m_session;
    DispatcherBar *m_bar;
    SignalsPanel *m_signals;
    QDockWidget *m_signalsDock;
    std::map<qint64, QString> m_requested; // signal -> the contract selected with Ctrl+T
};

// Builds the trading docks into the window (owned by the window).
TradingDocks *installTradingDocks(MainWindow &window, models::TradingSession &session);

} // namespace cg::ui
