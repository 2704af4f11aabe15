#include "storage/execution_leg_row.h"

#include "storage/sql_util.h"

#include <QSqlQuery>

namespace cg::legrow {

namespace {

QVariant whole(int v) {
    return sql::integer(std::int64_t{v});
}

} // namespace

const QString &insertStatement() {
    static const QString statement = QStringLiteral("INSERT INTO execution_leg (") +
                                     QLatin1String(kColumns) +
                                     QStringLiteral(", execution_uid, leg_index) VALUES (?, ?, ?, "
                                                    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    return statement;
}

QVariantList keyedValues(const std::string &executionUid, const ExecutionLegRecord &l) {
    return {sql::requiredText(l.optionSymbol),
            sql::textOrNull(l.optionType),
            sql::number(l.strike),
            sql::textOrNull(l.expiry),
            sql::requiredText(l.side),
            whole(l.ratioQty),
            sql::textOrNull(l.positionIntent),
            sql::number(l.bid),
            sql::number(l.ask),
            sql::number(l.mid),
            sql::number(l.delta),
            sql::number(l.gamma),
            sql::number(l.theta),
            sql::number(l.vega),
            sql::number(l.iv),
            sql::number(l.fillPrice),
            sql::requiredText(executionUid),
            whole(l.legIndex)};
}

ExecutionLegRecord read(const QSqlQuery &q, int first) {
    const auto at = [&q, first](int i) { return q.value(first + i); };
    ExecutionLegRecord l;
    l.legIndex = static_cast<int>(sql::toInt64(at(0)).value_or(0));
    l.optionSymbol = sql::toStdString(at(1));
    l.optionType = sql::toStdString(at(2));
    l.strike = sql::toDouble(at(3));
    l.expiry = sql::toStdString(at(4));
    l.side = sql::toStdString(at(5));
    l.ratioQty = static_cast<int>(sql::toInt64(at(6)).value_or(1));
    l.positionIntent = sql::toStdString(at(7));
    l.bid = sql::toDouble(at(8));
    l.ask = sql::toDouble(at(9));
    l.mid = sql::toDouble(at(10));
    l.delta = sql::toDouble(at(11));
    l.gamma = sql::toDouble(at(12));
    l.theta = sql::toDouble(at(13));
    l.vega = sql::toDouble(at(14));
    l.iv = sql::toDouble(at(15));
    l.fillPrice = sql::toDouble(at(16));
    return l;
}

} // namespace cg::legrow
