#include "dispatch/order_adoption.h"

#include "domain/number_format.h"
#include "domain/occ_symbol.h"
#include "storage/json_values.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <limits>

namespace cg {

namespace {

// What the explain_json of an adopted order says about it.
void explainAdoption(QJsonObject &e, const Order &o) {
    e.insert(QStringLiteral("adopted_existing_order"), true);
    e.insert(QStringLiteral("client_order_id"), jsonTextOrNull(o.clientOrderId));
    e.insert(QStringLiteral("alpaca_order_id"), jsonTextOrNull(o.id));
    e.insert(QStringLiteral("order_status"), jsonTextOrNull(o.status));
    e.insert(QStringLiteral("order_symbol"), jsonTextOrNull(o.symbol));
    e.insert(QStringLiteral("order_qty"), o.qty);
    e.insert(QStringLiteral("order_limit_price"), jsonNumber(o.limitPrice));
}

std::string compact(const QJsonObject &o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

bool rootFits(std::string_view root, std::string_view underlying) {
    return root == underlying || (root.size() == underlying.size() + 1 &&
                                  root.substr(0, underlying.size()) == underlying);
}

} // namespace

bool orderFitsSignal(const Order &o, const Signal &signal) {
    if (signal.multiLeg) {
        if (o.legs.empty())
            return false;
        for (const OrderLeg &leg : o.legs) {
            const auto occ = parseOccSymbol(leg.symbol);
            if (!occ || !rootFits(occ->root, signal.symbol))
                return false;
        }
        return true;
    }
    switch (signal.action) {
    case SignalAction::Call:
    case SignalAction::Put: {
        const auto occ = parseOccSymbol(o.symbol);
        const OptionType type =
            signal.action == SignalAction::Call ? OptionType::Call : OptionType::Put;
        return o.legs.empty() && occ && occ->type == type && rootFits(occ->root, signal.symbol);
    }
    case SignalAction::Buy:
    case SignalAction::Sell:
        return o.legs.empty() && o.symbol == signal.symbol &&
               o.side == (signal.action == SignalAction::Buy ? OrderSide::Buy : OrderSide::Sell);
    case SignalAction::Neutral:
        break;
    }
    return false;
}

Decision decisionFromRecord(const Signal &signal, const ExecutionRecord &r) {
    Decision d;
    d.signal = signal;
    d.decidedAt = r.createdAt;
    d.alreadyDispatched = true;
    d.mode = r.mode;
    d.underlyingPrice = r.underlyingPrice;
    d.qty = r.qty.value_or(0);
    d.limitPrice = r.limitPrice;
    d.fillPrice = r.fillPrice;
    d.clientOrderId = r.clientOrderId;
    d.orderId = r.orderId;
    d.orderStatus = r.orderStatus;
    d.fallbackReason = r.fallbackReason;
    d.executionId = r.id;
    d.executionUid = r.executionUid;
    d.recordState = RecordState::Recorded;
    if (!r.optionSymbol.empty()) {
        OptionContract c;
        c.symbol = r.optionSymbol;
        c.underlying = r.ticker;
        c.strike = r.strike.value_or(0.0);
        if (r.bid && r.ask)
            c.quote = Quote{*r.bid, *r.ask, 0, 0, {}};
        if (auto occ = parseOccSymbol(r.optionSymbol)) {
            c.root = occ->root;
            c.type = occ->type;
            c.expiry = occ->expiry;
        }
        d.contract = c;
        // Chosen unless a gate or a check refused it: an order that never arrived (not_placed,
        // whose record says why) was chosen all the same.
        d.contractSelected = r.fallbackReason.empty() || r.orderStatus == "not_placed";
    }
    return d;
}

ExecutionRecord adoptedOrderRecord(const Order &o, std::int64_t signalId,
                                   const std::optional<Signal> &signal, ExecutionMode mode,
                                   Timestamp now) {
    ExecutionRecord r;
    r.executionUid = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    if (signalId > 0) // 0: an order of this book whose signal is not known here
        r.signalId = signalId;
    const auto occ = parseOccSymbol(o.symbol);
    r.instrumentType = occ ? "OPTION" : "STOCK";
    if (signal) {
        r.ticker = signal->symbol;
        r.action = std::string(toString(signal->action));
        r.strategy = std::string(toString(signal->strategy));
    } else if (occ) {
        r.ticker = occ->root;
        r.action = occ->type == OptionType::Call ? "CALL" : "PUT";
    } else {
        r.ticker = o.symbol;
        r.action = o.side == OrderSide::Buy ? "BUY" : "SELL";
    }
    r.mode = mode;
    if (occ) {
        r.optionSymbol = o.symbol;
        r.strike = occ->strike();
        r.expiry = formatDate(occ->expiry);
    }
    r.qty = wholeQuantity(o.qty);
    r.limitPrice = o.limitPrice;
    r.fillPrice = o.filledAvgPrice;
    r.clientOrderId = o.clientOrderId;
    r.orderId = o.id;
    r.orderStatus = o.status;
    r.replacesOrderId = o.replaces; // a replacing order adopted: its trade counts once
    // The order's own time: it counts toward the day it was placed.
    r.createdAt = o.createdAt != Timestamp{} ? o.createdAt : now;

    QJsonObject e;
    e.insert(QStringLiteral("reason"),
             QStringLiteral("Order found on the account without a record: adopted and recorded, "
                            "not sent again"));
    QJsonObject s;
    s.insert(QStringLiteral("id"), static_cast<qint64>(signalId));
    s.insert(QStringLiteral("symbol"), jsonTextOrNull(signal ? signal->symbol : std::string()));
    s.insert(QStringLiteral("found"), signal.has_value());
    e.insert(QStringLiteral("signal"), s);
    e.insert(QStringLiteral("execution_mode"), QString::fromLatin1(toString(mode).data()));
    e.insert(QStringLiteral("adopted_at"),
             QDateTime::fromMSecsSinceEpoch(now.time_since_epoch().count(), Qt::UTC)
                 .toString(Qt::ISODateWithMs));
    explainAdoption(e, o);
    r.explainJson = compact(e);
    return r;
}

ExecutionRecord recordWithAdoptedOrder(ExecutionRecord r, const Order &o) {
    QJsonObject e = QJsonDocument::fromJson(QByteArray::fromStdString(r.explainJson)).object();
    if (!o.symbol.empty() && o.symbol != r.optionSymbol && !r.optionSymbol.empty()) {
        // Another contract than the intent named: the record names the order that exists.
        if (const auto occ = parseOccSymbol(o.symbol)) {
            r.optionSymbol = o.symbol;
            r.strike = occ->strike();
            r.expiry = formatDate(occ->expiry);
            r.bid = r.ask = r.spreadPct = std::nullopt;
            r.delta = r.gamma = r.theta = r.vega = r.iv = std::nullopt;
            r.openInterest = r.volume = std::nullopt;
            e.insert(QStringLiteral("contract_replaced_by_order"), true);
        }
    }
    if (const auto q = wholeQuantity(o.qty); q && *q > 0)
        r.qty = q;
    if (o.limitPrice)
        r.limitPrice = o.limitPrice;
    r.fillPrice = o.filledAvgPrice;
    r.orderId = o.id;
    r.orderStatus = o.status;
    explainAdoption(e, o);
    r.explainJson = compact(e);
    return r;
}

ExecutionRecord replacementRecord(const ExecutionRecord &replaced, const Order &replacing,
                                  Timestamp now) {
    ExecutionRecord r = replaced;
    r.id = 0;
    r.executionUid = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    r.clientOrderId = replacing.clientOrderId;
    r.orderId = replacing.id;
    r.orderStatus = replacing.status;
    if (const auto q = wholeQuantity(replacing.qty); q && *q > 0)
        r.qty = q;
    r.limitPrice = replacing.limitPrice;
    r.fillPrice = replacing.filledAvgPrice;
    r.slippage.reset(); // of the new order's own fill, when it comes
    r.replacesOrderId = replacing.replaces.empty() ? replaced.orderId : replacing.replaces;
    r.createdAt = replacing.createdAt.time_since_epoch().count() > 0 ? replacing.createdAt : now;
    QJsonObject e = QJsonDocument::fromJson(QByteArray::fromStdString(r.explainJson)).object();
    e.insert(
        QStringLiteral("replaces"),
        QJsonObject{
            // Alpaca's `replaces`; the record's own order id when the answer lacks it.
            {QStringLiteral("order_id"),
             QString::fromStdString(replacing.replaces.empty() ? replaced.orderId
                                                               : replacing.replaces)},
            {QStringLiteral("client_order_id"), QString::fromStdString(replaced.clientOrderId)},
            {QStringLiteral("execution_uid"), QString::fromStdString(replaced.executionUid)},
        });
    r.explainJson = compact(e);
    return r;
}

std::optional<double> slippageBaseOf(const ExecutionRecord &r) {
    if (r.bid && r.ask)
        return (*r.bid + *r.ask) / 2.0;
    if (r.instrumentType == "STOCK")
        return r.underlyingPrice;
    return std::nullopt;
}

void adoptOrderIntoDecision(Decision &d, const Order &o) {
    if (auto occ = parseOccSymbol(o.symbol); occ && d.contract && o.symbol != d.contract->symbol) {
        OptionContract actual;
        actual.symbol = o.symbol;
        actual.root = occ->root;
        actual.underlying = d.contract->underlying;
        actual.type = occ->type;
        actual.strike = occ->strike();
        actual.expiry = occ->expiry;
        actual.multiplier = d.contract->multiplier;
        d.contract = actual;
        d.gates.reset();
    }
    if (const auto qty = wholeQuantity(o.qty)) {
        d.qty = *qty;
    } else {
        // Recorded without a quantity, never a cast one; the order is tracked all the same.
        d.qty = 0;
        d.error = "Order " + o.id + " at the broker has a quantity of " + formatTrimmed(o.qty, 4) +
                  ", not a whole number of contracts ChainGate can record";
    }
    d.limitPrice = o.limitPrice;
    if (d.order)
        d.order->symbol = o.symbol;
}

OrderRequest requestOf(const Order &o) {
    OrderRequest r;
    r.symbol = o.symbol;
    r.qty = wholeQuantity(o.qty).value_or(0);
    r.side = o.side;
    r.type = o.type;
    r.limitPrice = o.limitPrice;
    r.timeInForce = o.timeInForce.empty() ? std::string("day") : o.timeInForce;
    r.clientOrderId = o.clientOrderId;
    return r;
}

} // namespace cg
