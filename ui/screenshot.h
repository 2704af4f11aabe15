#pragma once
// `chaingate --screenshot FILE`: waits until the window has something to show (the chain's first
// load, or the "not found" / error page), lets it paint once, saves a PNG and quits. Exit code 0
// when saved, 1 when the file could not be written, 2 on timeout.
// saveScreenshotAndQuit is its last step, and --screenshot-ticket's.

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>

class QWidget;

namespace cg::ui {

class MainWindow;

// Grabs `widget` as it is now, saves it to `file` as PNG, prints "FILE (WxH)" (or why not, to
// stderr) and quits the application: exit code 0 when saved, 1 when not.
void saveScreenshotAndQuit(QWidget *widget, const QString &file);

class ScreenshotTaker : public QObject {
    Q_OBJECT
public:
    ScreenshotTaker(MainWindow *window, QString file, std::chrono::milliseconds timeout,
                    QObject *parent = nullptr);
    // Instead of waiting for the chain: the picture at a fixed moment (the loading state).
    void takeAfter(std::chrono::milliseconds delay);

private:
    void schedule();
    void take();

    MainWindow *m_window;
    QString m_file;
    QTimer m_timeout;
    bool m_scheduled = false;
};

} // namespace cg::ui
