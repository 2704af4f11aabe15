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

bool PassingFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const {
    // A row whose cells changed (a pick mark, the at-the-money line) or that comes back through
    // a filter is placed by binary search, after the rows it ties with: without the source row
    // as the last key, a flat list's call moved after its strike's put (and the line with it).
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    if (a.isValid() != b.isValid())
        return a.isValid(); // unknown values last, as QSortFilterProxyModel sorts them
    if (a.isValid()) {
        const QPartialOrdering order = QVariant::compare(a, b);
        if (order == QPartialOrdering::Less)
            return true;
        if (order == QPartialOrdering::Greater)
            return false;
    }
    return left.row() < right.row();
}

} // namespace cg::models
