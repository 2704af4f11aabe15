#include "storage/database_probe.h"

#include "storage/database_url.h"
#include "storage/migrations.h"
#include "storage/store_connection.h"

#include <QFileInfo>
#include <QObject>
#include <QTemporaryDir>
#include <QThread>

#include <memory>

namespace cg {

DatabaseProbe probeDatabase(const QString &url) {
    DatabaseProbe out;
    out.latestSchemaVersion = latestSchemaVersion();
    if (const auto parsed = parseDatabaseUrl(url); parsed && !parsed->isPostgreSQL() &&
                                                   parsed->path != QLatin1String(":memory:") &&
                                                   !QFileInfo(parsed->path).isFile()) {
        out.backendName = QStringLiteral("SQLite");
        out.displayUrl = parsed->display();
        out.missing = true;
        return out;
    }
    QTemporaryDir scratch;
    StoreConnection store; // probe only: nothing created, migrated or replayed
    store.setProbeOnly(true);
    store.setOutboxPath(scratch.filePath(QStringLiteral("outbox.db")));
    const auto opened = store.open(url);
    out.backendName = store.backendName();
    out.displayUrl = store.displayUrl();
    if (!opened) {
        out.problem = QString::fromStdString(opened.error().message);
        return out;
    }
    if (store.health() != StoreHealth::Connected) {
        out.problem =
            QObject::tr("%1 is not answering: %2").arg(out.displayUrl, store.healthMessage());
        return out;
    }
    out.connected = true;
    out.schemaVersion = store.schemaVersion();
    return out;
}

void probeDatabaseAsync(const QString &url, QObject *context,
                        std::function<void(const DatabaseProbe &)> done) {
    auto result = std::make_shared<DatabaseProbe>();
    QThread *thread = QThread::create([url, result] { *result = probeDatabase(url); });
    // finished is queued to context's thread; the connection dies with context.
    QObject::connect(thread, &QThread::finished, context,
                     [result, done = std::move(done)] { done(*result); });
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

} // namespace cg
