#include "storage/order_update.h"

#include "storage/sql_util.h"

#include <cmath>

namespace cg {

namespace {

void putNumber(QJsonObject &o, const char *key, const std::optional<double> &v) {
    if (v && std::isfinite(*v))
        o.insert(QLatin1String(key), *v);
}

std::optional<double> number(const QJsonObject &o, const char *key) {
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

} // namespace

QJsonObject orderUpdateToJson(const OrderUpdate &u) {
    QJsonObject o{{QStringLiteral("client_order_id"), sql::cleanText(u.clientOrderId)},
                  {QStringLiteral("order_status"), sql::cleanText(u.status)}};
    if (!u.orderId.empty())
        o.insert(QStringLiteral("order_id"), sql::cleanText(u.orderId));
    putNumber(o, "fill_price", u.fillPrice);
    putNumber(o, "filled_qty", u.filledQty);
    putNumber(o, "slippage", u.slippage);
    return o;
}

OrderUpdate orderUpdateFromJson(const QJsonObject &o) {
    OrderUpdate u;
    u.clientOrderId = o.value(QLatin1String("client_order_id")).toString().toStdString();
    u.status = o.value(QLatin1String("order_status")).toString().toStdString();
    u.orderId = o.value(QLatin1String("order_id")).toString().toStdString();
    u.fillPrice = number(o, "fill_price");
    u.filledQty = number(o, "filled_qty");
    u.slippage = number(o, "slippage");
    return u;
}

} // namespace cg
