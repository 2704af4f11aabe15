#include "storage/database_probe.h"

#include "storage/execution_store.h"

#include <QObject>
#include <QTemporaryDir>
#include <QThread>

#include <memory>

namespace cg {

DatabaseProbe probeDatabase(const QString &url) {
    DatabaseProbe out;
    QTemporaryDir scratch;
    ExecutionStore store;
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
