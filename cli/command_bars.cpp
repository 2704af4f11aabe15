// chaingate-cli bars SYMBOL [--timeframe 5Min] [--start T] [--end T] [--json]: the stock's price
// bars from Alpaca's bars endpoint (or the DEMO server's), oldest first.

#include "alpaca/as_of.h"
#include "alpaca/bars_json.h"
#include "alpaca/rfc3339.h"
#include "cli/alpaca_session.h"
#include "cli/await_result.h"
#include "cli/output.h"
#include "cli/text_table.h"
#include "domain/eastern_time.h"

#include <QJsonArray>
#include <QJsonObject>

namespace cg::cli {

namespace {

constexpr char kBarsUsage[] =
    "bars SYMBOL [--timeframe 5Min] [--start TIME] [--end TIME] [--limit N] [--json]";

QString newYorkTime(Timestamp t, bool daily) {
    const auto local = t + easternUtcOffset(t);
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::hh_mm_ss tod{local - day};
    QString s = QString::fromStdString(alpaca::formatIsoDate(std::chrono::year_month_day{day}));
    if (!daily)
        s += QStringLiteral(" %1:%2")
                 .arg(tod.hours().count(), 2, 10, QLatin1Char('0'))
                 .arg(tod.minutes().count(), 2, 10, QLatin1Char('0'));
    return s;
}

} // namespace

int runBars(const QStringList &args) {
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("timeframe"),
         QStringLiteral("1-59Min, 1-23Hour, 1Day, 1Week or 1-12Month (default 1Day)."),
         QStringLiteral("TF")},
        {QStringLiteral("start"),
         QStringLiteral("First bar (ISO-8601; New York time without an offset). Default: the "
                        "start of today for minute and hour bars, 6 months back for longer."),
         QStringLiteral("TIME")},
        {QStringLiteral("end"), QStringLiteral("Last bar (default: now)."), QStringLiteral("TIME")},
        {QStringLiteral("limit"), QStringLiteral("At most N bars, the oldest (default 10000)."),
         QStringLiteral("N")},
    });
    parser.addPositionalArgument(QStringLiteral("SYMBOL"), QStringLiteral("The stock, e.g. SPY."));
    auto prologue = commandPrologue(parser, args, kBarsUsage, true);
    if (const int *exitCode = std::get_if<int>(&prologue))
        return *exitCode;
    const CommandLine *cl = &std::get<CommandLine>(prologue);
    if (cl->positional.size() != 1)
        return fail(QStringLiteral("bars needs one SYMBOL, e.g. chaingate-cli bars SPY"));

    BarsQuery q;
    q.symbol = cl->positional.first().toStdString();
    auto timeframe =
        alpaca::normalizeTimeframe(parser.isSet(QStringLiteral("timeframe"))
                                       ? parser.value(QStringLiteral("timeframe")).toStdString()
                                       : std::string("1Day"));
    if (!timeframe)
        return fail(QString::fromStdString(timeframe.error().message));
    q.timeframe = *timeframe;
    const bool daily = !(q.timeframe.ends_with("Min") || q.timeframe.ends_with("Hour"));
    for (const char *name : {"start", "end"}) {
        if (!parser.isSet(QLatin1String(name)))
            continue;
        auto t = alpaca::parseAsOf(parser.value(QLatin1String(name)));
        if (!t)
            return fail(QStringLiteral("--%1: %2")
                            .arg(QLatin1String(name), QString::fromStdString(t.error().message)));
        (name[0] == 's' ? q.start : q.end) = *t;
    }
    if (parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        q.maxBars = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || q.maxBars < 1)
            return fail(QStringLiteral("--limit must be a whole number of at least 1"));
    }

    auto session = AlpacaSession::open(cl->global);
    if (!session)
        return fail(QString::fromStdString(session.error().message));
    const Timestamp now = (*session)->clock().now();
    if (!q.start)
        q.start = daily ? now - std::chrono::days{183} : easternInstant(easternDate(now), 0, 0);
    if (!q.end)
        q.end = now;
    auto bars = awaitResult<std::vector<PriceBar>>(
        [&](auto done) { (*session)->client().stockBars(q, done); });
    if (!bars)
        return fail(QString::fromStdString(bars.error().message));

    if (cl->global.json) {
        QJsonArray list;
        for (const PriceBar &b : *bars)
            list.append(QJsonObject{{"t", QString::fromStdString(alpaca::formatRfc3339(b.time))},
                                    {"o", b.open},
                                    {"h", b.high},
                                    {"l", b.low},
                                    {"c", b.close},
                                    {"v", qint64(b.volume)},
                                    {"n", qint64(b.trades)},
                                    {"vw", b.vwap}});
        printJson(QJsonDocument(QJsonObject{{"symbol", QString::fromStdString(q.symbol).toUpper()},
                                            {"timeframe", QString::fromStdString(q.timeframe)},
                                            {"bars", list}}));
        return 0;
    }
    if (bars->empty()) {
        printText(QStringLiteral("No %1 bars for %2 in that range (%3).")
                      .arg(QString::fromStdString(q.timeframe),
                           QString::fromStdString(q.symbol).toUpper(), (*session)->modeName()));
        return 0;
    }
    TextTable t({daily ? QStringLiteral("DATE") : QStringLiteral("TIME (NEW YORK)"),
                 QStringLiteral("OPEN>"), QStringLiteral("HIGH>"), QStringLiteral("LOW>"),
                 QStringLiteral("CLOSE>"), QStringLiteral("VOLUME>"), QStringLiteral("TRADES>"),
                 QStringLiteral("VWAP>")});
    for (const PriceBar &b : *bars)
        t.addRow({newYorkTime(b.time, daily), QString::number(b.open, 'f', 2),
                  QString::number(b.high, 'f', 2), QString::number(b.low, 'f', 2),
                  QString::number(b.close, 'f', 2), QString::number(b.volume),
                  QString::number(b.trades), QString::number(b.vwap, 'f', 4)});
    printText(t.toString());
    return 0;
}

} // namespace cg::cli
