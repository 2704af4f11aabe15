// The Risk and Alerts docks offscreen in the shared window fixture: the risk graph of a long
// call and a short put on SPY (curves, break-evens, scope, sliders), and the alert flow with no
// system tray - a price alert set from the chain's menu fires once into the status bar (and a
// log line says there is no tray), a position expiring today is announced, nothing shows a key.

#include "models/alert_center.h"
#include "models/positions_model.h"
#include "models/risk_graph_model.h"
#include "support/window_fixture.h"
#include "ui/alert_notifier.h"
#include "ui/alerts_dock.h"
#include "ui/chain_view.h"
#include "ui/risk_dock.h"
#include "ui/risk_panel.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QMenu>
#include <QSlider>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

#include "ui/qcustomplot_include.h"

using namespace cg;
using namespace cg::models;
using namespace cg::ui;
using namespace std::chrono;

namespace {

QStringList g_log;
void capture(QtMsgType, const QMessageLogContext &, const QString &msg) {
    g_log << msg;
}

Position option(const std::string &symbol, double qty, double avg, double price) {
    Position p;
    p.symbol = symbol;
    p.assetClass = "us_option";
    p.qty = qty;
    p.avgEntryPrice = avg;
    p.currentPrice = price;
    return p;
}

} // namespace

class TstRiskAlerts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void riskDockDrawsThePositions() {
        test::WindowFixture f;
        PositionsModel positions;
        positions.setClock(&f.clock);
        positions.setMarketLookup([](const Position &) {
            PositionMarket m;
            m.underlyingPrice = 101.0;
            return m;
        });
        const RiskDock risk = installRiskDock(*f.window, positions, f.clock, nullptr, 0.04);
        QVERIFY(risk.dock && risk.panel && risk.model);
        QCOMPARE(risk.dock->windowTitle(), QStringLiteral("Risk"));
        risk.dock->show();
        risk.dock->raise();
        // A long 103 call bought at 0.50 and a short 99 put sold at 0.40 (Dec 4).
        positions.setPositions({option("SPY261204C00103000", 2, 0.50, 0.55),
                                option("SPY261204P00099000", -1, 0.40, 0.35)});
        QTRY_COMPARE(risk.model->legCount(), 2);
        QCOMPARE(risk.panel->scopeBox()->count(), 2); // Portfolio, SPY
        QCOMPARE(risk.panel->scopeBox()->itemText(1), QStringLiteral("SPY"));
        auto *plot = risk.panel->plot();
        QCOMPARE(plot->graph(0)->dataCount(), 201); // today
        QCOMPARE(plot->graph(2)->dataCount(), 201); // at expiry
        // At expiry: the legs cost 2 x 0.50 x 100 - 0.40 x 100 = $60; -$60 between the
        // strikes, less below 99, and 200 (S - 103) - 60 above 103: one break-even, 103.30.
        const auto &be = risk.model->profile().expiryBreakEvens;
        QCOMPARE(be.size(), size_t(1));
        QVERIFY(std::abs(be[0] - 103.30) < 1e-9);
        QCOMPARE(plot->graph(3)->dataCount(), 1); // its marker
        QVERIFY2(risk.panel->summaryText().contains(QStringLiteral("break-even 103.30")),
                 qPrintable(risk.panel->summaryText()));
        // The sliders drive the model.
        risk.panel->daysSlider()->setValue(3);
        QCOMPARE(risk.model->daysForward(), 3);
        QVERIFY(plot->graph(1)->visible());
        risk.panel->ivSlider()->setValue(5);
        QCOMPARE(risk.model->ivShiftPoints(), 5);
        risk.panel->scopeBox()->setCurrentIndex(1);
        QCOMPARE(risk.model->scope(), QStringLiteral("SPY"));
        QVERIFY(risk.panel->leftOutText().isEmpty());
    }

    void alertsWithoutATrayGoToTheStatusBar() {
        g_log.clear();
        const QtMessageHandler previous = qInstallMessageHandler(capture);
        test::WindowFixture f;
        const AlertsInstall alerts = installAlerts(*f.window, f.clock, nullptr);
        qInstallMessageHandler(previous);
        QVERIFY(alerts.center && alerts.notifier && alerts.panel && alerts.dock);
        // Offscreen there is no system tray: the status bar, and the log says so.
        QVERIFY(!alerts.notifier->usesTray());
        QVERIFY2(g_log.contains(QStringLiteral(
                     "no system tray available: alerts are shown in the status bar")),
                 qPrintable(g_log.join(QLatin1Char('\n'))));
        alerts.center->addSecret(QStringLiteral("CHAINGATE-DEMO-KEY"));
        alerts.center->watchChain(chainOf(f));
        QVERIFY(f.load());

        // The chain's menu on a contract offers the alerts; the underlying's fills the add row.
        const QModelIndex cell = f.viewCell(103, ChainSide::Call, ChainField::Bid);
        QVERIFY(cell.isValid());
        std::unique_ptr<QMenu> menu(f.window->chainView()->contractMenu(cell));
        QVERIFY(menu);
        QAction *underlying = menu->findChild<QAction *>(QStringLiteral("chainAlertUnderlying"));
        QVERIFY(underlying);
        QVERIFY(menu->findChild<QAction *>(QStringLiteral("chainAlertPrice")));
        QVERIFY(menu->findChild<QAction *>(QStringLiteral("chainAlertIv")));
        underlying->trigger();
        auto *symbol = alerts.panel->findChild<QLineEdit *>(QStringLiteral("alertSymbol"));
        QCOMPARE(symbol->text(), QStringLiteral("SPY"));
        // The trader types a level above the price: "crosses above" (the menu's draft starts at
        // the price itself, and kept "crosses below" whatever level was typed).
        alerts.panel->findChild<QDoubleSpinBox *>(QStringLiteral("alertLevel"))->setValue(101.5);
        QVERIFY(alerts.panel->addDraft());
        QCOMPARE(alerts.center->rules()->rowCount(), 1);
        QCOMPARE(alerts.center->rules()->rules()[0].direction, AlertDirection::Above);
        // The draft's 101 is the side it starts from: the next value past the level fires (it
        // only set the side, and a crossing before the chain's next value went unseen).

        f.market.price = 102;
        chainOf(f).refresh();
        QTRY_COMPARE(alerts.notifier->shownCount(), 1);
        const QString shown = f.window->statusBar()->currentMessage();
        QCOMPARE(shown, QStringLiteral("Alert: SPY price above 101.50: SPY is at 102.00 now. "
                                       "Re-arm it in the Alerts dock to be told again."));
        QCOMPARE(alerts.notifier->lastShown(), shown);
        f.market.price = 103;
        chainOf(f).refresh();
        QTest::qWait(200);
        QCOMPARE(alerts.notifier->shownCount(), 1); // not again until re-armed
        alerts.panel->table()->setCurrentIndex(alerts.center->rules()->index(0, 0));
        alerts.panel->removeSelected();
        QCOMPARE(alerts.center->rules()->rowCount(), 0);

        // A position expiring today, once; a rejection naming the key shows no key.
        PositionsModel positions;
        positions.setClock(&f.clock);
        alerts.center->watchPositions(positions);
        positions.setPositions({option("SPY261126C00101000", 1, 0.50, 0.55)});
        QTRY_COMPARE(alerts.notifier->shownCount(), 2);
        QCOMPARE(f.window->statusBar()->currentMessage(),
                 QStringLiteral("Position expires today: SPY261126C00101000 (1) expires at "
                                "16:00 New York today."));
        positions.setPositions({option("SPY261126C00101000", 1, 0.50, 0.60)});
        QCOMPARE(alerts.notifier->shownCount(), 2);
        alerts.center->post(AlertKind::Rejection, QStringLiteral("Order refused"),
                            QStringLiteral("forbidden for CHAINGATE-DEMO-KEY"));
        QVERIFY(!f.window->statusBar()->currentMessage().contains(QStringLiteral("DEMO-KEY")));

        // The dock lists them under the rules, newest first, the key left out there too.
        const QTableView *history = alerts.panel->historyTable();
        QCOMPARE(history->model()->rowCount(), 3);
        QCOMPARE(history->model()->index(0, 2).data().toString(), QStringLiteral("Order refused"));
        QVERIFY(
            !history->model()->index(0, 3).data().toString().contains(QStringLiteral("DEMO-KEY")));
        QCOMPARE(history->model()->index(2, 1).data().toString(), QStringLiteral("Alert"));
        if (const QString dir = qEnvironmentVariable("CHAINGATE_TEST_SHOTS"); !dir.isEmpty()) {
            alerts.dock->show();
            alerts.dock->raise();
            alerts.panel->resize(760, 420);
            alerts.panel->grab().save(dir + QStringLiteral("/alerts_history.png"));
        }
    }

private:
    static ChainSession &chainOf(test::WindowFixture &f) { return *f.window->session(); }
};

QTEST_MAIN(TstRiskAlerts)
#include "tst_risk_alerts.moc"
