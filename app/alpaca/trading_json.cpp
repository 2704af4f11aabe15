#include "alpaca/trading_json.h"

#include "alpaca/chain_parser.h"
#include "alpaca/json_fields.h"
#include "domain/number_format.h"
#include "domain/occ_symbol.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>
#include <numeric>

namespace cg::alpaca {

namespace {

Result<QJsonArray> parseJsonArray(const QByteArray &body, const std::string &what) {
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError)
        return Error::make("Alpaca sent an unreadable " + what + ": invalid JSON (" +
                           pe.errorString().toStdString() + ")");
    if (!doc.isArray())
        return Error::make("Alpaca sent an unreadable " + what + ": expected a JSON array");
    return doc.array();
}

OrderSide sideFrom(const std::optional<std::string> &s) {
    return s && *s == "sell" ? OrderSide::Sell : OrderSide::Buy;
}

OrderType typeFrom(const std::optional<std::string> &s) {
    if (!s)
        return OrderType::Market;
    if (auto t = orderTypeFromName(*s))
        return *t;
    // trailing_stop triggers like a stop (its stop follows the market); anything else unknown
    // is read as market, the type that carries no price.
    return *s == "trailing_stop" ? OrderType::Stop : OrderType::Market;
}

} // namespace

Result<QJsonObject> parseJsonObject(const QByteArray &body, const std::string &what) {
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (body.trimmed().isEmpty())
        return Error::make("Alpaca sent an empty " + what);
    if (pe.error != QJsonParseError::NoError)
        return Error::make("Alpaca sent an unreadable " + what + ": invalid JSON (" +
                           pe.errorString().toStdString() + " at byte " +
                           std::to_string(pe.offset) + ")");
    if (!doc.isObject())
        return Error::make("Alpaca sent an unreadable " + what + ": expected a JSON object");
    return doc.object();
}

Result<Account> parseAccount(const QByteArray &body) {
    auto obj = parseJsonObject(body, "account");
    if (!obj)
        return obj.error();
    FieldReader f(*obj, "account");
    Account a;
    a.id = f.string("id", true).value_or("");
    a.status = f.string("status", true).value_or("");
    a.currency = f.string("currency").value_or("USD");
    a.equity = f.number("equity", true).value_or(0.0);
    a.lastEquity = f.number("last_equity").value_or(a.equity);
    a.cash = f.number("cash").value_or(0.0);
    a.buyingPower = f.number("buying_power", true).value_or(0.0);
    const auto obp = f.number("options_buying_power");
    const auto nmbp = f.number("non_marginable_buying_power");
    // Older accounts lack options_buying_power; options cannot be bought on margin, so the
    // non-marginable figure (or cash) is the honest stand-in, never the margin buying power.
    a.optionsBuyingPower = obp ? *obp : nmbp ? *nmbp : std::max(0.0, a.cash);
    const auto trading = f.integer("options_trading_level");
    const auto approved = f.integer("options_approved_level");
    const auto level = trading ? trading : approved;
    if (level && (*level < 0 || *level > 100))
        return Error::make("Alpaca's account has an options level of " + std::to_string(*level) +
                           ", outside 0-3");
    a.optionsTradingLevel = static_cast<int>(level.value_or(0));
    a.tradingBlocked = f.boolean("trading_blocked").value_or(false) ||
                       f.boolean("account_blocked").value_or(false) ||
                       f.boolean("trade_suspended_by_user").value_or(false);
    if (!f.ok())
        return f.error();
    return a;
}

Result<std::vector<Position>> parsePositions(const QByteArray &body) {
    auto arr = parseJsonArray(body, "position list");
    if (!arr)
        return arr.error();
    std::vector<Position> out;
    out.reserve(static_cast<std::size_t>(arr->size()));
    for (const QJsonValue &v : *arr) {
        if (!v.isObject())
            return Error::make(
                "Alpaca sent an unreadable position list: an entry is not an object");
        const QJsonObject o = v.toObject();
        FieldReader f(o, "position");
        Position p;
        p.symbol = f.string("symbol", true).value_or("");
        p.assetClass = f.string("asset_class").value_or("");
        p.qty = f.quantity("qty", true).value_or(0.0);
        p.avgEntryPrice = f.number("avg_entry_price").value_or(0.0);
        p.currentPrice = f.number("current_price").value_or(0.0);
        p.marketValue = f.number("market_value").value_or(0.0);
        p.costBasis = f.number("cost_basis").value_or(0.0);
        p.unrealizedPl = f.number("unrealized_pl").value_or(0.0);
        p.unrealizedPlPct = f.number("unrealized_plpc").value_or(0.0);
        p.lastdayPrice = f.number("lastday_price").value_or(0.0);
        p.changeToday = f.number("change_today").value_or(0.0);
        // Alpaca reports short positions with a positive qty in some answers: side decides.
        if (f.string("side").value_or("") == "short" && p.qty > 0)
            p.qty = -p.qty;
        if (!f.ok())
            return f.error();
        out.push_back(std::move(p));
    }
    return out;
}

Result<Order> orderFromJson(const QJsonObject &o) {
    FieldReader f(o, "order");
    Order r;
    r.id = f.string("id", true).value_or("");
    r.clientOrderId = f.string("client_order_id").value_or("");
    r.symbol = f.string("symbol").value_or("");
    r.assetClass = f.string("asset_class").value_or("");
    r.status = f.string("status", true).value_or("");
    r.side = sideFrom(f.string("side"));
    auto type = f.string("type");
    if (!type || type->empty())
        type = f.string("order_type");
    r.type = typeFrom(type);
    r.qty = f.quantity("qty").value_or(0.0);
    r.filledQty = f.quantity("filled_qty").value_or(0.0);
    r.limitPrice = f.number("limit_price");
    r.stopPrice = f.number("stop_price");
    r.filledAvgPrice = f.number("filled_avg_price");
    r.timeInForce = f.string("time_in_force").value_or("");
    r.createdAt = f.time("created_at").value_or(Timestamp{});
    r.submittedAt = f.time("submitted_at").value_or(r.createdAt);
    r.filledAt = f.time("filled_at");
    r.intent = positionIntentFrom(f.string("position_intent").value_or(""));
    r.replaces = f.string("replaces").value_or("");
    r.replacedBy = f.string("replaced_by").value_or("");
    r.orderClass = f.string("order_class").value_or("");
    if (!f.ok())
        return f.error();
    if (r.id.empty())
        return Error::make("Alpaca's order has an empty \"id\"");
    const QJsonValue legs = o.value(QLatin1String("legs"));
    if (legs.isArray()) {
        for (const QJsonValue &v : legs.toArray()) {
            if (!v.isObject())
                return Error::make("Alpaca's order has a leg that is not an object");
            auto leg = orderLegFromJson(v.toObject());
            if (!leg)
                return leg.error();
            r.legs.push_back(std::move(leg).value());
        }
    } else if (!legs.isUndefined() && !legs.isNull()) {
        return Error::make("Alpaca's order has \"legs\" that are not a list");
    }
    return r;
}

Result<OrderLeg> orderLegFromJson(const QJsonObject &o) {
    FieldReader f(o, "order leg");
    OrderLeg leg;
    leg.id = f.string("id").value_or("");
    leg.symbol = f.string("symbol", true).value_or("");
    leg.side = sideFrom(f.string("side"));
    const double ratio = f.quantity("ratio_qty").value_or(1.0);
    leg.intent = positionIntentFrom(f.string("position_intent").value_or(""));
    leg.qty = f.quantity("qty").value_or(0.0);
    leg.filledQty = f.quantity("filled_qty").value_or(0.0);
    leg.filledAvgPrice = f.number("filled_avg_price");
    leg.status = f.string("status").value_or("");
    if (!f.ok())
        return f.error();
    const auto whole = wholeQuantity(ratio);
    if (!whole || *whole < 1)
        return Error::make("Alpaca's order leg " + leg.symbol + " has ratio_qty " +
                           std::to_string(ratio) + ", expected a whole number of at least 1");
    leg.ratioQty = *whole;
    return leg;
}

Result<Order> parseOrder(const QByteArray &body) {
    auto obj = parseJsonObject(body, "order");
    if (!obj)
        return obj.error();
    return orderFromJson(*obj);
}

Result<std::vector<Order>> parseOrders(const QByteArray &body) {
    auto arr = parseJsonArray(body, "order list");
    if (!arr)
        return arr.error();
    std::vector<Order> out;
    out.reserve(static_cast<std::size_t>(arr->size()));
    for (const QJsonValue &v : *arr) {
        if (!v.isObject())
            return Error::make("Alpaca sent an unreadable order list: an entry is not an object");
        auto o = orderFromJson(v.toObject());
        if (!o)
            return o.error();
        out.push_back(std::move(o).value());
    }
    return out;
}

Result<MarketClock> parseClock(const QByteArray &body) {
    auto obj = parseJsonObject(body, "market clock");
    if (!obj)
        return obj.error();
    FieldReader f(*obj, "market clock");
    MarketClock c;
    c.timestamp = f.time("timestamp", true).value_or(Timestamp{});
    c.isOpen = f.boolean("is_open", true).value_or(false);
    c.nextOpen = f.time("next_open", true).value_or(Timestamp{});
    c.nextClose = f.time("next_close", true).value_or(Timestamp{});
    if (!f.ok())
        return f.error();
    return c;
}

PositionIntent positionIntentFrom(const std::string &text) {
    for (PositionIntent i : {PositionIntent::BuyToOpen, PositionIntent::BuyToClose,
                             PositionIntent::SellToOpen, PositionIntent::SellToClose}) {
        if (text == positionIntentName(i))
            return i;
    }
    return PositionIntent::None;
}

Result<QByteArray> replaceRequestJson(const ReplaceRequest &r) {
    QJsonObject o;
    if (r.qty) {
        if (*r.qty < 1)
            return Error::make("The new quantity must be at least 1 (got " +
                               std::to_string(*r.qty) + ")");
        o.insert(QLatin1String("qty"), QString::number(*r.qty));
    }
    if (r.limitPrice) {
        if (!(*r.limitPrice > 0) || !std::isfinite(*r.limitPrice))
            return Error::make("The new limit price must be above 0");
        o.insert(QLatin1String("limit_price"),
                 QString::fromStdString(formatTrimmed(*r.limitPrice, 4)));
    }
    if (!r.timeInForce.empty())
        o.insert(QLatin1String("time_in_force"), QString::fromStdString(r.timeInForce));
    if (r.clientOrderId.size() > 128)
        return Error::make("The client_order_id is longer than Alpaca's 128 characters");
    if (!r.clientOrderId.empty())
        o.insert(QLatin1String("client_order_id"), QString::fromStdString(r.clientOrderId));
    if (!r.qty && !r.limitPrice && r.timeInForce.empty())
        return Error::make("Nothing to replace: give a new quantity or limit price");
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

namespace {

// POST /v2/orders for order_class "mleg" (Alpaca's CreateOrderRequest with MLegOrderLeg legs):
// no top-level symbol or side; qty in units of the strategy; a signed net limit price.
Result<QByteArray> mlegRequestJson(const OrderRequest &r) {
    if (r.legs.size() < 2 || r.legs.size() > 4)
        return Error::make("A multi-leg order takes 2 to 4 legs (got " +
                           std::to_string(r.legs.size()) + ")");
    if (r.qty < 1)
        return Error::make("The order quantity must be at least 1 (got " + std::to_string(r.qty) +
                           ")");
    if (r.clientOrderId.size() > 128)
        return Error::make("The client_order_id is longer than Alpaca's 128 characters");
    QJsonArray legs;
    int divisor = 0;
    for (std::size_t i = 0; i < r.legs.size(); ++i) {
        const OrderLegRequest &leg = r.legs[i];
        const std::string which = "Leg " + std::to_string(i + 1);
        if (!parseOccSymbol(leg.symbol))
            return Error::make(which + " is not an option contract (\"" + leg.symbol + "\")");
        for (std::size_t j = 0; j < i; ++j)
            if (r.legs[j].symbol == leg.symbol)
                return Error::make(which + " repeats " + leg.symbol + ": each leg is one contract");
        if (leg.ratioQty < 1)
            return Error::make(which + " needs a ratio of at least 1");
        if (leg.intent == PositionIntent::None)
            return Error::make(which + " needs a position intent (buy_to_open, ...)");
        divisor = std::gcd(divisor, leg.ratioQty);
        legs.append(QJsonObject{
            {QLatin1String("symbol"), QString::fromStdString(leg.symbol)},
            {QLatin1String("ratio_qty"), QString::number(leg.ratioQty)},
            {QLatin1String("side"),
             leg.side == OrderSide::Buy ? QLatin1String("buy") : QLatin1String("sell")},
            {QLatin1String("position_intent"), QLatin1String(positionIntentName(leg.intent))}});
    }
    if (divisor != 1)
        return Error::make("The leg ratios share a factor of " + std::to_string(divisor) +
                           ": Alpaca needs their greatest common divisor to be 1 (raise qty "
                           "instead)");
    QJsonObject o;
    o.insert(QLatin1String("order_class"), QLatin1String("mleg"));
    o.insert(QLatin1String("qty"), QString::number(r.qty));
    o.insert(QLatin1String("type"),
             r.type == OrderType::Limit ? QLatin1String("limit") : QLatin1String("market"));
    o.insert(QLatin1String("time_in_force"),
             QString::fromStdString(r.timeInForce.empty() ? std::string("day") : r.timeInForce));
    if (r.type == OrderType::Limit) {
        if (!r.limitPrice || !std::isfinite(*r.limitPrice))
            return Error::make("A limit order needs a net limit price");
        const QString price = QString::fromStdString(formatTrimmed(*r.limitPrice, 4));
        if (price.toDouble() == 0.0)
            return Error::make("The net limit price must not be 0 (positive a debit, negative a "
                               "credit)");
        o.insert(QLatin1String("limit_price"), price);
    }
    if (!r.clientOrderId.empty())
        o.insert(QLatin1String("client_order_id"), QString::fromStdString(r.clientOrderId));
    o.insert(QLatin1String("legs"), legs);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

Result<QByteArray> orderRequestJson(const OrderRequest &r) {
    if (!r.legs.empty())
        return mlegRequestJson(r);
    if (r.symbol.empty())
        return Error::make("The order has no symbol");
    if (r.qty < 1)
        return Error::make("The order quantity must be at least 1 (got " + std::to_string(r.qty) +
                           ")");
    if (r.clientOrderId.size() > 128)
        return Error::make("The client_order_id is longer than Alpaca's 128 characters");
    const bool isOption = parseOccSymbol(r.symbol).ok();
    if (isOption && r.intent == PositionIntent::None)
        return Error::make("An option order needs a position intent (buy_to_open, ...): without "
                           "it Alpaca may read a sell as an opening covered call");
    QJsonObject o;
    o.insert(QLatin1String("symbol"), QString::fromStdString(r.symbol));
    o.insert(QLatin1String("qty"), QString::number(r.qty));
    o.insert(QLatin1String("side"),
             r.side == OrderSide::Buy ? QLatin1String("buy") : QLatin1String("sell"));
    o.insert(QLatin1String("type"), QLatin1String(orderTypeName(r.type)));
    o.insert(QLatin1String("time_in_force"),
             QString::fromStdString(r.timeInForce.empty() ? std::string("day") : r.timeInForce));
    // Each price only where the type takes it: Alpaca refuses a limit_price on a market or stop
    // order and a stop_price on a market or limit one.
    const auto price = [&o](const char *field, std::optional<double> v,
                            const char *what) -> std::optional<Error> {
        if (!v || !(*v > 0) || !std::isfinite(*v))
            return Error::make(std::string("A ") + what + " order needs a positive " +
                               (std::string_view(field) == "limit_price" ? "limit" : "stop") +
                               " price");
        const QString text = QString::fromStdString(formatTrimmed(*v, 4));
        // Rounded to the wire's 4 decimals a tiny price would read "0": refuse, never send it.
        if (!(text.toDouble() > 0))
            return Error::make(std::string("The ") +
                               (std::string_view(field) == "limit_price" ? "limit" : "stop") +
                               " price " + std::to_string(*v) +
                               " is below the smallest price Alpaca takes (0.0001)");
        o.insert(QLatin1String(field), text);
        return std::nullopt;
    };
    const char *what = r.type == OrderType::StopLimit ? "stop limit" : orderTypeName(r.type);
    if (hasLimitPrice(r.type))
        if (auto e = price("limit_price", r.limitPrice, what))
            return *e;
    if (hasStopPrice(r.type))
        if (auto e = price("stop_price", r.stopPrice, what))
            return *e;
    if (!r.clientOrderId.empty())
        o.insert(QLatin1String("client_order_id"), QString::fromStdString(r.clientOrderId));
    if (r.intent != PositionIntent::None)
        o.insert(QLatin1String("position_intent"), QLatin1String(positionIntentName(r.intent)));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace cg::alpaca
