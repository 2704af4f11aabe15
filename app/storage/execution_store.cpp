#include "storage/execution_store.h"

namespace cg {

ExecutionStore::ExecutionStore(QObject *parent)
    : StoreConnection(parent) {}

// Closes before the parts go: the connection's outbox replayer points into m_records.
ExecutionStore::~ExecutionStore() {
    close();
}

} // namespace cg
