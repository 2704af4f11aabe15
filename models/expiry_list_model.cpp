#include "models/expiry_list_model.h"

#include <QLocale>

namespace cg::models {

QDate toQDate(std::chrono::year_month_day d) {
    return QDate(static_cast<int>(d.year()), static_cast<int>(static_cast<unsigned>(d.month())),
                 static_cast<int>(static_cast<unsigned>(d.day())));
}

ExpiryListModel::ExpiryListModel(QObject *parent)
    : QAbstractListModel(parent) {}

void ExpiryListModel::setExpiries(const std::vector<std::chrono::year_month_day> &expiries,
                                  const std::vector<int> &daysToExpiry) {
    bool sameDates = expiries.size() == m_items.size();
    for (std::size_t i = 0; sameDates && i < expiries.size(); ++i)
        sameDates = expiries[i] == m_items[i].date;
    if (!sameDates) {
        beginResetModel();
        m_items.clear();
        for (std::size_t i = 0; i < expiries.size(); ++i)
            m_items.push_back({expiries[i], i < daysToExpiry.size() ? daysToExpiry[i] : 0});
        endResetModel();
        return;
    }
    for (std::size_t i = 0; i < m_items.size() && i < daysToExpiry.size(); ++i) {
        if (m_items[i].dte == daysToExpiry[i])
            continue;
        m_items[i].dte = daysToExpiry[i];
        const QModelIndex at = index(static_cast<int>(i));
        Q_EMIT dataChanged(at, at);
    }
}

void ExpiryListModel::setStrategyWindow(int minDte, int maxDte) {
    if (minDte == m_minDte && maxDte == m_maxDte)
        return;
    m_minDte = minDte;
    m_maxDte = maxDte;
    if (!m_items.empty())
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), {InStrategyWindowRole});
}

std::chrono::year_month_day ExpiryListModel::expiryAt(int row) const {
    if (row < 0 || row >= rowCount())
        return {};
    return m_items[static_cast<std::size_t>(row)].date;
}

int ExpiryListModel::rowOf(std::chrono::year_month_day expiry) const {
    for (std::size_t i = 0; i < m_items.size(); ++i) {
        if (m_items[i].date == expiry)
            return static_cast<int>(i);
    }
    return -1;
}

int ExpiryListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_items.size());
}

QVariant ExpiryListModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Item &item = m_items[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        //: Expiry tab: date and days to expiry, e.g. "Nov 28  2d"
        return tr("%1  %2d")
            .arg(QLocale::c().toString(toQDate(item.date), QStringLiteral("MMM d")))
            .arg(item.dte);
    case Qt::ToolTipRole:
        return tr("Expires %1, %n day(s) to expiry", nullptr, item.dte)
            .arg(toQDate(item.date).toString(Qt::ISODate));
    case DateRole:
        return toQDate(item.date);
    case DteRole:
        return item.dte;
    case InStrategyWindowRole:
        return item.dte >= m_minDte && item.dte <= m_maxDte;
    default:
        return {};
    }
}

} // namespace cg::models
