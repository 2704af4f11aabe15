// chaingate-cli strategy SYMBOL --template NAME [--dte N | --dte-min N --dte-max N]
//     [--short-delta D | --otm-pct P] [--width W] [--far-gap DAYS] [--json]
// A multi-leg strategy placed on the live chain (domain/strategy_builder.h): its legs with their
// five gates, the net price at mid and natural, max profit and loss, break-evens, probability
// of profit, combined greeks and the combination's spread gate. Nothing is ordered. What no flag
// sets is the template's setting as the dispatcher trades it: [multileg_NAME] in the config
// file, else the template's default (an iron condor's shorts at 16 delta, 25-45 days out).

#include "alpaca/rfc3339.h"
#include "cli/alpaca_session.h"
#include "cli/await_result.h"
#include "cli/output.h"
#include "cli/text_table.h"
#include "dispatch/dispatcher_settings.h"
#include "dispatch/strategy_json.h"
#include "domain/black_scholes_greeks.h"
#include "domain/eastern_time.h"
#include "domain/strategy_builder.h"

#include <QJsonArray>

namespace cg::cli {

namespace {

constexpr const char *kStrategyUsage =
    "strategy SYMBOL --template NAME [--dte N | --dte-min N --dte-max N] "
    "[--short-delta D | --otm-pct P] [--width W] [--far-gap DAYS] [--json]";

// --dte N: the first expiry at least N days out, up to two weeks later.
constexpr int kDteSpan = 14;

Result<double> numberOption(const QCommandLineParser &p, const QString &name, double lo,
                            double hi) {
    bool ok = false;
    const double v = p.value(name).toDouble(&ok);
    if (!ok || !(v >= lo && v <= hi))
        return Error::make(QStringLiteral("--%1 \"%2\" must be a number from %3 to %4")
                               .arg(name, p.value(name).left(20))
                               .arg(lo)
                               .arg(hi)
                               .toStdString());
    return v;
}

// The template's settings as the dispatcher trades it (the config file's [multileg_NAME], else
// the template's defaults), then the flags given.
Result<StrategyBuildParams> paramsFrom(const QCommandLineParser &p,
                                       const DispatcherSettings &settings) {
    const QString name = p.value(QStringLiteral("template"));
    const auto kind = parseStrategyTemplate(name.toStdString());
    if (!kind) {
        QStringList names;
        for (const auto t : allStrategyTemplates())
            names << QString::fromLatin1(toString(t).data());
        return Error::make(QStringLiteral("--template \"%1\" is not one of %2")
                               .arg(name.left(30), names.join(QStringLiteral(", ")))
                               .toStdString());
    }
    StrategyBuildParams params = settings.strategySettings(*kind).build;
    const bool dte = p.isSet(QStringLiteral("dte"));
    if (dte && (p.isSet(QStringLiteral("dte-min")) || p.isSet(QStringLiteral("dte-max"))))
        return Error::make("use either --dte or --dte-min/--dte-max, not both");
    if (dte) {
        auto n = numberOption(p, QStringLiteral("dte"), 0, 3650);
        if (!n)
            return n.error();
        params.minDte = static_cast<int>(*n);
        params.maxDte = params.minDte + kDteSpan;
    }
    for (const auto &[key, field] : {std::pair{QStringLiteral("dte-min"), &params.minDte},
                                     std::pair{QStringLiteral("dte-max"), &params.maxDte}}) {
        if (!p.isSet(key))
            continue;
        auto n = numberOption(p, key, 0, 3650);
        if (!n)
            return n.error();
        *field = static_cast<int>(*n);
    }
    if (params.minDte > params.maxDte)
        return Error::make("--dte-min is larger than --dte-max");
    if (p.isSet(QStringLiteral("short-delta")) && p.isSet(QStringLiteral("otm-pct")))
        return Error::make("use either --short-delta or --otm-pct, not both");
    if (p.isSet(QStringLiteral("short-delta"))) {
        auto d = numberOption(p, QStringLiteral("short-delta"), 0.01, 0.99);
        if (!d)
            return d.error();
        params.shortDelta = *d;
        params.otmPct = 0.0;
    }
    if (p.isSet(QStringLiteral("otm-pct"))) {
        auto o = numberOption(p, QStringLiteral("otm-pct"), 0, 50);
        if (!o)
            return o.error();
        params.otmPct = *o;
        params.shortDelta.reset(); // a delta (the template's or the file's) would win over it
    }
    if (p.isSet(QStringLiteral("width"))) {
        auto w = numberOption(p, QStringLiteral("width"), 0.01, 10000);
        if (!w)
            return w.error();
        params.width = *w;
    }
    if (p.isSet(QStringLiteral("far-gap"))) {
        auto g = numberOption(p, QStringLiteral("far-gap"), 1, 730);
        if (!g)
            return g.error();
        params.farGapDays = static_cast<int>(*g);
    }
    return params;
}

QString price(double v) {
    return QString::number(v, 'f', 2);
}

QString moneyOrUnlimited(std::optional<double> v, bool unlimited) {
    return unlimited ? QStringLiteral("unlimited")
           : v       ? QStringLiteral("$") + QString::number(*v, 'f', 2)
                     : QStringLiteral("-");
}

} // namespace

int runStrategy(const QStringList &args) {
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("template"),
         QStringLiteral("bull_call_spread, bear_call_spread, bull_put_spread, bear_put_spread, "
                        "long_straddle, short_straddle, long_strangle, short_strangle, "
                        "iron_condor, iron_butterfly, butterfly, calendar, diagonal."),
         QStringLiteral("NAME")},
        {QStringLiteral("dte"),
         QStringLiteral("The first expiry at least N days out (up to N+14)."), QStringLiteral("N")},
        {QStringLiteral("dte-min"), QStringLiteral("At least N days to expiry."),
         QStringLiteral("N")},
        {QStringLiteral("dte-max"), QStringLiteral("At most N days to expiry."),
         QStringLiteral("N")},
        {QStringLiteral("short-delta"),
         QStringLiteral("Place the short legs at this |delta| (default: the template's)."),
         QStringLiteral("D")},
        {QStringLiteral("otm-pct"),
         QStringLiteral("Place the short legs this % from the spot (0: at the money)."),
         QStringLiteral("P")},
        {QStringLiteral("width"),
         QStringLiteral("Dollars from a short leg to its wing (default: the template's)."),
         QStringLiteral("W")},
        {QStringLiteral("far-gap"),
         QStringLiteral("Calendar/diagonal: the far expiry at least DAYS after the near (28)."),
         QStringLiteral("DAYS")},
    });
    parser.addPositionalArgument(QStringLiteral("SYMBOL"),
                                 QStringLiteral("The underlying, e.g. SPY."));
    auto prologue = commandPrologue(parser, args, kStrategyUsage, true);
    if (const int *exitCode = std::get_if<int>(&prologue))
        return *exitCode;
    const CommandLine *cl = &std::get<CommandLine>(prologue);
    if (cl->positional.size() != 1)
        return fail(QStringLiteral("strategy needs one SYMBOL, e.g. chaingate-cli strategy SPY "
                                   "--template iron_condor"));
    if (!parser.isSet(QStringLiteral("template")))
        return fail(QStringLiteral("strategy needs --template NAME, e.g. --template iron_condor"));
    auto params = paramsFrom(parser, cl->global.config.dispatcher);
    if (!params)
        return fail(QString::fromStdString(params.error().message));

    auto session = AlpacaSession::open(cl->global);
    if (!session)
        return fail(QString::fromStdString(session.error().message));
    alpaca::AlpacaClient &client = (*session)->client();
    const Timestamp now = (*session)->clock().now();

    using namespace std::chrono;
    ChainQuery query;
    query.underlying = cl->positional.first().toStdString();
    const year_month_day today = easternDate(now);
    query.expiryFrom = year_month_day{sys_days{today} + days{params->minDte}};
    const int farDays = spansExpiries(params->kind) ? params->farGapDays + 45 : 0;
    query.expiryTo = year_month_day{sys_days{today} + days{params->maxDte + farDays}};

    auto spot = awaitResult<UnderlyingPrice>(
        [&](auto done) { client.underlyingPrice(query.underlying, done); });
    if (!spot)
        return fail(QString::fromStdString(spot.error().message));
    auto chain = awaitResult<OptionChain>([&](auto done) { client.optionChain(query, done); });
    if (!chain)
        return fail(QString::fromStdString(chain.error().message));
    completeGreeks(chain.value().contracts, spot->price, now);

    auto strategy = buildStrategy(chain->contracts, query.underlying, spot->price, *params, now);
    if (!strategy)
        return fail(QString::fromStdString(strategy.error().message));
    auto figures = strategyFigures(*strategy, spot->price, now);
    if (!figures)
        return fail(QString::fromStdString(figures.error().message));
    const auto &dispatcher = cl->global.config.dispatcher;
    const auto gates = legGates(*strategy, dispatcher.gates, now);
    const ComboGateResult combo = comboSpreadGate(*strategy);

    const QString asOf = QString::fromStdString(alpaca::formatRfc3339(now));
    if (cl->global.json) {
        QJsonObject out = strategyJson(*strategy, *figures, gates, combo);
        out.insert(QStringLiteral("underlying"),
                   QJsonObject{{QStringLiteral("symbol"), QString::fromStdString(spot->symbol)},
                               {QStringLiteral("price"), spot->price}});
        out.insert(QStringLiteral("as_of"), asOf);
        printJson(QJsonDocument(out));
        return 0;
    }

    TextTable table({QStringLiteral("SIDE"), QStringLiteral("RATIO>"), QStringLiteral("SYMBOL"),
                     QStringLiteral("EXPIRY"), QStringLiteral("TYPE"), QStringLiteral("STRIKE>"),
                     QStringLiteral("BID>"), QStringLiteral("ASK>"), QStringLiteral("DELTA>"),
                     QStringLiteral("IV%>"), QStringLiteral("GATES")});
    for (std::size_t i = 0; i < strategy->legs.size(); ++i) {
        const StrategyLeg &leg = strategy->legs[i];
        const OptionContract &c = leg.contract;
        QString gateText = QStringLiteral("PASS");
        if (const GateResult *f = gates[i].firstFailure())
            gateText = QStringLiteral("fail: ") + QString::fromStdString(f->reason());
        table.addRow(
            {leg.side == OrderSide::Buy ? QStringLiteral("buy") : QStringLiteral("sell"),
             QString::number(leg.ratio), QString::fromStdString(c.symbol),
             QString::fromStdString(alpaca::formatIsoDate(c.expiry)),
             QString::fromLatin1(toString(c.type).data()), QString::number(c.strike),
             fixedOrDash(c.quote ? std::optional<double>(c.quote->bid) : std::nullopt, 2),
             fixedOrDash(c.quote ? std::optional<double>(c.quote->ask) : std::nullopt, 2),
             fixedOrDash(c.greeks ? std::optional<double>(c.greeks->delta) : std::nullopt, 3),
             fixedOrDash(c.impliedVol ? std::optional<double>(*c.impliedVol * 100) : std::nullopt,
                         1),
             gateText});
    }
    const StrategyFigures &f = *figures;
    // Each price with its own side: a condor's mid can be a credit while its natural is a debit.
    const auto net = [&](double v) {
        return QStringLiteral("%1 %2").arg(
            v >= 0.0 ? QStringLiteral("debit") : QStringLiteral("credit"), price(std::abs(v)));
    };
    QStringList breakEvens;
    for (const double b : f.breakEvens)
        breakEvens << price(b);
    QString text =
        QStringLiteral("%1 %2 (%3) as of %4\n%5\n")
            .arg(QString::fromStdString(spot->symbol), price(spot->price), (*session)->modeName(),
                 asOf, QString::fromStdString(strategy->explanation)) +
        table.toString() +
        QStringLiteral("Net %1 at mid, %2 at natural (combined spread %3)\n")
            .arg(net(f.netMid), net(f.netNatural), price(f.combinedSpread)) +
        QStringLiteral("Max profit %1, max loss %2 per unit\n")
            .arg(moneyOrUnlimited(f.maxProfit ? std::optional(*f.maxProfit * f.multiplier)
                                              : std::nullopt,
                                  f.unlimitedProfit()),
                 moneyOrUnlimited(f.maxLossDollars(), f.unlimitedLoss())) +
        QStringLiteral("Break-evens %1\n")
            .arg(breakEvens.isEmpty() ? QStringLiteral("none")
                                      : breakEvens.join(QStringLiteral(", ")));
    text += QStringLiteral("Probability of profit %1\n")
                .arg(f.probabilityOfProfit
                         ? QString::number(*f.probabilityOfProfit * 100, 'f', 1) + QLatin1Char('%')
                         : QStringLiteral("unknown (a leg has no IV)"));
    if (f.greeks)
        text +=
            QStringLiteral("Greeks per unit (per share): delta %1, gamma %2, theta %3, vega %4\n")
                .arg(QString::number(f.greeks->delta, 'f', 3),
                     QString::number(f.greeks->gamma, 'f', 4),
                     QString::number(f.greeks->theta, 'f', 3),
                     QString::number(f.greeks->vega, 'f', 3));
    text += QStringLiteral("Combination: %1 (%2)\n")
                .arg(combo.pass ? QStringLiteral("PASS") : QStringLiteral("FAIL"),
                     QString::fromStdString(combo.reason));
    printText(text);
    return 0;
}

} // namespace cg::cli
