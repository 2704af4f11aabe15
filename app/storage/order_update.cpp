#include "storage/order_update.h"

#include "storage/sql_util.h"

#include <QJsonArray>

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
    if (!u.reason.empty())
        o.insert(QStringLiteral("reason"), sql::cleanText(u.reason));
    if (!u.legFills.empty()) {
        QJsonArray legs;
        for (const OrderUpdate::LegFill &l : u.legFills)
            legs.append(
                QJsonObject{{QStringLiteral("option_symbol"), sql::cleanText(l.optionSymbol)},
                            {QStringLiteral("fill_price"), l.fillPrice}});
        o.insert(QStringLiteral("legs"), legs);
    }
    return o;
}

std::vector<OrderUpdate::LegFill> legFillsOf(const Order &o) {
    std::vector<OrderUpdate::LegFill> out;
    for (const OrderLeg &leg : o.legs) {
        if (leg.filledAvgPrice && std::isfinite(*leg.filledAvgPrice) && !leg.symbol.empty())
            out.push_back({leg.symbol, *leg.filledAvgPrice});
    }
    return out;
}

OrderUpdate orderUpdateFromJson(const QJsonObject &o) {
    OrderUpdate u;
    u.clientOrderId = o.value(QLatin1String("client_order_id")).toString().toStdString();
    u.status = o.value(QLatin1String("order_status")).toString().toStdString();
    u.orderId = o.value(QLatin1String("order_id")).toString().toStdString();
    u.fillPrice = number(o, "fill_price");
    u.filledQty = number(o, "filled_qty");
    u.slippage = number(o, "slippage");
    u.reason = o.value(QLatin1String("reason")).toString().toStdString();
    for (const QJsonValue &v : o.value(QLatin1String("legs")).toArray()) {
        const QJsonObject l = v.toObject();
        const auto fill = number(l, "fill_price");
        const std::string symbol = l.value(QLatin1String("option_symbol")).toString().toStdString();
        if (fill && !symbol.empty())
            u.legFills.push_back({symbol, *fill});
    }
    return u;
}

} // namespace cg
