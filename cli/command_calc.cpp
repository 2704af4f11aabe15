// chaingate-cli calc: the price and greeks of one option, or its implied volatility from a price,
// by Black-Scholes (the default: the feed's model) or the American model the chain computes its
// own greeks with (--model american; domain/american_option.h). See docs/command-line.md. Pure
// arithmetic: no network, no database.

#include "cli/commands.h"
#include "cli/global_options.h"
#include "cli/output.h"
#include "domain/american_option.h"
#include "domain/black_scholes.h"
#include "domain/market_calendar.h"

#include <QDate>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

namespace cg::cli {

namespace {

Result<double> number(const QCommandLineParser &p, const QString &name, bool positive) {
    if (!p.isSet(name))
        return Error::make(QStringLiteral("--%1 is required").arg(name).toStdString());
    bool ok = false;
    const double v = p.value(name).toDouble(&ok);
    if (!ok || !std::isfinite(v) || (positive && v <= 0.0))
        return Error::make(
            QStringLiteral("--%1 \"%2\" must be a %3number")
                .arg(name, p.value(name), positive ? QStringLiteral("positive ") : QString())
                .toStdString());
    return v;
}

// Calendar days to expiry: --days N, or --expiry DATE counted from the New York date of now
// (or --as-of); the option expires at the close of that date (16:00 New York, 13:00 on an early
// close).
Result<double> yearsToExpiry(const QCommandLineParser &p, const Clock &clock) {
    if (p.isSet(QStringLiteral("days"))) {
        auto days = number(p, QStringLiteral("days"), false);
        if (!days)
            return days.error();
        if (*days < 0)
            return Error::make("--days must not be negative");
        return *days / 365.0;
    }
    if (!p.isSet(QStringLiteral("expiry")))
        return Error::make("give --expiry YYYY-MM-DD or --days N");
    const QDate d = QDate::fromString(p.value(QStringLiteral("expiry")), Qt::ISODate);
    if (!d.isValid())
        return Error::make(QStringLiteral("--expiry \"%1\" is not a date (YYYY-MM-DD)")
                               .arg(p.value(QStringLiteral("expiry")))
                               .toStdString());
    const std::chrono::year_month_day expiry{std::chrono::year{d.year()},
                                             std::chrono::month{unsigned(d.month())},
                                             std::chrono::day{unsigned(d.day())}};
    const auto left = optionExpiryInstant(expiry) - clock.now();
    if (left.count() < 0)
        return Error::make(
            QStringLiteral("the option expired on %1").arg(d.toString(Qt::ISODate)).toStdString());
    return std::chrono::duration<double>(left).count() / (365.0 * 86400.0);
}

QJsonObject greeksJson(const BsResult &r) {
    return QJsonObject{{QStringLiteral("price"), r.price},
                       {QStringLiteral("delta"), r.delta},
                       {QStringLiteral("gamma"), r.gamma},
                       {QStringLiteral("theta_per_day"), r.thetaPerDay},
                       {QStringLiteral("theta_per_year"), r.thetaPerYear},
                       {QStringLiteral("vega_per_point"), r.vegaPerPoint},
                       {QStringLiteral("vega"), r.vega},
                       {QStringLiteral("rho_per_point"), r.rhoPerPoint},
                       {QStringLiteral("rho"), r.rho}};
}

} // namespace

int runCalc(const QStringList &args) {
    constexpr const char *kUsage = "calc --type call|put --spot S --strike K (--expiry DATE | "
                                   "--days N) --rate R (--vol SIGMA | --price P) [--dividend Q] "
                                   "[--model black-scholes|american]";
    QCommandLineParser parser;
    for (const char *name :
         {"type", "spot", "strike", "expiry", "days", "rate", "vol", "price", "dividend", "model"})
        parser.addOption(
            QCommandLineOption(QString::fromLatin1(name), QString(), QStringLiteral("value")));
    auto prologue = commandPrologue(parser, args, kUsage);
    if (const int *exitCode = std::get_if<int>(&prologue))
        return *exitCode;
    const CommandLine *cl = &std::get<CommandLine>(prologue);

    BsInput in;
    const QString type = parser.value(QStringLiteral("type")).toLower();
    if (type != QLatin1String("call") && type != QLatin1String("put"))
        return fail(QStringLiteral("--type must be call or put"));
    in.type = type == QLatin1String("call") ? OptionType::Call : OptionType::Put;
    const QString modelName =
        parser.value(QStringLiteral("model")).toLower().replace(QLatin1Char('_'), QLatin1Char('-'));
    if (parser.isSet(QStringLiteral("model")) && modelName != QLatin1String("black-scholes") &&
        modelName != QLatin1String("american"))
        return fail(QStringLiteral("--model \"%1\" must be black-scholes or american")
                        .arg(parser.value(QStringLiteral("model"))));
    const bool american = modelName == QLatin1String("american");
    const auto clock = makeClock(cl->global);
    auto spot = number(parser, QStringLiteral("spot"), true);
    auto strike = number(parser, QStringLiteral("strike"), true);
    auto rate = number(parser, QStringLiteral("rate"), false);
    auto years = yearsToExpiry(parser, *clock);
    for (const Error *e : {spot ? nullptr : &spot.error(), strike ? nullptr : &strike.error(),
                           rate ? nullptr : &rate.error(), years ? nullptr : &years.error()}) {
        if (e)
            return fail(QString::fromStdString(e->message));
    }
    in.spot = *spot;
    in.strike = *strike;
    in.rate = *rate;
    in.years = *years;
    if (parser.isSet(QStringLiteral("dividend"))) {
        auto q = number(parser, QStringLiteral("dividend"), false);
        if (!q)
            return fail(QString::fromStdString(q.error().message));
        in.dividend = *q;
    }

    const bool solveVol = parser.isSet(QStringLiteral("price"));
    if (solveVol == parser.isSet(QStringLiteral("vol")))
        return fail(QStringLiteral("give exactly one of --vol SIGMA or --price P"));
    if (solveVol) {
        auto price = number(parser, QStringLiteral("price"), true);
        if (!price)
            return fail(QString::fromStdString(price.error().message));
        auto iv = american ? americanImpliedVolatility(in, *price) : impliedVolatility(in, *price);
        if (!iv)
            return fail(QString::fromStdString(iv.error().message));
        in.vol = *iv;
    } else {
        auto vol = number(parser, QStringLiteral("vol"), true);
        if (!vol)
            return fail(QString::fromStdString(vol.error().message));
        in.vol = *vol;
    }
    auto result = blackScholesChecked(in); // checks the inputs, as the American model's
    if (!result)
        return fail(QString::fromStdString(result.error().message));
    const BsResult r = american ? americanGreeks(in) : *result;
    const QString model = american ? QStringLiteral("american") : QStringLiteral("black-scholes");

    if (cl->global.json) {
        QJsonObject o = greeksJson(r);
        o.insert(QStringLiteral("type"), type);
        o.insert(QStringLiteral("years"), in.years);
        o.insert(QStringLiteral("iv"), in.vol);
        o.insert(QStringLiteral("model"), model);
        printJson(QJsonDocument(o));
        return 0;
    }
    printText(
        QStringLiteral("%1 S=%2 K=%3 T=%4 y r=%5 vol=%6%7 (%17)\n"
                       "price  %8\ndelta  %9\ngamma  %10\n"
                       "theta  %11 per day (%12 per year)\n"
                       "vega   %13 per vol point (%14 per 1.0)\n"
                       "rho    %15 per rate point (%16 per 1.0)")
            .arg(type)
            .arg(in.spot, 0, 'g', QLocale::FloatingPointShortest) // as given, not 6 digits
            .arg(in.strike, 0, 'g', QLocale::FloatingPointShortest)
            .arg(in.years, 0, 'f', 4)
            .arg(in.rate, 0, 'g', QLocale::FloatingPointShortest)
            .arg(in.vol * 100.0, 0, 'f', 2)
            .arg(solveVol ? QStringLiteral("% (implied)") : QStringLiteral("%"))
            .arg(r.price, 0, 'f', 4)
            .arg(r.delta, 0, 'f', 4)
            .arg(r.gamma, 0, 'f', 4)
            .arg(r.thetaPerDay, 0, 'f', 4)
            .arg(r.thetaPerYear, 0, 'f', 4)
            .arg(r.vegaPerPoint, 0, 'f', 4)
            .arg(r.vega, 0, 'f', 4)
            .arg(r.rhoPerPoint, 0, 'f', 4)
            .arg(r.rho, 0, 'f', 4)
            .arg(american ? QStringLiteral("American model") : QStringLiteral("Black-Scholes")));
    return 0;
}

} // namespace cg::cli
