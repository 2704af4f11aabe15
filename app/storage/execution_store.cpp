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
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=15000"));
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

    // After a failed statement: is the server gone (outage) or did it refuse the statement?
    bool probeOutage() {
        if (!pg())
            return false;
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
        lastErrorIsOutage = probeOutage();
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

    Outbox *ensureOutbox() {
        if (!outbox)
            outbox =
                std::make_unique<Outbox>(outboxPath.isEmpty() ? defaultOutboxPath() : outboxPath);
        return outbox.get();
    }

    int waitingCount() {
        if (!pg())
            return 0;
        // Reading the count must not create the file.
        if (!QFileInfo::exists(outboxPath.isEmpty() ? defaultOutboxPath() : outboxPath))
            return 0;
        auto n = ensureOutbox()->count(target());
        return n ? *n : 0;
    }

    QString outboxMessage() {
        const int n = waitingCount();
        return QStringLiteral("PostgreSQL unreachable (%1): %2 %3 waiting in the local outbox")
            .arg(redactSecret(shortReason(outageReason), url.password))
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
        disconnectDb();
        const bool wasConnected = health == StoreHealth::Connected;
        if (wasConnected)
            qCWarning(lcStorage).noquote()
                << "PostgreSQL" << url.display()
                << "unreachable:" << redactSecret(shortReason(reason), url.password)
                << "- writes go to the local outbox" << ensureOutbox()->path();
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

    Error unreachable(const QString &what) {
        return fail(what + QStringLiteral(": PostgreSQL is unreachable (") +
                    shortReason(outageReason) + QStringLiteral(")"));
    }

    // In Outbox health: reconnect when the interval allows. True when connected afterwards.
    bool ensureConnected() {
        if (health == StoreHealth::Connected && connected)
            return true;
        if (!lastAttempt.isValid() || lastAttempt.elapsed() >= reconnectIntervalMs)
            tryReconnect();
        return health == StoreHealth::Connected && connected;
    }

    bool tryReconnect() {
        lastAttempt.restart();
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
        auto replayed = replayOutbox();
        if (!replayed) {
            if (health == StoreHealth::Outbox) {
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
                QStringLiteral("PostgreSQL connected again; %1 %2 replayed from the local outbox")
                    .arg(*replayed)
                    .arg(*replayed == 1 ? QStringLiteral("record") : QStringLiteral("records"));
            qCInfo(lcStorage).noquote() << message;
            setHealth(StoreHealth::Connected, message);
        }
        return true;
    }

    // Sends the outbox to PostgreSQL in order. Stops at the first outage (entries stay queued).
    Result<int> replayOutbox() {
        if (!pg())
            return 0;
        if (!QFileInfo::exists(outboxPath.isEmpty() ? defaultOutboxPath() : outboxPath))
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
                if (e.kind == Outbox::Kind::Execution) {
                    auto record = executionFromJson(e.payload);
                    if (!record) {
                        done = record.error();
                    } else {
                        auto id = insertExecution(*record, /*replay=*/true);
                        if (!id)
                            done = id.error();
                    }
                } else {
                    done = applyOrderUpdate(orderUpdateFromJson(e.payload), /*replay=*/true);
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

    Result<std::int64_t> queue(const ExecutionRecord &r) {
        auto appended =
            ensureOutbox()->append(target(), Outbox::Kind::Execution, executionToJson(r));
        if (!appended)
            return fail(QStringLiteral("PostgreSQL is unreachable (") + shortReason(outageReason) +
                        QStringLiteral(") and the execution was NOT recorded: ") +
                        QString::fromStdString(appended.error().message));
        setHealth(StoreHealth::Outbox, outboxMessage());
        return std::int64_t{0};
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

    static void bindExecution(QSqlQuery &q, const ExecutionRecord &r) {
        q.bindValue(0, sql::requiredText(r.executionUid));
        q.bindValue(1, sql::integer(r.signalId));
        q.bindValue(2, sql::requiredText(r.ticker));
        q.bindValue(3, sql::requiredText(r.action));
        q.bindValue(4, sql::requiredText(r.instrumentType));
        q.bindValue(5, QString::fromLatin1(toString(r.mode)));
        q.bindValue(6, sql::textOrNull(r.strategy));
        q.bindValue(7, sql::textOrNull(r.optionSymbol));
        q.bindValue(8, sql::number(r.strike));
        q.bindValue(9, sql::textOrNull(r.expiry));
        q.bindValue(10, r.qty ? QVariant(*r.qty) : QVariant());
        q.bindValue(11, sql::number(r.limitPrice));
        q.bindValue(12, sql::number(r.fillPrice));
        q.bindValue(13, sql::number(r.bid));
        q.bindValue(14, sql::number(r.ask));
        q.bindValue(15, sql::number(r.spreadPct));
        q.bindValue(16, sql::number(r.delta));
        q.bindValue(17, sql::number(r.gamma));
        q.bindValue(18, sql::number(r.theta));
        q.bindValue(19, sql::number(r.vega));
        q.bindValue(20, sql::number(r.iv));
        q.bindValue(21, sql::integer(r.openInterest));
        q.bindValue(22, sql::integer(r.volume));
        q.bindValue(23, sql::number(r.underlyingPrice));
        q.bindValue(24, sql::textOrNull(r.clientOrderId));
        q.bindValue(25, sql::textOrNull(r.orderId));
        q.bindValue(26, sql::textOrNull(r.orderStatus));
        q.bindValue(27, sql::textOrNull(r.fallbackReason));
        q.bindValue(28, sql::requiredText(r.explainJson));
        q.bindValue(29, sql::time(r.createdAt));
        q.bindValue(30, sql::number(r.slippage));
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

    // Connected, or an error saying PostgreSQL is away. Reconnects when the interval allows.
    Result<Unit> ready(const QString &what) {
        if (!isOpen)
            return fail(QStringLiteral("The execution store is not open"));
        if (!ensureConnected())
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
    if (d->pg()) {
        auto replayed = d->replayOutbox();
        if (!replayed)
            d->enterOutbox(d->outageReason);
        else if (*replayed > 0)
            qCInfo(lcStorage) << *replayed << "outbox records replayed to PostgreSQL";
    }
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
    return d->outboxPath.isEmpty() ? defaultOutboxPath() : d->outboxPath;
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
    if (!d->pg() || (d->health == StoreHealth::Connected && d->connected))
        return Unit{};
    if (!d->tryReconnect())
        return d->unreachable(QStringLiteral("Could not reconnect"));
    return Unit{};
}

Result<std::int64_t> ExecutionStore::recordExecution(const ExecutionRecord &input) {
    if (!d->isOpen)
        return d->fail(QStringLiteral("The execution store is not open"));
    ExecutionRecord r = input;
    if (r.executionUid.empty())
        r.executionUid = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    if (r.createdAt == Timestamp{})
        r.createdAt = now();
    auto explain = normalizeExplainJson(r);
    if (!explain)
        return explain.error();
    r.explainJson = explain->toStdString();

    // Order matters: while the outbox holds records, new ones queue behind them.
    if (!d->ensureConnected())
        return d->queue(r);
    auto id = d->insertExecution(r, false);
    if (id || !d->lastErrorIsOutage)
        return id;
    // Lost in the middle of a run: one immediate attempt to come back, then the outbox.
    const QString reason = d->outageReason;
    if (d->tryReconnect()) {
        id = d->insertExecution(r, false);
        if (id || !d->lastErrorIsOutage)
            return id;
    }
    d->enterOutbox(reason);
    return d->queue(r);
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
        const QJsonObject payload = orderUpdateToJson(u);
        auto appended = d->ensureOutbox()->append(d->target(), Outbox::Kind::OrderStatus, payload);
        if (!appended)
            return d->fail(QStringLiteral("PostgreSQL is unreachable and the order status was NOT "
                                          "saved: ") +
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
