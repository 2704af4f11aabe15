#include "dispatch/kill_switch.h"

#include "dispatch/log.h"

#include <QPointer>

#include <memory>

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
    , m_persistence(std::move(persistence)) {}

Result<Unit> KillSwitch::load() {
    if (!m_persistence.load)
        return Unit{};
    auto r = m_persistence.load();
    if (!r) {
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
    if (!m_persistence.load)
        return Unit{};
    auto r = m_persistence.load();
    if (!r)
        return r.error();
    apply(r->value_or(kOff));
    return Unit{};
}

void KillSwitch::apply(const std::string &value) {
    const bool engaged = value.rfind("on", 0) == 0;
    if (engaged == m_engaged)
        return;
    m_engaged = engaged;
    m_reason =
        engaged ? QString::fromStdString(value.size() > 4 ? value.substr(4) : "") : QString();
    if (engaged)
        qCWarning(lcDispatch).noquote() << "kill switch is on (set elsewhere):" << m_reason;
    Q_EMIT changed(m_engaged, m_reason);
}

void KillSwitch::engage(const QString &reason, std::function<void(Result<int>)> done) {
    const bool wasEngaged = m_engaged;
    m_engaged = true;
    m_reason = reason.isEmpty() ? QStringLiteral("engaged by the user") : reason;
    qCWarning(lcDispatch).noquote() << "kill switch engaged:" << m_reason;
    Result<Unit> saved = Unit{};
    if (m_persistence.save)
        saved = m_persistence.save(encode(true, m_reason));
    if (!wasEngaged)
        Q_EMIT changed(true, m_reason);
    if (!saved) {
        // Still engaged in this process; the trader must know it may not survive a restart.
        qCCritical(lcDispatch).noquote()
            << "kill switch could not be saved:" << QString::fromStdString(saved.error().message);
    }
    cancelOpenOrders([done = std::move(done), saved](Result<int> r) {
        if (!done)
            return;
        if (!saved)
            return done(Error::make("Kill switch engaged, but not saved (it will be off after a "
                                    "restart): " +
                                    saved.error().message));
        done(std::move(r));
    });
}

Result<Unit> KillSwitch::release() {
    if (m_persistence.save) {
        auto saved = m_persistence.save(encode(false, {}));
        if (!saved)
            return saved.error();
    }
    if (m_engaged) {
        m_engaged = false;
        m_reason.clear();
        qCInfo(lcDispatch) << "kill switch released";
        Q_EMIT changed(false, {});
    }
    return Unit{};
}

void KillSwitch::cancelOpenOrders(std::function<void(Result<int>)> done) {
    QPointer<KillSwitch> self(this);
    m_broker.orders(
        OrderListStatus::Open, 500,
        [self, done = std::move(done)](Result<std::vector<Order>> open) {
            if (!self)
                return;
            if (!open) {
                qCCritical(lcDispatch).noquote() << "kill switch could not list open orders:"
                                                 << QString::fromStdString(open.error().message);
                done(Error::make("Could not list open orders to cancel: " + open.error().message));
                return;
            }
            struct Pass {
                int remaining = 0;
                int cancelled = 0;
                std::optional<Error> firstError;
                std::function<void(Result<int>)> done;
            };
            auto pass = std::make_shared<Pass>();
            pass->remaining = static_cast<int>(open->size());
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
            for (const Order &o : *open) {
                self->m_broker.cancelOrder(o.id, [pass, finish, id = o.id](Result<Unit> r) {
                    if (r) {
                        ++pass->cancelled;
                    } else {
                        qCWarning(lcDispatch).noquote()
                            << "kill switch could not cancel order" << QString::fromStdString(id)
                            << ":" << QString::fromStdString(r.error().message);
                        if (!pass->firstError)
                            pass->firstError = Error::make("Could not cancel order " + id + ": " +
                                                           r.error().message);
                    }
                    if (--pass->remaining == 0)
                        finish();
                });
            }
        });
}

} // namespace cg
