#include "storage/execution_store.h"

#include "storage/execution_json.h"
#include "storage/explain_json.h"
#include "storage/log.h"
#include "storage/migrations.h"
#include "storage/outbox.h"
#include "storage/sql_util.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTimer>
#include <QUuid>

#include <QJsonObject>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>

namespace cg {

namespace {

std::atomic<int> g_storeConnections{0};

// The columns every insert writes and every read returns, in this order (after id).
constexpr const char *kExecutionColumns =
    "execution_uid, signal_id, ticker, action, instrument_type, execution_mode, strategy, "
    "option_symbol, strike, expiry, qty, limit_price, fill_price, bid, ask, spread_pct, delta, "
    "gamma, theta, vega, iv, open_interest, volume, underlying_price, client_order_id, order_id, "
    "order_status, fallback_reason, explain_json, created_at, slippage";
constexpr int kExecutionColumnCount = 31;
constexpr int kExplainColumn = 28; // explain_json: CAST(? AS jsonb) on PostgreSQL

// Serialises order intents of every console on a PostgreSQL database (pg_advisory_xact_lock).
constexpr qint64 kOrderIntentLockKey = 0x4367696e74; // "Cgint"

constexpr const char *kSignalColumns =
    "id, symbol, action, strategy, status, source, created_at, claimed_by, execution_id, error";

Timestamp now() {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
}

std::string upperTrimmed(const QVariant &v) {
    return v.toString().trimmed().toUpper().toStdString();
}

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

QString shortReason(const QString &message) {
    QString s = message.simplified();
    if (s.size() > 160)
        s = s.left(157) + QStringLiteral("...");
    return s;
}

} // namespace

struct ExecutionStore::Impl {
    ExecutionStore *q = nullptr;
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
    int reconnectIntervalMs = 5000;
    int busyTimeoutMs = 15000;
    QElapsedTimer lastAttempt;
    QTimer *reconnectTimer = nullptr;
    // Statements prepared once per connection (PostgreSQL: PREPARE once, then one round trip per
    // EXECUTE). Cleared whenever the connection closes.
    struct Cached {
        std::unique_ptr<QSqlQuery> query;
        bool ready = false;
    };
    std::map<QString, Cached> statements;
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
            db.setConnectOptions(url.connectOptions);
        } else {
            if (url.path != QLatin1String(":memory:"))
                QDir().mkpath(QFileInfo(url.path).absolutePath());
            db.setDatabaseName(url.path);
            // Waits for another writer (a second dispatcher) instead of failing at once.
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs));
        }
        if (!db.open())
            return fail(sql::errorText(db.lastError()));

        QString err;
        const QStringList setup = pg() ? QStringList{QStringLiteral("SET TIME ZONE 'UTC'")}
                                       : QStringList{QStringLiteral("PRAGMA journal_mode=WAL"),
                                                     QStringLiteral("PRAGMA synchronous=NORMAL"),
                                                     QStringLiteral("PRAGMA foreign_keys=ON")};
        for (const QString &statement : setup) {
            if (!sql::exec(db, statement, &err)) {
                db.close();
                return fail(err);
            }
        }
        return Unit{};
    }

    void disconnectDb() {
        statements.clear();
        if (QSqlDatabase::contains(connection))
            QSqlDatabase::database(connection, false).close();
        connected = false;
        inTransaction = false;
    }

    // After a failed statement: can the database not be written now (PostgreSQL gone; SQLite
    // locked, full or failing), or did it refuse the statement?
    bool isOutage(const QSqlError &e) {
        if (!pg())
            return sqliteUnwritable(e);
        QSqlDatabase db = this->db();
        if (!db.isOpen())
            return true;
        QSqlQuery probe(db);
        return !probe.exec(QStringLiteral("SELECT 1"));
    }

    // Rolls back, then records whether the failure was an outage; returns the error to report.
    Error statementFailed(const QString &what, const QSqlError &e) {
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

    Result<Unit> begin() {
        QSqlDatabase db = this->db();
        QSqlQuery q(db);
        // IMMEDIATE takes SQLite's write lock up front: two dispatchers queue instead of
        // deadlocking on a read-to-write upgrade.
        if (!q.exec(pg() ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE")))
            return statementFailed(QStringLiteral("Could not start a database transaction"),
                                   q.lastError());
        inTransaction = true;
        return Unit{};
    }

    Result<Unit> commit() {
        QSqlDatabase db = this->db();
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("COMMIT")))
            return statementFailed(QStringLiteral("Could not commit to the database"),
                                   q.lastError());
        inTransaction = false;
        return Unit{};
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

    int waitingCount() {
        if (!hasOutbox())
            return 0;
        // Reading the count must not create the file.
        if (!QFileInfo::exists(effectiveOutboxPath()))
            return 0;
        auto n = ensureOutbox()->count(target());
        return n ? *n : 0;
    }

    // "PostgreSQL is unreachable (reason)" / "The database cannot be written (reason)".
    QString outage() const {
        const QString reason = redactSecret(shortReason(outageReason), url.password);
        return pg() ? QStringLiteral("PostgreSQL is unreachable (%1)").arg(reason)
                    : QStringLiteral("The database %1 cannot be written (%2)")
                          .arg(url.display(), reason);
    }

    QString outboxMessage() {
        const int n = waitingCount();
        return QStringLiteral("%1: %2 %3 waiting in the local outbox")
            .arg(outage())
            .arg(n)
            .arg(n == 1 ? QStringLiteral("record") : QStringLiteral("records"));
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

    Error unreachable(const QString &what) { return fail(what + QStringLiteral(": ") + outage()); }

    // In Outbox health: reconnect when the interval allows. True when connected afterwards.
    bool ensureConnected() {
        if (health == StoreHealth::Connected && connected)
            return true;
        if (!lastAttempt.isValid() || lastAttempt.elapsed() >= reconnectIntervalMs)
            tryReconnect();
        return health == StoreHealth::Connected && connected;
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
                Result<Unit> done = Unit{};
                lastErrorIsOutage = false;
                if (e.kind == Outbox::Kind::Execution || e.kind == Outbox::Kind::Completion) {
                    auto record = executionFromJson(e.payload);
                    if (!record) {
                        done = record.error();
                    } else {
                        auto id = e.kind == Outbox::Kind::Execution
                                      ? insertExecution(*record, /*replay=*/true)
                                      : upsertExecution(*record, /*replay=*/true);
                        if (!id)
                            done = id.error();
                    }
                } else if (e.kind == Outbox::Kind::OrderStatus) {
                    done = applyOrderUpdate(orderUpdateFromJson(e.payload), /*replay=*/true);
                } else {
                    done = Error::make("An outbox entry of a kind this ChainGate does not know");
                }
                if (!done) {
                    if (lastErrorIsOutage)
                        return done.error();
                    // Refused for good (not an outage): keep it aside, visible, never lost.
                    qCWarning(lcStorage).noquote()
                        << "Outbox entry" << e.id
                        << "refused by PostgreSQL:" << QString::fromStdString(done.error().message);
                    (void)box->setAside(e.id, QString::fromStdString(done.error().message));
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

    Result<std::int64_t> queue(const ExecutionRecord &r,
                               Outbox::Kind kind = Outbox::Kind::Execution) {
        if (!hasOutbox())
            return fail(outage() + QStringLiteral(" and the execution was NOT recorded (an "
                                                  "in-memory database has no outbox)"));
        auto appended = ensureOutbox()->append(target(), kind, executionToJson(r));
        if (!appended)
            return fail(outage() + QStringLiteral(" and the execution was NOT recorded: ") +
                        QString::fromStdString(appended.error().message));
        setHealth(StoreHealth::Outbox, outboxMessage());
        return std::int64_t{0};
    }

    // Writes with `write` (insert or completion), or queues in the outbox when the database
    // cannot be written; while the outbox holds records, new ones queue behind them.
    template <class Write>
    Result<std::int64_t> writeOrQueue(const ExecutionRecord &r, Outbox::Kind kind, Write write) {
        if (!ensureConnected())
            return queue(r, kind);
        auto id = write();
        if (id || !lastErrorIsOutage)
            return id;
        // PostgreSQL lost in the middle of a run: one immediate attempt to come back. (A locked
        // SQLite file has just been waited for.)
        const QString reason = outageReason;
        if (pg() && tryReconnect()) {
            id = write();
            if (id || !lastErrorIsOutage)
                return id;
        }
        enterOutbox(reason);
        return queue(r, kind);
    }

    // --- executions ----------------------------------------------------------------------------

    QSqlQuery &prepared(const QString &statement) {
        Cached &c = statements[statement];
        if (!c.query) {
            c.query = std::make_unique<QSqlQuery>(db());
            c.query->setForwardOnly(true);
        }
        if (!c.ready)
            c.ready = c.query->prepare(statement); // a failed prepare fails the exec that follows
        return *c.query;
    }

    QSqlQuery &preparedInsert() {
        static const QString sqlite = insertStatement(QStringLiteral("?"));
        static const QString postgresql = insertStatement(QStringLiteral("CAST(? AS jsonb)"));
        return prepared(pg() ? postgresql : sqlite);
    }

    static QString insertStatement(const QString &explainMark) {
        QStringList marks;
        for (int i = 0; i < kExecutionColumnCount; ++i)
            marks << (i == kExplainColumn ? explainMark : QStringLiteral("?"));
        return QStringLiteral("INSERT INTO dispatcher_execution (%1) VALUES (%2) "
                              "ON CONFLICT DO NOTHING RETURNING id")
            .arg(QLatin1String(kExecutionColumns), marks.join(QStringLiteral(", ")));
    }

    // The values of kExecutionColumns, in order.
    static QVariantList executionValues(const ExecutionRecord &r) {
        return {sql::requiredText(r.executionUid),
                sql::integer(r.signalId),
                sql::requiredText(r.ticker),
                sql::requiredText(r.action),
                sql::requiredText(r.instrumentType),
                QString::fromLatin1(toString(r.mode)),
                sql::textOrNull(r.strategy),
                sql::textOrNull(r.optionSymbol),
                sql::number(r.strike),
                sql::textOrNull(r.expiry),
                r.qty ? QVariant(*r.qty) : QVariant(),
                sql::number(r.limitPrice),
                sql::number(r.fillPrice),
                sql::number(r.bid),
                sql::number(r.ask),
                sql::number(r.spreadPct),
                sql::number(r.delta),
                sql::number(r.gamma),
                sql::number(r.theta),
                sql::number(r.vega),
                sql::number(r.iv),
                sql::integer(r.openInterest),
                sql::integer(r.volume),
                sql::number(r.underlyingPrice),
                sql::textOrNull(r.clientOrderId),
                sql::textOrNull(r.orderId),
                sql::textOrNull(r.orderStatus),
                sql::textOrNull(r.fallbackReason),
                sql::requiredText(r.explainJson),
                sql::time(r.createdAt),
                sql::number(r.slippage)};
    }

    static void bindExecution(QSqlQuery &q, const ExecutionRecord &r) {
        const QVariantList values = executionValues(r);
        for (int i = 0; i < values.size(); ++i)
            q.bindValue(i, values[i]);
    }

    // Every column but the uid and the creation time, by uid.
    static constexpr int kUidColumn = 0;
    static constexpr int kCreatedAtColumn = 29;
    static QString completionStatement(const QString &explainMark) {
        const QStringList columns =
            QString::fromLatin1(kExecutionColumns).split(QStringLiteral(", "));
        QStringList sets;
        for (int i = 0; i < columns.size(); ++i) {
            if (i == kUidColumn || i == kCreatedAtColumn)
                continue;
            sets << columns[i] + QStringLiteral(" = ") +
                        (i == kExplainColumn ? explainMark : QStringLiteral("?"));
        }
        return QStringLiteral("UPDATE dispatcher_execution SET %1 WHERE execution_uid = ? "
                              "RETURNING id")
            .arg(sets.join(QStringLiteral(", ")));
    }

    // The order's intent (same uid) becomes its execution record; inserted when no row has the
    // uid. Idempotent: a replayed completion writes the same values again.
    Result<std::int64_t> upsertExecution(const ExecutionRecord &r, bool replay) {
        lastErrorIsOutage = false;
        static const QString sqlite = completionStatement(QStringLiteral("?"));
        static const QString postgresql = completionStatement(QStringLiteral("CAST(? AS jsonb)"));
        QSqlQuery &u = prepared(pg() ? postgresql : sqlite);
        const QVariantList values = executionValues(r);
        int at = 0;
        for (int i = 0; i < values.size(); ++i) {
            if (i != kUidColumn && i != kCreatedAtColumn)
                u.bindValue(at++, values[i]);
        }
        u.bindValue(at, values[kUidColumn]);
        if (!u.exec()) {
            const QSqlError e = u.lastError();
            u.finish();
            return statementFailed(QStringLiteral("The execution could not be recorded"), e);
        }
        if (u.next()) {
            const std::int64_t id = u.value(0).toLongLong();
            u.finish();
            return id;
        }
        u.finish();
        return insertExecution(r, replay);
    }

    // Orders placed or on their way since `since` (see ExecutionStore::countOrders).
    Result<int> countOrdersSince(Timestamp since) {
        QSqlQuery &q = prepared(
            QStringLiteral("SELECT COUNT(*) FROM dispatcher_execution WHERE created_at >= ? "
                           "AND execution_mode IN (?, ?, ?) "
                           "AND ((client_order_id IS NOT NULL AND client_order_id <> '') "
                           "OR (order_id IS NOT NULL AND order_id <> '')) "
                           "AND (order_status IS NULL OR order_status <> 'not_placed')"));
        q.bindValue(0, sql::time(since));
        q.bindValue(1, QString::fromLatin1(toString(ExecutionMode::AlpacaPaper)));
        q.bindValue(2, QString::fromLatin1(toString(ExecutionMode::AlpacaLive)));
        q.bindValue(3, QString::fromLatin1(toString(ExecutionMode::Demo)));
        if (!q.exec() || !q.next()) {
            const QSqlError e = q.lastError();
            q.finish();
            return statementFailed(QStringLiteral("Could not count today's orders"), e);
        }
        const int n = q.value(0).toInt();
        q.finish();
        return n;
    }

    // One transaction: the day's orders are counted and the intent written, or nothing. Intents
    // of all consoles are serialised (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock).
    Result<IntentWrite> insertIntent(const ExecutionRecord &r, const OrderCountLimit &limit) {
        lastErrorIsOutage = false;
        if (auto b = begin(); !b)
            return b.error();
        auto rollback = [this] {
            QSqlDatabase db = this->db();
            if (inTransaction)
                sql::exec(db, QStringLiteral("ROLLBACK"));
            inTransaction = false;
        };
        if (pg()) {
            QSqlQuery &lock = prepared(
                QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kOrderIntentLockKey));
            if (!lock.exec()) {
                const QSqlError e = lock.lastError();
                lock.finish();
                return statementFailed(QStringLiteral("The order's intent could not be recorded"),
                                       e);
            }
            lock.finish();
        }
        auto counted = countOrdersSince(limit.since);
        if (!counted)
            return counted.error();
        IntentWrite w;
        w.ordersSince = *counted;
        if (limit.maxOrders > 0 && *counted >= limit.maxOrders) {
            rollback();
            w.limitReached = true;
            return w;
        }
        auto id = insertExecution(r, false);
        if (!id) {
            rollback();
            return id.error();
        }
        if (auto c = commit(); !c)
            return c.error();
        w.id = *id;
        return w;
    }

    static ExecutionRecord readExecution(const QSqlQuery &q) {
        ExecutionRecord r;
        r.id = q.value(0).toLongLong();
        r.executionUid = sql::toStdString(q.value(1));
        r.signalId = sql::toInt64(q.value(2));
        r.ticker = sql::toStdString(q.value(3));
        r.action = sql::toStdString(q.value(4));
        r.instrumentType = sql::toStdString(q.value(5));
        const std::string mode = sql::toStdString(q.value(6));
        if (const auto m = parseExecutionMode(mode))
            r.mode = *m;
        else
            qCWarning(lcStorage) << "Execution" << r.id << "has an unknown execution_mode";
        r.strategy = sql::toStdString(q.value(7));
        r.optionSymbol = sql::toStdString(q.value(8));
        r.strike = sql::toDouble(q.value(9));
        r.expiry = sql::toStdString(q.value(10));
        if (const auto qty = sql::toInt64(q.value(11)))
            r.qty = static_cast<int>(*qty);
        r.limitPrice = sql::toDouble(q.value(12));
        r.fillPrice = sql::toDouble(q.value(13));
        r.bid = sql::toDouble(q.value(14));
        r.ask = sql::toDouble(q.value(15));
        r.spreadPct = sql::toDouble(q.value(16));
        r.delta = sql::toDouble(q.value(17));
        r.gamma = sql::toDouble(q.value(18));
        r.theta = sql::toDouble(q.value(19));
        r.vega = sql::toDouble(q.value(20));
        r.iv = sql::toDouble(q.value(21));
        r.openInterest = sql::toInt64(q.value(22));
        r.volume = sql::toInt64(q.value(23));
        r.underlyingPrice = sql::toDouble(q.value(24));
        r.clientOrderId = sql::toStdString(q.value(25));
        r.orderId = sql::toStdString(q.value(26));
        r.orderStatus = sql::toStdString(q.value(27));
        r.fallbackReason = sql::toStdString(q.value(28));
        r.explainJson = sql::toStdString(q.value(29));
        r.createdAt = sql::toTimestamp(q.value(30));
        r.slippage = sql::toDouble(q.value(31));
        return r;
    }

    // The id of the row that already holds this execution (same uid or same client order id).
    Result<std::pair<std::int64_t, std::string>> existing(const ExecutionRecord &r) {
        QSqlQuery q(db());
        q.prepare(QStringLiteral("SELECT id, execution_uid FROM dispatcher_execution "
                                 "WHERE execution_uid = ? OR client_order_id = ? "
                                 "ORDER BY id LIMIT 1"));
        q.addBindValue(sql::requiredText(r.executionUid));
        q.addBindValue(sql::textOrNull(r.clientOrderId));
        if (!q.exec())
            return statementFailed(QStringLiteral("Could not read the executions"), q.lastError());
        if (!q.next())
            return fail(QStringLiteral("The execution was refused by the database for an "
                                       "unknown reason"));
        return std::pair<std::int64_t, std::string>{q.value(0).toLongLong(),
                                                    sql::toStdString(q.value(1))};
    }

    // One INSERT statement, hence one transaction on both back ends (autocommit): the row is
    // there whole or not at all, in a single round trip. A replay of a record already present is
    // a no-op returning its id.
    Result<std::int64_t> insertExecution(const ExecutionRecord &r, bool replay) {
        lastErrorIsOutage = false;
        QSqlQuery &ins = preparedInsert();
        bindExecution(ins, r);
        if (!ins.exec()) {
            const QSqlError e = ins.lastError();
            ins.finish();
            return statementFailed(QStringLiteral("The execution could not be recorded"), e);
        }
        std::int64_t id = 0;
        if (ins.next()) {
            id = ins.value(0).toLongLong();
            ins.finish();
        } else {
            ins.finish();
            auto found = existing(r);
            if (!found)
                return found.error();
            id = found->first;
            if (found->second != sql::cleanText(r.executionUid).toStdString() && !replay) {
                return fail(QStringLiteral("Client order id '%1' is already recorded for another "
                                           "execution (id %2); the execution was not recorded")
                                .arg(sql::cleanText(r.clientOrderId))
                                .arg(id));
            }
        }
        return id;
    }

    // One UPDATE for the columns and explain_json. The statement text depends only on which
    // values are known (a handful of variants, each prepared once per connection).
    Result<Unit> applyOrderUpdate(const OrderUpdate &u, bool replay) {
        lastErrorIsOutage = false;
        const auto known = [](const std::optional<double> &v) { return v && std::isfinite(*v); };
        // The order id as it will be after this update: a recorded one is never replaced.
        const QString orderIdAfter = QStringLiteral("COALESCE(NULLIF(order_id, ''), ?)");
        QStringList sets;
        QVariantList values;
        QStringList explainSets; // "key", value-expression pairs
        QVariantList explainValues;
        const auto explain = [&](const char *key, const QString &expr, const QVariant &v,
                                 const char *pgType) {
            explainSets << QStringLiteral("'%1'").arg(QLatin1String(key))
                        << (pg() ? QString(expr).replace(
                                       QStringLiteral("?"),
                                       QStringLiteral("CAST(? AS %1)").arg(QLatin1String(pgType)))
                                 : expr);
            explainValues << v;
        };
        sets << QStringLiteral("order_status = ?");
        values << sql::textOrNull(u.status);
        if (!u.status.empty())
            explain("order_status", QStringLiteral("?"), sql::textOrNull(u.status), "text");
        if (!u.orderId.empty()) {
            sets << QStringLiteral("order_id = ") + orderIdAfter;
            values << sql::requiredText(u.orderId);
            explain("alpaca_order_id", orderIdAfter, sql::requiredText(u.orderId), "text");
        }
        if (known(u.fillPrice)) {
            sets << QStringLiteral("fill_price = ?");
            values << sql::number(u.fillPrice);
            explain("fill_price", QStringLiteral("?"), sql::number(u.fillPrice),
                    "double precision");
        }
        if (known(u.slippage)) {
            sets << QStringLiteral("slippage = ?");
            values << sql::number(u.slippage);
            explain("slippage", QStringLiteral("?"), sql::number(u.slippage), "double precision");
        }
        if (known(u.filledQty))
            explain("filled_qty", QStringLiteral("?"), sql::number(u.filledQty),
                    "double precision");
        if (!explainSets.isEmpty()) {
            if (pg()) {
                sets << QStringLiteral("explain_json = explain_json || jsonb_build_object(%1)")
                            .arg(explainSets.join(QStringLiteral(", ")));
            } else {
                QStringList paths;
                for (int i = 0; i < explainSets.size(); i += 2)
                    paths << QStringLiteral("'$.%1', %2")
                                 .arg(explainSets[i].mid(1, explainSets[i].size() - 2),
                                      explainSets[i + 1]);
                sets << QStringLiteral("explain_json = json_set(explain_json, %1)")
                            .arg(paths.join(QStringLiteral(", ")));
            }
            values << explainValues;
        }
        QSqlQuery &q =
            prepared(QStringLiteral("UPDATE dispatcher_execution SET %1 WHERE client_order_id = ?")
                         .arg(sets.join(QStringLiteral(", "))));
        values << sql::requiredText(u.clientOrderId);
        for (int i = 0; i < values.size(); ++i)
            q.bindValue(i, values[i]);
        if (!q.exec())
            return statementFailed(QStringLiteral("The order status could not be saved"),
                                   q.lastError());
        if (q.numRowsAffected() == 0) {
            if (replay) {
                qCWarning(lcStorage).noquote()
                    << "Outbox order status for an unknown client order id was dropped";
                return Unit{};
            }
            return fail(QStringLiteral("No execution with client order id '%1'")
                            .arg(sql::cleanText(u.clientOrderId)));
        }
        return Unit{};
    }

    // --- signals -------------------------------------------------------------------------------

    static Signal readSignal(const QSqlQuery &q) {
        Signal s;
        s.id = q.value(0).toLongLong();
        s.symbol = sql::toStdString(q.value(1));
        std::string problem;
        if (const auto a = parseSignalAction(upperTrimmed(q.value(2))))
            s.action = *a;
        else
            problem = "Unknown action '" + sql::toStdString(q.value(2)) +
                      "'; expected CALL, PUT, BUY or SELL";
        const std::string strategy = q.value(3).toString().trimmed().toLower().toStdString();
        if (const auto st = parseStrategy(strategy.empty() ? "day_trade" : strategy))
            s.strategy = *st;
        else if (problem.empty())
            problem = "Unknown strategy '" + sql::toStdString(q.value(3)) +
                      "'; expected day_trade, swing or conservative";
        if (const auto st = parseSignalStatus(upperTrimmed(q.value(4))))
            s.status = *st;
        s.source = sql::toStdString(q.value(5));
        s.createdAt = sql::toTimestamp(q.value(6));
        s.claimedBy = sql::toStdString(q.value(7));
        s.executionId = sql::toInt64(q.value(8));
        s.error = sql::toStdString(q.value(9));
        if (s.error.empty())
            s.error = problem;
        if (s.symbol.empty() && s.error.empty())
            s.error = "The signal has no symbol";
        return s;
    }

    static bool isValid(const Signal &s, const QVariant &action, const QVariant &strategy) {
        const std::string st = strategy.toString().trimmed().toLower().toStdString();
        return !QString::fromStdString(s.symbol).trimmed().isEmpty() &&
               parseSignalAction(upperTrimmed(action)).has_value() &&
               parseStrategy(st.empty() ? "day_trade" : st).has_value();
    }

    // Connected, or an error saying PostgreSQL is away. Reconnects when the interval allows. An
    // SQLite file that cannot be written now is still there to be read (and tried).
    Result<Unit> ready(const QString &what) {
        if (!isOpen)
            return fail(QStringLiteral("The execution store is not open"));
        if (!ensureConnected() && (pg() || !connected))
            return unreachable(what);
        return Unit{};
    }

    // A statement failed: an outage switches to Outbox health; either way the error goes back.
    Error afterFailure(const Error &e) {
        if (lastErrorIsOutage)
            enterOutbox(outageReason);
        return e;
    }
};

// --- public API ------------------------------------------------------------------------------

ExecutionStore::ExecutionStore(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Impl>()) {
    d->q = this;
}

ExecutionStore::~ExecutionStore() {
    close();
}

Result<Unit> ExecutionStore::open(const QString &urlText) {
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
    auto migrated = [this] {
        QSqlDatabase db = d->db();
        return migrate(db, d->dialect);
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
    // Records a previous run could not write wait in the outbox: replayed first.
    auto replayed = d->replayOutbox();
    if (!replayed)
        d->enterOutbox(d->outageReason);
    else if (*replayed > 0)
        qCInfo(lcStorage) << *replayed << "outbox records replayed to" << d->url.display();
    return Unit{};
}

void ExecutionStore::close() {
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

QString ExecutionStore::backendName() const {
    return d->pg() ? QStringLiteral("PostgreSQL") : QStringLiteral("SQLite");
}

StoreHealth ExecutionStore::health() const {
    return d->health;
}
int ExecutionStore::schemaVersion() const {
    return d->schemaVersion;
}
QString ExecutionStore::healthMessage() const {
    return d->healthMessage;
}
QString ExecutionStore::displayUrl() const {
    return d->url.display();
}
void ExecutionStore::setOutboxPath(const QString &path) {
    d->outboxPath = path;
}
QString ExecutionStore::outboxPath() const {
    return d->effectiveOutboxPath();
}

void ExecutionStore::setBusyTimeout(int ms) {
    d->busyTimeoutMs = std::max(ms, 0);
}

void ExecutionStore::setReconnectInterval(int ms) {
    d->reconnectIntervalMs = std::max(ms, 0);
    if (d->reconnectTimer)
        d->reconnectTimer->setInterval(std::max(d->reconnectIntervalMs, 250));
}

int ExecutionStore::outboxSize() const {
    return d->waitingCount();
}

Result<Unit> ExecutionStore::reconnect() {
    if (!d->isOpen)
        return d->fail(QStringLiteral("The execution store is not open"));
    if (d->health == StoreHealth::Connected && d->connected)
        return Unit{};
    if (!d->tryReconnect())
        return d->unreachable(QStringLiteral("Could not reconnect"));
    return Unit{};
}

namespace {

// A record ready to store: a uid, a creation time and a valid explain_json.
Result<ExecutionRecord> completed(const ExecutionRecord &input) {
    ExecutionRecord r = input;
    if (r.executionUid.empty())
        r.executionUid = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    if (r.createdAt == Timestamp{})
        r.createdAt = now();
    auto explain = normalizeExplainJson(r);
    if (!explain)
        return explain.error();
    r.explainJson = explain->toStdString();
    return r;
}

} // namespace

Result<std::int64_t> ExecutionStore::recordExecution(const ExecutionRecord &input) {
    if (!d->isOpen)
        return d->fail(QStringLiteral("The execution store is not open"));
    auto r = completed(input);
    if (!r)
        return r.error();
    return d->writeOrQueue(*r, Outbox::Kind::Execution,
                           [&] { return d->insertExecution(*r, false); });
}

Result<IntentWrite> ExecutionStore::recordIntent(const ExecutionRecord &input,
                                                 const OrderCountLimit &limit) {
    if (!d->isOpen)
        return d->fail(QStringLiteral("The execution store is not open"));
    auto r = completed(input);
    if (!r)
        return r.error();
    // Never the outbox: the database must hold the intent (other consoles count it). Records
    // waiting in the outbox are replayed first, now, or nothing is written.
    if (d->health != StoreHealth::Connected || !d->connected)
        d->tryReconnect();
    if (d->health != StoreHealth::Connected || !d->connected)
        return d->unreachable(QStringLiteral("The order's intent could not be recorded"));
    auto written = d->insertIntent(*r, limit);
    if (!written)
        return d->afterFailure(written.error());
    return written;
}

Result<std::int64_t> ExecutionStore::completeExecution(const ExecutionRecord &input) {
    if (!d->isOpen)
        return d->fail(QStringLiteral("The execution store is not open"));
    auto r = completed(input);
    if (!r)
        return r.error();
    return d->writeOrQueue(*r, Outbox::Kind::Completion,
                           [&] { return d->upsertExecution(*r, false); });
}

Result<int> ExecutionStore::countOrders(Timestamp since) const {
    if (auto r = d->ready(QStringLiteral("Today's orders cannot be counted")); !r)
        return r.error();
    auto n = d->countOrdersSince(since);
    if (!n)
        return d->afterFailure(n.error());
    return n;
}

Result<Unit> ExecutionStore::updateOrderStatus(const std::string &clientOrderId,
                                               const std::string &status,
                                               std::optional<double> fillPrice) {
    OrderUpdate u;
    u.clientOrderId = clientOrderId;
    u.status = status;
    u.fillPrice = fillPrice;
    return updateOrder(u);
}

Result<Unit> ExecutionStore::updateOrder(const OrderUpdate &u) {
    if (!d->isOpen)
        return d->fail(QStringLiteral("The execution store is not open"));
    if (u.clientOrderId.empty())
        return d->fail(QStringLiteral("An order status needs a client order id"));
    auto queueIt = [&]() -> Result<Unit> {
        if (!d->hasOutbox())
            return d->fail(d->outage() + QStringLiteral(" and the order status was NOT saved"));
        const QJsonObject payload = orderUpdateToJson(u);
        auto appended = d->ensureOutbox()->append(d->target(), Outbox::Kind::OrderStatus, payload);
        if (!appended)
            return d->fail(d->outage() + QStringLiteral(" and the order status was NOT saved: ") +
                           QString::fromStdString(appended.error().message));
        d->setHealth(StoreHealth::Outbox, d->outboxMessage());
        return Unit{};
    };
    if (!d->ensureConnected())
        return queueIt();
    auto done = d->applyOrderUpdate(u, false);
    if (done || !d->lastErrorIsOutage)
        return done;
    d->enterOutbox(d->outageReason);
    return queueIt();
}

Result<std::vector<ExecutionRecord>> ExecutionStore::executions(const ExecutionFilter &f) const {
    if (auto r = d->ready(QStringLiteral("Executions cannot be listed")); !r)
        return r.error();
    QString where;
    QVariantList values;
    if (f.from) {
        where += QStringLiteral(" AND created_at >= ?");
        values << sql::time(*f.from);
    }
    if (f.to) {
        where += QStringLiteral(" AND created_at < ?");
        values << sql::time(*f.to);
    }
    if (!f.ticker.empty()) {
        where += QStringLiteral(" AND ticker = ?");
        values << sql::requiredText(f.ticker);
    }
    if (f.mode) {
        where += QStringLiteral(" AND execution_mode = ?");
        values << QString::fromLatin1(toString(*f.mode));
    }
    if (f.signalId) {
        where += QStringLiteral(" AND signal_id = ?");
        values << QVariant::fromValue<qlonglong>(*f.signalId);
    }
    if (!f.clientOrderId.empty()) {
        where += QStringLiteral(" AND client_order_id = ?");
        values << sql::requiredText(f.clientOrderId);
    }
    QString statement = QStringLiteral("SELECT id, %1 FROM dispatcher_execution WHERE 1 = 1%2 "
                                       "ORDER BY created_at DESC, id DESC")
                            .arg(QLatin1String(kExecutionColumns), where);
    if (f.limit > 0) {
        statement += QStringLiteral(" LIMIT ?");
        values << f.limit;
    }
    QSqlQuery q(d->db());
    q.setForwardOnly(true);
    q.prepare(statement);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        return d->afterFailure(
            d->statementFailed(QStringLiteral("Could not read the executions"), q.lastError()));
    std::vector<ExecutionRecord> out;
    while (q.next())
        out.push_back(Impl::readExecution(q));
    return out;
}

Result<std::int64_t> ExecutionStore::addSignal(const Signal &s) {
    if (auto r = d->ready(QStringLiteral("The signal was not queued")); !r)
        return r.error();
    if (QString::fromStdString(s.symbol).trimmed().isEmpty())
        return d->fail(QStringLiteral("A signal needs a symbol"));
    QSqlQuery &q =
        d->prepared(QStringLiteral("INSERT INTO dispatch_recommendations "
                                   "(symbol, action, strategy, status, source, created_at) "
                                   "VALUES (?, ?, ?, 'PENDING', ?, ?) RETURNING id"));
    q.bindValue(0, sql::requiredText(s.symbol));
    q.bindValue(1, QString::fromLatin1(toString(s.action)));
    q.bindValue(2, QString::fromLatin1(toString(s.strategy)));
    q.bindValue(3, sql::requiredText(s.source.empty() ? std::string("unknown") : s.source));
    q.bindValue(4, sql::time(s.createdAt == Timestamp{} ? now() : s.createdAt));
    if (!q.exec() || !q.next())
        return d->afterFailure(
            d->statementFailed(QStringLiteral("The signal was not queued"), q.lastError()));
    const auto id = static_cast<std::int64_t>(q.value(0).toLongLong());
    q.finish();
    return id;
}

Result<std::optional<Signal>> ExecutionStore::claimNextSignal(const std::string &dispatcherId) {
    if (auto r = d->ready(QStringLiteral("No signal could be claimed")); !r)
        return r.error();
    const QString pick =
        QStringLiteral("SELECT %1 FROM dispatch_recommendations WHERE status = 'PENDING' "
                       "ORDER BY created_at, id LIMIT 1")
            .arg(QLatin1String(kSignalColumns)) +
        (d->pg() ? QStringLiteral(" FOR UPDATE SKIP LOCKED") : QString());
    // Rows written by outside engines may be malformed: those are marked FAILED and skipped.
    for (int attempt = 0; attempt < 1000; ++attempt) {
        if (auto b = d->begin(); !b)
            return d->afterFailure(b.error());
        Signal s;
        bool valid = false;
        {
            QSqlQuery &q = d->prepared(pick);
            if (!q.exec())
                return d->afterFailure(d->statementFailed(
                    QStringLiteral("No signal could be claimed"), q.lastError()));
            if (!q.next()) {
                q.finish();
                if (auto c = d->commit(); !c)
                    return d->afterFailure(c.error());
                return std::optional<Signal>{};
            }
            s = Impl::readSignal(q);
            valid = Impl::isValid(s, q.value(2), q.value(3));
            q.finish();
        }
        QSqlQuery &u =
            valid ? d->prepared(QStringLiteral("UPDATE dispatch_recommendations SET status = "
                                               "'CLAIMED', claimed_by = ?, claimed_at = ? "
                                               "WHERE id = ?"))
                  : d->prepared(QStringLiteral("UPDATE dispatch_recommendations SET status = "
                                               "'FAILED', error = ? WHERE id = ?"));
        if (valid) {
            s.status = SignalStatus::Claimed;
            s.claimedBy = dispatcherId;
            s.error.clear();
            u.bindValue(0, sql::requiredText(dispatcherId));
            u.bindValue(1, sql::time(now()));
            u.bindValue(2, QVariant::fromValue<qlonglong>(s.id));
        } else {
            u.bindValue(0, sql::requiredText(s.error));
            u.bindValue(1, QVariant::fromValue<qlonglong>(s.id));
        }
        if (!u.exec())
            return d->afterFailure(
                d->statementFailed(QStringLiteral("No signal could be claimed"), u.lastError()));
        if (auto c = d->commit(); !c)
            return d->afterFailure(c.error());
        if (valid)
            return std::optional<Signal>{s};
        qCWarning(lcStorage).noquote()
            << "Signal" << s.id << "marked FAILED:" << QString::fromStdString(s.error);
    }
    return std::optional<Signal>{};
}

Result<bool> ExecutionStore::claimSignal(std::int64_t id, const std::string &dispatcherId) {
    if (auto r = d->ready(QStringLiteral("The signal could not be claimed")); !r)
        return r.error();
    // One statement: of two consoles claiming the same PENDING row, exactly one changes it.
    QSqlQuery &q = d->prepared(QStringLiteral("UPDATE dispatch_recommendations SET status = "
                                              "'CLAIMED', claimed_by = ?, claimed_at = ? "
                                              "WHERE id = ? AND status = 'PENDING'"));
    q.bindValue(0, sql::requiredText(dispatcherId));
    q.bindValue(1, sql::time(now()));
    q.bindValue(2, QVariant::fromValue<qlonglong>(id));
    if (!q.exec())
        return d->afterFailure(
            d->statementFailed(QStringLiteral("The signal could not be claimed"), q.lastError()));
    return q.numRowsAffected() == 1;
}

Result<bool> ExecutionStore::releaseClaim(std::int64_t id, const std::string &claimedBy) {
    if (auto r = d->ready(QStringLiteral("The signal claim could not be released")); !r)
        return r.error();
    QSqlQuery &q = d->prepared(
        QStringLiteral("UPDATE dispatch_recommendations SET status = 'PENDING', claimed_by = NULL, "
                       "claimed_at = NULL WHERE id = ? AND status = 'CLAIMED' AND claimed_by = ?"));
    q.bindValue(0, QVariant::fromValue<qlonglong>(id));
    q.bindValue(1, sql::requiredText(claimedBy));
    if (!q.exec())
        return d->afterFailure(d->statementFailed(
            QStringLiteral("The signal claim could not be released"), q.lastError()));
    return q.numRowsAffected() == 1;
}

Result<Unit> ExecutionStore::finishSignal(std::int64_t id, SignalStatus status,
                                          std::optional<std::int64_t> executionId,
                                          const std::string &error) {
    if (auto r = d->ready(QStringLiteral("The signal was not updated")); !r)
        return r.error();
    // Back to PENDING releases the claim so another dispatcher may take it.
    QSqlQuery &q = d->prepared(status == SignalStatus::Pending
                                   ? QStringLiteral("UPDATE dispatch_recommendations SET status = "
                                                    "?, execution_id = ?, error = ?, claimed_by = "
                                                    "NULL, claimed_at = NULL WHERE id = ?")
                                   : QStringLiteral("UPDATE dispatch_recommendations SET status = "
                                                    "?, execution_id = ?, error = ? WHERE id = ?"));
    q.bindValue(0, QString::fromLatin1(toString(status)));
    q.bindValue(1, sql::integer(executionId));
    q.bindValue(2, sql::textOrNull(error));
    q.bindValue(3, QVariant::fromValue<qlonglong>(id));
    if (!q.exec())
        return d->afterFailure(
            d->statementFailed(QStringLiteral("The signal was not updated"), q.lastError()));
    if (q.numRowsAffected() == 0)
        return d->fail(QStringLiteral("Signal %1 does not exist").arg(id));
    return Unit{};
}

Result<std::vector<Signal>> ExecutionStore::signals(int limit) const {
    if (auto r = d->ready(QStringLiteral("Signals cannot be listed")); !r)
        return r.error();
    QSqlQuery q(d->db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM dispatch_recommendations "
                             "ORDER BY created_at DESC, id DESC LIMIT ?")
                  .arg(QLatin1String(kSignalColumns)));
    q.addBindValue(limit > 0 ? limit : 100);
    if (!q.exec())
        return d->afterFailure(
            d->statementFailed(QStringLiteral("Could not read the signals"), q.lastError()));
    std::vector<Signal> out;
    while (q.next())
        out.push_back(Impl::readSignal(q));
    return out;
}

Result<Unit> ExecutionStore::setState(const std::string &key, const std::string &value) {
    if (auto r = d->ready(QStringLiteral("The setting was not saved")); !r)
        return r;
    if (key.empty())
        return d->fail(QStringLiteral("A state entry needs a key"));
    QSqlQuery q(d->db());
    q.prepare(QStringLiteral("INSERT INTO engine_state (key, value, updated_at) VALUES (?, ?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                             "updated_at = excluded.updated_at"));
    q.addBindValue(sql::requiredText(key));
    q.addBindValue(sql::requiredText(value));
    q.addBindValue(sql::time(now()));
    if (!q.exec())
        return d->afterFailure(
            d->statementFailed(QStringLiteral("The setting was not saved"), q.lastError()));
    return Unit{};
}

Result<std::optional<std::string>> ExecutionStore::state(const std::string &key) const {
    if (auto r = d->ready(QStringLiteral("The setting cannot be read")); !r)
        return r.error();
    QSqlQuery q(d->db());
    q.prepare(QStringLiteral("SELECT value FROM engine_state WHERE key = ?"));
    q.addBindValue(sql::requiredText(key));
    if (!q.exec())
        return d->afterFailure(
            d->statementFailed(QStringLiteral("The setting cannot be read"), q.lastError()));
    if (!q.next())
        return std::optional<std::string>{};
    return std::optional<std::string>{sql::toStdString(q.value(0))};
}

} // namespace cg
