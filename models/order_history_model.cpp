#include "models/order_history_model.h"

#include "domain/occ_symbol.h"
#include "models/display_format.h"
#include "models/orders_model.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <numeric>
#include <set>

namespace cg::models {

double multiplierOf(const std::string &symbol) {
    return parseOccSymbol(symbol).ok() ? 100.0 : 1.0;
}

namespace {

bool closingIntent(PositionIntent i) {
    return i == PositionIntent::BuyToClose || i == PositionIntent::SellToClose;
}

Timestamp fillTime(const Order &o) {
    return o.filledAt.value_or(o.submittedAt);
}

bool multiLeg(const Order &o) {
    return !o.legs.empty();
}

// A sale that closes: an option's sell_to_close, or a stock's sale without an intent (ChainGate
// sells stock only to close, and a sale whose opening is older than the history read must not
// become a short that a later buy "covers" at a made-up profit).
bool closes(const Order &o) {
    if (closingIntent(o.intent))
        return true;
    return o.intent == PositionIntent::None && o.side == OrderSide::Sell &&
           !parseOccSymbol(o.symbol).ok();
}

// What the order paid (negative) or received, all legs of a multi-leg order together; empty
// before a fill.
std::optional<double> cashOf(const Order &o) {
    if (!multiLeg(o)) {
        if (!o.filledAvgPrice || !(o.filledQty > 0.0))
            return std::nullopt;
        return (o.side == OrderSide::Buy ? -1.0 : 1.0) * o.filledQty * *o.filledAvgPrice *
               multiplierOf(o.symbol);
    }
    double cash = 0.0;
    bool any = false;
    for (const OrderLeg &l : o.legs) {
        if (!l.filledAvgPrice || !(l.filledQty > 0.0))
            continue;
        cash += (l.side == OrderSide::Buy ? -1.0 : 1.0) * l.filledQty * *l.filledAvgPrice *
                multiplierOf(l.symbol);
        any = true;
    }
    if (any)
        return cash;
    // Legs without their prices: the net (Alpaca's sign: a debit positive) per unit.
    if (!o.filledAvgPrice || !(o.filledQty > 0.0))
        return std::nullopt;
    return -*o.filledAvgPrice * o.filledQty * 100.0;
}

// A multi-leg order's legs, "SPY...C00600000 / SPY...C00605000", where it has no symbol.
QString symbolText(const Order &o) {
    if (!multiLeg(o))
        return QString::fromStdString(o.symbol);
    QStringList legs;
    for (const OrderLeg &l : o.legs)
        legs << QString::fromStdString(l.symbol);
    return legs.join(QStringLiteral(" / "));
}

} // namespace

OrderHistoryModel::OrderHistoryModel(QObject *parent)
    : QAbstractTableModel(parent) {}

void OrderHistoryModel::setOrders(std::vector<Order> orders) {
    beginResetModel();
    m_orders.clear();
    m_pnl.clear();
    endResetModel();
    addOlder(std::move(orders));
}

void OrderHistoryModel::addOlder(std::vector<Order> page) {
    beginResetModel();
    std::set<std::string> seen;
    for (const Order &o : m_orders)
        seen.insert(o.id);
    for (Order &o : page)
        if (seen.insert(o.id).second)
            m_orders.push_back(std::move(o));
    std::stable_sort(m_orders.begin(), m_orders.end(),
                     [](const Order &a, const Order &b) { return a.submittedAt > b.submittedAt; });
    recompute();
    endResetModel();
}

void OrderHistoryModel::setFeeActivities(const std::vector<Activity> &activities) {
    double total = 0.0;
    int count = 0;
    for (const Activity &a : activities) {
        if (a.activityType != "FEE" || a.status == "canceled" || !a.netAmount)
            continue;
        total -= *a.netAmount; // net_amount is negative for a charge
        ++count;
    }
    m_fees = total;
    m_feeCount = count;
}

void OrderHistoryModel::recompute() {
    // Fills in the order they happened: oldest fill first.
    std::vector<std::size_t> byTime(m_orders.size());
    std::iota(byTime.begin(), byTime.end(), std::size_t{0});
    std::stable_sort(byTime.begin(), byTime.end(), [this](std::size_t a, std::size_t b) {
        return fillTime(m_orders[a]) < fillTime(m_orders[b]);
    });
    // One fill an order; a multi-leg order's legs each fill their own contract (its parent has
    // no symbol and a net price).
    std::vector<Fill> fills;
    std::vector<std::size_t> rowOf;
    for (std::size_t i : byTime) {
        const Order &o = m_orders[i];
        if (multiLeg(o)) {
            for (const OrderLeg &l : o.legs) {
                if (!(l.filledQty > 0.0) || !l.filledAvgPrice)
                    continue;
                fills.push_back(Fill{l.symbol, l.side, l.filledQty, *l.filledAvgPrice,
                                     multiplierOf(l.symbol), closingIntent(l.intent)});
                rowOf.push_back(i);
            }
            continue;
        }
        if (!(o.filledQty > 0.0) || !o.filledAvgPrice)
            continue;
        fills.push_back(Fill{o.symbol, o.side, o.filledQty, *o.filledAvgPrice,
                             multiplierOf(o.symbol), closes(o)});
        rowOf.push_back(i);
    }
    const auto pnl = realizedPnlFifo(fills);
    m_pnl.assign(m_orders.size(), RealizedPnl{});
    for (std::size_t k = 0; k < pnl.size(); ++k) {
        RealizedPnl &r = m_pnl[rowOf[k]];
        r.closedQty += pnl[k].closedQty;
        r.realized += pnl[k].realized;
        r.unmatchedQty += pnl[k].unmatchedQty;
        r.openedQty += pnl[k].openedQty;
    }
    m_totalRealized = 0.0;
    m_closing = 0;
    m_unknown = 0;
    for (const RealizedPnl &r : m_pnl) {
        if (r.closes() || r.unmatchedQty > 0.0) {
            ++m_closing;
            if (r.unmatchedQty > 0.0)
                ++m_unknown;
            else
                m_totalRealized += r.realized;
        }
    }
}

const Order *OrderHistoryModel::orderAt(int row) const {
    return row >= 0 && row < static_cast<int>(m_orders.size()) ? &m_orders[row] : nullptr;
}

std::optional<Timestamp> OrderHistoryModel::oldestSubmitted() const {
    if (m_orders.empty())
        return std::nullopt;
    return m_orders.back().submittedAt;
}

std::optional<double> OrderHistoryModel::realizedAt(int row) const {
    if (row < 0 || row >= static_cast<int>(m_pnl.size()))
        return std::nullopt;
    const RealizedPnl &r = m_pnl[row];
    if (!r.closes() || r.unmatchedQty > 0.0)
        return std::nullopt;
    return r.realized;
}

int OrderHistoryModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_orders.size());
}

int OrderHistoryModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : Count;
}

QVariant OrderHistoryModel::data(const QModelIndex &index, int role) const {
    const Order *o = orderAt(index.row());
    if (!o)
        return {};
    const RealizedPnl &r = m_pnl[index.row()];
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case Filled:
        case AvgFill:
        case Value:
        case Realized:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Realized) {
        if (r.unmatchedQty > 0.0)
            return tr("%1 of the %2 closed were opened before the history read: load older "
                      "orders to price them")
                .arg(quantityText(r.unmatchedQty), quantityText(r.unmatchedQty + r.closedQty));
        if (r.closes())
            return tr("First in, first out against the opening fills of %1").arg(symbolText(*o));
        return tr("Opens a position: nothing realized");
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case FilledAt: {
        const Timestamp t = fillTime(*o);
        return QLocale::c().toString(
            QDateTime::fromMSecsSinceEpoch(t.time_since_epoch().count()).toLocalTime(),
            QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    }
    case Symbol:
        return symbolText(*o);
    case Side:
        if (multiLeg(*o))
            return tr("Multi-leg");
        return o->side == OrderSide::Buy ? tr("Buy") : tr("Sell");
    case Intent:
        return intentText(o->intent);
    case Type:
        return QString(QString::fromLatin1(orderTypeName(o->type)) + QStringLiteral(" \u00b7 ") +
                       QString::fromStdString(o->timeInForce));
    case Filled:
        return tr("%1 of %2").arg(quantityText(o->filledQty), quantityText(o->qty));
    case AvgFill:
        return priceText(o->filledAvgPrice);
    case Value: {
        // Debit (paid) negative, credit (received) positive.
        const std::optional<double> cash = cashOf(*o);
        return cash ? moneyText(*cash) : QString();
    }
    case Realized:
        if (r.unmatchedQty > 0.0)
            return tr("unknown");
        return r.closes() ? moneyText(r.realized) : QString();
    case Status:
        return OrdersModel::statusText(o->status);
    }
    return {};
}

QVariant OrderHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case FilledAt:
        return tr("Filled at");
    case Symbol:
        return tr("Symbol");
    case Side:
        return tr("Side");
    case Intent:
        return tr("Intent");
    case Type:
        return tr("Type");
    case Filled:
        return tr("Filled");
    case AvgFill:
        return tr("Avg fill");
    case Value:
        return tr("Debit / credit");
    case Realized:
        return tr("Realized P&L");
    case Status:
        return tr("Status");
    }
    return {};
}

} // namespace cg::models
