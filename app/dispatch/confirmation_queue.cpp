#include "dispatch/confirmation_queue.h"

#include "dispatch/dispatcher.h"
#include "dispatch/log.h"

#include <QPointer>

#include <algorithm>

namespace cg {

ConfirmationQueue::ConfirmationQueue(Dispatcher &dispatcher, QObject *parent)
    : QObject(parent)
    , m_dispatcher(dispatcher) {
    m_expiryTimer.setInterval(1000);
    connect(&m_expiryTimer, &QTimer::timeout, this, &ConfirmationQueue::expireStale);
}

int ConfirmationQueue::ticketMaxAgeSec() const {
    return m_dispatcher.settings().ticketMaxAgeSec;
}

std::optional<Ticket> ConfirmationQueue::ticket(int id) const {
    const auto it = std::find_if(m_tickets.begin(), m_tickets.end(),
                                 [id](const Ticket &t) { return t.id == id; });
    return it == m_tickets.end() ? std::nullopt : std::optional(*it);
}

std::optional<Ticket> ConfirmationQueue::take(int id) {
    const auto it = std::find_if(m_tickets.begin(), m_tickets.end(),
                                 [id](const Ticket &t) { return t.id == id; });
    if (it == m_tickets.end())
        return std::nullopt;
    Ticket t = std::move(*it);
    m_tickets.erase(it);
    if (m_tickets.empty())
        m_expiryTimer.stop();
    return t;
}

void ConfirmationQueue::addSignal(const Signal &signal, std::function<void(Decision)> done) {
    QPointer<ConfirmationQueue> self(this);
    // An order this signal already has on the account is adopted and recorded: it never becomes
    // a ticket the trader could reject while the order stays unrecorded.
    m_dispatcher.reconcileSignal(
        signal, [self, signal, done = std::move(done)](std::optional<Decision> adopted) mutable {
            if (!self)
                return;
            if (!adopted)
                return self->proposeTicket(signal, std::move(done));
            if (adopted->error.empty())
                Q_EMIT self->orderAdopted(static_cast<qint64>(adopted->executionId),
                                          decisionSummary(*adopted));
            if (done)
                done(std::move(*adopted));
        });
}

void ConfirmationQueue::proposeTicket(const Signal &signal, std::function<void(Decision)> done) {
    QPointer<ConfirmationQueue> self(this);
    m_dispatcher.propose(signal, [self, done = std::move(done)](Decision d) mutable {
        if (self)
            self->queueProposal(std::move(d), std::move(done));
    });
}

void ConfirmationQueue::addManual(const ManualOrder &order, std::function<void(Decision)> done) {
    QPointer<ConfirmationQueue> self(this);
    m_dispatcher.proposeManual(order, [self, done = std::move(done)](Decision d) mutable {
        if (self)
            self->queueProposal(std::move(d), std::move(done));
    });
}

void ConfirmationQueue::queueProposal(Decision d, std::function<void(Decision)> done) {
    if (!d.placesOrder()) {
        QPointer<ConfirmationQueue> self(this);
        m_dispatcher.recordThen(std::move(d), [self, done = std::move(done)](Decision recorded) {
            if (self)
                Q_EMIT self->fallbackRecorded(static_cast<qint64>(recorded.executionId),
                                              QString::fromStdString(recorded.fallbackReason));
            if (done)
                done(std::move(recorded));
        });
        return;
    }
    Ticket t{m_nextId++, d, m_dispatcher.clock().now()};
    m_tickets.push_back(t);
    if (!m_expiryTimer.isActive())
        m_expiryTimer.start();
    Q_EMIT ticketAdded(t.id);
    if (done)
        done(std::move(d));
}

void ConfirmationQueue::confirm(int ticketId, TicketChanges changes,
                                std::function<void(TicketVerdict)> done) {
    const auto answer = [done](TicketVerdict::Kind kind, Decision d) {
        if (!done)
            return;
        TicketVerdict v;
        v.kind = kind;
        v.decision = std::move(d);
        done(std::move(v));
    };
    std::optional<Ticket> t = take(ticketId);
    if (!t) {
        Decision d;
        d.error = "No order ticket " + std::to_string(ticketId) + " is waiting";
        d.fallbackReason = d.error;
        return answer(TicketVerdict::Kind::Refuse, std::move(d));
    }
    const auto age = m_dispatcher.clock().now() - t->createdAt;
    if (age > std::chrono::seconds(ticketMaxAgeSec()))
        return expire(std::move(*t), [answer](Decision recorded) {
            answer(TicketVerdict::Kind::Refuse, std::move(recorded));
        });
    // While the count and the re-check run the ticket is out of the queue: a second Confirm
    // finds nothing. The count runs on the store runner, off the event loop.
    QPointer<ConfirmationQueue> self(this);
    m_dispatcher.countOrdersToday(
        [self, waiting = std::move(*t), changes, done = std::move(done)](Result<int> n) mutable {
            if (self)
                self->recheck(std::move(waiting), changes, n, std::move(done));
        });
}

void ConfirmationQueue::recheck(Ticket waiting, TicketChanges changes, const Result<int> &n,
                                std::function<void(TicketVerdict)> done) {
    RecheckInputs in;
    in.proposal = waiting.proposal;
    in.changes = changes;
    in.settings = m_dispatcher.settings();
    in.now = m_dispatcher.clock().now();
    in.killSwitch = m_dispatcher.killSwitch().engaged();
    if (n) {
        in.ordersToday = *n; // orders on their way count: their intents are recorded
    } else {
        in.preRefusal = "Could not count today's orders, so no order is sent: " + n.error().message;
    }
    QPointer<ConfirmationQueue> self(this);
    recheckTicket(
        m_dispatcher.marketData(), m_dispatcher.broker(), std::move(in),
        [self, waiting = std::move(waiting), done = std::move(done)](TicketVerdict v) mutable {
            if (!self)
                return;
            const int id = waiting.id;
            if (v.kind == TicketVerdict::Kind::Hold) {
                waiting.proposal = v.decision;
                self->m_tickets.push_back(std::move(waiting));
                if (!self->m_expiryTimer.isActive()) // a held ticket still expires
                    self->m_expiryTimer.start();
                Q_EMIT self->ticketHeld(id, QString::fromStdString(v.why));
                if (done)
                    done(std::move(v));
                return;
            }
            if (v.kind == TicketVerdict::Kind::Refuse) {
                Decision refused = std::move(v.decision);
                self->m_dispatcher.recordThen(
                    std::move(refused), [self, id, v = std::move(v),
                                         done = std::move(done)](Decision recorded) mutable {
                        v.decision = std::move(recorded);
                        if (self)
                            Q_EMIT self->ticketRefused(
                                id, static_cast<qint64>(v.decision.executionId),
                                QString::fromStdString(v.decision.fallbackReason));
                        if (done)
                            done(std::move(v));
                    });
                return;
            }
            self->m_dispatcher.place(std::move(v.decision), [self, id, done = std::move(done)](
                                                                Decision placed) {
                if (self) {
                    if (placed.placesOrder())
                        Q_EMIT self->ticketConfirmed(id, static_cast<qint64>(placed.executionId));
                    else
                        Q_EMIT self->ticketRefused(id, static_cast<qint64>(placed.executionId),
                                                   QString::fromStdString(placed.fallbackReason));
                }
                if (!done)
                    return;
                TicketVerdict sent;
                sent.kind =
                    placed.placesOrder() ? TicketVerdict::Kind::Send : TicketVerdict::Kind::Refuse;
                sent.decision = std::move(placed);
                done(std::move(sent));
            });
        });
}

bool ConfirmationQueue::reject(int ticketId, const QString &reason) {
    std::optional<Ticket> t = take(ticketId);
    if (!t)
        return false;
    Decision d = std::move(t->proposal);
    d.decidedAt = m_dispatcher.clock().now();
    d.mode = ExecutionMode::RejectedByUser;
    d.fallbackReason = reason.isEmpty() ? std::string("Rejected by the user")
                                        : "Rejected by the user: " + reason.toStdString();
    d.order.reset();
    // Recorded on the store runner; ticketRejected follows once it is written.
    QPointer<ConfirmationQueue> self(this);
    m_dispatcher.recordThen(std::move(d), [self, ticketId](Decision recorded) {
        if (self)
            Q_EMIT self->ticketRejected(ticketId, static_cast<qint64>(recorded.executionId));
    });
    return true;
}

void ConfirmationQueue::expire(Ticket t, std::function<void(Decision)> done) {
    Decision d = std::move(t.proposal);
    d.decidedAt = m_dispatcher.clock().now();
    d.mode = ExecutionMode::RejectedByUser; // not confirmed in time: the trader's no
    d.fallbackReason = "Ticket expired after " + std::to_string(ticketMaxAgeSec()) + " s";
    d.order.reset();
    QPointer<ConfirmationQueue> self(this);
    m_dispatcher.recordThen(
        std::move(d), [self, id = t.id, done = std::move(done)](Decision recorded) {
            if (self)
                Q_EMIT self->ticketExpired(id, static_cast<qint64>(recorded.executionId));
            if (done)
                done(std::move(recorded));
        });
}

int ConfirmationQueue::expireStale() {
    const Timestamp now = m_dispatcher.clock().now();
    const auto maxAge = std::chrono::seconds(ticketMaxAgeSec());
    std::vector<int> stale;
    for (const Ticket &t : m_tickets) {
        if (now - t.createdAt > maxAge)
            stale.push_back(t.id);
    }
    for (int id : stale) {
        if (auto t = take(id))
            expire(std::move(*t), {});
    }
    return static_cast<int>(stale.size());
}

} // namespace cg
