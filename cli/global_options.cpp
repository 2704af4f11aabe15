#include "cli/global_options.h"

#include "alpaca/as_of.h"
#include "alpaca/resolve_endpoints.h"
#include "alpaca/rfc3339.h"
#include "cli/output.h"
#include "config/config_store.h"
#include "domain/eastern_time.h"

#include <QDate>
#include <QLoggingCategory>
#include <QRegularExpression>

#include <cstdio>

namespace cg::cli {

void addGlobalOptions(QCommandLineParser &parser) {
    parser.addOptions({
        {QStringLiteral("json"), QStringLiteral("One JSON document on stdout.")},
        {QStringLiteral("trading-url"), QStringLiteral("Trading API base URL (APCA_API_BASE_URL)."),
         QStringLiteral("URL")},
        {QStringLiteral("data-url"),
         QStringLiteral("Market data API base URL (APCA_API_DATA_URL)."), QStringLiteral("URL")},
        {QStringLiteral("feed"), QStringLiteral("Options feed: indicative (default) or opra."),
         QStringLiteral("FEED")},
        {QStringLiteral("db"), QStringLiteral("Database URL (CHAINGATE_DB)."),
         QStringLiteral("URL")},
        {QStringLiteral("as-of"),
         QStringLiteral("Evaluate at this instant (ISO-8601) instead of now."),
         QStringLiteral("TIME")},
        {QStringLiteral("config"), QStringLiteral("The GUI's settings file."),
         QStringLiteral("FILE")},
        {QStringLiteral("demo"),
         QStringLiteral("The DEMO market on an in-process server, whatever the keys (the "
                        "environment's or the keychain's).")},
        {QStringLiteral("verbose"), QStringLiteral("Show the engine's log on stderr.")},
        {{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")},
    });
}

Result<QStringList> commandFirst(const QStringList &args) {
    static const QStringList withValue{QStringLiteral("trading-url"), QStringLiteral("data-url"),
                                       QStringLiteral("feed"),        QStringLiteral("db"),
                                       QStringLiteral("as-of"),       QStringLiteral("config")};
    static const QStringList flags{QStringLiteral("json"), QStringLiteral("verbose"),
                                   QStringLiteral("demo")};
    QStringList globals;
    qsizetype i = 0;
    for (; i < args.size() && args[i].startsWith(QLatin1Char('-')); ++i) {
        QString name = args[i];
        while (name.startsWith(QLatin1Char('-')))
            name.remove(0, 1);
        const qsizetype equals = name.indexOf(QLatin1Char('='));
        if (equals >= 0)
            name.truncate(equals);
        if (flags.contains(name) && equals < 0) {
            globals << args[i];
        } else if (withValue.contains(name)) {
            globals << args[i];
            if (equals < 0) {
                if (i + 1 == args.size())
                    return Error::make("--" + name.toStdString() + " needs a value");
                globals << args[++i];
            }
        } else {
            return Error::make("unknown option '" + args[i].left(40).toStdString() +
                               "' before the command (try --help)");
        }
    }
    if (i == args.size())
        return Error::make("no command after the options (try --help)");
    QStringList out{args[i]};
    out << args.mid(i + 1) << globals;
    return out;
}

Result<CommandLine> parseCommandLine(QCommandLineParser &parser, const QStringList &args,
                                     const QProcessEnvironment &env) {
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    QStringList argv = args;
    argv.prepend(QStringLiteral("chaingate-cli"));
    if (!parser.parse(argv))
        return Error::make(parser.errorText().toStdString());
    CommandLine cl;
    cl.helpRequested = parser.isSet(QStringLiteral("help"));
    cl.global.verbose = parser.isSet(QStringLiteral("verbose"));
    // A failing command prints one line on stderr: the engine's own log stays quiet unless
    // asked for (--verbose, or QT_LOGGING_RULES set by whoever runs us).
    if (!cl.global.verbose && !env.contains(QStringLiteral("QT_LOGGING_RULES")))
        QLoggingCategory::setFilterRules(QStringLiteral("chaingate.*=false"));
    cl.positional = parser.positionalArguments();
    GlobalOptions &g = cl.global;
    g.json = parser.isSet(QStringLiteral("json"));
    if (parser.isSet(QStringLiteral("trading-url")))
        g.tradingUrl = QUrl(parser.value(QStringLiteral("trading-url")));
    if (parser.isSet(QStringLiteral("data-url")))
        g.dataUrl = QUrl(parser.value(QStringLiteral("data-url")));
    if (parser.isSet(QStringLiteral("feed")))
        g.feed = parser.value(QStringLiteral("feed"));
    g.demo = parser.isSet(QStringLiteral("demo"));
    if (g.demo && (g.tradingUrl || g.dataUrl))
        return Error::make("--demo runs the DEMO market in this process: drop --trading-url and "
                           "--data-url, or --demo to use that server");
    g.configFile = parser.value(QStringLiteral("config"));
    if (parser.isSet(QStringLiteral("config")) && g.configFile.isEmpty())
        return Error::make("--config needs a file name");
    // Without --config, the window's settings file (its gates, limits and database): the CLI
    // then judges and trades by what the window shows, and its kill switch acts on the same
    // book. None there yet: the defaults.
    auto loaded = config::loadFile(g.configFile);
    if (loaded) {
        g.config = *loaded;
    } else if (parser.isSet(QStringLiteral("config"))) {
        return loaded.error();
    } else {
        // A bad value in the window's file is named and the defaults apply, but for its database:
        // a kill switch pulled from here acts on the window's book. Nothing decides an order
        // with the defaults' limits (commands check configError).
        g.configError = QString::fromStdString(loaded.error().message);
        g.config.databaseUrl = config::databaseUrlIn(QString());
        std::fprintf(stderr, "chaingate-cli: %s: %s; the defaults apply (but for its database)\n",
                     qPrintable(config::defaultConfigPath()), qPrintable(g.configError));
    }
    g.db = alpaca::resolveDatabaseUrl(parser.isSet(QStringLiteral("db"))
                                          ? std::optional(parser.value(QStringLiteral("db")))
                                          : std::nullopt,
                                      env, g.config.databaseUrl);
    if (parser.isSet(QStringLiteral("as-of"))) {
        auto t = alpaca::parseAsOf(parser.value(QStringLiteral("as-of")));
        if (!t)
            return t.error();
        g.asOf = *t;
    }
    return cl;
}

std::unique_ptr<Clock> makeClock(const GlobalOptions &options) {
    if (options.asOf && options.asOfRuns)
        return std::make_unique<ReplayClock>(*options.asOf);
    if (options.asOf)
        return std::make_unique<FixedClock>(*options.asOf);
    return std::make_unique<SystemClock>();
}

Result<std::unique_ptr<ExecutionStore>> openStore(const GlobalOptions &options) {
    auto store = std::make_unique<ExecutionStore>();
    if (auto opened = store->open(options.db); !opened)
        return opened.error();
    return store;
}

std::variant<CommandLine, int> commandPrologue(QCommandLineParser &parser, const QStringList &args,
                                               const char *usage, bool takesPositional) {
    addGlobalOptions(parser);
    auto cl = parseCommandLine(parser, args);
    if (!cl)
        return fail(QString::fromStdString(cl.error().message));
    if (cl->helpRequested) {
        printText(helpText(parser, usage));
        return 0;
    }
    if (!takesPositional && !cl->positional.isEmpty())
        return fail(QStringLiteral("%1 takes no arguments, got '%2' (try --help)")
                        .arg(QString::fromLatin1(usage).section(QLatin1Char(' '), 0, 0),
                             cl->positional.first().left(40)));
    return std::move(*cl);
}

QString helpText(const QCommandLineParser &parser, const char *usage) {
    QString text = parser.helpText();
    // QCommandLineParser's first line names the program only; show the command's own usage.
    const qsizetype eol = text.indexOf(QLatin1Char('\n'));
    return QStringLiteral("Usage: chaingate-cli %1\n").arg(QLatin1String(usage)) +
           (eol >= 0 ? text.mid(eol + 1) : QString());
}

} // namespace cg::cli
