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
    // The rows that stay are dimmed or undimmed where a side fails.
    if (rowCount() > 0 && columnCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1),
                           {DimmedRole, Qt::ToolTipRole});
}

void PassingFilterProxyModel::setSourceModel(QAbstractItemModel *model) {
    disconnect(m_sourceChanged);
    QSortFilterProxyModel::setSourceModel(model);
    // Connected after the base class: the rows are re-filtered before their sides are repainted.
    if (model)
        m_sourceChanged = connect(model, &QAbstractItemModel::dataChanged, this,
                                  &PassingFilterProxyModel::repaintDimmedSides);
}

void PassingFilterProxyModel::repaintDimmedSides(const QModelIndex &topLeft,
                                                 const QModelIndex &bottomRight) {
    // Nothing is dimmed unless filtering: the source's ranges stay the smallest ones.
    if (!m_passingOnly || !topLeft.isValid() || !bottomRight.isValid())
        return;
    const QAbstractItemModel *source = sourceModel();
    for (const ChainSide side : {ChainSide::Call, ChainSide::Put}) {
        // The side's columns (side by side: one run each; the flat list has none, its rows are
        // a contract each and are filtered instead).
        int first = -1;
        int last = -1;
        bool gateChanged = false;
        for (int c = 0; c < source->columnCount(); ++c) {
            if (source->headerData(c, Qt::Horizontal, SideRole).toInt() != static_cast<int>(side))
                continue;
            if (first < 0)
                first = c;
            last = c;
            gateChanged =
                gateChanged || (c >= topLeft.column() && c <= bottomRight.column() &&
                                source->headerData(c, Qt::Horizontal, GateFieldRole).toBool());
        }
        if (!gateChanged)
            continue;
        for (int r = topLeft.row(); r <= bottomRight.row(); ++r) {
            const QModelIndex row = mapFromSource(source->index(r, first));
            if (row.isValid())
                Q_EMIT dataChanged(row, index(row.row(), last), {DimmedRole, Qt::ToolTipRole});
        }
    }
}

bool PassingFilterProxyModel::dimmed(const QModelIndex &index) const {
    if (!m_passingOnly)
        return false;
    const QVariant tradeable = QSortFilterProxyModel::data(index, ContractTradeableRole);
    return tradeable.isValid() && !tradeable.toBool();
}

QString PassingFilterProxyModel::dimmedToolTip(const QModelIndex &index,
                                               const QString &toolTip) const {
    const bool call =
        QSortFilterProxyModel::data(index, SideRole).toInt() == static_cast<int>(ChainSide::Call);
    const QString why = call ? tr("Passing only: this call fails a gate; it is listed, dimmed, "
                                  "because the put at this strike passes.")
                             : tr("Passing only: this put fails a gate; it is listed, dimmed, "
                                  "because the call at this strike passes.");
    return toolTip.isEmpty() ? why : why + QLatin1Char('\n') + toolTip;
}

QVariant PassingFilterProxyModel::data(const QModelIndex &index, int role) const {
    if (role == DimmedRole)
        return dimmed(index);
    QVariant value = QSortFilterProxyModel::data(index, role);
    if (role == Qt::ToolTipRole && dimmed(index))
        return dimmedToolTip(index, value.toString());
    return value;
}

void PassingFilterProxyModel::multiData(const QModelIndex &index,
                                        QModelRoleDataSpan roleDataSpan) const {
    forwardMultiData(*this, index, roleDataSpan);
    if (!m_passingOnly)
        return; // DimmedRole stays unset: false
    for (QModelRoleData &d : roleDataSpan) {
        if (d.role() == DimmedRole)
            d.setData(dimmed(index));
        else if (d.role() == Qt::ToolTipRole && dimmed(index))
            d.setData(dimmedToolTip(index, d.data().toString()));
    }
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
    // Qt sorts descending by asking lessThan(right, left), which would turn both rules below
    // round: unknown values last and ties in source order hold in either direction.
    const bool ascending = sortOrder() == Qt::AscendingOrder;
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    if (a.isValid() != b.isValid())
        return a.isValid() == ascending;
    if (a.isValid()) {
        const QPartialOrdering order = QVariant::compare(a, b);
        if (order == QPartialOrdering::Less)
            return true;
        if (order == QPartialOrdering::Greater)
            return false;
    }
    return ascending ? left.row() < right.row() : left.row() > right.row();
}

} // namespace cg::models
