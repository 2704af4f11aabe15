#include "models/activities_model.h"

#include "models/display_format.h"

namespace cg::models {

ActivitiesModel::ActivitiesModel(QObject *parent)
    : KeyedTableModel<Activity>(parent) {}

void ActivitiesModel::setActivities(std::vector<Activity> activities) {
    applyRows(std::move(activities));
}

QVariant ActivitiesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == Qty)
        return tr("A fill: the contracts or shares of this execution. An option event: signed as "
                  "Alpaca books it (an exercised long -N, an assigned short +N); the share leg "
                  "+-100 a contract");
    if (role == Qt::ToolTipRole && section == Amount)
        return tr("Cash moved: a fill's quantity x price x multiplier (spent on a buy); an option "
                  "event's net_amount as Alpaca sends it");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case When:
        return tr("Time");
    case Type:
        return tr("Activity");
    case Symbol:
        return tr("Symbol");
    case Side:
        return tr("Side");
    case Qty:
        return tr("Qty");
    case Price:
        return tr("Price");
    case Amount:
        return tr("Amount");
    case Status:
        return tr("Status");
    default:
        return {};
    }
}

namespace {

bool isOption(const std::string &symbol) {
    return symbol.size() > 15;
}

std::optional<double> amountOf(const Activity &a) {
    if (!a.isTrade())
        return a.netAmount;
    if (!a.price)
        return std::nullopt;
    const double value = a.qty * *a.price * (isOption(a.symbol) ? 100.0 : 1.0);
    return a.side == "buy" ? -value : value;
}

} // namespace

QVariant ActivitiesModel::cell(const Activity &a, int column, int role) const {
    if (role == Qt::DisplayRole) {
        switch (column) {
        case When:
            return a.transactionTime != Timestamp{} ? localTimeText(a.transactionTime)
                                                    : QString::fromStdString(a.date);
        case Type:
            return tr(activityTypeText(a.activityType).c_str());
        case Symbol:
            return QString::fromStdString(a.symbol);
        case Side:
            return a.side == "buy" ? tr("Buy") : a.side == "sell" ? tr("Sell") : QString();
        case Qty:
            return quantityText(a.qty);
        case Price:
            return priceText(a.price);
        case Amount: {
            const auto v = amountOf(a);
            return v ? signedMoneyText(*v) : QString();
        }
        case Status:
            return a.isTrade() ? QString::fromStdString(a.fillType == "partial_fill"
                                                            ? std::string("partial fill")
                                                            : a.orderStatus)
                               : QString::fromStdString(a.status);
        default:
            return {};
        }
    }
    if (role == kValueRole) {
        switch (column) {
        case Qty:
            return a.qty;
        case Price:
            return a.price ? QVariant(*a.price) : QVariant();
        case Amount: {
            const auto v = amountOf(a);
            return v ? QVariant(*v) : QVariant();
        }
        default:
            return cell(a, column, Qt::DisplayRole);
        }
    }
    if (role == Qt::ToolTipRole && column == Type && !a.description.empty())
        return QString::fromStdString(a.description);
    if (role == Qt::ToolTipRole && column == Type && a.isTrade() && !a.orderId.empty())
        return tr("Order %1").arg(QString::fromStdString(a.orderId));
    if (role == Qt::ForegroundRole && column == Amount) {
        if (const auto v = amountOf(a))
            if (const auto c = pnlColor(*v))
                return *c;
        return {};
    }
    if (role == Qt::TextAlignmentRole)
        return column <= Side ? int(Qt::AlignLeft | Qt::AlignVCenter)
                              : int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace cg::models
