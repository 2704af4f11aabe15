#include "storage/store_notifications.h"

#include "storage/log.h"
#include "storage/store_connection.h"

#include <QSqlDatabase>

#include <atomic>

namespace cg {

namespace {

std::atomic<int> g_listeners{0};

constexpr int kCheckIntervalMs = 5000;

} // namespace

StoreNotifications::StoreNotifications(StoreConnection &store, QObject *parent)
    : QObject(parent)
    , m_store(store) {
    m_check.setInterval(kCheckIntervalMs);
    connect(&m_check, &QTimer::timeout, this, &StoreNotifications::check);
    // The store reconnected after an outage: so may this connection, at once.
    // The store's health is how a lost LISTEN connection is noticed: a probe of our own would
    // run on this thread and block it on a server that stopped answering (a SIGSTOPped server
    // on loopback never times out). An outage drops the listener; the way back re-subscribes.
    connect(&m_store, &StoreConnection::healthChanged, this, [this](StoreHealth h) {
        if (h != StoreHealth::Connected) {
            if (m_listening)
                qCInfo(lcStorage) << "the database went away; LISTEN resumes when it is back";
            m_listening = false;
        } else if (!m_listening) {
            check();
        }
    });
    if (m_store.isPostgreSQL()) {
        check();
        m_check.start();
    }
}

StoreNotifications::~StoreNotifications() {
    if (!m_connection.isEmpty() && QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

bool StoreNotifications::isListening() const {
    return m_listening;
}

void StoreNotifications::check() {
    if (!m_store.isPostgreSQL() || !m_store.isOpen())
        return;
    // Listening, or the store is away (subscribing would block on it): nothing to do.
    if (m_listening || m_store.health() != StoreHealth::Connected)
        return;
    if (subscribe()) {
        // Anything inserted while not listening was not announced.
        Q_EMIT signalsPending();
    }
}

bool StoreNotifications::subscribe() {
    const QSqlDatabase source = m_store.database();
    if (!source.isValid())
        return false;
    if (m_connection.isEmpty())
        m_connection = QStringLiteral("cg_listen_%1").arg(++g_listeners);
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
    QSqlDatabase db = QSqlDatabase::cloneDatabase(source, m_connection);
    if (!db.open())
        return false;
    QSqlDriver *driver = db.driver();
    if (!driver->hasFeature(QSqlDriver::EventNotifications))
        return false;
    for (const char *channel : {kSignalsChannel, kStateChannel}) {
        if (!driver->subscribeToNotification(QString::fromLatin1(channel))) {
            db.close();
            return false;
        }
    }
    connect(driver, &QSqlDriver::notification, this, &StoreNotifications::onNotification,
            Qt::UniqueConnection);
    m_listening = true;
    return true;
}

void StoreNotifications::onNotification(const QString &name, QSqlDriver::NotificationSource,
                                        const QVariant &) {
    if (name == QLatin1String(kSignalsChannel))
        Q_EMIT signalsPending();
    else if (name == QLatin1String(kStateChannel))
        Q_EMIT stateChanged();
}

} // namespace cg
