#include "ui/alert_notifier.h"

#include "models/alert_center.h"
#include "ui/log.h"

#include <QAction>
#include <QApplication>
#include <QMainWindow>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>

namespace cg::ui {

AlertNotifier::AlertNotifier(QMainWindow &window, models::AlertCenter &center, bool persist)
    : QObject(&window)
    , m_window(window)
    , m_sound(new QAction(tr("Sound on alerts"), this))
    , m_persist(persist) {
    m_sound->setObjectName(QStringLiteral("alertSoundAction"));
    m_sound->setCheckable(true);
    m_sound->setChecked(persist && QSettings().value(QStringLiteral("alerts/sound")).toBool());
    connect(m_sound, &QAction::toggled, this, [this](bool on) {
        if (m_persist)
            QSettings().setValue(QStringLiteral("alerts/sound"), on);
    });
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        QIcon icon = QApplication::windowIcon();
        if (icon.isNull())
            icon = window.style()->standardIcon(QStyle::SP_MessageBoxInformation);
        m_tray = new QSystemTrayIcon(icon, this);
        m_tray->setToolTip(QStringLiteral("ChainGate"));
        m_tray->show();
        connect(m_tray, &QSystemTrayIcon::messageClicked, &window, [&window] {
            window.showNormal();
            window.raise();
            window.activateWindow();
        });
    } else {
        qCInfo(lcUi) << "no system tray available: alerts are shown in the status bar";
    }
    connect(&center, &models::AlertCenter::notice, this, &AlertNotifier::show);
}

void AlertNotifier::show(const models::AlertNotice &notice) {
    using models::AlertKind;
    m_last = tr("%1: %2").arg(notice.title, notice.body);
    ++m_shown;
    if (m_tray) {
        const bool warn = notice.kind == AlertKind::Rejection ||
                          notice.kind == AlertKind::KillSwitch ||
                          notice.kind == AlertKind::StreamLost;
        m_tray->showMessage(notice.title, notice.body,
                            warn ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information, 8000);
    } else {
        m_window.statusBar()->showMessage(m_last, 10000);
    }
    if (m_sound->isChecked())
        QApplication::beep();
}

} // namespace cg::ui
