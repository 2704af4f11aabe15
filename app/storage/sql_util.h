#pragma once
// Small QtSql helpers shared by the store, the migrator and the outbox.

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QVariant>

#include "domain/quote.h"

#include <optional>
#include <string>

namespace cg::sql {

// One readable line from a driver error (database text first, driver text otherwise).
QString errorText(const QSqlError &e);

// Runs one statement without parameters; on failure stores the error text in *error.
bool exec(QSqlDatabase &db, const QString &statement, QString *error = nullptr);

// Text from the outside world made safe to store everywhere: invalid UTF-8 becomes U+FFFD, and
// so does NUL (PostgreSQL text and JSONB cannot hold it).
QString cleanText(const std::string &bytes);
QString cleanText(const QString &text);

// Bind values: an invalid QVariant is SQL NULL on every driver.
QVariant textOrNull(const std::string &bytes);   // empty -> NULL
QVariant requiredText(const std::string &bytes); // empty -> ''
QVariant number(const std::optional<double> &v); // missing or not finite -> NULL
QVariant integer(const std::optional<std::int64_t> &v);
QVariant time(Timestamp t); // UTC QDateTime (ISO text with ms on SQLite, timestamptz on PostgreSQL)

// Read values back.
std::string toStdString(const QVariant &v); // NULL -> ""
std::optional<double> toDouble(const QVariant &v);
std::optional<std::int64_t> toInt64(const QVariant &v);
Timestamp toTimestamp(const QVariant &v);

} // namespace cg::sql
