#pragma once
// What a command that talks to Alpaca needs: the clock and the connection (mode, client, and in
// DEMO mode with no keys the in-process fake Alpaca server), opened by cg::demo::Connection.

#include "alpaca/alpaca_client.h"
#include "cli/global_options.h"
#include "domain/trading_mode.h"

#include <functional>
#include <memory>

namespace cg::demo {
class Connection;
}

namespace cg::cli {

class AlpacaSession {
public:
    // No keys and no URLs: starts cg::fake::DemoBackend on 127.0.0.1, its market on the
    // command's clock (so --as-of replays that instant's chain exactly). No keys but loopback
    // URLs: the demo keys against that server (`chaingate-cli demo-server`). No keys with a
    // remote URL: an error, since keys are needed there.
    // A command that reads market data only (`chain`) passes DemoAccount::None: DEMO's shared
    // paper account file is then neither locked nor read (each of the server's requests would
    // lock, load and save it, an fdatasync a request), and the account stays this process's own.
    enum class DemoAccount { Shared, None };
    static Result<std::unique_ptr<AlpacaSession>>
    open(const GlobalOptions &options,
         const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
         DemoAccount account = DemoAccount::Shared);
    ~AlpacaSession();

    alpaca::AlpacaClient &client();
    const Clock &clock() const { return *m_clock; }
    TradingMode mode() const;
    QString modeName() const; // DEMO, PAPER, LIVE

private:
    AlpacaSession() = default;
    std::unique_ptr<Clock> m_clock; // the demo market runs on it: declared first
    std::unique_ptr<demo::Connection> m_connection;
};

// A command that talks to Alpaca (account, positions, orders): commandPrologue, then the session
// opened; `body` runs with both and returns the exit code.
int runWithSession(QCommandLineParser &parser, const QStringList &args, const char *usage,
                   const std::function<int(const CommandLine &, AlpacaSession &)> &body);

} // namespace cg::cli
