#pragma once
// The dispatcher's controls, always visible under the main toolbar: Manual / Auto, the timer
// interval, the countdown to the next run, the last run's result, the risk-budget meter and the
// kill switch, first on the bar (engaging and releasing both ask first; engaged, it shows
// loudly).

#include <QToolBar>

#include <functional>

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
    // Asks the trader; true to go ahead. Tests replace the message box.
    using Confirmer = std::function<bool(const QString &title, const QString &text)>;

    explicit DispatcherBar(models::TradingSession &session, QWidget *parent = nullptr);

    void setConfirmer(Confirmer confirmer) { m_confirmer = std::move(confirmer); }

    QToolButton *manualButton() const { return m_manual; }
    QToolButton *autoButton() const { return m_auto; }
    QSpinBox *intervalBox() const { return m_interval; }
    QLabel *countdownLabel() const { return m_countdown; }
    QLabel *lastRunLabel() const { return m_lastRun; }
    QToolButton *killSwitchButton() const { return m_kill; }
    RiskMeter *riskMeter() const { return m_risk; }

    void toggleKillSwitch();

private:
    void syncMode();
    void syncKillSwitch();
    void updateCountdown();

    models::TradingSession &m_session;
    Confirmer m_confirmer;
    QToolButton *m_manual;
    QToolButton *m_auto;
    QSpinBox *m_interval;
    QLabel *m_countdown;
    QLabel *m_lastRun;
    RiskMeter *m_risk;
    QToolButton *m_kill;
    QTimer *m_tick;
};

} // namespace cg::ui
