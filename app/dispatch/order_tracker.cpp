#include "dispatch/order_tracker.h"

#include "dispatch/log.h"
#include "domain/account.h"
#include "storage/execution_store.h"

#include <QPointer>

#include <algorithm>
#include <cmath>
#include <limits>

namespace cg {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

} // namespace

OrderTracker::OrderTracker(Broker &broker, ExecutionStore &store, QObject *parent)
    : QObject(parent)
    , m_broker(broker)
    , m_store(store) {
    m_timer.setInterval(2000);
    connect(&m_timer, &QTimer::timeout, this, &OrderTracker::pollNow);
}

void OrderTracker::setPollInterval(std::chrono::milliseconds interval) {
    m_timer.setInterval(static_cast<int>(std::max<long long>(10, interval.count())));
}

bool OrderTracker::isTracking(const std::string &clientOrderId) const {
    return std::any_of(m_orders.begin(), m_orders.end(),
                       [&](const TrackedOrder &o) { return o.clientOrderId == clientOrderId; });
}

void OrderTracker::track(TrackedOrder order) {
    if (order.clientOrderId.empty() || isFinalOrderStatus(order.status) ||
        isTracking(order.clientOrderId))
        return;
    m_orders.push_back(std::move(order));
    if (!m_timer.isActive())
        m_timer.start();
}

void OrderTracker::pollNow() {
    if (m_polling)
        return; // a pass is still waiting for answers: never two at once
    m_queue.clear();
    for (const TrackedOrder &o : m_orders)
        m_queue.push_back(o.clientOrderId);
    if (m_queue.empty()) {
        m_timer.stop();
        Q_EMIT idle();
        return;
    }
    m_polling = true;
    pollNext();
}

void OrderTracker::pollNext() {
    if (m_queue.empty()) {
        m_polling = false;
        if (m_orders.empty()) {
            m_timer.stop();
            Q_EMIT idle();
        }
        return;
    }
    const std::string cid = m_queue.back();
    m_queue.pop_back();
    const auto it = std::find_if(m_orders.begin(), m_orders.end(),
                                 [&](const TrackedOrder &o) { return o.clientOrderId == cid; });
    if (it == m_orders.end())
        return pollNext();
    QPointer<OrderTracker> self(this);
    auto answer = [self, cid](Result<Order> r) {
        if (self)
            self->onAnswer(cid, std::move(r));
    };
    if (!it->orderId.empty())
        m_broker.order(it->orderId, std::move(answer));
    else
        m_broker.orderByClientId(cid, std::move(answer));
}

void OrderTracker::onAnswer(const std::string &clientOrderId, Result<Order> r) {
    const auto it = std::find_if(m_orders.begin(), m_orders.end(), [&](const TrackedOrder &o) {
        return o.clientOrderId == clientOrderId;
    });
    if (it == m_orders.end())
        return pollNext();
    ++it->tries;
    if (!r && r.error().httpStatus == 404 && it->orderId.empty()) {
        // Looked up by client order id and the broker has none: the order never arrived.
        const auto stored = m_store.updateOrderStatus(clientOrderId, "not_placed", std::nullopt);
        if (!stored)
            qCWarning(lcDispatch).noquote()
                << "could not record that" << QString::fromStdString(clientOrderId)
                << "was never placed:" << QString::fromStdString(stored.error().message);
        qCInfo(lcDispatch).noquote()
            << "order" << QString::fromStdString(clientOrderId) << "was never placed";
        m_orders.erase(it);
        Q_EMIT orderFinished(QString::fromStdString(clientOrderId), QStringLiteral("not_placed"));
        return pollNext();
    }
    if (!r) {
        qCWarning(lcDispatch).noquote()
            << "order status of" << QString::fromStdString(clientOrderId)
            << "unavailable:" << QString::fromStdString(r.error().message);
    } else {
        const Order &o = *r;
        if (it->orderId.empty())
            it->orderId = o.id;
        if (o.status != it->status) {
            it->status = o.status;
            const auto stored =
                m_store.updateOrderStatus(clientOrderId, o.status, o.filledAvgPrice);
            if (!stored)
                qCWarning(lcDispatch).noquote()
                    << "could not record status" << QString::fromStdString(o.status) << "of"
                    << QString::fromStdString(clientOrderId) << ":"
                    << QString::fromStdString(stored.error().message);
            const double fill = o.filledAvgPrice.value_or(kNaN);
            const double slippage = it->mid && std::isfinite(fill) ? fill - *it->mid : kNaN;
            qCInfo(lcDispatch).noquote()
                << "order" << QString::fromStdString(clientOrderId) << "is"
                << QString::fromStdString(o.status)
                << (std::isfinite(fill) ? QStringLiteral("at %1, slippage vs mid %2")
                                              .arg(fill)
                                              .arg(std::isfinite(slippage) ? slippage : 0.0)
                                        : QString());
            Q_EMIT orderUpdated(QString::fromStdString(clientOrderId),
                                QString::fromStdString(o.status), fill, slippage);
        }
    }
    const bool final = r && isFinalOrderStatus(r->status);
    const bool givingUp = !final && it->tries >= m_maxTries;
    if (final || givingUp) {
        const QString status = QString::fromStdString(it->status);
        if (givingUp)
            qCWarning(lcDispatch).noquote()
                << "stopped polling order" << QString::fromStdString(clientOrderId) << "after"
                << it->tries << "tries; the next start reconciles it";
        m_orders.erase(it);
        if (final)
            Q_EMIT orderFinished(QString::fromStdString(clientOrderId), status);
    }
    pollNext();
}

} // namespace cg
