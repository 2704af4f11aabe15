#pragma once
// What order reconciliation (polling or the trade-updates stream) learned about a placed order,
// and its JSON form for the outbox.

#include "domain/account.h"

#include <QJsonObject>

#include <optional>
#include <string>
#include <vector>

namespace cg {

// What order reconciliation (polling or the trade-updates stream) learned about a placed order.
struct OrderUpdate {
    std::string clientOrderId;
    std::string status; // Alpaca's: new, partially_filled, filled, canceled, rejected, ...
    // The broker's order id: back-filled into a record made while the order's fate was unknown
    // (a lost answer); an order id already recorded is never replaced.
    std::string orderId;
    std::optional<double> fillPrice; // average fill price so far
    std::optional<double> filledQty;
    std::optional<double> slippage; // fillPrice - mid at decision time, dollars per share
    // A multi-leg order's legs as reported: each leg's filled_avg_price by its contract,
    // written to the execution's legs (execution_leg).
    struct LegFill {
        std::string optionSymbol;
        double fillPrice = 0.0;
    };
    std::vector<LegFill> legFills;
    // Why the order ended as it did, in the trader's words, where its status does not say
    // (not_placed): kept as the record's fallback_reason unless it has one.
    std::string reason;
};

// The fills of an order's legs (those with a filled_avg_price); empty for a single leg.
std::vector<OrderUpdate::LegFill> legFillsOf(const Order &o);

QJsonObject orderUpdateToJson(const OrderUpdate &u);
// Missing or non-numeric values stay unknown; the outbox of an older build (client_order_id,
// order_status, fill_price only) reads the same.
OrderUpdate orderUpdateFromJson(const QJsonObject &o);

} // namespace cg
