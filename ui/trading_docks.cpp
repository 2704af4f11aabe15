#include "ui/trading_docks.h"

#include "domain/occ_symbol.h"
#include "models/trading_session.h"
#include "ui/dispatcher_bar.h"
#include "ui/main_window.h"
#include "ui/signals_panel.h"
#include "ui/ticket_dialog.h"

#include <QDockWidget>
#include <QStatusBar>

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
        underlying = QString::fromStdString(occ->root);
    const SignalAction action =
        occ->type == OptionType::Call ? SignalAction::Call : SignalAction::Put;
    auto id = m_session.requestTicket(underlying, action, m_window.session()->strategy());
    if (!id) {
        m_window.statusBar()->showMessage(
            tr("No ticket: %1").arg(QString::fromStdString(id.error().message)), 8000);
        return;
    }
    m_requested[*id] = occSymbol;
    m_window.statusBar()->showMessage(
        tr("Signal #%1: %2 %3 \u2014 proposing an order\u2026")
            .arg(*id)
            .arg(underlying, QString::fromLatin1(toString(action).data())),
        5000);
}

void TradingDocks::openTicket(int ticketId) {
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
