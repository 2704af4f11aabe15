#pragma once
// The signal queue as the Signals panel shows it: every signal (pending, claimed, done, failed)
// from the execution store, newest first, each with the decision it led to (mode, contract,
// quantity, limit, order status, reason). Reloaded from the store after each change.

#include "domain/result.h"
#include "domain/signal.h"

#include <QAbstractTableModel>

#include <optional>
#include <vector>

namespace cg {
class ExecutionStore;
}

namespace cg::models {

struct SignalRow {
    Signal signal;
    std::optional<ExecutionRecord> execution; // the latest decision for the signal
};

class SignalsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        TimeColumn,
        SymbolColumn,
        ActionColumn,
        StrategyColumn,
        StatusColumn,
        ModeColumn,
        ContractColumn,
        QtyColumn,
        LimitColumn,
        OrderColumn,
        ReasonColumn,
        ColumnCount
    };
    enum Role { SignalIdRole = Qt::UserRole + 1, StatusRole, ModeRole, ExecutionIdRole };

    explicit SignalsModel(QObject *parent = nullptr);

    // Reads the newest `limit` signals and their decisions. The rows stay as they were when the
    // store cannot be read.
    Result<Unit> reload(const ExecutionStore &store, int limit = 500);
    // What reload() shows, read without touching the model (on a store worker's thread).
    static Result<std::vector<SignalRow>> readRows(const ExecutionStore &store, int limit = 500);
    void setRows(std::vector<SignalRow> rows);
    const std::vector<SignalRow> &rows() const { return m_rows; }
    int rowOf(qint64 signalId) const; // -1 when absent
    std::optional<SignalRow> row(qint64 signalId) const;
    // Done counts the signals decided other than by the trader's Reject, which countRejected
    // counts.
    int countWithStatus(SignalStatus s) const;
    int countRejected() const;
    // "Pending", "Claimed", "Done", "Rejected", "Failed": the queue's status in words.
    static QString statusText(const SignalRow &r);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<SignalRow> m_rows;
};

} // namespace cg::models
