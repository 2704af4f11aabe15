// The whole console window as main.cpp assembles it (chain, trading docks, panels), offscreen:
// fits a 1366x768 laptop screen, every dock in the View menu, Reset layout, the layout kept
// across a restart, Ctrl+, for Settings, and what an unknown symbol or an error leaves shown.

#include "models/chain_table_model.h"
#include "models/console_session.h"
#include "storage/execution_store.h"
#include "support/fake_broker.h"
#include "support/fake_market_data.h"
#include "ui/chain_view.h"
#include "ui/contract_detail_panel.h"
#include "ui/dispatcher_bar.h"
#include "ui/expiry_charts_panel.h"
#include "ui/main_window.h"
#include "ui/metrics_panel.h"
#include "ui/panels_docks.h"
#include "ui/risk_meter.h"
#include "ui/state_page.h"
#include "ui/trading_docks.h"

#include <QApplication>
#include <QDialog>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QStyle>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include "ui/qcustomplot_include.h"

using namespace cg;
using namespace cg::models;
using namespace cg::ui;
using namespace std::chrono;

namespace {

const Timestamp kNow = sys_days{year{2026} / 11 / 26} + hours{15};

// The window with every dock and bar main.cpp installs, over fakes.
struct Console {
    QTemporaryDir dir;
    test::FakeBroker broker;
    test::FakeMarketData market;
    FixedClock clock{kNow};
    ExecutionStore store;
    std::unique_ptr<ConsoleSession> session;
    std::unique_ptr<MainWindow> window;
    TradingDocks *docks = nullptr;
    TradingPanels *panels = nullptr;

    explicit Console(bool persist = false) {
        market.price = 101;
        market.contracts =
            test::makeChain("SPY", year_month_day{year{2026}, month{11}, day{27}}, 90, 1, 21, 101);
        if (auto r = store.open(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("e.db")));
            !r)
            qFatal("store: %s", r.error().message.c_str());
        session = std::make_unique<ConsoleSession>(broker, market, store, clock,
                                                   ConsoleSession::Options{});
        MainWindow::Options o;
        o.persist = persist;
        window = std::make_unique<MainWindow>(*session->chain(), clock, TradingMode::Demo, o);
        docks = installTradingDocks(*window, *session->trading());
        panels = installTradingPanels(*window, *session);
    }
    QDockWidget *dock(const char *name) const {
        return window->findChild<QDockWidget *>(QLatin1String(name));
    }
    QMenu *menu(const QString &title) const {
        for (QAction *a : window->menuBar()->actions()) {
            if (a->menu() && a->text().remove(QLatin1Char('&')) == title)
                return a->menu();
        }
        return nullptr;
    }
    bool waitState(ChainSession::State s) const {
        return QTest::qWaitFor(
            [this, s] { return session->chain()->state() == s && !session->chain()->isBusy(); },
            5000);
    }
};

// A widget shown inside the window: visible and its whole rectangle within the window's.
bool shownInside(const QWidget *w, const QWidget *window) {
    if (!w->isVisible())
        return false;
    const QRect r(w->mapTo(window, QPoint(0, 0)), w->size());
    return window->rect().contains(r);
}

bool plotEmpty(QCustomPlot *p) {
    for (int i = 0; i < p->plottableCount(); ++i) {
        if (auto *g = qobject_cast<QCPGraph *>(p->plottable(i)); g && !g->data()->isEmpty())
            return false;
        if (auto *b = qobject_cast<QCPBars *>(p->plottable(i)); b && !b->data()->isEmpty())
            return false;
    }
    return true;
}

} // namespace

class TstWindowLayout : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fitsALaptopScreen() {
        Console c;
        const QSize min = c.window->minimumSizeHint().expandedTo(c.window->minimumSize());
        QVERIFY2(min.width() <= 1366 && min.height() <= 768,
                 qPrintable(QStringLiteral("minimum %1x%2").arg(min.width()).arg(min.height())));
        c.window->resize(1366, 768);
        c.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(c.window.get()));
        c.window->openSymbol(QStringLiteral("SPY"));
        QVERIFY(c.waitState(ChainSession::State::Loaded));
        QTest::qWait(50); // the first-start dock sizes apply after the first show
        QCOMPARE(c.window->size(), QSize(1366, 768));
        QVERIFY(shownInside(c.window->statusBar(), c.window.get()));
        // The dispatcher bar wraps rather than folding controls away behind ">>".
        DispatcherBar *bar = c.docks->dispatcherBar();
        for (QWidget *w : std::initializer_list<QWidget *>{
                 bar->killSwitchButton(), bar->manualButton(), bar->autoButton(),
                 bar->intervalBox(), bar->countdownLabel(), bar->lastRunLabel(), bar->riskMeter()})
            QVERIFY2(shownInside(w, c.window.get()), qPrintable(w->objectName()));
        // Narrower still: the bar takes a second row, nothing hides.
        c.window->resize(1000, 700);
        QTest::qWait(50);
        for (QWidget *w : std::initializer_list<QWidget *>{bar->killSwitchButton(),
                                                           bar->riskMeter(), bar->lastRunLabel()})
            QVERIFY2(shownInside(w, c.window.get()), qPrintable(w->objectName()));
        for (QDockWidget *d : c.window->findChildren<QDockWidget *>())
            QVERIFY2(d->isVisible() || !c.window->tabifiedDockWidgets(d).isEmpty(),
                     qPrintable(d->objectName()));
    }

    // Ten docks share the bottom tab group: their tabs keep their titles readable ("Positions",
    // not "P..."), scrolling when they do not fit, also after Reset layout.
    void dockTabsKeepTheirTitles() {
        Console c;
        c.window->resize(1600, 1000);
        c.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(c.window.get()));
        QTest::qWait(50);
        const auto check = [&c] {
            int bars = 0;
            for (QTabBar *bar : c.window->findChildren<QTabBar *>(Qt::FindDirectChildrenOnly)) {
                ++bars;
                QVERIFY2(bar->elideMode() == Qt::ElideNone, qPrintable(bar->tabText(0)));
                QVERIFY(bar->usesScrollButtons());
            }
            QVERIFY(bars > 0);
        };
        check();
        if (QTest::currentTestFailed())
            return;
        auto *reset = c.window->findChild<QAction *>(QStringLiteral("resetLayoutAction"));
        QVERIFY(reset);
        reset->trigger();
        QTest::qWait(50);
        check();
    }

    void everyDockIsInTheViewMenu() {
        Console c;
        c.window->show();
        // A dock added later (another panel) joins too.
        auto *late = new QDockWidget(QStringLiteral("Late"), c.window.get());
        late->setObjectName(QStringLiteral("lateDock"));
        c.window->addDockWidget(Qt::LeftDockWidgetArea, late);
        QMenu *view = c.menu(QStringLiteral("View"));
        QVERIFY(view);
        Q_EMIT view->aboutToShow();
        const QList<QDockWidget *> all = c.window->findChildren<QDockWidget *>();
        QVERIFY(all.size() >= 7);
        for (QDockWidget *d : all)
            QVERIFY2(view->actions().contains(d->toggleViewAction()), qPrintable(d->objectName()));
    }

    void resetLayoutRestoresEveryDock() {
        Console c;
        c.window->resize(1600, 1000);
        c.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(c.window.get()));
        c.dock("contractDock")->close();
        c.dock("ordersDock")->close();
        c.window->addDockWidget(Qt::RightDockWidgetArea, c.dock("signalsDock"));
        QAction *reset = c.window->findChild<QAction *>(QStringLiteral("resetLayoutAction"));
        QVERIFY(reset);
        QVERIFY(c.menu(QStringLiteral("View"))->actions().contains(reset));
        reset->trigger();
        QTest::qWait(50);
        for (QDockWidget *d : c.window->findChildren<QDockWidget *>())
            QVERIFY2(!d->isHidden(), qPrintable(d->objectName()));
        QCOMPARE(c.window->dockWidgetArea(c.dock("signalsDock")), Qt::BottomDockWidgetArea);
        QCOMPARE(c.window->dockWidgetArea(c.dock("contractDock")), Qt::RightDockWidgetArea);
        QCOMPARE(c.window->tabifiedDockWidgets(c.dock("positionsDock")).size(), 3);
    }

    void layoutIsKeptAcrossARestart() {
        QTemporaryDir settingsDir;
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir.path());
        int contractWidth = 0;
        {
            Console c(true);
            c.window->resize(1600, 1000);
            c.window->show();
            QVERIFY(QTest::qWaitForWindowExposed(c.window.get()));
            QTest::qWait(50);
            c.window->addDockWidget(Qt::RightDockWidgetArea, c.dock("signalsDock"));
            c.dock("metricsDock")->close();
            c.window->resizeDocks({c.dock("contractDock")}, {333}, Qt::Horizontal);
            QTest::qWait(50);
            contractWidth = c.dock("contractDock")->width();
            c.window->close();
        }
        Console again(true);
        again.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(again.window.get()));
        QTest::qWait(50);
        QCOMPARE(again.window->dockWidgetArea(again.dock("signalsDock")), Qt::RightDockWidgetArea);
        QVERIFY(again.dock("metricsDock")->isHidden());
        QVERIFY(!again.dock("positionsDock")->isHidden());
        QVERIFY(qAbs(again.dock("contractDock")->width() - contractWidth) <= 4);
    }

    void closedDockComesBackAtItsSize() {
        Console c;
        c.window->resize(1600, 1000);
        c.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(c.window.get()));
        QTest::qWait(50);
        QDockWidget *signals_ = c.dock("signalsDock");
        c.window->resizeDocks({signals_}, {360}, Qt::Horizontal);
        QTest::qWait(50);
        const QSize before = signals_->size();
        signals_->toggleViewAction()->trigger();
        QVERIFY(signals_->isHidden());
        QTest::qWait(50);
        signals_->toggleViewAction()->trigger();
        QTest::qWait(50);
        QVERIFY(qAbs(signals_->width() - before.width()) <= 4);
        QVERIFY(qAbs(signals_->height() - before.height()) <= 4);
    }

    void ctrlCommaOpensSettings() {
        Console c;
        c.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(c.window.get()));
        QAction *settings = c.panels->settingsAction();
        QCOMPARE(settings->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Comma));
        QVERIFY(c.menu(QStringLiteral("File"))->actions().contains(settings));
        QString opened;
        QTimer::singleShot(0, this, [&opened] {
            QTRY_VERIFY(QApplication::activeModalWidget());
            opened = QApplication::activeModalWidget()->metaObject()->className();
            QApplication::activeModalWidget()->close();
        });
        c.window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(c.window.get()));
        QTest::keyClick(c.window.get(), Qt::Key_Comma, Qt::ControlModifier);
        QCOMPARE(opened, QStringLiteral("cg::ui::SettingsDialog"));
    }

    void sortedTitlesAreNotClipped() {
        Console c;
        c.window->resize(1600, 1000);
        c.window->show();
        c.window->openSymbol(QStringLiteral("SPY"));
        QVERIFY(c.waitState(ChainSession::State::Loaded));
        const int chainVolume =
            c.session->chain()->chainModel()->columnOf(ChainSide::Call, ChainField::Volume);
        c.window->chainView()->horizontalHeader()->setSortIndicator(chainVolume,
                                                                    Qt::DescendingOrder);
        int checked = 0;
        for (QHeaderView *h : c.window->findChildren<QHeaderView *>()) {
            if (h->orientation() != Qt::Horizontal || !h->model() || h->isHidden())
                continue;
            h->setSortIndicator(h->sortIndicatorSection(), h->sortIndicatorOrder());
            const QStyle *st = h->style();
            const int arrow = st->pixelMetric(QStyle::PM_HeaderMarkSize, nullptr, h) +
                              2 * st->pixelMetric(QStyle::PM_HeaderMargin, nullptr, h);
            QFont bold = h->font();
            bold.setBold(true);
            const QFontMetrics fm(bold);
            for (int s = 0; s < h->count(); ++s) {
                // The chain keeps its narrow columns; its sorted one shows its whole title.
                const bool chain = h == c.window->chainView()->horizontalHeader();
                if ((chain && s != h->sortIndicatorSection()) || h->isSectionHidden(s) ||
                    h->sectionResizeMode(s) != QHeaderView::Interactive ||
                    (h->stretchLastSection() && h->visualIndex(s) == h->count() - 1))
                    continue;
                const QString title = h->model()->headerData(s, Qt::Horizontal).toString();
                QVERIFY2(h->sectionSize(s) >= fm.horizontalAdvance(title) + arrow,
                         qPrintable(QStringLiteral("%1: \"%2\" in %3 px")
                                        .arg(h->parent()->objectName(), title)
                                        .arg(h->sectionSize(s))));
                ++checked;
            }
        }
        QVERIFY(checked > 20);
    }

    void metricsChartsHaveRoomForTheirTitles() {
        Console c;
        c.window->resize(1600, 1000);
        c.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(c.window.get()));
        QTest::qWait(50);
        c.dock("metricsDock")->raise();
        QTest::qWait(50);
        const QList<QCustomPlot *> plots = c.panels->metricsPanel()->findChildren<QCustomPlot *>();
        QCOMPARE(plots.size(), 5);
        for (QCustomPlot *p : plots) {
            // The longest axis title ("fills (above 0: paid more than mid)") needs ~220 px.
            QVERIFY2(p->width() >= 200,
                     qPrintable(
                         QStringLiteral("%1 is %2 px wide").arg(p->objectName()).arg(p->width())));
        }
    }

    void unknownSymbolClearsDetailAndCharts_data() {
        QTest::addColumn<int>("answer");
        QTest::newRow("no contracts, no price") << 0;
        QTest::newRow("chain answered 404") << 1;
        QTest::newRow("server error") << 2;
    }
    void unknownSymbolClearsDetailAndCharts() {
        QFETCH(int, answer);
        const bool error = answer == 2;
        Console c;
        c.window->show();
        c.window->openSymbol(QStringLiteral("SPY"));
        QVERIFY(c.waitState(ChainSession::State::Loaded));
        QTest::qWait(20);
        QVERIFY(c.window->detailPanel()->titleText().startsWith(QStringLiteral("SPY")));
        QVERIFY(!plotEmpty(c.window->chartsPanel()->smilePlot()));
        if (answer == 2) {
            c.market.chainError = Error{"Alpaca answered 500: internal server error", 500, 0};
        } else if (answer == 1) {
            c.market.chainError = Error{"Alpaca found nothing for XYZ (404)", 404, 0};
        } else {
            // As Alpaca answers an unknown ticker: no stock snapshot, no contracts.
            c.market.priceErrors["XYZ"] =
                Error{"Alpaca found nothing for GET /v2/stocks/XYZ/snapshot (404)", 404, 0};
        }
        c.window->openSymbol(error ? QStringLiteral("QQQ") : QStringLiteral("XYZ"));
        QVERIFY(c.waitState(error ? ChainSession::State::Error : ChainSession::State::NotFound));
        QTest::qWait(600); // past the calm timer that follows pushed quotes
        QVERIFY(!c.window->isShowingChain());
        QVERIFY2(!c.window->detailPanel()->titleText().contains(QStringLiteral("SPY")),
                 qPrintable(c.window->detailPanel()->titleText()));
        QVERIFY(plotEmpty(c.window->chartsPanel()->smilePlot()));
        QVERIFY(plotEmpty(c.window->chartsPanel()->volumePlot()));
        // No trace of SPY's figures: its strikes (near 101) on the axes, its IV in the legend.
        for (QCustomPlot *p :
             {c.window->chartsPanel()->smilePlot(), c.window->chartsPanel()->volumePlot()})
            QVERIFY2(!p->xAxis->range().contains(101), qPrintable(p->objectName()));
        for (QCustomPlot *payoff : c.window->detailPanel()->findChildren<QCustomPlot *>()) {
            QVERIFY(plotEmpty(payoff));
            QVERIFY(!payoff->xAxis->range().contains(101));
            for (int i = 0; i < payoff->graphCount(); ++i)
                QVERIFY2(!payoff->graph(i)->name().contains(QStringLiteral("IV")),
                         qPrintable(payoff->graph(i)->name()));
        }
        QCOMPARE(c.window->statePage()->retryButton()->isVisible(), error);
    }
};

QTEST_MAIN(TstWindowLayout)
#include "tst_window_layout.moc"
