// chaingate-cli chain SYMBOL [--expiry YYYY-MM-DD | --dte-min N --dte-max N] [--type call|put]
// The option chain with its five gates per contract; --json prints docs/command-line.md's shape.

#include "alpaca/rfc3339.h"
#include "cli/alpaca_session.h"
#include "cli/await_result.h"
#include "cli/output.h"
#include "cli/text_table.h"
#include "dispatch/contract_json.h"
#include "dispatch/json_writer.h"
#include "domain/black_scholes_greeks.h"
#include "domain/eastern_time.h"
#include "domain/gates.h"

#include <QJsonArray>

#include <cstdio>
#include <functional>
#include <memory>
#include <optional>

namespace cg::cli {

namespace {

constexpr const char *kChainUsage =
    "chain SYMBOL [--expiry YYYY-MM-DD | --dte-min N --dte-max N] [--type call|put] [--json]";

Result<int> dteOption(const QCommandLineParser &parser, const QString &name) {
    bool ok = false;
    const int v = parser.value(name).toInt(&ok);
    if (!ok || v < 0 || v > 3650)
        return Error::make(QStringLiteral("--%1 \"%2\" is not a number of days (0-3650)")
                               .arg(name, parser.value(name).left(20))
                               .toStdString());
    return v;
}

// Fills the query's type and expiry window from the options; `today` is New York's date.
Result<Unit> applyFilters(const QCommandLineParser &parser, std::chrono::year_month_day today,
                          ChainQuery &q) {
    using namespace std::chrono;
    if (parser.isSet(QStringLiteral("type"))) {
        const QString t = parser.value(QStringLiteral("type")).toLower();
        if (t == QLatin1String("call"))
            q.type = OptionType::Call;
        else if (t == QLatin1String("put"))
            q.type = OptionType::Put;
        else
            return Error::make("--type must be call or put");
    }
    const bool expiry = parser.isSet(QStringLiteral("expiry"));
    const bool dteMin = parser.isSet(QStringLiteral("dte-min"));
    const bool dteMax = parser.isSet(QStringLiteral("dte-max"));
    if (expiry && (dteMin || dteMax))
        return Error::make("use either --expiry or --dte-min/--dte-max, not both");
    if (expiry) {
        const auto d = alpaca::parseIsoDate(parser.value(QStringLiteral("expiry")).toStdString());
        if (!d)
            return Error::make(QStringLiteral("--expiry \"%1\" is not a date (YYYY-MM-DD)")
                                   .arg(parser.value(QStringLiteral("expiry")).left(20))
                                   .toStdString());
        q.expiryFrom = q.expiryTo = *d;
    }
    if (dteMin) {
        auto n = dteOption(parser, QStringLiteral("dte-min"));
        if (!n)
            return n.error();
        q.expiryFrom = year_month_day{sys_days{today} + days{*n}};
    }
    if (dteMax) {
        auto n = dteOption(parser, QStringLiteral("dte-max"));
        if (!n)
            return n.error();
        q.expiryTo = year_month_day{sys_days{today} + days{*n}};
    }
    if (q.expiryFrom && q.expiryTo && *q.expiryFrom > *q.expiryTo)
        return Error::make("--dte-min is larger than --dte-max");
    return Unit{};
}

QString gatesText(const GateReport &r) {
    if (r.tradeable())
        return QStringLiteral("PASS");
    QStringList failed;
    for (const GateResult &g : r.gates)
        if (!g.pass)
            failed << QString::fromLatin1(gateKey(g.id).data(),
                                          static_cast<qsizetype>(gateKey(g.id).size()));
    return QStringLiteral("fail: ") + failed.join(QLatin1Char(','));
}

} // namespace

int runChain(const QStringList &args) {
    QCommandLineParser parser;
    parser.addOptions({
        {QStringLiteral("expiry"), QStringLiteral("Only this expiry date."),
         QStringLiteral("YYYY-MM-DD")},
        {QStringLiteral("dte-min"), QStringLiteral("At least N days to expiry."),
         QStringLiteral("N")},
        {QStringLiteral("dte-max"), QStringLiteral("At most N days to expiry."),
         QStringLiteral("N")},
        {QStringLiteral("type"), QStringLiteral("Only calls or only puts."),
         QStringLiteral("call|put")},
    });
    parser.addPositionalArgument(QStringLiteral("SYMBOL"),
                                 QStringLiteral("The underlying, e.g. SPY."));
    auto prologue = commandPrologue(parser, args, kChainUsage, true);
    if (const int *exitCode = std::get_if<int>(&prologue))
        return *exitCode;
    const CommandLine *cl = &std::get<CommandLine>(prologue);
    if (cl->positional.size() != 1)
        return fail(QStringLiteral("chain needs one SYMBOL, e.g. chaingate-cli chain SPY"));

    auto session = AlpacaSession::open(cl->global, QProcessEnvironment::systemEnvironment(),
                                       AlpacaSession::DemoAccount::None);
    if (!session)
        return fail(QString::fromStdString(session.error().message));
    alpaca::AlpacaClient &client = (*session)->client();
    const Timestamp now = (*session)->clock().now();

    ChainQuery query;
    query.underlying = cl->positional.first().toStdString();
    if (auto ok = applyFilters(parser, easternDate(now), query); !ok)
        return fail(QString::fromStdString(ok.error().message));

    // The underlying's price is asked for alongside the chain's first page (two connections):
    // one round trip less to wait for. Its error still comes first.
    struct PriceWait {
        std::optional<Result<UnderlyingPrice>> answer;
        std::function<void(Result<UnderlyingPrice>)> waiting;
    };
    auto priceWait = std::make_shared<PriceWait>();
    client.underlyingPrice(query.underlying, [priceWait](Result<UnderlyingPrice> r) {
        if (priceWait->waiting)
            priceWait->waiting(std::move(r));
        else
            priceWait->answer.emplace(std::move(r));
    });
    auto chain = awaitResult<OptionChain>([&](auto done) { client.optionChain(query, done); });
    auto price = awaitResult<UnderlyingPrice>([&](auto done) {
        if (priceWait->answer)
            done(std::move(*priceWait->answer));
        else
            priceWait->waiting = done;
    });
    if (!price)
        return fail(QString::fromStdString(price.error().message));
    if (!chain)
        return fail(QString::fromStdString(chain.error().message));

    // Greeks the feed did not send: computed from the mid, marked "computed" (never a default).
    completeGreeks(chain.value().contracts, price->price, now);
    const GateThresholds thresholds = cl->global.config.dispatcher.gates; // --config or defaults
    std::vector<GateReport> reports;
    reports.reserve(chain->contracts.size());
    int tradeable = 0;
    for (const OptionContract &c : chain->contracts) {
        reports.push_back(evaluateGates(c, thresholds, now));
        tradeable += reports.back().tradeable();
    }

    const QString asOf = QString::fromStdString(alpaca::formatRfc3339(now));
    if (cl->global.json) {
        // Written straight to stdout through one buffer of 1 MB: a 10,000-contract chain is
        // ~18 MB of JSON, never held whole.
        QByteArray buffer;
        JsonWriter w(
            buffer, [](const char *bytes, std::size_t n) { std::fwrite(bytes, 1, n, stdout); },
            std::size_t{1} << 20);
        w.beginObject();
        w.key("underlying");
        w.beginObject();
        w.key("symbol");
        w.string(price->symbol);
        w.key("price");
        w.number(price->price);
        w.endObject();
        w.key("as_of");
        w.string(asOf.toStdString());
        w.key("contracts");
        w.beginArray();
        for (std::size_t i = 0; i < chain->contracts.size(); ++i)
            writeContractJson(w, chain->contracts[i], &reports[i]);
        w.endArray();
        w.endObject();
        std::fflush(stdout);
        return 0;
    }

    TextTable table({QStringLiteral("SYMBOL"), QStringLiteral("EXPIRY"), QStringLiteral("TYPE"),
                     QStringLiteral("STRIKE>"), QStringLiteral("BID>"), QStringLiteral("ASK>"),
                     QStringLiteral("SPREAD%>"), QStringLiteral("VOL>"), QStringLiteral("OI>"),
                     QStringLiteral("DELTA>"), QStringLiteral("IV%>"), QStringLiteral("GATES")});
    for (std::size_t i = 0; i < chain->contracts.size(); ++i) {
        const OptionContract &c = chain->contracts[i];
        const auto &q = c.quote;
        table.addRow(
            {QString::fromStdString(c.symbol),
             QString::fromStdString(alpaca::formatIsoDate(c.expiry)),
             QString::fromLatin1(toString(c.type).data()),
             QString::number(c.strike, 'f', c.strike == std::floor(c.strike) ? 0 : 2),
             fixedOrDash(q ? std::optional<double>(q->bid) : std::nullopt, 2),
             fixedOrDash(q ? std::optional<double>(q->ask) : std::nullopt, 2),
             fixedOrDash(q ? spreadPct(*q) : std::nullopt, 1),
             c.volume ? QString::number(*c.volume) : QStringLiteral("-"),
             c.openInterest ? QString::number(*c.openInterest) : QStringLiteral("-"),
             fixedOrDash(c.greeks ? std::optional<double>(c.greeks->delta) : std::nullopt, 3),
             fixedOrDash(c.impliedVol ? std::optional<double>(*c.impliedVol * 100) : std::nullopt,
                         1),
             gatesText(reports[i])});
    }
    printText(QStringLiteral("%1 %2 (%3) as of %4: %5 contracts, %6 tradeable\n")
                  .arg(QString::fromStdString(price->symbol), QString::number(price->price, 'f', 2),
                       (*session)->modeName(), asOf)
                  .arg(chain->contracts.size())
                  .arg(tradeable) +
              table.toString());
    return 0;
}

} // namespace cg::cli
