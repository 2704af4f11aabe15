#include "storage/execution_json.h"

#include "storage/json_values.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

namespace cg {

namespace {

QJsonValue text(const std::string &s) {
    return QString::fromStdString(s);
}

QJsonValue integer(const std::optional<std::int64_t> &v) {
    if (!v)
        return QJsonValue::Null;
    return static_cast<qint64>(*v);
}

std::string str(const QJsonObject &o, const char *key) {
    return o.value(QLatin1String(key)).toString().toStdString();
}

std::optional<double> dbl(const QJsonObject &o, const char *key) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isDouble())
        return std::nullopt;
    return v.toDouble();
}

std::optional<std::int64_t> i64(const QJsonObject &o, const char *key) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isDouble())
        return std::nullopt;
    return static_cast<std::int64_t>(v.toInteger());
}

} // namespace

QString isoTime(Timestamp t) {
    return QDateTime::fromMSecsSinceEpoch(t.time_since_epoch().count(), Qt::UTC)
        .toString(Qt::ISODateWithMs);
}

const QStringList &executionColumns() {
    static const QStringList columns = {
        QStringLiteral("id"),
        QStringLiteral("execution_uid"),
        QStringLiteral("signal_id"),
        QStringLiteral("created_at"),
        QStringLiteral("ticker"),
        QStringLiteral("action"),
        QStringLiteral("instrument_type"),
        QStringLiteral("execution_mode"),
        QStringLiteral("strategy"),
        QStringLiteral("option_symbol"),
        QStringLiteral("strike"),
        QStringLiteral("expiry"),
        QStringLiteral("qty"),
        QStringLiteral("limit_price"),
        QStringLiteral("fill_price"),
        QStringLiteral("slippage"),
        QStringLiteral("bid"),
        QStringLiteral("ask"),
        QStringLiteral("spread_pct"),
        QStringLiteral("delta"),
        QStringLiteral("gamma"),
        QStringLiteral("theta"),
        QStringLiteral("vega"),
        QStringLiteral("iv"),
        QStringLiteral("greeks_source"),
        QStringLiteral("open_interest"),
        QStringLiteral("volume"),
        QStringLiteral("underlying_price"),
        QStringLiteral("client_order_id"),
        QStringLiteral("order_id"),
        QStringLiteral("order_status"),
        QStringLiteral("replaces_order_id"), // the order a replacing order replaced
        QStringLiteral("fallback_reason"),
        QStringLiteral("explain_json"),
        QStringLiteral("source"),
        QStringLiteral("legs"), // a multi-leg execution's legs (legsSummary); empty otherwise
    };
    return columns;
}

QJsonObject executionToJson(const ExecutionRecord &r) {
    QJsonObject o;
    o.insert(QStringLiteral("id"), static_cast<qint64>(r.id));
    o.insert(QStringLiteral("execution_uid"), text(r.executionUid));
    o.insert(QStringLiteral("signal_id"), integer(r.signalId));
    o.insert(QStringLiteral("created_at"), isoTime(r.createdAt));
    o.insert(QStringLiteral("created_at_ms"),
             static_cast<qint64>(r.createdAt.time_since_epoch().count()));
    o.insert(QStringLiteral("ticker"), text(r.ticker));
    o.insert(QStringLiteral("action"), text(r.action));
    o.insert(QStringLiteral("instrument_type"), text(r.instrumentType));
    o.insert(QStringLiteral("execution_mode"), QString::fromLatin1(toString(r.mode)));
    o.insert(QStringLiteral("strategy"), text(r.strategy));
    o.insert(QStringLiteral("option_symbol"), text(r.optionSymbol));
    o.insert(QStringLiteral("strike"), jsonNumber(r.strike));
    o.insert(QStringLiteral("expiry"), text(r.expiry));
    o.insert(QStringLiteral("qty"), r.qty ? QJsonValue(*r.qty) : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("limit_price"), jsonNumber(r.limitPrice));
    o.insert(QStringLiteral("fill_price"), jsonNumber(r.fillPrice));
    o.insert(QStringLiteral("slippage"), jsonNumber(r.slippage));
    o.insert(QStringLiteral("source"), text(r.source));
    o.insert(QStringLiteral("bid"), jsonNumber(r.bid));
    o.insert(QStringLiteral("ask"), jsonNumber(r.ask));
    o.insert(QStringLiteral("spread_pct"), jsonNumber(r.spreadPct));
    o.insert(QStringLiteral("delta"), jsonNumber(r.delta));
    o.insert(QStringLiteral("gamma"), jsonNumber(r.gamma));
    o.insert(QStringLiteral("theta"), jsonNumber(r.theta));
    o.insert(QStringLiteral("vega"), jsonNumber(r.vega));
    o.insert(QStringLiteral("iv"), jsonNumber(r.iv));
    o.insert(QStringLiteral("greeks_source"), text(r.greeksSource));
    o.insert(QStringLiteral("open_interest"), integer(r.openInterest));
    o.insert(QStringLiteral("volume"), integer(r.volume));
    o.insert(QStringLiteral("underlying_price"), jsonNumber(r.underlyingPrice));
    o.insert(QStringLiteral("client_order_id"), text(r.clientOrderId));
    o.insert(QStringLiteral("order_id"), text(r.orderId));
    o.insert(QStringLiteral("order_status"), text(r.orderStatus));
    o.insert(QStringLiteral("replaces_order_id"), text(r.replacesOrderId));
    o.insert(QStringLiteral("fallback_reason"), text(r.fallbackReason));
    const QJsonDocument explain = QJsonDocument::fromJson(QByteArray::fromStdString(r.explainJson));
    if (explain.isObject())
        o.insert(QStringLiteral("explain_json"), explain.object());
    else
        o.insert(QStringLiteral("explain_json"), text(r.explainJson));
    if (!r.legs.empty())
        o.insert(QStringLiteral("legs"), legsToJson(r.legs));
    return o;
}

QString legsSummary(const std::vector<ExecutionLegRecord> &legs) {
    QStringList parts;
    for (const ExecutionLegRecord &l : legs) {
        QString part = QStringLiteral("%1 %2 %3")
                           .arg(QString::fromStdString(l.side))
                           .arg(l.ratioQty)
                           .arg(QString::fromStdString(l.optionSymbol));
        if (l.fillPrice)
            part += QStringLiteral(" @") + QString::number(*l.fillPrice, 'f', 2);
        else if (l.mid)
            part += QStringLiteral(" (mid ") + QString::number(*l.mid, 'f', 2) + QLatin1Char(')');
        parts << part;
    }
    return parts.join(QStringLiteral("; "));
}

QJsonArray legsToJson(const std::vector<ExecutionLegRecord> &legs) {
    QJsonArray out;
    for (const ExecutionLegRecord &l : legs)
        out.append(QJsonObject{{QStringLiteral("leg_index"), l.legIndex},
                               {QStringLiteral("option_symbol"), text(l.optionSymbol)},
                               {QStringLiteral("option_type"), text(l.optionType)},
                               {QStringLiteral("strike"), jsonNumber(l.strike)},
                               {QStringLiteral("expiry"), text(l.expiry)},
                               {QStringLiteral("side"), text(l.side)},
                               {QStringLiteral("ratio_qty"), l.ratioQty},
                               {QStringLiteral("position_intent"), text(l.positionIntent)},
                               {QStringLiteral("bid"), jsonNumber(l.bid)},
                               {QStringLiteral("ask"), jsonNumber(l.ask)},
                               {QStringLiteral("mid"), jsonNumber(l.mid)},
                               {QStringLiteral("delta"), jsonNumber(l.delta)},
                               {QStringLiteral("gamma"), jsonNumber(l.gamma)},
                               {QStringLiteral("theta"), jsonNumber(l.theta)},
                               {QStringLiteral("vega"), jsonNumber(l.vega)},
                               {QStringLiteral("iv"), jsonNumber(l.iv)},
                               {QStringLiteral("fill_price"), jsonNumber(l.fillPrice)}});
    return out;
}

std::vector<ExecutionLegRecord> legsFromJson(const QJsonArray &a) {
    std::vector<ExecutionLegRecord> out;
    for (const QJsonValue &v : a) {
        const QJsonObject o = v.toObject();
        ExecutionLegRecord l;
        l.legIndex = static_cast<int>(i64(o, "leg_index").value_or(0));
        l.optionSymbol = str(o, "option_symbol");
        l.optionType = str(o, "option_type");
        l.strike = dbl(o, "strike");
        l.expiry = str(o, "expiry");
        l.side = str(o, "side");
        l.ratioQty = static_cast<int>(i64(o, "ratio_qty").value_or(1));
        l.positionIntent = str(o, "position_intent");
        l.bid = dbl(o, "bid");
        l.ask = dbl(o, "ask");
        l.mid = dbl(o, "mid");
        l.delta = dbl(o, "delta");
        l.gamma = dbl(o, "gamma");
        l.theta = dbl(o, "theta");
        l.vega = dbl(o, "vega");
        l.iv = dbl(o, "iv");
        l.fillPrice = dbl(o, "fill_price");
        out.push_back(std::move(l));
    }
    return out;
}

Result<ExecutionRecord> executionFromJson(const QJsonObject &o) {
    ExecutionRecord r;
    r.id = i64(o, "id").value_or(0);
    r.executionUid = str(o, "execution_uid");
    if (r.executionUid.empty())
        return Error::make("A queued execution has no execution_uid");
    r.signalId = i64(o, "signal_id");
    r.createdAt = Timestamp{std::chrono::milliseconds{i64(o, "created_at_ms").value_or(0)}};
    r.ticker = str(o, "ticker");
    r.action = str(o, "action");
    r.instrumentType = str(o, "instrument_type");
    const auto mode = parseExecutionMode(str(o, "execution_mode"));
    if (!mode)
        return Error::make("A queued execution has an unknown execution_mode");
    r.mode = *mode;
    r.strategy = str(o, "strategy");
    r.optionSymbol = str(o, "option_symbol");
    r.strike = dbl(o, "strike");
    r.expiry = str(o, "expiry");
    if (const auto q = i64(o, "qty"))
        r.qty = static_cast<int>(*q);
    r.limitPrice = dbl(o, "limit_price");
    r.fillPrice = dbl(o, "fill_price");
    r.slippage = dbl(o, "slippage");
    r.source = str(o, "source");
    if (r.source.empty())
        r.source = "signal";
    r.bid = dbl(o, "bid");
    r.ask = dbl(o, "ask");
    r.spreadPct = dbl(o, "spread_pct");
    r.delta = dbl(o, "delta");
    r.gamma = dbl(o, "gamma");
    r.theta = dbl(o, "theta");
    r.vega = dbl(o, "vega");
    r.iv = dbl(o, "iv");
    r.greeksSource = str(o, "greeks_source");
    r.openInterest = i64(o, "open_interest");
    r.volume = i64(o, "volume");
    r.underlyingPrice = dbl(o, "underlying_price");
    r.clientOrderId = str(o, "client_order_id");
    r.orderId = str(o, "order_id");
    r.orderStatus = str(o, "order_status");
    r.replacesOrderId = str(o, "replaces_order_id");
    r.fallbackReason = str(o, "fallback_reason");
    const QJsonValue explain = o.value(QLatin1String("explain_json"));
    if (explain.isObject())
        r.explainJson =
            QJsonDocument(explain.toObject()).toJson(QJsonDocument::Compact).toStdString();
    else
        r.explainJson = explain.toString().toStdString();
    r.legs = legsFromJson(o.value(QLatin1String("legs")).toArray());
    return r;
}

} // namespace cg
