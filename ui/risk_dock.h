#pragma once
// Installs the Risk dock (issue 18) into the console window: a models::RiskGraphModel fed by the
// Positions table's rows (live marks) and the chain shown (IVs, the ATM straddle), drawn by
// RiskPanel. main.cpp's one line, after the trading panels; tabbed with the Positions dock.

#include "domain/clock.h"

class QDockWidget;

namespace cg {
class MarketData;
}
namespace cg::models {
class PositionsModel;
class RiskGraphModel;
} // namespace cg::models

namespace cg::ui {

class MainWindow;
class RiskPanel;

struct RiskDock {
    QDockWidget *dock = nullptr;
    RiskPanel *panel = nullptr;
    models::RiskGraphModel *model = nullptr;
};

// `marketData` (may be null) prices the underlyings whose chain is not shown.
RiskDock installRiskDock(MainWindow &window, models::PositionsModel &positions, const Clock &clock,
                         MarketData *marketData, double rate);

} // namespace cg::ui
