#include "cli/store_options.h"

#include <QProcessEnvironment>

namespace cg::cli {

void addStoreOptions(QCommandLineParser &parser) {
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOptions({
        {QStringLiteral("json"), QStringLiteral("One JSON document on stdout.")},
        {QStringLiteral("db"),
         QStringLiteral("Database URL: sqlite:/path/file.db or "
                        "postgresql://user:password@host:port/db (CHAINGATE_DB)."),
         QStringLiteral("URL")},
        {QStringLiteral("trading-url"), QStringLiteral("Trading API base URL."),
         QStringLiteral("URL")},
        {QStringLiteral("data-url"), QStringLiteral("Market data API base URL."),
         QStringLiteral("URL")},
        {QStringLiteral("feed"), QStringLiteral("Options feed."), QStringLiteral("FEED")},
        {QStringLiteral("as-of"), QStringLiteral("Evaluate at this instant."),
         QStringLiteral("TIME")},
        {QStringLiteral("config"), QStringLiteral("The GUI's settings file."),
         QStringLiteral("FILE")},
        {{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")},
    });
}

Result<Unit> parseStoreCommandLine(QCommandLineParser &parser, const QStringList &args) {
    QStringList argv = args;
    argv.prepend(QStringLiteral("chaingate-cli"));
    if (!parser.parse(argv))
        return Error::make(parser.errorText().toStdString());
    return Unit{};
}

QString databaseUrl(const QCommandLineParser &parser) {
    if (parser.isSet(QStringLiteral("db")))
        return parser.value(QStringLiteral("db"));
    return QProcessEnvironment::systemEnvironment().value(QStringLiteral("CHAINGATE_DB"));
}

Result<std::unique_ptr<ExecutionStore>> openStore(const QString &url) {
    auto store = std::make_unique<ExecutionStore>();
    if (auto opened = store->open(url); !opened)
        return opened.error();
    return store;
}

} // namespace cg::cli
