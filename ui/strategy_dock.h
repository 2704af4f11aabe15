#pragma once
// Installs the Strategy builder dock (issue 19) into the console window: a
// models::StrategyBuilderModel over the window's chain session, drawn by StrategyBuilderPanel,
// live while the dock is visible (at most one refresh per 250 ms); the chain's contract menu gains
// "Add to strategy: buy" and "Add to strategy: sell"; "Review order..." opens the multi-leg ticket
// through the trading session's dispatcher. main.cpp's one line, after the other docks; tabbed
// with the Risk dock at the bottom.

#include <QString>

class QDockWidget;

namespace cg::models {
class StrategyBuilderModel;
class TradingSession;
} // namespace cg::models

namespace cg::ui {

class MainWindow;
class StrategyBuilderPanel;
class StrategyTicketDialog;

struct StrategyDock {
    QDockWidget *dock = nullptr;
    StrategyBuilderPanel *panel = nullptr;
    models::StrategyBuilderModel *model = nullptr;
};

// `trading` may be null: the builder works, the ticket is not offered.
StrategyDock installStrategyDock(MainWindow &window, models::TradingSession *trading);

// The multi-leg ticket for the builder's legs now (nullptr without legs or a trading session).
StrategyTicketDialog *openStrategyTicket(const StrategyDock &dock, MainWindow &window,
                                         models::TradingSession &trading);

// For screenshots and demos: once the chain has loaded, places `templateName` (bull_call_spread,
// iron_condor, ...) with its default settings (dispatch/strategy_decision.h) and shows the dock;
// with `panelFile` saves a PNG of the builder, with `ticketFile` opens the ticket and saves a PNG
// of it once the dispatcher answered, then quits. An unknown name is reported on stderr.
void placeAtStart(const StrategyDock &dock, MainWindow &window, models::TradingSession *trading,
                  const QString &templateName, const QString &panelFile = {},
                  const QString &ticketFile = {});

} // namespace cg::ui
