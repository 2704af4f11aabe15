#pragma once
// What a front end connects to, opened in one call by chaingate-cli and the window alike: the
// mode (DEMO / PAPER / LIVE, decided by cg::alpaca::resolveMode), the validated client config,
// the Alpaca client, and in DEMO the in-process fake Alpaca server the client talks to. It lives
// in the demo library because it may start that server; the engine never links demo/.

#include "alpaca/alpaca_client.h"
#include "alpaca/alpaca_config.h"
#include "alpaca/resolve_mode.h"
#include "domain/result.h"
#include "domain/trading_mode.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace cg {
class Clock;
}
namespace cg::fake {
class DemoBackend;
}

namespace cg::demo {

class Connection {
public:
    struct Request {
        // Endpoints, environment, flags, stored keys, --demo: resolveMode's inputs (its demoKeys
        // are filled in here).
        alpaca::ModeInputs inputs;
        // The in-process DEMO market runs on it (a fixed or replaying clock for --as-of). Not
        // owned, must outlive the connection; nullptr: the system clock.
        const Clock *clock = nullptr;
        // Faults the in-process DEMO server injects (FaultSpec text, e.g. "429-burst=3").
        QString faults;
        // DEMO: the folder of the account every front end shares (orders, fills, positions,
        // cash; fake::SharedAccountFile). Empty: this process's own account, as a replay
        // (--as-of) or a screenshot wants.
        QString demoAccountFolder;
    };

    // Where the front ends keep the shared DEMO account: the user's data folder.
    static QString defaultDemoAccountFolder();

    // An error is one sentence ("No Alpaca API keys: ...", "--demo-faults ...", "Could not
    // start the DEMO server on 127.0.0.1: ...").
    static Result<std::unique_ptr<Connection>> open(const Request &request);
    ~Connection();

    TradingMode mode() const { return m_mode; }
    QString modeName() const; // DEMO, PAPER, LIVE
    const alpaca::AlpacaConfig &config() const { return m_config; }
    alpaca::AlpacaClient &client() const { return *m_client; }
    // The in-process DEMO server, when this connection started one.
    fake::DemoBackend *backend() const { return m_backend.get(); }
    // The in-process DEMO market's underlyings (empty without one): what the window suggests.
    QStringList demoSymbols() const;

private:
    Connection() = default;
    TradingMode m_mode = TradingMode::Demo;
    alpaca::AlpacaConfig m_config;
    std::unique_ptr<fake::DemoBackend> m_backend; // outlives the client
    std::unique_ptr<alpaca::AlpacaClient> m_client;
};

} // namespace cg::demo
