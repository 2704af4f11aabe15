#include "ui/dispatcher_bar.h"

#include "dispatch/kill_switch.h"
#include "models/trading_session.h"
#include "storage/execution_store.h"
#include "ui/flow_layout.h"
#include "ui/risk_meter.h"

#include <QAction>
#include <QButtonGroup>
#include <QCheckBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>

#include <algorithm>

namespace cg::ui {

using models::TradingSession;

namespace {

// The bar's contents: as tall as its wrapped rows need at the width the toolbar gives it, and
// never wider than its widest group, so the toolbar never folds it away.
class WrapBox : public QWidget {
public:
    explicit WrapBox(QWidget *parent)
        : QWidget(parent) {
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    }
    QSize sizeHint() const override { return minimumSizeHint(); }
    QSize minimumSizeHint() const override {
        const QSize min = layout() ? layout()->minimumSize() : QSize();
        return QSize(min.width(), std::max(min.height(), m_height));
    }

protected:
    void resizeEvent(QResizeEvent *event) override {
        QWidget::resizeEvent(event);
        const int h = layout() ? layout()->heightForWidth(width()) : 0;
        if (h != m_height) {
            m_height = h;
            updateGeometry(); // the toolbar row takes the new height
        }
    }

private:
    int m_height = 0;
};

} // namespace

DispatcherBar::DispatcherBar(TradingSession &session, QWidget *parent)
    : QToolBar(tr("Dispatcher"), parent)
    , m_session(session)
    , m_manual(new QToolButton(this))
    , m_auto(new QToolButton(this))
    , m_interval(new QSpinBox(this))
    , m_countdown(new QLabel(this))
    , m_lastRun(new QLabel(this))
    , m_risk(new RiskMeter(this))
    , m_kill(new QToolButton(this))
    , m_killSave(new QLabel(this))
    , m_tick(new QTimer(this)) {
    setObjectName(QStringLiteral("dispatcherToolBar"));
    setMovable(false);
    setFloatable(false);
    // Always visible: the kill switch must never be one click away from hidden.
    toggleViewAction()->setVisible(false);
    m_confirmer = [this](const QString &title, const QString &text, const QString &option,
                         bool *checked) {
        QMessageBox box(QMessageBox::Question, title, text, QMessageBox::Yes | QMessageBox::Cancel,
                        this);
        box.setDefaultButton(QMessageBox::Cancel);
        if (!option.isEmpty())
            box.setCheckBox(new QCheckBox(option, &box));
        const bool yes = box.exec() == QMessageBox::Yes;
        if (checked && box.checkBox())
            *checked = box.checkBox()->isChecked();
        return yes;
    };

    // Every control sits in one box that wraps onto a second row when the window is narrow:
    // a toolbar would fold the end of the bar away behind ">>". The kill switch comes first.
    m_box = new WrapBox(this);
    m_box->setObjectName(QStringLiteral("dispatcherControls"));
    auto *flow = new FlowLayout(m_box, 10, 2);
    flow->setContentsMargins(4, 1, 4, 1);
    const auto group = [this, flow](bool separated) {
        auto *g = new QWidget(m_box);
        auto *row = new QHBoxLayout(g);
        row->setContentsMargins(0, 0, 0, 0);
        row->setSpacing(4);
        if (separated) {
            auto *line = new QFrame(g);
            line->setFrameShape(QFrame::VLine);
            line->setFrameShadow(QFrame::Sunken);
            row->addWidget(line);
        }
        flow->addWidget(g);
        return row;
    };

    m_kill->setObjectName(QStringLiteral("killSwitchButton"));
    m_kill->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_kill->setMinimumWidth(120);
    connect(m_kill, &QToolButton::clicked, this, &DispatcherBar::toggleKillSwitch);
    QHBoxLayout *killRow = group(false);
    killRow->addWidget(m_kill);
    m_killSave->setObjectName(QStringLiteral("killSwitchSaveLabel"));
    m_killSave->setStyleSheet(
        QStringLiteral("QLabel { color: #c62828; font-weight: bold; margin-left: 6px; }"));
    killRow->addWidget(m_killSave);

    QHBoxLayout *modeRow = group(true);
    auto *title = new QLabel(tr("Dispatcher"), m_box);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    modeRow->addWidget(title);

    auto *buttons = new QButtonGroup(this);
    buttons->setExclusive(true);
    for (auto [button, text, name, tip] :
         {std::tuple{m_manual, tr("Manual"), "manualModeButton",
                     tr("Each proposed order waits for your Confirm on an order ticket")},
          std::tuple{m_auto, tr("Auto"), "autoModeButton",
                     tr("Every interval, pending signals are dispatched without a prompt, "
                        "within the risk limits")}}) {
        button->setText(text);
        button->setObjectName(QLatin1String(name));
        button->setToolTip(tip);
        button->setCheckable(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setMinimumWidth(64);
        buttons->addButton(button);
        modeRow->addWidget(button);
    }
    m_manual->setChecked(true);
    connect(m_manual, &QToolButton::clicked, this,
            [this] { m_session.setMode(TradingSession::Mode::Manual); });
    connect(m_auto, &QToolButton::clicked, this, [this] {
        if (m_session.mode() == TradingSession::Mode::Auto)
            return;
        // Like the kill switch: Auto sends orders without a prompt, so it is confirmed. The count
        // runs on the store runner, off the event loop.
        QPointer<DispatcherBar> self(this);
        m_session.pendingSignalCount([self](Result<int> pending) {
            if (self)
                self->confirmAuto(pending);
        });
    });

    QHBoxLayout *timerRow = group(false);
    timerRow->addWidget(new QLabel(tr("every"), m_box));
    m_interval->setObjectName(QStringLiteral("dispatchIntervalSpin"));
    m_interval->setRange(1, 86400); // the setting's range (dispatcher/interval_sec)
    m_interval->setSuffix(tr(" s"));
    m_interval->setKeyboardTracking(false);
    const auto showInterval = [this] {
        const QSignalBlocker blocked(m_interval);
        m_interval->setValue(static_cast<int>(
            std::chrono::duration_cast<std::chrono::seconds>(m_session.interval()).count()));
    };
    showInterval();
    // Settings saved elsewhere set the timer: the box shows what the timer runs at.
    connect(&session, &models::TradingSession::settingsApplied, this, showInterval);
    m_interval->setToolTip(tr("Seconds between two timer runs in Auto mode"));
    connect(m_interval, &QSpinBox::valueChanged, this,
            [this](int s) { m_session.setInterval(std::chrono::seconds(s)); });
    timerRow->addWidget(m_interval);

    m_countdown->setObjectName(QStringLiteral("nextRunLabel"));
    m_countdown->setMinimumWidth(fontMetrics().horizontalAdvance(tr("  timer off (Manual) ")));
    timerRow->addWidget(m_countdown);
    m_lastRun->setObjectName(QStringLiteral("lastRunLabel"));
    m_lastRun->setText(tr("no run yet"));
    group(false)->addWidget(m_lastRun);
    group(true)->addWidget(m_risk);
    addWidget(m_box);

    connect(&session, &TradingSession::modeChanged, this, &DispatcherBar::syncMode);
    connect(&session, &TradingSession::killSwitchChanged, this, &DispatcherBar::syncKillSwitch);
    connect(&session, &TradingSession::riskBudgetChanged, this,
            [this] { m_risk->setBudget(m_session.riskBudget()); });
    connect(&session, &TradingSession::runStarted, this,
            [this] { m_lastRun->setText(tr("running\u2026")); });
    connect(&session, &TradingSession::runFinished, this,
            [this](const QString &text) { m_lastRun->setText(tr("last %1").arg(text)); });
    m_tick->setInterval(250);
    connect(m_tick, &QTimer::timeout, this, &DispatcherBar::updateCountdown);
    m_tick->start();
    m_risk->setBudget(session.riskBudget());
    syncMode();
    syncKillSwitch();
    updateCountdown();
}

void DispatcherBar::syncMode() {
    const bool autoMode = m_session.mode() == TradingSession::Mode::Auto;
    m_auto->setChecked(autoMode);
    m_manual->setChecked(!autoMode);
    const char *on = "QToolButton:checked { background: %1; color: white; font-weight: bold; "
                     "border-radius: 3px; padding: 2px 8px; }";
    m_manual->setStyleSheet(QString::fromLatin1(on).arg(QStringLiteral("#3d6fb6")));
    // Amber dark enough for white text at 5.5:1 (#b8860b read at 3.3:1). The unchecked look is
    // the palette's; applyTheme() polishes these style sheets again after a switch.
    m_auto->setStyleSheet(QString::fromLatin1(on).arg(QStringLiteral("#8a6100")));
    updateCountdown();
}

void DispatcherBar::syncKillSwitch() {
    const KillSwitch &ks = m_session.killSwitch();
    const bool engaged = m_session.killSwitchEngaged();
    if (engaged) {
        m_kill->setText(tr("KILL SWITCH ON"));
        m_kill->setToolTip(
            tr("Kill switch: on for every console on this database (%2)%1: no new orders, "
               "every timer is stopped. Click to release.")
                .arg(ks.reason().isEmpty() ? QString() : tr(", %1").arg(ks.reason()),
                     m_session.store().displayUrl()));
        m_kill->setStyleSheet(
            QStringLiteral("QToolButton { background: #c62828; color: white; font-weight: bold; "
                           "border: 2px solid #ffeb3b; border-radius: 3px; padding: 3px 12px; }"));
    } else {
        m_kill->setText(tr("Kill switch"));
        m_kill->setToolTip(tr("Stop everything at once, on every console on this database "
                              "(%1): timers stop, new orders are refused and ChainGate's open "
                              "orders are cancelled. Survives a restart.")
                               .arg(m_session.store().displayUrl()));
        m_kill->setStyleSheet(QStringLiteral(
            "QToolButton { color: #e53935; font-weight: bold; border: 2px solid #e53935; "
            "border-radius: 3px; padding: 3px 12px; } QToolButton:hover { background: "
            "rgba(229,57,53,40); }"));
    }
    // On here, but a restart or another console would not know: say so until a retry saves it.
    const bool unsaved = engaged && !ks.saved();
    m_killSave->setText(unsaved ? tr("engaged, not saved: %1").arg(ks.saveError()) : QString());
    m_killSave->setToolTip(unsaved ? tr("The kill switch is on in this window, but could not be "
                                        "saved to the database, so a restart or another console "
                                        "would not see it. Saving is retried until it succeeds.")
                                   : QString());
    m_killSave->setVisible(unsaved);
    m_auto->setEnabled(!engaged);
}

void DispatcherBar::toggleKillSwitch() {
    if (!m_session.killSwitchEngaged()) {
        bool allOrders = false;
        if (!m_confirmer(tr("Engage the kill switch?"),
                         tr("On every console on this database (%1): timers stop, no new "
                            "order is sent, and ChainGate's open orders are cancelled. It stays "
                            "on, even after a restart, until you release it.")
                             .arg(m_session.store().displayUrl()),
                         tr("Also cancel every other open order on the account"), &allOrders))
            return;
        m_session.engageKillSwitch(tr("engaged from the console"), allOrders);
        syncKillSwitch();
        return;
    }
    if (!m_confirmer(tr("Release the kill switch?"),
                     tr("Orders may be sent again (Manual tickets you confirm, or Auto if you "
                        "switch it on)."),
                     {}, nullptr))
        return;
    QPointer<DispatcherBar> self(this);
    m_session.releaseKillSwitch([self](Result<Unit> r) {
        if (!self)
            return;
        if (!r)
            QMessageBox::warning(self, tr("Kill switch"),
                                 tr("The kill switch could not be released: %1")
                                     .arg(QString::fromStdString(r.error().message)));
        self->syncKillSwitch();
    });
}

void DispatcherBar::updateCountdown() {
    const qint64 ms = m_session.msToNextRun();
    if (m_session.isRunning()) {
        m_countdown->setText(tr("  running\u2026"));
    } else if (ms < 0) {
        m_countdown->setText(m_session.mode() == TradingSession::Mode::Auto
                                 ? tr("  timer stopped ")
                                 : tr("  timer off (Manual) "));
    } else {
        const qint64 s = (ms + 999) / 1000;
        m_countdown->setText(
            tr("  next run in %1:%2 ").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0')));
    }
}

void DispatcherBar::confirmAuto(const Result<int> &pending) {
    if (m_session.mode() == TradingSession::Mode::Auto)
        return;
    const QString now =
        !pending ? QString()
        : *pending == 1
            ? tr("1 pending signal will be dispatched now, without a ticket.")
            : tr("%1 pending signals will be dispatched now, without a ticket.").arg(*pending);
    const QString text =
        pending ? now
                : tr("The pending signals could not be counted (%1); those waiting will be "
                     "dispatched now, without a ticket.")
                      .arg(QString::fromStdString(pending.error().message));
    const qint64 every =
        std::chrono::duration_cast<std::chrono::seconds>(m_session.interval()).count();
    if (!m_confirmer(tr("Switch to Auto?"),
                     text + QLatin1Char(' ') +
                         tr("Then every %1 s, new signals become orders within the risk "
                            "limits until you switch back to Manual or pull the kill switch.")
                             .arg(every),
                     QString(), nullptr)) {
        m_manual->setChecked(true);
        return;
    }
    m_session.setMode(TradingSession::Mode::Auto);
}

} // namespace cg::ui
