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
    // The sslmode in force: as given, else "require" off loopback ("prefer" with
    // allow_plaintext=1), else empty (libpq's default on loopback).
    QString sslMode;
    bool plaintextAllowed = false; // allow_plaintext=1: the user accepts no TLS to a remote host

    bool isPostgreSQL() const { return backend == Backend::PostgreSQL; }
    // "postgresql://user@host:port/db" or "sqlite:/path": safe for logs and messages.
    QString display() const;
    // Identifies the target without secrets: the outbox keys its rows on it.
    QString identity() const;
};

// Accepts "sqlite:/path/file.db", "sqlite:///path", "sqlite::memory:", a bare path, and
// "postgresql://user:pass@host:port/db" (also "postgres://"). Errors never contain the password.
// Off loopback PostgreSQL is TLS like Alpaca is https: sslmode=require unless the URL says
// otherwise (verify-full with sslrootcert=FILE checks the server's name too), and a mode that may
// fall back to plain text (disable, allow, prefer) is refused unless the URL adds
// allow_plaintext=1.
Result<DatabaseUrl> parseDatabaseUrl(const QString &url);

// localhost, 127.0.0.0/8, ::1 or a unix socket folder: nothing crosses a network.
bool isLoopbackDatabaseHost(const QString &host);
// require, verify-ca, verify-full: never a plain connection.
bool sslModeEncrypts(const QString &sslMode);
// The sslmode a connection to `host` uses when the URL asks for `requested` (may be empty).
QString effectiveSslMode(const QString &host, const QString &requested, bool plaintextAllowed);

// The default SQLite file: the user's data folder (QStandardPaths::AppDataLocation)/chaingate.db.
QString defaultDatabaseUrl();
// The local outbox next to the default database.
QString defaultOutboxPath();

// Replaces every occurrence of the password in text (driver messages may echo connection data).
QString redactSecret(QString text, const QString &secret);

} // namespace cg
