#pragma once
// The kill switch: once engaged, no new order goes out, the timer stops (AutoDispatcher listens
// to `changed`) and every open order is cancelled. Its state is persisted, so it survives a
// restart until someone releases it.

#include "broker/broker.h"
#include "domain/result.h"

#include <QObject>
#include <QString>

#include <functional>
#include <optional>
#include <string>

namespace cg {

// Where the switch's state lives (the execution store's key/value state in production).
struct KillSwitchPersistence {
    std::function<Result<std::optional<std::string>>()> load;
    std::function<Result<Unit>(const std::string &value)> save;
};

class KillSwitch : public QObject {
    Q_OBJECT
public:
    KillSwitch(Broker &broker, KillSwitchPersistence persistence, QObject *parent = nullptr);

    // Reads the persisted state; an unreadable state counts as engaged (fail safe).
    Result<Unit> load();
    // Re-reads the state another console may have changed; keeps the current state when it
    // cannot be read (a passing database outage must not release or engage it).
    Result<Unit> refresh();
    bool engaged() const { return m_engaged; }
    QString reason() const { return m_reason; }

    // Engages (persisting first, so a crash right after still finds it on), then cancels every
    // open order. `done` gets how many orders were cancelled, or the first error.
    void engage(const QString &reason, std::function<void(Result<int>)> done = {});
    Result<Unit> release();

Q_SIGNALS:
    void changed(bool engaged, const QString &reason);
    void openOrdersCancelled(int count);

private:
    void apply(const std::string &value);
    void cancelOpenOrders(std::function<void(Result<int>)> done);

    Broker &m_broker;
    KillSwitchPersistence m_persistence;
    bool m_engaged = false;
    QString m_reason;
};

} // namespace cg
