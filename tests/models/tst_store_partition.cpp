// The window's trading session on PostgreSQL with a StoreWorker (as ui/main.cpp wires it): while
// the server is stopped with SIGSTOP the session's polls (signals, risk figures) keep the event
// loop turning, the worker says "Database unreachable, N records in the outbox", and after
// SIGCONT a signal inserted meanwhile by another client reaches the signal list. The trading
// engine's own store calls (the Auto run's claims, an order's intent and completion, a fill,
// a confirmed ticket) never wait for the server on the event loop either: nothing is sent
// without its intent recorded, and the records arrive once the server answers again.

#include "dispatch/confirmation_queue.h"
#include "dispatch/decision.h"
#include "dispatch/dispatch_state.h"
#include "dispatch/dispatcher.h"
#include "dispatch/kill_switch.h"
#include "domain/eastern_time.h"
#include "models/signals_model.h"
#include "models/trading_session.h"
#include "storage/execution_store.h"
#include "storage/store_worker.h"
#include "support/fake_broker.h"
#include "support/fake_market_data.h"
#include "support/fake_trade_updates.h"
#include "support/pg_fixture.h"
#include "support/scenario.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

using namespace cg;
using namespace cg::models;

namespace {

QByteArray loadAverage() {
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray();
}

// The longest gap between two ticks of a 20 ms timer: how long the event loop stood still.
struct LoopWatch : QObject {
    QElapsedTimer sinceTick;
    qint64 longest = 0;
    QTimer tick;
    LoopWatch() {
        tick.setInterval(20);
        connect(&tick, &QTimer::timeout, this, [this] {
            if (sinceTick.isValid())
                longest = std::max(longest, sinceTick.elapsed());
            sinceTick.restart();
        });
        tick.start();
    }
    void reset() {
        longest = 0;
        sinceTick.restart();
    }
};

// Resumes the stopped server when told, or by itself after a long while from another thread:
// an event loop blocked on the server would otherwise wait for ever (and the test would hang
// instead of failing on the gap it measured).
class Resumer {
public:
    explicit Resumer(test::PgFixture &pg, std::chrono::seconds deadline = std::chrono::seconds(20))
        : m_thread([this, &pg, deadline] {
            std::unique_lock lock(m_mutex);
            m_wake.wait_for(lock, deadline, [this] { return m_now; });
            m_error = pg.resumeServer();
            m_done = true;
        }) {}
    ~Resumer() { resume(); }
    QString resume() {
        {
            std::lock_guard lock(m_mutex);
            m_now = true;
        }
        m_wake.notify_all();
        if (m_thread.joinable())
            m_thread.join();
        return m_error;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_now = false;
    bool m_done = false;
    QString m_error;
    std::thread m_thread;
};

// The server stopped for one case: the event loop watched and the load read from the stop on,
// and a Resumer (armed at once, so a stop made later by a hook is covered too).
class Partition {
public:
    explicit Partition(test::PgFixture &pg,
                       std::chrono::seconds deadline = std::chrono::seconds(20))
        : m_pg(pg)
        , m_resumer(pg, deadline) {}
    // Stops the server: empty, or why not.
    QString stop() {
        const QString paused = m_pg.pauseServer();
        started();
        return paused;
    }
    // The stop just made (by a hook): the watch and the figures start from here.
    void started() {
        load = loadAverage();
        m_stopped.start();
        watch.reset();
    }
    // The server stopped by `hook` when it runs (an order looked up): pausedAtLookup says so.
    void stopOn(std::function<void()> &hook) {
        hook = [this] {
            pausedAtLookup = m_pg.pauseServer().isEmpty();
            started();
        };
    }
    // Resumes the server, the gap and the stopped time measured until then: empty, or why not.
    QString resume() {
        gap = watch.longest;
        stoppedMs = m_stopped.elapsed();
        return m_resumer.resume();
    }
    QByteArray stoppedFor() const {
        return QByteArray::number(stoppedMs) + QByteArrayLiteral(" ms stopped, ");
    }
    void print(const char *label, const QByteArray &before = {},
               const char *timer = "timer 20 ms") const {
        std::printf("%s: %slongest event-loop gap %lld ms (%s); loadavg %s\n", label,
                    before.constData(), static_cast<long long>(gap), timer, load.constData());
        std::fflush(stdout);
    }
    // Resumes, prints the figures under `label` (none without one; `before` ahead of the gap)
    // and checks the gap stayed under 500 ms: empty, or what went wrong.
    QString end(const char *label, const QByteArray &before = {}, bool withStopped = false) {
        if (const QString resumed = resume(); !resumed.isEmpty())
            return resumed;
        if (label)
            print(label, withStopped ? stoppedFor() + before : before);
        return gap < 500 ? QString() : QStringLiteral("event loop stopped for %1 ms").arg(gap);
    }
    // end(), the stopped time printed too (measured as the server is resumed).
    QString endStopped(const char *label) { return end(label, {}, true); }

    LoopWatch watch;
    QByteArray load;
    qint64 gap = 0;
    qint64 stoppedMs = 0;
    bool pausedAtLookup = false;

private:
    test::PgFixture &m_pg;
    QElapsedTimer m_stopped;
    Resumer m_resumer;
};

// The fake broker, with a hook run as an order is looked up by its client order id (the crash
// recovery's question): a test stops the server right there, before the store call that follows.
struct LookupBroker : test::FakeBroker {
    std::function<void()> beforeLookup;
    void orderByClientId(const std::string &cid, Callback<Order> done) override {
        if (const auto hook = std::exchange(beforeLookup, nullptr))
            hook();
        test::FakeBroker::orderByClientId(cid, std::move(done));
    }
};

// A trading session over the fake broker and market (the seed's day: SPY's chain passes the
// gates) on a PostgreSQL database, with the window's StoreWorker.
struct Desk {
    FixedClock clock{test::seedNow()};
    LookupBroker broker;
    test::FakeMarketData market;
    test::FakeTradeUpdates stream;
    ExecutionStore store;
    std::unique_ptr<TradingSession> session;
    std::unique_ptr<StoreWorker> worker;

    QString open(const QString &url, const QString &outbox) {
        if (const QString prepared = prepare(url, outbox); !prepared.isEmpty())
            return prepared;
        if (auto r = session->start(); !r)
            return QString::fromStdString(r.error().message);
        return {};
    }
    // The session and its worker, not started yet.
    QString prepare(const QString &url, const QString &outbox) {
        market.prices["SPY"] = test::kSeedSpot;
        market.contracts = test::seedChain();
        broker.now = clock.now();
        store.setOutboxPath(outbox);
        if (auto r = store.open(url); !r)
            return QString::fromStdString(r.error().message);
        TradingSession::Options o;
        o.orderMode = ExecutionMode::AlpacaPaper;
        o.signalPollMs = 100;
        o.accountPollMs = 100;
        o.settings.orderPollIntervalMs = 60000; // fills come by the stream
        session = std::make_unique<TradingSession>(broker, market, store, clock, o);
        StoreWorker::Options wo;
        wo.probeMs = 200;
        wo.stallMs = 1500;
        worker = std::make_unique<StoreWorker>(store, wo);
        worker->start(url);
        session->setStoreWorker(worker.get());
        session->setTradeUpdates(&stream);
        return {};
    }
    ~Desk() {
        session.reset();
        worker.reset();
    }
    Result<std::int64_t> addSignal() {
        Signal s;
        s.symbol = "SPY";
        s.action = SignalAction::Call;
        s.strategy = Strategy::DayTrade;
        s.source = "test";
        s.createdAt = clock.now();
        return store.signals().enqueue(s);
    }
    // TradingSession::addSignal's answer, waited for.
    std::optional<Result<qint64>> queued;
    void queueSignal(const QString &symbol) {
        session->addSignal(symbol, SignalAction::Call, Strategy::DayTrade, std::nullopt,
                           [this](Result<qint64> r) { queued = std::move(r); });
    }
    bool unreachable() const {
        return worker->statusText().startsWith(QStringLiteral("Database unreachable"));
    }
    // Whether the status bar came to say unreachable, then `settleMs` more on the event loop.
    bool waitUnreachable(int settleMs) {
        const bool seen = QTest::qWaitFor([&] { return unreachable(); }, 30000);
        QTest::qWait(settleMs);
        return seen;
    }
    // The console's book tag, once read (empty if not within 20 s).
    std::string waitForBookTag() {
        (void)QTest::qWaitFor([&] { return !session->dispatcher().currentBookTag().empty(); },
                              20000); // the caller checks the tag
        return session->dispatcher().currentBookTag();
    }
    // Two reloads of the signal list: the session's polls run.
    bool waitForReloads() {
        QSignalSpy reloaded(session.get(), &TradingSession::signalsReloaded);
        return QTest::qWaitFor([&] { return reloaded.count() >= 2; }, 20000);
    }
};

// What the database holds, read on a connection of its own.
std::vector<ExecutionRecord> recordsIn(const QString &url, const QString &outbox) {
    ExecutionStore reader;
    reader.setOutboxPath(outbox);
    if (!reader.open(url))
        return {};
    ExecutionFilter f;
    f.limit = 1000;
    auto r = reader.records().executions(f);
    return r ? *r : std::vector<ExecutionRecord>{};
}

// An order of `bookTag`'s signal `signalId` on the account (ChainGate placed it, the record
// of it may be missing or an unfinished intent).
Order bookOrder(const std::string &bookTag, std::int64_t signalId, Timestamp at) {
    Order o;
    o.id = "ord-recovered-" + std::to_string(signalId);
    o.clientOrderId = clientOrderIdFor(signalId, bookTag);
    o.symbol = "SPY260130C00709000";
    o.status = "new";
    o.qty = 1;
    o.limitPrice = 1.23;
    o.createdAt = at;
    return o;
}

} // namespace

class TestStorePartition : public QObject {
    Q_OBJECT
    test::PgFixture m_pg;
    QTemporaryDir m_tmp;

    QString m_url;
    QString m_outbox;

    // The server (started once) and a new database for the slot.
    QString newDatabase() {
        if (!m_pg.isRunning()) {
            if (const QString started = m_pg.start(); !started.isEmpty())
                return started;
        }
        QString err;
        m_url = m_pg.createDatabase(&err);
        return m_url.isEmpty() ? err : QString();
    }
    // A new database and the case's outbox path under `outboxName`: empty, or why not.
    QString newCase(const QString &outboxName) {
        if (!m_tmp.isValid())
            return QStringLiteral("no temporary directory");
        m_outbox = m_tmp.filePath(outboxName);
        return newDatabase();
    }
    // A new database and `desk` opened (started) on it: empty, or why not.
    QString openDesk(Desk &desk, const QString &outboxName) {
        if (const QString made = newCase(outboxName); !made.isEmpty())
            return made;
        return desk.open(m_url, m_outbox);
    }
    // What the case's database holds.
    std::vector<ExecutionRecord> records() const { return recordsIn(m_url, m_outbox); }
    // Whether the database comes to hold exactly one record, and `check` holds for it.
    template <typename Check> bool expectOneRecord(Check check) const {
        return QTest::qWaitFor(
            [&] {
                const auto recs = records();
                return recs.size() == 1 && check(recs.front());
            },
            30000);
    }
    // An order placed by Auto for a signal, left open ("new"), Auto back to Manual: its order.
    QString placeOpenOrder(Desk &desk) {
        if (!desk.addSignal())
            return QStringLiteral("signal not added");
        if (!desk.session->setMode(TradingSession::Mode::Auto))
            return QStringLiteral("Auto refused");
        if (!expectOneRecord([](const ExecutionRecord &r) { return r.orderStatus == "new"; }))
            return QStringLiteral("no open order recorded");
        if (!QTest::qWaitFor([&] { return !desk.session->isRunning(); }, 30000))
            return QStringLiteral("the run did not end");
        if (!desk.session->setMode(TradingSession::Mode::Manual))
            return QStringLiteral("Manual refused");
        if (desk.broker.book.size() != 1)
            return QStringLiteral("%1 orders on the account").arg(desk.broker.book.size());
        return {};
    }

private Q_SLOTS:
    void cleanupTestCase() {
        (void)m_pg.resumeServer();
        m_pg.shutdown();
    }

    void sessionPollsNeverStopTheEventLoop() {
        CG_REQUIRE_POSTGRESQL();
        const QString made = newCase(QStringLiteral("outbox.db"));
        QVERIFY2(made.isEmpty(), qPrintable(made));
        const QString url = m_url;

        ExecutionStore store;
        store.setOutboxPath(m_outbox);
        QVERIFY(store.open(url));
        test::FakeBroker broker;
        test::FakeMarketData market;
        const FixedClock clock(easternInstant(std::chrono::year{2026} / 12 / 4, 10, 30));
        TradingSession::Options o;
        o.signalPollMs = 100;
        o.accountPollMs = 100;
        TradingSession session(broker, market, store, clock, o);
        StoreWorker::Options wo;
        wo.probeMs = 200;
        wo.stallMs = 1500;
        StoreWorker worker(store, wo);
        worker.start(url);
        session.setStoreWorker(&worker);
        QVERIFY(session.start());
        QSignalSpy reloaded(&session, &TradingSession::signalsReloaded);
        QTRY_VERIFY_WITH_TIMEOUT(reloaded.count() >= 3, 20000);

        // Resumed by the test itself: the self-resume only guards against a hang.
        Partition partition(m_pg, std::chrono::seconds(60));
        const QString paused = partition.stop();
        QVERIFY2(paused.isEmpty(), qPrintable(paused));
        QTRY_COMPARE_WITH_TIMEOUT(worker.statusText(),
                                  QStringLiteral("Database unreachable, 0 records in the outbox"),
                                  30000);
        QTest::qWait(3000); // polls keep firing every 100 ms, the event loop keeps turning

        // Another client inserts a signal; it shows once the server answers again.
        const QString resumed = partition.resume();
        QVERIFY2(resumed.isEmpty(), qPrintable(resumed));
        ExecutionStore other;
        other.setOutboxPath(m_tmp.filePath(QStringLiteral("other-outbox.db")));
        QVERIFY(other.open(url));
        Signal s;
        s.symbol = "QQQ";
        s.action = SignalAction::Put;
        s.source = "outside";
        s.createdAt = clock.now();
        auto id = other.signals().enqueue(s);
        QVERIFY(id);
        QTRY_VERIFY_WITH_TIMEOUT(session.signalsModel()->rowOf(*id) >= 0, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(worker.statusText(), QString(), 30000);
        QCOMPARE(store.health(), StoreHealth::Connected);

        partition.print("SESSION PARTITION", partition.stoppedFor(),
                        "timer 20 ms, polls every 100 ms");
        const qint64 gap = partition.gap;
        QVERIFY2(gap < 2000 && gap * 2 < partition.stoppedMs,
                 qPrintable(QStringLiteral("event loop stopped for %1 ms").arg(gap)));
    }

    // Auto is switched on just after the server stopped: the run's claim, the order's intent and
    // its completion wait on the worker, never on the event loop; nothing is sent until the
    // intent is in the database; after SIGCONT the order goes out with exactly one record.
    void autoOrderDuringPartitionNeverStopsTheEventLoop() {
        CG_REQUIRE_POSTGRESQL();
        Desk desk;
        const QString opened = openDesk(desk, QStringLiteral("auto-outbox.db"));
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        auto signal = desk.addSignal();
        QVERIFY(signal);
        QVERIFY(desk.waitForReloads());

        Partition partition(m_pg);
        const QString paused = partition.stop();
        QVERIFY2(paused.isEmpty(), qPrintable(paused));
        QVERIFY(desk.session->setMode(TradingSession::Mode::Auto));
        const bool seen = desk.waitUnreachable(1000); // the run waits, the window does not
        const int sent = int(desk.broker.submitted.size());
        const QString ended = partition.endStopped("AUTO ORDER PARTITION");
        QVERIFY2(ended.isEmpty(), qPrintable(ended));
        QVERIFY(seen);     // the status bar said unreachable
        QCOMPARE(sent, 0); // no intent recorded, nothing sent

        // The order goes out once its intent is in, and is recorded once.
        QTRY_COMPARE_WITH_TIMEOUT(int(desk.broker.submitted.size()), 1, 30000);
        QVERIFY(expectOneRecord([&](const ExecutionRecord &r) {
            return r.signalId == *signal && r.orderStatus != "sending" && !r.orderId.empty();
        }));
        QCOMPARE(desk.broker.submitted.front().clientOrderId, records().front().clientOrderId);
        QTRY_COMPARE_WITH_TIMEOUT(desk.worker->statusText(), QString(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!desk.session->isRunning(), 30000);
        QCOMPARE(int(records().size()), 1);
    }

    // A fill pushed while the server is stopped: the event loop goes on, and the record shows
    // the fill once the server answers again.
    void fillDuringPartitionIsWrittenAfterwards() {
        CG_REQUIRE_POSTGRESQL();
        Desk desk;
        desk.broker.initialStatus = "new";
        const QString opened = openDesk(desk, QStringLiteral("fill-outbox.db"));
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        const QString placed = placeOpenOrder(desk);
        QVERIFY2(placed.isEmpty(), qPrintable(placed));
        const std::string cid = desk.broker.book.front().clientOrderId;

        Partition partition(m_pg);
        const QString paused = partition.stop();
        QVERIFY2(paused.isEmpty(), qPrintable(paused));
        desk.broker.fill(cid, 1.23);
        desk.stream.push("fill", *desk.broker.byClientId(cid), 1.23);
        const bool seen = desk.waitUnreachable(500);
        const QString ended = partition.end("FILL PARTITION");
        QVERIFY2(ended.isEmpty(), qPrintable(ended));
        QVERIFY(seen);

        QVERIFY(expectOneRecord([](const ExecutionRecord &r) {
            return r.orderStatus == "filled" && r.fillPrice && std::abs(*r.fillPrice - 1.23) < 1e-9;
        }));
        QTRY_COMPARE_WITH_TIMEOUT(desk.worker->statusText(), QString(), 30000);
    }

    // A ticket confirmed once the database is known to be unreachable: refused at once with a
    // reason the trader can read; nothing is sent; the refusal is recorded afterwards, once.
    void ticketConfirmedWhileUnreachableIsRefusedAtOnce() {
        CG_REQUIRE_POSTGRESQL();
        Desk desk;
        const QString opened = openDesk(desk, QStringLiteral("ticket-outbox.db"));
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        auto signal = desk.addSignal();
        QVERIFY(signal);
        QSignalSpy tickets(desk.session.get(), &TradingSession::ticketOpened);
        QVERIFY(desk.session->dispatchSignal(*signal));
        QTRY_COMPARE_WITH_TIMEOUT(tickets.count(), 1, 30000);
        const int ticket = tickets.front().front().toInt();

        Partition partition(m_pg);
        const QString paused = partition.stop();
        QVERIFY2(paused.isEmpty(), qPrintable(paused));
        QTRY_VERIFY_WITH_TIMEOUT(desk.unreachable(), 30000);
        QSignalSpy messages(desk.session.get(), &TradingSession::message);
        std::optional<Decision> answer;
        desk.session->queue().confirm(ticket, TicketChanges{},
                                      [&](TicketVerdict v) { answer = std::move(v.decision); });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 5000);
        QCOMPARE(int(desk.broker.submitted.size()), 0);
        QVERIFY2(QString::fromStdString(answer->fallbackReason)
                     .contains(QStringLiteral("no order is sent")),
                 answer->fallbackReason.c_str());
        const QString ended = partition.end(nullptr); // no figure printed here
        QVERIFY2(ended.isEmpty(), qPrintable(ended));

        QVERIFY(expectOneRecord([&](const ExecutionRecord &r) {
            return r.signalId == *signal && r.mode == ExecutionMode::SimulatedFallback;
        }));
        QCOMPARE(int(desk.broker.submitted.size()), 0);
    }

    // A ticket confirmed and another rejected just after the server stopped, before the worker
    // knows it: the confirm's count of today's orders and the rejection's record wait on the
    // worker, never on the event loop; nothing is sent meanwhile; afterwards each signal has
    // exactly one record, and an order sent has its client order id recorded.
    void ticketConfirmAndRejectRightAfterTheStopNeverStopTheEventLoop() {
        CG_REQUIRE_POSTGRESQL();
        Desk desk;
        const QString opened = openDesk(desk, QStringLiteral("confirm-outbox.db"));
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        auto first = desk.addSignal();
        auto second = desk.addSignal();
        QVERIFY(first && second);
        QSignalSpy tickets(desk.session.get(), &TradingSession::ticketOpened);
        QVERIFY(desk.session->dispatchSignal(*first));
        QVERIFY(desk.session->dispatchSignal(*second));
        QTRY_COMPARE_WITH_TIMEOUT(tickets.count(), 2, 30000);
        const int confirmed = tickets.at(0).front().toInt();
        const int rejected = tickets.at(1).front().toInt();

        std::optional<TicketVerdict> answer;
        QSignalSpy rejections(&desk.session->queue(), &ConfirmationQueue::ticketRejected);
        Partition partition(m_pg);
        const QString paused = partition.stop();
        QVERIFY2(paused.isEmpty(), qPrintable(paused));
        QVERIFY(!desk.unreachable()); // the worker does not know yet
        QVERIFY(desk.session->queue().reject(rejected));
        desk.session->queue().confirm(confirmed, TicketChanges{},
                                      [&](TicketVerdict v) { answer = std::move(v); });
        const bool seen = desk.waitUnreachable(1000);
        const int sent = int(desk.broker.submitted.size());
        const QString ended = partition.endStopped("TICKET CONFIRM+REJECT PARTITION");
        QVERIFY2(ended.isEmpty(), qPrintable(ended));
        QVERIFY(seen);
        QCOMPARE(sent, 0); // the count has not answered: nothing was sent

        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(rejections.count(), 1, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto recs = records();
                return recs.size() == 2 &&
                       std::all_of(recs.begin(), recs.end(), [](const ExecutionRecord &r) {
                           return r.orderStatus != "sending";
                       });
            }(),
            30000);
        for (const ExecutionRecord &r : records()) {
            if (r.signalId == *second) {
                QVERIFY(r.mode == ExecutionMode::RejectedByUser);
            } else {
                QCOMPARE(r.signalId, *first);
                if (answer->kind == TicketVerdict::Kind::Send) {
                    QCOMPARE(int(desk.broker.submitted.size()), 1);
                    QCOMPARE(desk.broker.submitted.front().clientOrderId, r.clientOrderId);
                } else {
                    QCOMPARE(int(desk.broker.submitted.size()), 0);
                    QVERIFY(r.mode == ExecutionMode::SimulatedFallback);
                }
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(desk.worker->statusText(), QString(), 30000);
    }

    // An order replaced just after the server stopped: the replacing order's record is read and
    // written on the worker, never on the event loop, and is in the database afterwards.
    void replacementRightAfterTheStopNeverStopsTheEventLoop() {
        CG_REQUIRE_POSTGRESQL();
        Desk desk;
        desk.broker.initialStatus = "new";
        const QString opened = openDesk(desk, QStringLiteral("replace-outbox.db"));
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        const QString made = placeOpenOrder(desk);
        QVERIFY2(made.isEmpty(), qPrintable(made));
        const Order placed = desk.broker.book.front();

        Partition partition(m_pg);
        const QString paused = partition.stop();
        QVERIFY2(paused.isEmpty(), qPrintable(paused));
        bool replaced = false;
        desk.session->replaceOrder(QString::fromStdString(placed.id),
                                   QString::fromStdString(placed.clientOrderId), 2, std::nullopt,
                                   false, [&](Result<Order> r) { replaced = bool(r); });
        const bool seen = desk.waitUnreachable(500);
        const QString ended = partition.end("REPLACE PARTITION");
        QVERIFY2(ended.isEmpty(), qPrintable(ended));
        QVERIFY(seen);
        QVERIFY(replaced);

        QTRY_COMPARE_WITH_TIMEOUT(int(records().size()), 2, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(desk.worker->statusText(), QString(), 30000);
    }

    // Dispatch pressed on a signal, and Auto asked for (the pending signals counted), just after
    // the server stopped: the count, the claim and the record check wait on the worker, never on
    // the event loop; the ticket opens once the server answers again.
    void dispatchAndCountRightAfterTheStopNeverStopTheEventLoop() {
        CG_REQUIRE_POSTGRESQL();
        Desk desk;
        const QString opened = openDesk(desk, QStringLiteral("claim-outbox.db"));
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        auto signal = desk.addSignal();
        QVERIFY(signal);
        QVERIFY(desk.waitForReloads());
        QSignalSpy tickets(desk.session.get(), &TradingSession::ticketOpened);

        std::optional<Result<int>> pending;
        Partition partition(m_pg);
        const QString paused = partition.stop();
        QVERIFY2(paused.isEmpty(), qPrintable(paused));
        QVERIFY(!desk.unreachable()); // the worker does not know yet
        desk.session->pendingSignalCount([&](Result<int> n) { pending = std::move(n); });
        QVERIFY(desk.session->dispatchSignal(*signal));
        const bool seen = desk.waitUnreachable(500);
        const QString ended = partition.end("DISPATCH+COUNT PARTITION");
        QVERIFY2(ended.isEmpty(), qPrintable(ended));
        QVERIFY(seen);
        QCOMPARE(tickets.count(), 0);

        QTRY_VERIFY_WITH_TIMEOUT(pending.has_value(), 30000);
        QVERIFY(*pending);
        QCOMPARE(**pending, 1); // counted before the claim (the worker keeps the order)
        QTRY_COMPARE_WITH_TIMEOUT(tickets.count(), 1, 30000);
        QCOMPARE(int(desk.broker.submitted.size()), 0);
        QTRY_COMPARE_WITH_TIMEOUT(desk.worker->statusText(), QString(), 30000);
    }

    // The kill switch released just after the server stopped: the "off" is saved on the worker,
    // never on the event loop; the switch stays on until the store has it, then is off there.
    void killSwitchReleaseRightAfterTheStopNeverStopsTheEventLoop() {
        CG_REQUIRE_POSTGRESQL();
        Desk desk;
        const QString opened = openDesk(desk, QStringLiteral("release-outbox.db"));
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        desk.session->engageKillSwitch(QStringLiteral("test"));
        QTRY_VERIFY_WITH_TIMEOUT(desk.session->killSwitch().saved(), 30000);
        QVERIFY(desk.session->killSwitchEngaged());

        std::optional<Result<Unit>> released;
        Partition partition(m_pg);
        const QString paused = partition.stop();
        QVERIFY2(paused.isEmpty(), qPrintable(paused));
        QVERIFY(!desk.unreachable()); // the worker does not know yet
        desk.session->releaseKillSwitch([&](Result<Unit> r) { released = std::move(r); });
        // Not asserted: the save may fail at once instead (its connection broke), no stall.
        (void)desk.waitUnreachable(500);
        const QString ended = partition.end("KILL SWITCH RELEASE PARTITION");
        QVERIFY2(ended.isEmpty(), qPrintable(ended));

        // Released, or (refused, or the save failed while the server was stopped) still on and
        // told so: either way, once the console's state is saved, the console and the store agree.
        QTRY_VERIFY_WITH_TIMEOUT(released.has_value(), 30000);
        QCOMPARE(desk.session->killSwitchEngaged(), !*released);
        if (!*released)
            QVERIFY2(QString::fromStdString(released->error().message).contains("stays on"),
                     released->error().message.c_str());
        QTRY_VERIFY_WITH_TIMEOUT(desk.session->killSwitch().saved(), 30000);
        ExecutionStore reader;
        reader.setOutboxPath(m_tmp.filePath(QStringLiteral("release-reader-outbox.db")));
        QVERIFY(reader.open(m_url));
        KillSwitch other(desk.broker, killSwitchPersistence(reader));
        QVERIFY(other.load());
        QCOMPARE(other.engaged(), desk.session->killSwitchEngaged());
    }

    // A signal typed in just after the server stopped: its insert waits on the worker, never on
    // the event loop; the row is in the database and in the list afterwards.
    void addSignalRightAfterTheStopNeverStopsTheEventLoop() {
        CG_REQUIRE_POSTGRESQL();
        Desk desk;
        const QString opened = openDesk(desk, QStringLiteral("add-outbox.db"));
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        QVERIFY(desk.waitForReloads());

        Partition partition(m_pg);
        const QString paused = partition.stop();
        QVERIFY2(paused.isEmpty(), qPrintable(paused));
        QVERIFY(!desk.unreachable()); // the worker does not know yet
        desk.queueSignal(QStringLiteral("QQQ"));
        const bool seen = desk.waitUnreachable(500);
        const bool answered = desk.queued.has_value();
        const QString ended = partition.end("ADD SIGNAL PARTITION");
        QVERIFY2(ended.isEmpty(), qPrintable(ended));
        QVERIFY(seen);
        QVERIFY(!answered); // the insert waits for the server

        QTRY_VERIFY_WITH_TIMEOUT(desk.queued.has_value(), 30000);
        QVERIFY2(*desk.queued, *desk.queued ? "" : desk.queued->error().message.c_str());
        const qint64 id = **desk.queued;
        QTRY_VERIFY_WITH_TIMEOUT(desk.session->signalsModel()->rowOf(id) >= 0, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(desk.worker->statusText(), QString(), 30000);
    }

    // The window starts just after the server stopped: the kill switch, the book tag and the
    // unfinished records are read on the worker, the account's unrecorded order of this book is
    // adopted there, never on the event loop; nothing is decided before the switch is read.
    void startRightAfterTheStopNeverStopsTheEventLoop() {
        CG_REQUIRE_POSTGRESQL();
        const QString made = newCase(QStringLiteral("start-outbox.db"));
        QVERIFY2(made.isEmpty(), qPrintable(made));
        std::string tag;
        std::int64_t signal = 0;
        {
            // Another console pulled the switch; an order of this book has no record.
            ExecutionStore other;
            other.setOutboxPath(m_tmp.filePath(QStringLiteral("start-other-outbox.db")));
            QVERIFY(other.open(m_url));
            QVERIFY(killSwitchPersistence(other).save("on: pulled elsewhere"));
            auto t = bookTag(other);
            QVERIFY(t);
            tag = *t;
            Signal s;
            s.symbol = "SPY";
            s.action = SignalAction::Call;
            s.source = "test";
            s.createdAt = test::seedNow();
            auto id = other.signals().enqueue(s);
            QVERIFY(id);
            signal = *id;
        }
        Desk desk;
        desk.broker.book.push_back(bookOrder(tag, signal, desk.clock.now()));
        const QString prepared = desk.prepare(m_url, m_outbox);
        QVERIFY2(prepared.isEmpty(), qPrintable(prepared));
        QTRY_VERIFY_WITH_TIMEOUT(desk.worker->isReachable() && desk.worker->oldestWaitMs() == 0,
                                 20000);
        QTest::qWait(300); // the worker's first ping answered

        Partition partition(m_pg);
        const QString paused = partition.stop();
        QVERIFY2(paused.isEmpty(), qPrintable(paused));
        QElapsedTimer call;
        call.start();
        const auto started = desk.session->start();
        const qint64 startMs = call.elapsed();
        const bool seen = desk.waitUnreachable(500);
        const int sent = int(desk.broker.submitted.size());
        const QString ended =
            partition.end("START PARTITION", "start() " + QByteArray::number(startMs) + " ms, ");
        QVERIFY2(started, started ? "" : started.error().message.c_str());
        QVERIFY2(ended.isEmpty(), qPrintable(ended));
        QVERIFY(seen);
        QCOMPARE(sent, 0);

        // Read once the server answers: the switch is on here too, the order is recorded.
        QTRY_VERIFY_WITH_TIMEOUT(desk.session->killSwitchEngaged(), 30000);
        QVERIFY(expectOneRecord([&](const ExecutionRecord &r) {
            return r.signalId == signal && r.clientOrderId == clientOrderIdFor(signal, tag);
        }));
        QCOMPARE(desk.session->dispatcher().currentBookTag(), tag);
        QVERIFY(!desk.session->setMode(TradingSession::Mode::Auto)); // the switch holds
        QCOMPARE(int(desk.broker.submitted.size()), 0);
        QTRY_COMPARE_WITH_TIMEOUT(desk.worker->statusText(), QString(), 30000);
    }

    // Crash recovery in the window: a signal whose earlier run left an unfinished intent, with
    // its order on the account, is dispatched; the server stops just as the order is looked
    // up. The intent's completion waits on the worker, never on the event loop.
    void resumedIntentRightAfterTheStopNeverStopsTheEventLoop() {
        CG_REQUIRE_POSTGRESQL();
        Desk desk;
        const QString opened = openDesk(desk, QStringLiteral("resume-outbox.db"));
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        auto signal = desk.addSignal();
        QVERIFY(signal);
        const std::string tag = desk.waitForBookTag();
        QVERIFY(!tag.empty());
        const Order order = bookOrder(tag, *signal, desk.clock.now());
        {
            ExecutionRecord intent;
            intent.executionUid = "resume-intent";
            intent.signalId = *signal;
            intent.ticker = "SPY";
            intent.action = "CALL";
            intent.instrumentType = "OPTION";
            intent.optionSymbol = order.symbol;
            intent.mode = ExecutionMode::AlpacaPaper;
            intent.strategy = "day_trade";
            intent.qty = 1;
            intent.limitPrice = 1.23;
            intent.clientOrderId = order.clientOrderId;
            intent.orderStatus = kSendingStatus;
            intent.explainJson = "{}";
            intent.createdAt = desk.clock.now();
            QVERIFY(desk.store.records().recordExecution(intent));
        }
        desk.broker.book.push_back(order);

        Partition partition(m_pg, std::chrono::seconds(40));
        partition.stopOn(desk.broker.beforeLookup);
        QVERIFY(desk.session->setMode(TradingSession::Mode::Auto));
        QTRY_VERIFY_WITH_TIMEOUT(partition.pausedAtLookup, 30000);
        const bool seen = desk.waitUnreachable(500);
        const QString ended = partition.end("RESUMED INTENT PARTITION");
        QVERIFY2(ended.isEmpty(), qPrintable(ended));
        QVERIFY(seen);
        // The intent becomes the order's record; nothing is sent again.
        QVERIFY(expectOneRecord([&](const ExecutionRecord &r) {
            return r.orderId == order.id && r.orderStatus != kSendingStatus;
        }));
        QCOMPARE(int(desk.broker.submitted.size()), 0);
        QTRY_COMPARE_WITH_TIMEOUT(desk.worker->statusText(), QString(), 30000);
    }

    // A signal whose order is on the account without a record (its console died after the
    // send) is dispatched from the list; the server stops just as the order is looked up. The
    // adoption's check and record wait on the worker, never on the event loop.
    void adoptionRightAfterTheStopNeverStopsTheEventLoop() {
        CG_REQUIRE_POSTGRESQL();
        Desk desk;
        const QString opened = openDesk(desk, QStringLiteral("adopt-outbox.db"));
        QVERIFY2(opened.isEmpty(), qPrintable(opened));
        auto signal = desk.addSignal();
        QVERIFY(signal);
        const std::string tag = desk.waitForBookTag();
        QVERIFY(!tag.empty());
        const Order order = bookOrder(tag, *signal, desk.clock.now());
        desk.broker.book.push_back(order);
        QVERIFY(desk.waitForReloads());
        QSignalSpy tickets(desk.session.get(), &TradingSession::ticketOpened);

        Partition partition(m_pg, std::chrono::seconds(40));
        partition.stopOn(desk.broker.beforeLookup);
        QVERIFY(desk.session->dispatchSignal(*signal));
        QTRY_VERIFY_WITH_TIMEOUT(partition.pausedAtLookup, 30000);
        const bool seen = desk.waitUnreachable(500);
        const QString ended = partition.end("ADOPTION PARTITION");
        QVERIFY2(ended.isEmpty(), qPrintable(ended));
        QVERIFY(seen);
        // Adopted and recorded once; never a ticket, never sent again.
        QVERIFY(expectOneRecord([&](const ExecutionRecord &r) {
            return r.orderId == order.id && r.signalId == *signal;
        }));
        QCOMPARE(tickets.count(), 0);
        QCOMPARE(int(desk.broker.submitted.size()), 0);
        QTRY_COMPARE_WITH_TIMEOUT(desk.worker->statusText(), QString(), 30000);
    }
};

QTEST_GUILESS_MAIN(TestStorePartition)
#include "tst_store_partition.moc"
