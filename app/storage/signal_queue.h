#pragma once
// The signal queue (dispatch_recommendations): signals wait PENDING until a dispatcher claims one
// (the oldest, or one a trader picked), then end DONE or FAILED, or go back to PENDING. Claims are
// safe between dispatchers on one database (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: BEGIN
// IMMEDIATE). A claim is a lease: it names its holder (one id per process) and expires unless the
// holder renews it (heartbeat); expired claims go back to PENDING, whichever host held them.
// Lease times are the database's clock, so hosts never compare their own clocks.

#include "domain/result.h"
#include "domain/signal.h"

#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace cg {

class StoreConnection;

class SignalQueue {
public:
    // How long a claim lives without a heartbeat, unless setLeaseSeconds() says otherwise. Claims
    // written before leases existed (no expiry) count from their claimed_at.
    static constexpr int kDefaultLeaseSeconds = 60;

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
    // The lease this queue's claims and heartbeats take (seconds, at least 1).
    void setLeaseSeconds(int seconds);
    int leaseSeconds() const { return m_leaseSeconds; }
    // Renews every claim `holder` holds; how many.
    Result<int> heartbeat(const std::string &holder);
    // Puts every claim whose lease has expired back to PENDING, whoever held it; how many.
    Result<int> releaseExpired();
    // The signal's outcome, written only while it is PENDING or CLAIMED by one of `holders`
    // (this console's dispatcher ids): a console whose claim ran out and was taken by another
    // leaves it to that one, and a finished signal stays finished. The error says which.
    Result<Unit> finish(std::int64_t id, SignalStatus status,
                        std::optional<std::int64_t> executionId, const std::string &error,
                        const std::vector<std::string> &holders);
    // New signals take ids above `id` from now on: a database restored from a backup (or
    // copied) must not hand out again an id whose client order id is on the account already.
    // Never lowers the next id.
    Result<Unit> reserveIdsThrough(std::int64_t id);
    // The newest `limit` signals (100 when <= 0), newest first.
    Result<std::vector<Signal>> list(int limit) const;
    // Every CLAIMED signal, oldest first (however long the queue's history).
    Result<std::vector<Signal>> claimed() const;
    // One signal by id; nullopt when there is none.
    Result<std::optional<Signal>> byId(std::int64_t id) const;

private:
    Result<std::vector<Signal>> select(const QString &where, const QVariant &value,
                                       const QString &order, int limit) const;
    QString leaseExpirySql() const; // the database's now + the lease
    QString nowSql() const;

    StoreConnection &m_db;
    int m_leaseSeconds = kDefaultLeaseSeconds;
};

} // namespace cg
