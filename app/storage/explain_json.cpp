#include "storage/explain_json.h"

#include "storage/json_values.h"
#include "storage/sql_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace cg {

namespace {

QJsonValue clean(const QJsonValue &v);

QJsonObject clean(const QJsonObject &o) {
    QJsonObject out;
    for (auto it = o.begin(); it != o.end(); ++it)
        out.insert(sql::cleanText(it.key()), clean(it.value()));
    return out;
}

// JSON escapes can smuggle NUL (\u0000), which PostgreSQL's JSONB rejects.
QJsonValue clean(const QJsonValue &v) {
    switch (v.type()) {
    case QJsonValue::String:
        return sql::cleanText(v.toString());
    case QJsonValue::Object:
        return clean(v.toObject());
    case QJsonValue::Array: {
        QJsonArray out;
        for (const auto &item : v.toArray())
            out.append(clean(item));
        return out;
    }
    default:
        return v;
    }
}

QJsonValue textOrNull(const std::string &s) {
    if (s.empty())
        return QJsonValue::Null;
    return sql::cleanText(s);
}

void fillIn(QJsonObject &o, const char *key, const QJsonValue &value) {
    const QString k = QString::fromLatin1(key);
    if (!o.contains(k))
        o.insert(k, value);
}

} // namespace

Result<QString> normalizeExplainJson(const ExecutionRecord &r) {
    QByteArray text = sql::cleanText(r.explainJson).toUtf8().trimmed();
    if (text.isEmpty())
        text = "{}";
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error::make(QString("explain_json is not valid JSON (" + parseError.errorString() +
                                   " at character " + QString::number(parseError.offset) +
                                   "); the execution was not recorded")
                               .toStdString());
    if (!doc.isObject())
        return Error::make("explain_json must be a JSON object; the execution was not recorded");

    QJsonObject o = clean(doc.object());
    fillIn(o, "alpaca_order_id", textOrNull(r.orderId));
    fillIn(o, "api_bid", jsonNumber(r.bid));
    fillIn(o, "api_ask", jsonNumber(r.ask));
    fillIn(o, "fallback_reason", textOrNull(r.fallbackReason));
    fillIn(o, "underlying_price", jsonNumber(r.underlyingPrice));
    fillIn(o, "strategy", textOrNull(r.strategy));
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace cg
