#include "storage/log.h"
#include "storage/migrations.h"
#include "storage/sql_util.h"

#include <QSqlQuery>
#include <QStringList>

namespace cg {

namespace {

// Any constant: serialises concurrent migrations of one PostgreSQL database.
constexpr qint64 kMigrationLockKey = 0x4367617465; // "Cgate"

Error migrationError(const QString &what) {
    return Error::make("Could not prepare the database schema: " + what.toStdString());
}

} // namespace

int latestSchemaVersion() {
    return migrations().back().version;
}

Result<int> currentSchemaVersion(QSqlDatabase &db) {
    if (!db.tables().contains(QStringLiteral("schema_version")))
        return 0;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version")) ||
        !q.next())
        return migrationError(sql::errorText(q.lastError()));
    return q.value(0).toInt();
}

Result<int> migrate(QSqlDatabase &db, SqlDialect dialect, int targetVersion) {
    const auto &list = migrations();
    const int latest = list.back().version;
    if (targetVersion < 0 || targetVersion > latest)
        return migrationError(QStringLiteral("unknown schema version %1").arg(targetVersion));
    const bool pg = dialect == SqlDialect::PostgreSQL;
    // Up to date already: nothing is created or locked, so a role that may read and write rows
    // but not create tables (PostgreSQL 15's default on `public`) opens the database.
    if (const auto now = currentSchemaVersion(db); now && *now >= targetVersion && *now <= latest)
        return *now;

    for (;;) {
        QString err;
        auto fail = [&](const QString &what) -> Result<int> {
            sql::exec(db, QStringLiteral("ROLLBACK"));
            return migrationError(what);
        };
        if (!sql::exec(db, pg ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE"), &err))
            return migrationError(err);
        if (pg &&
            (!sql::exec(db, QStringLiteral("SET LOCAL client_min_messages TO warning"), &err) ||
             !sql::exec(db,
                        QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kMigrationLockKey),
                        &err)))
            return fail(err);
        const QString createVersionTable =
            sqlFor("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                   "description TEXT NOT NULL, applied_at {timestamp} NOT NULL DEFAULT {now})",
                   dialect);
        if (!sql::exec(db, createVersionTable, &err))
            return fail(err);

        int current = 0;
        {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version")) ||
                !q.next())
                return fail(sql::errorText(q.lastError()));
            current = q.value(0).toInt();
        }
        if (current > latest)
            return fail(QStringLiteral("the database is at schema version %1, newer than this "
                                       "ChainGate understands (%2); upgrade ChainGate")
                            .arg(current)
                            .arg(latest));
        if (current >= targetVersion) {
            if (!sql::exec(db, QStringLiteral("COMMIT"), &err))
                return fail(err);
            return current;
        }

        const Migration &m = list.at(static_cast<std::size_t>(current));
        for (const char *statement : m.statements) {
            const QString text = sqlFor(statement, dialect);
            if (text.isEmpty())
                continue; // the other dialect's statement
            if (!sql::exec(db, text, &err))
                return fail(QStringLiteral("version %1 (%2) failed: %3")
                                .arg(m.version)
                                .arg(QString::fromUtf8(m.description), err));
        }
        {
            QSqlQuery q(db);
            q.prepare(
                QStringLiteral("INSERT INTO schema_version (version, description) VALUES (?, ?)"));
            q.addBindValue(m.version);
            q.addBindValue(QString::fromUtf8(m.description));
            if (!q.exec())
                return fail(sql::errorText(q.lastError()));
        }
        if (!sql::exec(db, QStringLiteral("COMMIT"), &err))
            return fail(err);
        qCInfo(lcStorage) << "Database schema upgraded to version" << m.version << "-"
                          << m.description;
    }
}

} // namespace cg
