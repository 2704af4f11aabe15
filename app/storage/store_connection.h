#pragma once
// The execution store's connection: opens SQLite or PostgreSQL by URL, applies the migrations,
// watches whether the database can be written and, while it cannot, keeps execution writes in the
// local outbox and replays them when it can again. The store's parts (ExecutionRecords,
// SignalQueue, KeptState) run their statements through it. Synchronous (QtSql); one connection per
// thread. Every method answers with a Result whose error a trader can read; nothing throws.

#include "domain/result.h"
#include "storage/database_url.h" // defaultDatabaseUrl()
#include "storage/outbox.h"

#include <QObject>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>

class QSqlError;
class QSqlQuery;

namespace cg {

enum class StoreHealth {
    Connected,
    Outbox // the database cannot be written (PostgreSQL away, SQLite locked, disk full, I/O
           // error): execution writes wait in the local outbox
};

class StoreConnection : public QObject {
    Q_OBJECT
public:
    explicit StoreConnection(QObject *parent = nullptr);
    ~StoreConnection() override;

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
    // Settings' Test connection: open() changes nothing it tests. No folder or SQLite file is
    // created (a missing file is an error), no migration runs (schemaVersion() is what the
    // database is at) and the outbox is not replayed. Call before open().
    void setProbeOnly(bool probeOnly);
    // Records waiting in the outbox for this database; an error when the outbox file cannot be
    // read (never a 0 that hides records waiting in it).
    Result<int> outboxSize() const;
    // Tries to reach the database now and replays the outbox; an error while it still cannot be
    // written.
    Result<Unit> reconnect();

    // --- for the store's parts --------------------------------------------------------------

    // Writes one outbox entry to the database. Set by whoever owns what the outbox holds
    // (ExecutionRecords); an entry refused for another reason than an outage is set aside.
    using Replayer = std::function<Result<Unit>(const Outbox::Entry &)>;
    void setReplayer(Replayer replayer);

    bool isOpen() const;
    bool isPostgreSQL() const;
    bool isWritable() const; // connected and in Connected health
    QSqlDatabase database() const;
    // A statement prepared once per connection (PostgreSQL: PREPARE once, then one round trip per
    // EXECUTE); forward-only.
    QSqlQuery &prepared(const QString &statement);
    // BEGIN (SQLite: BEGIN IMMEDIATE), COMMIT, ROLLBACK (only inside a transaction).
    Result<Unit> begin();
    Result<Unit> commit();
    void rollback();

    // An error with the password removed.
    Error fail(const QString &what) const;
    // Rolls back, then records whether the failure was an outage; returns the error to report.
    Error statementFailed(const QString &what, const QSqlError &e);
    bool lastErrorIsOutage() const;
    void clearLastError();
    // A statement failed: an outage switches to Outbox health; either way the error goes back.
    Error afterFailure(const Error &e);
    // Open and connected, or an error saying the database is away. Reconnects when the interval
    // allows. An SQLite file that cannot be written now is still there to be read (and tried).
    Result<Unit> ready(const QString &what);
    // In Outbox health: reconnects when the interval allows. True when writable afterwards.
    bool ensureConnected();
    // Reconnects now and replays the outbox; true when writable afterwards.
    bool tryReconnect();
    // "<what>: PostgreSQL is unreachable (reason)".
    Error unreachable(const QString &what) const;
    QString outageReason() const;
    void enterOutbox(const QString &reason);
    // Keeps a write in the outbox; `lost` says what is lost when it cannot ("the execution was
    // NOT recorded").
    Result<Unit> queue(Outbox::Kind kind, const QJsonObject &payload, const QString &lost);

Q_SIGNALS:
    void healthChanged(cg::StoreHealth health, const QString &message);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace cg
