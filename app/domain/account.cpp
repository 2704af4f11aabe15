#include "domain/account.h"

#include "domain/position_figures.h"

#include <array>
#include <cmath>
#include <limits>
#include <string_view>

namespace cg {

double dayPnl(const Account &a) {
    return changeSincePreviousClose(a.equity,
                                    a.lastEquity > 0.0 ? std::optional(a.lastEquity) : std::nullopt)
        .value_or(0.0);
}

bool isFinalOrderStatus(const std::string &status) {
    // Alpaca's terminal states; everything else (new, accepted, partially_filled,
    // done_for_day, pending_*, ...) can still change.
    static constexpr std::array<std::string_view, 5> kFinal{"filled", "canceled", "expired",
                                                            "rejected", "replaced"};
    for (const auto f : kFinal) {
        if (status == f)
            return true;
    }
    return false;
}

bool isStaleOrderState(const std::string &knownStatus, double knownFilledQty,
                       const std::string &status, double filledQty) {
    if (isFinalOrderStatus(knownStatus))
        return status != knownStatus;
    return !isFinalOrderStatus(status) && filledQty < knownFilledQty;
}

std::optional<int> wholeQuantity(double qty) {
    if (!std::isfinite(qty) || qty < 0.0 ||
        qty > static_cast<double>(std::numeric_limits<int>::max()) || qty != std::floor(qty))
        return std::nullopt;
    return static_cast<int>(qty);
}

const char *orderTypeName(OrderType type) {
    switch (type) {
    case OrderType::Market:
        return "market";
    case OrderType::Limit:
        return "limit";
    case OrderType::Stop:
        return "stop";
    case OrderType::StopLimit:
        return "stop_limit";
    }
    return "limit";
}

std::optional<OrderType> orderTypeFromName(std::string_view name) {
    for (OrderType t : {OrderType::Market, OrderType::Limit, OrderType::Stop, OrderType::StopLimit})
        if (name == orderTypeName(t))
            return t;
    return std::nullopt;
}

const char *positionIntentName(PositionIntent intent) {
    switch (intent) {
    case PositionIntent::BuyToOpen:
        return "buy_to_open";
    case PositionIntent::BuyToClose:
        return "buy_to_close";
    case PositionIntent::SellToOpen:
        return "sell_to_open";
    case PositionIntent::SellToClose:
        return "sell_to_close";
    case PositionIntent::None:
        break;
    }
    return "";
}

} // namespace cg
