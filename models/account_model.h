#pragma once
// The broker account as a one-row table (equity, cash, buying power, options buying power, day
// P&L): the account bar and tests read its cells; a refresh changes only the cells that moved.

#include "domain/account.h"
#include "models/keyed_table_model.h"

#include <optional>

namespace cg::models {

class AccountModel : public KeyedTableModel<Account> {
    Q_OBJECT
public:
    enum Column { Equity, Cash, BuyingPower, OptionsBuyingPower, DayPnl, DayPnlPct, Status, Count };

    explicit AccountModel(QObject *parent = nullptr);

    void setAccount(const Account &account);
    void clear();
    std::optional<Account> account() const;
    // cg::dayPnl: the one definition the risk meter and the daily-loss limit use too.
    static double dayPnl(const Account &a) { return cg::dayPnl(a); }

    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    int columns() const override { return Count; }
    QString keyOf(const Account &) const override { return QStringLiteral("account"); }
    QVariant cell(const Account &a, int column, int role) const override;
};

} // namespace cg::models
