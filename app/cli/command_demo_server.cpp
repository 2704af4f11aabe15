// chaingate-cli demo-server [--port N] [--faults SPEC] [--seed N] [--synthetic SYMBOL:COUNT]
//                           [--keys-from-env]
// Serves the simulated market in Alpaca's wire format on 127.0.0.1 until SIGINT or SIGTERM: REST,
// the option stream (ws://.../v1beta1/indicative) and trade updates (ws://.../stream).

#include "alpaca/fake/fake_alpaca_server.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "domain/clock.h"
#include "market/simulated_market.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonObject>
#include <QSocketNotifier>

#include <csignal>
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
        {QStringLiteral("as-of"), QString(), QStringLiteral("TIME")},
        {QStringLiteral("config"), QString(), QStringLiteral("FILE")},
    });
    if (!parser.parse(QStringList{QStringLiteral("chaingate-cli demo-server")} + args))
        return fail(parser.errorText());
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

    SystemClock clock;
    market::SimulatedMarket::Options options;
    options.seed = seed;
    market::SimulatedMarket market(clock.now(), options);
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
    server.setClock(&clock);
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
    if (parser.isSet(QStringLiteral("json")))
        printJson(QJsonDocument(QJsonObject{{"url", url},
                                            {"port", server.port()},
                                            {"faults", faults->toString()},
                                            {"seed", QString::number(seed)}}));
    else
        printText(QStringLiteral("Fake Alpaca listening on %1").arg(url));

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
