// chaingate-cli signal add SYMBOL ACTION [STRATEGY] | signal list: the signal queue
// (dispatch_recommendations) that dispatchers claim from.

#include "cli/global_options.h"
#include "cli/output.h"
#include "storage/execution_json.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace cg::cli {

namespace {

constexpr const char *kSignalUsage = "signal add SYMBOL ACTION [STRATEGY] [--source NAME] | "
                                     "signal list [--limit N]";

QJsonObject signalToJson(const Signal &s) {
    return QJsonObject{
        {QStringLiteral("id"), static_cast<qint64>(s.id)},
        {QStringLiteral("symbol"), QString::fromStdString(s.symbol)},
        {QStringLiteral("action"), QString::fromLatin1(toString(s.action))},
        {QStringLiteral("strategy"), QString::fromLatin1(strategyName(s))},
        {QStringLiteral("status"), QString::fromLatin1(toString(s.status))},
        {QStringLiteral("source"), QString::fromStdString(s.source)},
        {QStringLiteral("created_at"), isoTime(s.createdAt)},
        {QStringLiteral("claimed_by"), QString::fromStdString(s.claimedBy)},
        {QStringLiteral("execution_id"),
         s.executionId ? QJsonValue(static_cast<qint64>(*s.executionId)) : QJsonValue()},
        {QStringLiteral("error"), QString::fromStdString(s.error)},
    };
}

// Ticker symbols as exchanges print them: AAPL, BRK.B, SPY.
Result<std::string> validSymbol(const QString &raw) {
    static const QRegularExpression ticker(QStringLiteral("^[A-Z][A-Z0-9.]{0,9}$"));
    const QString s = raw.trimmed().toUpper();
    if (!ticker.match(s).hasMatch())
        return Error::make(QStringLiteral("'%1' is not a ticker symbol (1 to 10 letters, digits "
                                          "or '.', starting with a letter, e.g. AAPL or BRK.B)")
                               .arg(raw.left(40))
                               .toStdString());
    return s.toStdString();
}

int add(QCommandLineParser &parser, const GlobalOptions &options, const QStringList &positional) {
    if (positional.size() < 3 || positional.size() > 4)
        return fail(QStringLiteral("usage: chaingate-cli signal add SYMBOL ACTION [STRATEGY]"));
    auto symbol = validSymbol(positional.at(1));
    if (!symbol)
        return fail(QString::fromStdString(symbol.error().message));
    const auto action = parseSignalAction(positional.at(2).trimmed().toUpper().toStdString());
    if (!action)
        return fail(QStringLiteral("'%1' is not an action; use CALL, PUT, BUY or SELL (NEUTRAL "
                                   "with a multi-leg strategy)")
                        .arg(positional.at(2).left(40)));
    Signal signal;
    signal.symbol = *symbol;
    signal.action = *action;
    // A single-leg strategy or a multi-leg template: SPY NEUTRAL iron_condor.
    if (auto wrong = setStrategyName(
            signal, positional.size() == 4 ? positional.at(3).trimmed().toLower().toStdString()
                                           : std::string()))
        return fail(QString::fromStdString(*wrong));

    auto store = openStore(options);
    if (!store)
        return fail(QString::fromStdString(store.error().message));
    signal.source = parser.isSet(QStringLiteral("source"))
                        ? parser.value(QStringLiteral("source")).toStdString()
                        : std::string("cli");
    // The replayed instant with --as-of, as a dispatched signal is stamped.
    signal.createdAt =
        std::chrono::time_point_cast<std::chrono::milliseconds>(makeClock(options)->now());
    auto id = (*store)->signals().enqueue(signal);
    if (!id)
        return fail(QString::fromStdString(id.error().message));
    signal.id = *id;

    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject doc{{QStringLiteral("signal"), signalToJson(signal)},
                        {QStringLiteral("database"), (*store)->displayUrl()}};
        printJson(QJsonDocument(doc));
    } else {
        printText(QStringLiteral("Signal %1 queued: %2 %3 %4 (PENDING) in %5")
                      .arg(*id)
                      .arg(QString::fromStdString(signal.symbol),
                           QString::fromLatin1(toString(signal.action)),
                           QString::fromLatin1(strategyName(signal)), (*store)->displayUrl()));
    }
    return 0;
}

int list(QCommandLineParser &parser, const GlobalOptions &options) {
    int limit = 50;
    if (parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        limit = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit <= 0)
            return fail(QStringLiteral("--limit must be a positive whole number"));
    }
    auto store = openStore(options);
    if (!store)
        return fail(QString::fromStdString(store.error().message));
    auto signals = (*store)->signals().list(limit);
    if (!signals)
        return fail(QString::fromStdString(signals.error().message));

    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray rows;
        for (const Signal &s : *signals)
            rows.append(signalToJson(s));
        printJson(QJsonDocument(QJsonObject{{QStringLiteral("signals"), rows}}));
        return 0;
    }
    if (signals->empty()) {
        printText(QStringLiteral("No signals in %1").arg((*store)->displayUrl()));
        return 0;
    }
    QString text = QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
                       .arg(QStringLiteral("ID"), 6)
                       .arg(QStringLiteral("CREATED (UTC)"), -24)
                       .arg(QStringLiteral("SYMBOL"), -8)
                       .arg(QStringLiteral("ACTION"), -6)
                       .arg(QStringLiteral("STRATEGY"), -12)
                       .arg(QStringLiteral("STATUS"), -8)
                       .arg(QStringLiteral("CLAIMED BY / ERROR"));
    for (const Signal &s : *signals) {
        QString note = QString::fromStdString(s.error.empty() ? s.claimedBy : s.error);
        if (s.executionId)
            note = QStringLiteral("execution %1 %2").arg(*s.executionId).arg(note);
        text += QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
                    .arg(s.id, 6)
                    .arg(isoTime(s.createdAt), -24)
                    .arg(QString::fromStdString(s.symbol).left(8), -8)
                    .arg(QString::fromLatin1(toString(s.action)), -6)
                    .arg(QString::fromLatin1(strategyName(s)), -12)
                    .arg(QString::fromLatin1(toString(s.status)), -8)
                    .arg(note.simplified().left(80));
    }
    printText(text);
    return 0;
}

} // namespace

int runSignal(const QStringList &args) {
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("source"), QStringLiteral("Who queued the signal (default cli)."),
         QStringLiteral("NAME")},
        {QStringLiteral("limit"), QStringLiteral("How many signals to list (default 50)."),
         QStringLiteral("N")},
    });
    parser.addPositionalArgument(QStringLiteral("add|list"), QStringLiteral("What to do."));
    auto prologue = commandPrologue(parser, args, kSignalUsage, true);
    if (const int *exitCode = std::get_if<int>(&prologue))
        return *exitCode;
    const CommandLine *cl = &std::get<CommandLine>(prologue);
    const QStringList positional = cl->positional;
    const QString verb = positional.value(0);
    if (verb == QLatin1String("add"))
        return add(parser, cl->global, positional);
    if (verb == QLatin1String("list") && positional.size() == 1)
        return list(parser, cl->global);
    return fail(QStringLiteral("usage: chaingate-cli %1").arg(QLatin1String(kSignalUsage)));
}

} // namespace cg::cli
