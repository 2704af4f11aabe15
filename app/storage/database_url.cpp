#include "storage/database_url.h"

#include <QDir>
#include <QRegularExpression>
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
    QString sslMode;
    bool plaintextAllowed = false;
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        static const QStringList allowed = {
            QStringLiteral("sslmode"),          QStringLiteral("connect_timeout"),
            QStringLiteral("application_name"), QStringLiteral("sslrootcert"),
            QStringLiteral("sslcert"),          QStringLiteral("sslkey"),
            QStringLiteral("allow_plaintext")};
        if (!allowed.contains(key))
            return Error::make("Unknown PostgreSQL URL option '" + key.toStdString() +
                               "' (known: sslmode, sslrootcert, sslcert, sslkey, "
                               "connect_timeout, application_name, allow_plaintext)");
        if (value.contains(QLatin1Char(';')) || value.contains(QLatin1Char(' ')))
            return Error::make("The PostgreSQL URL option '" + key.toStdString() +
                               "' has an invalid value");
        if (key == QLatin1String("allow_plaintext")) {
            // ChainGate's own: the user accepts an unencrypted connection to a remote host.
            static const QStringList yes = {QStringLiteral("1"), QStringLiteral("true"),
                                            QStringLiteral("yes")};
            static const QStringList no = {QStringLiteral("0"), QStringLiteral("false"),
                                           QStringLiteral("no")};
            if (!yes.contains(value.toLower()) && !no.contains(value.toLower()))
                return Error::make("allow_plaintext in the PostgreSQL URL takes 1 or 0");
            plaintextAllowed = yes.contains(value.toLower());
            continue;
        }
        if (key == QLatin1String("sslmode")) {
            static const QStringList modes = {
                QStringLiteral("disable"),   QStringLiteral("allow"),
                QStringLiteral("prefer"),    QStringLiteral("require"),
                QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
            if (!modes.contains(value))
                return Error::make("sslmode '" + value.left(20).toStdString() +
                                   "' is not one of disable, allow, prefer, require, verify-ca, "
                                   "verify-full");
            sslMode = value;
            continue; // added below, once
        }
        options << key + QLatin1Char('=') + value;
    }
    db.plaintextAllowed = plaintextAllowed;
    db.sslMode = effectiveSslMode(db.host, sslMode, plaintextAllowed);
    if (!isLoopbackDatabaseHost(db.host) && !sslModeEncrypts(db.sslMode) && !plaintextAllowed)
        return Error::make(
            QStringLiteral("Refused: sslmode=%1 to %2 may send the database password and every "
                           "trade unencrypted. Use sslmode=require or verify-full, or add "
                           "allow_plaintext=1 to the URL if this network is yours")
                .arg(db.sslMode, db.host)
                .toStdString());
    if (!db.sslMode.isEmpty())
        options.prepend(QStringLiteral("sslmode=") + db.sslMode);
    // A connection attempt must never hang: libpq waits forever without connect_timeout.
    if (!query.hasQueryItem(QStringLiteral("connect_timeout")))
        options << QStringLiteral("connect_timeout=5");
    db.connectOptions = options.join(QLatin1Char(';'));
    return db;
}

} // namespace

bool isLoopbackDatabaseHost(const QString &host) {
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 ||
        host.startsWith(QLatin1Char('/'))) // a unix socket folder
        return true;
    // Written out rather than QHostAddress: storage does not link QtNetwork.
    static const QRegularExpression v4(QStringLiteral("^127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$"));
    static const QRegularExpression v6(QStringLiteral("^(0{0,4}:){2,7}0{0,3}1$"));
    return v4.match(host).hasMatch() || v6.match(host).hasMatch() || host == QLatin1String("::1");
}

bool sslModeEncrypts(const QString &sslMode) {
    return sslMode == QLatin1String("require") || sslMode == QLatin1String("verify-ca") ||
           sslMode == QLatin1String("verify-full");
}

QString effectiveSslMode(const QString &host, const QString &requested, bool plaintextAllowed) {
    if (!requested.isEmpty())
        return requested;
    if (isLoopbackDatabaseHost(host))
        return {}; // libpq's default (prefer): nothing leaves the machine
    return plaintextAllowed ? QStringLiteral("prefer") : QStringLiteral("require");
}

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
