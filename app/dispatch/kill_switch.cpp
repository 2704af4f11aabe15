#include "dispatch/kill_switch.h"

#include "dispatch/cancel_outcome.h"
#include "dispatch/decision.h"
#include "dispatch/log.h"
#include "dispatch/open_orders_read.h"

#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <utility>

namespace cg {

namespace {

constexpr char kOff[] = "off";

// "on: <reason>" or "off".
std::string encode(bool engaged, const QString &reason) {
    return engaged ? "on: " + reason.toStdString() : std::string(kOff);
}

} // namespace

KillSwitch::KillSwitch(Broker &broker, KillSwitchPersistence persistence, QObject *parent)
    : QObject(parent)
    , m_broker(broker)
    , m_persistence(std::move(persistence))
    , m_retryTimer([this](std::chrono::milliseconds delay, std::function<void()> retry) {
        QTimer::singleShot(delay, this, std::move(retry));
    })
    , m_isOwn([](const Order &o) { return isBookClientOrderId(o.clientOrderId, {}); }) {}

void KillSwitch::setRetryTimer(RetryTimer timer) {
    m_retryTimer = std::move(timer);
}

void KillSwitch::setOwnOrders(std::function<bool(const Order &)> isOwn) {
    m_isOwn = std::move(isOwn);
}

Result<Unit> KillSwitch::load() {
    if (!m_persistence.load)
        return Unit{};
    return loaded(m_persistence.load());
}

Result<Unit> KillSwitch::loaded(const Result<std::optional<std::string>> &r) {
    if (!r) {
        m_unreadable = true;
        m_engaged = true;
        m_reason = QStringLiteral("kill switch state unreadable: %1")
                       .arg(QString::fromStdString(r.error().message));
        qCWarning(lcDispatch).noquote() << m_reason;
        Q_EMIT changed(true, m_reason);
        return r.error();
    }
    apply(r->value_or(kOff));
    return Unit{};
}

Result<Unit> KillSwitch::refresh() {
    if (m_later.load) {
        refresh(std::function<void()>());
        return Unit{};
    }
    if (!m_persistence.load)
        return Unit{};
    auto r = m_persistence.load();
    if (!r)
        return r.error();
    apply(r->value_or(kOff));
    return Unit{};
}

void KillSwitch::refresh(std::function<void()> then) {
    if (!m_later.load) {
        (void)refresh();
        if (then)
            then();
        return;
    }
    QPointer<KillSwitch> self(this);
    m_later.load([self, then = std::move(then)](Result<std::optional<std::string>> r) {
        if (!self)
            return;
        if (r) // unreadable: the current state is kept
            self->apply(r->value_or(kOff));
        if (then)
            then();
    });
}

void KillSwitch::save(const std::string &value, std::function<void(Result<Unit>)> done) {
    if (m_later.save) {
        ++m_savesInFlight;
        QPointer<KillSwitch> self(this);
        m_later.save(value, [self, done = std::move(done)](Result<Unit> r) {
            if (!self)
                return;
            --self->m_savesInFlight;
            done(std::move(r));
        });
        return;
    }
    done(m_persistence.save ? m_persistence.save(value) : Result<Unit>(Unit{}));
}

void KillSwitch::apply(const std::string &value) {
    m_unreadable = false; // read: on or off is what the store says
    const bool engaged = value.rfind("on", 0) == 0;
    if (engaged == m_engaged)
        return;
    if (!engaged && (!saved() || m_savesInFlight > 0)) {
        // The store never got this engagement: its "off" is older than the trader's pull.
        qCWarning(lcDispatch).noquote()
            << "kill switch stays on: stored as off, but engaged here and not saved yet";
        return;
    }
    m_engaged = engaged;
    m_reason =
        engaged ? QString::fromStdString(value.size() > 4 ? value.substr(4) : "") : QString();
    if (engaged)
        qCWarning(lcDispatch).noquote() << "kill switch is on (set elsewhere):" << m_reason;
    Q_EMIT changed(m_engaged, m_reason);
}

void KillSwitch::engage(const QString &reason, std::function<void(Result<int>)> done,
                        CancelScope scope) {
    const bool wasEngaged = m_engaged;
    m_unreadable = false; // pulled on purpose now
    m_engaged = true;
    m_reason = reason.isEmpty() ? QStringLiteral("engaged by the user") : reason;
    qCWarning(lcDispatch).noquote() << "kill switch engaged:" << m_reason;
    ++m_saveGeneration;
    m_nextRetry = kFirstRetry;
    // Saved first (a crash right after still finds it on), then the open orders are cancelled;
    // with a saver off this thread the cancels do not wait for a database that may not answer.
    struct Pass {
        std::optional<Result<Unit>> saved;
        std::optional<Result<int>> cancelled;
        std::function<void(Result<int>)> done;
    };
    auto pass = std::make_shared<Pass>();
    pass->done = std::move(done);
    const auto finish = [pass] {
        if (!pass->saved || !pass->cancelled || !pass->done)
            return;
        const auto done = std::exchange(pass->done, nullptr);
        if (!*pass->saved)
            return done(Error::make("Kill switch engaged, but not saved (saving is retried; until "
                                    "then a restart or another console does not see it): " +
                                    pass->saved->error().message));
        done(*pass->cancelled);
    };
    QPointer<KillSwitch> self(this);
    const quint64 generation = m_saveGeneration;
    save(encode(true, m_reason), [self, pass, finish, generation](Result<Unit> saved) {
        if (!self)
            return;
        if (generation == self->m_saveGeneration) {
            if (saved) {
                self->setSaveError({});
            } else {
                // Still engaged in this process; the trader must know it may not survive a
                // restart.
                qCCritical(lcDispatch).noquote() << "kill switch could not be saved:"
                                                 << QString::fromStdString(saved.error().message);
                self->setSaveError(QString::fromStdString(saved.error().message));
                self->scheduleSaveRetry();
            }
        }
        pass->saved = std::move(saved);
        finish();
    });
    if (!wasEngaged)
        Q_EMIT changed(true, m_reason);
    cancelOpenOrders(scope, [pass, finish](Result<int> r) {
        pass->cancelled = std::move(r);
        finish();
    });
}

Result<Unit> KillSwitch::release() {
    if (m_persistence.save) {
        auto saved = m_persistence.save(encode(false, {}));
        if (!saved)
            return releaseNotSaved(saved.error());
    }
    released();
    return Unit{};
}

void KillSwitch::released() {
    ++m_saveGeneration; // a pending retry would engage it again
    setSaveError({});
    if (m_engaged) {
        m_engaged = false;
        m_reason.clear();
        qCInfo(lcDispatch) << "kill switch released";
        Q_EMIT changed(false, {});
    }
}

// A release the store did not confirm: the switch stays on here, and the store is told "on"
// again (retried until it takes it). A statement that failed may still have been written (the
// answer lost, not the write), so "off" could be in the store; writing "on" over it brings the
// store back to what this console shows. Stopping again is always safe; releasing is not, so a
// release is never kept for later.
Error KillSwitch::releaseNotSaved(const Error &why) {
    if (m_engaged) {
        qCWarning(lcDispatch).noquote() << "kill switch stays on: the release was not saved:"
                                        << QString::fromStdString(why.message);
        ++m_saveGeneration;
        m_nextRetry = kFirstRetry;
        setSaveError(QString::fromStdString(why.message));
        scheduleSaveRetry();
    }
    return Error::make("the release was not saved, so the kill switch stays on: " + why.message);
}

void KillSwitch::release(std::function<void(Result<Unit>)> done) {
    if (!m_later.save) {
        auto r = release();
        if (done)
            done(std::move(r));
        return;
    }
    QPointer<KillSwitch> self(this);
    const quint64 generation = m_saveGeneration;
    m_later.save(encode(false, {}), [self, generation, done = std::move(done)](Result<Unit> r) {
        if (!self)
            return;
        if (r && generation != self->m_saveGeneration) {
            // Engaged again while "off" was being saved: "on" is saved after it, and stays.
            r = Error::make("the kill switch was engaged again meanwhile");
        } else if (r) {
            self->released();
        } else {
            r = self->releaseNotSaved(r.error());
        }
        if (done)
            done(std::move(r));
    });
}

void KillSwitch::setSaveError(const QString &error) {
    if (error == m_saveError)
        return;
    m_saveError = error;
    Q_EMIT saveStateChanged(m_saveError.isEmpty(), m_saveError);
}

void KillSwitch::scheduleSaveRetry() {
    const std::chrono::milliseconds delay = m_nextRetry;
    m_nextRetry = std::min(m_nextRetry * 2, kMaxRetry);
    QPointer<KillSwitch> self(this);
    const quint64 generation = m_saveGeneration;
    m_retryTimer(delay, [self, generation] {
        if (self && self->m_saveGeneration == generation)
            self->retrySave();
    });
}

void KillSwitch::retrySave() {
    if (!m_engaged || saved() || (!m_persistence.save && !m_later.save))
        return;
    QPointer<KillSwitch> self(this);
    const quint64 generation = m_saveGeneration;
    save(encode(true, m_reason), [self, generation](Result<Unit> r) {
        if (!self || generation != self->m_saveGeneration)
            return;
        if (r) {
            qCInfo(lcDispatch) << "kill switch saved on retry";
            self->setSaveError({});
            return;
        }
        qCWarning(lcDispatch).noquote()
            << "kill switch still not saved:" << QString::fromStdString(r.error().message);
        self->setSaveError(QString::fromStdString(r.error().message));
        self->scheduleSaveRetry();
    });
}

void KillSwitch::catchLateOrder(const Order &order) {
    if (order.id.empty() || isFinalOrderStatus(order.status))
        return;
    QPointer<KillSwitch> self(this);
    refresh([self, order] { // pulled in another console while the submit was out?
        if (self && self->m_engaged)
            self->cancelLateOrder(order);
    });
}

void KillSwitch::cancelLateOrder(const Order &order) {
    qCWarning(lcDispatch).noquote()
        << "kill switch is on: cancelling order" << QString::fromStdString(order.clientOrderId)
        << "that answered after the switch was pulled";
    QPointer<KillSwitch> self(this);
    m_broker.cancelOrder(order.id, [self, order](Result<Unit> answer) {
        if (!self)
            return;
        settleCancel(self->m_broker, order.id, std::move(answer), [self, order](CancelOutcome out) {
            if (self)
                self->lateOrderCancelled(order, out);
        });
    });
}

void KillSwitch::lateOrderCancelled(const Order &order, const CancelOutcome &out) {
    if (out.cancelled) {
        Q_EMIT openOrdersCancelled(1);
        return;
    }
    if (!out.finishedAs.empty()) { // nothing working: what the switch is for
        qCWarning(lcDispatch).noquote()
            << "kill switch: order" << QString::fromStdString(order.clientOrderId) << "was"
            << QString::fromStdString(out.finishedAs) << "before its cancel";
        return;
    }
    const QString message =
        QStringLiteral("Kill switch on, but order %1 (sent as it was pulled) could not be "
                       "cancelled: %2")
            .arg(QString::fromStdString(order.clientOrderId),
                 QString::fromStdString(out.error ? out.error->message : std::string("unknown")));
    qCCritical(lcDispatch).noquote() << message;
    Q_EMIT cancelFailed(message);
}

void KillSwitch::cancelOpenOrders(CancelScope scope, std::function<void(Result<int>)> done) {
    QPointer<KillSwitch> self(this);
    readOpenOrders(m_broker, [self, scope, done = std::move(done)](OpenOrders listed) {
        if (!self)
            return;
        // What was read is cancelled even when the reading stopped early (a page refused, rate
        // limited): the rest is said, not a reason to cancel nothing.
        std::optional<Error> unread;
        if (listed.incomplete) {
            qCCritical(lcDispatch).noquote() << "kill switch could not list every open order:"
                                             << QString::fromStdString(listed.incomplete->message);
            unread = Error::make("Could not list every open order to cancel (" +
                                 std::to_string(listed.orders.size()) +
                                 " read): " + listed.incomplete->message);
        }
        std::vector<Order> open;
        for (const Order &o : listed.orders) {
            if (scope == CancelScope::AllOrders || self->m_isOwn(o))
                open.push_back(o);
        }
        struct Pass {
            int remaining = 0;
            int cancelled = 0;
            std::optional<Error> firstError;
            std::function<void(Result<int>)> done;
        };
        auto pass = std::make_shared<Pass>();
        pass->firstError = unread;
        pass->remaining = static_cast<int>(open.size());
        pass->done = std::move(done);
        const auto finish = [self, pass] {
            if (self)
                Q_EMIT self->openOrdersCancelled(pass->cancelled);
            if (!pass->done)
                return;
            if (pass->firstError)
                pass->done(*pass->firstError);
            else
                pass->done(pass->cancelled);
        };
        if (pass->remaining == 0)
            return finish();
        for (const Order &o : open) {
            const auto count = [pass, finish, id = o.id](const CancelOutcome &out) {
                if (out.cancelled) {
                    ++pass->cancelled;
                } else if (!out.finishedAs.empty()) { // not working: nothing to stop
                    qCWarning(lcDispatch).noquote()
                        << "kill switch: order" << QString::fromStdString(id) << "was"
                        << QString::fromStdString(out.finishedAs) << "before its cancel";
                } else {
                    const std::string why = out.error ? out.error->message : "unknown";
                    qCWarning(lcDispatch).noquote()
                        << "kill switch could not cancel order" << QString::fromStdString(id) << ":"
                        << QString::fromStdString(why);
                    if (!pass->firstError)
                        pass->firstError = Error::make("Could not cancel order " + id + ": " + why);
                }
                if (--pass->remaining == 0)
                    finish();
            };
            self->m_broker.cancelOrder(o.id, [self, count, id = o.id](Result<Unit> answer) {
                if (!self) // gone: the answer as it came
                    return count(answer ? CancelOutcome{true, {}, std::nullopt}
                                        : CancelOutcome{false, {}, answer.error()});
                settleCancel(self->m_broker, id, std::move(answer), count);
            });
        }
    });
}

} // namespace cg
