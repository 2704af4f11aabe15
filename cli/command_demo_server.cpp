// chaingate-cli demo-server [--port N] [--faults SPEC] [--seed N] [--synthetic SYMBOL:COUNT]
//                           [--keys-from-env] [--as-of TIME]
// Serves the simulated market in Alpaca's wire format on 127.0.0.1 until SIGINT or SIGTERM: REST,
// the option stream (ws://.../v1beta1/indicative) and trade updates (ws://.../stream). With
// --as-of the market's clock starts at that instant and runs from there. It prints the lines that
// point any Alpaca client (chaingate-cli, the official SDKs) at it.

#include "alpaca/as_of.h"
#include "alpaca/rfc3339.h"
#include "cli/commands.h"
#include "cli/global_options.h"
#include "cli/output.h"
#include "domain/clock.h"
#include "fake_alpaca/fake_alpaca_server.h"
#include "market/simulated_market.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonObject>
#include <QSocketNotifier>

#include <csignal>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>

namespace cg::cli {

namespace {

int g_signalFd = -1;

// Only async-signal-safe work here: wake the event loop through a socket.
void onSignal(int) {
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(g_signalFd, &byte, 1);
}

} // namespace

int runDemoServer(const QStringList &args) {
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("port"), QStringLiteral("Port on 127.0.0.1 (0: any free port)."),
         QStringLiteral("N"), QStringLiteral("0")},
        {QStringLiteral("faults"),
         QStringLiteral("Faults to inject, e.g. latency=200ms,500s=2 or, for the "
                        "streams, stream-disconnect=30s,stream-silence=10s,"
                        "stream-malformed=3."),
         QStringLiteral("SPEC")},
        {QStringLiteral("seed"), QStringLiteral("Seed of the simulated market."),
         QStringLiteral("N"), QStringLiteral("20261126")},
        {QStringLiteral("synthetic"),
         QStringLiteral("Also list a benchmark underlying with exactly COUNT contracts."),
         QStringLiteral("SYMBOL:COUNT")},
        // From the environment, never argv: a secret on the command line is visible in ps.
        {QStringLiteral("keys-from-env"),
         QStringLiteral("Accept APCA_API_KEY_ID / APCA_API_SECRET_KEY instead of the DEMO keys.")},
        // Global options every command accepts.
        {QStringLiteral("json"), QStringLiteral("Machine-readable output.")},
        {QStringLiteral("trading-url"), QString(), QStringLiteral("URL")},
        {QStringLiteral("data-url"), QString(), QStringLiteral("URL")},
        {QStringLiteral("feed"), QString(), QStringLiteral("FEED")},
        {QStringLiteral("db"), QString(), QStringLiteral("URL")},
        {QStringLiteral("as-of"),
         QStringLiteral("Start the market's clock at this instant (ISO-8601; New York time "
                        "without an offset) instead of now; it runs from there."),
         QStringLiteral("TIME")},
        {QStringLiteral("config"), QString(), QStringLiteral("FILE")},
        {QStringLiteral("verbose"), QStringLiteral("Show the server's log on stderr.")},
        {QStringLiteral("demo"), QStringLiteral("Accepted: this server is the DEMO market.")},
    });
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("This help."));
    parser.addOption(help);
    if (!parser.parse(QStringList{QStringLiteral("chaingate-cli demo-server")} + args))
        return fail(parser.errorText());
    if (parser.isSet(help)) {
        printText(QStringLiteral("Usage: chaingate-cli demo-server [options]\n"
                                 "A fake Alpaca (REST and streams) on loopback, over a simulated "
                                 "market.\n\n") +
                  parser.helpText().section(QLatin1Char('\n'), 2));
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("demo-server takes no arguments, got '%1'")
                        .arg(parser.positionalArguments().first()));

    bool ok = false;
    const uint port = parser.value(QStringLiteral("port")).toUInt(&ok);
    if (!ok || port > 65535)
        return fail(QStringLiteral("--port must be a number from 0 to 65535"));
    const qulonglong seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok)
        return fail(QStringLiteral("--seed must be a non-negative whole number"));
    const auto faults = fake::FaultSpec::parse(parser.value(QStringLiteral("faults")));
    if (!faults)
        return fail(QString::fromStdString(faults.error().message));

    std::unique_ptr<Clock> clock = std::make_unique<SystemClock>();
    if (parser.isSet(QStringLiteral("as-of"))) {
        const auto start = alpaca::parseAsOf(parser.value(QStringLiteral("as-of")));
        if (!start)
            return fail(QString::fromStdString(start.error().message));
        clock = std::make_unique<ReplayClock>(*start);
    }
    market::SimulatedMarket::Options options;
    options.seed = seed;
    market::SimulatedMarket market(clock->now(), options);
    if (parser.isSet(QStringLiteral("synthetic"))) {
        const QStringList parts = parser.value(QStringLiteral("synthetic")).split(QLatin1Char(':'));
        const int count = parts.value(1).toInt(&ok);
        if (parts.size() != 2 || parts[0].isEmpty() || !ok || count < 1 || count > 1'000'000)
            return fail(QStringLiteral("--synthetic must look like BENCH:10000"));
        market::UnderlyingSpec spec;
        spec.symbol = parts[0].toUpper().toStdString();
        spec.startPrice = 500.0;
        spec.vol = 0.2;
        market.addSyntheticUnderlying(spec, count);
    }

    fake::FakeAlpacaServer::Credentials credentials;
    if (parser.isSet(QStringLiteral("keys-from-env"))) {
        credentials.keyId = qEnvironmentVariable("APCA_API_KEY_ID");
        credentials.secret = qEnvironmentVariable("APCA_API_SECRET_KEY");
        if (credentials.keyId.isEmpty() || credentials.secret.isEmpty())
            return fail(QStringLiteral("--keys-from-env needs APCA_API_KEY_ID and "
                                       "APCA_API_SECRET_KEY set"));
    }
    fake::FakeAlpacaServer server(&market, credentials);
    server.setClock(clock.get());
    server.setFaults(*faults);
    if (!server.listen(static_cast<quint16>(port)))
        return fail(QStringLiteral("cannot listen on 127.0.0.1:%1: %2")
                        .arg(port)
                        .arg(server.errorString()));

    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0)
        return fail(QStringLiteral("cannot set up signal handling"));
    g_signalFd = fds[0];
    struct sigaction sa = {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
    QSocketNotifier notifier(fds[1], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, qApp, [&] {
        char byte = 0;
        [[maybe_unused]] const auto n = ::read(fds[1], &byte, 1);
        QCoreApplication::quit();
    });

    const QString url = server.baseUrl().toString();
    const QString marketTime = QString::fromStdString(alpaca::formatRfc3339(clock->now()));
    const bool demoKeys = !parser.isSet(QStringLiteral("keys-from-env"));
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject o{{"url", url},
                      {"port", server.port()},
                      {"faults", faults->toString()},
                      {"seed", QString::number(seed)},
                      {"market_time", marketTime}};
        // The demo keys are not secrets (they open only this loopback server); keys taken from
        // the environment are never printed.
        if (demoKeys) {
            o.insert(QStringLiteral("key_id"), credentials.keyId);
            o.insert(QStringLiteral("secret_key"), credentials.secret);
        }
        printJson(QJsonDocument(o));
    } else {
        printText(QStringLiteral("Fake Alpaca listening on %1").arg(url));
        printText(QStringLiteral("Market clock %1, seed %2").arg(marketTime).arg(seed));
        if (demoKeys)
            printText(QStringLiteral("Accepts key id %1 with secret %2. Point any Alpaca client "
                                     "at it (chaingate-cli, the official SDKs) in another shell:")
                          .arg(credentials.keyId, credentials.secret));
        else
            printText(QStringLiteral("Accepts the APCA_API_KEY_ID / APCA_API_SECRET_KEY of its "
                                     "environment. Point any Alpaca client at it with those "
                                     "keys set:"));
        QString exports =
            QStringLiteral("  export APCA_API_BASE_URL=%1 APCA_API_DATA_URL=%1").arg(url);
        if (demoKeys)
            exports += QStringLiteral(" APCA_API_KEY_ID=%1 APCA_API_SECRET_KEY=%2")
                           .arg(credentials.keyId, credentials.secret);
        printText(exports);
    }

    const int rc = QCoreApplication::exec();
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    server.close();
    ::close(fds[0]);
    ::close(fds[1]);
    g_signalFd = -1;
    return rc;
}

} // namespace cg::cli
