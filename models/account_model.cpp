#include "models/account_model.h"

#include "models/display_format.h"

namespace cg::models {

AccountModel::AccountModel(QObject *parent)
    : KeyedTableModel<Account>(parent) {}

void AccountModel::setAccount(const Account &account) {
    applyRows({account});
}

void AccountModel::clear() {
    applyRows({});
}

std::optional<Account> AccountModel::account() const {
    return m_rows.empty() ? std::nullopt : std::optional(m_rows.front());
}

QVariant AccountModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Equity:
        return tr("Equity");
    case Cash:
        return tr("Cash");
    case BuyingPower:
        return tr("Buying power");
    case OptionsBuyingPower:
        return tr("Options BP");
    case DayPnl:
        return tr("Day P&L");
    case DayPnlPct:
        return tr("Day P&L %");
    case Status:
        return tr("Status");
    default:
        return {};
    }
}

QVariant AccountModel::cell(const Account &a, int column, int role) const {
    const double pnl = dayPnl(a);
    const double pnlPct = a.lastEquity > 0 ? pnl / a.lastEquity * 100.0 : 0.0;
    if (role == Qt::DisplayRole) {
        switch (column) {
        case Equity:
            return moneyText(a.equity);
        case Cash:
            return moneyText(a.cash);
        case BuyingPower:
            return moneyText(a.buyingPower);
        case OptionsBuyingPower:
            return moneyText(a.optionsBuyingPower);
        case DayPnl:
            return signedMoneyText(pnl);
        case DayPnlPct:
            return signedPercentText(pnlPct);
        case Status:
            return a.tradingBlocked
                       ? tr("%1 (trading blocked)").arg(QString::fromStdString(a.status))
                       : QString::fromStdString(a.status);
        default:
            return {};
        }
    }
    if (role == kValueRole) {
        switch (column) {
        case Equity:
            return a.equity;
        case Cash:
            return a.cash;
        case BuyingPower:
            return a.buyingPower;
        case OptionsBuyingPower:
            return a.optionsBuyingPower;
        case DayPnl:
            return pnl;
        case DayPnlPct:
            return pnlPct;
        case Status:
            return QString::fromStdString(a.status);
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && (column == DayPnl || column == DayPnlPct)) {
        if (const auto c = pnlColor(pnl))
            return *c;
        return {};
    }
    if (role == Qt::TextAlignmentRole)
        return column == Status ? int(Qt::AlignLeft | Qt::AlignVCenter)
                                : int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace cg::models
