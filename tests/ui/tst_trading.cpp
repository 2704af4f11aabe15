// The trading workflow in the window, offscreen, against the fake Alpaca server on loopback (the
// real client, a simulated market at a fixed instant) and a real SQLite store: add a signal,
// dispatch it, confirm or reject the ticket, let it expire, the timer in Auto mode, the kill
// switch (and its survival across a new session), Ctrl+T.

#include "alpaca/alpaca_client.h"
#include "dispatch/confirmation_queue.h"
#include "dispatch/kill_switch.h"
#include "fake_alpaca/demo_credentials.h"
#include "fake_alpaca/fake_alpaca_server.h"
#include "market/simulated_market.h"
#include "models/chain_session.h"
#include "models/signals_model.h"
#include "models/ticket_figures.h"
#include "models/trading_session.h"
#include "storage/execution_store.h"
#include "support/demo_client_config.h"
#include "ui/dispatcher_bar.h"
#include "ui/main_window.h"
#include "ui/risk_meter.h"
#include "ui/signals_panel.h"
#include "ui/tick_spin_box.h"
#include "ui/ticket_dialog.h"
#include "ui/trading_docks.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <cmath>
#include <memory>

using namespace cg;
using namespace cg::models;
using namespace cg::ui;
using namespace std::chrono;

namespace {

// 2026-01-28 10:30 New York, a Wednesday: the market is open.
Timestamp seedNow() {
    return time_point_cast<milliseconds>(sys_days{2026y / January / 28} + 15h + 30min);
}

// Enum values compared by their names, so a failure prints "CLAIMED" vs "PENDING".
template <class E> QString nameOf(E e) {
    const auto n = toString(e);
    return QString::fromLatin1(n.data(), static_cast<qsizetype>(n.size()));
}

// CHAINGATE_TEST_SHOTS=DIR saves pictures of the states a test reaches (to look at them).
void shot(QWidget *w, const char *name) {
    const QString dir = qEnvironmentVariable("CHAINGATE_TEST_SHOTS");
    if (!dir.isEmpty())
        w->grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
}

constexpr int kWait = 20000; // generous for a loaded machine and sanitizers; usually < 1 s

struct Rig {
    QTemporaryDir dir;
    FixedClock clock{seedNow()};
    market::SimulatedMarket market{seedNow()};
    fake::FakeAlpacaServer server{&market};
    std::unique_ptr<alpaca::AlpacaClient> client;
    std::unique_ptr<ExecutionStore> store;
    std::unique_ptr<TradingSession> session;
    std::unique_ptr<ChainSession> chain;
    std::unique_ptr<MainWindow> window;
    TradingDocks *docks = nullptr;

    Rig() {
        server.setClock(&clock);
        server.setFillInterval(milliseconds{10});
        if (!server.listen())
            qFatal("fake server did not listen: %s", qPrintable(server.errorString()));
        const alpaca::AlpacaConfig c = test::demoClientConfig(server.baseUrl(), 5000);
        client = std::make_unique<alpaca::AlpacaClient>(c);
        openStore();
        openSession();
    }
    ~Rig() { closeSession(); }

    QString dbUrl() const {
        return QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("t.db"));
    }
    void openStore() {
        store = std::make_unique<ExecutionStore>();
        if (auto r = store->open(dbUrl()); !r)
            qFatal("store: %s", r.error().message.c_str());
    }
    void openSession() {
        TradingSession::Options o;
        o.orderMode = ExecutionMode::AlpacaPaper; // the fake server stands for the paper endpoint
        o.settings.orderPollIntervalMs = 20;
        o.signalPollMs = 60000;
        o.accountPollMs = 60000;
        session = std::make_unique<TradingSession>(*client, *client, *store, clock, o);
        if (auto r = session->start(); !r)
            qFatal("session: %s", r.error().message.c_str());
        MainWindow::Options wo;
        wo.persist = false;
        chain = std::make_unique<ChainSession>(*client, clock);
        window = std::make_unique<MainWindow>(*chain, clock, TradingMode::Paper, wo);
        docks = installTradingDocks(*window, *session);
        docks->dispatcherBar()->setConfirmer(
            [](const QString &, const QString &, const QString &, bool *) { return true; });
        window->show();
    }
    void closeSession() {
        window.reset(); // its docks and tickets refer to the session
        chain.reset();
        session.reset();
    }

    // TradingSession::addSignal's answer (at once: this session's store runner is inline).
    Result<qint64> queueSignal(const QString &symbol, SignalAction action, Strategy strategy) {
        Result<qint64> out = Error::make("no answer");
        session->addSignal(symbol, action, strategy, std::nullopt,
                           [&out](Result<qint64> r) { out = std::move(r); });
        return out;
    }
    qint64 addSignal(const QString &symbol = QStringLiteral("SPY"), int action = 0) {
        SignalsPanel *panel = docks->signalsPanel();
        panel->symbolEdit()->clear();
        QTest::keyClicks(panel->symbolEdit(), symbol);
        panel->actionCombo()->setCurrentIndex(action);
        panel->strategyCombo()->setCurrentIndex(0); // day_trade
        QTest::mouseClick(panel->addButton(), Qt::LeftButton);
        return panel->selectedSignalId();
    }
    TicketDialog *dispatchToTicket(qint64 id) {
        SignalsPanel *panel = docks->signalsPanel();
        if (!panel->selectSignal(id) || !panel->dispatchButton()->isEnabled())
            return nullptr;
        QTest::mouseClick(panel->dispatchButton(), Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return !docks->openTickets().isEmpty(); }, kWait))
            return nullptr;
        return docks->openTickets().first();
    }
    std::optional<SignalRow> row(qint64 id) { return session->signalsModel()->row(id); }
    std::vector<ExecutionRecord> executions() { return store->records().executions({}).value(); }
    int ordersFor(const std::string &cid) {
        int n = 0;
        for (const auto &o : market.orders())
            n += o.clientOrderId == cid;
        return n;
    }
};

} // namespace

class TestTrading : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // A stock ticket's stop starts beyond its price, on the side it protects: the stop a buy
    // ticket offers is never one the ticket warns would trigger at once (it started at the price).
    void stockStopStartsBeyondThePrice() {
        Rig rig;
        const qint64 id = rig.addSignal(QStringLiteral("SPY"), 2); // BUY: the stock
        QVERIFY(id > 0);
        TicketDialog *t = rig.dispatchToTicket(id);
        QVERIFY(t);
        const double price = t->limitBox()->value(); // the stock's price, proposed as the limit
        QVERIFY(price > 0.0);
        t->typeBox()->setCurrentIndex(t->typeBox()->findData(int(OrderType::Stop)));
        QVERIFY2(t->stopBox()->value() > price, qPrintable(QString::number(t->stopBox()->value())));
        QVERIFY2(!t->warningLabel()->text().contains(QLatin1String("trigger at once")),
                 qPrintable(t->warningLabel()->text()));
        t->stopBox()->setValue(price); // at the price: said
        QVERIFY(t->warningLabel()->text().contains(QLatin1String("trigger at once")));
    }

    void manualFlowSignalTicketConfirmOrderRecord() {
        Rig rig;
        const qint64 id = rig.addSignal();
        QVERIFY(id > 0);
        QCOMPARE(nameOf(rig.row(id)->signal.status), nameOf(SignalStatus::Pending));
        QCOMPARE(rig.row(id)->signal.source, std::string("ui"));

        TicketDialog *t = rig.dispatchToTicket(id);
        QVERIFY(t);
        QCOMPARE(t->state(), TicketDialog::State::Waiting);
        // No default button: Enter in a field neither rejects nor sends.
        QVERIFY(!t->rejectButton()->isDefault());
        QVERIFY(!t->confirmButton()->isDefault());
        QVERIFY(t->countdownLabel()->text().contains(QStringLiteral("2:00")));
        QVERIFY(t->costLabel()->text().startsWith(QLatin1Char('$')));
        for (int i = 0; i < 5; ++i)
            QVERIFY(
                !t->findChild<QLabel *>(QStringLiteral("ticketGate%1").arg(i))->text().isEmpty());
        QVERIFY(t->findChild<QLabel *>(QStringLiteral("ticketUnderlying"))
                    ->text()
                    .startsWith(QStringLiteral("SPY ")));
        // While the ticket waits, the signal is claimed.
        QTRY_COMPARE_WITH_TIMEOUT(nameOf(rig.row(id)->signal.status), nameOf(SignalStatus::Claimed),
                                  kWait);

        // The limit is shown beside the quantity (held at Confirm, never clamped silently); the
        // trader asks for 2.
        QVERIFY2(t->findChild<QLabel *>(QStringLiteral("ticketQtyLimit"))
                     ->text()
                     .startsWith(QStringLiteral("max ")),
                 "the maximum is shown");
        t->quantityBox()->setValue(2);
        QTest::mouseClick(t->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(t->state() != TicketDialog::State::Confirming, kWait);
        QVERIFY2(t->state() == TicketDialog::State::Sent, qPrintable(t->resultLabel()->text()));
        QVERIFY(t->resultLabel()->text().contains(QStringLiteral("Order sent")));
        shot(t, "ticket_sent");

        const auto recs = rig.executions();
        QCOMPARE(recs.size(), size_t(1));
        const ExecutionRecord &r = recs.front();
        QCOMPARE(nameOf(r.mode), nameOf(ExecutionMode::AlpacaPaper));
        QCOMPARE(r.signalId.value_or(0), id);
        QCOMPARE(r.qty.value_or(0), 2);
        QVERIFY(!r.orderId.empty());
        QCOMPARE(rig.ordersFor(r.clientOrderId), 1); // exactly one order on the server
        QCOMPARE(rig.market.orderByClientOrderId(r.clientOrderId)->qty, 2.0);

        // The signal is done with its decision, and the panel shows it.
        QTRY_COMPARE_WITH_TIMEOUT(nameOf(rig.row(id)->signal.status), nameOf(SignalStatus::Done),
                                  kWait);
        QCOMPARE(rig.row(id)->signal.executionId.value_or(0), r.id);
        const int row = rig.session->signalsModel()->rowOf(id);
        QCOMPARE(
            rig.session->signalsModel()->index(row, SignalsModel::ModeColumn).data().toString(),
            QStringLiteral("Alpaca paper"));
        // The fill reaches the record and the signal list (simulated time moves on: a limit at
        // mid fills after a while).
        QVERIFY(QTest::qWaitFor(
            [&] {
                rig.clock.advance(milliseconds(200));
                return rig.executions().front().orderStatus == "filled";
            },
            kWait));
        QTRY_VERIFY_WITH_TIMEOUT(rig.row(id)->execution->orderStatus == "filled", kWait);
        // The risk meter counts it.
        QTRY_COMPARE_WITH_TIMEOUT(rig.session->riskBudget().ordersToday, 1, kWait);
        QTRY_VERIFY_WITH_TIMEOUT(
            rig.docks->dispatcherBar()->riskMeter()->ordersLabel()->text().contains(
                QStringLiteral("Orders 1 / 20")),
            kWait);
        QVERIFY(!rig.docks->signalsPanel()->dispatchButton()->isEnabled()); // done: not again
        shot(rig.window.get(), "window_after_order");
        QVERIFY(!rig.session->dispatchSignal(id));
    }

    // Enter in a ticket field commits the field and nothing else: it neither rejects (and uses
    // up the signal) nor sends. Esc still rejects.
    void enterInATicketFieldNeverRejects() {
        Rig rig;
        const qint64 id = rig.addSignal(QStringLiteral("SPY"), 1); // PUT
        TicketDialog *t = rig.dispatchToTicket(id);
        QVERIFY(t);
        QPointer<TicketDialog> guard(t);
        t->activateWindow();
        t->limitBox()->setFocus();
        QTest::keyClick(t->limitBox(), Qt::Key_Return);
        QTest::keyClick(t->quantityBox(), Qt::Key_Enter);
        QTest::keyClick(t, Qt::Key_Return);
        QTest::qWait(200);
        QVERIFY(guard);
        QCOMPARE(t->state(), TicketDialog::State::Waiting);
        QVERIFY(rig.executions().empty());
        QVERIFY(rig.market.orders().empty());
        QTest::keyClick(t, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!guard, kWait); // closed and deleted
        const auto recs = rig.executions();
        QCOMPARE(recs.size(), size_t(1));
        QCOMPARE(nameOf(recs.front().mode), nameOf(ExecutionMode::RejectedByUser));
        QCOMPARE(recs.front().signalId.value_or(0), id);
        QVERIFY(rig.market.orders().empty());
        QTRY_COMPARE_WITH_TIMEOUT(nameOf(rig.row(id)->signal.status), nameOf(SignalStatus::Done),
                                  kWait);
        // The list says what happened in words: rejected, not "DONE" and REJECTED_BY_USER.
        SignalsModel *signalsModel = rig.session->signalsModel();
        const int row = signalsModel->rowOf(id);
        QTRY_COMPARE_WITH_TIMEOUT(
            signalsModel->index(row, SignalsModel::StatusColumn).data().toString(),
            QStringLiteral("Rejected"), kWait);
        QCOMPARE(signalsModel->index(row, SignalsModel::ModeColumn).data().toString(),
                 QStringLiteral("Rejected by user"));
        QCOMPARE(signalsModel->countRejected(), 1);
        QCOMPARE(signalsModel->countWithStatus(SignalStatus::Done), 0);
    }

    // Fat-finger: a limit far through the market is shown as a warning while typing, held at
    // Confirm with the reason, and sent only after the deliberate override.
    void fatFingerLimitNeedsTheOverride() {
        Rig rig;
        const qint64 id = rig.addSignal();
        TicketDialog *t = rig.dispatchToTicket(id);
        QVERIFY(t);
        const double shown = t->limitBox()->value();
        QVERIFY(shown > 0.0);
        t->quantityBox()->setValue(1);
        t->limitBox()->setValue(std::round(shown * 3.0 * 20.0) / 20.0 + 1.0);
        const double typed = t->limitBox()->value();
        QVERIFY2(t->warningLabel()->text().contains(QStringLiteral("through the market")),
                 qPrintable(t->warningLabel()->text()));
        QVERIFY(t->overrideBox()->isHidden());
        QTest::mouseClick(t->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(t->overrideBox()->isVisible(), kWait);
        QCOMPARE(t->state(), TicketDialog::State::Waiting);
        QVERIFY2(t->resultLabel()->text().startsWith(QStringLiteral("Not sent.")),
                 qPrintable(t->resultLabel()->text()));
        QVERIFY(rig.market.orders().empty());
        QCOMPARE(t->limitBox()->value(), typed); // what the trader typed stays
        shot(t, "ticket_precaution_held");
        // The override is for the figures it was given for: another quantity is checked afresh.
        t->overrideBox()->setChecked(true);
        t->quantityBox()->setValue(2);
        QVERIFY(t->overrideBox()->isHidden());
        QVERIFY(!t->overrideBox()->isChecked());
        t->quantityBox()->setValue(1);
        QTest::mouseClick(t->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(t->overrideBox()->isVisible(), kWait);
        QVERIFY(rig.market.orders().empty());
        t->overrideBox()->setChecked(true);
        QTest::mouseClick(t->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(t->state() == TicketDialog::State::Sent,
                                  qPrintable(t->resultLabel()->text()), kWait);
        QCOMPARE(rig.market.orders().size(), size_t(1));
        QCOMPARE(*rig.market.orders().front().limitPrice, typed);
        QCOMPARE(rig.market.orders().front().qty, 1.0);
    }

    // The order went out but its answer was lost, and it cannot be found by its client order id
    // yet: the ticket says it was sent and may be working, never "Not sent" (a trader would send
    // it again), and the error is shown.
    void anOrderWhoseAnswerWasLostIsNotShownAsNotSent() {
        Rig rig;
        const qint64 id = rig.addSignal();
        TicketDialog *t = rig.dispatchToTicket(id);
        QVERIFY(t);
        fake::FaultSpec drop;
        drop.dropOrderResponses = 1;
        rig.server.setFaults(drop);
        // Once the order is in, its lookups by client order id fail too (the check before the
        // send passed).
        QObject::connect(&rig.server, &fake::FakeAlpacaServer::requestServed, &rig.server,
                         [&rig](const QString &method, const QString &path, int) {
                             if (method != QLatin1String("POST") ||
                                 path != QLatin1String("/v2/orders"))
                                 return;
                             fake::FaultSpec lookups;
                             lookups.errors500 = 100;
                             lookups.pathPrefix = QStringLiteral("/v2/orders:");
                             rig.server.setFaults(lookups);
                         });
        QTest::mouseClick(t->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(t->state() != TicketDialog::State::Confirming, kWait);
        rig.server.setFaults({});
        const QString text = t->resultLabel()->text();
        QVERIFY2(t->state() == TicketDialog::State::Sent, qPrintable(text));
        QVERIFY2(text.startsWith(QStringLiteral("Sent, state unknown: ")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("do not send it again")), qPrintable(text));
        QCOMPARE(rig.market.orders().size(), size_t(1)); // it did arrive
        shot(t, "ticket_state_unknown");
    }

    // Settings saved elsewhere set the timer's interval: the bar's box shows what the timer runs
    // at, over the setting's whole range (it kept its old value and could not show 2 s).
    void theIntervalBoxFollowsTheSettings() {
        Rig rig;
        auto *box = rig.docks->dispatcherBar()->findChild<QSpinBox *>(
            QStringLiteral("dispatchIntervalSpin"));
        QVERIFY(box);
        DispatcherSettings s = rig.session->settings();
        s.timerIntervalSec = 2;
        rig.session->setSettings(s);
        QCOMPARE(box->value(), 2);
        QCOMPARE(rig.session->interval(), std::chrono::milliseconds(2000));
        s.timerIntervalSec = 7200;
        rig.session->setSettings(s);
        QCOMPARE(box->value(), 7200);
    }

    // A typed quantity above the maximum is held with the reason, never silently clamped.
    void typedQuantityAboveTheMaximumIsHeld() {
        Rig rig;
        const qint64 id = rig.addSignal();
        TicketDialog *t = rig.dispatchToTicket(id);
        QVERIFY(t);
        t->quantityBox()->setValue(50);
        QCOMPARE(t->quantityBox()->value(), 50);
        QVERIFY2(t->warningLabel()->text().contains(QStringLiteral("Above the limit")),
                 qPrintable(t->warningLabel()->text()));
        QTest::mouseClick(t->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(t->resultLabel()->text().startsWith(QStringLiteral("Not sent.")),
                                 kWait);
        QVERIFY2(t->resultLabel()->text().contains(QStringLiteral("above the limit of 10")),
                 qPrintable(t->resultLabel()->text()));
        QCOMPARE(t->state(), TicketDialog::State::Waiting);
        QCOMPARE(t->quantityBox()->value(), 50); // the hold names the limit; it sets nothing
        QVERIFY(t->overrideBox()->isHidden());   // a hard limit: no override
        QVERIFY(rig.market.orders().empty());
        QVERIFY(rig.executions().empty());
    }

    void ticketExpiresWithVisibleCountdown() {
        Rig rig;
        const qint64 id = rig.addSignal();
        TicketDialog *t = rig.dispatchToTicket(id);
        QVERIFY(t);
        rig.clock.advance(seconds{90});
        QTRY_VERIFY_WITH_TIMEOUT(t->countdownLabel()->text().contains(QStringLiteral("0:30")),
                                 kWait);
        rig.clock.advance(seconds{31});
        QCOMPARE(rig.session->queue().expireStale(), 1); // the queue's 1 s timer does this
        QCOMPARE(t->state(), TicketDialog::State::Expired);
        QVERIFY(t->confirmButton()->isHidden());
        QVERIFY(t->resultLabel()->text().contains(QStringLiteral("Expired")));
        shot(t, "ticket_expired");
        const auto recs = rig.executions();
        QCOMPARE(recs.size(), size_t(1));
        QCOMPARE(nameOf(recs.front().mode), nameOf(ExecutionMode::RejectedByUser));
        QVERIFY(recs.front().fallbackReason.find("expired") != std::string::npos);
        // The ticket said beforehand what the record now says, in the trader's words (the
        // record keeps REJECTED_BY_USER; the ticket says "not sent").
        const QString reason = QString::fromStdString(recs.front().fallbackReason);
        const QString howTo = t->findChild<QLabel *>(QStringLiteral("ticketHowTo"))->text();
        QVERIFY2(howTo.contains(QStringLiteral("not confirmed in time: \"%1\"").arg(reason)) &&
                     !howTo.contains(QLatin1String("SIMULATED_FALLBACK")) &&
                     !howTo.contains(QLatin1String("REJECTED_BY_USER")),
                 qPrintable(howTo));
        QVERIFY2(t->resultLabel()->text().contains(QStringLiteral("Not sent: %1").arg(reason)) &&
                     !t->resultLabel()->text().contains(QLatin1String("SIMULATED_FALLBACK")),
                 qPrintable(t->resultLabel()->text()));
        QVERIFY(rig.market.orders().empty());
        QTRY_COMPARE_WITH_TIMEOUT(nameOf(rig.row(id)->signal.status), nameOf(SignalStatus::Done),
                                  kWait);
    }

    void autoModeTimerDispatchesPendingSignal() {
        Rig rig;
        DispatcherBar *bar = rig.docks->dispatcherBar();
        rig.session->setInterval(milliseconds{150});
        QStringList runs; // the label shows the last run only, and runs come every 150 ms
        connect(rig.session.get(), &TradingSession::runFinished, this,
                [&runs](const QString &text) { runs << text; });
        // Switching to Auto asks first, saying how many signals it dispatches at once.
        rig.addSignal();
        QString asked;
        bar->setConfirmer([&asked](const QString &, const QString &text, const QString &, bool *) {
            asked = text;
            return false;
        });
        QTest::mouseClick(bar->autoButton(), Qt::LeftButton);
        QVERIFY2(asked.contains(QStringLiteral("1 pending signal will be dispatched now")),
                 qPrintable(asked));
        QCOMPARE(rig.session->mode(), TradingSession::Mode::Manual);
        QVERIFY(bar->manualButton()->isChecked());
        QVERIFY(rig.executions().empty());
        bar->setConfirmer(
            [](const QString &, const QString &, const QString &, bool *) { return true; });
        QTest::mouseClick(bar->autoButton(), Qt::LeftButton);
        QCOMPARE(rig.session->mode(), TradingSession::Mode::Auto);
        QVERIFY(bar->autoButton()->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(bar->countdownLabel()->text().contains(QStringLiteral("next run")),
                                 kWait);
        // Added after the first run: only the timer can pick it up.
        QTRY_VERIFY_WITH_TIMEOUT(!rig.session->isRunning(), kWait);
        const qint64 id = rig.addSignal();
        QTRY_COMPARE_WITH_TIMEOUT(nameOf(rig.row(id)->signal.status), nameOf(SignalStatus::Done),
                                  kWait);
        QVERIFY(rig.docks->openTickets().isEmpty()); // no prompt
        const auto recs = rig.executions();
        QCOMPARE(recs.size(), size_t(2)); // the pending one at once, this one by the timer
        for (const auto &r : recs) {
            QCOMPARE(nameOf(r.mode), nameOf(ExecutionMode::AlpacaPaper));
            QCOMPARE(rig.ordersFor(r.clientOrderId), 1);
        }
        QCOMPARE(rig.row(id)->signal.claimedBy, rig.session->dispatcherId());
        QTRY_VERIFY_WITH_TIMEOUT(
            !runs.filter(QStringLiteral("1 dispatched")).isEmpty() ||
                bar->lastRunLabel()->text().contains(QStringLiteral("1 dispatched")),
            kWait);
        QTest::mouseClick(bar->manualButton(), Qt::LeftButton);
        QCOMPARE(rig.session->mode(), TradingSession::Mode::Manual);
        QCOMPARE(rig.session->msToNextRun(), qint64(-1));
    }

    void killSwitchStopsAutoRefusesOrdersAndSurvivesRestart() {
        Rig rig;
        DispatcherBar *bar = rig.docks->dispatcherBar();
        rig.session->setInterval(milliseconds{150});
        QVERIFY(rig.session->setMode(TradingSession::Mode::Auto));
        // A ticket waiting when the switch is pulled.
        const qint64 waiting = rig.addSignal();
        QTRY_COMPARE_WITH_TIMEOUT(nameOf(rig.row(waiting)->signal.status),
                                  nameOf(SignalStatus::Done), kWait);
        QVERIFY(rig.session->setMode(TradingSession::Mode::Manual));
        const qint64 ticketSignal = rig.addSignal();
        TicketDialog *t = rig.dispatchToTicket(ticketSignal);
        QVERIFY(t);
        QVERIFY(rig.session->setMode(TradingSession::Mode::Auto));

        QTest::mouseClick(bar->killSwitchButton(), Qt::LeftButton); // confirmer says yes
        QVERIFY(rig.session->killSwitchEngaged());
        QVERIFY(bar->killSwitchButton()->text().contains(QStringLiteral("KILL SWITCH ON")));
        QCOMPARE(rig.session->mode(), TradingSession::Mode::Manual); // the timer stopped
        QVERIFY(!bar->autoButton()->isEnabled());
        QVERIFY(!rig.session->setMode(TradingSession::Mode::Auto));

        // The waiting ticket is refused on Confirm; a new signal makes no ticket and no order.
        const std::size_t ordersBefore = rig.market.orders().size();
        QTest::mouseClick(t->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(t->state() != TicketDialog::State::Confirming, kWait);
        QCOMPARE(t->state(), TicketDialog::State::Refused);
        QVERIFY(t->resultLabel()->text().contains(QStringLiteral("ill switch")));
        shot(t, "ticket_refused");
        shot(rig.window.get(), "window_kill_switch");
        const qint64 refused = rig.addSignal();
        QVERIFY(rig.session->dispatchSignal(refused));
        QTRY_COMPARE_WITH_TIMEOUT(nameOf(rig.row(refused)->signal.status),
                                  nameOf(SignalStatus::Done), kWait);
        QCOMPARE(nameOf(rig.row(refused)->execution->mode),
                 nameOf(ExecutionMode::SimulatedFallback));
        QVERIFY(rig.row(refused)->execution->fallbackReason.find("ill switch") !=
                std::string::npos);
        QCOMPARE(rig.market.orders().size(), ordersBefore);

        // A new session on the same database finds it engaged.
        rig.closeSession();
        rig.store.reset();
        rig.openStore();
        rig.openSession();
        QVERIFY(rig.session->killSwitchEngaged());
        QVERIFY(rig.docks->dispatcherBar()->killSwitchButton()->text().contains(
            QStringLiteral("KILL SWITCH ON")));
        QVERIFY(!rig.session->setMode(TradingSession::Mode::Auto));
        // Released (the confirmer says yes), it stays released for the next session.
        QTest::mouseClick(rig.docks->dispatcherBar()->killSwitchButton(), Qt::LeftButton);
        QVERIFY(!rig.session->killSwitchEngaged());
        rig.closeSession();
        rig.openSession();
        QVERIFY(!rig.session->killSwitchEngaged());
    }

    // The store refuses the engaged state: the bar says "engaged, not saved: <reason>", a
    // re-read of the store's "off" does not release it, and the label goes when a retry saves.
    void killSwitchNotSavedSaysSoUntilARetrySavesIt() {
        bool failing = true;
        std::optional<std::string> stored = "off";
        std::function<void()> retry;
        Rig rig;
        DispatcherBar *bar = rig.docks->dispatcherBar();
        KillSwitch &ks = rig.session->killSwitch();
        QVERIFY(!bar->killSwitchSaveLabel()->isVisible());
        ks.setPersistence(
            KillSwitchPersistence{[&]() -> Result<std::optional<std::string>> { return stored; },
                                  [&](const std::string &v) -> Result<Unit> {
                                      if (failing)
                                          return Error::make("database is locked");
                                      stored = v;
                                      return Unit{};
                                  }});
        ks.setRetryTimer([&](milliseconds, std::function<void()> r) { retry = std::move(r); });

        QTest::mouseClick(bar->killSwitchButton(), Qt::LeftButton); // confirmer says yes
        QVERIFY(rig.session->killSwitchEngaged());
        QVERIFY(bar->killSwitchButton()->text().contains(QStringLiteral("KILL SWITCH ON")));
        // The toolbar lays its widgets out on the next turn of the event loop.
        QTRY_VERIFY_WITH_TIMEOUT(bar->killSwitchSaveLabel()->isVisible(), kWait);
        QCOMPARE(bar->killSwitchSaveLabel()->text(),
                 QStringLiteral("engaged, not saved: database is locked"));
        shot(bar, "kill_switch_not_saved");
        QVERIFY(ks.refresh());
        QVERIFY(rig.session->killSwitchEngaged());
        QVERIFY(!rig.session->setMode(TradingSession::Mode::Auto));
        QVERIFY(retry);

        failing = false;
        retry();
        QTRY_VERIFY_WITH_TIMEOUT(!bar->killSwitchSaveLabel()->isVisible(), kWait);
        QCOMPARE(*stored, std::string("on: engaged from the console"));
        QVERIFY(rig.session->killSwitchEngaged());
    }

    // The confirmation offers to cancel the account's other orders too; unticked, an order placed
    // outside ChainGate stays open, ticked it is cancelled.
    void killSwitchCancelsOtherOrdersOnlyWhenAsked() {
        Rig rig;
        DispatcherBar *bar = rig.docks->dispatcherBar();
        market::OrderSubmission byHand;
        byHand.symbol = "SPY";
        byHand.qty = "1";
        byHand.side = "buy";
        byHand.type = "limit";
        byHand.limitPrice = "1.00"; // far below the market: stays open
        byHand.timeInForce = "day";
        byHand.clientOrderId = "placed-by-hand";
        QVERIFY(rig.market.submitOrder(byHand));
        const auto statusByHand = [&] {
            return rig.market.orderByClientOrderId("placed-by-hand")->status;
        };
        QVERIFY(statusByHand() != "canceled");

        bool tick = false;
        QString offered;
        bar->setConfirmer(
            [&](const QString &, const QString &, const QString &option, bool *checked) {
                if (checked) {
                    offered = option;
                    *checked = tick;
                }
                return true;
            });
        QSignalSpy swept(&rig.session->killSwitch(), &KillSwitch::openOrdersCancelled);
        QTest::mouseClick(bar->killSwitchButton(), Qt::LeftButton);
        QVERIFY(offered.contains(QStringLiteral("every other open order")));
        QTRY_COMPARE_WITH_TIMEOUT(swept.size(), 1, kWait);
        QCOMPARE(swept.first().first().toInt(), 0);
        QVERIFY(statusByHand() != "canceled");

        QTest::mouseClick(bar->killSwitchButton(), Qt::LeftButton); // released
        QVERIFY(!rig.session->killSwitchEngaged());
        tick = true;
        QTest::mouseClick(bar->killSwitchButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(swept.size(), 2, kWait);
        QCOMPARE(swept.last().first().toInt(), 1);
        QCOMPARE(statusByHand(), std::string("canceled"));
    }

    void ctrlTProposesTheContractsSideAndClaimsById() {
        Rig rig;
        Q_EMIT rig.window->ticketRequested(QStringLiteral("SPY260130P00690000"));
        QTRY_VERIFY_WITH_TIMEOUT(!rig.docks->openTickets().isEmpty(), kWait);
        TicketDialog *t = rig.docks->openTickets().first();
        const qint64 signal = rig.session->signalOfTicket(t->ticketId());
        QVERIFY(signal > 0);
        const auto r = rig.row(signal);
        QVERIFY(r);
        QCOMPARE(nameOf(r->signal.action), nameOf(SignalAction::Put));
        QCOMPARE(r->signal.symbol, std::string("SPY"));
        QCOMPARE(r->signal.claimedBy, rig.session->ticketClaimId());
        QVERIFY(r->signal.claimedBy != rig.session->dispatcherId()); // never the timer's own
        // The store's claim by id is atomic: a claimed signal cannot be claimed again.
        QCOMPARE(rig.store->signals().claim(signal, "other").value(), false);
        const qint64 other =
            rig.queueSignal(QStringLiteral("QQQ"), SignalAction::Call, Strategy::Swing).value();
        QCOMPARE(rig.store->signals().claim(other, "other").value(), true);
        QVERIFY(!rig.session->dispatchSignal(other)); // taken by another dispatcher
        // A ticket's claim outlives a crashed console: the next session puts it back.
        const qint64 orphan =
            rig.queueSignal(QStringLiteral("IWM"), SignalAction::Put, Strategy::DayTrade).value();
        // A holder of this machine (its instance) whose pid no longer runs.
        QStringList holder = QString::fromStdString(rig.session->ticketClaimId()).split('/');
        QCOMPARE(holder.size(), 4);
        holder[2] = QStringLiteral("999999999");
        const std::string dead = holder.join('/').toStdString();
        QCOMPARE(rig.store->signals().claim(orphan, dead).value(), true);
        rig.closeSession();
        rig.openSession();
        QCOMPARE(nameOf(rig.row(orphan)->signal.status), nameOf(SignalStatus::Pending));
        QCOMPARE(nameOf(rig.row(other)->signal.status), nameOf(SignalStatus::Claimed));
        QVERIFY(!rig.queueSignal(QStringLiteral("no way"), SignalAction::Call, Strategy::Swing));
    }

    void ticketFiguresAndTicksHoldToTheLimits() {
        Decision d;
        d.signal.action = SignalAction::Call;
        d.contract = OptionContract{};
        d.contract->multiplier = 100.0;
        d.equity = 100000.0;
        d.optionsBuyingPower = 3000.0;
        d.sizing = SizingResult{};
        d.sizing->budget = 5000.0;
        d.order = OrderRequest{};
        DispatcherSettings st; // 10 contracts, $25,000 per order
        TicketFigures f = ticketFigures(d, st, 3, 4.0);
        QCOMPARE(f.cost, 1200.0);
        QCOMPARE(*f.pctOfEquity, 1.2);
        QCOMPARE(*f.pctOfBudget, 24.0);
        QCOMPARE(f.maxQty, 7); // $3,000 of buying power at $400 a contract
        QVERIFY(f.maxQtyReason.find("buying power") != std::string::npos);
        QVERIFY(f.warning.empty());
        QVERIFY(!ticketFigures(d, st, 8, 4.0).warning.empty());
        d.optionsBuyingPower = 1e9;
        QCOMPARE(ticketFigures(d, st, 1, 4.0).maxQty, 10);       // contracts per order
        QCOMPARE(ticketFigures(d, st, 1, 40.0).maxQty, 6);       // $25,000 / $4,000
        QVERIFY(!ticketFigures(d, st, 6, 10.0).warning.empty()); // $6,000 > the $5,000 budget

        // A close: at most what is left to close, not the per-order limits (a close reduces
        // risk; the proposal counted the open orders closing part of the position).
        Decision close = d;
        close.order->side = OrderSide::Sell;
        close.order->intent = PositionIntent::SellToClose;
        close.heldQty = 3.0;
        close.closableQty = 2;
        f = ticketFigures(close, st, 1, 4.0);
        QCOMPARE(f.maxQty, 2);
        QVERIFY2(f.maxQtyReason.find("3 held") != std::string::npos, f.maxQtyReason.c_str());
        QVERIFY(f.warning.empty());
        QVERIFY2(ticketFigures(close, st, 3, 4.0).warning.find("close") != std::string::npos,
                 ticketFigures(close, st, 3, 4.0).warning.c_str());
        // A fraction of a contract or share is not "in open orders": 10.5 held, 5 left, 5 in
        // orders (it said 5.5). The proposal's own words win where it gave them.
        close.heldQty = 10.5;
        close.closableQty = 5;
        f = ticketFigures(close, st, 1, 4.0);
        QVERIFY2(f.maxQtyReason.find(", 5 in open orders") != std::string::npos,
                 f.maxQtyReason.c_str());
        close.closableWords = "150 SPY held, 0 of them in open orders to close, 100 covering";
        f = ticketFigures(close, st, 1, 4.0);
        QVERIFY2(f.maxQtyReason.find("100 covering") != std::string::npos, f.maxQtyReason.c_str());
        close.closableWords.clear();
        // A stock SELL is not held by the per-order notional either (its re-check sends 60 SPY
        // at $600 past a $25,000 limit; the ticket said "Above the limit").
        Decision sell;
        sell.signal.action = SignalAction::Sell;
        sell.order = OrderRequest{};
        sell.order->side = OrderSide::Sell;
        QVERIFY(ticketFigures(sell, st, 60, 600.0).warning.empty());
        close.heldQty = 40.0; // more than the per-order limit of 10: all of it may be closed
        close.closableQty = 40;
        QCOMPARE(ticketFigures(close, st, 1, 4.0).maxQty, 40);
        close.closableQty.reset(); // not counted: the position held
        close.heldQty = 1.0;
        QCOMPARE(ticketFigures(close, st, 1, 4.0).maxQty, 1);

        TickSpinBox box; // AAPL: a penny class
        box.setOptionTicks(true, TickTable{}, "AAPL");
        box.setValue(2.99);
        box.stepBy(1);
        QCOMPARE(box.value(), 3.00);
        box.stepBy(1);
        QCOMPARE(box.value(), 3.05); // $0.05 from $3.00
        box.stepBy(-2);
        QCOMPARE(box.value(), 2.99);
        QString typed = QStringLiteral("3.12");
        box.fixup(typed);
        QCOMPARE(typed, QStringLiteral("3.10"));
        QVERIFY2(box.toolTip().contains(QLatin1String("$0.05 from $3.00")),
                 qPrintable(box.toolTip()));
    }

    void tickBoxFollowsTheClass() {
        TickSpinBox spy; // $0.01 at every price
        spy.setOptionTicks(true, TickTable{}, "SPY");
        spy.setValue(3.00);
        spy.stepBy(1);
        QCOMPARE(spy.value(), 3.01);
        QString typed = QStringLiteral("5.03");
        spy.fixup(typed);
        QCOMPARE(typed, QStringLiteral("5.03"));
        QVERIFY2(spy.toolTip().contains(QLatin1String("every price")), qPrintable(spy.toolTip()));

        TickSpinBox other; // not in the program: $0.05 below $3, $0.10 from $3
        other.setOptionTicks(true, TickTable{}, "ZVZZT");
        other.setValue(2.90);
        other.stepBy(1);
        QCOMPARE(other.value(), 2.95);
        other.stepBy(1);
        QCOMPARE(other.value(), 3.00);
        other.stepBy(1);
        QCOMPARE(other.value(), 3.10);
        other.stepBy(-2);
        QCOMPARE(other.value(), 2.95);
        typed = QStringLiteral("0.29");
        other.fixup(typed);
        QCOMPARE(typed, QStringLiteral("0.30")); // never a $0.01 price
        // Under half the first tick: its nearest price is the first tick, not $0.00 (which the box
        // refused, leaving 0.02 off the tick).
        other.setValue(0.02);
        QCOMPARE(other.snapToTick(), std::optional(0.02));
        QCOMPARE(other.value(), 0.05);

        // A class the trader added in the settings.
        TickSpinBox added;
        added.setOptionTicks(true, TickTable{}.withPennyClasses(std::vector<std::string>{"ZVZZT"}),
                             "ZVZZT");
        added.setValue(0.29);
        added.stepBy(1);
        QCOMPARE(added.value(), 0.30);
    }
};

QTEST_MAIN(TestTrading)
#include "tst_trading.moc"
