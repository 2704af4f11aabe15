#pragma once
// The signal queue (dispatch_recommendations): signals wait PENDING until a dispatcher claims one
// (the oldest, or one a trader picked), then end DONE or FAILED, or go back to PENDING. Claims are
// safe between dispatchers on one database (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: BEGIN
// IMMEDIATE); each claim names its owner so a dead run's claims can be released.

#include "domain/result.h"
#include "domain/signal.h"

#include <optional>
#include <string>
#include <vector>

namespace cg {

class StoreConnection;

class SignalQueue {
public:
    explicit SignalQueue(StoreConnection &connection);
    SignalQueue(const SignalQueue &) = delete;
    SignalQueue &operator=(const SignalQueue &) = delete;

    // Queues a PENDING signal; its row id.
    Result<std::int64_t> enqueue(const Signal &s);
    // Atomically claims the oldest PENDING signal for this dispatcher, or nullopt when none.
    // Malformed rows written by outside engines are marked FAILED on the way.
    Result<std::optional<Signal>> claimNext(const std::string &dispatcherId);
    // Claims one PENDING signal by id (a trader picked it); false when it is not PENDING any
    // more (another dispatcher took it, or it is done).
    Result<bool> claim(std::int64_t id, const std::string &dispatcherId);
    // Puts a signal CLAIMED by `claimedBy` (a run that died) back to PENDING; false when it is not
    // claimed by that holder any more.
    Result<bool> release(std::int64_t id, const std::string &claimedBy);
    Result<Unit> finish(std::int64_t id, SignalStatus status,
                        std::optional<std::int64_t> executionId, const std::string &error);
    // The newest `limit` signals (100 when <= 0), newest first.
    Result<std::vector<Signal>> list(int limit) const;

private:
    StoreConnection &m_db;
};

} // namespace cg
