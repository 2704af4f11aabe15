#include "ui/ticket_screenshot.h"

#include "models/chain_table_model.h"
#include "ui/main_window.h"
#include "ui/screenshot.h"
#include "ui/ticket_dialog.h"
#include "ui/trading_docks.h"

#include <QApplication>
#include <QPointer>

#include <cstdio>

namespace cg::ui {

TicketScreenshot::TicketScreenshot(MainWindow *window, TradingDocks *docks, QString file,
                                   std::chrono::milliseconds timeout, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_docks(docks)
    , m_file(std::move(file)) {
    connect(window->session()->chainModel(), &models::ChainTableModel::chainApplied, this,
            &TicketScreenshot::request);
    connect(docks, &TradingDocks::ticketShown, this, &TicketScreenshot::take);
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(timeout);
    connect(&m_timeout, &QTimer::timeout, this, [timeout] {
        std::fprintf(stderr, "chaingate: no ticket within %lld s; no screenshot\n",
                     static_cast<long long>(timeout.count() / 1000));
        QApplication::exit(2);
    });
    m_timeout.start();
}

void TicketScreenshot::request() {
    if (m_requested)
        return;
    const auto &pick = m_window->session()->pick(OptionType::Call);
    if (!pick.entry)
        return; // the next load may have one; the timeout ends the wait
    m_requested = true;
    m_window->selectSymbol(QString::fromStdString(pick.entry->contract.symbol));
    m_docks->requestTicket(QString::fromStdString(pick.entry->contract.symbol));
}

void TicketScreenshot::take(TicketDialog *dialog) {
    QPointer<TicketDialog> d(dialog);
    // Let the window manager place it and the countdown tick once.
    QTimer::singleShot(700, this, [this, d] {
        if (d)
            saveScreenshotAndQuit(d, m_file);
    });
}

} // namespace cg::ui
