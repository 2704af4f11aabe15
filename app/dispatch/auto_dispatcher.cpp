#include "dispatch/auto_dispatcher.h"

#include "dispatch/claim_owner.h"
#include "dispatch/crash_point.h"
#include "dispatch/dispatcher.h"
#include "dispatch/log.h"
#include "storage/execution_store.h"
#include "storage/store_notifications.h"
#include "storage/store_runner.h"

#include <QPointer>

#include <utility>

namespace cg {

namespace {
// A claim of `holder` back to PENDING; a failure is only logged (its lease expires anyway).
void releaseDeferred(ExecutionStore &store, std::int64_t signal, const std::string &holder) {
    if (auto released = store.signals().release(signal, holder); !released)
        qCWarning(lcDispatch).noquote()
            << "could not put signal" << signal
            << "back to the queue:" << QString::fromStdString(released.error().message);
}
} // namespace

AutoDispatcher::AutoDispatcher(Dispatcher &dispatcher, std::string dispatcherId, QObject *parent)
    : QObject(parent)
    , m_dispatcher(dispatcher)
    , m_id(std::move(dispatcherId)) {
    m_timer.setInterval(std::max(1, dispatcher.settings().timerIntervalSec) * 1000);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (!runOnce())
            Q_EMIT tickSkipped();
    });
    connect(&dispatcher.killSwitch(), &KillSwitch::changed, this, [this](bool engaged) {
        if (engaged)
            stop();
    });
    setClaimLease(std::chrono::seconds(m_dispatcher.store().signals().leaseSeconds()));
    connect(&m_heartbeat, &QTimer::timeout, this, [this] {
        if (m_heartbeatInFlight)
            return; // the last one has not answered: no pile of them behind a stuck job
        m_heartbeatInFlight = true;
        m_dispatcher.storeRunner().run<int>(
            [id = m_id](ExecutionStore &s) { return s.signals().heartbeat(id); }, this,
            [this](Result<int> renewed) {
                m_heartbeatInFlight = false;
                if (!renewed)
                    qCWarning(lcDispatch).noquote()
                        << "could not renew the signal claims:"
                        << QString::fromStdString(renewed.error().message);
            });
    });
    if (m_dispatcher.store().isPostgreSQL()) {
        m_notifications = new StoreNotifications(m_dispatcher.store(), this);
        connect(m_notifications, &StoreNotifications::signalsPending, this, &AutoDispatcher::wake);
        connect(m_notifications, &StoreNotifications::stateChanged, this, [this] {
            (void)m_dispatcher.killSwitch().refresh(); // engaged elsewhere: `changed` stops us
        });
    }
}

void AutoDispatcher::setClaimLease(std::chrono::seconds lease) {
    const int seconds = static_cast<int>(std::max<long long>(1, lease.count()));
    m_dispatcher.store().signals().setLeaseSeconds(seconds);
    // The runner's store (the window's worker has its own connection) claims with it too.
    m_dispatcher.storeRunner().post(
        [seconds](ExecutionStore &s) -> std::function<void()> {
            s.signals().setLeaseSeconds(seconds);
            return {};
        },
        this);
    m_heartbeat.setInterval(std::max(seconds * 1000 / 3, 200));
}

bool AutoDispatcher::isListening() const {
    return m_notifications && m_notifications->isListening();
}

// A notification: in Auto, dispatch now; during a run, once more after it (the run may have
// looked before the row was committed).
void AutoDispatcher::wake() {
    if (!m_timer.isActive())
        return;
    if (m_running) {
        m_wakeAfterRun = true;
        return;
    }
    runOnce();
}

void AutoDispatcher::setInterval(std::chrono::milliseconds interval) {
    m_timer.setInterval(static_cast<int>(std::max<long long>(1, interval.count())));
}

std::chrono::milliseconds AutoDispatcher::interval() const {
    return std::chrono::milliseconds(m_timer.interval());
}

bool AutoDispatcher::start() {
    if (m_dispatcher.killSwitch().engaged()) {
        qCWarning(lcDispatch) << "timer not started: the kill switch is on";
        return false;
    }
    if (!m_timer.isActive()) {
        m_timer.start();
        Q_EMIT activeChanged(true);
    }
    runOnce();
    return true;
}

void AutoDispatcher::stop() {
    // Back to Manual: the order in flight completes (and is recorded), nothing more is claimed.
    m_stopRequested = m_running;
    if (m_timer.isActive()) {
        m_timer.stop();
        Q_EMIT activeChanged(false);
    }
}

bool AutoDispatcher::runOnce(std::function<void(RunSummary)> done) {
    // Another console on the same book may have pulled the switch since the last run.
    if (!m_running)
        (void)m_dispatcher.killSwitch().refresh();
    if (m_running || m_dispatcher.killSwitch().engaged()) {
        if (done) {
            RunSummary s;
            s.skipped = true;
            s.error = m_running ? "a run is in progress" : "the kill switch is on";
            done(s);
        }
        return false;
    }
    m_running = true;
    m_stopRequested = false;
    m_wakeAfterRun = false;
    m_heartbeat.start();
    m_summary = RunSummary{};
    m_done = std::move(done);
    Q_EMIT runStarted();
    QPointer<AutoDispatcher> self(this);
    recoverClaims([self] {
        if (self)
            self->next();
    });
    return true;
}

// At the first run, signals this console claimed before a crash or restart are dispatched again;
// at every run, the finishes the database did not take are written, and claims whose lease
// expired, or that a dead run of this machine still holds, are released to the queue. The
// dispatcher finds their record or their order by client order id: none is executed twice.
void AutoDispatcher::recoverClaims(std::function<void()> then) {
    const bool first = !m_recovered;
    m_recovered = true;
    struct Recovered {
        std::vector<Unfinished> unfinished; // still not finished
        std::vector<std::int64_t> ours;     // our own claims (listed at the first run)
    };
    const std::string id = m_id;
    QPointer<AutoDispatcher> self(this);
    m_dispatcher.storeRunner().run<Recovered>(
        [unfinished = m_unfinished, deferred = std::exchange(m_deferred, {}), id,
         first](ExecutionStore &store) -> Result<Recovered> {
            Recovered out;
            for (const std::int64_t s : deferred)
                releaseDeferred(store, s, id);
            // Decided, but the database was away when the signal was to be finished: finish it
            // now (its record waits in the outbox, replayed on reconnection), or it would look
            // abandoned.
            for (const Unfinished &u : unfinished) {
                auto finished =
                    store.signals().finish(u.id, u.status, u.executionId, u.error, {id});
                if (finished)
                    continue;
                // Kept for the next run only while the database cannot be written; a refusal
                // (another console holds the signal now, or it is finished) is final.
                if (store.health() == StoreHealth::Outbox || !store.isOpen())
                    out.unfinished.push_back(u);
                else
                    qCWarning(lcDispatch).noquote()
                        << QString::fromStdString(finished.error().message);
            }
            // Any holder, on any host, whose lease ran out (killed, partitioned away, powered
            // off).
            if (auto expired = store.signals().releaseExpired(); !expired)
                qCWarning(lcDispatch).noquote() << "could not release expired claims:"
                                                << QString::fromStdString(expired.error().message);
            auto all = store.signals().claimed();
            if (!all) {
                qCWarning(lcDispatch).noquote() << "could not list signals to recover claims:"
                                                << QString::fromStdString(all.error().message);
                return out;
            }
            for (const Signal &s : *all) {
                if (s.claimedBy == id) {
                    if (first)
                        out.ours.push_back(s.id);
                } else if (claimHolderIsDead(s.claimedBy)) {
                    auto released = store.signals().release(s.id, s.claimedBy);
                    if (!released)
                        qCWarning(lcDispatch).noquote()
                            << "could not release signal" << s.id
                            << "of a dead run:" << QString::fromStdString(released.error().message);
                    else if (*released)
                        qCInfo(lcDispatch).noquote()
                            << "released signal" << s.id << "claimed by"
                            << QString::fromStdString(s.claimedBy) << "which no longer runs";
                }
            }
            return out;
        },
        this,
        [self, then = std::move(then)](Result<Recovered> r) {
            if (!self)
                return;
            if (r) {
                self->m_unfinished = std::move(r->unfinished);
                for (std::int64_t s : r->ours)
                    self->m_recovering.push_back(s);
            }
            then();
        });
}

void AutoDispatcher::next() {
    // Pulled on another console during this run? (One read per signal; NOTIFY makes it sooner.)
    if (m_summary.dispatched + m_summary.failed > 0) {
        QPointer<AutoDispatcher> self(this);
        m_dispatcher.killSwitch().refresh([self] {
            if (self)
                self->claimNext();
        });
        return;
    }
    claimNext();
}

void AutoDispatcher::claimNext() {
    if (m_dispatcher.killSwitch().engaged())
        return finishRun("the kill switch is on");
    if (std::exchange(m_stopRequested, false))
        return finishRun("stopped: switched to Manual");
    if (m_summary.dispatched + m_summary.failed >= m_maxPerRun)
        return finishRun();

    QPointer<AutoDispatcher> self(this);
    if (!m_recovering.empty()) {
        const std::int64_t id = m_recovering.back();
        m_recovering.pop_back();
        m_dispatcher.storeRunner().run<std::optional<Signal>>(
            [id](ExecutionStore &s) { return s.signals().byId(id); }, this,
            [self, id](Result<std::optional<Signal>> found) {
                if (!self)
                    return;
                // Still ours? (Not finished, nor released and taken by another since the list.)
                if (!found || !*found || (*found)->status != SignalStatus::Claimed ||
                    (*found)->claimedBy != self->m_id)
                    return self->next();
                qCInfo(lcDispatch) << "recovering signal" << id << "claimed before a restart";
                self->dispatchClaimed(**found);
            });
        return;
    }
    m_dispatcher.storeRunner().run<std::optional<Signal>>(
        [id = m_id](ExecutionStore &s) { return s.signals().claimNext(id); }, this,
        [self](Result<std::optional<Signal>> claimed) {
            if (!self)
                return;
            if (!claimed) {
                qCWarning(lcDispatch).noquote() << "could not claim a signal:"
                                                << QString::fromStdString(claimed.error().message);
                return self->finishRun("Could not claim a signal: " + claimed.error().message);
            }
            if (!claimed->has_value())
                return self->finishRun();
            crashPoint("after_claim");
            self->dispatchClaimed(**claimed);
        });
}

void AutoDispatcher::dispatchClaimed(const Signal &s) {
    QPointer<AutoDispatcher> self(this);
    m_dispatcher.dispatch(s, DispatchOptions{}, [self, s](Decision d) {
        if (!self)
            return;
        if (d.undecided) {
            // Kept claimed until the next run releases it (dispatched then): the check that
            // failed is tried again once a run, and this run ends here.
            qCWarning(lcDispatch).noquote()
                << "signal" << s.id << "goes back to the queue:" << QString::fromStdString(d.error);
            self->m_deferred.push_back(s.id);
            ++self->m_summary.deferred;
            if (self->m_observer)
                self->m_observer(d);
            return self->finishRun(d.error);
        }
        const bool ok = d.error.empty();
        std::optional<std::int64_t> execution;
        if (d.executionId > 0)
            execution = d.executionId;
        const SignalStatus status = ok ? SignalStatus::Done : SignalStatus::Failed;
        self->m_dispatcher.storeRunner().run<Unit>(
            [id = s.id, status, execution, error = d.error,
             holder = self->m_id](ExecutionStore &store) {
                return store.signals().finish(id, status, execution, error, {holder});
            },
            self,
            [self, s, status, execution, d](Result<Unit> finished) {
                if (!self)
                    return;
                if (!finished) {
                    qCWarning(lcDispatch).noquote()
                        << "could not finish signal" << s.id << "(retried at the next run):"
                        << QString::fromStdString(finished.error().message);
                    self->m_unfinished.push_back({s.id, status, execution, d.error});
                }
                if (self->m_observer)
                    self->m_observer(d);
                if (d.error.empty())
                    ++self->m_summary.dispatched;
                else
                    ++self->m_summary.failed;
                // Next signal from the event loop: a long queue never starves the rest of the
                // app.
                QTimer::singleShot(0, self, [self] {
                    if (self)
                        self->next();
                });
            });
    });
}

void AutoDispatcher::finishRun(std::string error) {
    m_running = false;
    m_heartbeat.stop();
    if (!m_timer.isActive() && !m_deferred.empty()) {
        // A single run (chaingate-cli dispatch --once): no next run will release them.
        m_dispatcher.storeRunner().run<Unit>(
            [deferred = std::exchange(m_deferred, {}), id = m_id](ExecutionStore &store) {
                for (const std::int64_t s : deferred)
                    releaseDeferred(store, s, id);
                return Result<Unit>(Unit{});
            },
            this, [](Result<Unit>) {});
    }
    m_summary.error = std::move(error);
    qCInfo(lcDispatch).noquote() << "run finished:" << m_summary.dispatched << "dispatched,"
                                 << m_summary.failed << "failed"
                                 << QString::fromStdString(m_summary.error);
    Q_EMIT runFinished(m_summary.dispatched, m_summary.failed,
                       QString::fromStdString(m_summary.error));
    if (auto done = std::exchange(m_done, nullptr))
        done(m_summary);
    if (std::exchange(m_wakeAfterRun, false) && m_timer.isActive()) {
        QPointer<AutoDispatcher> self(this);
        QTimer::singleShot(0, this, [self] {
            if (self && !self->m_running)
                self->runOnce();
        });
    }
}

} // namespace cg
