#include "models/passing_filter_proxy_model.h"

#include "models/chain_roles.h"
#include "models/proxy_multi_data.h"

namespace cg::models {

PassingFilterProxyModel::PassingFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent) {
    setSortRole(RawValueRole);
    // Gate changes re-filter and re-sort the affected rows only.
    setDynamicSortFilter(true);
}

void PassingFilterProxyModel::setPassingOnly(bool on) {
    if (on == m_passingOnly)
        return;
    m_passingOnly = on;
    invalidateRowsFilter();
}

void PassingFilterProxyModel::multiData(const QModelIndex &index,
                                        QModelRoleDataSpan roleDataSpan) const {
    forwardMultiData(*this, index, roleDataSpan);
}

bool PassingFilterProxyModel::filterAcceptsRow(int sourceRow,
                                               const QModelIndex &sourceParent) const {
    if (!m_passingOnly)
        return true;
    return sourceModel()->index(sourceRow, 0, sourceParent).data(RowTradeableRole).toBool();
}

} // namespace cg::models
