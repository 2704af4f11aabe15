#pragma once
// Broker account, positions and orders as value types (Alpaca's fields the engine uses).

#include "domain/quote.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cg {

struct Account {
    std::string id;
    std::string status; // ACTIVE, ...
    std::string currency = "USD";
    double equity = 0.0;
    double lastEquity = 0.0; // equity at the previous close (Alpaca's last_equity)
    double cash = 0.0;
    double buyingPower = 0.0;
    double optionsBuyingPower = 0.0;
    int optionsTradingLevel = 0;
    bool tradingBlocked = false;
};

struct Position {
    std::string symbol;
    std::string assetClass; // us_equity, us_option
    double qty = 0.0;       // negative when short
    double avgEntryPrice = 0.0;
    double currentPrice = 0.0;
    double marketValue = 0.0;
    double costBasis = 0.0;
    double unrealizedPl = 0.0;
    double unrealizedPlPct = 0.0;
    double lastdayPrice = 0.0; // price at the previous close (Alpaca's lastday_price), 0 unknown
    double changeToday = 0.0;  // fraction since the previous close (Alpaca's change_today)
};

enum class OrderSide { Buy, Sell };
// Alpaca's single-leg order types. A stop becomes a market order when the market reaches its
// stop price, a stop_limit a limit order.
enum class OrderType { Market, Limit, Stop, StopLimit };
const char *orderTypeName(OrderType type); // market, limit, stop, stop_limit
std::optional<OrderType> orderTypeFromName(std::string_view name);
inline bool hasLimitPrice(OrderType t) {
    return t == OrderType::Limit || t == OrderType::StopLimit;
}
inline bool hasStopPrice(OrderType t) {
    return t == OrderType::Stop || t == OrderType::StopLimit;
}
enum class PositionIntent { None, BuyToOpen, BuyToClose, SellToOpen, SellToClose };
// Alpaca's position_intent ("buy_to_open", ...); "" for None.
const char *positionIntentName(PositionIntent intent);

// One leg of a multi-leg (order_class "mleg") request: Alpaca's MLegOrderLeg.
struct OrderLegRequest {
    std::string symbol;
    int ratioQty = 1;
    OrderSide side = OrderSide::Buy;
    PositionIntent intent = PositionIntent::None; // always set: Alpaca refuses a leg without
};

struct OrderRequest {
    std::string symbol; // unused for a multi-leg order
    int qty = 0;
    OrderSide side = OrderSide::Buy;
    OrderType type = OrderType::Limit;
    std::optional<double> limitPrice;
    std::optional<double> stopPrice; // stop and stop_limit
    std::string timeInForce = "day";
    std::string clientOrderId;
    PositionIntent intent = PositionIntent::None; // always set for options
    // Not empty: a multi-leg order (2-4 legs; qty counts units of the strategy, limitPrice is
    // the net per share, positive a debit, negative a credit; symbol, side, intent unused).
    std::vector<OrderLegRequest> legs;
};

// A leg of a multi-leg order as Alpaca reports it (a full order of its own in the answer).
struct OrderLeg {
    std::string id;
    std::string symbol;
    OrderSide side = OrderSide::Buy;
    int ratioQty = 1;
    PositionIntent intent = PositionIntent::None;
    double qty = 0.0; // the parent's qty x ratio
    double filledQty = 0.0;
    std::optional<double> filledAvgPrice;
    std::string status;
};

struct Order {
    std::string id;
    std::string clientOrderId;
    std::string symbol;
    std::string assetClass;
    std::string status; // Alpaca's status string: new, pending_new, filled, ...
    OrderSide side = OrderSide::Buy;
    OrderType type = OrderType::Limit;
    double qty = 0.0;
    double filledQty = 0.0;
    std::optional<double> limitPrice;
    std::optional<double> stopPrice;
    std::optional<double> filledAvgPrice;
    std::string timeInForce;
    Timestamp createdAt{};
    Timestamp submittedAt{}; // Alpaca's after/until page on it
    std::optional<Timestamp> filledAt;
    PositionIntent intent = PositionIntent::None;
    std::string replaces;       // the order this one replaced (PATCH), empty for none
    std::string replacedBy;     // the order that replaced this one
    std::string orderClass;     // "simple", "mleg", "" (equities)
    std::vector<OrderLeg> legs; // a multi-leg order's legs, in the order sent
};

// PATCH /v2/orders/{id}: what changes; an empty field keeps the order's value.
struct ReplaceRequest {
    std::optional<int> qty;
    std::optional<double> limitPrice;
    std::string timeInForce;   // empty: unchanged
    std::string clientOrderId; // of the new order; empty: Alpaca generates one
};

// Day P&L, the one definition the account bar, the risk meter and the daily-loss limit share:
// equity now minus equity at the previous close; 0 while the previous close is unknown.
double dayPnl(const Account &a);

// Alpaca statuses after which an order never changes again.
bool isFinalOrderStatus(const std::string &status);
// An order's news that is older than what is known, so it must not replace it: anything after a
// final status, or an open status with less filled than already seen (a poll answered after a
// streamed fill, an event repeated or delivered out of order). A final status with less filled
// is not stale: the order is over, whatever its last fill said.
bool isStaleOrderState(const std::string &knownStatus, double knownFilledQty,
                       const std::string &status, double filledQty);

// A broker's quantity as a whole number of contracts or shares; empty when it is not one
// (fractional, negative, not finite, or more than an int holds), so it is never cast blindly.
std::optional<int> wholeQuantity(double qty);

} // namespace cg
