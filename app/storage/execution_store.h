#pragma once
// The execution store: dispatcher_execution and dispatch_recommendations on SQLite or
// PostgreSQL. Synchronous (QtSql); one store per thread. Every method answers with a Result whose
// error a trader can read; nothing throws.

#include "domain/result.h"
#include "domain/signal.h"

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
    int limit = 100;
};

enum class StoreHealth { Connected, Outbox /* PostgreSQL away: writing to the local outbox */ };

class ExecutionStore : public QObject {
    Q_OBJECT
public:
    explicit ExecutionStore(QObject *parent = nullptr);
    ~ExecutionStore() override;

    // "sqlite:/path/file.db", "sqlite::memory:", a bare path, or
    // "postgresql://user:pass@host:port/db". Applies migrations. The password never appears in an
    // error or a log.
    Result<Unit> open(const QString &url);
    void close();
    QString backendName() const; // "SQLite" or "PostgreSQL"
    StoreHealth health() const;
    int schemaVersion() const;

    // One transaction per execution. Returns the row id (or 0 when queued in the outbox).
    Result<std::int64_t> recordExecution(const ExecutionRecord &r);
    Result<Unit> updateOrderStatus(const std::string &clientOrderId, const std::string &status,
                                   std::optional<double> fillPrice);
    Result<std::vector<ExecutionRecord>> executions(const ExecutionFilter &f) const;

    Result<std::int64_t> addSignal(const Signal &s);
    // Atomically claims the oldest PENDING signal for this dispatcher, or nullopt when none.
    Result<std::optional<Signal>> claimNextSignal(const std::string &dispatcherId);
    Result<Unit> finishSignal(std::int64_t id, SignalStatus status,
                              std::optional<std::int64_t> executionId, const std::string &error);
    Result<std::vector<Signal>> signals(int limit) const;

Q_SIGNALS:
    void healthChanged(cg::StoreHealth health, const QString &message);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace cg
