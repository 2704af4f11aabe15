#include "storage/store_connection.h"

#include "storage/log.h"
#include "storage/migrations.h"
#include "storage/sql_util.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <map>
#include <optional>
#include <utility>

namespace cg {

namespace {

std::atomic<int> g_storeConnections{0};

constexpr int kStatementTimeoutMs = 30000;

// libpq messages that mean "the server refused us", as opposed to "we could not reach it".
bool isRejection(const QString &message) {
    static const char *const rejections[] = {"password authentication failed", "does not exist",
                                             "no pg_hba.conf entry",           "permission denied",
                                             "authentication failed",          "invalid"};
    for (const char *r : rejections) {
        if (message.contains(QLatin1String(r), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

// SQLite result codes (the primary code, the low byte) that mean the file cannot be written now:
// busy or locked past the timeout, an I/O error, a full disk, a read-only or missing file. Any
// other failure (a constraint, bad SQL) is a refusal of the statement, not an outage.
// A PostgreSQL error that says the server cannot write now, not that it refuses the statement
// (SQLSTATE classes 08 connection, 53 insufficient resources, 57 operator intervention
// (statement timeout, shutdown), 58 system error; a read-only transaction (a standby after a
// fail-over), a lock not available, a serialization failure or deadlock): the same statement
// succeeds later, so what it writes waits in the outbox instead of being set aside.
bool postgresqlUnwritable(const QSqlError &e) {
    const QString state = e.nativeErrorCode();
    if (state.size() != 5)
        return false;
    for (const char *cls : {"08", "53", "57", "58"})
        if (state.startsWith(QLatin1String(cls)))
            return true;
    for (const char *code : {"25006", "55P03", "55006", "40001", "40P01"})
        if (state == QLatin1String(code))
            return true;
    return false;
}

bool sqliteUnwritable(const QSqlError &e) {
    bool ok = false;
    const int code = e.nativeErrorCode().toInt(&ok) & 0xff;
    if (ok) {
        constexpr int kBusy = 5, kLocked = 6, kNoMem = 7, kReadOnly = 8, kIoErr = 10, kFull = 13,
                      kCantOpen = 14, kProtocol = 15;
        for (int c : {kBusy, kLocked, kNoMem, kReadOnly, kIoErr, kFull, kCantOpen, kProtocol})
            if (code == c)
                return true;
        return false;
    }
    const QString text = e.text();
    for (const char *what : {"database is locked", "disk I/O error", "database or disk is full",
                             "readonly database", "unable to open database"})
        if (text.contains(QLatin1String(what), Qt::CaseInsensitive))
            return true;
    return false;
}

// A dead peer (a cable pulled, a host gone) must break the connection instead of leaving a
// statement waiting forever: TCP keepalives probe an idle connection, tcp_user_timeout bounds
// unacknowledged writes. Options the URL already sets win.
QString withKeepalives(const QString &options) {
    QStringList out = options.isEmpty() ? QStringList() : options.split(QLatin1Char(';'));
    for (const char *o : {"keepalives=1", "keepalives_idle=10", "keepalives_interval=5",
                          "keepalives_count=3", "tcp_user_timeout=20000"}) {
        const QString option = QLatin1String(o);
        const QString key = option.section(QLatin1Char('='), 0, 0) + QLatin1Char('=');
        if (!options.contains(key))
            out << option;
    }
    return out.join(QLatin1Char(';'));
}

QString shortReason(const QString &message) {
    QString s = message.simplified();
    if (s.size() > 160)
        s = s.left(157) + QStringLiteral("...");
    return s;
}

} // namespace

struct StoreConnection::Impl {
    StoreConnection *q = nullptr;
    DatabaseUrl url;
    SqlDialect dialect = SqlDialect::SQLite;
    QString connection;
    bool isOpen = false;
    bool connected = false; // a live database connection (false while PostgreSQL is away)
    StoreHealth health = StoreHealth::Connected;
    QString healthMessage;
    QString outageReason;
    int schemaVersion = 0;
    QString outboxPath;
    std::unique_ptr<Outbox> outbox;
    Replayer replayer;
    int reconnectIntervalMs = 5000;
    int busyTimeoutMs = 15000;
    bool probeOnly = false;
    QElapsedTimer lastAttempt;
    QTimer *reconnectTimer = nullptr;
    // Statements prepared once per connection. Cleared whenever the connection closes.
    struct Cached {
        std::unique_ptr<QSqlQuery> query;
        bool ready = false;
    };
    std::map<QString, Cached> statements;
    // Why the last prepare failed (a lock or statement timeout): the exec that follows fails
    // too, with an error of Qt's own making ("syntax error at or near \"(\"") that would read
    // as a refusal.
    std::optional<QSqlError> prepareError;
    bool lastErrorIsOutage = false;
    bool inTransaction = false; // ROLLBACK only then (PostgreSQL warns otherwise)

    bool pg() const { return dialect == SqlDialect::PostgreSQL; }
    QSqlDatabase db() const { return QSqlDatabase::database(connection, false); }

    Error fail(const QString &what) const {
        return Error::make(redactSecret(what, url.password).toStdString());
    }

    // --- connection --------------------------------------------------------------------------

    Result<Unit> connectDb() {
        statements.clear();
        QSqlDatabase db =
            QSqlDatabase::contains(connection)
                ? QSqlDatabase::database(connection, false)
                : QSqlDatabase::addDatabase(
                      pg() ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), connection);
        if (!db.isValid())
            return fail(pg() ? QStringLiteral("The Qt PostgreSQL driver (QPSQL) is not installed "
                                              "(Debian package libqt6sql6-psql)")
                             : QStringLiteral("The Qt SQLite driver (QSQLITE) is not installed "
                                              "(Debian package libqt6sql6-sqlite)"));
        db.close();
        if (pg()) {
            db.setHostName(url.host);
            db.setPort(url.port);
            db.setUserName(url.user);
            db.setPassword(url.password);
            db.setDatabaseName(url.database);
            db.setConnectOptions(withKeepalives(url.connectOptions));
        } else {
            if (probeOnly && url.path != QLatin1String(":memory:") && !QFileInfo(url.path).isFile())
                return fail(QStringLiteral("There is no database file %1 (saving the settings "
                                           "creates it)")
                                .arg(QDir::toNativeSeparators(url.path)));
            if (url.path != QLatin1String(":memory:") && !probeOnly)
                QDir().mkpath(QFileInfo(url.path).absolutePath());
            db.setDatabaseName(url.path);
            // Waits for another writer (a second dispatcher) instead of failing at once. A probe
            // only reads.
            db.setConnectOptions(
                QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs) +
                (probeOnly ? QStringLiteral(";QSQLITE_OPEN_READONLY") : QString()));
        }
        if (!db.open())
            return fail(sql::errorText(db.lastError()));

        QString err;
        // statement_timeout: a statement stuck on a lock or a slow server fails with a reason
        // instead of holding its thread (kStatementTimeoutMs).
        const QStringList setup =
            pg()
                ? QStringList{QStringLiteral("SET TIME ZONE 'UTC'"),
                              QStringLiteral("SET statement_timeout = %1").arg(kStatementTimeoutMs)}
                : QStringList{QStringLiteral("PRAGMA journal_mode=WAL"),
                              QStringLiteral("PRAGMA synchronous=NORMAL"),
                              QStringLiteral("PRAGMA foreign_keys=ON")};
        // A probe changes nothing: not the journal mode of a file it only tests.
        for (const QString &statement : probeOnly && !pg() ? QStringList{} : setup) {
            if (!sql::exec(db, statement, &err)) {
                db.close();
                return fail(err);
            }
        }
        return Unit{};
    }

    void disconnectDb() {
        // Closed before its prepared statements go: a statement freed on an open connection
        // sends DEALLOCATE and waits for the answer, forever when the server does not answer.
        if (QSqlDatabase::contains(connection))
            QSqlDatabase::database(connection, false).close();
        statements.clear();
        connected = false;
        inTransaction = false;
    }

    // After a failed statement: can the database not be written now (PostgreSQL gone; SQLite
    // locked, full or failing), or did it refuse the statement?
    bool isOutage(const QSqlError &e) {
        if (!pg())
            return sqliteUnwritable(e);
        if (postgresqlUnwritable(e))
            return true;
        QSqlDatabase db = this->db();
        if (!db.isOpen())
            return true;
        QSqlQuery probe(db);
        return !probe.exec(QStringLiteral("SELECT 1"));
    }

    Error statementFailed(const QString &what, const QSqlError &failed) {
        const QSqlError e = std::exchange(prepareError, std::nullopt).value_or(failed);
        const QString text = sql::errorText(e);
        QSqlDatabase db = this->db();
        if (inTransaction && db.isOpen())
            sql::exec(db, QStringLiteral("ROLLBACK"));
        inTransaction = false;
        lastErrorIsOutage = isOutage(e);
        if (lastErrorIsOutage)
            outageReason = text;
        return fail(what + QStringLiteral(": ") + text);
    }

    // --- health and the outbox -----------------------------------------------------------------

    QString target() const { return url.identity(); }

    bool memory() const { return !pg() && url.path == QLatin1String(":memory:"); }
    // An in-memory database has nothing to replay into after a restart: no outbox.
    bool hasOutbox() const { return !memory(); }
    QString effectiveOutboxPath() const {
        if (!outboxPath.isEmpty())
            return outboxPath;
        return pg() || memory() ? defaultOutboxPath() : url.path + QStringLiteral("-outbox.db");
    }

    Outbox *ensureOutbox() {
        if (!outbox)
            outbox = std::make_unique<Outbox>(effectiveOutboxPath());
        return outbox.get();
    }

    Result<int> waitingCount() {
        if (!hasOutbox())
            return 0;
        // Reading the count must not create the file.
        if (!QFileInfo::exists(effectiveOutboxPath()))
            return 0;
        return ensureOutbox()->count(target());
    }

    // "PostgreSQL is unreachable (reason)" / "The database cannot be written (reason)".
    QString outage() const {
        const QString reason = redactSecret(shortReason(outageReason), url.password);
        return pg() ? QStringLiteral("PostgreSQL is unreachable (%1)").arg(reason)
                    : QStringLiteral("The database %1 cannot be written (%2)")
                          .arg(url.display(), reason);
    }

    QString outboxMessage() {
        const Result<int> n = waitingCount();
        if (!n)
            return QStringLiteral("%1. %2").arg(outage(),
                                                QString::fromStdString(n.error().message));
        return QStringLiteral("%1: %2 %3 waiting in the local outbox")
            .arg(outage())
            .arg(*n)
            .arg(*n == 1 ? QStringLiteral("record") : QStringLiteral("records"));
    }

    void setHealth(StoreHealth h, const QString &message) {
        health = h;
        healthMessage = message;
        Q_EMIT q->healthChanged(h, message);
    }

    void enterOutbox(const QString &reason) {
        outageReason = reason;
        // An SQLite file that cannot be written can usually still be read: the connection stays.
        if (pg())
            disconnectDb();
        const bool wasConnected = health == StoreHealth::Connected;
        if (wasConnected)
            qCWarning(lcStorage).noquote()
                << outage() << "- writes go to the local outbox" << ensureOutbox()->path();
        if (!reconnectTimer) {
            reconnectTimer = new QTimer(q);
            QObject::connect(reconnectTimer, &QTimer::timeout, q, [this] {
                if (health == StoreHealth::Outbox)
                    tryReconnect();
                else
                    reconnectTimer->stop();
            });
        }
        reconnectTimer->setInterval(std::max(reconnectIntervalMs, 250));
        if (!reconnectTimer->isActive())
            reconnectTimer->start();
        lastAttempt.restart();
        setHealth(StoreHealth::Outbox, outboxMessage());
    }

    bool writable() const { return health == StoreHealth::Connected && connected; }

    bool ensureConnected() {
        if (writable())
            return true;
        if (!lastAttempt.isValid() || lastAttempt.elapsed() >= reconnectIntervalMs)
            tryReconnect();
        return writable();
    }

    // While an SQLite file cannot be written, replays wait only briefly for its lock: the
    // reconnect timer runs on the caller's thread.
    struct ShortBusyWait {
        Impl &impl;
        bool active;
        explicit ShortBusyWait(Impl &i)
            : impl(i)
            , active(!i.pg() && i.connected && i.busyTimeoutMs > 500) {
            if (active)
                set(500);
        }
        ~ShortBusyWait() {
            if (active)
                set(impl.busyTimeoutMs);
        }
        void set(int ms) {
            QSqlDatabase db = impl.db();
            sql::exec(db, QStringLiteral("PRAGMA busy_timeout = %1").arg(ms));
        }
    };

    bool tryReconnect() {
        lastAttempt.restart();
        // PostgreSQL: a new connection. SQLite: the file stays open; only the replay is retried.
        if (pg() || !connected) {
            disconnectDb();
            if (auto c = connectDb(); !c) {
                outageReason = QString::fromStdString(c.error().message);
                if (health == StoreHealth::Outbox) {
                    const QString message = outboxMessage();
                    if (message != healthMessage)
                        setHealth(StoreHealth::Outbox, message);
                }
                return false;
            }
            connected = true;
            auto migrated = [this] {
                QSqlDatabase db = this->db();
                return migrate(db, dialect);
            }();
            if (!migrated) {
                outageReason = QString::fromStdString(migrated.error().message);
                disconnectDb();
                return false;
            }
            schemaVersion = *migrated;
        }
        auto replayed = [this] {
            ShortBusyWait wait(*this);
            return replayOutbox();
        }();
        if (!replayed) {
            if (health == StoreHealth::Outbox) {
                if (pg())
                    disconnectDb();
                setHealth(StoreHealth::Outbox, outboxMessage());
            } else {
                enterOutbox(QString::fromStdString(replayed.error().message));
            }
            return false;
        }
        if (health == StoreHealth::Outbox) {
            if (reconnectTimer)
                reconnectTimer->stop();
            const QString message =
                QStringLiteral("%1 again; %2 %3 replayed from the local outbox")
                    .arg(pg() ? QStringLiteral("PostgreSQL connected")
                              : QStringLiteral("The database %1 can be written").arg(url.display()))
                    .arg(*replayed)
                    .arg(*replayed == 1 ? QStringLiteral("record") : QStringLiteral("records"));
            qCInfo(lcStorage).noquote() << message;
            setHealth(StoreHealth::Connected, message);
        }
        return true;
    }

    // Sends the outbox to the database in order. Stops at the first outage (entries stay queued).
    Result<int> replayOutbox() {
        if (!hasOutbox())
            return 0;
        if (!QFileInfo::exists(effectiveOutboxPath()))
            return 0;
        Outbox *box = ensureOutbox();
        int replayed = 0;
        for (;;) {
            auto entries = box->pending(target());
            if (!entries) {
                qCWarning(lcStorage).noquote() << QString::fromStdString(entries.error().message);
                return replayed; // the outbox file is unusable; nothing more to replay from it
            }
            if (entries->empty())
                return replayed;
            for (const Outbox::Entry &e : *entries) {
                lastErrorIsOutage = false;
                const Result<Unit> done =
                    replayer ? replayer(e)
                             : Result<Unit>(Error::make("The outbox cannot be replayed yet"));
                if (!done) {
                    if (lastErrorIsOutage)
                        return done.error();
                    // Refused for good (not an outage): keep it aside, visible, never lost.
                    qCWarning(lcStorage).noquote()
                        << "Outbox entry" << e.id
                        << "refused by PostgreSQL:" << QString::fromStdString(done.error().message);
                    if (auto aside =
                            box->setAside(e.id, QString::fromStdString(done.error().message));
                        !aside) {
                        // Not set aside, it would be read first again: replayed next time.
                        qCWarning(lcStorage).noquote()
                            << QString::fromStdString(aside.error().message);
                        return replayed;
                    }
                    continue;
                }
                if (auto removed = box->remove(e.id); !removed) {
                    // Replays are idempotent, so a leftover entry only costs a second no-op.
                    qCWarning(lcStorage).noquote()
                        << QString::fromStdString(removed.error().message);
                    return replayed;
                }
                ++replayed;
            }
        }
    }
};

StoreConnection::StoreConnection(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Impl>()) {
    d->q = this;
}

StoreConnection::~StoreConnection() {
    close();
}

void StoreConnection::setProbeOnly(bool probeOnly) {
    d->probeOnly = probeOnly;
}

Result<Unit> StoreConnection::open(const QString &urlText) {
    close();
    auto parsed = parseDatabaseUrl(urlText.trimmed().isEmpty() ? defaultDatabaseUrl() : urlText);
    if (!parsed)
        return parsed.error();
    d->url = *parsed;
    d->dialect = d->url.isPostgreSQL() ? SqlDialect::PostgreSQL : SqlDialect::SQLite;
    d->connection = QStringLiteral("cg_store_%1").arg(++g_storeConnections);
    d->health = StoreHealth::Connected;
    d->healthMessage.clear();
    d->outageReason.clear();
    d->lastAttempt.invalidate();

    if (auto c = d->connectDb(); !c) {
        const QString reason = QString::fromStdString(c.error().message);
        if (d->pg() && !isRejection(reason)) {
            // Configured but away: decisions still get recorded, locally, until it returns.
            d->isOpen = true;
            d->enterOutbox(reason);
            return Unit{};
        }
        close();
        return d->fail(
            QStringLiteral("Could not open the database %1: %2").arg(d->url.display(), reason));
    }
    d->connected = true;
    auto migrated = [this]() -> Result<int> {
        QSqlDatabase db = d->db();
        if (!d->probeOnly)
            return migrate(db, d->dialect);
        const auto version = currentSchemaVersion(db);
        if (version && *version > latestSchemaVersion())
            return Error::make(QStringLiteral("the database is at schema version %1, newer than "
                                              "this ChainGate understands (%2); upgrade ChainGate")
                                   .arg(*version)
                                   .arg(latestSchemaVersion())
                                   .toStdString());
        return version;
    }();
    if (!migrated) {
        close();
        return d->fail(
            QStringLiteral("Could not open the database %1: %2")
                .arg(d->url.display(), QString::fromStdString(migrated.error().message)));
    }
    d->schemaVersion = *migrated;
    d->isOpen = true;
    qCDebug(lcStorage).noquote() << "Execution store on" << d->url.display() << "schema version"
                                 << d->schemaVersion;
    if (d->probeOnly)
        return Unit{};
    // Records a previous run could not write wait in the outbox: replayed first.
    auto replayed = d->replayOutbox();
    if (!replayed)
        d->enterOutbox(d->outageReason);
    else if (*replayed > 0)
        qCInfo(lcStorage) << *replayed << "outbox records replayed to" << d->url.display();
    return Unit{};
}

void StoreConnection::close() {
    if (d->reconnectTimer)
        d->reconnectTimer->stop();
    d->statements.clear();
    if (!d->connection.isEmpty() && QSqlDatabase::contains(d->connection)) {
        QSqlDatabase::database(d->connection, false).close();
        QSqlDatabase::removeDatabase(d->connection);
    }
    d->outbox.reset();
    d->isOpen = false;
    d->connected = false;
}

QString StoreConnection::backendName() const {
    return d->pg() ? QStringLiteral("PostgreSQL") : QStringLiteral("SQLite");
}

StoreHealth StoreConnection::health() const {
    return d->health;
}
int StoreConnection::schemaVersion() const {
    return d->schemaVersion;
}
QString StoreConnection::healthMessage() const {
    return d->healthMessage;
}
QString StoreConnection::displayUrl() const {
    return d->url.display();
}
void StoreConnection::setOutboxPath(const QString &path) {
    d->outboxPath = path;
}
QString StoreConnection::outboxPath() const {
    return d->effectiveOutboxPath();
}

void StoreConnection::setBusyTimeout(int ms) {
    d->busyTimeoutMs = std::max(ms, 0);
}

void StoreConnection::setReconnectInterval(int ms) {
    d->reconnectIntervalMs = std::max(ms, 0);
    if (d->reconnectTimer)
        d->reconnectTimer->setInterval(std::max(d->reconnectIntervalMs, 250));
}

Result<int> StoreConnection::outboxSize() const {
    return d->waitingCount();
}

Result<Unit> StoreConnection::reconnect() {
    if (!d->isOpen)
        return d->fail(QStringLiteral("The execution store is not open"));
    if (d->writable())
        return Unit{};
    if (!d->tryReconnect())
        return unreachable(QStringLiteral("Could not reconnect"));
    return Unit{};
}

// --- for the store's parts ---------------------------------------------------------------------

void StoreConnection::setReplayer(Replayer replayer) {
    d->replayer = std::move(replayer);
}

bool StoreConnection::isOpen() const {
    return d->isOpen;
}

bool StoreConnection::isPostgreSQL() const {
    return d->pg();
}

bool StoreConnection::isWritable() const {
    return d->writable();
}

QSqlDatabase StoreConnection::database() const {
    return d->db();
}

QSqlQuery &StoreConnection::prepared(const QString &statement) {
    Impl::Cached &c = d->statements[statement];
    if (!c.query) {
        c.query = std::make_unique<QSqlQuery>(d->db());
        c.query->setForwardOnly(true);
    }
    d->prepareError.reset();
    if (!c.ready) {
        c.ready = c.query->prepare(statement); // a failed prepare fails the exec that follows
        if (!c.ready)
            d->prepareError = c.query->lastError();
    }
    return *c.query;
}

Result<Unit> StoreConnection::begin() {
    QSqlQuery q(d->db());
    // IMMEDIATE takes SQLite's write lock up front: two dispatchers queue instead of
    // deadlocking on a read-to-write upgrade.
    if (!q.exec(d->pg() ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE")))
        return d->statementFailed(QStringLiteral("Could not start a database transaction"),
                                  q.lastError());
    d->inTransaction = true;
    return Unit{};
}

Result<Unit> StoreConnection::commit() {
    QSqlQuery q(d->db());
    if (!q.exec(QStringLiteral("COMMIT")))
        return d->statementFailed(QStringLiteral("Could not commit to the database"),
                                  q.lastError());
    d->inTransaction = false;
    return Unit{};
}

void StoreConnection::rollback() {
    QSqlDatabase db = d->db();
    if (d->inTransaction)
        sql::exec(db, QStringLiteral("ROLLBACK"));
    d->inTransaction = false;
}

Error StoreConnection::fail(const QString &what) const {
    return d->fail(what);
}

Error StoreConnection::statementFailed(const QString &what, const QSqlError &e) {
    return d->statementFailed(what, e);
}

bool StoreConnection::lastErrorIsOutage() const {
    return d->lastErrorIsOutage;
}

void StoreConnection::clearLastError() {
    d->lastErrorIsOutage = false;
}

Error StoreConnection::afterFailure(const Error &e) {
    if (d->lastErrorIsOutage)
        d->enterOutbox(d->outageReason);
    return e;
}

Result<Unit> StoreConnection::ready(const QString &what) {
    if (!d->isOpen)
        return d->fail(QStringLiteral("The execution store is not open"));
    if (!d->ensureConnected() && (d->pg() || !d->connected))
        return unreachable(what);
    return Unit{};
}

bool StoreConnection::ensureConnected() {
    return d->ensureConnected();
}

bool StoreConnection::tryReconnect() {
    return d->tryReconnect();
}

Error StoreConnection::unreachable(const QString &what) const {
    return d->fail(what + QStringLiteral(": ") + d->outage());
}

QString StoreConnection::outageReason() const {
    return d->outageReason;
}

void StoreConnection::enterOutbox(const QString &reason) {
    d->enterOutbox(reason);
}

Result<Unit> StoreConnection::queue(Outbox::Kind kind, const QJsonObject &payload,
                                    const QString &lost) {
    if (!d->hasOutbox())
        return d->fail(d->outage() + QStringLiteral(" and ") + lost +
                       QStringLiteral(" (an in-memory database has no outbox)"));
    auto appended = d->ensureOutbox()->append(d->target(), kind, payload);
    if (!appended)
        return d->fail(d->outage() + QStringLiteral(" and ") + lost + QStringLiteral(": ") +
                       QString::fromStdString(appended.error().message));
    d->setHealth(StoreHealth::Outbox, d->outboxMessage());
    return Unit{};
}

} // namespace cg
