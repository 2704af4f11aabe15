#pragma once
// The execution store: the connection to the execution database (SQLite or PostgreSQL) and its
// three parts, each in its own file:
//   records()  - ExecutionRecords (dispatcher_execution): intents, executions, order updates;
//   signals()  - SignalQueue (dispatch_recommendations): enqueue, claim, release, finish;
//   kept()     - KeptState (engine_state): switches that survive a restart (the kill switch).
// Opening, health and the outbox are the connection's (StoreConnection, inherited). One store per
// thread.

#include "storage/execution_records.h"
#include "storage/kept_state.h"
#include "storage/signal_queue.h"
#include "storage/store_connection.h"

namespace cg {

class ExecutionStore : public StoreConnection {
    Q_OBJECT
public:
    explicit ExecutionStore(QObject *parent = nullptr);
    ~ExecutionStore() override;

    ExecutionRecords &records() { return m_records; }
    const ExecutionRecords &records() const { return m_records; }
    SignalQueue &signals() { return m_signals; }
    const SignalQueue &signals() const { return m_signals; }
    KeptState &kept() { return m_kept; }
    const KeptState &kept() const { return m_kept; }

private:
    ExecutionRecords m_records{*this};
    SignalQueue m_signals{*this};
    KeptState m_kept{*this};
};

} // namespace cg
