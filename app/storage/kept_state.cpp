#include "storage/kept_state.h"

#include "storage/sql_util.h"
#include "storage/store_connection.h"

#include <QSqlError>
#include <QSqlQuery>

namespace cg {

KeptState::KeptState(StoreConnection &connection)
    : m_db(connection) {}

Result<Unit> KeptState::write(const std::string &key, const std::string &value,
                              bool onlyOverEmpty) {
    if (auto r = m_db.ready(QStringLiteral("The setting was not saved")); !r)
        return r;
    if (key.empty())
        return m_db.fail(QStringLiteral("A state entry needs a key"));
    const Timestamp now =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral("INSERT INTO engine_state (key, value, updated_at) VALUES (?, ?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                             "updated_at = excluded.updated_at") +
              (onlyOverEmpty ? QStringLiteral(" WHERE engine_state.value = ''") : QString()));
    q.addBindValue(sql::requiredText(key));
    q.addBindValue(sql::requiredText(value));
    q.addBindValue(sql::time(now));
    if (!q.exec())
        return m_db.afterFailure(
            m_db.statementFailed(QStringLiteral("The setting was not saved"), q.lastError()));
    return Unit{};
}

Result<Unit> KeptState::setValue(const std::string &key, const std::string &value) {
    return write(key, value, false);
}

Result<std::string> KeptState::keepFirst(const std::string &key, const std::string &value) {
    if (value.empty())
        return m_db.fail(QStringLiteral("A state entry needs a key and a value"));
    if (auto written = write(key, value, true); !written)
        return written.error();
    auto stored = this->value(key);
    if (!stored)
        return stored.error();
    if (!stored->has_value())
        return m_db.fail(
            QStringLiteral("The setting %1 was not kept").arg(QString::fromStdString(key)));
    return **stored;
}

Result<std::optional<std::string>> KeptState::value(const std::string &key) const {
    if (auto r = m_db.ready(QStringLiteral("The setting cannot be read")); !r)
        return r.error();
    QSqlQuery q(m_db.database());
    q.prepare(QStringLiteral("SELECT value FROM engine_state WHERE key = ?"));
    q.addBindValue(sql::requiredText(key));
    if (!q.exec())
        return m_db.afterFailure(
            m_db.statementFailed(QStringLiteral("The setting cannot be read"), q.lastError()));
    if (!q.next())
        return std::optional<std::string>{};
    return std::optional<std::string>{sql::toStdString(q.value(0))};
}

} // namespace cg
