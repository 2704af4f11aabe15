#include "cli/broker_json.h"

#include "alpaca/rfc3339.h"
#include "cli/output.h"

namespace cg::cli {

QJsonObject accountJson(const Account &a) {
    return QJsonObject{
        {QStringLiteral("id"), QString::fromStdString(a.id)},
        {QStringLiteral("status"), QString::fromStdString(a.status)},
        {QStringLiteral("currency"), QString::fromStdString(a.currency)},
        {QStringLiteral("equity"), jsonNumber(a.equity)},
        {QStringLiteral("last_equity"), jsonNumber(a.lastEquity)},
        {QStringLiteral("daily_pl"), jsonNumber(dayPnl(a))},
        {QStringLiteral("cash"), jsonNumber(a.cash)},
        {QStringLiteral("buying_power"), jsonNumber(a.buyingPower)},
        {QStringLiteral("options_buying_power"), jsonNumber(a.optionsBuyingPower)},
        {QStringLiteral("options_trading_level"), a.optionsTradingLevel},
        {QStringLiteral("trading_blocked"), a.tradingBlocked},
    };
}

QJsonObject positionJson(const Position &p) {
    return QJsonObject{
        {QStringLiteral("symbol"), QString::fromStdString(p.symbol)},
        {QStringLiteral("asset_class"), QString::fromStdString(p.assetClass)},
        {QStringLiteral("qty"), jsonNumber(p.qty)},
        {QStringLiteral("avg_entry_price"), jsonNumber(p.avgEntryPrice)},
        {QStringLiteral("current_price"), jsonNumber(p.currentPrice)},
        {QStringLiteral("market_value"), jsonNumber(p.marketValue)},
        {QStringLiteral("cost_basis"), jsonNumber(p.costBasis)},
        {QStringLiteral("unrealized_pl"), jsonNumber(p.unrealizedPl)},
        {QStringLiteral("unrealized_plpc"), jsonNumber(p.unrealizedPlPct)},
    };
}

QJsonObject orderJson(const Order &o) {
    return QJsonObject{
        {QStringLiteral("id"), QString::fromStdString(o.id)},
        {QStringLiteral("client_order_id"), QString::fromStdString(o.clientOrderId)},
        {QStringLiteral("symbol"), QString::fromStdString(o.symbol)},
        {QStringLiteral("asset_class"), QString::fromStdString(o.assetClass)},
        {QStringLiteral("status"), QString::fromStdString(o.status)},
        {QStringLiteral("side"),
         o.side == OrderSide::Buy ? QStringLiteral("buy") : QStringLiteral("sell")},
        {QStringLiteral("type"), QString::fromLatin1(orderTypeName(o.type))},
        {QStringLiteral("stop_price"), jsonNumber(o.stopPrice)},
        {QStringLiteral("qty"), jsonNumber(o.qty)},
        {QStringLiteral("filled_qty"), jsonNumber(o.filledQty)},
        {QStringLiteral("limit_price"), jsonNumber(o.limitPrice)},
        {QStringLiteral("filled_avg_price"), jsonNumber(o.filledAvgPrice)},
        {QStringLiteral("time_in_force"), QString::fromStdString(o.timeInForce)},
        {QStringLiteral("created_at"), QString::fromStdString(alpaca::formatRfc3339(o.createdAt))},
        {QStringLiteral("filled_at"),
         o.filledAt ? QJsonValue(QString::fromStdString(alpaca::formatRfc3339(*o.filledAt)))
                    : QJsonValue(QJsonValue::Null)},
    };
}

} // namespace cg::cli
