#pragma once
// The dispatcher's controls, always visible under the main toolbar (on two rows when the window
// is narrow, never folded away): Manual / Auto, the timer
// interval, the countdown to the next run, the last run's result, the risk-budget meter and the
// kill switch, first on the bar (engaging and releasing both ask first; engaged, it shows
// loudly, and says when the engaged state could not be saved).

#include "domain/result.h"

#include <QToolBar>

#include <functional>

class QAction;
class QLabel;
class QSpinBox;
class QTimer;
class QToolButton;

namespace cg::models {
class TradingSession;
}

namespace cg::ui {

class RiskMeter;

class DispatcherBar : public QToolBar {
    Q_OBJECT
public:
    // Asks the trader; true to go ahead. A non-empty `option` is offered as a check box, its
    // answer written to *checked. Tests replace the message box.
    using Confirmer = std::function<bool(const QString &title, const QString &text,
                                         const QString &option, bool *checked)>;

    explicit DispatcherBar(models::TradingSession &session, QWidget *parent = nullptr);

    void setConfirmer(Confirmer confirmer) { m_confirmer = std::move(confirmer); }

    QToolButton *manualButton() const { return m_manual; }
    QToolButton *autoButton() const { return m_auto; }
    QSpinBox *intervalBox() const { return m_interval; }
    QLabel *countdownLabel() const { return m_countdown; }
    QLabel *lastRunLabel() const { return m_lastRun; }
    QToolButton *killSwitchButton() const { return m_kill; }
    // "engaged, not saved: <reason>" while the store has not got the engaged state; hidden else.
    QLabel *killSwitchSaveLabel() const { return m_killSave; }
    RiskMeter *riskMeter() const { return m_risk; }

    void toggleKillSwitch();

private:
    void syncMode();
    void syncKillSwitch();
    void updateCountdown();
    // Asks the trader to confirm Auto, with the pending signals counted (or why not).
    void confirmAuto(const Result<int> &pending);

    models::TradingSession &m_session;
    Confirmer m_confirmer;
    QToolButton *m_manual;
    QToolButton *m_auto;
    QSpinBox *m_interval;
    QLabel *m_countdown;
    QLabel *m_lastRun;
    RiskMeter *m_risk;
    QToolButton *m_kill;
    QLabel *m_killSave;
    QWidget *m_box = nullptr; // every control, wrapping onto a second row when narrow
    QTimer *m_tick;
};

} // namespace cg::ui
