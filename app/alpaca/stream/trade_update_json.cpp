#include "alpaca/stream/trade_update_json.h"

#include "alpaca/json_fields.h"
#include "alpaca/trading_json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace cg::alpaca::stream {

namespace {

// Server words that end up in a log line or a status: printable ASCII only, bounded.
std::string printable(const QString &s) {
    std::string out;
    for (const QChar c : s.left(40))
        out.push_back(c.unicode() >= 0x20 && c.unicode() < 0x7f ? static_cast<char>(c.unicode())
                                                                : '?');
    return out;
}

bool isEventName(const std::string &e) {
    return !e.empty() && e.size() <= 40 && std::all_of(e.begin(), e.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || c == '_';
    });
}

Error unreadableUpdate(const std::string &why) {
    return Error::make("Alpaca's trade updates stream sent an unreadable message: " + why);
}

Result<TradeUpdate> readUpdate(const QJsonObject &data) {
    FieldReader f(data, "trade update");
    TradeUpdate u;
    u.event = f.string("event", true).value_or("");
    u.executionId = f.string("execution_id").value_or("");
    u.price = f.number("price");
    u.qty = f.quantity("qty");
    u.positionQty = f.quantity("position_qty");
    u.timestamp = f.time("timestamp");
    if (!f.ok())
        return f.error();
    if (!isEventName(u.event))
        return Error::make("Alpaca's trade update has no usable \"event\"");
    const QJsonValue order = data.value(QLatin1String("order"));
    if (!order.isObject())
        return Error::make("Alpaca's " + u.event + " trade update has no \"order\" object");
    auto o = orderFromJson(order.toObject());
    if (!o)
        return o.error();
    u.order = std::move(o).value();
    return u;
}

} // namespace

Result<TradeStreamMessage> parseTradeStreamMessage(const QByteArray &json) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return unreadableUpdate("it is not JSON (" + error.errorString().toStdString() + ")");
    if (!doc.isObject())
        return unreadableUpdate("it is not a JSON object");
    const QJsonObject root = doc.object();
    const QJsonValue streamValue = root.value(QLatin1String("stream"));
    if (!streamValue.isString())
        return unreadableUpdate("it has no \"stream\" name");
    const QString stream = streamValue.toString();
    const QJsonObject data = root.value(QLatin1String("data")).toObject();
    TradeStreamMessage m;
    if (stream == QLatin1String("authorization")) {
        m.type = TradeStreamMessage::Type::Authorization;
        m.authorized =
            data.value(QLatin1String("status")).toString() == QLatin1String("authorized");
        m.action = printable(data.value(QLatin1String("action")).toString());
        return m;
    }
    if (stream == QLatin1String("listening")) {
        m.type = TradeStreamMessage::Type::Listening;
        for (const QJsonValue &v : data.value(QLatin1String("streams")).toArray())
            m.streams.push_back(printable(v.toString()));
        return m;
    }
    if (stream == QLatin1String("trade_updates")) {
        auto u = readUpdate(data);
        if (!u)
            return unreadableUpdate(u.error().message);
        m.type = TradeStreamMessage::Type::TradeUpdate;
        m.update = std::move(u).value();
        return m;
    }
    m.stream = printable(stream);
    return m;
}

QByteArray authenticateAction(const QString &keyId, const QString &secret) {
    const QJsonObject data{{QStringLiteral("key_id"), keyId},
                           {QStringLiteral("secret_key"), secret}};
    return QJsonDocument(QJsonObject{{QStringLiteral("action"), QStringLiteral("authenticate")},
                                     {QStringLiteral("data"), data}})
        .toJson(QJsonDocument::Compact);
}

QByteArray listenAction() {
    const QJsonObject data{
        {QStringLiteral("streams"), QJsonArray{QStringLiteral("trade_updates")}}};
    return QJsonDocument(QJsonObject{{QStringLiteral("action"), QStringLiteral("listen")},
                                     {QStringLiteral("data"), data}})
        .toJson(QJsonDocument::Compact);
}

} // namespace cg::alpaca::stream
