#pragma once
// `chaingate --screenshot-ticket FILE`: once the chain has loaded, asks for a ticket on the
// strategy's call pick (as Ctrl+T would), waits for the ticket window to settle, saves a PNG of
// it and quits. Exit code 0 when saved, 1 when the file could not be written, 2 on timeout.

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>

namespace cg::ui {

class MainWindow;
class TicketDialog;
class TradingDocks;

class TicketScreenshot : public QObject {
    Q_OBJECT
public:
    TicketScreenshot(MainWindow *window, TradingDocks *docks, QString file,
                     std::chrono::milliseconds timeout, QObject *parent = nullptr);

private:
    void request();
    void take(TicketDialog *dialog);

    MainWindow *m_window;
    TradingDocks *m_docks;
    QString m_file;
    QTimer m_timeout;
    bool m_requested = false;
};

} // namespace cg::ui
