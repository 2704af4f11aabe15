#pragma once
// Order status reconciliation: polls each placed order until it reaches a final status, and
// writes every change (partially filled, filled, rejected, canceled, ...) with the fill price to
// the execution record. Slippage against the mid at decision time is reported with each fill.

#include "broker/broker.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace cg {

class ExecutionStore;

struct TrackedOrder {
    std::string clientOrderId;
    std::string orderId; // may be empty: then looked up by client order id
    std::string status;  // last known
    std::optional<double> mid;
    int tries = 0;
};

class OrderTracker : public QObject {
    Q_OBJECT
public:
    OrderTracker(Broker &broker, ExecutionStore &store, QObject *parent = nullptr);

    void setPollInterval(std::chrono::milliseconds interval);
    void setMaxTries(int tries) { m_maxTries = tries; }

    // Starts polling `order` unless its status is already final or it is tracked already.
    void track(TrackedOrder order);
    int pendingCount() const { return static_cast<int>(m_orders.size()); }
    bool isTracking(const std::string &clientOrderId) const;

    // One polling pass now (the timer does this on its own).
    void pollNow();

Q_SIGNALS:
    // fillPrice and slippage (fill - mid, dollars per share; positive = paid above mid) are NaN
    // when unknown.
    void orderUpdated(const QString &clientOrderId, const QString &status, double fillPrice,
                      double slippage);
    void orderFinished(const QString &clientOrderId, const QString &status);
    void idle(); // nothing left to track

private:
    void pollNext();
    void onAnswer(const std::string &clientOrderId, Result<Order> r);

    Broker &m_broker;
    ExecutionStore &m_store;
    QTimer m_timer;
    std::vector<TrackedOrder> m_orders;
    std::vector<std::string> m_queue; // client order ids left in the current pass
    bool m_polling = false;
    int m_maxTries = 900;
};

} // namespace cg
