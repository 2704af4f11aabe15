#include "models/execution_filter_proxy_model.h"

#include "models/executions_model.h"

namespace cg::models {

ExecutionFilterProxyModel::ExecutionFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent) {
    setSortRole(kValueRole);
    setDynamicSortFilter(true);
}

void ExecutionFilterProxyModel::setTimeRange(const QDateTime &from, const QDateTime &to) {
    if (from == m_from && to == m_to)
        return;
    m_from = from;
    m_to = to;
    invalidateFilter();
}

void ExecutionFilterProxyModel::setSymbol(const QString &symbol) {
    const QString s = symbol.trimmed().toUpper();
    if (s == m_symbol)
        return;
    m_symbol = s;
    invalidateFilter();
}

void ExecutionFilterProxyModel::setMode(std::optional<ExecutionMode> mode) {
    if (mode == m_mode)
        return;
    m_mode = mode;
    invalidateFilter();
}

std::vector<ExecutionRecord> ExecutionFilterProxyModel::visibleRecords() const {
    std::vector<ExecutionRecord> out;
    const auto *source = qobject_cast<const ExecutionsModel *>(sourceModel());
    if (!source)
        return out;
    out.reserve(static_cast<size_t>(rowCount()));
    for (int r = 0; r < rowCount(); ++r) {
        if (const ExecutionRecord *rec = source->recordAt(mapToSource(index(r, 0)).row()))
            out.push_back(*rec);
    }
    return out;
}

bool ExecutionFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &) const {
    const auto *source = qobject_cast<const ExecutionsModel *>(sourceModel());
    const ExecutionRecord *r = source ? source->recordAt(sourceRow) : nullptr;
    if (!r)
        return false;
    const qint64 ms = r->createdAt.time_since_epoch().count();
    if (m_from.isValid() && ms < m_from.toMSecsSinceEpoch())
        return false;
    if (m_to.isValid() && ms >= m_to.toMSecsSinceEpoch())
        return false;
    if (!m_symbol.isEmpty() && QString::fromStdString(r->ticker).toUpper() != m_symbol)
        return false;
    if (m_mode && r->mode != *m_mode)
        return false;
    return true;
}

} // namespace cg::models
