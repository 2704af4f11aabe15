#include "storage/store_worker.h"

#include "storage/execution_store.h"
#include "storage/log.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>
#include <limits>

namespace cg {

// The worker thread's side: its store is created, used and destroyed on that thread only.
class StoreWorker::Host : public QObject {
public:
    std::unique_ptr<ExecutionStore> store;
};

namespace {

// The GUI store reconnects when a ping says the database answers, never by itself.
constexpr int kNoOwnReconnectMs = std::numeric_limits<int>::max() / 2;

} // namespace

StoreWorker::StoreWorker(ExecutionStore &guiStore, QObject *parent)
    : StoreWorker(guiStore, Options{}, parent) {}

StoreWorker::StoreWorker(ExecutionStore &guiStore, Options options, QObject *parent)
    : QObject(parent)
    , m_guiStore(guiStore)
    , m_options(options)
    , m_thread(new QThread)
    , m_host(new Host) {
    m_thread->setObjectName(QStringLiteral("chaingate-store"));
    m_host->moveToThread(m_thread);
    m_thread->start();
    m_probe.setInterval(std::clamp(std::min(m_options.probeMs, m_options.stallMs / 4), 10, 500));
    connect(&m_probe, &QTimer::timeout, this, &StoreWorker::probe);
    connect(&guiStore, &StoreConnection::healthChanged, this, &StoreWorker::updateStatus);
}

StoreWorker::~StoreWorker() {
    m_probe.stop();
    // The store goes on its own thread, after the jobs before it.
    QMetaObject::invokeMethod(m_host, [host = m_host] { host->store.reset(); });
    m_thread->quit();
    m_thread->wait();
    delete m_host;
    delete m_thread;
}

void StoreWorker::start(const QString &url) {
    const QString outbox = m_guiStore.outboxPath();
    // Opening may wait for connect_timeout (and applies the migrations): on the worker, and not
    // counted as a stall; the watch starts once it is done.
    if (m_guiStore.isPostgreSQL())
        m_guiStore.setReconnectInterval(kNoOwnReconnectMs);
    QMetaObject::invokeMethod(m_host, [this, url, outbox, host = m_host] {
        host->store = std::make_unique<ExecutionStore>();
        host->store->setOutboxPath(outbox);
        if (auto opened = host->store->open(url); !opened)
            qCWarning(lcStorage).noquote() << "The store worker could not open the database:"
                                           << QString::fromStdString(opened.error().message);
        QMetaObject::invokeMethod(this, [this] {
            // Jobs posted meanwhile waited for the opening, not for an answer.
            for (auto &[id, since] : m_waiting)
                since.restart();
            m_probe.start();
            probe();
        });
    });
}

void StoreWorker::post(Job job, QObject *context) {
    const std::uint64_t id = m_nextJob++;
    m_waiting[id].start();
    QPointer<QObject> ctx(context);
    // `this` outlives every job: the destructor waits for the thread.
    QMetaObject::invokeMethod(m_host, [this, host = m_host, job = std::move(job), ctx, id] {
        if (!host->store) // start() was not called: every job answers "not open"
            host->store = std::make_unique<ExecutionStore>();
        std::function<void()> answer = job(*host->store);
        // Still connected after the job: whatever the job asked, the database answered.
        const bool answered = host->store->isOpen() && host->store->isWritable();
        QMetaObject::invokeMethod(this, [this, answer = std::move(answer), ctx, id, answered] {
            m_waiting.erase(id);
            // An answer after a stall proves the database is back before the ping says so: the
            // caller's next step (a claim's count, say) must not be refused as "unreachable".
            if (answered && !m_reachable)
                onDatabaseAnswered();
            if (ctx && answer)
                answer();
        });
    });
}

qint64 StoreWorker::oldestWaitMs() const {
    qint64 oldest = 0;
    for (const auto &[id, since] : m_waiting)
        oldest = std::max(oldest, since.elapsed());
    return oldest;
}

void StoreWorker::probe() {
    if (m_reachable && oldestWaitMs() > m_options.stallMs) {
        m_reachable = false;
        m_reason = tr("no answer for %1 s").arg(oldestWaitMs() / 1000);
        qCWarning(lcStorage).noquote() << "Database unreachable:" << m_reason;
        // Writes on this thread go to the outbox from now on, without touching the network.
        if (m_guiStore.isPostgreSQL() && m_guiStore.health() == StoreHealth::Connected)
            m_guiStore.enterOutbox(m_reason);
        Q_EMIT reachableChanged(false);
    }
    updateStatus();

    if (m_pingInFlight || (m_sincePing.isValid() && m_sincePing.elapsed() < m_options.probeMs))
        return;
    m_sincePing.restart();
    m_pingInFlight = true;
    post(
        [this](ExecutionStore &s) -> std::function<void()> {
            bool ok = false;
            QString reason;
            if (!s.isOpen()) {
                reason = tr("the database is not open");
            } else if (!s.isWritable()) {
                auto r = s.reconnect(); // replays the outbox, off the GUI thread
                ok = bool(r);
                if (!r)
                    reason = s.outageReason();
            } else {
                QSqlQuery q(s.database());
                ok = q.exec(QStringLiteral("SELECT 1"));
                if (!ok) {
                    const Error e = s.afterFailure(s.statementFailed(
                        QStringLiteral("The database did not answer"), q.lastError()));
                    reason = QString::fromStdString(e.message);
                }
            }
            return [this, ok, reason] { onPingAnswered(ok, reason); };
        },
        this);
}

void StoreWorker::onPingAnswered(bool ok, const QString &reason) {
    m_pingInFlight = false;
    if (!ok) {
        if (m_reachable) {
            m_reachable = false;
            m_reason = reason;
            if (m_guiStore.isPostgreSQL() && m_guiStore.health() == StoreHealth::Connected)
                m_guiStore.enterOutbox(reason);
            Q_EMIT reachableChanged(false);
        }
        updateStatus();
        return;
    }
    onDatabaseAnswered();
}

void StoreWorker::onDatabaseAnswered() {
    // The database answers: the GUI store reconnects now (quickly) and replays what waits.
    if (m_guiStore.isPostgreSQL() && m_guiStore.health() == StoreHealth::Outbox)
        (void)m_guiStore.reconnect();
    if (!m_reachable) {
        m_reachable = true;
        m_reason.clear();
        qCInfo(lcStorage).noquote() << "Database reachable again";
        Q_EMIT reachableChanged(true);
    }
    updateStatus();
}

void StoreWorker::updateStatus() {
    QString text;
    if (!m_reachable) {
        const Result<int> n = m_guiStore.outboxSize();
        if (!n)
            text = tr("Database unreachable. %1").arg(QString::fromStdString(n.error().message));
        else
            text = *n == 1 ? tr("Database unreachable, 1 record in the outbox")
                           : tr("Database unreachable, %1 records in the outbox").arg(*n);
    } else if (m_guiStore.health() == StoreHealth::Outbox) {
        text = m_guiStore.healthMessage();
    }
    if (text != m_status) {
        m_status = text;
        Q_EMIT statusChanged(text);
    }
}

} // namespace cg
