#include "cli/alpaca_session.h"

#include "cli/output.h"
#include "connection/connection.h"
#include "keychain/alpaca_keychain.h"

namespace cg::cli {

AlpacaSession::~AlpacaSession() = default;

alpaca::AlpacaClient &AlpacaSession::client() {
    return m_connection->client();
}

TradingMode AlpacaSession::mode() const {
    return m_connection->mode();
}

QString AlpacaSession::modeName() const {
    return m_connection->modeName();
}

Result<std::unique_ptr<AlpacaSession>> AlpacaSession::open(const GlobalOptions &options,
                                                           const QProcessEnvironment &env,
                                                           DemoAccount account) {
    std::unique_ptr<AlpacaSession> s(new AlpacaSession);
    s->m_clock = makeClock(options);
    demo::Connection::Request request;
    request.inputs.file = options.config.endpoints;
    request.inputs.env = env;
    request.inputs.flags = {options.tradingUrl, options.dataUrl, options.feed};
    request.inputs.demoOnly = options.demo;
    // Keys from the environment, then the keychain the window's Settings stored them in (as
    // the window reads them). Not for a replayed instant: --as-of is the DEMO market, and keys
    // found there would refuse it below; nor for the service (options.keychain).
    if (!options.asOf && options.keychain)
        request.inputs.storedKeys = [] { return keychain::readStoredKeys(); };
    request.clock = s->m_clock.get();
    // DEMO shares the window's account, except in a replayed instant (--as-of), which stays
    // exactly reproducible.
    if (!options.asOf && account == DemoAccount::Shared)
        request.demoAccountFolder = demo::Connection::defaultDemoAccountFolder();
    auto connection = demo::Connection::open(request);
    if (!connection)
        return connection.error();
    // As in the window, --as-of means the DEMO market at that instant. With an account it would
    // only move this clock: an order sent now, recorded then, outside the day's count.
    if (options.asOf && (*connection)->mode() != TradingMode::Demo)
        return Error::make(
            "--as-of replays an instant of the DEMO market; with an Alpaca account (" +
            (*connection)->modeName().toStdString() +
            " here) the clock would say one time and the market another: drop "
            "--as-of, or the keys and URLs to replay in DEMO");
    s->m_connection = std::move(connection).value();
    return s;
}

int runWithSession(QCommandLineParser &parser, const QStringList &args, const char *usage,
                   const std::function<int(const CommandLine &, AlpacaSession &)> &body) {
    auto prologue = commandPrologue(parser, args, usage);
    if (const int *exitCode = std::get_if<int>(&prologue))
        return *exitCode;
    const CommandLine &cl = std::get<CommandLine>(prologue);
    auto session = AlpacaSession::open(cl.global);
    if (!session)
        return fail(QString::fromStdString(session.error().message));
    return body(cl, **session);
}

} // namespace cg::cli
