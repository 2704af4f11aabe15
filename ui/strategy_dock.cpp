#include "ui/strategy_dock.h"

#include "dispatch/decision.h"
#include "dispatch/dispatcher.h"
#include "models/chain_session.h"
#include "models/chain_table_model.h"
#include "models/display_format.h"
#include "models/strategy_builder_model.h"
#include "models/trading_session.h"
#include "ui/chain_view.h"
#include "ui/main_window.h"
#include "ui/qcustomplot_include.h"
#include "ui/strategy_builder_panel.h"
#include "ui/strategy_ticket_dialog.h"

#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QPointer>
#include <QStatusBar>
#include <QTimer>

#include <cstdio>

namespace cg::ui {

StrategyDock installStrategyDock(MainWindow &window, models::TradingSession *trading) {
    StrategyDock r;
    r.dock = new QDockWidget(QObject::tr("Strategy builder"), &window);
    r.dock->setObjectName(QStringLiteral("strategyDock"));
    r.model = new models::StrategyBuilderModel(*window.session(), r.dock);
    r.panel = new StrategyBuilderPanel(*r.model, r.dock);
    r.dock->setWidget(r.panel);
    r.dock->setAllowedAreas(Qt::AllDockWidgetAreas);
    window.addDockWidget(Qt::BottomDockWidgetArea, r.dock);
    if (auto *risk = window.findChild<QDockWidget *>(QStringLiteral("riskDock"))) {
        window.tabifyDockWidget(risk, r.dock);
        // Tabifying raises the new tab: Positions stays in front, as the other docks left it.
        if (auto *positions = window.findChild<QDockWidget *>(QStringLiteral("positionsDock")))
            positions->raise();
    }
    if (trading) // a template is placed as a signal would trade it
        r.panel->setTemplateSettings(
            [trading](StrategyTemplate t) { return trading->settings().strategySettings(t); });
    r.panel->setReviewAvailable(trading != nullptr,
                                QObject::tr("No trading session: orders are not available"));

    // Live only while shown: a hidden builder catches up when it is shown again.
    models::StrategyBuilderModel *model = r.model;
    QObject::connect(r.dock, &QDockWidget::visibilityChanged, model,
                     [model](bool visible) { model->setLive(visible); });
    model->setLive(r.dock->isVisible());

    // The chain's contract menu: add the contract as a leg, bought or sold.
    QPointer<QDockWidget> dock(r.dock);
    StrategyBuilderPanel *panel = r.panel;
    if (ChainView *view = window.chainView())
        QObject::connect(
            view, &ChainView::contractMenuBuilt, r.dock,
            [model, panel, dock, &window](QMenu *menu, const QString &contract) {
                menu->addSeparator();
                for (const OrderSide side : {OrderSide::Buy, OrderSide::Sell}) {
                    QAction *a = menu->addAction(side == OrderSide::Buy
                                                     ? QObject::tr("Add to strategy: buy")
                                                     : QObject::tr("Add to strategy: sell"));
                    a->setObjectName(side == OrderSide::Buy ? QStringLiteral("addToStrategyBuy")
                                                            : QStringLiteral("addToStrategySell"));
                    QObject::connect(a, &QAction::triggered, model,
                                     [model, panel, dock, &window, contract, side] {
                                         const auto added = model->addLeg(contract, side);
                                         if (!added) {
                                             const QString why = models::qs(added.error().message);
                                             panel->showMessage(why, true);
                                             window.statusBar()->showMessage(why, 8000);
                                         }
                                         if (dock) {
                                             dock->show();
                                             dock->raise();
                                         }
                                     });
                }
            });

    if (trading) {
        const StrategyDock copy = r;
        QObject::connect(r.panel, &StrategyBuilderPanel::reviewRequested, r.dock,
                         [copy, &window, trading] { openStrategyTicket(copy, window, *trading); });
    }
    return r;
}

StrategyTicketDialog *openStrategyTicket(const StrategyDock &dock, MainWindow &window,
                                         models::TradingSession &trading) {
    if (!dock.model || dock.model->rowCount() < 2)
        return nullptr;
    dock.model->refreshNow(); // the legs as the market is now
    ManualStrategyOrder order;
    order.strategy = dock.model->strategy();
    // qty 0 and no limit: the dispatcher sizes it and puts the net mid on the tick.
    auto *ticket = new StrategyTicketDialog(trading, std::move(order),
                                            StrategyOrderDesk::of(trading.dispatcher()), &window);
    ticket->setAttribute(Qt::WA_DeleteOnClose);
    ticket->show();
    ticket->raise();
    return ticket;
}

void placeAtStart(const StrategyDock &dock, MainWindow &window, models::TradingSession *trading,
                  const QString &templateName, const QString &panelFile,
                  const QString &ticketFile) {
    const auto kind = parseStrategyTemplate(templateName.toStdString());
    if (!kind) {
        std::fprintf(stderr, "chaingate: --strategy: no template \"%s\"\n",
                     qPrintable(templateName));
        return;
    }
    QPointer<MainWindow> w(&window);
    QObject::connect(
        window.session()->chainModel(), &models::ChainTableModel::chainApplied, dock.dock,
        [dock, w, trading, kind = *kind, panelFile, ticketFile] {
            dock.dock->show();
            dock.dock->raise();
            dock.panel->placeDefault(kind);
            // Half-way to expiry: the chart then shows its three curves.
            dock.panel->daysSlider()->setValue(dock.panel->daysSlider()->maximum() / 2);
            if (!panelFile.isEmpty())
                QTimer::singleShot(300, dock.panel, [dock, panelFile] {
                    QCoreApplication::sendPostedEvents();
                    dock.panel->plot()->replot();
                    const bool ok = dock.panel->grab().save(panelFile, "PNG");
                    std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "" : "could not write",
                                 qPrintable(panelFile));
                    QApplication::exit(ok ? 0 : 1);
                });
            if (!ticketFile.isEmpty() && trading && w) {
                StrategyTicketDialog *t = openStrategyTicket(dock, *w, *trading);
                if (!t) {
                    std::fprintf(stderr, "chaingate: no strategy ticket: %s\n",
                                 qPrintable(dock.panel->messageLabel()->text()));
                    QApplication::exit(1);
                    return;
                }
                const auto shoot = [t, ticketFile] {
                    QTimer::singleShot(200, t, [t, ticketFile] {
                        const bool ok = t->grab().save(ticketFile, "PNG");
                        std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "" : "could not write",
                                     qPrintable(ticketFile));
                        QApplication::exit(ok ? 0 : 1);
                    });
                };
                if (t->state() != StrategyTicketDialog::State::Proposing)
                    shoot();
                else
                    QObject::connect(t, &StrategyTicketDialog::proposalArrived, t, shoot,
                                     Qt::SingleShotConnection);
            }
        },
        Qt::SingleShotConnection);
}

} // namespace cg::ui
