#pragma once
// The real console window over the fake Alpaca server: a SimulatedMarket at a fixed clock, the
// fake server on loopback, an AlpacaClient with the demo keys, an SQLite execution store, the
// trading session and its docks, every confirmation answered yes. The fixture the UI tests of
// trading by hand share (tickets, positions, rolls, expiry day).

#include "alpaca/alpaca_client.h"
#include "dispatch/dispatcher_settings.h"
#include "domain/clock.h"
#include "fake_alpaca/fake_alpaca_server.h"
#include "market/simulated_market.h"
#include "models/chain_session.h"
#include "models/trading_session.h"
#include "storage/execution_store.h"
#include "ui/main_window.h"
#include "ui/trading_docks.h"

#include <QTemporaryDir>

#include <memory>

class QWidget;

namespace cg::test {

struct PaperWindow {
    QTemporaryDir dir;
    FixedClock clock;
    market::SimulatedMarket market;
    fake::FakeAlpacaServer server{&market};
    std::unique_ptr<alpaca::AlpacaClient> client;
    ExecutionStore store;
    std::unique_ptr<models::TradingSession> session;
    std::unique_ptr<models::ChainSession> chain;
    std::unique_ptr<ui::MainWindow> window;
    ui::TradingDocks *docks = nullptr;

    // Orders fill every 10 ms and are polled every 20 ms; signals and the account are left to
    // the test (polled once a minute).
    explicit PaperWindow(Timestamp now, DispatcherSettings settings = {});
    virtual ~PaperWindow();
    PaperWindow(const PaperWindow &) = delete;
    PaperWindow &operator=(const PaperWindow &) = delete;
};

// Saves `w` as NAME.png in $CHAINGATE_TEST_SHOTS when it is set (pictures of a test's states).
void saveShot(QWidget *w, const char *name);

} // namespace cg::test
