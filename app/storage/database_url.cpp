#include "storage/database_url.h"

#include <QDir>
#include <QStandardPaths>
#include <QUrl>
#include <QUrlQuery>

namespace cg {

namespace {

QString dataFolder() {
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.local/share/chaingate");
    return dir;
}

Result<DatabaseUrl> parsePostgreSQL(const QString &text) {
    const QUrl url(text, QUrl::StrictMode);
    // Never echo the URL itself: it may hold the password.
    if (!url.isValid() || url.host().isEmpty())
        return Error::make("The PostgreSQL URL is not valid; expected "
                           "postgresql://user:password@host:port/database");
    DatabaseUrl db;
    db.backend = DatabaseUrl::Backend::PostgreSQL;
    db.host = url.host();
    db.port = url.port(5432);
    if (db.port <= 0 || db.port > 65535)
        return Error::make("The PostgreSQL port must be between 1 and 65535");
    db.user = url.userName();
    db.password = url.password();
    db.database = url.path().mid(1);
    if (db.database.isEmpty())
        return Error::make("The PostgreSQL URL names no database; expected "
                           "postgresql://user:password@host:port/database");
    if (db.database.contains(QLatin1Char('/')))
        return Error::make("The PostgreSQL database name must not contain '/'");

    QStringList options;
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        static const QStringList allowed = {QStringLiteral("sslmode"),
                                            QStringLiteral("connect_timeout"),
                                            QStringLiteral("application_name")};
        if (!allowed.contains(key))
            return Error::make("Unknown PostgreSQL URL option '" + key.toStdString() +
                               "' (known: sslmode, connect_timeout, application_name)");
        if (value.contains(QLatin1Char(';')) || value.contains(QLatin1Char(' ')))
            return Error::make("The PostgreSQL URL option '" + key.toStdString() +
                               "' has an invalid value");
        options << key + QLatin1Char('=') + value;
    }
    // A connection attempt must never hang: libpq waits forever without connect_timeout.
    if (!query.hasQueryItem(QStringLiteral("connect_timeout")))
        options << QStringLiteral("connect_timeout=5");
    db.connectOptions = options.join(QLatin1Char(';'));
    return db;
}

} // namespace

QString DatabaseUrl::display() const {
    if (backend == Backend::SQLite)
        return QStringLiteral("sqlite:") + path;
    QString who = user.isEmpty() ? QString() : user + QLatin1Char('@');
    return QStringLiteral("postgresql://%1%2:%3/%4").arg(who, host).arg(port).arg(database);
}

QString DatabaseUrl::identity() const {
    return display();
}

Result<DatabaseUrl> parseDatabaseUrl(const QString &url) {
    const QString text = url.trimmed();
    if (text.isEmpty())
        return Error::make("No database given");
    if (text.startsWith(QLatin1String("postgresql://")) ||
        text.startsWith(QLatin1String("postgres://")))
        return parsePostgreSQL(text);

    DatabaseUrl db;
    db.backend = DatabaseUrl::Backend::SQLite;
    QString path = text;
    if (path.startsWith(QLatin1String("sqlite:"))) {
        path = path.mid(7);
        if (path.startsWith(QLatin1String("//")))
            path = path.mid(2); // sqlite:///abs/path
    } else if (path.contains(QLatin1String("://"))) {
        return Error::make("Unknown database URL scheme; use sqlite:/path/file.db or "
                           "postgresql://user:password@host:port/database");
    }
    if (path.isEmpty())
        return Error::make("The SQLite URL names no file; use sqlite:/path/file.db");
    db.path = path;
    return db;
}

QString defaultDatabaseUrl() {
    return QStringLiteral("sqlite:") + dataFolder() + "/chaingate.db";
}

QString defaultOutboxPath() {
    return dataFolder() + QStringLiteral("/chaingate-outbox.db");
}

QString redactSecret(QString text, const QString &secret) {
    if (!secret.isEmpty())
        text.replace(secret, QStringLiteral("***"));
    return text;
}

} // namespace cg
