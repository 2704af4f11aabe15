#pragma once
// Versioned schema migrations: one list for both SQL dialects (migrations.cpp), its statements
// written with placeholders for what the dialects spell differently. Each version is applied in
// its own transaction together with its schema_version row, so a crash never leaves half a
// version.

#include "domain/result.h"

#include <QSqlDatabase>
#include <QString>

#include <vector>

namespace cg {

enum class SqlDialect { SQLite, PostgreSQL };

struct Migration {
    int version;
    const char *description;
    std::vector<const char *> statements; // executed in order, each through sqlFor()
};

const std::vector<Migration> &migrations();

// A statement in the dialect: {id} (the primary key), {bigint}, {double}, {timestamp}, {now} (the
// current time as a column default) and {json_column:NAME} (a JSON document column, '{}' by
// default) become each dialect's spelling; the rest stays as written. A statement that starts
// with {postgresql} runs on PostgreSQL only (empty on SQLite).
QString sqlFor(const char *statement, SqlDialect dialect);

// The version this build creates and understands.
int latestSchemaVersion();

// 0 when the database has no schema_version table yet.
Result<int> currentSchemaVersion(QSqlDatabase &db);

// Brings the database to targetVersion (latest by default) and returns the resulting version.
// Safe when several processes open the same database at once (advisory lock on PostgreSQL,
// BEGIN IMMEDIATE on SQLite). Refuses a database newer than this build.
Result<int> migrate(QSqlDatabase &db, SqlDialect dialect,
                    int targetVersion = latestSchemaVersion());

} // namespace cg
