// chaingate-cli executions [--limit N] [--csv|--json] [--symbol S] [--mode M]: the recorded
// decisions, newest first.

#include "cli/output.h"
#include "cli/store_options.h"
#include "storage/execution_json.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

namespace cg::cli {

namespace {

constexpr const char *kUsage = "executions [--limit N] [--csv|--json] [--symbol S] [--mode M]";

QString cellText(const QJsonValue &v) {
    switch (v.type()) {
    case QJsonValue::Double:
        return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return {};
    }
}

// RFC 4180 quoting. Text that a spreadsheet would run as a formula gets a leading apostrophe.
QString csvField(const QJsonValue &v) {
    QString s = cellText(v);
    if (v.isString() && !s.isEmpty() && QStringLiteral("=+-@\t\r").contains(s.front()))
        s.prepend(QLatin1Char('\''));
    if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) ||
        s.contains(QLatin1Char('\n')) || s.contains(QLatin1Char('\r')) || s.startsWith(' ') ||
        s.endsWith(' ')) {
        s.replace(QLatin1String("\""), QLatin1String("\"\""));
        s = QLatin1Char('"') + s + QLatin1Char('"');
    }
    return s;
}

QString csv(const std::vector<ExecutionRecord> &rows) {
    const QStringList &columns = executionColumns();
    QString out = columns.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    for (const ExecutionRecord &r : rows) {
        const QJsonObject o = executionToJson(r);
        QStringList cells;
        for (const QString &c : columns)
            cells << csvField(o.value(c));
        out += cells.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out;
}

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
        text += QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8  %9  %10\n")
                    .arg(isoTime(r.createdAt), -24)
                    .arg(QString::fromStdString(r.ticker).left(6), -6)
                    .arg(QString::fromStdString(r.action).left(6), -6)
                    .arg(QString::fromLatin1(toString(r.mode)), -18)
                    .arg(QString::fromStdString(r.optionSymbol).left(21), -21)
                    .arg(r.qty ? QString::number(*r.qty) : QStringLiteral("-"), 4)
                    .arg(money(r.limitPrice), 8)
                    .arg(money(r.bid) + QLatin1Char('/') + money(r.ask), 13)
                    .arg(QString::fromStdString(r.orderStatus).left(10), -10)
                    .arg(note.simplified().left(60));
    }
    return text;
}

} // namespace

int runExecutions(const QStringList &args) {
    QCommandLineParser parser;
    addStoreOptions(parser);
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
    if (auto parsed = parseStoreCommandLine(parser, args); !parsed)
        return fail(QString::fromStdString(parsed.error().message));
    if (parser.isSet(QStringLiteral("help"))) {
        printText(QStringLiteral("Usage: chaingate-cli %1\n").arg(QLatin1String(kUsage)) +
                  parser.helpText().section(QLatin1Char('\n'), 1));
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("unexpected argument '%1' (usage: chaingate-cli %2)")
                        .arg(parser.positionalArguments().first().left(40), QLatin1String(kUsage)));
    const bool json = parser.isSet(QStringLiteral("json"));
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

    auto store = openStore(databaseUrl(parser));
    if (!store)
        return fail(QString::fromStdString(store.error().message));
    auto rows = (*store)->executions(filter);
    if (!rows)
        return fail(QString::fromStdString(rows.error().message));

    if (json) {
        QJsonArray list;
        for (const ExecutionRecord &r : *rows)
            list.append(executionToJson(r));
        printJson(QJsonDocument(QJsonObject{{QStringLiteral("executions"), list},
                                            {QStringLiteral("database"), (*store)->displayUrl()}}));
    } else if (asCsv) {
        const QByteArray bytes = csv(*rows).toUtf8();
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
