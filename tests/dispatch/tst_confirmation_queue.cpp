// Manual mode: tickets wait for the trader; confirm re-checks quote and gates, reject and expiry
// are recorded.

#include "dispatch/confirmation_queue.h"
#include "dispatch_fixture.h"

#include <QSignalSpy>

using namespace cg;
using namespace cg::test;

class TestConfirmationQueue : public QObject {
    Q_OBJECT

    // The new ticket's id, or 0 when the proposal fell back instead (the caller's QVERIFY then
    // fails that test alone, rather than the whole program stopping).
    static int addTicket(DispatchFixture &f, ConfirmationQueue &q,
                         SignalAction a = SignalAction::Call) {
        QSignalSpy added(&q, &ConfirmationQueue::ticketAdded);
        QSignalSpy fellBack(&q, &ConfirmationQueue::fallbackRecorded);
        q.addSignal(f.addSignal("SPY", a));
        if (!waitFor([&] { return !added.isEmpty() || !fellBack.isEmpty(); }) || added.isEmpty())
            return 0;
        return added.first().first().toInt();
    }

    static Decision confirm(ConfirmationQueue &q, int id, TicketChanges c = {}) {
        bool done = false;
        Decision out;
        q.confirm(id, c, [&](Decision d) {
            out = std::move(d);
            done = true;
        });
        if (!waitFor([&] { return done; }))
            qFatal("confirm never answered");
        return out;
    }

private Q_SLOTS:
    void ticketWaitsThenConfirmPlacesOrder() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int id = addTicket(f, q);
        QVERIFY(id > 0);
        QCOMPARE(q.tickets().size(), size_t(1));
        QVERIFY(f.broker.submitted.empty()); // nothing sent before the trader confirms
        QVERIFY(f.records().empty());
        const int pricesBefore = f.md.priceCalls;
        QSignalSpy confirmed(&q, &ConfirmationQueue::ticketConfirmed);
        const Decision d = confirm(q, id);
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(confirmed.size(), 1);
        QVERIFY(f.md.priceCalls > pricesBefore); // the quote was fetched again
        QCOMPARE(f.broker.book.size(), size_t(1));
        QCOMPARE(f.records().size(), size_t(1));
        QVERIFY(q.tickets().empty());
        // A second confirm of the same ticket does nothing.
        const Decision again = confirm(q, id);
        QVERIFY(!again.placesOrder());
        QCOMPARE(f.broker.book.size(), size_t(1));
    }

    void confirmWithChangesWithinLimits() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        int id = addTicket(f, q);
        QVERIFY(id > 0);
        Decision d = confirm(q, id, TicketChanges{3, 0.25});
        QVERIFY2(d.placesOrder(), d.fallbackReason.c_str());
        QCOMPARE(f.broker.submitted.size(), size_t(1));
        QVERIFY(f.broker.submitted.back().limitPrice);
        QCOMPARE(f.broker.submitted.back().qty, 3);
        QCOMPARE(*f.broker.submitted.back().limitPrice, 0.25);
        // Beyond the contracts limit: refused and recorded.
        id = addTicket(f, q, SignalAction::Put);
        QVERIFY(id > 0);
        d = confirm(q, id, TicketChanges{11, std::nullopt});
        QCOMPARE(d.fallbackReason,
                 std::string("Order of 11 contracts is above the limit of 10 per order"));
        QCOMPARE(f.broker.submitted.size(), size_t(1));
        QCOMPARE(f.records().size(), size_t(2));
    }

    void confirmRecheckFailsOnNewQuote() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int id = addTicket(f, q);
        QVERIFY(id > 0);
        QVERIFY(q.ticket(id) && q.ticket(id)->proposal.contract);
        const std::string symbol = q.ticket(id)->proposal.contract->symbol;
        OptionContract *c = f.md.find(symbol);
        QVERIFY(c && c->quote);
        c->quote->bid = 0.938; // spread widened to 12.4 % since the ticket was made
        c->quote->ask = 1.062;
        QSignalSpy refused(&q, &ConfirmationQueue::ticketRefused);
        const Decision d = confirm(q, id);
        QCOMPARE(d.fallbackReason,
                 std::string("At confirmation: Spread 12.4% is above the 10% limit"));
        QCOMPARE(refused.size(), 1);
        QVERIFY(f.broker.submitted.empty());
        QCOMPARE(f.records().size(), size_t(1));
        QVERIFY(f.records().front().mode == ExecutionMode::SimulatedFallback);
    }

    void rejectIsRecorded() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int id = addTicket(f, q);
        QVERIFY(id > 0);
        QSignalSpy rejected(&q, &ConfirmationQueue::ticketRejected);
        QVERIFY(q.reject(id));
        QVERIFY(!q.reject(id));
        QCOMPARE(rejected.size(), 1);
        const auto recs = f.records();
        QCOMPARE(recs.size(), size_t(1));
        QVERIFY(recs.front().mode == ExecutionMode::RejectedByUser);
        QVERIFY(recs.front().clientOrderId.empty());
        QVERIFY(f.broker.submitted.empty());
    }

    void ticketExpires() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int first = addTicket(f, q);
        QVERIFY(first > 0);
        f.clock.advance(std::chrono::seconds(60));
        const int second = addTicket(f, q, SignalAction::Put);
        QVERIFY(second > 0);
        QCOMPARE(q.expireStale(), 0);
        f.clock.advance(std::chrono::seconds(61)); // first is 121 s old, second 61 s
        QSignalSpy expired(&q, &ConfirmationQueue::ticketExpired);
        QCOMPARE(q.expireStale(), 1);
        QCOMPARE(expired.size(), 1);
        QCOMPARE(expired.first().first().toInt(), first);
        QVERIFY(q.ticket(second));
        const auto recs = f.records();
        QCOMPARE(recs.size(), size_t(1));
        QCOMPARE(recs.front().fallbackReason, std::string("Ticket expired after 120 s"));
        // Confirming an old ticket expires it instead of sending.
        f.clock.advance(std::chrono::seconds(60));
        const Decision d = confirm(q, second);
        QCOMPARE(d.fallbackReason, std::string("Ticket expired after 120 s"));
        QVERIFY(f.broker.submitted.empty());
    }

    void fallbackNeverBecomesATicket() {
        DispatchFixture f;
        f.md.contracts.clear();
        ConfirmationQueue q(*f.dispatcher);
        QSignalSpy recorded(&q, &ConfirmationQueue::fallbackRecorded);
        q.addSignal(f.addSignal("SPY", SignalAction::Call));
        QVERIFY(waitFor([&] { return !recorded.isEmpty(); }));
        QVERIFY(q.tickets().empty());
        QCOMPARE(f.records().size(), size_t(1));
    }

    void killSwitchBetweenTicketAndConfirm() {
        DispatchFixture f;
        ConfirmationQueue q(*f.dispatcher);
        const int id = addTicket(f, q);
        QVERIFY(id > 0);
        f.dispatcher->killSwitch().engage("test");
        const Decision d = confirm(q, id);
        QVERIFY(d.fallbackReason.rfind("Kill switch is on", 0) == 0);
        QVERIFY(f.broker.submitted.empty());
    }
};

QTEST_GUILESS_MAIN(TestConfirmationQueue)
#include "tst_confirmation_queue.moc"
