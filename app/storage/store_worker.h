#pragma once
// Store calls off the GUI thread. A worker QThread owns its own connection to the execution
// database (an ExecutionStore opened there) and runs the jobs it is given in order; each answer
// comes back as a Result on the caller's thread by a queued call. A statement that never returns
// (PostgreSQL stopped, a network partition) then holds the worker, never the window.
//
// It also watches the database for the window: a ping every probe interval on the worker; a job
// (the ping included) unanswered for longer than the stall limit, or a ping refused, means
// "Database unreachable, N records in the outbox" (statusChanged). While unreachable the GUI
// thread's own store is put into Outbox health, so its writes go to the local outbox instead of
// the network, and it reconnects when the database answers again, a ping or any job done on a
// connection that still holds (then the outbox drains). The
// GUI store's own reconnection attempts are switched off: a connection attempt to a stopped
// server would block its thread until connect_timeout.

#include "domain/result.h"
#include "storage/store_runner.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <utility>

class QThread;

namespace cg {

class ExecutionStore;

class StoreWorker : public QObject, public StoreRunner {
    Q_OBJECT
public:
    struct Options {
        int probeMs = 2000; // ping the database this often
        int stallMs = 5000; // a job unanswered this long: the database is unreachable
    };

    // `guiStore` is the caller's own store (open, on this thread); it must outlive the worker.
    explicit StoreWorker(ExecutionStore &guiStore, QObject *parent = nullptr);
    StoreWorker(ExecutionStore &guiStore, Options options, QObject *parent = nullptr);
    // Waits for the job in flight: a worker stuck on a stopped server holds the exit until it
    // answers or its connection breaks.
    ~StoreWorker() override;

    // Opens the worker's connection to `url` (the GUI store's) on the worker thread and starts
    // watching. The outbox is the GUI store's.
    void start(const QString &url);

    // Runs `job` on the worker's store, after the jobs before it (run<T>() is built on it).
    void post(Job job, QObject *context) override;

    bool isReachable() const { return m_reachable; }
    bool reachable() const override { return m_reachable; }
    // "" while all is well; "Database unreachable, 3 records in the outbox"; the GUI store's
    // health message while it keeps records in the outbox for another reason.
    QString statusText() const { return m_status; }
    // Milliseconds the oldest unanswered job has waited (0 when none).
    qint64 oldestWaitMs() const;

Q_SIGNALS:
    void statusChanged(const QString &text);
    void reachableChanged(bool reachable);

private:
    class Host;
    void probe();
    void onPingAnswered(bool ok, const QString &reason);
    void onDatabaseAnswered();
    void updateStatus();

    ExecutionStore &m_guiStore;
    Options m_options;
    QThread *m_thread = nullptr;
    Host *m_host = nullptr; // lives on m_thread
    QTimer m_probe;
    std::map<std::uint64_t, QElapsedTimer> m_waiting; // jobs posted, not yet answered
    std::uint64_t m_nextJob = 1;
    QElapsedTimer m_sincePing;
    bool m_pingInFlight = false;
    bool m_reachable = true;
    QString m_reason;
    QString m_status;
};

} // namespace cg
