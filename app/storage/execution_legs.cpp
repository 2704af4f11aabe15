#include "storage/execution_legs.h"

#include "storage/execution_leg_row.h"
#include "storage/sql_util.h"
#include "storage/store_connection.h"

#include <QSqlError>
#include <QSqlQuery>

namespace cg {

namespace {

const QString kNotSaved = QStringLiteral("The strategy's legs were not recorded");
const QString kNotRead = QStringLiteral("The strategy's legs cannot be read");

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
    ins.prepare(legrow::insertStatement());
    for (const ExecutionLegRecord &l : legs) {
        const QVariantList values = legrow::keyedValues(executionUid, l);
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
    q.prepare(QStringLiteral("SELECT leg_index, ") + QLatin1String(legrow::kColumns) +
              QStringLiteral(" FROM execution_leg WHERE execution_uid = ? ORDER BY leg_index"));
    q.addBindValue(sql::requiredText(executionUid));
    if (!q.exec())
        return db.afterFailure(db.statementFailed(kNotRead, q.lastError()));
    std::vector<ExecutionLegRecord> out;
    while (q.next()) {
        out.push_back(legrow::read(q, 0));
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
