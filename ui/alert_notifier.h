#pragma once
// Shows the AlertCenter's notices as desktop notifications through the system tray
// (QSystemTrayIcon). Where there is no tray (offscreen, a bare X server) they go to the window's
// status bar instead, and a log line says so once. An optional beep (QApplication::beep: Debian's
// Qt here has no QtMultimedia for a sound of our own), kept in the settings.

#include <QObject>
#include <QPointer>

class QAction;
class QMainWindow;
class QSystemTrayIcon;

namespace cg::models {
class AlertCenter;
struct AlertNotice;
} // namespace cg::models

namespace cg::ui {

class AlertNotifier : public QObject {
    Q_OBJECT
public:
    // `persist`: the sound choice is read from and written to QSettings ("alerts/sound").
    AlertNotifier(QMainWindow &window, models::AlertCenter &center, bool persist);

    bool usesTray() const { return m_tray != nullptr; }
    // "Title: body" of the last notice shown (tray or status bar).
    QString lastShown() const { return m_last; }
    int shownCount() const { return m_shown; }
    // The checkable "Sound on alerts" action (the Alerts dock shows it).
    QAction *soundAction() const { return m_sound; }
    void show(const models::AlertNotice &notice);

private:
    QMainWindow &m_window;
    QSystemTrayIcon *m_tray = nullptr;
    QAction *m_sound;
    bool m_persist;
    QString m_last;
    int m_shown = 0;
};

} // namespace cg::ui
