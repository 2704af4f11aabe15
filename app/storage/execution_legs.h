#pragma once
// The legs of multi-leg executions (execution_leg, schema version 6), keyed by the execution's
// uid so a record replayed from the outbox finds its legs. Kept apart from dispatcher_execution:
// one row per decision there (the seed's verification query), one row per leg here.

#include "domain/execution_leg.h"
#include "domain/result.h"

#include <string>
#include <vector>

namespace cg {

class StoreConnection;

class ExecutionLegs {
public:
    explicit ExecutionLegs(StoreConnection &connection);
    ExecutionLegs(const ExecutionLegs &) = delete;
    ExecutionLegs &operator=(const ExecutionLegs &) = delete;

    // Replaces the execution's legs in one transaction (a repeated write is the same write).
    // The execution must be recorded first.
    Result<Unit> recordLegs(const std::string &executionUid,
                            const std::vector<ExecutionLegRecord> &legs);
    // In leg order; empty for a single-leg execution.
    Result<std::vector<ExecutionLegRecord>> legs(const std::string &executionUid) const;
    // Fills known later (trade updates with legs): the leg's fill price by its symbol.
    Result<Unit> updateLegFill(const std::string &executionUid, const std::string &optionSymbol,
                               double fillPrice);

private:
    StoreConnection &m_db;
};

} // namespace cg
