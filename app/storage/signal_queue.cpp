#include "storage/signal_queue.h"

#include "domain/clock.h"

#include "storage/log.h"
#include "storage/sql_util.h"
#include "storage/store_connection.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace cg {

namespace {

constexpr const char *kSignalColumns =
    "id, symbol, action, strategy, status, source, created_at, claimed_by, execution_id, error";

std::string upperTrimmed(const QVariant &v) {
    return v.toString().trimmed().toUpper().toStdString();
}

Signal readSignal(const QSqlQuery &q) {
    Signal s;
    s.id = q.value(0).toLongLong();
    s.symbol = sql::toStdString(q.value(1));
    std::string problem;
    if (const auto a = parseSignalAction(upperTrimmed(q.value(2))))
        s.action = *a;
    else
        problem = "Unknown action '" + sql::toStdString(q.value(2)) +
                  "'; expected CALL, PUT, BUY or SELL";
    // A single-leg strategy or a multi-leg template (SPY NEUTRAL iron_condor).
    const std::string strategy = q.value(3).toString().trimmed().toLower().toStdString();
    if (auto wrong = setStrategyName(s, strategy); wrong && problem.empty())
        problem = *wrong;
    if (const auto st = parseSignalStatus(upperTrimmed(q.value(4))))
        s.status = *st;
    s.source = sql::toStdString(q.value(5));
    s.createdAt = sql::toTimestamp(q.value(6));
    s.claimedBy = sql::toStdString(q.value(7));
    s.executionId = sql::toInt64(q.value(8));
    // A PENDING row's stored error is a previous run's (a row put back by hand): what is wrong
    // with it now is only what its fields say.
    s.error = s.status == SignalStatus::Pending ? std::string() : sql::toStdString(q.value(9));
    if (s.error.empty())
        s.error = problem;
    if (s.symbol.empty() && s.error.empty())
        s.error = "The signal has no symbol";
    return s;
}

bool isValid(const Signal &s, const QVariant &action, const QVariant &strategy) {
    const std::string st = strategy.toString().trimmed().toLower().toStdString();
    const auto a = parseSignalAction(upperTrimmed(action));
    if (QString::fromStdString(s.symbol).trimmed().isEmpty() || !a)
        return false;
    Signal probe;
    probe.action = *a;
    return !setStrategyName(probe, st).has_value();
}

} // namespace

SignalQueue::SignalQueue(StoreConnection &connection)
    : m_db(connection) {}

Result<std::int64_t> SignalQueue::enqueue(const Signal &s) {
    if (auto r = m_db.ready(QStringLiteral("The signal was not queued")); !r)
        return r.error();
    if (QString::fromStdString(s.symbol).trimmed().isEmpty())
        return m_db.fail(QStringLiteral("A signal needs a symbol"));
    QSqlQuery &q =
        m_db.prepared(QStringLiteral("INSERT INTO dispatch_recommendations "
                                     "(symbol, action, strategy, status, source, created_at) "
                                     "VALUES (?, ?, ?, 'PENDING', ?, ?) RETURNING id"));
    q.bindValue(0, sql::requiredText(s.symbol));
    q.bindValue(1, QString::fromLatin1(toString(s.action)));
    q.bindValue(2, QString::fromLatin1(strategyName(s)));
    q.bindValue(3, sql::requiredText(s.source.empty() ? std::string("unknown") : s.source));
    q.bindValue(4, sql::time(s.createdAt == Timestamp{} ? SystemClock().now() : s.createdAt));
    if (!q.exec() || !q.next())
        return m_db.afterFailure(
            m_db.statementFailed(QStringLiteral("The signal was not queued"), q.lastError()));
    const auto id = static_cast<std::int64_t>(q.value(0).toLongLong());
    q.finish();
    return id;
}

Result<std::optional<Signal>> SignalQueue::claimNext(const std::string &dispatcherId) {
    if (auto r = m_db.ready(QStringLiteral("No signal could be claimed")); !r)
        return r.error();
    const QString pick =
        QStringLiteral("SELECT %1 FROM dispatch_recommendations WHERE status = 'PENDING' "
                       "ORDER BY created_at, id LIMIT 1")
            .arg(QLatin1String(kSignalColumns)) +
        (m_db.isPostgreSQL() ? QStringLiteral(" FOR UPDATE SKIP LOCKED") : QString());
    // Rows written by outside engines may be malformed: those are marked FAILED and skipped.
    for (int attempt = 0; attempt < 1000; ++attempt) {
        if (auto b = m_db.begin(); !b)
            return m_db.afterFailure(b.error());
        Signal s;
        bool valid = false;
        {
            QSqlQuery &q = m_db.prepared(pick);
            if (!q.exec())
                return m_db.afterFailure(m_db.statementFailed(
                    QStringLiteral("No signal could be claimed"), q.lastError()));
            if (!q.next()) {
                q.finish();
                if (auto c = m_db.commit(); !c)
                    return m_db.afterFailure(c.error());
                return std::optional<Signal>{};
            }
            s = readSignal(q);
            valid = isValid(s, q.value(2), q.value(3));
            q.finish();
        }
        QSqlQuery &u =
            valid ? m_db.prepared(QStringLiteral("UPDATE dispatch_recommendations SET status = "
                                                 "'CLAIMED', claimed_by = ?, claimed_at = ?, "
                                                 "heartbeat_at = %1, lease_expires_at = %2 "
                                                 "WHERE id = ?")
                                      .arg(nowSql(), leaseExpirySql()))
                  : m_db.prepared(QStringLiteral("UPDATE dispatch_recommendations SET status = "
                                                 "'FAILED', error = ? WHERE id = ?"));
        if (valid) {
            s.status = SignalStatus::Claimed;
            s.claimedBy = dispatcherId;
            s.error.clear();
            u.bindValue(0, sql::requiredText(dispatcherId));
            u.bindValue(1, sql::time(SystemClock().now()));
            u.bindValue(2, QVariant::fromValue<qlonglong>(s.id));
        } else {
            u.bindValue(0, sql::requiredText(s.error));
            u.bindValue(1, QVariant::fromValue<qlonglong>(s.id));
        }
        if (!u.exec())
            return m_db.afterFailure(
                m_db.statementFailed(QStringLiteral("No signal could be claimed"), u.lastError()));
        if (auto c = m_db.commit(); !c)
            return m_db.afterFailure(c.error());
        if (valid)
            return std::optional<Signal>{s};
        qCWarning(lcStorage).noquote()
            << "Signal" << s.id << "marked FAILED:" << QString::fromStdString(s.error);
    }
    return std::optional<Signal>{};
}

Result<bool> SignalQueue::claim(std::int64_t id, const std::string &dispatcherId) {
    if (auto r = m_db.ready(QStringLiteral("The signal could not be claimed")); !r)
        return r.error();
    // One statement: of two consoles claiming the same PENDING row, exactly one changes it.
    QSqlQuery &q = m_db.prepared(QStringLiteral("UPDATE dispatch_recommendations SET status = "
                                                "'CLAIMED', claimed_by = ?, claimed_at = ?, "
                                                "heartbeat_at = %1, lease_expires_at = %2 "
                                                "WHERE id = ? AND status = 'PENDING'")
                                     .arg(nowSql(), leaseExpirySql()));
    q.bindValue(0, sql::requiredText(dispatcherId));
    q.bindValue(1, sql::time(SystemClock().now()));
    q.bindValue(2, QVariant::fromValue<qlonglong>(id));
    if (!q.exec())
        return m_db.afterFailure(
            m_db.statementFailed(QStringLiteral("The signal could not be claimed"), q.lastError()));
    return q.numRowsAffected() == 1;
}

Result<bool> SignalQueue::release(std::int64_t id, const std::string &claimedBy) {
    if (auto r = m_db.ready(QStringLiteral("The signal claim could not be released")); !r)
        return r.error();
    QSqlQuery &q = m_db.prepared(
        QStringLiteral("UPDATE dispatch_recommendations SET status = 'PENDING', claimed_by = NULL, "
                       "claimed_at = NULL, heartbeat_at = NULL, lease_expires_at = NULL "
                       "WHERE id = ? AND status = 'CLAIMED' AND claimed_by = ?"));
    q.bindValue(0, QVariant::fromValue<qlonglong>(id));
    q.bindValue(1, sql::requiredText(claimedBy));
    if (!q.exec())
        return m_db.afterFailure(m_db.statementFailed(
            QStringLiteral("The signal claim could not be released"), q.lastError()));
    return q.numRowsAffected() == 1;
}

void SignalQueue::setLeaseSeconds(int seconds) {
    m_leaseSeconds = std::max(seconds, 1);
}

QString SignalQueue::nowSql() const {
    return m_db.isPostgreSQL() ? QStringLiteral("now()")
                               : QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");
}

QString SignalQueue::leaseExpirySql() const {
    return m_db.isPostgreSQL()
               ? QStringLiteral("now() + make_interval(secs => %1)").arg(m_leaseSeconds)
               : QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+%1 seconds')")
                     .arg(m_leaseSeconds);
}

Result<int> SignalQueue::heartbeat(const std::string &holder) {
    if (auto r = m_db.ready(QStringLiteral("The signal claims could not be renewed")); !r)
        return r.error();
    QSqlQuery &q = m_db.prepared(QStringLiteral("UPDATE dispatch_recommendations SET "
                                                "heartbeat_at = %1, lease_expires_at = %2 "
                                                "WHERE status = 'CLAIMED' AND claimed_by = ?")
                                     .arg(nowSql(), leaseExpirySql()));
    q.bindValue(0, sql::requiredText(holder));
    if (!q.exec())
        return m_db.afterFailure(m_db.statementFailed(
            QStringLiteral("The signal claims could not be renewed"), q.lastError()));
    return q.numRowsAffected();
}

Result<int> SignalQueue::releaseExpired() {
    if (auto r = m_db.ready(QStringLiteral("Expired signal claims could not be released")); !r)
        return r.error();
    // A claim from before leases (no expiry) lives the default lease from its claimed_at.
    const QString expiry =
        m_db.isPostgreSQL()
            ? QStringLiteral("COALESCE(lease_expires_at, claimed_at + make_interval(secs => %1))")
                  .arg(kDefaultLeaseSeconds)
            : QStringLiteral("COALESCE(lease_expires_at, strftime('%Y-%m-%dT%H:%M:%fZ', "
                             "claimed_at, '+%1 seconds'))")
                  .arg(kDefaultLeaseSeconds);
    QSqlQuery &q = m_db.prepared(
        QStringLiteral("UPDATE dispatch_recommendations SET status = 'PENDING', claimed_by = NULL, "
                       "claimed_at = NULL, heartbeat_at = NULL, lease_expires_at = NULL "
                       "WHERE status = 'CLAIMED' AND (claimed_at IS NULL OR %1 < %2)")
            .arg(expiry, nowSql()));
    if (!q.exec())
        return m_db.afterFailure(m_db.statementFailed(
            QStringLiteral("Expired signal claims could not be released"), q.lastError()));
    const int n = q.numRowsAffected();
    if (n > 0)
        qCInfo(lcStorage) << n << "signal claims whose lease expired released to the queue";
    return n;
}

Result<Unit> SignalQueue::reserveIdsThrough(std::int64_t id) {
    const QString what = QStringLiteral("Signal ids could not be moved past %1").arg(id);
    if (auto r = m_db.ready(what); !r)
        return r.error();
    // BIGSERIAL's sequence on PostgreSQL, AUTOINCREMENT's sqlite_sequence row on SQLite (none
    // until the first insert): raised to `id`, never lowered.
    const QStringList statements =
        m_db.isPostgreSQL()
            ? QStringList{QStringLiteral(
                  "SELECT setval('dispatch_recommendations_id_seq', GREATEST(:id, "
                  "(SELECT last_value FROM dispatch_recommendations_id_seq)))")}
            : QStringList{
                  QStringLiteral("UPDATE sqlite_sequence SET seq = :id WHERE name = "
                                 "'dispatch_recommendations' AND seq < :id"),
                  QStringLiteral("INSERT INTO sqlite_sequence (name, seq) SELECT "
                                 "'dispatch_recommendations', :id WHERE NOT EXISTS (SELECT 1 "
                                 "FROM sqlite_sequence WHERE name = 'dispatch_recommendations')")};
    for (const QString &sqlText : statements) {
        QSqlQuery &q = m_db.prepared(sqlText);
        q.bindValue(QStringLiteral(":id"), static_cast<qlonglong>(id));
        if (!q.exec())
            return m_db.afterFailure(m_db.statementFailed(what, q.lastError()));
        q.finish();
    }
    return Unit{};
}

Result<Unit> SignalQueue::finish(std::int64_t id, SignalStatus status,
                                 std::optional<std::int64_t> executionId, const std::string &error,
                                 const std::vector<std::string> &holders) {
    if (auto r = m_db.ready(QStringLiteral("The signal was not updated")); !r)
        return r.error();
    QStringList marks;
    for (std::size_t i = 0; i < holders.size(); ++i)
        marks << QStringLiteral("?");
    const QString mine = holders.empty()
                             ? QStringLiteral("status = 'PENDING'")
                             : QStringLiteral("(status = 'PENDING' OR (status = 'CLAIMED' AND "
                                              "claimed_by IN (%1)))")
                                   .arg(marks.join(QStringLiteral(", ")));
    // Back to PENDING releases the claim so another dispatcher may take it.
    QSqlQuery &q = m_db.prepared(
        (status == SignalStatus::Pending
             ? QStringLiteral(
                   "UPDATE dispatch_recommendations SET status = ?, execution_id = ?, "
                   "error = ?, claimed_by = NULL, claimed_at = NULL, heartbeat_at = NULL, "
                   "lease_expires_at = NULL WHERE id = ? AND ")
             : QStringLiteral("UPDATE dispatch_recommendations SET status = ?, execution_id = ?, "
                              "error = ? WHERE id = ? AND ")) +
        mine);
    q.bindValue(0, QString::fromLatin1(toString(status)));
    q.bindValue(1, sql::integer(executionId));
    q.bindValue(2, sql::textOrNull(error));
    q.bindValue(3, QVariant::fromValue<qlonglong>(id));
    for (std::size_t i = 0; i < holders.size(); ++i)
        q.bindValue(static_cast<int>(4 + i), sql::requiredText(holders[i]));
    if (!q.exec())
        return m_db.afterFailure(
            m_db.statementFailed(QStringLiteral("The signal was not updated"), q.lastError()));
    if (q.numRowsAffected() == 1)
        return Unit{};
    // Not ours any more: say whose, or that it is done.
    const auto now = byId(id);
    if (!now)
        return now.error();
    if (!now->has_value())
        return m_db.fail(QStringLiteral("Signal %1 does not exist").arg(id));
    const Signal &s = **now;
    if (s.status == SignalStatus::Claimed)
        return m_db.fail(
            QStringLiteral("Signal %1 is now held by %2 (this console's claim ran "
                           "out): left to it, not marked %3")
                .arg(id)
                .arg(QString::fromStdString(s.claimedBy), QString::fromLatin1(toString(status))));
    return m_db.fail(
        QStringLiteral("Signal %1 is already %2: left as it is, not marked %3")
            .arg(id)
            .arg(QString::fromLatin1(toString(s.status)), QString::fromLatin1(toString(status))));
}

Result<std::vector<Signal>> SignalQueue::list(int limit) const {
    return select({}, {}, QStringLiteral("created_at DESC, id DESC"), limit > 0 ? limit : 100);
}

Result<std::vector<Signal>> SignalQueue::claimed() const {
    return select(QStringLiteral("status = 'CLAIMED'"), {}, QStringLiteral("created_at, id"), 0);
}

Result<std::optional<Signal>> SignalQueue::byId(std::int64_t id) const {
    auto rows = select(QStringLiteral("id = ?"), QVariant::fromValue<qlonglong>(id), {}, 1);
    if (!rows)
        return rows.error();
    if (rows->empty())
        return std::optional<Signal>{};
    return std::optional<Signal>{rows->front()};
}

Result<std::vector<Signal>> SignalQueue::select(const QString &where, const QVariant &value,
                                                const QString &order, int limit) const {
    if (auto r = m_db.ready(QStringLiteral("Signals cannot be listed")); !r)
        return r.error();
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    QString statement = QStringLiteral("SELECT %1 FROM dispatch_recommendations")
                            .arg(QLatin1String(kSignalColumns));
    if (!where.isEmpty())
        statement += QStringLiteral(" WHERE ") + where;
    if (!order.isEmpty())
        statement += QStringLiteral(" ORDER BY ") + order;
    if (limit > 0)
        statement += QStringLiteral(" LIMIT %1").arg(limit);
    q.prepare(statement);
    if (value.isValid())
        q.addBindValue(value);
    if (!q.exec())
        return m_db.afterFailure(
            m_db.statementFailed(QStringLiteral("Could not read the signals"), q.lastError()));
    std::vector<Signal> out;
    while (q.next())
        out.push_back(readSignal(q));
    return out;
}

} // namespace cg
