#pragma once
// The kill switch: once engaged, no new order goes out, the timer stops (AutoDispatcher listens
// to `changed`) and the book's open orders are cancelled (every open order on the account when
// the trader asks). Its state is persisted, so it survives a restart until someone releases it.
// It cannot be lost: engaged but not saved, it stays engaged in this process whatever the store
// says, and saving is retried (with backoff) until it succeeds.

#include "broker/broker.h"
#include "domain/result.h"

#include <QObject>
#include <QString>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace cg {

struct CancelOutcome;

// Where the switch's state lives (the execution store's key/value state in production).
struct KillSwitchPersistence {
    std::function<Result<std::optional<std::string>>()> load;
    std::function<Result<Unit>(const std::string &value)> save;
};

// Optional, the window's: refresh() reads and engage() saves off this thread, the answer coming
// back on it (Dispatcher::setStoreRunner); so does release(done). load() stays synchronous.
struct KillSwitchLaterPersistence {
    std::function<void(std::function<void(Result<std::optional<std::string>>)> done)> load;
    std::function<void(const std::string &value, std::function<void(Result<Unit>)> done)> save;
};

class KillSwitch : public QObject {
    Q_OBJECT
public:
    // Which open orders engaging cancels: the book's own (client order id prefix), or every
    // open order on the account, the trader's other orders included.
    enum class CancelScope { OwnOrders, AllOrders };
    // Runs `retry` once after `delay`. A single-shot QTimer by default; tests run it themselves.
    using RetryTimer =
        std::function<void(std::chrono::milliseconds delay, std::function<void()> retry)>;
    static constexpr std::chrono::milliseconds kFirstRetry{1000};
    static constexpr std::chrono::milliseconds kMaxRetry{60000};

    KillSwitch(Broker &broker, KillSwitchPersistence persistence, QObject *parent = nullptr);

    void setRetryTimer(RetryTimer timer);
    // Where the state lives; tests replace it (a store that cannot be written).
    void setPersistence(KillSwitchPersistence persistence) {
        m_persistence = std::move(persistence);
    }
    void setLaterPersistence(KillSwitchLaterPersistence later) { m_later = std::move(later); }
    // Which orders are the book's own (default: any ChainGate client order id, "cg-").
    void setOwnOrders(std::function<bool(const Order &)> isOwn);

    // Reads the persisted state; an unreadable state counts as engaged (fail safe).
    Result<Unit> load();
    // The same with a state read elsewhere (the store runner, Dispatcher::start).
    Result<Unit> loaded(const Result<std::optional<std::string>> &state);
    // Re-reads the state another console may have changed; keeps the current state when it
    // cannot be read (a passing database outage must not release or engage it), and never
    // releases a switch engaged here that the store has not got yet.
    Result<Unit> refresh();
    // The same, then `then` once the state is known (at once with a synchronous persistence, and
    // at once, keeping the state, while the store cannot be asked).
    void refresh(std::function<void()> then);
    bool engaged() const { return m_engaged; }
    // Engaged only because its state could not be read (fail safe): the database, not a person,
    // is the reason; false once a read answers or the switch is pulled on purpose.
    bool unreadable() const { return m_unreadable; }
    QString reason() const { return m_reason; }
    // False while the engaged state is not in the store (a restart or another console would
    // not see it); saveError() says why.
    bool saved() const { return m_saveError.isEmpty(); }
    QString saveError() const { return m_saveError; }

    // Engages (persisting first, so a crash right after still finds it on), then cancels the
    // open orders in `scope`. `done` gets how many were cancelled, or the first error (a failed
    // save included: the switch is on in this process and saving is retried).
    void engage(const QString &reason, std::function<void(Result<int>)> done = {},
                CancelScope scope = CancelScope::OwnOrders);
    // Released only once the store has "off". A release the store did not confirm is never
    // kept for later: the switch stays on, the error says so, and "on" is saved again (retried)
    // in case the failed statement reached the store after all; console and store then agree.
    Result<Unit> release();
    // The same with the later persistence (the window's): saved off this thread, released once
    // the store has it; `done` gets the answer (at once with a synchronous persistence). An
    // engage while the save is out wins: the switch stays on and `done` says so.
    void release(std::function<void(Result<Unit>)> done);

    // An order that answered after the switch was pulled (its submit was in flight, or an
    // earlier run sent it): re-reads the state and, engaged, cancels the order if still open.
    void catchLateOrder(const Order &order);

Q_SIGNALS:
    void changed(bool engaged, const QString &reason);
    void saveStateChanged(bool saved, const QString &error);
    void openOrdersCancelled(int count);
    // An order the switch should have cancelled is still open.
    void cancelFailed(const QString &message);

private:
    void apply(const std::string &value);
    void released();
    Error releaseNotSaved(const Error &why);
    void cancelLateOrder(const Order &order);
    void lateOrderCancelled(const Order &order, const CancelOutcome &out);
    void cancelOpenOrders(CancelScope scope, std::function<void(Result<int>)> done);
    void setSaveError(const QString &error);
    void scheduleSaveRetry();
    void retrySave();
    void save(const std::string &value, std::function<void(Result<Unit>)> done);

    Broker &m_broker;
    KillSwitchPersistence m_persistence;
    KillSwitchLaterPersistence m_later;
    RetryTimer m_retryTimer;
    std::function<bool(const Order &)> m_isOwn;
    bool m_engaged = false;
    bool m_unreadable = false;
    QString m_reason;
    QString m_saveError;     // empty: the store has what this process has
    int m_savesInFlight = 0; // engaged here, the store's answer not come yet: never released
    std::chrono::milliseconds m_nextRetry = kFirstRetry;
    quint64 m_saveGeneration = 0; // a retry scheduled before engage/release is void
};

} // namespace cg
