#pragma once
// Manual mode: every proposed order waits here as a ticket until the trader confirms it
// (optionally with another quantity or limit, held to the limits), rejects it (recorded as
// REJECTED_BY_USER), or it grows older than the maximum age and expires (recorded). A confirm
// the re-check holds (the market moved, a limit or precaution trips) sends nothing and leaves
// the ticket waiting with the refreshed proposal (ticketHeld). A signal whose decision is a
// fallback never becomes a ticket: it is recorded at once.

#include "dispatch/decision.h"
#include "dispatch/manual_order.h"
#include "dispatch/ticket_recheck.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>
#include <vector>

namespace cg {

class Dispatcher;

struct Ticket {
    int id = 0;
    Decision proposal;
    Timestamp createdAt{};
};

class ConfirmationQueue : public QObject {
    Q_OBJECT
public:
    explicit ConfirmationQueue(Dispatcher &dispatcher, QObject *parent = nullptr);

    // Proposes the signal; `done` (optional) gets the proposal, or the recorded fallback. A
    // signal whose order is already on the account gets no ticket: `done` gets the order,
    // adopted and recorded (orderAdopted).
    void addSignal(const Signal &signal, std::function<void(Decision)> done = {});
    // A trade by hand on one contract: the same ticket, confirmation, re-check and records as a
    // signal's. A proposal that cannot be an order (refused: options level, buying power, a
    // limit) is recorded as a fallback with source "manual" (fallbackRecorded) and `done` gets it.
    void addManual(const ManualOrder &order, std::function<void(Decision)> done = {});
    // Re-checks and places the order. `done` gets the verdict: Send with the placed and recorded
    // decision, Hold with the refreshed proposal (the ticket waits again), or Refuse with the
    // recorded fallback. A ticket that is not waiting (unknown, already confirming) answers
    // Refuse with an error decision and records nothing.
    void confirm(int ticketId, TicketChanges changes, std::function<void(TicketVerdict)> done = {});
    // Records REJECTED_BY_USER. False when no such ticket waits.
    bool reject(int ticketId, const QString &reason = {});
    // Expires every ticket older than the maximum age (the timer calls this every second).
    int expireStale();

    std::vector<Ticket> tickets() const { return m_tickets; }
    std::optional<Ticket> ticket(int id) const;
    int ticketMaxAgeSec() const;

Q_SIGNALS:
    void ticketAdded(int ticketId);
    void ticketExpired(int ticketId, qint64 executionId);
    void ticketConfirmed(int ticketId, qint64 executionId);
    // Nothing was sent; the ticket waits again with a refreshed proposal and the reason.
    void ticketHeld(int ticketId, const QString &why);
    void ticketRefused(int ticketId, qint64 executionId, const QString &reason);
    void ticketRejected(int ticketId, qint64 executionId);
    void fallbackRecorded(qint64 executionId, const QString &reason);
    void orderAdopted(qint64 executionId, const QString &summary);

private:
    void proposeTicket(const Signal &signal, std::function<void(Decision)> done);
    void queueProposal(Decision d, std::function<void(Decision)> done);
    std::optional<Ticket> take(int id);
    // Records the expiry (on the store runner); `done` gets the decision as recorded.
    void expire(Ticket t, std::function<void(Decision)> done);
    void recheck(Ticket waiting, TicketChanges changes, const Result<int> &ordersToday,
                 std::function<void(TicketVerdict)> done);

    Dispatcher &m_dispatcher;
    std::vector<Ticket> m_tickets;
    int m_nextId = 1;
    QTimer m_expiryTimer;
};

} // namespace cg
