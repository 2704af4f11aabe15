#include "storage/execution_records.h"

#include "domain/clock.h"

#include "storage/execution_json.h"
#include "storage/execution_leg_row.h"
#include "storage/explain_json.h"
#include "storage/log.h"
#include "storage/sql_util.h"
#include "storage/store_connection.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QUuid>

#include <cmath>
#include <map>

namespace cg {

namespace {

// The columns every insert writes and every read returns, in this order (after id).
constexpr const char *kExecutionColumns =
    "execution_uid, signal_id, ticker, action, instrument_type, execution_mode, strategy, "
    "option_symbol, strike, expiry, qty, limit_price, fill_price, bid, ask, spread_pct, delta, "
    "gamma, theta, vega, iv, open_interest, volume, underlying_price, client_order_id, order_id, "
    "order_status, fallback_reason, explain_json, created_at, slippage, source, greeks_source, "
    "replaces_order_id";
constexpr int kExecutionColumnCount = 34;
constexpr int kExplainColumn = 28; // explain_json: CAST(? AS jsonb) on PostgreSQL
// A completion writes every column but the uid and the creation time, by uid.
constexpr int kUidColumn = 0;
constexpr int kCreatedAtColumn = 29;

// Serialises order intents of every console on a PostgreSQL database (pg_advisory_xact_lock).
constexpr qint64 kOrderIntentLockKey = 0x4367696e74; // "Cgint"

QString insertStatement(const QString &explainMark) {
    QStringList marks;
    for (int i = 0; i < kExecutionColumnCount; ++i)
        marks << (i == kExplainColumn ? explainMark : QStringLiteral("?"));
    return QStringLiteral("INSERT INTO dispatcher_execution (%1) VALUES (%2) "
                          "ON CONFLICT DO NOTHING RETURNING id")
        .arg(QLatin1String(kExecutionColumns), marks.join(QStringLiteral(", ")));
}

QString completionStatement(const QString &explainMark) {
    const QStringList columns = QString::fromLatin1(kExecutionColumns).split(QStringLiteral(", "));
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

// The values of kExecutionColumns, in order.
QVariantList executionValues(const ExecutionRecord &r) {
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
            sql::number(r.slippage),
            QString::fromStdString(r.source.empty() ? std::string("signal") : r.source),
            sql::textOrNull(r.greeksSource),
            sql::textOrNull(r.replacesOrderId)};
}

ExecutionRecord readExecution(const QSqlQuery &q) {
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
    r.source = sql::toStdString(q.value(32));
    if (r.source.empty())
        r.source = "signal";
    r.greeksSource = sql::toStdString(q.value(33));
    r.replacesOrderId = sql::toStdString(q.value(34));
    return r;
}

// A record ready to store: a uid, a creation time and a valid explain_json.
Result<ExecutionRecord> completed(const ExecutionRecord &input) {
    ExecutionRecord r = input;
    if (r.executionUid.empty())
        r.executionUid = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    if (r.createdAt == Timestamp{})
        r.createdAt = SystemClock().now();
    auto explain = normalizeExplainJson(r);
    if (!explain)
        return explain.error();
    r.explainJson = explain->toStdString();
    return r;
}

} // namespace

ExecutionRecords::ExecutionRecords(StoreConnection &connection)
    : m_db(connection) {
    m_db.setReplayer([this](const Outbox::Entry &e) { return replay(e); });
}

// --- the outbox ----------------------------------------------------------------------------------

Result<Unit> ExecutionRecords::replay(const Outbox::Entry &e) {
    if (e.kind == Outbox::Kind::Execution || e.kind == Outbox::Kind::Completion) {
        auto record = executionFromJson(e.payload);
        if (!record)
            return record.error();
        auto id = e.kind == Outbox::Kind::Execution ? insertExecution(*record, /*replay=*/true)
                                                    : upsertExecution(*record, /*replay=*/true);
        if (!id)
            return id.error();
        return Unit{};
    }
    if (e.kind == Outbox::Kind::OrderStatus)
        return applyOrderUpdate(orderUpdateFromJson(e.payload), /*replay=*/true);
    return Error::make("An outbox entry of a kind this ChainGate does not know");
}

Result<std::int64_t> ExecutionRecords::queue(const ExecutionRecord &r, Outbox::Kind kind) {
    if (auto queued =
            m_db.queue(kind, executionToJson(r), QStringLiteral("the execution was NOT recorded"));
        !queued)
        return queued.error();
    return std::int64_t{0};
}

// Writes with `write` (insert or completion), or queues in the outbox when the database cannot be
// written; while the outbox holds records, new ones queue behind them.
template <class Write>
Result<std::int64_t> ExecutionRecords::writeOrQueue(const ExecutionRecord &r, Outbox::Kind kind,
                                                    Write write) {
    if (!m_db.ensureConnected())
        return queue(r, kind);
    auto id = write();
    if (id || !m_db.lastErrorIsOutage())
        return id;
    // PostgreSQL lost in the middle of a run: one immediate attempt to come back. (A locked
    // SQLite file has just been waited for.)
    const QString reason = m_db.outageReason();
    if (m_db.isPostgreSQL() && m_db.tryReconnect()) {
        id = write();
        if (id || !m_db.lastErrorIsOutage())
            return id;
    }
    m_db.enterOutbox(reason);
    return queue(r, kind);
}

// --- writes --------------------------------------------------------------------------------------

// One INSERT statement, hence one transaction on both back ends (autocommit): the row is there
// whole or not at all, in a single round trip. A replay of a record already present is a no-op
// returning its id.
Result<std::int64_t> ExecutionRecords::insertExecution(const ExecutionRecord &r, bool replay) {
    m_db.clearLastError();
    static const QString sqlite = insertStatement(QStringLiteral("?"));
    static const QString postgresql = insertStatement(QStringLiteral("CAST(? AS jsonb)"));
    QSqlQuery &ins = m_db.prepared(m_db.isPostgreSQL() ? postgresql : sqlite);
    const QVariantList values = executionValues(r);
    for (int i = 0; i < values.size(); ++i)
        ins.bindValue(i, values[i]);
    if (!ins.exec()) {
        const QSqlError e = ins.lastError();
        ins.finish();
        return m_db.statementFailed(QStringLiteral("The execution could not be recorded"), e);
    }
    std::int64_t id = 0;
    if (ins.next()) {
        id = ins.value(0).toLongLong();
        ins.finish();
        if (auto legs = writeLegs(r); !legs)
            return legs.error();
    } else {
        ins.finish();
        auto found = existing(r);
        if (!found)
            return found.error();
        id = found->first;
        if (found->second != sql::cleanText(r.executionUid).toStdString() && !replay) {
            return m_db.fail(QStringLiteral("Client order id '%1' is already recorded for another "
                                            "execution (id %2); the execution was not recorded")
                                 .arg(sql::cleanText(r.clientOrderId))
                                 .arg(id));
        }
    }
    return id;
}

// The order's intent (same uid) becomes its execution record; inserted when no row has the uid.
// Idempotent: a replayed completion writes the same values again.
Result<std::int64_t> ExecutionRecords::upsertExecution(const ExecutionRecord &r, bool replay) {
    m_db.clearLastError();
    static const QString sqlite = completionStatement(QStringLiteral("?"));
    static const QString postgresql = completionStatement(QStringLiteral("CAST(? AS jsonb)"));
    QSqlQuery &u = m_db.prepared(m_db.isPostgreSQL() ? postgresql : sqlite);
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
        return m_db.statementFailed(QStringLiteral("The execution could not be recorded"), e);
    }
    if (u.next()) {
        const std::int64_t id = u.value(0).toLongLong();
        u.finish();
        if (auto legs = writeLegs(r); !legs)
            return legs.error();
        return id;
    }
    u.finish();
    return insertExecution(r, replay);
}

// The execution's legs, each by (uid, leg index): written with the intent, rewritten by the
// completion. A fill already recorded (an order update) is kept when the new value has none.
Result<Unit> ExecutionRecords::writeLegs(const ExecutionRecord &r) {
    const QString failed = QStringLiteral("The strategy's legs were not recorded");
    for (const ExecutionLegRecord &l : r.legs) {
        // The leg's columns in legrow::kColumns order, then the key: the UPDATE binds the same.
        const QVariantList values = legrow::keyedValues(r.executionUid, l);
        QSqlQuery &u = m_db.prepared(QStringLiteral(
            "UPDATE execution_leg SET option_symbol = ?, option_type = ?, strike = ?, expiry = ?, "
            "side = ?, ratio_qty = ?, position_intent = ?, bid = ?, ask = ?, mid = ?, delta = ?, "
            "gamma = ?, theta = ?, vega = ?, iv = ?, fill_price = COALESCE(?, fill_price) "
            "WHERE execution_uid = ? AND leg_index = ?"));
        for (int i = 0; i < values.size(); ++i)
            u.bindValue(i, values[i]);
        if (!u.exec()) {
            const QSqlError e = u.lastError();
            u.finish();
            return m_db.statementFailed(failed, e);
        }
        const int updated = u.numRowsAffected();
        u.finish();
        if (updated > 0)
            continue;
        QSqlQuery &ins = m_db.prepared(legrow::insertStatement());
        for (int i = 0; i < values.size(); ++i)
            ins.bindValue(i, values[i]);
        if (!ins.exec()) {
            const QSqlError e = ins.lastError();
            ins.finish();
            return m_db.statementFailed(failed, e);
        }
        ins.finish();
    }
    return Unit{};
}

// A record with legs is written in one transaction with them (the intent's own transaction
// already holds both).
template <class Write>
Result<std::int64_t> ExecutionRecords::withLegs(const ExecutionRecord &r, Write write) {
    if (r.legs.empty())
        return write();
    if (auto b = m_db.begin(); !b)
        return b.error();
    auto id = write();
    if (!id) {
        m_db.rollback();
        return id;
    }
    if (auto c = m_db.commit(); !c)
        return c.error();
    return id;
}

// The id of the row that already holds this execution (same uid or same client order id).
Result<std::pair<std::int64_t, std::string>> ExecutionRecords::existing(const ExecutionRecord &r) {
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral("SELECT id, execution_uid FROM dispatcher_execution "
                             "WHERE execution_uid = ? OR client_order_id = ? "
                             "ORDER BY id LIMIT 1"));
    q.addBindValue(sql::requiredText(r.executionUid));
    q.addBindValue(sql::textOrNull(r.clientOrderId));
    if (!q.exec())
        return m_db.statementFailed(QStringLiteral("Could not read the executions"), q.lastError());
    if (!q.next())
        return m_db.fail(QStringLiteral("The execution was refused by the database for an "
                                        "unknown reason"));
    return std::pair<std::int64_t, std::string>{q.value(0).toLongLong(),
                                                sql::toStdString(q.value(1))};
}

// Orders placed or on their way since `since` (see countOrders).
Result<int> ExecutionRecords::countOrdersSince(Timestamp since) const {
    QSqlQuery &q =
        m_db.prepared(QStringLiteral("SELECT COUNT(*) FROM dispatcher_execution WHERE created_at "
                                     ">= ? AND execution_mode IN (?, ?, ?) "
                                     "AND ((client_order_id IS NOT NULL AND client_order_id <> "
                                     "'') OR (order_id IS NOT NULL AND order_id <> '')) "
                                     "AND (order_status IS NULL OR order_status <> "
                                     "'not_placed') AND (replaces_order_id IS NULL OR "
                                     "replaces_order_id = '')"));
    q.bindValue(0, sql::time(since));
    q.bindValue(1, QString::fromLatin1(toString(ExecutionMode::AlpacaPaper)));
    q.bindValue(2, QString::fromLatin1(toString(ExecutionMode::AlpacaLive)));
    q.bindValue(3, QString::fromLatin1(toString(ExecutionMode::Demo)));
    if (!q.exec() || !q.next()) {
        const QSqlError e = q.lastError();
        q.finish();
        return m_db.statementFailed(QStringLiteral("Could not count today's orders"), e);
    }
    const int n = q.value(0).toInt();
    q.finish();
    return n;
}

// One transaction: the day's orders are counted and the intent written, or nothing. Intents of
// all consoles are serialised (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock).
Result<IntentWrite> ExecutionRecords::insertIntent(const ExecutionRecord &r,
                                                   const OrderCountLimit &limit) {
    m_db.clearLastError();
    if (auto b = m_db.begin(); !b)
        return b.error();
    if (m_db.isPostgreSQL()) {
        QSqlQuery &lock = m_db.prepared(
            QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kOrderIntentLockKey));
        if (!lock.exec()) {
            const QSqlError e = lock.lastError();
            lock.finish();
            return m_db.statementFailed(QStringLiteral("The order's intent could not be recorded"),
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
        m_db.rollback();
        w.limitReached = true;
        return w;
    }
    auto id = insertExecution(r, false);
    if (!id) {
        m_db.rollback();
        return id.error();
    }
    if (auto c = m_db.commit(); !c)
        return c.error();
    w.id = *id;
    return w;
}

// The final status recorded for that order ("" when it has none or is not recorded).
Result<QString> ExecutionRecords::finalStatusOf(const std::string &clientOrderId) {
    QSqlQuery &q = m_db.prepared(QStringLiteral(
        "SELECT order_status FROM dispatcher_execution WHERE client_order_id = ? AND order_status "
        "IN ('filled', 'canceled', 'expired', 'rejected', 'replaced')"));
    q.bindValue(0, sql::requiredText(clientOrderId));
    if (!q.exec())
        return m_db.statementFailed(QStringLiteral("The order status could not be read"),
                                    q.lastError());
    QString status;
    if (q.next())
        status = q.value(0).toString();
    q.finish();
    return status;
}

// One UPDATE for the columns and explain_json. The statement text depends only on which values
// are known (a handful of variants, each prepared once per connection).
Result<Unit> ExecutionRecords::applyOrderUpdate(const OrderUpdate &u, bool replay) {
    m_db.clearLastError();
    const bool pg = m_db.isPostgreSQL();
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
                    << (pg ? QString(expr).replace(
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
        explain("fill_price", QStringLiteral("?"), sql::number(u.fillPrice), "double precision");
    }
    if (known(u.slippage)) {
        sets << QStringLiteral("slippage = ?");
        values << sql::number(u.slippage);
        explain("slippage", QStringLiteral("?"), sql::number(u.slippage), "double precision");
    }
    if (known(u.filledQty))
        explain("filled_qty", QStringLiteral("?"), sql::number(u.filledQty), "double precision");
    if (!u.reason.empty()) {
        const QString reasonAfter = QStringLiteral("COALESCE(NULLIF(fallback_reason, ''), ?)");
        sets << QStringLiteral("fallback_reason = ") + reasonAfter;
        values << sql::requiredText(u.reason);
        explain("fallback_reason", reasonAfter, sql::requiredText(u.reason), "text");
    }
    if (!explainSets.isEmpty()) {
        if (pg) {
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
    // A final status is never replaced by another (a late or repeated event for an order over):
    // the same one may still add what it lacked (a fill price).
    QSqlQuery &q = m_db.prepared(
        QStringLiteral("UPDATE dispatcher_execution SET %1 WHERE client_order_id = ? AND "
                       "(order_status IS NULL OR order_status = ? OR order_status NOT IN "
                       "('filled', 'canceled', 'expired', 'rejected', 'replaced'))")
            .arg(sets.join(QStringLiteral(", "))));
    values << sql::requiredText(u.clientOrderId) << sql::textOrNull(u.status);
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values[i]);
    if (!q.exec())
        return m_db.statementFailed(QStringLiteral("The order status could not be saved"),
                                    q.lastError());
    const int affected = q.numRowsAffected();
    if (affected > 0) {
        for (const OrderUpdate::LegFill &l : u.legFills) {
            QSqlQuery &leg = m_db.prepared(QStringLiteral(
                "UPDATE execution_leg SET fill_price = ? WHERE option_symbol = ? AND "
                "execution_uid IN (SELECT execution_uid FROM dispatcher_execution WHERE "
                "client_order_id = ?)"));
            leg.bindValue(0, l.fillPrice);
            leg.bindValue(1, sql::requiredText(l.optionSymbol));
            leg.bindValue(2, sql::requiredText(u.clientOrderId));
            if (!leg.exec()) {
                const QSqlError e = leg.lastError();
                leg.finish();
                return m_db.statementFailed(QStringLiteral("The legs' fills could not be saved"),
                                            e);
            }
            leg.finish();
        }
    }
    if (affected == 0) {
        if (auto over = finalStatusOf(u.clientOrderId); over && !over->isEmpty()) {
            qCDebug(lcStorage).noquote()
                << "status" << QString::fromStdString(u.status) << "of"
                << sql::cleanText(u.clientOrderId) << "came after" << *over << "and was left out";
            return Unit{};
        }
        if (replay) {
            qCWarning(lcStorage).noquote()
                << "Outbox order status for an unknown client order id was dropped";
            return Unit{};
        }
        return m_db.fail(QStringLiteral("No execution with client order id '%1'")
                             .arg(sql::cleanText(u.clientOrderId)));
    }
    return Unit{};
}

// --- the public API ------------------------------------------------------------------------------

Result<std::int64_t> ExecutionRecords::recordExecution(const ExecutionRecord &input) {
    if (!m_db.isOpen())
        return m_db.fail(QStringLiteral("The execution store is not open"));
    auto r = completed(input);
    if (!r)
        return r.error();
    return writeOrQueue(*r, Outbox::Kind::Execution,
                        [&] { return withLegs(*r, [&] { return insertExecution(*r, false); }); });
}

Result<IntentWrite> ExecutionRecords::recordIntent(const ExecutionRecord &input,
                                                   const OrderCountLimit &limit) {
    if (!m_db.isOpen())
        return m_db.fail(QStringLiteral("The execution store is not open"));
    auto r = completed(input);
    if (!r)
        return r.error();
    // Never the outbox: the database must hold the intent (other consoles count it). Records
    // waiting in the outbox are replayed first, now, or nothing is written.
    if (!m_db.isWritable())
        m_db.tryReconnect();
    if (!m_db.isWritable())
        return m_db.unreachable(QStringLiteral("The order's intent could not be recorded"));
    auto written = insertIntent(*r, limit);
    if (!written)
        return m_db.afterFailure(written.error());
    return written;
}

Result<std::int64_t> ExecutionRecords::completeExecution(const ExecutionRecord &input) {
    if (!m_db.isOpen())
        return m_db.fail(QStringLiteral("The execution store is not open"));
    auto r = completed(input);
    if (!r)
        return r.error();
    return writeOrQueue(*r, Outbox::Kind::Completion,
                        [&] { return withLegs(*r, [&] { return upsertExecution(*r, false); }); });
}

Result<int> ExecutionRecords::countOrders(Timestamp since) const {
    if (auto r = m_db.ready(QStringLiteral("Today's orders cannot be counted")); !r)
        return r.error();
    auto n = countOrdersSince(since);
    if (!n)
        return m_db.afterFailure(n.error());
    return n;
}

Result<Unit> ExecutionRecords::updateOrderStatus(const std::string &clientOrderId,
                                                 const std::string &status,
                                                 std::optional<double> fillPrice) {
    OrderUpdate u;
    u.clientOrderId = clientOrderId;
    u.status = status;
    u.fillPrice = fillPrice;
    return updateOrder(u);
}

Result<Unit> ExecutionRecords::updateOrder(const OrderUpdate &u) {
    if (!m_db.isOpen())
        return m_db.fail(QStringLiteral("The execution store is not open"));
    if (u.clientOrderId.empty())
        return m_db.fail(QStringLiteral("An order status needs a client order id"));
    const QString lost = QStringLiteral("the order status was NOT saved");
    if (!m_db.ensureConnected())
        return m_db.queue(Outbox::Kind::OrderStatus, orderUpdateToJson(u), lost);
    auto done = applyOrderUpdate(u, false);
    if (done || !m_db.lastErrorIsOutage())
        return done;
    m_db.enterOutbox(m_db.outageReason());
    return m_db.queue(Outbox::Kind::OrderStatus, orderUpdateToJson(u), lost);
}

Result<std::vector<ExecutionRecord>> ExecutionRecords::executions(const ExecutionFilter &f) const {
    if (auto r = m_db.ready(QStringLiteral("Executions cannot be listed")); !r)
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
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    q.prepare(statement);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        return m_db.afterFailure(
            m_db.statementFailed(QStringLiteral("Could not read the executions"), q.lastError()));
    std::vector<ExecutionRecord> out;
    while (q.next())
        out.push_back(readExecution(q));
    if (auto legs = readLegs(out); !legs)
        return legs.error();
    return out;
}

// The legs of the multi-leg records among `records` (an option record without a contract of its
// own), in one query; single-leg lists ask nothing.
Result<Unit> ExecutionRecords::readLegs(std::vector<ExecutionRecord> &records) const {
    std::map<std::string, ExecutionRecord *> byUid;
    for (ExecutionRecord &r : records) {
        if (r.instrumentType == "OPTION" && r.optionSymbol.empty())
            byUid[r.executionUid] = &r;
    }
    if (byUid.empty())
        return Unit{};
    QStringList marks;
    for (std::size_t i = 0; i < byUid.size(); ++i)
        marks << QStringLiteral("?");
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT execution_uid, leg_index, ") +
              QLatin1String(legrow::kColumns) +
              QStringLiteral(" FROM execution_leg WHERE execution_uid IN (%1) "
                             "ORDER BY execution_uid, leg_index")
                  .arg(marks.join(QStringLiteral(", "))));
    for (const auto &[uid, r] : byUid)
        q.addBindValue(sql::requiredText(uid));
    if (!q.exec())
        return m_db.afterFailure(m_db.statementFailed(
            QStringLiteral("The strategy's legs cannot be read"), q.lastError()));
    while (q.next()) {
        const auto it = byUid.find(sql::toStdString(q.value(0)));
        if (it == byUid.end())
            continue;
        it->second->legs.push_back(legrow::read(q, 1));
    }
    return Unit{};
}

} // namespace cg
