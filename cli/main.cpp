// chaingate-cli: builds the object graph for one command and runs it.

#include "cli/commands.h"
#include "cli/global_options.h"
#include "cli/output.h"
#include "config/heap_tuning.h"

#include <QCoreApplication>
#include <QTextStream>

namespace {

QString usage() {
    QString text = QStringLiteral("usage: chaingate-cli COMMAND [options]\n\ncommands:\n");
    for (const auto &c : cg::cli::commands())
        text += QStringLiteral("  %1\n").arg(QString::fromUtf8(c.usage));
    text += QStringLiteral(
        "\nglobal options (before or after the command): --json --trading-url URL --data-url URL "
        "--feed indicative|opra --db URL --as-of ISO-8601 --config FILE --demo\n"
        "keys: APCA_API_KEY_ID / APCA_API_SECRET_KEY, else the OS keychain (the window's "
        "Settings); none means DEMO\n");
    return text;
}

} // namespace

int main(int argc, char *argv[]) {
    cg::config::tuneHeapForChainLoads();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("chaingate"));
    QCoreApplication::setOrganizationName(QStringLiteral("ChainGate"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CHAINGATE_VERSION));

    QStringList args = app.arguments();
    args.removeFirst();
    if (args.isEmpty() || args.first() == QLatin1String("--help") ||
        args.first() == QLatin1String("-h")) {
        cg::cli::printText(usage());
        return args.isEmpty() ? 2 : 0;
    }
    if (args.first() == QLatin1String("--version")) {
        cg::cli::printText(
            QStringLiteral("chaingate-cli %1").arg(QStringLiteral(CHAINGATE_VERSION)));
        return 0;
    }
    if (args.first().startsWith(QLatin1Char('-'))) {
        auto reordered = cg::cli::commandFirst(args);
        if (!reordered)
            return cg::cli::fail(QString::fromStdString(reordered.error().message));
        args = *reordered;
    }
    const QString name = args.takeFirst();
    for (const auto &c : cg::cli::commands()) {
        if (name == QLatin1String(c.name))
            return c.run(args);
    }
    return cg::cli::fail(QStringLiteral("unknown command '%1' (try --help)").arg(name));
}
