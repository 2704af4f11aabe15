#pragma once
// The local outbox: a small SQLite file that keeps execution writes while their database cannot
// take them (PostgreSQL unreachable; an SQLite file locked, full or failing), in order, until they
// are replayed. Rows are keyed by the target database (without password) so a switch of database
// never replays into the wrong one.

#include "domain/result.h"

#include <QJsonObject>
#include <QString>

#include <vector>

namespace cg {

class Outbox {
public:
    // Completion: an order's intent becoming its execution record (replaces the row by uid).
    enum class Kind { Execution, OrderStatus, Completion, Unknown };
    struct Entry {
        std::int64_t id = 0;
        Kind kind = Kind::Execution;
        QJsonObject payload;
    };

    explicit Outbox(QString path);
    ~Outbox();
    Outbox(const Outbox &) = delete;
    Outbox &operator=(const Outbox &) = delete;

    const QString &path() const { return m_path; }
    Result<Unit> open();
    Result<Unit> append(const QString &target, Kind kind, const QJsonObject &payload);
    // Waiting entries for target, oldest first (entries set aside as failed are not returned).
    Result<std::vector<Entry>> pending(const QString &target, int limit = 500);
    Result<int> count(const QString &target);
    Result<Unit> remove(std::int64_t id);
    // Keeps an entry the database refused for a reason other than an outage, for inspection.
    Result<Unit> setAside(std::int64_t id, const QString &error);

private:
    QString m_path;
    QString m_connection;
};

} // namespace cg
