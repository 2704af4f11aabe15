#include "models/strike_window_proxy_model.h"

#include "models/chain_roles.h"
#include "models/proxy_multi_data.h"

#include <algorithm>
#include <vector>

namespace cg::models {

StrikeWindowProxyModel::StrikeWindowProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent) {
    setDynamicSortFilter(true);
}

void StrikeWindowProxyModel::setSourceModel(QAbstractItemModel *model) {
    for (const auto &c : m_connections)
        disconnect(c);
    m_connections.clear();
    QSortFilterProxyModel::setSourceModel(model);
    if (!model)
        return;
    // Connected after the base class: its own handling runs first, then the window is
    // recomputed for the new strike set.
    const auto recompute = [this] { updateWindow(); };
    m_connections = {
        connect(model, &QAbstractItemModel::rowsInserted, this, recompute),
        connect(model, &QAbstractItemModel::rowsRemoved, this, recompute),
        connect(model, &QAbstractItemModel::modelReset, this, recompute),
        connect(model, &QAbstractItemModel::layoutChanged, this, recompute),
    };
    updateWindow();
}

void StrikeWindowProxyModel::setStrikesEachSide(int n) {
    n = std::max(0, n);
    if (n == m_each)
        return;
    m_each = n;
    updateWindow();
}

void StrikeWindowProxyModel::setUnderlyingPrice(double spot) {
    if (spot == m_spot)
        return;
    m_spot = spot;
    updateWindow();
}

void StrikeWindowProxyModel::updateWindow() {
    bool all = m_each == 0 || m_spot <= 0.0 || !sourceModel();
    double low = 0.0;
    double high = 0.0;
    if (!all) {
        std::vector<double> strikes;
        const int rows = sourceModel()->rowCount();
        strikes.reserve(static_cast<std::size_t>(rows));
        for (int r = 0; r < rows; ++r)
            strikes.push_back(sourceModel()->index(r, 0).data(StrikeRole).toDouble());
        std::sort(strikes.begin(), strikes.end());
        strikes.erase(std::unique(strikes.begin(), strikes.end()), strikes.end());
        if (strikes.empty()) {
            all = true;
        } else {
            const auto above = std::lower_bound(strikes.begin(), strikes.end(), m_spot);
            const auto at = static_cast<long>(above - strikes.begin());
            const long n = static_cast<long>(strikes.size());
            const long first = std::max(0L, at - m_each);
            const long last = std::min(n - 1, at + m_each - 1);
            low = strikes[static_cast<std::size_t>(first)];
            high = strikes[static_cast<std::size_t>(std::max(first, last))];
        }
    }
    if (all == m_all && low == m_low && high == m_high)
        return;
    m_all = all;
    m_low = low;
    m_high = high;
    invalidateRowsFilter();
}

void StrikeWindowProxyModel::multiData(const QModelIndex &index,
                                       QModelRoleDataSpan roleDataSpan) const {
    forwardMultiData(*this, index, roleDataSpan);
}

bool StrikeWindowProxyModel::filterAcceptsRow(int sourceRow,
                                              const QModelIndex &sourceParent) const {
    if (m_all)
        return true;
    const double strike =
        sourceModel()->index(sourceRow, 0, sourceParent).data(StrikeRole).toDouble();
    return strike >= m_low && strike <= m_high;
}

} // namespace cg::models
