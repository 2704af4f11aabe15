#include "dispatch/order_tracker.h"

#include "dispatch/log.h"
#include "domain/account.h"
#include "storage/execution_store.h"
#include "storage/store_runner.h"

#include <QPointer>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace cg {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kMaxEarlyEvents = 256;
constexpr auto kEarlyEventLife = std::chrono::minutes{5};

// "11 min", "5 h", "3 days": a wait as a trader reads it, whole units, rounded down.
std::string waitedText(std::chrono::minutes waited) {
    const auto m = waited.count();
    if (m < 120)
        return std::to_string(m) + " min";
    if (m < 48 * 60)
        return std::to_string(m / 60) + " h";
    return std::to_string(m / (24 * 60)) + " days";
}

// The order status an event implies when the event's order carries none.
std::string statusOfEvent(const std::string &event) {
    if (event == "fill")
        return "filled";
    if (event == "partial_fill")
        return "partially_filled";
    if (event == "canceled" || event == "expired" || event == "rejected" || event == "new" ||
        event == "replaced" || event == "done_for_day" || event == "suspended" ||
        event == "stopped" || event == "calculated")
        return event;
    if (event == "pending_new" || event == "pending_cancel" || event == "pending_replace")
        return event;
    return {};
}

bool ours(const std::string &clientOrderId) {
    return clientOrderId.rfind("cg-", 0) == 0;
}

} // namespace

OrderTracker::OrderTracker(Broker &broker, ExecutionStore &store, const Clock &clock,
                           QObject *parent)
    : QObject(parent)
    , m_broker(broker)
    , m_inlineRunner(std::make_unique<InlineStoreRunner>(store))
    , m_runner(m_inlineRunner.get())
    , m_clock(clock) {
    m_timer.setInterval(2000);
    connect(&m_timer, &QTimer::timeout, this, &OrderTracker::onTimer);
}

OrderTracker::~OrderTracker() = default;

void OrderTracker::setStoreRunner(StoreRunner *runner) {
    m_runner = runner ? runner : m_inlineRunner.get();
}

void OrderTracker::write(const OrderUpdate &u, const QString &what) {
    m_runner->run<Unit>([u](ExecutionStore &s) { return s.records().updateOrder(u); }, this,
                        [what](Result<Unit> stored) {
                            if (!stored && !what.isEmpty())
                                qCWarning(lcDispatch).noquote()
                                    << what << QString::fromStdString(stored.error().message);
                        });
}

void OrderTracker::setPollInterval(std::chrono::milliseconds interval) {
    m_timer.setInterval(static_cast<int>(std::max<long long>(10, interval.count())));
}

bool OrderTracker::isTracking(const std::string &clientOrderId) const {
    return std::any_of(m_orders.begin(), m_orders.end(),
                       [&](const TrackedOrder &o) { return o.clientOrderId == clientOrderId; });
}

void OrderTracker::track(TrackedOrder order) {
    if (order.clientOrderId.empty() || isTracking(order.clientOrderId))
        return;
    if (isFinalOrderStatus(order.status)) {
        m_early.erase(order.clientOrderId); // nothing left to replay for it
        return;
    }
    const std::string cid = order.clientOrderId;
    m_orders.push_back(std::move(order));
    if (!m_timer.isActive())
        m_timer.start();
    if (const auto early = m_early.find(cid); early != m_early.end()) {
        const TradeUpdate u = early->second.update;
        m_early.erase(early);
        applyTradeUpdate(u);
    }
}

void OrderTracker::keepEarly(const std::string &clientOrderId, const TradeUpdate &update) {
    // An early event waits for its order's submit answer, seconds at most: older ones are for
    // orders this console never tracks (another console's, one that finished), and are let go so
    // the room is there for the next.
    const Timestamp now = m_clock.now();
    std::erase_if(m_early, [now](const auto &e) { return now - e.second.at > kEarlyEventLife; });
    if (m_early.size() >= kMaxEarlyEvents && !m_early.count(clientOrderId)) {
        const auto oldest = std::min_element(m_early.begin(), m_early.end(), [](auto &a, auto &b) {
            return a.second.at < b.second.at;
        });
        m_early.erase(oldest);
    }
    if (const auto kept = m_early.find(clientOrderId); kept != m_early.end()) {
        const Order &known = kept->second.update.order;
        const Order &news = update.order;
        const std::string knownStatus =
            known.status.empty() ? statusOfEvent(kept->second.update.event) : known.status;
        const std::string status = news.status.empty() ? statusOfEvent(update.event) : news.status;
        if (isStaleOrderState(knownStatus, known.filledQty, status, news.filledQty))
            return; // older than what is kept: the replay must not go back
    }
    m_early[clientOrderId] = EarlyEvent{update, now};
}

void OrderTracker::setTradeUpdates(TradeUpdates *updates) {
    m_updates = updates;
    if (!updates) {
        setStreamLive(false);
        return;
    }
    QPointer<OrderTracker> self(this);
    runAfter(updates->onUpdate,
             std::function<void(const TradeUpdate &)>([self](const TradeUpdate &u) {
                 if (self && self->m_updates)
                     self->applyTradeUpdate(u);
             }));
    // What an unreadable event said is lost: the broker is asked now, not at the next live poll.
    runAfter(updates->onUnreadable,
             std::function<void(const std::string &)>([self](const std::string &) {
                 if (self && self->m_updates && !self->m_orders.empty())
                     self->pollAfterNews();
             }));
    runAfter(updates->onStatus,
             std::function<void(const StreamStatus &)>([self](const StreamStatus &st) {
                 if (self && self->m_updates)
                     self->setStreamLive(st.health == StreamHealth::Live);
             }));
    setStreamLive(updates->status().health == StreamHealth::Live);
}

void OrderTracker::setStreamLive(bool live) {
    if (live == m_streamLive)
        return;
    m_streamLive = live;
    m_liveTicks = 0;
    qCInfo(lcDispatch) << (live ? "trade updates live: order polling paused"
                                : "trade updates not live: polling order status");
    // Either way, one pass now: going Live catches up on events missed during the gap, and
    // losing the stream must not wait a whole interval.
    if (!m_orders.empty())
        pollAfterNews();
}

void OrderTracker::pollAfterNews() {
    // A pass in flight may have read an order before the news (the gap, the lost event): another
    // pass follows it.
    if (m_polling)
        m_passAgain = true;
    else
        pollNow();
}

void OrderTracker::onTimer() {
    if (m_streamLive && !m_orders.empty() && ++m_liveTicks % kLivePollEvery != 0)
        return;
    pollNow();
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
        if (std::exchange(m_passAgain, false) && !m_orders.empty())
            return pollNow();
        finishIfIdle();
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

void OrderTracker::finishIfIdle() {
    if (m_orders.empty() && !m_polling) {
        m_timer.stop();
        Q_EMIT idle();
    }
}

bool OrderTracker::learn(std::vector<TrackedOrder>::iterator it, const Order &o,
                         std::optional<double> eventPrice) {
    // Everything is decided and `it` erased (when final) before any signal is emitted: a slot
    // may call track() and move the vector.
    const std::string cid = it->clientOrderId;
    if (!o.status.empty() && isStaleOrderState(it->status, it->filledQty, o.status, o.filledQty)) {
        qCDebug(lcDispatch).noquote() << "order" << QString::fromStdString(cid) << "stays"
                                      << QString::fromStdString(it->status) << "; older news said"
                                      << QString::fromStdString(o.status);
        return false;
    }
    const bool newId = it->orderId.empty() && !o.id.empty();
    if (newId)
        it->orderId = o.id;
    const std::string status = o.status;
    const bool changed =
        newId || (!status.empty() && status != it->status) || (o.filledQty > it->filledQty);
    const bool final = isFinalOrderStatus(status);
    double fill = kNaN, slippage = kNaN;
    if (changed) {
        if (!status.empty())
            it->status = status;
        it->filledQty = std::max(it->filledQty, o.filledQty);
        OrderUpdate u;
        u.clientOrderId = cid;
        u.status = it->status;
        u.orderId = it->orderId;
        u.fillPrice = o.filledAvgPrice ? o.filledAvgPrice : eventPrice;
        if (o.filledQty > 0)
            u.filledQty = o.filledQty;
        u.legFills = legFillsOf(o);
        fill = u.fillPrice.value_or(kNaN);
        slippage = it->mid && std::isfinite(fill) ? fill - *it->mid : kNaN;
        if (std::isfinite(slippage))
            u.slippage = slippage;
        write(u, QStringLiteral("could not record status %1 of %2:")
                     .arg(QString::fromStdString(it->status), QString::fromStdString(cid)));
        qCInfo(lcDispatch).noquote()
            << "order" << QString::fromStdString(cid) << "is" << QString::fromStdString(it->status)
            << (std::isfinite(fill) ? QStringLiteral("at %1, slippage vs mid %2")
                                          .arg(fill)
                                          .arg(std::isfinite(slippage) ? slippage : 0.0)
                                    : QString());
    }
    const QString knownStatus = QString::fromStdString(it->status);
    if (final)
        m_orders.erase(it);
    if (changed)
        Q_EMIT orderUpdated(QString::fromStdString(cid), knownStatus, fill, slippage);
    if (final && status == "replaced" && !o.replacedBy.empty())
        Q_EMIT orderReplaced(QString::fromStdString(cid), QString::fromStdString(o.replacedBy));
    if (final)
        Q_EMIT orderFinished(QString::fromStdString(cid), knownStatus);
    else if (newId)
        Q_EMIT orderFound(o);
    return final;
}

void OrderTracker::applyTradeUpdate(const TradeUpdate &update) {
    Order o = update.order;
    if (o.status.empty())
        o.status = statusOfEvent(update.event);
    const std::string &cid = o.clientOrderId;
    if (cid.empty() || o.status.empty())
        return;
    const auto it = std::find_if(m_orders.begin(), m_orders.end(),
                                 [&](const TrackedOrder &t) { return t.clientOrderId == cid; });
    if (it == m_orders.end()) {
        if (!ours(cid))
            return; // placed by hand or by another program: not ours to record
        // Not tracked (yet, or any more): keep it for track(), and write it in case the record
        // exists already (an order another start of this console placed).
        keepEarly(cid, update);
        OrderUpdate u;
        u.clientOrderId = cid;
        u.status = o.status;
        u.orderId = o.id;
        u.fillPrice = o.filledAvgPrice ? o.filledAvgPrice : update.price;
        if (o.filledQty > 0)
            u.filledQty = o.filledQty;
        u.legFills = legFillsOf(o);
        write(u, {}); // "no execution with client order id" is expected here
        return;
    }
    qCDebug(lcDispatch).noquote() << "trade update" << QString::fromStdString(update.event) << "for"
                                  << QString::fromStdString(cid);
    if (learn(it, o, update.price))
        finishIfIdle();
}

void OrderTracker::onAnswer(const std::string &clientOrderId, Result<Order> r) {
    const auto it = std::find_if(m_orders.begin(), m_orders.end(), [&](const TrackedOrder &o) {
        return o.clientOrderId == clientOrderId;
    });
    if (it == m_orders.end())
        return pollNext();
    ++it->tries;
    const bool notFound = !r && r.error().httpStatus == 404 && it->orderId.empty();
    if (notFound && m_clock.now() < it->sentAt + m_unknownWindow) {
        // Not found yet is not proof: the request may still arrive. Unknown until the window ends.
        if (it->status != "unknown") {
            it->status = "unknown";
            write(OrderUpdate{clientOrderId, "unknown", {}, {}, {}, {}, {}, {}},
                  QStringLiteral("could not record that %1 is unknown:")
                      .arg(QString::fromStdString(clientOrderId)));
            Q_EMIT orderUpdated(QString::fromStdString(clientOrderId), QStringLiteral("unknown"),
                                kNaN, kNaN);
        }
    } else if (notFound) {
        // Looked up by client order id for the whole window and the broker has none: the order
        // never arrived.
        // The time it waited: the window at least, longer when the console was closed.
        const auto waited =
            std::chrono::duration_cast<std::chrono::minutes>(m_clock.now() - it->sentAt);
        OrderUpdate never{clientOrderId, "not_placed", {}, {}, {}, {}, {}, {}};
        never.reason = "Not placed: Alpaca has no order " + clientOrderId + " " +
                       waitedText(waited) +
                       " after it was sent, so the request never arrived; nothing was "
                       "bought or sold";
        write(never, QStringLiteral("could not record that %1 was never placed:")
                         .arg(QString::fromStdString(clientOrderId)));
        qCInfo(lcDispatch).noquote()
            << "order" << QString::fromStdString(clientOrderId) << "was never placed";
        m_orders.erase(it);
        Q_EMIT orderFinished(QString::fromStdString(clientOrderId), QStringLiteral("not_placed"));
        return pollNext();
    }
    if (r && !r->clientOrderId.empty() && r->clientOrderId != clientOrderId) {
        // The id now names another order (a different account or a new DEMO market): its
        // fill is not ours, so the record is left as it is rather than filled with it.
        qCWarning(lcDispatch).noquote()
            << "order id" << QString::fromStdString(it->orderId) << "of"
            << QString::fromStdString(clientOrderId) << "now names"
            << QString::fromStdString(r->clientOrderId) << "- no longer tracked";
        m_orders.erase(it);
        Q_EMIT orderFinished(QString::fromStdString(clientOrderId), QStringLiteral("unknown"));
        return pollNext();
    }
    if (notFound) {
        // still unknown: polled again
    } else if (!r) {
        qCWarning(lcDispatch).noquote()
            << "order status of" << QString::fromStdString(clientOrderId)
            << "unavailable:" << QString::fromStdString(r.error().message);
    } else if (learn(it, *r)) {
        return pollNext();
    }
    const auto again = std::find_if(m_orders.begin(), m_orders.end(), [&](const TrackedOrder &o) {
        return o.clientOrderId == clientOrderId;
    });
    if (again != m_orders.end() && again->tries >= m_maxTries) {
        qCWarning(lcDispatch).noquote()
            << "stopped polling order" << QString::fromStdString(clientOrderId) << "after"
            << again->tries << "tries; the next start reconciles it";
        m_orders.erase(again);
    }
    pollNext();
}

} // namespace cg
