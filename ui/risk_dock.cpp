#include "ui/risk_dock.h"

#include "domain/expected_move.h"
#include "models/chain_table_model.h"
#include "models/positions_model.h"
#include "models/risk_graph_model.h"
#include "ui/main_window.h"
#include "ui/risk_panel.h"

#include <QDockWidget>
#include <QPointer>
#include <QTimer>

namespace cg::ui {

RiskDock installRiskDock(MainWindow &window, models::PositionsModel &positions, const Clock &clock,
                         MarketData *marketData, double rate) {
    RiskDock r;
    r.dock = new QDockWidget(QObject::tr("Risk"), &window);
    r.dock->setObjectName(QStringLiteral("riskDock"));
    r.model = new models::RiskGraphModel(clock, r.dock);
    r.model->setMarketData(marketData);
    r.model->setRate(rate);
    QPointer<MainWindow> w(&window);
    r.model->setIvLookup([w](const std::string &symbol) -> std::optional<double> {
        if (!w || !w->session())
            return std::nullopt;
        const models::ChainEntry *e = w->session()->chainModel()->entryOf(symbol);
        return e ? e->contract.impliedVol : std::nullopt;
    });
    r.model->setStraddleLookup([w](const QString &underlying,
                                   std::chrono::year_month_day expiry) -> std::optional<double> {
        if (!w || !w->session() || w->session()->symbol() != underlying)
            return std::nullopt;
        const auto &byExpiry = w->session()->entriesByExpiry();
        const auto it = byExpiry.find(expiry);
        if (it == byExpiry.end())
            return std::nullopt;
        std::vector<OptionContract> contracts;
        for (const models::ChainEntry &e : it->second)
            contracts.push_back(e.contract);
        const auto move = straddleExpectedMove(contracts, w->session()->underlyingPrice(), expiry);
        return move ? std::optional(move->move) : std::nullopt;
    });
    r.panel = new RiskPanel(*r.model, r.dock);
    r.dock->setWidget(r.panel);
    r.dock->setAllowedAreas(Qt::AllDockWidgetAreas);
    window.addDockWidget(Qt::BottomDockWidgetArea, r.dock);
    if (auto *positionsDock = window.findChild<QDockWidget *>(QStringLiteral("positionsDock"))) {
        window.tabifyDockWidget(positionsDock, r.dock);
        positionsDock->raise();
    }

    // Positions and marks change often (a tick, a poll): one recompute per 300 ms at most, and
    // none while the dock is hidden (it catches up when shown).
    auto *coalesce = new QTimer(r.dock);
    coalesce->setSingleShot(true);
    coalesce->setInterval(300);
    models::RiskGraphModel *model = r.model;
    QDockWidget *dock = r.dock;
    QObject::connect(coalesce, &QTimer::timeout, model, [model, dock, &positions] {
        if (dock->isVisible())
            model->setPositions(positions.rows());
    });
    const auto later = [coalesce] {
        if (!coalesce->isActive())
            coalesce->start();
    };
    QObject::connect(&positions, &QAbstractItemModel::dataChanged, coalesce, later);
    QObject::connect(&positions, &QAbstractItemModel::modelReset, coalesce, later);
    QObject::connect(&positions, &QAbstractItemModel::rowsInserted, coalesce, later);
    QObject::connect(&positions, &QAbstractItemModel::rowsRemoved, coalesce, later);
    QObject::connect(window.session(), &models::ChainSession::updated, coalesce, later);
    QObject::connect(dock, &QDockWidget::visibilityChanged, coalesce, [later](bool visible) {
        if (visible)
            later();
    });
    model->setPositions(positions.rows());
    return r;
}

} // namespace cg::ui
