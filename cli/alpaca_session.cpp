#include "cli/alpaca_session.h"

#include "fake_alpaca/demo_backend.h"
#include "cli/output.h"

namespace cg::cli {

AlpacaSession::~AlpacaSession() {
    m_client.reset(); // before the demo server it talks to
}

QString AlpacaSession::modeName() const {
    switch (m_mode) {
    case Mode::Demo:
        return QStringLiteral("DEMO");
    case Mode::Paper:
        return QStringLiteral("PAPER");
    case Mode::Live:
        return QStringLiteral("LIVE");
    }
    return {};
}

Result<std::unique_ptr<AlpacaSession>> AlpacaSession::open(const GlobalOptions &options,
                                                           const QProcessEnvironment &env) {
    auto config = alpacaConfig(options, env);
    if (!config)
        return config.error();
    std::unique_ptr<AlpacaSession> s(new AlpacaSession);
    s->m_clock = makeClock(options);
    AlpacaConfig c = *config;
    if (c.hasKeys() && c.keyId == QLatin1String(fake::kDemoKeyId) &&
        isLoopbackHost(c.tradingUrl.host())) {
        // The demo keys printed by `demo-server`, exported in another shell: still DEMO.
        s->m_mode = Mode::Demo;
    } else if (c.hasKeys()) {
        s->m_mode = c.paper() ? Mode::Paper : Mode::Live;
    } else {
        s->m_mode = Mode::Demo;
        const AlpacaConfig defaults = AlpacaConfig::fromEnvironment(QProcessEnvironment());
        const bool customUrls =
            c.tradingUrl != defaults.tradingUrl || c.dataUrl != defaults.dataUrl;
        if (customUrls) {
            // A demo server started separately; the demo keys only open loopback servers.
            if (!isLoopbackHost(c.tradingUrl.host()) || !isLoopbackHost(c.dataUrl.host()))
                return Error::make("No Alpaca API keys: set APCA_API_KEY_ID and "
                                   "APCA_API_SECRET_KEY, or drop the trading/data URLs to run "
                                   "in DEMO mode");
        } else {
            fake::DemoBackend::Options demo;
            demo.clock = s->m_clock.get();
            s->m_demo = std::make_unique<fake::DemoBackend>(demo);
            if (!s->m_demo->isListening())
                return Error::make("Could not start the DEMO server on 127.0.0.1: " +
                                   s->m_demo->errorString().toStdString());
            c.tradingUrl = s->m_demo->baseUrl();
            c.dataUrl = s->m_demo->baseUrl();
        }
        c.keyId = QString::fromLatin1(fake::kDemoKeyId);
        c.secret = QString::fromLatin1(fake::kDemoSecret);
    }
    s->m_client = std::make_unique<AlpacaClient>(c);
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
