#pragma once
// The recorded decisions (dispatcher_execution), newest first, from the ExecutionStore on SQLite
// or PostgreSQL. reload() reads the newest rows again: new decisions are inserted at the top and
// only the cells that changed (an order status, a fill price) emit dataChanged.

#include "domain/result.h"
#include "domain/signal.h"
#include "models/keyed_table_model.h"

namespace cg {
class ExecutionStore;
class StoreWorker;
} // namespace cg

namespace cg::models {

class ExecutionsModel : public KeyedTableModel<ExecutionRecord> {
    Q_OBJECT
public:
    enum Column {
        Time,
        Ticker,
        Action,
        Mode,
        Source, // manual (a trader by hand) or signal
        Strategy,
        Contract,
        Qty,
        Limit,
        Fill,
        Bid,
        Ask,
        Spread,
        Status,
        Note, // order id, or the fallback reason
        Count
    };
    // ExecutionRecord::mode as int, for the filter proxy.
    static constexpr int ModeRole = Qt::UserRole + 41;
    static constexpr int TimeMsRole = Qt::UserRole + 42;

    explicit ExecutionsModel(QObject *parent = nullptr);

    // The store is not owned; nullptr shows nothing.
    void setStore(ExecutionStore *store) { m_store = store; }
    // reload() reads through `worker` (off this thread) when set; the rows and errorChanged
    // follow when it answers. Not owned.
    void setStoreWorker(StoreWorker *worker) { m_worker = worker; }
    ExecutionStore *store() const { return m_store; }
    // How many of the newest rows reload() reads (default 5000).
    void setLimit(int limit) { m_limit = limit; }
    // Reads the store again. An error leaves the rows as they were and is kept in lastError().
    bool reload();
    void setRecords(std::vector<ExecutionRecord> records);
    QString lastError() const { return m_error; }
    const ExecutionRecord *recordAt(int row) const { return rowAt(row); }

    static QString modeText(ExecutionMode m);

    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void reloaded();
    void errorChanged(const QString &error);

protected:
    int columns() const override { return Count; }
    QString keyOf(const ExecutionRecord &r) const override;
    QVariant cell(const ExecutionRecord &r, int column, int role) const override;

private:
    // A read's rows shown, or the sentence of its error.
    QString takeRows(Result<std::vector<ExecutionRecord>> rows);
    // A read's end, by the direct or the worker's path: the error noted (errorChanged when it
    // changed), reloaded(); true when there was none.
    bool finishRead(const QString &error);

    ExecutionStore *m_store = nullptr;
    StoreWorker *m_worker = nullptr;
    bool m_readInFlight = false;
    int m_limit = 5000;
    QString m_error;
};

} // namespace cg::models
