#include "cli/contract_json.h"

#include "alpaca/rfc3339.h"

#include <cmath>

namespace cg::cli {

QJsonValue jsonNumber(std::optional<double> v) {
    // JSON has no NaN or infinity: those are "unknown" too.
    if (!v || !std::isfinite(*v))
        return QJsonValue(QJsonValue::Null);
    return QJsonValue(*v);
}

namespace {
QJsonValue jsonInteger(std::optional<std::int64_t> v) {
    return v ? QJsonValue(static_cast<qint64>(*v)) : QJsonValue(QJsonValue::Null);
}
} // namespace

QJsonObject gateJson(const GateResult &g) {
    return QJsonObject{{QStringLiteral("pass"), g.pass},
                       {QStringLiteral("value"), jsonNumber(g.value)},
                       {QStringLiteral("threshold"), jsonNumber(g.threshold)},
                       {QStringLiteral("reason"), QString::fromStdString(g.reason)}};
}

QJsonObject gatesJson(const GateReport &gates) {
    QJsonObject o;
    for (const GateResult &g : gates.gates) {
        const std::string_view key = gateKey(g.id);
        o.insert(QString::fromLatin1(key.data(), static_cast<qsizetype>(key.size())), gateJson(g));
    }
    return o;
}

QJsonObject contractJson(const OptionContract &c, const GateReport &gates) {
    const std::optional<Quote> &q = c.quote;
    const std::optional<double> midPrice = q ? std::optional<double>(mid(*q)) : std::nullopt;
    const std::optional<double> spread = q ? spreadPct(*q) : std::nullopt;
    const auto greek = [&](double Greeks::*field) {
        return c.greeks ? jsonNumber((*c.greeks).*field) : QJsonValue(QJsonValue::Null);
    };
    QJsonObject o;
    o.insert(QStringLiteral("symbol"), QString::fromStdString(c.symbol));
    o.insert(QStringLiteral("root"), QString::fromStdString(c.root));
    o.insert(QStringLiteral("type"), QString::fromLatin1(toString(c.type).data()));
    o.insert(QStringLiteral("strike"), c.strike);
    o.insert(QStringLiteral("expiration"), QString::fromStdString(alpaca::formatIsoDate(c.expiry)));
    o.insert(QStringLiteral("bid"), jsonNumber(q ? std::optional<double>(q->bid) : std::nullopt));
    o.insert(QStringLiteral("ask"), jsonNumber(q ? std::optional<double>(q->ask) : std::nullopt));
    o.insert(QStringLiteral("mid"), jsonNumber(midPrice));
    o.insert(QStringLiteral("spread_pct"), jsonNumber(spread));
    o.insert(QStringLiteral("volume"), jsonInteger(c.volume));
    o.insert(QStringLiteral("open_interest"), jsonInteger(c.openInterest));
    o.insert(QStringLiteral("delta"), greek(&Greeks::delta));
    o.insert(QStringLiteral("gamma"), greek(&Greeks::gamma));
    o.insert(QStringLiteral("theta"), greek(&Greeks::theta));
    o.insert(QStringLiteral("vega"), greek(&Greeks::vega));
    o.insert(QStringLiteral("iv"), jsonNumber(c.impliedVol));
    o.insert(QStringLiteral("tradeable"), gates.tradeable());
    o.insert(QStringLiteral("gates"), gatesJson(gates));
    return o;
}

} // namespace cg::cli
