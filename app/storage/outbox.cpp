#include "storage/outbox.h"

#include "storage/sql_util.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <atomic>

namespace cg {

namespace {

std::atomic<int> g_outboxConnections{0};

QString kindName(Outbox::Kind k) {
    switch (k) {
    case Outbox::Kind::Execution:
        return QStringLiteral("execution");
    case Outbox::Kind::OrderStatus:
        return QStringLiteral("order_status");
    case Outbox::Kind::Completion:
        return QStringLiteral("execution_completion");
    case Outbox::Kind::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

Outbox::Kind kindOf(const QString &name) {
    for (Outbox::Kind k :
         {Outbox::Kind::Execution, Outbox::Kind::OrderStatus, Outbox::Kind::Completion}) {
        if (name == kindName(k))
            return k;
    }
    return Outbox::Kind::Unknown;
}

Error outboxError(const QString &what) {
    return Error::make("The local outbox could not be used: " + what.toStdString());
}

} // namespace

Outbox::Outbox(QString path)
    : m_path(std::move(path))
    , m_connection(QStringLiteral("cg_outbox_%1").arg(++g_outboxConnections)) {}

Outbox::~Outbox() {
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

Result<Unit> Outbox::open() {
    if (QSqlDatabase::contains(m_connection) &&
        QSqlDatabase::database(m_connection, false).isOpen())
        return Unit{};
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSqlDatabase db = QSqlDatabase::contains(m_connection)
                          ? QSqlDatabase::database(m_connection, false)
                          : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!db.open())
        return outboxError(m_path + QStringLiteral(": ") + sql::errorText(db.lastError()));
    QString err;
    // FULL: an outbox entry is the only copy of that record until it is replayed.
    if (!sql::exec(db, QStringLiteral("PRAGMA journal_mode=WAL"), &err) ||
        !sql::exec(db, QStringLiteral("PRAGMA synchronous=FULL"), &err) ||
        !sql::exec(db,
                   QStringLiteral("CREATE TABLE IF NOT EXISTS outbox ("
                                  "id INTEGER PRIMARY KEY AUTOINCREMENT, "
                                  "target TEXT NOT NULL, kind TEXT NOT NULL, "
                                  "payload TEXT NOT NULL, queued_at TEXT NOT NULL, "
                                  "failed_error TEXT)"),
                   &err)) {
        db.close();
        return outboxError(m_path + QStringLiteral(": ") + err);
    }
    return Unit{};
}

Result<Unit> Outbox::append(const QString &target, Kind kind, const QJsonObject &payload) {
    if (auto r = open(); !r)
        return r;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral(
        "INSERT INTO outbox (target, kind, payload, queued_at) VALUES (?, ?, ?, ?)"));
    q.addBindValue(target);
    q.addBindValue(kindName(kind));
    q.addBindValue(QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)));
    q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    if (!q.exec())
        return outboxError(sql::errorText(q.lastError()));
    return Unit{};
}

Result<std::vector<Outbox::Entry>> Outbox::pending(const QString &target, int limit) {
    if (auto r = open(); !r)
        return r.error();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT id, kind, payload FROM outbox "
                             "WHERE target = ? AND failed_error IS NULL ORDER BY id LIMIT ?"));
    q.addBindValue(target);
    q.addBindValue(limit);
    if (!q.exec())
        return outboxError(sql::errorText(q.lastError()));
    std::vector<Entry> out;
    while (q.next()) {
        Entry e;
        e.id = q.value(0).toLongLong();
        e.kind = kindOf(q.value(1).toString());
        e.payload = QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object();
        out.push_back(std::move(e));
    }
    return out;
}

Result<int> Outbox::count(const QString &target) {
    if (auto r = open(); !r)
        return r.error();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(
        QStringLiteral("SELECT COUNT(*) FROM outbox WHERE target = ? AND failed_error IS NULL"));
    q.addBindValue(target);
    if (!q.exec() || !q.next())
        return outboxError(sql::errorText(q.lastError()));
    return q.value(0).toInt();
}

Result<Unit> Outbox::remove(std::int64_t id) {
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("DELETE FROM outbox WHERE id = ?"));
    q.addBindValue(QVariant::fromValue<qlonglong>(id));
    if (!q.exec())
        return outboxError(sql::errorText(q.lastError()));
    return Unit{};
}

Result<Unit> Outbox::setAside(std::int64_t id, const QString &error) {
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("UPDATE outbox SET failed_error = ? WHERE id = ?"));
    q.addBindValue(error.isEmpty() ? QStringLiteral("refused") : error);
    q.addBindValue(QVariant::fromValue<qlonglong>(id));
    if (!q.exec())
        return outboxError(sql::errorText(q.lastError()));
    return Unit{};
}

} // namespace cg
