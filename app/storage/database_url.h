#pragma once
// Where the execution store lives: a parsed "sqlite:…" or "postgresql://…" URL. The password is
// kept only to connect; display() never shows it.

#include "domain/result.h"

#include <QString>

namespace cg {

struct DatabaseUrl {
    enum class Backend { SQLite, PostgreSQL };
    Backend backend = Backend::SQLite;

    QString path; // SQLite: file path, or ":memory:"

    QString host; // PostgreSQL
    int port = 5432;
    QString user;
    QString password;
    QString database;
    QString connectOptions; // libpq options from the query string (sslmode, connect_timeout)

    bool isPostgreSQL() const { return backend == Backend::PostgreSQL; }
    // "postgresql://user@host:port/db" or "sqlite:/path": safe for logs and messages.
    QString display() const;
    // Identifies the target without secrets: the outbox keys its rows on it.
    QString identity() const;
};

// Accepts "sqlite:/path/file.db", "sqlite:///path", "sqlite::memory:", a bare path, and
// "postgresql://user:pass@host:port/db" (also "postgres://"). Errors never contain the password.
Result<DatabaseUrl> parseDatabaseUrl(const QString &url);

// The default SQLite file: the user's data folder (QStandardPaths::AppDataLocation)/chaingate.db.
QString defaultDatabaseUrl();
// The local outbox next to the default database.
QString defaultOutboxPath();

// Replaces every occurrence of the password in text (driver messages may echo connection data).
QString redactSecret(QString text, const QString &secret);

} // namespace cg
