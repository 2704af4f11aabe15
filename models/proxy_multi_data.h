#pragma once
// multiData() for a proxy: the index mapped to the source once, every role asked there in one
// call. QSortFilterProxyModel leaves multiData() to QAbstractItemModel, which calls data() - and so
// mapToSource() - once a role: a chain cell's painter asks for eleven roles through two proxies.

#include <QAbstractProxyModel>

namespace cg::models {

inline void forwardMultiData(const QAbstractProxyModel &proxy, const QModelIndex &index,
                             QModelRoleDataSpan roleDataSpan) {
    const QModelIndex source = proxy.mapToSource(index);
    if (!proxy.sourceModel() || (index.isValid() && !source.isValid())) {
        for (QModelRoleData &d : roleDataSpan) // as data() answers: nothing
            d.clearData();
        return;
    }
    proxy.sourceModel()->multiData(source, roleDataSpan);
}

} // namespace cg::models
