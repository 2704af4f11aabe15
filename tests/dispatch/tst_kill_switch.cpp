// The kill switch cannot be lost: engaged but not saved it stays engaged whatever the store says
// and saving is retried; engaging cancels this book's open orders (all the account's only when
// asked), catches an order whose submit was in flight, and stops a decision in flight, whether
// it was pulled in this console or in another one on the same database.

#include "dispatch/dispatch_state.h"
#include "dispatch_fixture.h"

#include <QSignalSpy>
#include <QTemporaryDir>

using namespace cg;
using namespace cg::test;

namespace {

// The switch's state in memory; saves fail while `failSaves` > 0 (< 0: always).
struct MemoryState {
    std::optional<std::string> stored;
    int failSaves = 0;
    int saves = 0;

    KillSwitchPersistence persistence() {
        return KillSwitchPersistence{
            [this]() -> Result<std::optional<std::string>> { return stored; },
            [this](const std::string &value) -> Result<Unit> {
                ++saves;
                if (failSaves != 0) {
                    if (failSaves > 0)
                        --failSaves;
                    return Error::make("database is locked");
                }
                stored = value;
                return Unit{};
            }};
    }
};

Result<int> engageAndWait(KillSwitch &ks, const QString &reason) {
    std::optional<Result<int>> out;
    ks.engage(reason, [&](Result<int> r) { out = std::move(r); });
    if (!waitFor([&] { return out.has_value(); }))
        qFatal("engage never answered");
    return *out;
}

Order openOrder(const std::string &id, const std::string &clientOrderId) {
    Order o;
    o.id = id;
    o.clientOrderId = clientOrderId;
    o.symbol = "SPY260130C00709000";
    o.status = "new";
    o.qty = 1;
    return o;
}

std::string statusOf(FakeBroker &b, const std::string &id) {
    for (const Order &o : b.book) {
        if (o.id == id)
            return o.status;
    }
    return "(no such order)";
}

// A dispatch whose answer the test waits for later.
struct Pending {
    bool done = false;
    Decision decision;
    DecisionCallback callback() {
        return [this](Decision d) {
            decision = std::move(d);
            done = true;
        };
    }
};

} // namespace

class TestKillSwitch : public QObject {
    Q_OBJECT

    // This book's order on an account that also holds one placed by hand and another book's.
    static Timestamp newestSubmitted(const FakeBroker &broker) {
        Timestamp newest{};
        for (const Order &o : broker.book)
            newest = std::max(newest, o.submittedAt);
        return newest;
    }

    static Decision placeAmongOthers(DispatchFixture &f) {
        f.dispatcher->start();
        const Decision mine = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        f.broker.book.push_back(openOrder("ord-by-hand", "my-own-scalp"));
        f.broker.book.push_back(openOrder("ord-other-book", "cg-otherbook-sig-1"));
        return mine;
    }

private Q_SLOTS:
    // On only because its state could not be read: said so (the service exits 75 to be tried
    // again), until a read answers or the switch is pulled on purpose. A switch read as on, or
    // pulled, is not "unreadable" (it exited 75 and was restarted for ever).
    void unreadableIsToldApartFromOn() {
        FakeBroker broker;
        KillSwitch ks(broker, KillSwitchPersistence{});
        QVERIFY(!ks.loaded(Error::make("database is locked")));
        QVERIFY(ks.engaged());
        QVERIFY(ks.unreadable());
        QVERIFY(ks.loaded(std::optional<std::string>("on: pulled by the trader")));
        QVERIFY(ks.engaged());
        QVERIFY(!ks.unreadable());
        QVERIFY(!ks.loaded(Error::make("database is locked")));
        ks.engage(QStringLiteral("panic"));
        QVERIFY(!ks.unreadable());
    }

    // Saving failed: the store still says "off", and re-reading it must not release the switch.
    void saveFailureKeepsItEngagedThroughRefresh() {
        FakeBroker broker;
        MemoryState state;
        state.stored = "off";
        state.failSaves = -1;
        KillSwitch ks(broker, state.persistence());
        QVERIFY(ks.load());
        const Result<int> r = engageAndWait(ks, "panic");
        QVERIFY(!r); // the trader is told it was not saved
        QVERIFY(QString::fromStdString(r.error().message).contains("database is locked"));
        QVERIFY(ks.engaged());
        QVERIFY(ks.refresh());
        QVERIFY2(ks.engaged(), "the stored \"off\" released a switch that was never saved");
        QVERIFY(ks.load());
        QVERIFY(ks.engaged());
        QCOMPARE(*state.stored, std::string("off"));
    }

    // Saving is retried with backoff (1 s, 2 s, 4 s, ...) until it succeeds; the state says
    // "not saved" with the reason until then. The timer is the test's: no waiting on the clock.
    void savingIsRetriedUntilItSucceeds() {
        FakeBroker broker;
        MemoryState state;
        state.stored = "off";
        state.failSaves = 3; // the engage and two retries fail
        KillSwitch ks(broker, state.persistence());
        std::vector<std::chrono::milliseconds> delays;
        std::vector<std::function<void()>> retries;
        ks.setRetryTimer([&](std::chrono::milliseconds delay, std::function<void()> retry) {
            delays.push_back(delay);
            retries.push_back(std::move(retry));
        });
        QSignalSpy saveState(&ks, &KillSwitch::saveStateChanged);
        ks.engage("panic");
        QVERIFY(ks.engaged());
        QVERIFY(!ks.saved());
        QCOMPARE(ks.saveError(), QStringLiteral("database is locked"));
        QCOMPARE(saveState.size(), 1);
        QCOMPARE(saveState.first().at(0).toBool(), false);
        QCOMPARE(retries.size(), size_t(1));

        retries.back()(); // fails
        QVERIFY(!ks.saved());
        QVERIFY(ks.refresh());
        QVERIFY(ks.engaged()); // still "off" in the store
        QCOMPARE(retries.size(), size_t(2));
        retries.back()(); // fails
        QCOMPARE(retries.size(), size_t(3));
        retries.back()(); // succeeds
        QVERIFY(ks.saved());
        QVERIFY(ks.saveError().isEmpty());
        QCOMPARE(*state.stored, std::string("on: panic"));
        QCOMPARE(state.saves, 4);
        QCOMPARE(retries.size(), size_t(3)); // nothing more scheduled
        QCOMPARE(delays,
                 (std::vector<std::chrono::milliseconds>{
                     std::chrono::seconds(1), std::chrono::seconds(2), std::chrono::seconds(4)}));
        QCOMPARE(saveState.last().at(0).toBool(), true);
    }

    // The backoff stops growing at a minute; released meanwhile, a pending retry saves nothing.
    void retryBackoffIsCappedAndEndsOnRelease() {
        FakeBroker broker;
        MemoryState state;
        state.failSaves = -1;
        KillSwitch ks(broker, state.persistence());
        std::vector<std::chrono::milliseconds> delays;
        std::function<void()> pending;
        ks.setRetryTimer([&](std::chrono::milliseconds delay, std::function<void()> retry) {
            delays.push_back(delay);
            pending = std::move(retry);
        });
        ks.engage("panic");
        for (int i = 0; i < 8; ++i)
            pending();
        QCOMPARE(delays.back(), KillSwitch::kMaxRetry);
        QCOMPARE(KillSwitch::kMaxRetry, std::chrono::milliseconds(std::chrono::minutes(1)));
        QVERIFY(!ks.saved());

        state.failSaves = 0;
        QVERIFY(ks.release());
        QVERIFY(!ks.engaged());
        QVERIFY(ks.saved());
        const int saves = state.saves;
        const size_t scheduled = delays.size();
        pending(); // the retry scheduled before the release
        QCOMPARE(state.saves, saves);
        QCOMPARE(*state.stored, std::string("off"));
        QCOMPARE(delays.size(), scheduled);
    }

    // A release whose save failed (here the worst case: the statement reached the store, its
    // answer did not) is not a release: the switch stays on, the trader is told so, and "on" is
    // saved again, so the store never says "off" while this console stays on.
    void releaseNotSavedStaysOnAndTheStoreAgrees() {
        for (const bool later : {false, true}) {
            FakeBroker broker;
            MemoryState state;
            KillSwitch ks(broker, state.persistence());
            std::vector<std::function<void()>> retries;
            ks.setRetryTimer([&](std::chrono::milliseconds, std::function<void()> retry) {
                retries.push_back(std::move(retry));
            });
            QVERIFY(engageAndWait(ks, "panic"));
            QCOMPARE(*state.stored, std::string("on: panic"));

            bool answerLost = true; // the statement is written, its answer lost
            const auto lossySave = [&](const std::string &value) -> Result<Unit> {
                ++state.saves;
                state.stored = value;
                if (answerLost)
                    return Error::make("server closed the connection unexpectedly");
                return Unit{};
            };
            std::optional<Result<Unit>> released;
            if (later) {
                KillSwitchLaterPersistence p;
                p.save = [&](const std::string &value, std::function<void(Result<Unit>)> done) {
                    done(lossySave(value));
                };
                ks.setLaterPersistence(std::move(p));
                ks.release([&](Result<Unit> r) { released = std::move(r); });
            } else {
                ks.setPersistence(KillSwitchPersistence{
                    [&]() -> Result<std::optional<std::string>> { return state.stored; },
                    lossySave});
                released = ks.release();
            }
            QVERIFY(released.has_value());
            QVERIFY(!*released);
            QVERIFY2(QString::fromStdString(released->error().message).contains("stays on"),
                     released->error().message.c_str());
            QVERIFY(ks.engaged());
            QVERIFY(!ks.saved()); // the store may say "off": not in step until "on" is saved
            QCOMPARE(retries.size(), size_t(1));

            answerLost = false;
            retries.back()();
            QVERIFY(ks.saved());
            QVERIFY(ks.engaged());
            QCOMPARE(*state.stored, std::string("on: panic"));
        }
    }

    // Own orders are this book's (client order id "cg-<book tag>-"); the trader's other orders on
    // the account and another book's are left alone unless asked.
    void engageCancelsOnlyThisBooksOrdersByDefault() {
        DispatchFixture f;
        const Decision mine = placeAmongOthers(f);
        QVERIFY2(mine.placesOrder(), mine.fallbackReason.c_str());
        const Result<int> r = engageAndWait(f.dispatcher->killSwitch(), "test");
        QVERIFY(r);
        QCOMPARE(*r, 1);
        QCOMPARE(statusOf(f.broker, mine.orderId), std::string("canceled"));
        QCOMPARE(statusOf(f.broker, "ord-by-hand"), std::string("new"));
        QCOMPARE(statusOf(f.broker, "ord-other-book"), std::string("new"));
    }

    // Alpaca lists 500 orders a request, newest first: this book's GTC order from last month,
    // behind 600 newer orders placed elsewhere, is cancelled too.
    void engageCancelsThisBooksOrderBehindFiveHundredNewerOnes() {
        DispatchFixture f;
        const Decision mine = placeAmongOthers(f);
        QVERIFY2(mine.placesOrder(), mine.fallbackReason.c_str());
        const Timestamp newest = newestSubmitted(f.broker);
        f.broker.addNewerOpenOrders(600, newest);
        const Result<int> r = engageAndWait(f.dispatcher->killSwitch(), "test");
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(*r, 1);
        QCOMPARE(statusOf(f.broker, mine.orderId), std::string("canceled"));
        QCOMPARE(statusOf(f.broker, "ord-busy-0"), std::string("new"));
    }

    // Listing stopped at a later page (rate limited): the orders read are cancelled all the
    // same, and the switch says what it could not list. It cancelled nothing.
    void aListCutShortStillCancelsWhatWasRead() {
        DispatchFixture f;
        const Decision mine = placeAmongOthers(f);
        QVERIFY2(mine.placesOrder(), mine.fallbackReason.c_str());
        const Timestamp newest = newestSubmitted(f.broker);
        // Past the other orders: this book's newest 500 on the first page, one more behind it.
        f.broker.addNewerOpenOrders(600, newest);
        for (std::size_t i = f.broker.book.size() - 500; i < f.broker.book.size(); ++i)
            f.broker.book[i].clientOrderId =
                manualClientOrderId(f.dispatcher->currentBookTag()) + "-" + std::to_string(i);
        f.broker.failPagesWithUntil = 1;
        const Result<int> r = engageAndWait(f.dispatcher->killSwitch(), "test");
        QVERIFY(!r);
        QVERIFY2(r.error().message.find("500 read") != std::string::npos,
                 r.error().message.c_str());
        int cancelled = 0;
        for (const Order &o : f.broker.book)
            cancelled += o.status == "canceled" ? 1 : 0;
        QCOMPARE(cancelled, 500);
    }

    // A cancel whose answer is lost (the retried DELETE meets "order is not cancelable") is
    // read again: cancelled, it counts, and the switch does not say "could not all be
    // cancelled" of it. One filled meanwhile is not working either: no error.
    void cancelsWhoseAnswersAreLostAreCounted() {
        DispatchFixture f;
        const Decision mine = placeAmongOthers(f);
        QVERIFY2(mine.placesOrder(), mine.fallbackReason.c_str());
        f.broker.book.push_back(
            openOrder("ord-filled", manualClientOrderId(f.dispatcher->currentBookTag())));
        f.broker.onCancel = [&f](const std::string &id) {
            for (Order &o : f.broker.book)
                if (o.id == id && id == "ord-filled")
                    o.status = "filled";
        };
        f.broker.loseCancelAnswers = 1;
        const Result<int> r = engageAndWait(f.dispatcher->killSwitch(), "test");
        QVERIFY2(r, r ? "" : r.error().message.c_str());
        QCOMPARE(*r, 1);
        QCOMPARE(statusOf(f.broker, mine.orderId), std::string("canceled"));
    }

    // Asked for, every open order on the account is cancelled, the trader's other orders too.
    void allOrdersOnlyWhenAsked() {
        DispatchFixture f;
        const Decision mine = placeAmongOthers(f);
        QVERIFY2(mine.placesOrder(), mine.fallbackReason.c_str());
        std::optional<Result<int>> r;
        f.dispatcher->killSwitch().engage(
            "everything", [&](Result<int> out) { r = std::move(out); },
            KillSwitch::CancelScope::AllOrders);
        QVERIFY(waitFor([&] { return r.has_value(); }));
        QVERIFY(*r);
        QCOMPARE(**r, 3);
        for (const Order &o : f.broker.book)
            QCOMPARE(o.status, std::string("canceled"));
    }

    // The submit left before the switch was pulled and reached the broker after the sweep: when
    // it answers, the order is recorded and cancelled.
    void submitInFlightWhenEngagedIsCancelledAndRecorded() {
        DispatchFixture f;
        f.dispatcher->start();
        f.broker.holdSubmits = true;
        Pending p;
        f.dispatcher->dispatch(f.addSignal("SPY", SignalAction::Call), {}, p.callback());
        QVERIFY(waitFor([&] { return f.broker.heldSubmits() == 1; }));
        const Result<int> swept = engageAndWait(f.dispatcher->killSwitch(), "test");
        QVERIFY(swept);
        QCOMPARE(*swept, 0); // not at the broker yet
        f.broker.releaseSubmits();
        QVERIFY(waitFor([&] { return p.done; }));
        QVERIFY2(p.decision.placesOrder(), p.decision.fallbackReason.c_str());
        QCOMPARE(f.broker.book.size(), size_t(1));
        const std::string id = f.broker.book.front().id;
        QCOMPARE(p.decision.orderId, id);
        QVERIFY(waitFor([&] { return statusOf(f.broker, id) == "canceled"; }, 2000));
        QCOMPARE(f.records().size(), size_t(1));
        QCOMPARE(f.records().front().orderId, id);
        QVERIFY(waitFor([&] { return f.records().front().orderStatus == "canceled"; }, 2000));
    }

    // Pulled in this console between proposing and placing: no order goes out.
    void engagedHereWhileADecisionIsInFlight() {
        DispatchFixture f;
        f.dispatcher->start();
        f.md.hold = true;
        Pending p;
        f.dispatcher->dispatch(f.addSignal("SPY", SignalAction::Call), {}, p.callback());
        QVERIFY(waitFor([&] { return f.md.pending() > 0; }));
        f.dispatcher->killSwitch().engage("pulled mid-decision");
        f.md.release();
        QVERIFY(waitFor([&] { return p.done; }));
        QVERIFY(!p.decision.placesOrder());
        QVERIFY2(p.decision.fallbackReason.rfind("Kill switch is on", 0) == 0,
                 p.decision.fallbackReason.c_str());
        QVERIFY(f.broker.submitted.empty());
        QVERIFY(f.broker.book.empty());
        QCOMPARE(f.records().size(), size_t(1));
    }

    // Pulled after the order's intent is recorded, while the send checks Alpaca for an earlier
    // order by its client order id (a PostgreSQL write waiting on another console, a slow
    // lookup): the switch is read again just before the send, and nothing goes out.
    void engagedWhileTheSendLooksUpTheOrder() {
        DispatchFixture f;
        f.dispatcher->start();
        f.broker.onLookup = [&f](const std::string &) {
            if (!f.records().empty() && !f.dispatcher->killSwitch().engaged())
                f.dispatcher->killSwitch().engage("pulled during the send");
        };
        Pending p;
        f.dispatcher->dispatch(f.addSignal("SPY", SignalAction::Call), {}, p.callback());
        QVERIFY(waitFor([&] { return p.done; }));
        QVERIFY(f.dispatcher->killSwitch().engaged());
        QVERIFY2(f.broker.submitted.empty(), "an order went out after the switch was pulled");
        QVERIFY(!p.decision.placesOrder());
        QVERIFY2(p.decision.fallbackReason.find("Kill switch is on") != std::string::npos,
                 p.decision.fallbackReason.c_str());
        QCOMPARE(f.records().size(), size_t(1));
    }

    // The submit's answer was lost before the order existed (its fate unknown), the switch is
    // pulled (it sweeps nothing: no order yet), then the request reaches Alpaca: the order the
    // tracker then finds is cancelled. It stayed working.
    void anOrderArrivingLateAfterTheSwitchIsCancelled() {
        DispatchFixture f;
        f.broker.loseSubmits = 1;
        const Decision d = f.dispatch(f.addSignal("SPY", SignalAction::Call));
        QCOMPARE(d.orderStatus, std::string("unknown"));
        const Result<int> swept = engageAndWait(f.dispatcher->killSwitch(), "test");
        QVERIFY(swept);
        QCOMPARE(*swept, 0);
        f.broker.acceptLate();
        QVERIFY(waitFor([&] { return !f.broker.book.empty(); }));
        const std::string id = f.broker.book.front().id;
        QVERIFY2(waitFor([&] { return statusOf(f.broker, id) == "canceled"; }, 2000),
                 statusOf(f.broker, id).c_str());
    }

    // Pulled in another console on the same database between proposing and placing: this
    // console does not know yet, and still sends no order.
    void engagedElsewhereWhileADecisionIsInFlight() {
        QTemporaryDir dir;
        const QString url = "sqlite:" + dir.filePath("book.db");
        DispatchFixture f(url);
        f.dispatcher->start();
        f.md.hold = true;
        Pending p;
        f.dispatcher->dispatch(f.addSignal("SPY", SignalAction::Call), {}, p.callback());
        QVERIFY(waitFor([&] { return f.md.pending() > 0; }));

        ExecutionStore otherStore;
        QVERIFY(otherStore.open(url));
        KillSwitch other(f.broker, killSwitchPersistence(otherStore));
        QVERIFY(engageAndWait(other, "from console b"));
        QVERIFY(!f.dispatcher->killSwitch().engaged()); // not re-read yet

        f.md.release();
        QVERIFY(waitFor([&] { return p.done; }));
        QVERIFY(!p.decision.placesOrder());
        QVERIFY2(p.decision.fallbackReason.rfind("Kill switch is on", 0) == 0,
                 p.decision.fallbackReason.c_str());
        QVERIFY(f.broker.submitted.empty());
        QVERIFY(f.broker.book.empty());
        QVERIFY(f.dispatcher->killSwitch().engaged());
    }

    // A run died after sending the order; the switch is pulled elsewhere before the signal runs
    // again: the order that exists is adopted and recorded (and, being open, cancelled), none is
    // sent.
    void pulledWhileARerunIsDecidedAdoptsTheEarlierOrder() {
        DispatchFixture f;
        f.dispatcher->start();
        const Signal s = f.addSignal("SPY", SignalAction::Call);
        f.broker.book.push_back(openOrder("ord-before-crash", f.dispatcher->clientOrderIdFor(s)));
        // The store has it on (as another console would leave it); this console re-reads it.
        // The re-run reconciles before deciding: the order that exists is adopted whatever the
        // switch says, and no decision (so no new order) is made.
        QVERIFY(f.store.kept().setValue(kKillSwitchStateKey, "on: pulled elsewhere"));
        QVERIFY(f.dispatcher->killSwitch().refresh());
        Pending p;
        f.dispatcher->dispatch(s, {}, p.callback());
        QVERIFY(waitFor([&] { return p.done; }));
        QVERIFY(p.decision.adoptedExistingOrder);
        QCOMPARE(p.decision.orderId, std::string("ord-before-crash"));
        QVERIFY(f.broker.submitted.empty());
        const auto recs = f.records();
        QCOMPARE(recs.size(), size_t(1));
        QCOMPARE(recs.front().orderId, std::string("ord-before-crash"));
        QVERIFY(recs.front().mode == ExecutionMode::AlpacaPaper);
        QVERIFY(
            waitFor([&] { return statusOf(f.broker, "ord-before-crash") == "canceled"; }, 2000));
    }
};

QTEST_GUILESS_MAIN(TestKillSwitch)
#include "tst_kill_switch.moc"
