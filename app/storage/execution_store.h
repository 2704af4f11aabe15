#pragma once
// The execution store: dispatcher_execution and dispatch_recommendations on SQLite or
// PostgreSQL. Synchronous (QtSql); one store per thread. Every method answers with a Result whose
// error a trader can read; nothing throws.

#include "domain/result.h"
#include "domain/signal.h"
#include "storage/database_url.h" // defaultDatabaseUrl()
#include "storage/order_update.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace cg {

struct ExecutionFilter {
    std::optional<Timestamp> from; // inclusive
    std::optional<Timestamp> to;   // exclusive
    std::string ticker;            // empty = all
    std::optional<ExecutionMode> mode;
    std::optional<std::int64_t> signalId; // only the decisions for this signal
    std::string clientOrderId;            // empty = all
    int limit = 100;                      // <= 0: no limit
};

enum class StoreHealth {
    Connected,
    Outbox // the database cannot be written (PostgreSQL away, SQLite locked, disk full, I/O
           // error): execution writes wait in the local outbox
};

// The order-count limit an order intent is checked against, in the same transaction that writes
// it: two consoles on one database cannot both take the last order of the day.
struct OrderCountLimit {
    Timestamp since{}; // the start of the trading day
    int maxOrders = 0; // 0 = no limit
};

struct IntentWrite {
    std::int64_t id = 0;       // the intent's row (0 when refused by the limit)
    int ordersSince = 0;       // orders counted since OrderCountLimit::since, before this one
    bool limitReached = false; // nothing written: the limit is reached
};

class ExecutionStore : public QObject {
    Q_OBJECT
public:
    explicit ExecutionStore(QObject *parent = nullptr);
    ~ExecutionStore() override;

    // "sqlite:/path/file.db", "sqlite::memory:", a bare path, or
    // "postgresql://user:pass@host:port/db" (empty: defaultDatabaseUrl()). Applies migrations.
    // The password never appears in an error or a log. A PostgreSQL server that cannot be reached
    // (as opposed to one that refuses the login) opens in Outbox health: records are kept locally
    // and replayed when it answers.
    Result<Unit> open(const QString &url);
    void close();
    QString backendName() const; // "SQLite" or "PostgreSQL"
    StoreHealth health() const;
    int schemaVersion() const;
    QString healthMessage() const; // the last healthChanged message ("" while all is well)
    QString displayUrl() const;    // the database without its password

    // Where execution writes wait while the database cannot take them; call before open().
    // Default: PostgreSQL, next to the default database (defaultOutboxPath()); an SQLite file,
    // beside it ("<file>-outbox.db").
    void setOutboxPath(const QString &path);
    QString outboxPath() const;
    // How long an SQLite write waits for another writer before failing (default 15000 ms); call
    // before open().
    void setBusyTimeout(int ms);
    // Minimum time between reconnection attempts while in Outbox health (default 5000 ms; 0 =
    // try on every call). A timer also retries at this pace when the thread runs an event loop.
    void setReconnectInterval(int ms);
    // Records waiting in the outbox for this database.
    int outboxSize() const;
    // Tries to reach the database now and replays the outbox; an error while it still cannot be
    // written.
    Result<Unit> reconnect();

    // One transaction per execution. Returns the row id (or 0 when queued in the outbox).
    Result<std::int64_t> recordExecution(const ExecutionRecord &r);
    // The record of an order about to be sent, written to the database itself (never the outbox:
    // an order whose record cannot be written is not sent), after counting the orders since
    // `limit.since` in the same transaction. Refused (limitReached) when that count is at the
    // limit.
    Result<IntentWrite> recordIntent(const ExecutionRecord &r, const OrderCountLimit &limit);
    // The intent written by recordIntent (same execution uid) becomes the execution record: every
    // column is replaced by `r` (inserted when no row has its uid). Queued in the outbox when the
    // database cannot be written (returns 0 then), so the record of an order that is out is
    // never lost.
    Result<std::int64_t> completeExecution(const ExecutionRecord &r);
    // Orders placed or on their way since `since`: records in an order mode (ALPACA_PAPER,
    // ALPACA_LIVE, DEMO) with a client order id or an order id, except those recorded as not
    // placed. Intents of every console on this database count.
    Result<int> countOrders(Timestamp since) const;
    Result<Unit> updateOrderStatus(const std::string &clientOrderId, const std::string &status,
                                   std::optional<double> fillPrice);
    // Writes what reconciliation learned to the record's columns (order_status, order_id,
    // fill_price, slippage) and to its explain_json (order_status, alpaca_order_id, fill_price,
    // filled_qty, slippage), so the seed's explain_json->>'alpaca_order_id' sees a back-filled
    // id. Unknown values leave what is recorded. Queued in the outbox while PostgreSQL is away.
    Result<Unit> updateOrder(const OrderUpdate &update);
    Result<std::vector<ExecutionRecord>> executions(const ExecutionFilter &f) const;

    Result<std::int64_t> addSignal(const Signal &s);
    // Atomically claims the oldest PENDING signal for this dispatcher, or nullopt when none.
    Result<std::optional<Signal>> claimNextSignal(const std::string &dispatcherId);
    // Claims one PENDING signal by id (a trader picked it); false when it is not PENDING any
    // more (another dispatcher took it, or it is done).
    Result<bool> claimSignal(std::int64_t id, const std::string &dispatcherId);
    // Puts a signal CLAIMED by `claimedBy` (a run that died) back to PENDING; false when it is not
    // claimed by that holder any more.
    Result<bool> releaseClaim(std::int64_t id, const std::string &claimedBy);
    Result<Unit> finishSignal(std::int64_t id, SignalStatus status,
                              std::optional<std::int64_t> executionId, const std::string &error);
    Result<std::vector<Signal>> signals(int limit) const;

    // A small key/value table (engine_state) for engine switches that must survive a restart,
    // such as the dispatcher's kill switch.
    Result<Unit> setState(const std::string &key, const std::string &value);
    Result<std::optional<std::string>> state(const std::string &key) const;

Q_SIGNALS:
    void healthChanged(cg::StoreHealth health, const QString &message);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace cg
