#pragma once
// The expiries of an underlying with their days to expiry, for the expiry tabs.

#include <QAbstractListModel>
#include <QDate>

#include <chrono>
#include <vector>

namespace cg::models {

class ExpiryListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        DateRole = Qt::UserRole + 100, // QDate
        DteRole,                       // int, calendar days (0 on expiry day)
        InStrategyWindowRole,          // bool: inside the strategy's DTE window
    };

    explicit ExpiryListModel(QObject *parent = nullptr);

    // `daysToExpiry[i]` belongs to `expiries[i]`; both sorted by date. Resets only when the
    // list of dates changes, otherwise updates the days in place.
    void setExpiries(const std::vector<std::chrono::year_month_day> &expiries,
                     const std::vector<int> &daysToExpiry);
    void setStrategyWindow(int minDte, int maxDte);
    std::chrono::year_month_day expiryAt(int row) const;
    int rowOf(std::chrono::year_month_day expiry) const; // -1 when absent

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    struct Item {
        std::chrono::year_month_day date;
        int dte = 0;
    };
    std::vector<Item> m_items;
    int m_minDte = 0;
    int m_maxDte = -1;
};

QDate toQDate(std::chrono::year_month_day d);

} // namespace cg::models
