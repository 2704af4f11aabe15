#pragma once
// Order status reconciliation: polls each placed order until it reaches a final status, and
// writes every change (partially filled, filled, rejected, canceled, ...) with the order id, the
// fill price and the slippage against the mid at decision time to the execution record.
// With a trade-updates stream attached, events are recorded as they arrive and polling pauses
// while the stream is Live (one safety pass every kLivePollEvery ticks, and a catch-up pass when
// it comes back, for events missed during a gap); otherwise polling goes on as before.
// An order looked up by client order id that the broker does not know is not proof that it was
// never placed (a lost request can still arrive): it stays "unknown" until the unknown-order
// window, counted on the injected clock from when it was sent, has passed, then it is recorded as
// not placed; found in the meantime, it is adopted like any other answer.

#include "broker/broker.h"
#include "broker/trade_updates.h"
#include "domain/clock.h"
#include "storage/order_update.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cg {

class ExecutionStore;
class InlineStoreRunner;
class StoreRunner;

struct TrackedOrder {
    std::string clientOrderId;
    std::string orderId; // may be empty: then looked up by client order id
    std::string status;  // last known
    std::optional<double> mid;
    int tries = 0;
    double filledQty = 0.0; // last known, so that each partial fill is recorded
    Timestamp sentAt{};     // when it was sent (decided): the unknown-order window starts here
};

class OrderTracker : public QObject {
    Q_OBJECT
public:
    OrderTracker(Broker &broker, ExecutionStore &store, const Clock &clock,
                 QObject *parent = nullptr);
    ~OrderTracker() override;

    // Where the record updates are written, in order (Dispatcher::setStoreRunner); nullptr: at
    // once on this thread.
    void setStoreRunner(StoreRunner *runner);

    void setPollInterval(std::chrono::milliseconds interval);
    void setMaxTries(int tries) { m_maxTries = tries; }
    void setUnknownWindow(std::chrono::minutes window) { m_unknownWindow = window; }

    // Starts polling `order` unless its status is already final or it is tracked already.
    void track(TrackedOrder order);
    int pendingCount() const { return static_cast<int>(m_orders.size()); }
    bool isTracking(const std::string &clientOrderId) const;
    // Events kept for orders not tracked (yet): for tests.
    std::size_t earlyEventCount() const { return m_early.size(); }

    // One polling pass now (the timer does this on its own).
    void pollNow();

    // Records pushed order events. Wraps the stream's onUpdate/onStatus (a callback set before
    // is still called first); the stream must outlive the tracker or be detached with nullptr.
    void setTradeUpdates(TradeUpdates *updates);
    // One pushed event (what setTradeUpdates' callback calls). Events for orders this console
    // did not place (client order id not "cg-...") are ignored.
    void applyTradeUpdate(const TradeUpdate &update);
    // Stream health: Live pauses polling; anything else resumes it at once.
    void setStreamLive(bool live);
    bool streamLive() const { return m_streamLive; }
    // While Live, one safety polling pass every this many timer ticks.
    static constexpr int kLivePollEvery = 15;

Q_SIGNALS:
    // fillPrice and slippage (fill - mid, dollars per share; positive = paid above mid) are NaN
    // when unknown.
    void orderUpdated(const QString &clientOrderId, const QString &status, double fillPrice,
                      double slippage);
    void orderFinished(const QString &clientOrderId, const QString &status);
    // A tracked order without an id (its submit's fate unknown) found working at the broker:
    // the request arrived late, perhaps after the kill switch was pulled.
    void orderFound(const cg::Order &order);
    // A tracked order ended `replaced` and names the order that replaced it (`replaced_by`): that
    // order is followed from here, whether or not the replace's own answer arrived.
    void orderReplaced(const QString &clientOrderId, const QString &replacedByOrderId);
    void idle(); // nothing left to track

private:
    void onTimer();
    void pollNext();
    // A pass now, or right after the one in flight (whose answers may predate the news).
    void pollAfterNews();
    // Keeps an event for an order not tracked (yet) for track() to replay.
    void keepEarly(const std::string &clientOrderId, const TradeUpdate &update);
    void onAnswer(const std::string &clientOrderId, Result<Order> r);
    // Writes what is new in `o` for the tracked order `it` and emits orderUpdated; true when the
    // order reached a final status (then `it` is erased and orderFinished emitted).
    bool learn(std::vector<TrackedOrder>::iterator it, const Order &o,
               std::optional<double> eventPrice = std::nullopt);
    void finishIfIdle();
    // Writes `u` on the runner, after the writes before it; a failure is logged with `what`.
    void write(const OrderUpdate &u, const QString &what);

    Broker &m_broker;
    std::unique_ptr<InlineStoreRunner> m_inlineRunner;
    StoreRunner *m_runner = nullptr;
    const Clock &m_clock;
    std::chrono::minutes m_unknownWindow{10};
    QTimer m_timer;
    std::vector<TrackedOrder> m_orders;
    std::vector<std::string> m_queue; // client order ids left in the current pass
    bool m_polling = false;
    bool m_passAgain = false; // news came while a pass was out: one more pass after it
    int m_maxTries = 900;
    bool m_streamLive = false;
    int m_liveTicks = 0;
    // Events that arrived before their order was tracked (the stream can beat the submit
    // answer); applied by track(). Bounded.
    struct EarlyEvent {
        TradeUpdate update;
        Timestamp at; // when it came (the injected clock)
    };
    std::map<std::string, EarlyEvent> m_early;
    TradeUpdates *m_updates = nullptr;
};

} // namespace cg
