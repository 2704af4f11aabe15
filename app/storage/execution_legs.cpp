#include "storage/execution_legs.h"

#include "storage/sql_util.h"
#include "storage/store_connection.h"

#include <QSqlError>
#include <QSqlQuery>

namespace cg {

namespace {

const QString kNotSaved = QStringLiteral("The strategy's legs were not recorded");
const QString kNotRead = QStringLiteral("The strategy's legs cannot be read");

std::optional<std::int64_t> whole(int v) {
    return std::int64_t{v};
}

} // namespace

ExecutionLegs::ExecutionLegs(StoreConnection &connection)
    : m_db(connection) {}

Result<Unit> ExecutionLegs::recordLegs(const std::string &executionUid,
                                       const std::vector<ExecutionLegRecord> &legs) {
    if (auto r = m_db.ready(kNotSaved); !r)
        return r;
    if (executionUid.empty())
        return m_db.fail(kNotSaved + QStringLiteral(": the execution has no uid"));
    if (auto b = m_db.begin(); !b)
        return b;
    QSqlQuery del(m_db.database());
    del.prepare(QStringLiteral("DELETE FROM execution_leg WHERE execution_uid = ?"));
    del.addBindValue(sql::requiredText(executionUid));
    if (!del.exec()) {
        const QSqlError e = del.lastError();
        return m_db.afterFailure(m_db.statementFailed(kNotSaved, e));
    }
    QSqlQuery ins(m_db.database());
    ins.prepare(QStringLiteral(
        "INSERT INTO execution_leg (execution_uid, leg_index, option_symbol, option_type, strike, "
        "expiry, side, ratio_qty, position_intent, bid, ask, mid, delta, gamma, theta, vega, iv, "
        "fill_price) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const ExecutionLegRecord &l : legs) {
        const QVariantList values{sql::requiredText(executionUid),
                                  sql::integer(whole(l.legIndex)),
                                  sql::requiredText(l.optionSymbol),
                                  sql::textOrNull(l.optionType),
                                  sql::number(l.strike),
                                  sql::textOrNull(l.expiry),
                                  sql::requiredText(l.side),
                                  sql::integer(whole(l.ratioQty)),
                                  sql::textOrNull(l.positionIntent),
                                  sql::number(l.bid),
                                  sql::number(l.ask),
                                  sql::number(l.mid),
                                  sql::number(l.delta),
                                  sql::number(l.gamma),
                                  sql::number(l.theta),
                                  sql::number(l.vega),
                                  sql::number(l.iv),
                                  sql::number(l.fillPrice)};
        for (int i = 0; i < values.size(); ++i)
            ins.bindValue(i, values[i]);
        if (!ins.exec()) {
            const QSqlError e = ins.lastError();
            return m_db.afterFailure(m_db.statementFailed(kNotSaved, e));
        }
    }
    return m_db.commit();
}

Result<std::vector<ExecutionLegRecord>> ExecutionLegs::legs(const std::string &executionUid) const {
    StoreConnection &db = m_db; // a reference member: reading may update its health
    if (auto r = db.ready(kNotRead); !r)
        return r.error();
    QSqlQuery q(db.database());
    q.prepare(QStringLiteral(
        "SELECT leg_index, option_symbol, option_type, strike, expiry, side, ratio_qty, "
        "position_intent, bid, ask, mid, delta, gamma, theta, vega, iv, fill_price "
        "FROM execution_leg WHERE execution_uid = ? ORDER BY leg_index"));
    q.addBindValue(sql::requiredText(executionUid));
    if (!q.exec())
        return db.afterFailure(db.statementFailed(kNotRead, q.lastError()));
    std::vector<ExecutionLegRecord> out;
    while (q.next()) {
        ExecutionLegRecord l;
        l.legIndex = static_cast<int>(sql::toInt64(q.value(0)).value_or(0));
        l.optionSymbol = sql::toStdString(q.value(1));
        l.optionType = sql::toStdString(q.value(2));
        l.strike = sql::toDouble(q.value(3));
        l.expiry = sql::toStdString(q.value(4));
        l.side = sql::toStdString(q.value(5));
        l.ratioQty = static_cast<int>(sql::toInt64(q.value(6)).value_or(1));
        l.positionIntent = sql::toStdString(q.value(7));
        l.bid = sql::toDouble(q.value(8));
        l.ask = sql::toDouble(q.value(9));
        l.mid = sql::toDouble(q.value(10));
        l.delta = sql::toDouble(q.value(11));
        l.gamma = sql::toDouble(q.value(12));
        l.theta = sql::toDouble(q.value(13));
        l.vega = sql::toDouble(q.value(14));
        l.iv = sql::toDouble(q.value(15));
        l.fillPrice = sql::toDouble(q.value(16));
        out.push_back(std::move(l));
    }
    return out;
}

Result<Unit> ExecutionLegs::updateLegFill(const std::string &executionUid,
                                          const std::string &optionSymbol, double fillPrice) {
    if (auto r = m_db.ready(kNotSaved); !r)
        return r;
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral(
        "UPDATE execution_leg SET fill_price = ? WHERE execution_uid = ? AND option_symbol = ?"));
    q.addBindValue(sql::number(fillPrice));
    q.addBindValue(sql::requiredText(executionUid));
    q.addBindValue(sql::requiredText(optionSymbol));
    if (!q.exec())
        return m_db.afterFailure(m_db.statementFailed(kNotSaved, q.lastError()));
    return Unit{};
}

} // namespace cg
