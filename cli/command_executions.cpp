// chaingate-cli executions [--limit N] [--csv|--json] [--symbol S] [--mode M]: the recorded
// decisions, newest first; a multi-leg one with its legs (a line under it, a "legs" column or
// array).

#include "cli/global_options.h"
#include "cli/output.h"
#include "storage/execution_csv.h"
#include "storage/execution_json.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

namespace cg::cli {

namespace {

constexpr const char *kExecutionsUsage =
    "executions [--limit N] [--csv|--json] [--symbol S] [--mode M]";

QString money(const std::optional<double> &v) {
    return v ? QString::number(*v, 'f', 2) : QStringLiteral("-");
}

QString table(const std::vector<ExecutionRecord> &rows) {
    QString text = QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8  %9  %10\n")
                       .arg(QStringLiteral("TIME (UTC)"), -24)
                       .arg(QStringLiteral("TICKER"), -6)
                       .arg(QStringLiteral("ACTION"), -6)
                       .arg(QStringLiteral("MODE"), -18)
                       .arg(QStringLiteral("CONTRACT"), -21)
                       .arg(QStringLiteral("QTY"), 4)
                       .arg(QStringLiteral("LIMIT"), 8)
                       .arg(QStringLiteral("BID/ASK"), 13)
                       .arg(QStringLiteral("STATUS"), -10)
                       .arg(QStringLiteral("ORDER ID / FALLBACK REASON"));
    for (const ExecutionRecord &r : rows) {
        const QString note =
            QString::fromStdString(r.orderId.empty() ? r.fallbackReason : r.orderId);
        text +=
            QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8  %9  %10\n")
                .arg(isoTime(r.createdAt), -24)
                .arg(QString::fromStdString(r.ticker).left(6), -6)
                .arg(QString::fromStdString(r.action).left(6), -6)
                .arg(QString::fromLatin1(toString(r.mode)), -18)
                .arg(QString::fromStdString(r.legs.empty() ? r.optionSymbol : r.strategy).left(21),
                     -21)
                .arg(r.qty ? QString::number(*r.qty) : QStringLiteral("-"), 4)
                .arg(money(r.limitPrice), 8)
                .arg(money(r.bid) + QLatin1Char('/') + money(r.ask), 13)
                .arg(QString::fromStdString(r.orderStatus).left(10), -10)
                .arg(note.simplified().left(60));
        // A multi-leg execution: its legs under it, at their fills (or mids).
        if (!r.legs.empty())
            text += QStringLiteral("%1legs: %2\n")
                        .arg(QString(26, QLatin1Char(' ')), legsSummary(r.legs));
    }
    return text;
}

} // namespace

int runExecutions(const QStringList &args) {
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("limit"), QStringLiteral("How many executions (default 20)."),
         QStringLiteral("N")},
        {QStringLiteral("csv"), QStringLiteral("CSV on stdout, every column.")},
        {QStringLiteral("symbol"), QStringLiteral("Only this underlying."),
         QStringLiteral("SYMBOL")},
        {QStringLiteral("mode"),
         QStringLiteral("Only this execution mode (ALPACA_PAPER, ALPACA_LIVE, "
                        "SIMULATED_FALLBACK, REJECTED_BY_USER, DEMO)."),
         QStringLiteral("MODE")},
    });
    auto prologue = commandPrologue(parser, args, kExecutionsUsage);
    if (const int *exitCode = std::get_if<int>(&prologue))
        return *exitCode;
    const CommandLine *cl = &std::get<CommandLine>(prologue);
    const bool json = cl->global.json;
    const bool asCsv = parser.isSet(QStringLiteral("csv"));
    if (json && asCsv)
        return fail(QStringLiteral("--csv and --json cannot be combined; pick one"));

    ExecutionFilter filter;
    filter.limit = 20;
    if (parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        filter.limit = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || filter.limit <= 0)
            return fail(QStringLiteral("--limit must be a positive whole number"));
    }
    if (parser.isSet(QStringLiteral("symbol")))
        filter.ticker = parser.value(QStringLiteral("symbol")).trimmed().toUpper().toStdString();
    if (parser.isSet(QStringLiteral("mode"))) {
        const QString m = parser.value(QStringLiteral("mode")).trimmed().toUpper();
        const auto mode = parseExecutionMode(m.toStdString());
        if (!mode)
            return fail(QStringLiteral("'%1' is not an execution mode; use ALPACA_PAPER, "
                                       "ALPACA_LIVE, SIMULATED_FALLBACK, REJECTED_BY_USER or DEMO")
                            .arg(m.left(40)));
        filter.mode = *mode;
    }

    auto store = openStore(cl->global);
    if (!store)
        return fail(QString::fromStdString(store.error().message));
    auto rows = (*store)->records().executions(filter);
    if (!rows)
        return fail(QString::fromStdString(rows.error().message));

    if (json) {
        QJsonArray list;
        for (const ExecutionRecord &r : *rows)
            list.append(executionToJson(r));
        printJson(QJsonDocument(QJsonObject{{QStringLiteral("executions"), list},
                                            {QStringLiteral("database"), (*store)->displayUrl()}}));
    } else if (asCsv) {
        const QByteArray bytes = executionsCsv(*rows).toUtf8();
        std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stdout);
        std::fflush(stdout);
    } else if (rows->empty()) {
        printText(QStringLiteral("No executions in %1").arg((*store)->displayUrl()));
    } else {
        printText(table(*rows));
    }
    return 0;
}

} // namespace cg::cli
