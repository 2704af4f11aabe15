#include "models/orders_model.h"

#include "models/display_format.h"

#include <algorithm>

namespace cg::models {

OrdersModel::OrdersModel(QObject *parent)
    : KeyedTableModel<Order>(parent) {}

void OrdersModel::setOrders(std::vector<Order> orders) {
    std::stable_sort(orders.begin(), orders.end(), [](const Order &a, const Order &b) {
        return a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id > b.id;
    });
    applyRows(std::move(orders));
}

QString OrdersModel::statusText(const std::string &status) {
    QString s = QString::fromStdString(status);
    s.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!s.isEmpty())
        s[0] = s[0].toUpper();
    return s;
}

QVariant OrdersModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Submitted:
        return tr("Submitted");
    case Symbol:
        return tr("Symbol");
    case Side:
        return tr("Side");
    case Qty:
        return tr("Qty");
    case Filled:
        return tr("Filled");
    case Type:
        return tr("Type");
    case Limit:
        return tr("Limit");
    case AvgFill:
        return tr("Avg fill");
    case Status:
        return tr("Status");
    case FromMid:
        return tr("From mid");
    case ClientOrderId:
        return tr("Client order id");
    default:
        return {};
    }
}

std::optional<double> OrdersModel::distanceFromMid(const Order &o) const {
    if (!m_marks || !o.limitPrice || isFinalOrderStatus(o.status))
        return std::nullopt;
    const auto mid = m_marks(o.symbol);
    if (!mid || !(*mid > 0.0))
        return std::nullopt;
    return *o.limitPrice - *mid;
}

void OrdersModel::refreshMarks() {
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, FromMid), index(rowCount() - 1, FromMid));
}

QVariant OrdersModel::cell(const Order &o, int column, int role) const {
    const bool buy = o.side == OrderSide::Buy;
    if (role == Qt::DisplayRole) {
        switch (column) {
        case Submitted:
            return localTimeText(o.createdAt);
        case Symbol:
            return QString::fromStdString(o.symbol);
        case Side:
            return buy ? tr("Buy") : tr("Sell");
        case Qty:
            return quantityText(o.qty);
        case Filled:
            return quantityText(o.filledQty);
        case Type:
            switch (o.type) {
            case OrderType::Limit:
                return tr("Limit");
            case OrderType::Market:
                return tr("Market");
            case OrderType::Stop:
                return tr("Stop %1").arg(priceText(o.stopPrice));
            case OrderType::StopLimit:
                return tr("Stop limit %1").arg(priceText(o.stopPrice));
            }
            return QVariant();
        case Limit:
            return priceText(o.limitPrice);
        case AvgFill:
            return priceText(o.filledAvgPrice);
        case Status:
            return statusText(o.status);
        case FromMid: {
            const auto d = distanceFromMid(o);
            return d ? QString::asprintf("%+.2f", *d) : QString();
        }
        case ClientOrderId:
            return QString::fromStdString(o.clientOrderId);
        default:
            return {};
        }
    }
    if (role == kValueRole) {
        switch (column) {
        case Submitted:
            return qint64(o.createdAt.time_since_epoch().count());
        case Qty:
            return o.qty;
        case Filled:
            return o.filledQty;
        case Limit:
            return o.limitPrice ? QVariant(*o.limitPrice) : QVariant();
        case AvgFill:
            return o.filledAvgPrice ? QVariant(*o.filledAvgPrice) : QVariant();
        case Status:
            return QString::fromStdString(o.status);
        default:
            return cell(o, column, Qt::DisplayRole);
        }
    }
    if (role == Qt::ToolTipRole && column == Submitted)
        return utcTimeText(o.createdAt);
    if (role == Qt::ForegroundRole) {
        if (column == Side)
            return buy ? QColor(0x2e, 0xa0, 0x5a) : QColor(0xe0, 0x4f, 0x4f);
        if (column == Status &&
            (o.status == "rejected" || o.status == "canceled" || o.status == "expired"))
            return QColor(0x9e, 0x9e, 0x9e);
        return {};
    }
    if (role == Qt::TextAlignmentRole) {
        switch (column) {
        case Qty:
        case Filled:
        case Limit:
        case AvgFill:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return int(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    return {};
}

} // namespace cg::models
