#pragma once
// What a command that talks to Alpaca needs: the validated config, the client and the clock; in
// DEMO mode (no keys) also the in-process fake Alpaca server the client is pointed at.

#include "alpaca/alpaca_client.h"
#include "cli/global_options.h"

#include <functional>
#include <memory>

namespace cg::fake {
class DemoBackend;
}

namespace cg::cli {

class AlpacaSession {
public:
    enum class Mode { Demo, Paper, Live };

    // No keys and no URLs: starts cg::fake::DemoBackend on 127.0.0.1, its market on the
    // command's clock (so --as-of replays that instant's chain exactly). No keys but loopback
    // URLs: the demo keys against that server (`chaingate-cli demo-server`). No keys with a
    // remote URL: an error, since keys are needed there.
    static Result<std::unique_ptr<AlpacaSession>>
    open(const GlobalOptions &options,
         const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    ~AlpacaSession();

    AlpacaClient &client() { return *m_client; }
    const Clock &clock() const { return *m_clock; }
    Mode mode() const { return m_mode; }
    QString modeName() const; // DEMO, PAPER, LIVE

private:
    AlpacaSession() = default;
    std::unique_ptr<Clock> m_clock;            // the demo market runs on it: declared first
    std::unique_ptr<fake::DemoBackend> m_demo; // outlives the client
    std::unique_ptr<AlpacaClient> m_client;
    Mode m_mode = Mode::Demo;
};

// A command that talks to Alpaca (account, positions, orders): commandPrologue, then the session
// opened; `body` runs with both and returns the exit code.
int runWithSession(QCommandLineParser &parser, const QStringList &args, const char *usage,
                   const std::function<int(const CommandLine &, AlpacaSession &)> &body);

} // namespace cg::cli
