#include "ui/screenshot.h"

#include "models/chain_table_model.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QPixmap>

#include <cstdio>

namespace cg::ui {

using models::ChainSession;

ScreenshotTaker::ScreenshotTaker(MainWindow *window, QString file,
                                 std::chrono::milliseconds timeout, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_file(std::move(file)) {
    ChainSession *session = window->session();
    connect(session->chainModel(), &models::ChainTableModel::chainApplied, this,
            &ScreenshotTaker::schedule);
    connect(session, &ChainSession::stateChanged, this, [this](ChainSession::State s) {
        if (s == ChainSession::State::NotFound || s == ChainSession::State::Error)
            schedule();
    });
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(timeout);
    connect(&m_timeout, &QTimer::timeout, this, [timeout] {
        std::fprintf(stderr, "chaingate: the chain did not load within %lld s; no screenshot\n",
                     static_cast<long long>(timeout.count() / 1000));
        QApplication::exit(2);
    });
    m_timeout.start();
}

void ScreenshotTaker::takeAfter(std::chrono::milliseconds delay) {
    m_scheduled = true;
    m_timeout.stop();
    QTimer::singleShot(delay, this, &ScreenshotTaker::take);
}

void ScreenshotTaker::schedule() {
    if (m_scheduled)
        return;
    m_scheduled = true;
    m_timeout.stop();
    // One event-loop turn: the session finishes its update (detail, charts) and layouts settle.
    QTimer::singleShot(0, this, &ScreenshotTaker::take);
}

void saveScreenshotAndQuit(QWidget *widget, const QString &file) {
    QCoreApplication::sendPostedEvents();
    const QPixmap shot = widget->grab();
    if (!shot.save(file, "PNG")) {
        std::fprintf(stderr, "chaingate: could not write %s\n", qPrintable(file));
        QApplication::exit(1);
        return;
    }
    std::fprintf(stdout, "%s (%dx%d)\n", qPrintable(file), shot.width(), shot.height());
    QApplication::exit(0);
}

void ScreenshotTaker::take() {
    saveScreenshotAndQuit(m_window, m_file);
}

} // namespace cg::ui
