#pragma once
// The Executions panel's filters over ExecutionsModel: a time range (from inclusive, to
// exclusive), an underlying symbol (exact, case-insensitive) and an execution mode. Sorts on the
// raw cell values, so times and prices sort as numbers.

#include "domain/signal.h"

#include <QDateTime>
#include <QSortFilterProxyModel>

#include <optional>
#include <vector>

namespace cg::models {

class ExecutionFilterProxyModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ExecutionFilterProxyModel(QObject *parent = nullptr);

    // Invalid times leave that end open.
    void setTimeRange(const QDateTime &from, const QDateTime &to);
    void setSymbol(const QString &symbol);
    void setMode(std::optional<ExecutionMode> mode);

    QDateTime from() const { return m_from; }
    QDateTime to() const { return m_to; }
    QString symbol() const { return m_symbol; }
    std::optional<ExecutionMode> mode() const { return m_mode; }

    // The records the filters let through, in the shown order (for the CSV export).
    std::vector<ExecutionRecord> visibleRecords() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QDateTime m_from;
    QDateTime m_to;
    QString m_symbol;
    std::optional<ExecutionMode> m_mode;
};

} // namespace cg::models
