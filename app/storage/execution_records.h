#pragma once
// The execution records (dispatcher_execution): one row per decision, written as an order's
// intent before it is sent and completed when the answer comes back, updated from order updates,
// and read back by filter. Writes the database cannot take now wait in the connection's outbox;
// this class replays them (it owns what the outbox holds).

#include "domain/result.h"
#include "domain/signal.h"
#include "storage/order_update.h"
#include "storage/outbox.h"

#include <QString>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cg {

class StoreConnection;

struct ExecutionFilter {
    std::optional<Timestamp> from; // inclusive
    std::optional<Timestamp> to;   // exclusive
    std::string ticker;            // empty = all
    std::optional<ExecutionMode> mode;
    std::optional<std::int64_t> signalId; // only the decisions for this signal
    std::string clientOrderId;            // empty = all
    int limit = 100;                      // <= 0: no limit
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

class ExecutionRecords {
public:
    // Registers itself as the connection's outbox replayer.
    explicit ExecutionRecords(StoreConnection &connection);
    ExecutionRecords(const ExecutionRecords &) = delete;
    ExecutionRecords &operator=(const ExecutionRecords &) = delete;

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
    // placed and those of an order that replaced another (a replace is the same trade: its
    // first row counts). Intents of every console on this database count.
    Result<int> countOrders(Timestamp since) const;
    Result<Unit> updateOrderStatus(const std::string &clientOrderId, const std::string &status,
                                   std::optional<double> fillPrice);
    // Writes what reconciliation learned to the record's columns (order_status, order_id,
    // fill_price, slippage) and to its explain_json (order_status, alpaca_order_id, fill_price,
    // filled_qty, slippage), so the seed's explain_json->>'alpaca_order_id' sees a back-filled
    // id. Unknown values leave what is recorded. Queued in the outbox while PostgreSQL is away.
    Result<Unit> updateOrder(const OrderUpdate &update);
    // With each multi-leg record's legs (ExecutionRecord::legs, from execution_leg).
    Result<std::vector<ExecutionRecord>> executions(const ExecutionFilter &f) const;

private:
    Result<Unit> replay(const Outbox::Entry &e);
    template <class Write>
    Result<std::int64_t> writeOrQueue(const ExecutionRecord &r, Outbox::Kind kind, Write write);
    Result<std::int64_t> queue(const ExecutionRecord &r, Outbox::Kind kind);
    Result<std::int64_t> insertExecution(const ExecutionRecord &r, bool replay);
    Result<std::int64_t> upsertExecution(const ExecutionRecord &r, bool replay);
    Result<std::pair<std::int64_t, std::string>> existing(const ExecutionRecord &r);
    Result<int> countOrdersSince(Timestamp since) const;
    Result<IntentWrite> insertIntent(const ExecutionRecord &r, const OrderCountLimit &limit);
    Result<Unit> applyOrderUpdate(const OrderUpdate &u, bool replay);
    Result<QString> finalStatusOf(const std::string &clientOrderId);
    Result<Unit> writeLegs(const ExecutionRecord &r);
    Result<Unit> readLegs(std::vector<ExecutionRecord> &records) const;
    template <class Write> Result<std::int64_t> withLegs(const ExecutionRecord &r, Write write);

    StoreConnection &m_db;
};

} // namespace cg
