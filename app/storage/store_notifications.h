#pragma once
// PostgreSQL LISTEN/NOTIFY for the dispatcher: a trigger (schema version 7) notifies
// "chaingate_signals" whenever a signal becomes PENDING (an outside engine's INSERT included) and
// "chaingate_state" when kept state (the kill switch) changes. This object listens on a connection
// of its own, so no statement of the store ever reads a notification off its socket, and
// reconnects when that connection is lost (a restart of PostgreSQL), saying then that signals may
// be pending. On SQLite it listens to nothing: the timer is the only trigger there.

#include <QObject>
#include <QSqlDriver>
#include <QString>
#include <QTimer>

namespace cg {

class StoreConnection;

class StoreNotifications : public QObject {
    Q_OBJECT
public:
    static constexpr const char *kSignalsChannel = "chaingate_signals";
    static constexpr const char *kStateChannel = "chaingate_state";

    explicit StoreNotifications(StoreConnection &store, QObject *parent = nullptr);
    ~StoreNotifications() override;

    // PostgreSQL, and subscribed to both channels now.
    bool isListening() const;

Q_SIGNALS:
    // A signal may be waiting: dispatch now instead of at the next tick.
    void signalsPending();
    // Another console changed kept state (e.g. the kill switch): re-read it.
    void stateChanged();

private:
    void check();
    bool subscribe();
    void onNotification(const QString &name, QSqlDriver::NotificationSource source,
                        const QVariant &payload);

    StoreConnection &m_store;
    QString m_connection; // empty until the store is PostgreSQL and open
    QTimer m_check;       // the listening connection is alive, or re-made
    bool m_listening = false;
};

} // namespace cg
